import type { customersMessages as en } from "../en/customers";

export const customersMessages = {
  "customers.searching": "Suche läuft…",
  "customers.none": "Keine passenden Kunden.",
  "customers.matches": "{count, plural, one {# Kunde passt} other {# Kunden passen}}.",
  "customers.matchesSome": "{count, plural, one {# Kunde passt} other {# Kunden passen}}, die ersten {shown} werden gezeigt.",
  "customers.switch": "Kunden wechseln",
  "customers.placeholderCurrent": "{name} — Kunden suchen",
  "customers.placeholder": "Kunden suchen",
  "customers.hint": "Geben Sie einen Kundennamen oder eine ID ein und wählen Sie mit den Pfeiltasten und der Eingabetaste.",
  "customers.list": "Kunden",
} satisfies Record<keyof typeof en, string>;
