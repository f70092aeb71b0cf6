/** English: alerts. */
export const alertsMessages = {
  "alerts.banner.untilNext": "It returns as soon as credits are bought, or by itself when the next billing period starts on {date}.",
  "alerts.banner.untilEnd": "It returns only when credits are bought: the contract ends on {date} with no further period.",
  "alerts.banner.untilUnknown": "It returns as soon as credits are bought, or by itself when the next billing period starts.",
  "alerts.banner.title": "{count, plural, one {Credit balance is low} other {Credit balances are low}}",
  "alerts.banner.inAlarm": "“{name}” is in alarm: the balance is at or below {threshold}.",
  "alerts.banner.gated": "Access is gated now.",
  "alerts.banner.see": "See alerts",
  "alerts.page.heading": "Alerts",
  "alerts.page.intro": "Get notified when a credit balance runs low, for the contract as a whole or for each seat, and see when an alert fires or recovers.",
  "alerts.page.readOnly": "You can see this customer's alerts. Only admins and account managers can create or archive them.",
  "alerts.page.creditTypesError": "Could not load the credit types, so alerts cannot be created right now",
};
