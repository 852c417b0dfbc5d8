/**
 * Builds the web console (workers/web, Vite) into the Worker's static assets,
 * and measures what each console page downloads. `pnpm dev`, `pnpm deploy`
 * and `pnpm test` (via `pnpm build:web`) all build it, so the Worker never
 * serves a stale or missing console.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { CONSOLE_OUT_DIR, REPO_ROOT, viteEntry } from "./paths.js";

export function buildConsole(): void {
  const result = spawnSync(process.execPath, [viteEntry(), "build", "--logLevel", "warn"], { cwd: join(REPO_ROOT, "workers", "web"), stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) throw new Error(`Building the web console failed (vite exit ${result.status}).`);
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

export interface PageWeight {
  /** The page module (e.g. src/pages/analytics.tsx). */
  page: string;
  /** Gzipped JS a browser downloads to show that page first: the entry, the page chunk and their static imports. */
  gzipBytes: number;
}

/** Gzip weight of every console page as a first page, from Vite's manifest. */
export function consolePageWeights(): PageWeight[] {
  const manifestPath = join(CONSOLE_OUT_DIR, ".vite", "manifest.json");
  if (!existsSync(manifestPath)) throw new Error("The console is not built: run `pnpm build:web` first.");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, ManifestChunk>;
  const gzipOf = new Map<string, number>();
  const weigh = (file: string) => {
    if (!gzipOf.has(file)) gzipOf.set(file, gzipSync(readFileSync(join(CONSOLE_OUT_DIR, file)), { level: 9 }).length);
    return gzipOf.get(file)!;
  };
  const closure = (key: string, into: Set<string>) => {
    if (into.has(key)) return into;
    into.add(key);
    for (const imported of manifest[key].imports ?? []) closure(imported, into);
    return into;
  };
  const [entryKey] = Object.entries(manifest).find(([, chunk]) => chunk.isEntry) ?? [];
  if (!entryKey) throw new Error("The console's manifest has no entry.");
  const entry = closure(entryKey, new Set());
  return Object.entries(manifest)
    .filter(([key, chunk]) => chunk.isDynamicEntry && key.includes("/pages/"))
    .map(([key]) => {
      const files = closure(key, new Set(entry));
      return { page: key, gzipBytes: [...files].reduce((sum, file) => sum + weigh(manifest[file].file), 0) };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}
