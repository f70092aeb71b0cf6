import type { AlertEvent } from "../../../contract/bff";

export type AlertEventKind = "reached" | "resolved" | "other";

/** One webhook event, read for the feed. */
export interface AlertEventView {
  id: string;
  kind: AlertEventKind;
  /** The webhook type without its "alerts." prefix. */
  alertType: string;
  alertId: string;
  alertName: string | null;
  /** The seat, for seat alerts. */
  seatId: string | null;
  remainingBalance: number | null;
  threshold: number | null;
  creditTypeId: string | null;
  /** When Metronome says the change happened (else when the server received it). */
  at: string;
}

const str = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);
const num = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? value : null);

export function eventKind(type: string): AlertEventKind {
  if (type.endsWith("_resolved")) return "resolved";
  if (type.endsWith("_reached")) return "reached";
  return "other";
}

/** Reads a stored webhook's properties defensively: Metronome's payloads are untyped. */
export function describeAlertEvent(event: AlertEvent): AlertEventView {
  const p = event.properties;
  const seatFilter = typeof p.seat_filter === "object" && p.seat_filter !== null ? (p.seat_filter as Record<string, unknown>) : null;
  return {
    id: event.id,
    kind: eventKind(event.type),
    alertType: event.type.replace(/^alerts\./, ""),
    alertId: event.alert_id,
    alertName: str(p.alert_name),
    seatId: seatFilter ? (str(seatFilter.seat_group_value) ?? str(seatFilter.value)) : null,
    remainingBalance: num(p.remaining_balance),
    threshold: num(p.threshold),
    creditTypeId: str(p.credit_type_id),
    at: str(p.timestamp) ?? event.received_at,
  };
}
