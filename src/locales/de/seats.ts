import type { seatsMessages as en } from "../en/seats";

export const seatsMessages = {
  "seats.when.now": "Jetzt (ab {time})",
  "seats.when.nextPeriod": "Zum nächsten Abrechnungszeitraum ({time})",
  "seats.when.nextPeriodNone": "Zum nächsten Abrechnungszeitraum (keiner: das Abonnement endet vorher)",
  "seats.when.atBackdate": "Zu einem Datum und einer Stunde meiner Wahl (auch vergangene Stunden)",
  "seats.when.atLater": "Zu einem späteren Datum und einer Stunde meiner Wahl",
  "seats.when.atLabelUtc": "Beginnt um (UTC, zur vollen Stunde)",
  "seats.when.atLabelZone": "Beginnt um (Zeit in {zone})",
  "seats.when.utcNote": "Das ist {utc}: Änderungen beginnen zu vollen UTC-Stunden.",
  "seats.when.utcNoteAmbiguous": "Diese Uhrzeit gibt es bei der Zeitumstellung zweimal; die erste gilt: {utc}.",
  "seats.when.halfHourZone": "In {zone} (UTC{offset}) fallen volle UTC-Stunden auf {minutes} nach der vollen Stunde; wählen Sie also Zeiten wie {example}.",
  "seats.when.chooseAt": "Wählen Sie Datum und Stunde, zu der die Änderung beginnt",
  "seats.when.invalid": "Das ist kein gültiges Datum mit Uhrzeit",
  "seats.when.skipped": "{time} gibt es in {zone} nicht: die Uhren werden dann vorgestellt. Wählen Sie eine andere Stunde",
  "seats.when.noNextPeriod": "Das Abonnement endet mit dem aktuellen Abrechnungszeitraum: es gibt keinen nächsten Zeitraum",
  "seats.when.backdate": "Nur ein Account Manager kann eine Änderung rückdatieren; wählen Sie {time} oder später",
} satisfies Record<keyof typeof en, string>;
