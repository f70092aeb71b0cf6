import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpsServer, type Server } from "node:https";
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { chromiumExecutable } from "../scripts/browser";

// A host product embeds the portal in a cross-site iframe: the portal at https://portal.test behind
// a TLS proxy (PUBLIC_URL, FRAME_ANCESTORS naming the host), the host page at https://host.test.
// Both names resolve to this machine through Chromium's host resolver; the certificate is made here.
const PORTAL_SECRET = "embedding-portal-secret";
const INNER_PORT = Number(process.env.E2E_PORT ?? 4317) + 3;
const DIST = process.env.E2E_DIST ?? "dist";

test.use({
  ignoreHTTPSErrors: true,
  launchOptions: {
    ...(chromiumExecutable() ? { executablePath: chromiumExecutable() } : {}),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-quic",
      "--host-resolver-rules=MAP portal.test 127.0.0.1, MAP host.test 127.0.0.1",
    ],
  },
});
test.describe.configure({ mode: "serial" });

let workDir = "";
let app: ChildProcess | null = null;
let portalProxy: Server;
let hostSite: Server;
let portalOrigin = "";
let hostOrigin = "";

function makeCertificate(dir: string): { key: Buffer; cert: Buffer } {
  const made = spawnSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=portal.test",
    "-addext", "subjectAltName=DNS:portal.test,DNS:host.test",
    "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"),
  ], { encoding: "utf8" });
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  return { key: readFileSync(path.join(dir, "key.pem")), cert: readFileSync(path.join(dir, "cert.pem")) };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

async function waitForHealth(): Promise<void> {
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    const ok = await fetch(`http://127.0.0.1:${INNER_PORT}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error("the portal server did not start");
}

test.beforeAll(async () => {
  test.setTimeout(120_000);
  workDir = mkdtempSync(path.join(tmpdir(), "seats-embedding-"));
  const tls = makeCertificate(workDir);
  // The TLS proxy in front of the portal, as a deployment behind a load balancer has.
  portalProxy = createHttpsServer(tls, (req, res) => {
    const upstream = httpRequest({ host: "127.0.0.1", port: INNER_PORT, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  hostSite = createHttpsServer(tls, (req, res) => {
    const link = new URL(req.url ?? "/", "https://host.test").searchParams.get("portal") ?? "";
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="en"><head><title>Host product</title></head><body><h1>Host product</h1>
<iframe title="Seats dashboard" src="${link.replace(/"/g, "&quot;")}" style="width:1200px;height:900px;border:0"></iframe></body></html>`);
  });
  portalOrigin = `https://portal.test:${await listen(portalProxy)}`;
  hostOrigin = `https://host.test:${await listen(hostSite)}`;
  app = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
    stdio: "ignore",
    env: {
      ...process.env,
      PORT: String(INNER_PORT),
      HOST: "127.0.0.1",
      DATA_DIR: path.join(workDir, "data"),
      DIST_DIR: DIST,
      NODE_ENV: "production",
      PORTAL_SECRET,
      SIMULATOR_NOW: "2026-11-24T12:00:00.000Z",
      METRONOME_API_TOKEN: "",
      DATABASE_URL: "",
      PUBLIC_URL: portalOrigin,
      FRAME_ANCESTORS: hostOrigin,
    },
  });
  await waitForHealth();
});

test.afterAll(async () => {
  app?.kill("SIGTERM");
  portalProxy?.close();
  hostSite?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** A one-time portal link for Acme's admin, made the way a host product's back end makes it. */
async function portalLink(extra: Record<string, unknown> = {}): Promise<string> {
  const customers = (await (await fetch(`http://127.0.0.1:${INNER_PORT}/api/simulator/v1/customers`, { headers: { authorization: `Bearer ${PORTAL_SECRET}` } })).json()) as {
    data: Array<{ id: string; name: string }>;
  };
  const acme = customers.data.find((c) => c.name === "Acme Robotics");
  if (!acme) throw new Error("no Acme Robotics in the demo scenario");
  const created = await fetch(`http://127.0.0.1:${INNER_PORT}/api/portal-sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${PORTAL_SECRET}`, "content-type": "application/json" },
    body: JSON.stringify({ role: "customer_admin", customer_id: acme.id, user: { id: "host-42", name: "Robin Host", email: "robin@acme.example" }, ...extra }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const { url } = (await created.json()) as { url: string };
  expect(url.startsWith(`${portalOrigin}/api/portal-sessions/redeem?token=`)).toBe(true);
  return url;
}

test("the portal signs in, reads and writes inside a host product's cross-site iframe", async ({ page, context }) => {
  test.setTimeout(90_000);
  const link = await portalLink({ return_url: "/", locale: "en-GB", time_zone: "Europe/London", theme: { brand_color: "#0e7490", radius: "2px", font_family: "Georgia, serif", mode: "dark" } });
  await page.goto(`${hostOrigin}/?portal=${encodeURIComponent(link)}`);
  await expect(page.getByRole("heading", { name: "Host product" })).toBeVisible();
  const frame = page.getByTitle("Seats dashboard").contentFrame();

  // A page with data: the contract overview of the person's first customer.
  await expect(frame.getByRole("navigation", { name: "Contract pages" })).toBeVisible({ timeout: 30_000 });
  await expect(frame.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(frame.getByText("Robin Host").first()).toBeVisible();

  // The host's theme, in the mode it asked for: the brand lightened to read on dark surfaces.
  const look = await frame.getByRole("main").evaluate(() => {
    const root = document.documentElement;
    const style = getComputedStyle(root);
    return { mode: root.dataset.theme, brand: style.getPropertyValue("--color-brand"), radius: style.getPropertyValue("--radius-md"), font: style.fontFamily };
  });
  expect(look).toMatchObject({ mode: "dark", radius: "2px", font: "Georgia, serif" });
  expect(look.brand).toMatch(/^#[0-9a-f]{6}$/);
  expect(look.brand).not.toBe("#0e7490");

  // The cookie is the embedded kind, kept in the host's partition.
  const cookies = await context.cookies(portalOrigin);
  const session = cookies.find((c) => c.name === "seats_session");
  expect(session).toMatchObject({ sameSite: "None", secure: true, httpOnly: true });

  // A write from inside the frame passes the CSRF guard: its Origin is the portal's own.
  await frame.getByRole("navigation", { name: "Contract pages" }).getByRole("link", { name: "Alerts", exact: true }).click();
  const form = frame.getByRole("form", { name: "New alert" });
  await form.getByLabel(/^Threshold/).fill("987654");
  await form.getByRole("button", { name: "Create alert" }).click();
  await expect(form.getByText("Alert created")).toBeVisible();

  // The host page itself cannot write with the portal's cookie: a form it posts to the portal
  // carries the cookie (SameSite=None, the host's partition) and is refused by its Origin.
  await page.evaluate((url) => {
    const probe = Object.assign(document.createElement("iframe"), { name: "probe", title: "Probe" });
    const form = Object.assign(document.createElement("form"), { method: "POST", action: url, target: "probe", enctype: "text/plain" });
    form.append(Object.assign(document.createElement("input"), { type: "hidden", name: '{"a":"', value: '"}' }));
    document.body.append(probe, form);
    form.submit();
  }, `${portalOrigin}/api/session/sign-out`);
  await expect(page.getByTitle("Probe").contentFrame().getByText(/Cross-origin request refused: https:\/\/host\.test:\d+ is not https:\/\/portal\.test/)).toBeVisible();
  await frame.getByRole("navigation", { name: "Contract pages" }).getByRole("link", { name: "Overview" }).click();
  await expect(frame.getByText("Robin Host").first()).toBeVisible();
  const still = await fetch(`http://127.0.0.1:${INNER_PORT}/api/session`, { headers: { cookie: `seats_session=${session?.value ?? ""}` } });
  expect(still.status).toBe(200);
});

test("a reused portal link is refused inside the frame", async ({ page }) => {
  const link = await portalLink();
  await page.goto(`${hostOrigin}/?portal=${encodeURIComponent(link)}`);
  const frame = page.getByTitle("Seats dashboard").contentFrame();
  await expect(frame.getByRole("navigation", { name: "Contract pages" })).toBeVisible({ timeout: 30_000 });
  await page.goto(`${hostOrigin}/?portal=${encodeURIComponent(link)}`);
  await expect(page.getByTitle("Seats dashboard").contentFrame().getByRole("heading", { name: "Link already used" })).toBeVisible();
});
