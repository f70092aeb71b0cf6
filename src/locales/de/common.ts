import type { commonMessages as en } from "../en/common";

export const commonMessages = {
  "common.loading": "Wird geladen…",
  "common.seats": "{count, plural, one {# Platz} other {# Plätze}}",
  "common.credits": "Guthaben",
  "common.until": "bis {date}",
  "common.from": "ab {date}",
  "common.withUtc": "{local} ({utc})",
} satisfies Record<keyof typeof en, string>;
