/**
 * Seeded scenarios, built through the simulator's own endpoints with the clock moved to each
 * change's time, so history, invoices and ledgers look as if they had happened then.
 */
import { customerAlertKey } from "../domain/alert-ownership";
import { createRandom, hash32 } from "./ids";
import type { Body } from "./input";
import { AI_CREDITS_ID, USD_CENTS_ID, type UsageProfile } from "./state";
import { DAY_MS, HOUR_MS, iso, monthStart } from "./time";

export interface ScenarioApi {
  call(path: string, body: Body): unknown;
  get(path: string): unknown;
  /** Moves the clock (used to date each step). */
  at(ms: number): void;
  setUsage(contractId: string, profile: UsageProfile): void;
}

const idOf = (res: unknown): string => (res as { data: { id: string } }).data.id;

const FIRST_NAMES = [
  "ada", "grace", "alan", "katherine", "linus", "margaret", "dennis", "barbara", "ken", "frances", "edsger", "radia",
  "tim", "hedy", "john", "annie", "donald", "shafi", "niklaus", "lynn", "bjarne", "adele", "guido", "jean", "claude",
  "sophie", "vint", "mary", "james", "evelyn", "leslie", "karen", "robert", "joan", "brian", "ida", "andrew", "carol",
  "larry", "susan", "yukihiro", "rosalind", "peter", "joy", "whitfield", "kathleen", "steve", "fran", "david", "emma",
];
const LAST_NAMES = [
  "lovelace", "hopper", "turing", "johnson", "torvalds", "hamilton", "ritchie", "liskov", "thompson", "allen", "dijkstra",
  "perlman", "berners-lee", "lamarr", "backus", "easley", "knuth", "goldwasser", "wirth", "conway", "stroustrup", "goldberg",
  "van-rossum", "sammet", "shannon", "wilson", "cerf", "keller", "gosling", "boyd", "lamport", "jones", "kahn", "clarke",
];
const ADJECTIVES = [
  "Blue", "Silver", "Northern", "Bright", "Quiet", "Rapid", "Golden", "Crimson", "Open", "Summit", "Harbor", "Cedar",
  "Granite", "Copper", "Lunar", "Solar", "Prairie", "Coastal", "Evergreen", "Maple", "Iron", "Clear", "Swift", "Urban",
];
const NOUNS = [
  "Harbor", "Peak", "River", "Field", "Forge", "Works", "Bridge", "Signal", "Canvas", "Orbit", "Anchor", "Beacon",
  "Compass", "Lantern", "Meadow", "Pixel", "Quarry", "Ridge", "Sparrow", "Tide", "Vector", "Willow", "Atlas", "Falcon",
];
const SUFFIXES = ["Labs", "Analytics", "Systems", "Studio", "Logistics", "Health", "Partners", "Software", "Foods", "Energy", "Media", "Robotics"];

function seatName(i: number, domain: string): string {
  const first = FIRST_NAMES[i % FIRST_NAMES.length] ?? "user";
  const cycle = Math.floor(i / FIRST_NAMES.length);
  if (cycle === 0) return `${first}@${domain}`;
  const round = Math.floor((cycle - 1) / LAST_NAMES.length);
  const last = `${LAST_NAMES[(cycle - 1) % LAST_NAMES.length] ?? "x"}${round > 0 ? round + 1 : ""}`;
  return `${first}.${last}@${domain}`;
}

interface Catalog {
  rateCardId: string;
  products: Record<"team" | "business" | "enterprise" | "platform" | "starter" | "credits", string>;
}

function buildCatalog(api: ScenarioApi, since: number): Catalog {
  const product = (name: string, type: string) => idOf(api.call("/v1/contract-pricing/products/create", { name, type }));
  const products = {
    team: product("Team Seat", "SUBSCRIPTION"),
    business: product("Business Seat", "SUBSCRIPTION"),
    enterprise: product("Enterprise Seat", "SUBSCRIPTION"),
    platform: product("Platform Seat", "SUBSCRIPTION"),
    starter: product("Starter Seat", "SUBSCRIPTION"),
    credits: product("Included AI credits", "FIXED"),
  };
  // One AI credit costs one cent, as the demo's credit packs are priced, so auto recharge can be set in AI credits.
  const rateCardId = idOf(api.call("/v1/contract-pricing/rate-cards/create", {
    name: "Standard", fiat_credit_type_id: USD_CENTS_ID, credit_type_conversions: [{ custom_credit_type_id: AI_CREDITS_ID, fiat_per_custom_credit: 1 }],
  }));
  const rate = (productId: string, price: number, frequency = "MONTHLY") =>
    api.call("/v1/contract-pricing/rate-cards/addRate", {
      rate_card_id: rateCardId, product_id: productId, starting_at: iso(since), entitled: true, rate_type: "SUBSCRIPTION",
      price, billing_frequency: frequency, credit_type_id: USD_CENTS_ID,
    });
  rate(products.team, 3000);
  rate(products.business, 4500);
  rate(products.enterprise, 6000);
  rate(products.platform, 2500);
  rate(products.starter, 1500);
  return { rateCardId, products };
}

interface Built {
  customerId: string;
  contractId: string;
  subscriptionId: string;
}

/** A new contract's ids with its first subscription's (read back from /v2/contracts/get). */
function built(api: ScenarioApi, customerId: string, contractId: string): Built {
  const contract = (api.call("/v2/contracts/get", { customer_id: customerId, contract_id: contractId }) as { data: { subscriptions?: Array<{ id?: string }> } }).data;
  return { customerId, contractId, subscriptionId: contract.subscriptions?.[0]?.id ?? "" };
}

function edit(api: ScenarioApi, b: Built, at: number, update: Body, submittedAt: number): void {
  api.at(submittedAt);
  api.call("/v2/contracts/edit", {
    customer_id: b.customerId,
    contract_id: b.contractId,
    update_subscriptions: [{ subscription_id: b.subscriptionId, ...update }],
  });
  void at;
}

/** A change point inside month m (0 = contract start month) on a given day and hour. */
const inMonth = (start: number, m: number, day: number, hour = 9): number => monthStart(start, -m) + day * DAY_MS + hour * HOUR_MS;

export async function buildScenario(api: ScenarioApi, now: number): Promise<void> {
  const rand = createRandom(hash32(`demo:${now}`));
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const catalogStart = monthStart(now, 36);
  api.at(catalogStart);
  const catalog = buildCatalog(api, catalogStart);

  const customer = (name: string, alias: string, createdAt: number): string => {
    api.at(createdAt);
    return idOf(api.call("/v1/customers", { name, ingest_aliases: [alias], external_id: alias }));
  };

  // (a) Acme: SEAT_BASED, INDIVIDUAL AI credits per seat, ~40 named seats, 14 months of history.
  {
    const start = monthStart(now, 13);
    const customerId = customer("Acme Robotics", "acme", start - 5 * DAY_MS);
    let next = 0;
    const initial = Array.from({ length: 30 }, () => seatName(next++, "acme.example"));
    api.at(start - 2 * DAY_MS);
    const contractId = idOf(api.call("/v1/contracts/create", {
      customer_id: customerId, name: "Acme Team plan", starting_at: iso(start), rate_card_id: catalog.rateCardId,
      usage_statement_schedule: { frequency: "MONTHLY", day: "FIRST_OF_MONTH" },
      subscriptions: [{
        temporary_id: "team-seats", name: "Team Seat", collection_schedule: "ADVANCE",
        proration: { is_prorated: true, invoice_behavior: "BILL_IMMEDIATELY" },
        subscription_rate: { billing_frequency: "MONTHLY", product_id: catalog.products.team },
        quantity_management_mode: "SEAT_BASED",
        seat_config: { seat_group_key: "user_id", initial_seat_ids: initial, initial_unassigned_seats: 2 },
      }],
      recurring_credits: [
        {
          product_id: catalog.products.credits, name: "AI credits per seat", priority: 1, starting_at: iso(start),
          access_amount: { credit_type_id: AI_CREDITS_ID, unit_price: 1000 }, commit_duration: { value: 1, unit: "PERIODS" },
          subscription_config: { subscription_id: "team-seats", allocation: "INDIVIDUAL", apply_seat_increase_config: { is_prorated: true } },
        },
        {
          product_id: catalog.products.credits, name: "Shared AI credit pool", priority: 2, starting_at: iso(start),
          access_amount: { credit_type_id: AI_CREDITS_ID, unit_price: 5000, quantity: 1 }, commit_duration: { value: 1, unit: "PERIODS" },
        },
      ],
    }));
    const b = built(api, customerId, contractId);
    const seats = [...initial];
    for (let m = 1; m <= 13; m++) {
      const at = inMonth(start, m, 2 + Math.floor(rand() * 20));
      if (at >= now) break;
      const adds = Array.from({ length: 1 + Math.floor(rand() * 2) + (m % 3 === 0 ? 1 : 0) }, () => seatName(next++, "acme.example"));
      const removes = rand() < 0.6 ? [seats.splice(Math.floor(rand() * seats.length), 1)[0] as string] : [];
      edit(api, b, at, {
        seat_updates: {
          add_seat_ids: [{ seat_ids: adds, starting_at: iso(at) }],
          ...(removes.length ? { remove_seat_ids: [{ seat_ids: removes, starting_at: iso(at) }] } : {}),
        },
      }, at);
      seats.push(...adds);
    }
    // Scheduled future changes: two seats join next month, one leaves a week later.
    const nextMonth = monthStart(now, -1);
    const joiners = [seatName(next++, "acme.example"), seatName(next++, "acme.example")];
    const leaver = seats[3] as string;
    edit(api, b, nextMonth, {
      seat_updates: {
        add_seat_ids: [{ seat_ids: joiners, starting_at: iso(nextMonth) }],
        remove_seat_ids: [{ seat_ids: [leaver], starting_at: iso(nextMonth + 7 * DAY_MS) }],
      },
    }, Math.min(now, Math.max(now - 3 * DAY_MS, monthStart(now))));
    api.setUsage(contractId, { seed: hash32("acme"), intensity: 0.8 });
    api.at(now - 10 * DAY_MS > monthStart(now, 1) ? now - 10 * DAY_MS : now);
    api.call("/v1/alerts/create", {
      alert_type: "low_remaining_seat_balance_reached", name: "100 AI credits left on a seat", threshold: 100,
      credit_type_id: AI_CREDITS_ID, customer_id: customerId, seat_filter: { seat_group_key: "user_id" }, uniqueness_key: customerAlertKey(customerId, "acme-seat-low"),
    });
    api.call("/v1/alerts/create", {
      alert_type: "low_remaining_contract_credit_balance_reached", name: "100 AI credits left in the shared pool", threshold: 100,
      credit_type_id: AI_CREDITS_ID, customer_id: customerId, uniqueness_key: customerAlertKey(customerId, "acme-pool-low"),
    });
  }

  // (b) Globex: QUANTITY_ONLY, 250 seats, POOLED AI credits, quantity history and a scheduled change.
  {
    const start = monthStart(now, 9);
    const customerId = customer("Globex Corporation", "globex", start - 10 * DAY_MS);
    api.at(start - DAY_MS);
    const contractId = idOf(api.call("/v1/contracts/create", {
      customer_id: customerId, name: "Globex Business plan", starting_at: iso(start), rate_card_id: catalog.rateCardId,
      subscriptions: [{
        temporary_id: "business", name: "Business Seat", collection_schedule: "ADVANCE",
        proration: { is_prorated: true, invoice_behavior: "BILL_ON_NEXT_COLLECTION_DATE" },
        subscription_rate: { billing_frequency: "MONTHLY", product_id: catalog.products.business },
        quantity_management_mode: "QUANTITY_ONLY", initial_quantity: 180,
      }],
      recurring_credits: [{
        product_id: catalog.products.credits, name: "Pooled AI credits", priority: 1, starting_at: iso(start),
        access_amount: { credit_type_id: AI_CREDITS_ID, unit_price: 500 }, commit_duration: { value: 1, unit: "PERIODS" },
        subscription_config: { subscription_id: "business", allocation: "POOLED", apply_seat_increase_config: { is_prorated: true } },
      }],
    }));
    const b = built(api, customerId, contractId);
    const steps: Array<[number, Body]> = [
      [inMonth(start, 1, 10), { quantity_delta: 20 }],
      [inMonth(start, 3, 4), { quantity: 220 }],
      [inMonth(start, 4, 15), { quantity_delta: -5 }],
      [inMonth(start, 5, 1), { quantity_delta: 15 }],
      [inMonth(start, 7, 20), { quantity: 250 }],
    ];
    for (const [at, update] of steps) {
      if (at >= now) continue;
      edit(api, b, at, { quantity_updates: [{ starting_at: iso(at), ...update }] }, at);
    }
    const scheduled = monthStart(now, -1);
    edit(api, b, scheduled, { quantity_updates: [{ starting_at: iso(scheduled), quantity_delta: 25 }] }, now);
    api.setUsage(contractId, { seed: hash32("globex"), intensity: 0.7 });
  }

  // (c) Initech: SEAT_BASED at the 1,000-seat cap, INDIVIDUAL credits, 24 months of history.
  {
    const start = monthStart(now, 23);
    const customerId = customer("Initech", "initech", start - 20 * DAY_MS);
    let next = 0;
    const initial = Array.from({ length: 940 }, () => seatName(next++, "initech.example"));
    api.at(start - DAY_MS);
    const contractId = idOf(api.call("/v1/contracts/create", {
      customer_id: customerId, name: "Initech Enterprise agreement", starting_at: iso(start), rate_card_id: catalog.rateCardId,
      subscriptions: [{
        temporary_id: "enterprise", name: "Enterprise Seat", collection_schedule: "ADVANCE",
        proration: { is_prorated: true, invoice_behavior: "BILL_ON_NEXT_COLLECTION_DATE" },
        subscription_rate: { billing_frequency: "MONTHLY", product_id: catalog.products.enterprise },
        quantity_management_mode: "SEAT_BASED", seat_config: { seat_group_key: "user_id", initial_seat_ids: initial },
      }],
      recurring_credits: [{
        product_id: catalog.products.credits, name: "AI credits per seat", priority: 1, starting_at: iso(start),
        access_amount: { credit_type_id: AI_CREDITS_ID, unit_price: 2000 }, commit_duration: { value: 1, unit: "PERIODS" },
        subscription_config: { subscription_id: "enterprise", allocation: "INDIVIDUAL", apply_seat_increase_config: { is_prorated: true } },
      }],
    }));
    const b = built(api, customerId, contractId);
    const seats = [...initial];
    for (let m = 1; m <= 23; m++) {
      const at = inMonth(start, m, 1 + Math.floor(rand() * 25));
      if (at >= now) break;
      const removes: string[] = [];
      for (let k = 0; k < 3 + Math.floor(rand() * 4); k++) removes.push(seats.splice(Math.floor(rand() * seats.length), 1)[0] as string);
      const room = 1000 - seats.length;
      const addCount = m === 23 || inMonth(start, m + 1, 1) >= now ? room : Math.min(room, removes.length + Math.floor(rand() * 6));
      const adds = Array.from({ length: addCount }, () => seatName(next++, "initech.example"));
      edit(api, b, at, {
        seat_updates: {
          remove_seat_ids: [{ seat_ids: removes, starting_at: iso(at) }],
          ...(adds.length ? { add_seat_ids: [{ seat_ids: adds, starting_at: iso(at) }] } : {}),
        },
      }, at);
      seats.push(...adds);
    }
    api.setUsage(contractId, { seed: hash32("initech"), intensity: 0.6 });
  }

  // (d) Umbrella: QUANTITY_ONLY in arrears, no credits.
  {
    const start = monthStart(now, 6);
    const customerId = customer("Umbrella Health", "umbrella", start - 3 * DAY_MS);
    api.at(start - DAY_MS);
    const contractId = idOf(api.call("/v1/contracts/create", {
      customer_id: customerId, name: "Umbrella Platform plan", starting_at: iso(start), rate_card_id: catalog.rateCardId,
      subscriptions: [{
        name: "Platform Seat", collection_schedule: "ARREARS",
        proration: { is_prorated: true, invoice_behavior: "BILL_ON_NEXT_COLLECTION_DATE" },
        subscription_rate: { billing_frequency: "MONTHLY", product_id: catalog.products.platform },
        quantity_management_mode: "QUANTITY_ONLY", initial_quantity: 60,
      }],
    }));
    const b = built(api, customerId, contractId);
    for (const [m, day, update] of [[2, 12, { quantity_delta: 15 }], [4, 3, { quantity: 70 }]] as Array<[number, number, Body]>) {
      const at = inMonth(start, m, day);
      if (at < now) edit(api, b, at, { quantity_updates: [{ starting_at: iso(at), ...update }] }, at);
    }
  }

  // 200 small customers so account managers have many to search.
  const usedNames = new Set<string>();
  for (let i = 1; i <= 200; i++) {
    const alias = `small-${String(i).padStart(3, "0")}`;
    let name = `${pick(ADJECTIVES)} ${pick(NOUNS)} ${pick(SUFFIXES)}`;
    while (usedNames.has(name)) name = `${pick(ADJECTIVES)} ${pick(NOUNS)} ${pick(SUFFIXES)}`;
    usedNames.add(name);
    const start = monthStart(now, 1 + Math.floor(rand() * 11));
    const customerId = customer(name, alias, start - Math.floor(1 + rand() * 20) * DAY_MS);
    const seatBased = i % 2 === 1;
    const count = 2 + Math.floor(rand() * 7);
    const domain = `${alias}.example`;
    const withCredits = i % 3 !== 0;
    api.at(start - DAY_MS);
    const contractId = idOf(api.call("/v1/contracts/create", {
      customer_id: customerId, name: `${name} Starter plan`, starting_at: iso(start), rate_card_id: catalog.rateCardId,
      subscriptions: [{
        temporary_id: "starter", name: "Starter Seat", collection_schedule: "ADVANCE",
        proration: { is_prorated: true, invoice_behavior: i % 4 === 1 ? "BILL_IMMEDIATELY" : "BILL_ON_NEXT_COLLECTION_DATE" },
        subscription_rate: { billing_frequency: "MONTHLY", product_id: catalog.products.starter },
        ...(seatBased
          ? { quantity_management_mode: "SEAT_BASED", seat_config: { seat_group_key: "user_id", initial_seat_ids: Array.from({ length: count }, (_, k) => seatName(k, domain)) } }
          : { quantity_management_mode: "QUANTITY_ONLY", initial_quantity: count }),
      }],
      ...(withCredits
        ? {
            recurring_credits: [{
              product_id: catalog.products.credits, name: "AI credits", priority: 1, starting_at: iso(start),
              access_amount: { credit_type_id: AI_CREDITS_ID, unit_price: 300 }, commit_duration: { value: 1, unit: "PERIODS" },
              subscription_config: { subscription_id: "starter", allocation: seatBased ? "INDIVIDUAL" : "POOLED", apply_seat_increase_config: { is_prorated: true } },
            }],
          }
        : {}),
    }));
    if (withCredits) api.setUsage(contractId, { seed: hash32(alias), intensity: 0.5 + rand() * 0.4 });
  }
  commitsCustomer(api, catalog, now);
  api.at(now);
}

/**
 * (e) Hooli: SEAT_BASED with a seat-scoped recurring commit (1000 AI credits per seat, priority 2)
 * beside seat credits (500 per seat, priority 1), and a prepaid commit of 60,000 AI credits for the
 * year invoiced 50,000 cents up front. Built last, so the customers before it keep their ids.
 */
function commitsCustomer(api: ScenarioApi, catalog: Catalog, now: number): void {
  const start = monthStart(now, 5);
  api.at(start - 4 * DAY_MS);
  const customerId = idOf(api.call("/v1/customers", { name: "Hooli", ingest_aliases: ["hooli"], external_id: "hooli" }));
  const seats = Array.from({ length: 8 }, (_, i) => seatName(i, "hooli.example"));
  api.at(start - DAY_MS);
  const perSeat = (unitPrice: number) => ({
    access_amount: { credit_type_id: AI_CREDITS_ID, unit_price: unitPrice }, commit_duration: { value: 1, unit: "PERIODS" }, starting_at: iso(start),
    subscription_config: { subscription_id: "team", allocation: "INDIVIDUAL", apply_seat_increase_config: { is_prorated: true } },
  });
  const contractId = idOf(api.call("/v1/contracts/create", {
    customer_id: customerId, name: "Hooli Team plan with commitments", starting_at: iso(start), rate_card_id: catalog.rateCardId,
    usage_statement_schedule: { frequency: "MONTHLY", day: "FIRST_OF_MONTH" },
    subscriptions: [{
      temporary_id: "team", name: "Team Seat", collection_schedule: "ADVANCE",
      proration: { is_prorated: true, invoice_behavior: "BILL_IMMEDIATELY" },
      subscription_rate: { billing_frequency: "MONTHLY", product_id: catalog.products.team },
      quantity_management_mode: "SEAT_BASED", seat_config: { seat_group_key: "user_id", initial_seat_ids: seats.slice(0, 6) },
    }],
    recurring_credits: [{ product_id: catalog.products.credits, name: "AI credits per seat", priority: 1, ...perSeat(500) }],
    recurring_commits: [{ product_id: catalog.products.credits, name: "Committed AI credits per seat", priority: 2, ...perSeat(1000) }],
    commits: [{
      type: "PREPAID", product_id: catalog.products.credits, name: "Annual AI commitment", priority: 1,
      access_schedule: { credit_type_id: AI_CREDITS_ID, schedule_items: [{ amount: 60_000, starting_at: iso(start), ending_before: iso(monthStart(start, -12)) }] },
      invoice_schedule: { credit_type_id: USD_CENTS_ID, schedule_items: [{ timestamp: iso(start), amount: 50_000 }] },
    }],
  }));
  const b = built(api, customerId, contractId);
  const joined = inMonth(start, 2, 9);
  edit(api, b, joined, { seat_updates: { add_seat_ids: [{ seat_ids: seats.slice(6), starting_at: iso(joined) }] } }, joined);
  const left = inMonth(start, 3, 17);
  edit(api, b, left, { seat_updates: { remove_seat_ids: [{ seat_ids: [seats[1] as string], starting_at: iso(left) }] } }, left);
  api.setUsage(contractId, { seed: hash32("hooli"), intensity: 0.9 });
}
