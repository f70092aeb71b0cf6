import type { libMessages as en } from "../en/lib";

export const libMessages = {
  "lib.range.limitsBoth": "{what, select, subscription {des Abonnements} other {des Vertrags}} (Laufzeit {from} bis {to})",
  "lib.range.limitsStart": "{what, select, subscription {des Abonnements} other {des Vertrags}} (Beginn am {from})",
  "lib.range.limitsEnd": "{what, select, subscription {des Abonnements} other {des Vertrags}} (Ende am {to})",
  "lib.range.startNotDate": "Das Startdatum „{value}“ ist kein Datum. Verwenden Sie die Form JJJJ-MM-TT.",
  "lib.range.endNotDate": "Das Enddatum „{value}“ ist kein Datum. Verwenden Sie die Form JJJJ-MM-TT.",
  "lib.range.dateNotDate": "Das Datum „{value}“ ist kein Datum. Verwenden Sie die Form JJJJ-MM-TT.",
  "lib.range.endsBeforeStart": "Der Zeitraum endet ({to}), bevor er beginnt ({from}). Wählen Sie ein Enddatum am oder nach dem Startdatum.",
  "lib.range.outside": "Diese Daten liegen außerhalb der Laufzeit {limits}. Wählen Sie Daten innerhalb der Laufzeit.",
  "lib.range.dateOutside": "Dieses Datum liegt außerhalb der Laufzeit {limits}. Wählen Sie ein Datum innerhalb der Laufzeit.",
  "lib.range.reachesOutside": "Der Zeitraum reicht über die Laufzeit {limits} hinaus. Wählen Sie Daten innerhalb der Laufzeit.",
  "lib.range.preset3m": "3 Monate",
  "lib.range.preset1y": "1 Jahr",
  "lib.range.presetAll": "Alles",
} satisfies Record<keyof typeof en, string>;
