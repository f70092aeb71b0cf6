/** English: words shared by every page (generic states, units). */
export const commonMessages = {
  "common.loading": "Loading…",
  "common.seats": "{count, plural, one {# seat} other {# seats}}",
  "common.credits": "credits",
  "common.until": "until {date}",
  "common.from": "from {date}",
  "common.withUtc": "{local} ({utc})",
};
