import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** wrangler's CLI entry, run with this Node (the project's Node 24), whatever is on PATH. */
export function wranglerEntry(): string {
  const require = createRequire(join(REPO_ROOT, "package.json"));
  return join(dirname(require.resolve("wrangler/package.json")), "bin", "wrangler.js");
}

/** Parses a dotenv-style file: `KEY=value` lines, `#` comments. */
export function parseDotenv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (match) vars[match[1]] = match[2].replace(/^"(.*)"$/, "$1");
  }
  return vars;
}

/** Vite's CLI entry, as the web console's package resolves it. */
export function viteEntry(): string {
  const require = createRequire(join(REPO_ROOT, "workers", "web", "package.json"));
  return join(dirname(require.resolve("vite/package.json")), "bin", "vite.js");
}

/** The built console (workers/web → the Worker's static assets under /console/). */
export const CONSOLE_OUT_DIR = join(REPO_ROOT, "workers", "app", "public", "console");
