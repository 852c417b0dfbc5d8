/**
 * `pnpm dev`: everything a developer needs, in one command.
 * 1. the local libSQL server (data in .data/, kept between runs);
 * 2. migrations, and the demo institution if the database is empty;
 * 3. the web console build, then `wrangler dev` with queues, static assets and a cron ticker;
 * then prints where to go. Ctrl-C stops everything it started.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Cron } from "croner";
import { openDatabase } from "@tandem/db";
import { applyMigrations } from "@tandem/db/migrate";
import { type LibsqlServer, startLibsqlServer } from "@tandem/libsql-server";
import { buildConsole } from "./console-build.js";
import { parseDotenv, REPO_ROOT, wranglerEntry } from "./paths.js";
import { seedDemoIfEmpty } from "./seed.js";

const { values: args } = parseArgs({
  options: {
    port: { type: "string", default: "8787" },
    "data-dir": { type: "string", default: join(REPO_ROOT, ".data") },
    // Port for the local libSQL server (default: the port in .dev.vars' LIBSQL_URL).
    "db-port": { type: "string" },
    // Use an already running database instead of starting the local server.
    "db-url": { type: "string" },
  },
});

const say = (line: string) => process.stdout.write(`${line}\n`);
const dataDir = resolve(args["data-dir"]);
mkdirSync(dataDir, { recursive: true });

const devVarsPath = join(REPO_ROOT, ".dev.vars");
if (!existsSync(devVarsPath)) {
  copyFileSync(join(REPO_ROOT, ".dev.vars.example"), devVarsPath);
  say("Created .dev.vars from .dev.vars.example.");
}
// Settings added to the example since .dev.vars was made are appended, so pulling new code needs no manual step.
const exampleText = readFileSync(join(REPO_ROOT, ".dev.vars.example"), "utf8");
const missing = Object.entries(parseDotenv(exampleText)).filter(([key]) => !(key in parseDotenv(readFileSync(devVarsPath, "utf8"))));
if (missing.length > 0) {
  appendFileSync(devVarsPath, `\n${missing.map(([key, value]) => `${key}=${value}`).join("\n")}\n`);
  say(`Added ${missing.map(([key]) => key).join(", ")} to .dev.vars from .dev.vars.example.`);
}
const devVars = parseDotenv(readFileSync(devVarsPath, "utf8"));

let libsql: LibsqlServer | undefined;
let wrangler: ChildProcess | undefined;
let cronJobs: Cron[] = [];
let stopping: Promise<void> | undefined;

/**
 * Stops what this runner started. Ctrl-C in a terminal reaches this process
 * more than once (directly, and relayed by tsx), so every call waits on the one cleanup.
 */
async function stop(exitCode: number): Promise<never> {
  stopping ??= (async () => {
    for (const job of cronJobs) job.stop();
    if (wrangler && wrangler.exitCode === null && wrangler.signalCode === null) {
      const exited = new Promise((done) => wrangler!.once("exit", done));
      wrangler.kill("SIGTERM");
      const timer = setTimeout(() => wrangler?.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await libsql?.close();
  })();
  await stopping;
  process.exit(exitCode);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void stop(0));

try {
  const configuredUrl = new URL(devVars.LIBSQL_URL || "http://127.0.0.1:8080");
  if (args["db-port"]) configuredUrl.port = args["db-port"];
  const dbUrl = args["db-url"] ?? configuredUrl.origin;
  if (!args["db-url"]) {
    const dbFile = join(dataDir, "tandem.db");
    const port = Number(configuredUrl.port || 8080);
    libsql = await startLibsqlServer({ db: dbFile, port }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") throw new Error(`Port ${port} is in use. Stop what uses it, or change LIBSQL_URL in .dev.vars.`);
      throw error;
    });
    say(`Database: libSQL server at ${libsql.url} (${dbFile})`);
  }
  const dbAuthToken = devVars.LIBSQL_AUTH_TOKEN || undefined;
  await applyMigrations({ url: dbUrl, authToken: dbAuthToken });
  const { db, client } = openDatabase({ url: dbUrl, authToken: dbAuthToken });
  const seed = await seedDemoIfEmpty(db);
  client.close();
  say(seed.seeded ? `Seeded the demo institution: ${seed.programs} programs, ${seed.applications} applications, ${seed.matches} matches.` : "Database already has data; not seeding.");

  buildConsole();
  say("Built the web console (workers/web).");
  const appUrl = await startWrangler(dbUrl);
  cronJobs = startCronTicker(appUrl);
  say("");
  say(`Tandem is running at ${appUrl}`);
  say(`  Health check:  ${appUrl}/healthz`);
  say(`  Demo institution: ${appUrl}/api/v1/t/${seed.tenantSlug}`);
  const signInLink = await demoSignInLink(appUrl, seed.adminEmail).catch((error: Error) => `(could not get one: ${error.message})`);
  say(`  Demo admin:    ${seed.adminEmail} (owner of ${seed.tenantSlug})`);
  say(`  Sign in:       ${signInLink}`);
  say(`                (works once, for 15 minutes; for another, ask at ${appUrl}/sign-in.html and open it from ${appUrl}/api/v1/dev/outbox)`);
  say(`  Cron:          ${cronJobs.map((job) => job.getPattern()).join(", ")} (UTC), triggered locally by this runner`);
  say("Press Ctrl-C to stop.");
} catch (error) {
  process.stderr.write(`pnpm dev failed: ${(error as Error).message}\n`);
  await stop(1);
}

/**
 * Starts `wrangler dev` and resolves with its URL once it is ready. It stays in
 * our process group, so whatever stops the whole group stops wrangler and workerd too.
 */
function startWrangler(dbUrl: string): Promise<string> {
  const child = spawn(
    process.execPath,
    [
      wranglerEntry(), "dev",
      "--ip", "127.0.0.1",
      "--port", args.port,
      "--var", `LIBSQL_URL:${dbUrl}`,
      // Links in emails the cron sends point here, not at production's hosts.
      "--var", `APP_ORIGIN:http://127.0.0.1:${args.port}`,
      // Tests point Turnstile's siteverify at a local stand-in (there is no network to Cloudflare in CI).
      ...(process.env.TURNSTILE_VERIFY_URL ? ["--var", `TURNSTILE_VERIFY_URL:${process.env.TURNSTILE_VERIFY_URL}`] : []),
      "--persist-to", join(dataDir, "wrangler"),
      "--test-scheduled",
      "--show-interactive-dev-session=false",
    ],
    { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
  );
  wrangler = child;
  return new Promise((resolveUrl, reject) => {
    let ready = false;
    const onOutput = (chunk: Buffer, sink: NodeJS.WriteStream) => {
      const text = chunk.toString();
      sink.write(text);
      const match = /Ready on (http:\/\/[^\s]+)/.exec(text);
      if (match && !ready) {
        ready = true;
        resolveUrl(match[1].replace(/\/$/, ""));
      }
    };
    child.stdout!.on("data", (chunk: Buffer) => onOutput(chunk, process.stdout));
    child.stderr!.on("data", (chunk: Buffer) => onOutput(chunk, process.stderr));
    child.once("exit", (code) => {
      if (!ready) reject(new Error(`wrangler dev exited with code ${code} before it was ready`));
      else if (stopping === undefined) {
        process.stderr.write(`wrangler dev exited unexpectedly (code ${code}); stopping.\n`);
        void stop(1);
      }
    });
  });
}

/** Asks the running app for a sign-in link, as the sign-in page would, and reads it from the dev outbox. */
async function demoSignInLink(appUrl: string, email: string): Promise<string> {
  const requested = await fetch(`${appUrl}/api/v1/auth/sign-in-link`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, next: "/console/demo" }),
  });
  if (!requested.ok) throw new Error(`HTTP ${requested.status}`);
  const outbox = (await (await fetch(`${appUrl}/api/v1/dev/outbox?to=${encodeURIComponent(email)}&limit=1`)).json()) as { emails: { links: string[] }[] };
  const link = outbox.emails[0]?.links.find((candidate) => candidate.includes("/auth/verify"));
  if (!link) throw new Error("no link in the outbox");
  return link;
}

/** Local `wrangler dev` does not fire cron triggers; fire them on schedule through its test endpoint. */
function startCronTicker(appUrl: string): Cron[] {
  const toml = readFileSync(join(REPO_ROOT, "wrangler.toml"), "utf8");
  const crons = /crons\s*=\s*\[([^\]]*)\]/.exec(toml)?.[1].match(/"([^"]+)"/g)?.map((quoted) => quoted.slice(1, -1)) ?? [];
  return crons.map(
    (pattern) =>
      new Cron(pattern, { timezone: "UTC" }, async () => {
        const url = `${appUrl}/cdn-cgi/handler/scheduled?cron=${encodeURIComponent(pattern)}`;
        const response = await fetch(url).catch((error: Error) => ({ ok: false, status: error.message }));
        if (!response.ok) process.stderr.write(`cron ${pattern}: trigger failed (${response.status})\n`);
      }),
  );
}
