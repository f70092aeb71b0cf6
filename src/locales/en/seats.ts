/** English: seats. */
export const seatsMessages = {
  "seats.when.now": "Now (from {time})",
  "seats.when.nextPeriod": "At the next billing period ({time})",
  "seats.when.nextPeriodNone": "At the next billing period (none: the subscription ends first)",
  "seats.when.atBackdate": "At a date and hour I choose (past hours allowed)",
  "seats.when.atLater": "At a later date and hour I choose",
  "seats.when.atLabelUtc": "Starts at (UTC, on the hour)",
  "seats.when.atLabelZone": "Starts at ({zone} time)",
  "seats.when.utcNote": "That is {utc}: changes start on whole UTC hours.",
  "seats.when.utcNoteAmbiguous": "This time occurs twice as the clocks go back; the first is used: {utc}.",
  "seats.when.halfHourZone": "In {zone} (UTC{offset}) whole UTC hours fall at {minutes} past the hour, so choose times such as {example}.",
  "seats.when.chooseAt": "Choose the date and hour the change starts",
  "seats.when.invalid": "This is not a valid date and time",
  "seats.when.skipped": "{time} does not exist in {zone}: the clocks go forward then. Choose another hour",
  "seats.when.noNextPeriod": "The subscription ends with the current billing period: there is no next period",
  "seats.when.backdate": "Only an account manager can back-date a change; choose {time} or later",
};
