import type { alertsMessages as en } from "../en/alerts";

export const alertsMessages = {
  "alerts.banner.untilNext": "Er ist wieder möglich, sobald Guthaben gekauft wird, oder von selbst, wenn am {date} der nächste Abrechnungszeitraum beginnt.",
  "alerts.banner.untilEnd": "Er ist erst wieder möglich, wenn Guthaben gekauft wird: der Vertrag endet am {date} ohne weiteren Zeitraum.",
  "alerts.banner.untilUnknown": "Er ist wieder möglich, sobald Guthaben gekauft wird, oder von selbst, wenn der nächste Abrechnungszeitraum beginnt.",
  "alerts.banner.title": "{count, plural, one {Guthaben ist niedrig} other {Guthaben sind niedrig}}",
  "alerts.banner.inAlarm": "„{name}“ hat ausgelöst: das Guthaben liegt bei oder unter {threshold}.",
  "alerts.banner.gated": "Der Zugang ist jetzt eingeschränkt.",
  "alerts.banner.see": "Warnungen ansehen",
  "alerts.page.heading": "Warnungen",
  "alerts.page.intro": "Lassen Sie sich benachrichtigen, wenn ein Guthaben knapp wird, für den Vertrag als Ganzes oder für jeden Platz, und sehen Sie, wann eine Warnung auslöst oder sich erholt.",
  "alerts.page.readOnly": "Sie können die Warnungen dieses Kunden ansehen. Nur Administratoren und Account Manager können sie anlegen oder archivieren.",
  "alerts.page.creditTypesError": "Die Guthabenarten konnten nicht geladen werden, daher können gerade keine Warnungen angelegt werden",
} satisfies Record<keyof typeof en, string>;
