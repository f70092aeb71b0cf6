/** English: alerts. */
export const alertsMessages = {
  "alerts.banner.untilNext": "It returns as soon as credits are bought, or by itself when the next billing period starts on {date}.",
  "alerts.banner.untilEnd": "It returns only when credits are bought: the contract ends on {date} with no further period.",
  "alerts.banner.untilUnknown": "It returns as soon as credits are bought, or by itself when the next billing period starts.",
  "alerts.banner.title": "{count, plural, one {Credit balance is low} other {Credit balances are low}}",
  "alerts.banner.inAlarm": "“{name}” is in alarm: the balance is at or below {threshold}.",
  "alerts.banner.gated": "Access is gated now.",
  "alerts.banner.see": "See alerts",
};
