// Makes sure `npm test` has a browser: the one named in PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH,
// a system Chromium, or else Playwright's own, installed here when it is missing.
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { chromium } from "@playwright/test";

const candidates = [process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
const found = candidates.find((p) => p && existsSync(p));
if (found) {
  console.log(`browser: ${found}`);
} else if (existsSync(chromium.executablePath())) {
  console.log(`browser: Playwright's own at ${chromium.executablePath()}`);
} else {
  console.log("browser: none found, installing Playwright's Chromium");
  execFileSync("npx", ["playwright", "install", "chromium"], { stdio: "inherit" });
}
