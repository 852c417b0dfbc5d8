/**
 * The scaffolding every browser test file repeats: the real `pnpm dev` runner
 * and Chromium started once per file (and stopped after), watched pages, axe
 * checks that collect their findings, the dev outbox, the API as a signed-in
 * staff member from Node, and tokens signed with the dev runner's AUTH_SECRET.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { APIRequestContext, Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, expect, onTestFailed } from "vitest";
import { parseDotenv } from "../../packages/ops/src/paths.js";
import { type DevProcess, freePort, killAllDevProcesses, REPO_ROOT, startDev } from "../e2e/dev-process.js";
import { type AxeFinding, blocking, launchBrowser, type PageWatch, runAxe, screenshot, watchPage } from "./browser.js";

// ---------------------------------------------------------------- the dev runner and the browser

export interface WatchedPage {
  label: string;
  watch: PageWatch;
  page: Page;
}

export interface DevAndBrowser {
  /** The dev runner; usable from module scope, its fields read the runner `beforeAll` started. */
  readonly dev: DevProcess;
  readonly browser: Browser;
  /** The port of the dev runner's libSQL server. */
  readonly dbPort: number;
  readonly dataDir: string;
  /** Every context `newContext`/`newPage` opened: closed after the file. */
  readonly contexts: BrowserContext[];
  /** Every page `newPage` opened, with its watch for script errors and CSP violations. */
  readonly watches: WatchedPage[];
  /** Every axe finding `axeCheck` saw; those below serious are printed after the file. */
  readonly findings: AxeFinding[];
  /** A browser context with the file's defaults (and `options`), closed after the file. */
  newContext: (options?: BrowserContextOptions) => Promise<BrowserContext>;
  /** A watched page: in a new context (the file's defaults and `options`), or in `context`. */
  newPage: (label: string, optionsOrContext?: BrowserContextOptions | BrowserContext) => Promise<Page>;
  /** A watched page (as `newPage`) that has opened `url`. */
  openPage: (label: string, url: string, options?: BrowserContextOptions) => Promise<Page>;
  /** The watch of a page `newPage` opened. */
  watchOf: (page: Page) => PageWatch;
  /** axe on the page as it is now: every finding kept, none serious or critical allowed. */
  axeCheck: (page: Page, label: string) => Promise<void>;
  /** Every watched page's problems, each as "label: problem". */
  problems: () => string[];
  /** On failure: a screenshot and the text of each open page, its problems, and the dev runner's output. */
  explainFailures: (options?: { prefix?: string; selector?: string; missing?: string; maxChars?: number }) => void;
}

export interface DevAndBrowserOptions {
  /** Environment for the dev runner, read when it starts (after the file's earlier `beforeAll`s). */
  env?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Defaults for every context `newContext` and `newPage` open. */
  context?: BrowserContextOptions;
}

/** Starts `pnpm dev` on free ports with `dataDir`, and Chromium, side by side. */
export async function startDevAndBrowser(dataDir: string, env?: Record<string, string>): Promise<{ dev: DevProcess; browser: Browser; dbPort: number }> {
  const port = await freePort();
  const dbPort = await freePort();
  const [dev, browser] = await Promise.all([startDev(["--port", String(port), "--db-port", String(dbPort), "--data-dir", dataDir], env), launchBrowser()]);
  return { dev, browser, dbPort };
}

/**
 * Registers the `beforeAll` that starts `pnpm dev` (a fresh data dir, free
 * ports) and Chromium, and the `afterAll` that closes every context, the
 * browser and the runner, removes the data dir and prints axe findings below serious.
 */
export function useDevAndBrowser(name: string, options: DevAndBrowserOptions = {}): DevAndBrowser {
  const dataDir = mkdtempSync(join(tmpdir(), `tandem-${name}-`));
  let started: DevProcess | undefined;
  let browser: Browser | undefined;
  let dbPort = 0;
  const contexts: BrowserContext[] = [];
  const watches: WatchedPage[] = [];
  const findings: AxeFinding[] = [];
  const running = (): DevProcess => {
    if (!started) throw new Error("the dev runner has not started");
    return started;
  };
  const dev: DevProcess = {
    get url() {
      return running().url;
    },
    output: () => running().output(),
    interrupt: () => running().interrupt(),
    anyProcessLeft: () => running().anyProcessLeft(),
    kill: () => running().kill(),
  };

  beforeAll(async () => {
    ({ dev: started, browser, dbPort } = await startDevAndBrowser(dataDir, await options.env?.()));
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    killAllDevProcesses();
    rmSync(dataDir, { recursive: true, force: true });
    const minor = findings.filter((finding) => blocking([finding]).length === 0);
    if (minor.length) console.log("axe findings below serious:", JSON.stringify(minor, null, 2));
  });

  const run: DevAndBrowser = {
    dev,
    get browser() {
      if (!browser) throw new Error("the browser has not started");
      return browser;
    },
    get dbPort() {
      return dbPort;
    },
    dataDir,
    contexts,
    watches,
    findings,
    newContext: async (contextOptions = {}) => {
      const context = await run.browser.newContext({ ...options.context, ...contextOptions });
      contexts.push(context);
      return context;
    },
    newPage: async (label, optionsOrContext) => {
      const context = optionsOrContext && "newPage" in optionsOrContext ? optionsOrContext : await run.newContext(optionsOrContext);
      const page = await context.newPage();
      watches.push({ label, watch: watchPage(page), page });
      return page;
    },
    openPage: async (label, url, contextOptions) => {
      const page = await run.newPage(label, contextOptions);
      await page.goto(url);
      return page;
    },
    watchOf: (page) => {
      const entry = watches.find((watched) => watched.page === page);
      if (!entry) throw new Error("not a page newPage opened");
      return entry.watch;
    },
    axeCheck: async (page, label) => {
      const all = await runAxe(page, label);
      findings.push(...all);
      expect(blocking(all), `axe on ${label}`).toEqual([]);
    },
    problems: () => watches.flatMap(({ label, watch }) => watch.problems.map((problem) => `${label}: ${problem}`)),
    explainFailures: ({ prefix = "failed", selector = "body", missing = "(no body)", maxChars } = {}) => {
      onTestFailed(async () => {
        for (const { label, watch, page } of watches) {
          if (page.isClosed()) continue;
          await screenshot(page, `${prefix}-${label.replace(/\W+/g, "-")}`).catch(() => undefined);
          const text = await page.locator(selector).innerText().catch(() => missing);
          console.error(`[${label}] ${page.url()}\n${text.slice(0, maxChars)}\nproblems: ${JSON.stringify(watch.problems)}`);
        }
        console.error(`dev output (tail):\n${dev.output().slice(-4000)}`);
      });
    },
  };
  return run;
}

// ---------------------------------------------------------------- the dev outbox

export interface OutboxEmail {
  to: string;
  subject: string;
  kind: string;
  text: string;
  html: string;
  links: string[];
}

/** The emails sent to `to`, newest first (`limit` of them), from the dev outbox; none if it does not answer. */
export async function emailsTo(dev: DevProcess, to: string, limit?: number): Promise<OutboxEmail[]> {
  const response = await fetch(`${dev.url}/api/v1/dev/outbox?to=${encodeURIComponent(to)}${limit === undefined ? "" : `&limit=${limit}`}`);
  return response.status === 200 ? ((await response.json()) as { emails: OutboxEmail[] }).emails : [];
}

/** Waits for an email to `to` that `match` accepts, as a person waits for mail. */
export async function waitForEmail(dev: DevProcess, to: string, match: (email: OutboxEmail) => boolean, timeout = 30_000): Promise<OutboxEmail> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const found = (await emailsTo(dev, to)).find(match);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no matching email to ${to}; the outbox has ${JSON.stringify((await emailsTo(dev, to)).map((email) => email.subject))}`);
}

/** A link's path and query (and fragment, with `hash`): the same link whichever host an email names. */
export function pathOf(dev: DevProcess, link: string, hash = false): string {
  const url = new URL(link, dev.url);
  return `${url.pathname}${url.search}${hash ? url.hash : ""}`;
}

export interface LinkOptions {
  /** How long to wait for the email (20 s unless told). */
  timeout?: number;
  /** Links already followed: another one is wanted. */
  except?: string[];
  /** Keep the link's fragment. */
  hash?: boolean;
  /** Look only at the newest `limit` emails. */
  limit?: number;
}

/** The newest link to `to` containing `pathPart`, on this run's server, or null when none comes in time. */
export async function linkTo(dev: DevProcess, to: string, pathPart: string, options: LinkOptions = {}): Promise<string | null> {
  const deadline = Date.now() + (options.timeout ?? 20_000);
  const seen = new Set((options.except ?? []).map((link) => pathOf(dev, link)));
  do {
    for (const email of await emailsTo(dev, to, options.limit)) {
      const link = email.links.find((candidate) => candidate.includes(pathPart) && !seen.has(pathOf(dev, candidate)));
      if (link) return `${dev.url}${pathOf(dev, link, options.hash)}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  } while (Date.now() < deadline);
  return null;
}

/** As `linkTo`, but failing when no such link comes. */
export async function requireLinkTo(dev: DevProcess, to: string, pathPart: string, options: LinkOptions = {}): Promise<string> {
  const link = await linkTo(dev, to, pathPart, options);
  if (!link) throw new Error(`no email to ${to} with a ${pathPart} link`);
  return link;
}

/** The newest sign-in link emailed to `to`, on this run's server. */
export function signInLink(dev: DevProcess, to: string, timeout = 20_000): Promise<string> {
  return requireLinkTo(dev, to, "/auth/verify", { timeout });
}

/** Signs a staff member in from the emailed link in `page` (waiting `timeout` for the email), and waits for the page they land on. */
export async function signInFromOutbox(dev: DevProcess, page: Page, email: string, landing: string, timeout = 20_000): Promise<void> {
  await page.goto(await signInLink(dev, email, timeout));
  await page.waitForURL((url) => url.pathname === landing, { timeout: 20_000 });
}

/** Signs up an institution from Node (as the sign-up page does); the owner's sign-in link goes to the outbox. */
export async function signUp(dev: DevProcess, institution: { name: string; slug: string; kind: string; timezone: string }, admin: { name: string; email: string }): Promise<void> {
  const signup = await fetch(`${dev.url}/api/v1/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: dev.url },
    body: JSON.stringify({ institution, admin }),
  });
  expect(signup.status, await signup.clone().text()).toBeLessThan(300);
}

// ---------------------------------------------------------------- the API from Node, as a browser calls it

/** Talks to the API as a signed-in staff member (or anyone, before sign-in): keeps cookies and names the app's origin, as a browser does. */
export class StaffClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly dev: DevProcess) {}

  async send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { "content-type": "application/json", origin: this.dev.url };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(`${this.dev.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const [name, ...value] = pair.split("=");
      this.cookies.set(name.trim(), value.join("="));
    }
    return response;
  }

  /** The answer's JSON, failing on any status but 2xx. */
  async expectOk(method: string, path: string, body?: unknown): Promise<any> {
    const response = await this.send(method, path, body);
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response.json();
  }

  /** The answer's JSON (null when empty), failing on 4xx and 5xx. */
  async call(method: string, path: string, body?: unknown): Promise<any> {
    const response = await this.send(method, path, body);
    const text = await response.text();
    if (response.status >= 400) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }
}

/** The API as a signed-in browser (`request` of its context or page): its cookies, and the app's Origin on writes. The answer's JSON; fails on any status but 2xx. */
export async function apiAs(dev: DevProcess, request: APIRequestContext, method: "GET" | "POST" | "PATCH" | "PUT", path: string, body?: unknown): Promise<any> {
  const response = await request.fetch(`${dev.url}${path}`, { method, headers: { origin: dev.url }, ...(body === undefined ? {} : { data: body }) });
  if (!response.ok()) throw new Error(`${method} ${path} answered ${response.status()}: ${await response.text()}`);
  return response.json();
}

// ---------------------------------------------------------------- signed links, as workers/app/src/services/signed-links.ts makes them

/** The dev runner's AUTH_SECRET: from .dev.vars (which `pnpm dev` creates from the example). */
export function authSecret(): string {
  for (const file of [".dev.vars", ".dev.vars.example"]) {
    try {
      const secret = parseDotenv(readFileSync(join(REPO_ROOT, file), "utf8")).AUTH_SECRET;
      if (secret) return secret;
    } catch {
      // Try the next file.
    }
  }
  throw new Error("no AUTH_SECRET in .dev.vars");
}

/** `<payload>.<HMAC-SHA-256 of "purpose\npayload", base64url>` with WebCrypto. */
export async function sign(purpose: string, payload: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(authSecret()), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(`${purpose}\n${payload}`)));
  return `${payload}.${Buffer.from(signature).toString("base64url")}`;
}
