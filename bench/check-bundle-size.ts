// The deterministic part of the performance budgets, run by `npm test` after the production build:
// critical and total JavaScript (gzipped) and no server or simulator code in the browser bundle.
// Usage: node --import tsx bench/check-bundle-size.ts [outDir]   (default dist)
import { analyzeBundle, budgetLine, kb } from "./bundle-report";

const outDir = process.argv[2] ?? "dist";
const report = analyzeBundle(outDir);

console.log(`Bundle of ${report.outDir}: ${report.chunks.length} JavaScript chunks, ${kb(report.totalGzip)} KB gzipped (${kb(report.totalRaw)} KB raw)`);
const width = Math.max(...report.routes.map((r) => r.pattern.length));
for (const route of report.routes) {
  const deferred = route.deferredGzip > 0 ? ` + ${kb(route.deferredGzip)} KB after paint` : "";
  console.log(`  ${route.pattern.padEnd(width)}  ${String(kb(route.criticalGzip)).padStart(6)} KB with its route chain${deferred}`);
}
for (const budget of report.budgets) console.log(budgetLine(budget));

const failed = report.budgets.filter((b) => b.enforced && !b.met);
if (failed.length > 0) {
  console.error(`\n${failed.length} bundle budget(s) not met. Largest chunks (gzipped):`);
  for (const chunk of report.chunks.slice(0, 8)) console.error(`  ${chunk.file}  ${kb(chunk.gzip)} KB`);
  process.exit(1);
}
