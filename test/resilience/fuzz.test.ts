/**
 * A bounded fuzz run: 500 random JSON bodies (seeded, so a failure replays) against every POST
 * endpoint of the BFF, signed in as a customer admin. No answer is a 500, every refusal carries a
 * specific message, and the simulator's state never moves.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signWebhook, TEST_WEBHOOK_SECRET } from "../../src/server/test-helpers";
import { createRandom } from "../../src/simulator/ids";
import { bearer, isSpecificMessage, jsonOf, reportCounts, startPortal, type DemoIds, type Portal } from "./harness";

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const BODIES = Number(process.env.FUZZ_BODIES ?? 500);

const ENDPOINTS = [
  "/api/metronome/v2/contracts/edit",
  "/api/metronome/v2/contracts/get",
  "/api/metronome/v2/contracts/list",
  "/api/metronome/v2/contracts/getEditHistory",
  "/api/metronome/v1/contracts/getSubscriptionQuantityHistory",
  "/api/metronome/v1/contracts/getSubscriptionSeatsHistory",
  "/api/metronome/v1/contracts/seatBalances/list",
  "/api/metronome/v1/contracts/customerBalances/list",
  "/api/metronome/v1/contracts/customerBalances/getNetBalance",
  "/api/metronome/v1/customer-alerts/list",
  "/api/metronome/v1/customer-alerts/get",
  "/api/metronome/v1/alerts/create",
  "/api/metronome/v1/alerts/archive",
  "/api/demo-sign-in",
  "/api/portal-sessions",
  "/api/webhooks/metronome",
] as const;

const KEYS = [
  "customer_id", "contract_id", "subscription_id", "update_subscriptions", "quantity_updates", "seat_updates", "add_seat_ids",
  "remove_seat_ids", "add_unassigned_seats", "remove_unassigned_seats", "seat_ids", "starting_at", "ending_before", "quantity",
  "quantity_delta", "uniqueness_key", "alert_type", "name", "threshold", "credit_type_id", "seat_filter", "id", "alert_id",
  "person_id", "role", "user", "customer_ids", "return_url", "covering_date", "limit", "next_page", "type", "properties",
  "__proto__", "constructor", "",
];

const STRINGS = [
  "", " ", "null", "0", "-1", "1e309", "NaN", "2026-11-24T12:00:00.000Z", "2026-02-30T00:00:00Z", "tomorrow",
  "<script>alert(1)</script>", "' or 1=1 --", "${7*7}", "../../etc/passwd", "%00", "\u0000", "é→✓", "🙂".repeat(50),
  "a".repeat(5000), "00000000-0000-4000-8000-000000000000", "low_balance_maybe", "acme-admin-ish", "Bearer x",
];

function generator(seed: number, ownCustomer: DemoIds) {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  function value(depth: number): unknown {
    const r = random();
    if (r < 0.12) return null;
    if (r < 0.22) return random() < 0.5;
    if (r < 0.4) return pick([0, -1, 1, 1.5, 2 ** 53, -(2 ** 31), 1e308, 400, 61, Math.floor(random() * 1000)]);
    if (r < 0.65) return pick(STRINGS);
    if (r < 0.8 && depth < 4) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    if (depth < 4) return object(depth + 1);
    return "leaf";
  }
  function object(depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    const n = Math.floor(random() * 6);
    for (let i = 0; i < n; i++) result[pick(KEYS)] = value(depth);
    return result;
  }
  return {
    endpoint: () => pick(ENDPOINTS),
    body(): string {
      const r = random();
      if (r < 0.08) return pick(["", "{", "[]", "null", "42", '"text"', "{\"a\":}", "\u0000"]);
      const body = object(0);
      // Half the bodies name the session's own customer, so they reach past the scope check.
      if (random() < 0.5) body.customer_id = ownCustomer.customerId;
      if (random() < 0.3) body.contract_id = pick([ownCustomer.contractId.replace(/.$/, "0"), "x", ownCustomer.customerId]);
      return JSON.stringify(body);
    },
  };
}

let portal: Portal;
let acme: DemoIds;
let cookie: string;

beforeAll(async () => {
  portal = await startPortal();
  acme = await portal.ids("acme");
  cookie = await portal.signIn("acme-admin");
}, 60_000);

afterAll(async () => {
  await portal?.close();
});

describe("fuzzing the BFF with random JSON bodies", () => {
  it(`answers ${BODIES} random bodies (seed ${SEED}) with no 500, a specific message for each refusal and no state change`, async () => {
    const gen = generator(SEED, acme);
    const before = portal.snapshot();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < BODIES; i++) {
      const endpoint = gen.endpoint();
      const raw = gen.body();
      const headers = endpoint === "/api/portal-sessions" ? bearer : endpoint === "/api/webhooks/metronome" ? signWebhook(raw, TEST_WEBHOOK_SECRET) : {};
      const response = await portal.call("POST", endpoint, {
        cookie,
        raw,
        headers,
        ...(endpoint === "/api/portal-sessions" || endpoint === "/api/webhooks/metronome" ? { origin: null } : {}),
      });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const body = await jsonOf(response);
      if (response.status >= 500) failures.push(`#${i} ${endpoint} ${raw.slice(0, 200)} → ${response.status} ${JSON.stringify(body)}`);
      else if (response.status >= 400 && !isSpecificMessage(body)) failures.push(`#${i} ${endpoint} → ${response.status} vague ${JSON.stringify(body)}`);
      // A sign-in with a random body must never succeed; the session stays the same person.
      if (endpoint === "/api/demo-sign-in" && response.status < 300) failures.push(`#${i} demo sign-in accepted ${raw}`);
    }
    const after = portal.snapshot();
    console.log(`[resilience] fuzz statuses: ${JSON.stringify(Object.fromEntries(statuses))}`);
    reportCounts("fuzz", { bad_inputs: BODIES });
    expect(failures).toEqual([]);
    expect(after === before, "the simulator state changed").toBe(true);
  }, 180_000);
});
