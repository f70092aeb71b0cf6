import { existsSync } from "node:fs";

/**
 * The Chromium the tests drive: PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH, else a system Chromium,
 * else undefined (Playwright's own browser, installed by scripts/ensure-browser.mjs when missing).
 */
export function chromiumExecutable(): string | undefined {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH;
  if (fromEnv) return fromEnv;
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}
