import type { appMessages as en } from "../en/app";

export const appMessages = {
  "app.notFound.page": "Seite nicht gefunden",
  "app.notFound.customer": "Kunde nicht gefunden",
  "app.notFound.contract": "Vertrag nicht gefunden",
  "app.notFound.subscription": "Abonnement nicht gefunden",
  "app.notFound.seat": "Platz nicht gefunden",
  "app.notFound.noSuch": "{what, select, customer {Einen Kunden} contract {Einen Vertrag} subscription {Ein Abonnement} seat {Einen Platz} other {Eine Seite}} {id}, den Sie sehen dürfen, gibt es nicht.",
  "app.notFound.nothingHere": "Unter dieser Adresse gibt es nichts.",
  "app.notFound.goStart": "Zur Startseite",
} satisfies Record<keyof typeof en, string>;
