// Takes the README's screenshots (docs/screenshots/*.png) from a running server on the demo
// scenario with a frozen clock, e.g.
//   DATA_DIR=/tmp/shots SIMULATOR_NOW=2026-11-24T12:00:00.000Z PORTAL_SECRET=screenshots-secret-1 PORT=4390 npm start
//   BASE_URL=http://localhost:4390 PORTAL_SECRET=screenshots-secret-1 node scripts/screenshots.mjs [name filter]
import { chromium } from "playwright-core";

const base = process.env.BASE_URL ?? "http://localhost:4173";
const secret = process.env.PORTAL_SECRET ?? "";
const out = new URL("../docs/screenshots", import.meta.url).pathname;
const only = process.argv[2];
const browser = await chromium.launch({ executablePath: process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"] });

async function context({ width = 1280, height = 900, scheme = "light", locale = "en-US" } = {}) {
  return browser.newContext({ viewport: { width, height }, colorScheme: scheme, locale, timezoneId: "UTC", deviceScaleFactor: 1 });
}
async function settle(page) {
  await page.waitForLoadState("networkidle");
  // eslint-disable-next-line no-undef -- runs in the page
  await page.waitForFunction(() => document.querySelectorAll(".animate-spin, .animate-pulse").length === 0, null, { timeout: 20000 }).catch(() => console.log("still loading"));
  await page.waitForTimeout(700);
}
async function demo(ctx, person) {
  const page = await ctx.newPage();
  await page.request.post(base + "/api/demo-sign-in", { data: { person_id: person }, headers: { origin: base } });
  return page;
}
async function portal(ctx, body) {
  const res = await fetch(base + "/api/portal-sessions", { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" }, body: JSON.stringify(body) });
  const { url } = await res.json();
  const page = await ctx.newPage();
  await page.goto(url);
  return page;
}
async function tab(page, name) {
  await page.getByRole("navigation", { name: /./ }).filter({ has: page.getByRole("link", { name: "Overview" }) }).getByRole("link", { name, exact: true }).click();
  await settle(page);
}
async function shot(page, name, fullPage = false) {
  if (only && !name.includes(only)) return;
  await page.screenshot({ path: `${out}/${name}.png`, fullPage });
  console.log(name);
}

const ctx = await context();
const page = await demo(ctx, "acme-admin");
await page.goto(base + "/");
await settle(page);
await shot(page, "overview");
await tab(page, "Seats");
await shot(page, "seats");
await tab(page, "History");
await shot(page, "history");
await tab(page, "Seat balances");
await shot(page, "seat-balances");
await page.getByRole("table").getByRole("link").first().click();
await settle(page);
await shot(page, "seat-ledger");
await tab(page, "Credits");
await shot(page, "credits");
await tab(page, "Alerts");
await shot(page, "alerts");
await tab(page, "Billing");
await shot(page, "billing");
await tab(page, "Audit log");
await shot(page, "audit-log");
await ctx.close();

const phone = await context({ width: 390, height: 844 });
const p = await demo(phone, "acme-admin");
await p.goto(base + "/");
await settle(p);
await shot(p, "phone-overview");
await p.getByRole("button", { name: "Seats and credits" }).click();
await settle(p);
await shot(p, "phone-strip-open");
await phone.close();

const dark = await context({ scheme: "dark" });
const d = await demo(dark, "globex-admin");
await d.goto(base + "/");
await settle(d);
await shot(d, "dark-overview");
await dark.close();

const acme = (await (await fetch(base + "/api/simulator/v1/customers", { headers: { authorization: `Bearer ${secret}` } })).json()).data.find((c) => c.name === "Acme Robotics");
const themed = await context();
const t = await portal(themed, {
  role: "customer_admin", customer_id: acme.id, user: { id: "host-1", name: "Robin Host", email: "robin@acme.example" },
  theme: { brand_color: "#0e7490", accent_color: "#b45309", radius: "2px", font_family: "Georgia, serif", mode: "light" },
});
await settle(t);
await tab(t, "Seats");
await shot(t, "themed-seats");
await themed.close();

const german = await context({ locale: "de-DE" });
const g = await portal(german, { role: "customer_admin", customer_id: acme.id, user: { id: "host-2", name: "Kim Berger", email: "kim@acme.example" }, locale: "de-DE", time_zone: "Europe/Berlin" });
await settle(g);
await shot(g, "german-overview");
await german.close();
await browser.close();
