/**
 * The uniqueness_key of an alert, derived from what the alert is (customer, type, credit type,
 * threshold, seat filter) and nothing else, so asking for the same alert twice is refused by
 * Metronome with a 409 instead of creating a duplicate. The name is not part of it: two alerts
 * that watch the same balance at the same level are the same alert whatever they are called.
 */

export interface AlertDefinition {
  customer_id: string;
  alert_type: string;
  credit_type_id: string;
  threshold: number;
  seat_filter?: { seat_group_key: string; seat_group_value?: string } | undefined;
}

/** cyrb53: a fast, well-mixed 53-bit string hash (public domain). */
function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The definition as one canonical string (field order fixed, threshold as a plain number). */
export function canonicalDefinition(definition: AlertDefinition): string {
  return JSON.stringify([
    definition.customer_id,
    definition.alert_type.toLowerCase(),
    definition.credit_type_id.toLowerCase(),
    Number(definition.threshold),
    definition.seat_filter?.seat_group_key ?? null,
    definition.seat_filter?.seat_group_value ?? null,
  ]);
}

/** "alert-" + 28 hex digits (two independent 53-bit hashes of the canonical definition). */
export function alertUniquenessKey(definition: AlertDefinition): string {
  const text = canonicalDefinition(definition);
  const part = (seed: number) => cyrb53(text, seed).toString(16).padStart(14, "0");
  return `alert-${part(1)}${part(2)}`;
}
