/// <reference lib="dom" />
/**
 * `pnpm bench:console`: how fast the console's main pages load on a local run.
 * Starts the real `pnpm dev` runner (a fresh data dir, so the seeded demo
 * institution), signs in as the demo admin, then opens each page in a fresh
 * browser context (empty cache, the session cookie only) and times from
 * navigation start until the page shows its data. Prints a Markdown table for
 * docs/benchmarks.md. A benchmark, not a test: nothing here fails on time.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { killAllDevProcesses } from "../e2e/dev-process.js";
import { signInLink, startDevAndBrowser } from "./harness.js";

const RUNS = 7;
const PROGRAM = "first-year-peer-mentoring";
const PAGES: { name: string; path: string; ready: string }[] = [
  { name: "Overview", path: "/console/demo", ready: ".program-item" },
  { name: "Analytics", path: `/console/demo/programs/${PROGRAM}/analytics`, ready: '[data-analytics-state="ready"]' },
  { name: "Printable report", path: `/console/demo/programs/${PROGRAM}/report`, ready: '[data-analytics-state="ready"]' },
  { name: "Settings", path: "/console/demo/settings", ready: "#settings-name" },
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const dataDir = mkdtempSync(join(tmpdir(), "tandem-page-load-"));
try {
  const { dev, browser } = await startDevAndBrowser(dataDir);
  try {
    const signIn = await browser.newContext();
    await fetch(`${dev.url}/api/v1/auth/sign-in-link`, { method: "POST", headers: { "content-type": "application/json", origin: dev.url }, body: JSON.stringify({ email: "admin@demo.tandem.test", next: "/console/demo" }) });
    const page = await signIn.newPage();
    await page.goto(await signInLink(dev, "admin@demo.tandem.test"));
    await page.waitForURL((url) => url.pathname === "/console/demo", { timeout: 30_000 });
    const storageState = await signIn.storageState();
    await signIn.close();

    const rows: string[] = [];
    for (const target of PAGES) {
      const times: number[] = [];
      let scriptBytes = 0;
      // One warm-up load (wrangler dev compiles on first use), then cold-cache runs.
      for (let run = 0; run <= RUNS; run++) {
        const context = await browser.newContext({ storageState, viewport: { width: 1200, height: 900 } });
        const tab = await context.newPage();
        await tab.goto(`${dev.url}${target.path}`);
        await tab.locator(target.ready).first().waitFor({ timeout: 30_000 }).catch(async (error: Error) => {
          throw new Error(`${target.name} did not show its data: ${error.message}\n${(await tab.locator("main").innerText().catch(() => "")).slice(0, 500)}`);
        });
        const elapsed = await tab.evaluate(() => performance.now());
        scriptBytes = await tab.evaluate(() =>
          performance
            .getEntriesByType("resource")
            .filter((entry) => (entry as PerformanceResourceTiming).initiatorType === "script" || entry.name.endsWith(".js"))
            .reduce((sum, entry) => sum + (entry as PerformanceResourceTiming).encodedBodySize, 0),
        );
        if (run > 0) times.push(elapsed);
        await context.close();
      }
      rows.push(`| ${target.name} | ${median(times).toFixed(0)} ms | ${Math.max(...times).toFixed(0)} ms | ${(scriptBytes / 1024).toFixed(1)} KiB |`);
    }
    process.stdout.write(`Console page loads, cold cache, local \`pnpm dev\` (${cpus().length} cores, ${RUNS} runs each):\n\n`);
    process.stdout.write("| Page | Median to data shown | Slowest | JS transferred |\n| --- | --- | --- | --- |\n");
    process.stdout.write(`${rows.join("\n")}\n`);
  } finally {
    await browser.close();
    killAllDevProcesses();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
