/**
 * Which alerts a customer may archive. Metronome's customer alert object does not say whether an
 * alert was made for one customer or applies to every customer, so the dashboard puts the alerts it
 * creates in the customer's own uniqueness-key namespace: `seats:<customer id>:<key>`. An alert in
 * that namespace was created for that customer; any other alert (one that applies to every
 * customer, or one set up in Metronome itself) is read-only here. The namespace also keeps one
 * customer's keys from ever colliding with another's.
 */

const PREFIX = "seats:";

/** The uniqueness key sent to Metronome for a dashboard alert of this customer. */
export function customerAlertKey(customerId: string, key: string): string {
  return `${PREFIX}${customerId}:${key}`;
}

/** Whether an alert with this uniqueness key was created for this customer by the dashboard. */
export function isCustomerOwnedAlert(customerId: string, uniquenessKey: string | null | undefined): boolean {
  return typeof uniquenessKey === "string" && uniquenessKey.startsWith(`${PREFIX}${customerId}:`) && uniquenessKey.length > PREFIX.length + customerId.length + 1;
}
