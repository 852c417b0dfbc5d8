/**
 * `pnpm run deploy`: apply migrations to the production Turso database, then
 * `wrangler deploy`. Migrations go first and are additive, so the running
 * Worker keeps working against the new schema until the new version is live.
 *
 * Needs, in the environment: LIBSQL_URL and LIBSQL_AUTH_TOKEN (the same
 * values given to `wrangler secret put`), and CLOUDFLARE_API_TOKEN for wrangler.
 */
import { spawnSync } from "node:child_process";
import { applyMigrations } from "@tandem/db/migrate";
import { buildConsole } from "./console-build.js";
import { REPO_ROOT, wranglerEntry } from "./paths.js";

const url = process.env.LIBSQL_URL;
const authToken = process.env.LIBSQL_AUTH_TOKEN;
const missing = [!url && "LIBSQL_URL", !authToken && "LIBSQL_AUTH_TOKEN", !process.env.CLOUDFLARE_API_TOKEN && "CLOUDFLARE_API_TOKEN"].filter(Boolean);
if (missing.length > 0) {
  process.stderr.write(`Set ${missing.join(", ")} before deploying (see README, Deploying).\n`);
  process.exit(2);
}

process.stdout.write(`Applying migrations to ${new URL(url!).host}…\n`);
await applyMigrations({ url: url!, authToken });
process.stdout.write("Building the web console…\n");
buildConsole();
process.stdout.write("Deploying the Worker…\n");
const result = spawnSync(process.execPath, [wranglerEntry(), "deploy", ...process.argv.slice(2)], { cwd: REPO_ROOT, stdio: "inherit" });
process.exit(result.status ?? 1);
