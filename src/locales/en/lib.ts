/** English: lib. */
export const libMessages = {
  "lib.range.limitsBoth": "{what, select, subscription {the subscription} other {the contract}} (it runs from {from} to {to})",
  "lib.range.limitsStart": "{what, select, subscription {the subscription} other {the contract}} (it starts on {from})",
  "lib.range.limitsEnd": "{what, select, subscription {the subscription} other {the contract}} (it ends on {to})",
  "lib.range.startNotDate": "The start date \"{value}\" is not a date. Use the form YYYY-MM-DD.",
  "lib.range.endNotDate": "The end date \"{value}\" is not a date. Use the form YYYY-MM-DD.",
  "lib.range.dateNotDate": "The date \"{value}\" is not a date. Use the form YYYY-MM-DD.",
  "lib.range.endsBeforeStart": "The range ends ({to}) before it starts ({from}). Choose an end date on or after the start date.",
  "lib.range.outside": "These dates are outside {limits}. Choose dates inside it.",
  "lib.range.dateOutside": "This date is outside {limits}. Choose a date inside it.",
  "lib.range.reachesOutside": "The range reaches outside {limits}. Choose dates inside it.",
  "lib.range.preset3m": "3 months",
  "lib.range.preset1y": "1 year",
  "lib.range.presetAll": "All",
};
