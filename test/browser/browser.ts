/// <reference lib="dom" />
/**
 * Shared pieces of the browser tests: Debian's Chromium driven by playwright-core,
 * axe-core accessibility checks, screenshots, and a watch for CSP violations and
 * script errors on every page.
 */
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import axe from "axe-core";
import { type Browser, type Page, chromium } from "playwright-core";
import { expect } from "vitest";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SCREENSHOTS = join(REPO_ROOT, "test-artifacts", "screenshots");
export const DOC_SCREENSHOTS = join(REPO_ROOT, "docs", "screenshots");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The Content-Security-Policy the Worker sends with pages; the static test server sends it too. */
export const PAGE_CSP = "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-src https://www.youtube-nocookie.com https://player.vimeo.com; frame-ancestors 'none'";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless=new",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface PageWatch {
  /** Uncaught script errors, CSP violations and failed module loads seen so far. */
  problems: string[];
}

/** The CSP hash of axe's source: the browser reports it when the page's CSP refuses our injected script tag. */
const AXE_HASH = `sha256-${createHash("sha256").update(axe.source).digest("base64")}`;

/**
 * Collects what should never happen on our pages: uncaught script errors,
 * anything the CSP refused (except the test's own axe script tag), and pages,
 * scripts, styles or images that failed to load. API answers (4xx, 5xx) are the
 * pages' business, so they are not counted.
 */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { problems: [] };
  page.on("pageerror", (error) => watch.problems.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    const text = message.text();
    if (/Content Security Policy/i.test(text)) {
      if (!text.includes(AXE_HASH)) watch.problems.push(`csp: ${text}`);
    } else if (message.type() === "error" && !text.startsWith("Failed to load resource")) {
      watch.problems.push(`console: ${text}`);
    }
  });
  page.on("response", (response) => {
    const type = response.request().resourceType();
    if (response.status() >= 400 && ["document", "script", "stylesheet", "image", "font"].includes(type)) {
      watch.problems.push(`${type} ${response.status()}: ${response.url()}`);
    }
  });
  page.on("requestfailed", (request) => {
    if (request.resourceType() !== "fetch") watch.problems.push(`failed ${request.resourceType()}: ${request.url()} ${request.failure()?.errorText}`);
  });
  return watch;
}

export interface AxeFinding {
  page: string;
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
}

/**
 * Runs axe on the page as it is now and returns every finding. Injects axe as
 * the brief says (a script tag); when the page's CSP refuses inline scripts,
 * evaluates the same source through the DevTools protocol instead, which CSP does not govern.
 */
export async function runAxe(page: Page, label: string): Promise<AxeFinding[]> {
  const present = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== "undefined");
  if (!present) {
    await page.addScriptTag({ content: axe.source }).catch(() => undefined);
    const injected = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== "undefined");
    if (!injected) await page.evaluate(axe.source);
  }
  const results = await page.evaluate(async () => {
    const runner = (globalThis as unknown as { axe: typeof import("axe-core") }).axe;
    const outcome = await runner.run(document, { resultTypes: ["violations"] });
    return outcome.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(" ")),
    }));
  });
  return results.map((result) => ({ page: label, ...result }));
}

/** The findings that fail a test: serious or critical ones. */
export function blocking(findings: AxeFinding[]): AxeFinding[] {
  return findings.filter((finding) => finding.impact === "serious" || finding.impact === "critical");
}

/**
 * Writes a full-page screenshot to test-artifacts/screenshots (git-ignored). The
 * README's pictures in docs/screenshots are refreshed only on request
 * (`UPDATE_README_SCREENSHOTS=1 pnpm test`), so a test run leaves the work tree clean.
 */
export async function screenshot(page: Page, name: string, options: { docs?: boolean } = {}): Promise<void> {
  const forReadme = options.docs && process.env.UPDATE_README_SCREENSHOTS === "1";
  mkdirSync(SCREENSHOTS, { recursive: true });
  // The README's pictures show the page at rest, without a focus ring.
  if (forReadme) await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: "disabled" });
  if (forReadme) {
    mkdirSync(DOC_SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(DOC_SCREENSHOTS, `${name}.png`), fullPage: true, animations: "disabled" });
  }
}

/**
 * The page at a phone's width (375 px) must not scroll sideways: tables scroll
 * inside their own region. On failure, the elements that stick out are logged,
 * to say what to fix. A screenshot at that width either way; the viewport is put back.
 */
export async function expectFitsPhone(page: Page, label: string): Promise<void> {
  const before = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.setViewportSize({ width: 375, height: 800 });
  try {
    const widths = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
    if (widths.scroll > widths.inner) {
      console.error(
        await page.evaluate(() =>
          Array.from(document.querySelectorAll("*"))
            .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 15)
            .map((element) => `${element.tagName}.${element.className} ${element.id} ${Math.round(element.getBoundingClientRect().width)}`),
        ),
      );
    }
    expect(widths.scroll, `${label} at 375 px`).toBeLessThanOrEqual(widths.inner);
    await screenshot(page, `${label}-375`);
  } finally {
    await page.setViewportSize(before);
  }
}
