import { Metronome } from "@metronome/sdk";
import type { AlertEvent } from "../contract/bff";
import type { Sql } from "./db";
import { HttpError } from "./errors";
import { isObject } from "./json";

export interface WebhookEventStore {
  /** Stores a verified event once per id; false when it was already stored. */
  add(event: AlertEvent & { body: unknown }): Promise<boolean>;
  list(customerId: string, limit: number): Promise<AlertEvent[]>;
}

interface EventRow {
  id: string;
  type: string;
  received_at: string | Date;
  customer_id: string | null;
  alert_id: string | null;
  body: unknown;
}

export function createWebhookEventStore(sql: Sql): WebhookEventStore {
  return {
    async add(event) {
      const rows = await sql.query<{ id: string }>(
        `insert into webhook_events (id, type, received_at, customer_id, alert_id, body)
         values ($1, $2, $3, $4, $5, $6::jsonb) on conflict (id) do nothing returning id`,
        [event.id, event.type, event.received_at, event.customer_id || null, event.alert_id || null, JSON.stringify(event.body)],
      );
      return rows.length > 0;
    },
    async list(customerId, limit) {
      const rows = await sql.query<EventRow>(
        `select id, type, received_at, customer_id, alert_id, body from webhook_events
         where customer_id = $1 order by seq desc limit $2`,
        [customerId, limit],
      );
      return rows.map((row) => {
        const properties = isObject(row.body) && isObject(row.body.properties) ? row.body.properties : {};
        return {
          id: row.id,
          type: row.type,
          received_at: new Date(row.received_at).toISOString(),
          customer_id: row.customer_id ?? "",
          alert_id: row.alert_id ?? "",
          properties,
        };
      });
    },
  };
}

/**
 * Verifies a Metronome webhook with the SDK's helper (HMAC-SHA256 of `X-Metronome-Date` + "\n" +
 * raw body, timestamps within 5 minutes) and returns the parsed event.
 */
export function verifyWebhook(rawBody: string, headers: Headers, secret: string): { id: string; type: string; body: Record<string, unknown> } {
  if (!headers.get("metronome-webhook-signature") || !headers.get("x-metronome-date")) {
    throw new HttpError(400, "Missing Metronome-Webhook-Signature or X-Metronome-Date header", "invalid_webhook");
  }
  const client = new Metronome({ bearerToken: "unused-for-signature-checks", webhookSecret: secret });
  let parsed: unknown;
  try {
    client.webhooks.verifySignature(rawBody, headers, secret);
  } catch (error) {
    const reason = error instanceof Error ? error.message : "signature check failed";
    throw new HttpError(401, `Webhook rejected: ${reason}`, "invalid_signature");
  }
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    throw new HttpError(400, "Webhook body is not valid JSON", "invalid_json");
  }
  if (!isObject(parsed) || typeof parsed.id !== "string" || parsed.id === "" || typeof parsed.type !== "string") {
    throw new HttpError(400, "Webhook body must be an object with string id and type", "invalid_webhook");
  }
  return { id: parsed.id, type: parsed.type, body: parsed };
}

export function alertEventFrom(verified: { id: string; type: string; body: Record<string, unknown> }, receivedAt: string): AlertEvent & { body: unknown } {
  const properties = isObject(verified.body.properties) ? verified.body.properties : {};
  return {
    id: verified.id,
    type: verified.type,
    received_at: receivedAt,
    customer_id: typeof properties.customer_id === "string" ? properties.customer_id : "",
    alert_id: typeof properties.alert_id === "string" ? properties.alert_id : "",
    properties,
    body: verified.body,
  };
}
