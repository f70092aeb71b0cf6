import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

// Shared by the accessibility specs: axe (WCAG 2.0/2.1 A and AA), "the page has loaded" and
// "every chart has a text and table equivalent".
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** Waits until the page's main content has loaded: a heading, and no spinner or skeleton left. */
export async function waitForMain(page: Page): Promise<void> {
  const main = page.getByRole("main");
  await expect(main).toBeVisible();
  await expect(main.getByRole("heading").first()).toBeVisible({ timeout: 15_000 });
  await expect(main.locator(".animate-spin, .animate-pulse")).toHaveCount(0, { timeout: 15_000 });
}

/** axe violations of the page as it is now, one line per element: "where · rule (impact) · target · help". */
export async function axe(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return result.violations.flatMap((v) => v.nodes.map((n) => `${where} · ${v.id} (${v.impact}) · ${n.target.join(" ")} · ${v.help}`));
}

/**
 * Every chart drawn in main sits in a figure with a name, a summary sentence and a data table (shown
 * with "Show table" or for screen readers only). Returns the problems found and the charts checked.
 */
export async function chartEquivalents(page: Page, where: string): Promise<{ problems: string[]; charts: number }> {
  const found = await page.evaluate(() => {
    const problems: string[] = [];
    const charts = [...document.querySelectorAll("main svg.recharts-surface")];
    charts.forEach((svg, i) => {
      const figure = svg.closest("figure");
      if (!figure) return void problems.push(`chart ${i + 1} is not in a figure`);
      const name = figure.getAttribute("aria-labelledby");
      const title = name ? document.getElementById(name)?.textContent?.trim() : figure.getAttribute("aria-label");
      if (!title) problems.push(`chart ${i + 1} has no name`);
      const summary = figure.querySelector("p[id$='-summary']")?.textContent?.trim();
      if (!summary) problems.push(`chart ${i + 1} (${title ?? "?"}) has no summary`);
      const table = figure.querySelector("table");
      if (!table || table.querySelectorAll("tbody tr").length === 0) problems.push(`chart ${i + 1} (${title ?? "?"}) has no data table`);
    });
    return { problems, charts: charts.length };
  });
  return { problems: found.problems.map((p) => `${where} · ${p}`), charts: found.charts };
}
