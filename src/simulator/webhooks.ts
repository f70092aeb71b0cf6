/**
 * Webhook signing and delivery: hex HMAC-SHA256 over `X-Metronome-Date + "\n" + body` (WebCrypto),
 * at-least-once delivery with exponential backoff; receivers deduplicate on the payload id.
 */
import type { SimState, WebhookRecord } from "./state";

export interface WebhookTarget {
  url: string;
  secret: string;
  fetch?: typeof fetch;
}

export async function signWebhook(secret: string, date: string, body: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const sig = await crypto.subtle.sign("HMAC", key, enc.encode(`${date}\n${body}`));
  return [...new Uint8Array(sig)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Puts one event `{id, type, properties}` in the outbox for delivery; returns its id. */
export function queueWebhook(ctx: { state: SimState; newId(): string; now(): number }, type: string, properties: Record<string, unknown>): string {
  const id = ctx.newId();
  const body = JSON.stringify({ id, type, properties });
  ctx.state.webhooks.push({ id, body, attempts: 0, next_attempt_at: 0, created_at: ctx.now(), delivered: false, last_error: null });
  return id;
}

export const MAX_ATTEMPTS = 10;
const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 10 * 60 * 1000;

export function backoff(attempts: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
}

/** Delivers due webhooks from the state's outbox; returns true when the outbox changed. */
export class WebhookDispatcher {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private closed = false;

  constructor(
    private readonly target: WebhookTarget | undefined,
    private readonly state: () => SimState,
    private readonly persist: () => Promise<void>,
  ) {}

  /** Schedules a delivery pass soon (or at the next due retry). */
  kick(delayMs = 0): void {
    if (!this.target || this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delayMs);
  }

  async run(): Promise<void> {
    if (!this.target || this.running || this.closed) return;
    this.running = true;
    this.timer = undefined;
    try {
      const state = this.state();
      const due = state.webhooks.filter((w) => !w.delivered && w.attempts < MAX_ATTEMPTS && w.next_attempt_at <= Date.now());
      let changed = false;
      for (const hook of due) {
        if (this.closed) break;
        await this.deliver(hook);
        changed = true;
      }
      // drop delivered and given-up records beyond a bounded history
      const before = state.webhooks.length;
      const keep = state.webhooks.filter((w) => !w.delivered && w.attempts < MAX_ATTEMPTS);
      const done = state.webhooks.filter((w) => w.delivered || w.attempts >= MAX_ATTEMPTS).slice(-200);
      state.webhooks = [...done, ...keep];
      if (changed || state.webhooks.length !== before) await this.persist();
      const next = keep.reduce((m, w) => Math.min(m, w.next_attempt_at), Infinity);
      if (Number.isFinite(next)) this.kick(Math.max(0, next - Date.now()));
    } finally {
      this.running = false;
    }
  }

  private async deliver(hook: WebhookRecord): Promise<void> {
    const target = this.target as WebhookTarget;
    const doFetch = target.fetch ?? fetch;
    hook.attempts += 1;
    try {
      const date = new Date().toUTCString();
      const signature = await signWebhook(target.secret, date, hook.body);
      const res = await doFetch(target.url, {
        method: "POST",
        headers: { "content-type": "application/json", "X-Metronome-Date": date, "Metronome-Webhook-Signature": signature },
        body: hook.body,
      });
      if (res.ok) {
        hook.delivered = true;
        hook.last_error = null;
      } else {
        hook.last_error = `HTTP ${res.status}`;
        hook.next_attempt_at = Date.now() + backoff(hook.attempts);
      }
    } catch (err) {
      hook.last_error = err instanceof Error ? err.message : String(err);
      hook.next_attempt_at = Date.now() + backoff(hook.attempts);
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
