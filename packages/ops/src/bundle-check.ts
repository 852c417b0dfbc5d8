/**
 * `pnpm build:check` (part of `pnpm test`): bundles the Worker exactly as
 * `wrangler deploy` would, without deploying, so a bundle that would not
 * deploy fails CI. Prints the gzip size and fails above Cloudflare's limit.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { consolePageWeights } from "./console-build.js";
import { REPO_ROOT, wranglerEntry } from "./paths.js";

// Workers Free allows 3 MB after gzip; stay well inside it so the budget catches regressions early.
const GZIP_BUDGET_BYTES = 1024 * 1024;

const outDir = mkdtempSync(join(tmpdir(), "tandem-bundle-"));
try {
  const result = spawnSync(process.execPath, [wranglerEntry(), "deploy", "--dry-run", "--outdir", outDir], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout}\n${result.stderr}\nwrangler deploy --dry-run failed (exit ${result.status}).\n`);
    process.exit(1);
  }
  let raw = 0;
  let gzipped = 0;
  for (const file of readdirSync(outDir, { recursive: true }) as string[]) {
    const path = join(outDir, file);
    if (!statSync(path).isFile() || file.endsWith(".map")) continue;
    const bytes = readFileSync(path);
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  process.stdout.write(`Worker bundle: ${kib(raw)} raw, ${kib(gzipped)} gzip (budget ${kib(GZIP_BUDGET_BYTES)}).\n`);
  if (gzipped > GZIP_BUDGET_BYTES) {
    process.stderr.write("The Worker bundle is over its gzip budget.\n");
    process.exit(1);
  }
} finally {
  rmSync(outDir, { recursive: true, force: true });
}

// The embed widget (workers/app/public/embed.js) is served as written, with no build step, to every
// page that embeds an enrollment form; it must stay small enough not to weigh on those pages.
const WIDGET_PATH = join(REPO_ROOT, "workers", "app", "public", "embed.js");
const WIDGET_GZIP_BUDGET_BYTES = 15 * 1024;
const widget = readFileSync(WIDGET_PATH);
const widgetGzipped = gzipSync(widget, { level: 9 }).length;
process.stdout.write(`Embed widget: ${widget.length} bytes raw, ${widgetGzipped} bytes gzip -9 (budget ${WIDGET_GZIP_BUDGET_BYTES}).\n`);
if (widgetGzipped > WIDGET_GZIP_BUDGET_BYTES) {
  process.stderr.write("The embed widget is over its gzip budget: keep it under 15 KB for the websites that embed it.\n");
  process.exit(1);
}

// The console promises a fast first page on a phone: every page, opened first, downloads under 100 KB of gzipped JS.
const CONSOLE_PAGE_GZIP_BUDGET_BYTES = 100 * 1024;
const pages = consolePageWeights();
for (const { page, gzipBytes } of pages) process.stdout.write(`Console page ${page}: ${(gzipBytes / 1024).toFixed(1)} KiB gzip JS as a first page.\n`);
const heavy = pages.filter((p) => p.gzipBytes > CONSOLE_PAGE_GZIP_BUDGET_BYTES);
if (heavy.length > 0) {
  process.stderr.write(`Over the console's first-page budget (100 KB gzip): ${heavy.map((p) => p.page).join(", ")}.\n`);
  process.exit(1);
}
