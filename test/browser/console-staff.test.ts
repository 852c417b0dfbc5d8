/// <reference lib="dom" />
/**
 * The web console's Staff page in a real browser against the real `pnpm dev`
 * runner: a new institution's owner opens it from the console's navigation,
 * meets the API's error on the email field (a bad address; an address already
 * on the staff), invites an admin (the invitation appears under Pending
 * invitations, and the API lists it), and revokes it after confirming (focus
 * stays on the page; the API no longer lists it). The old dashboard address
 * /t/<slug> leads to the console. axe on every state (no serious or critical
 * findings), no CSP violations or script errors, no sideways scrolling at 375 px.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { type DevProcess, freePort, killAllDevProcesses, startDev } from "../e2e/dev-process.js";
import { type AxeFinding, blocking, launchBrowser, type PageWatch, runAxe, screenshot, watchPage } from "./browser.js";

/** expect.poll waits one second by default; pages that load over the API need longer. */
const SOON = { timeout: 15_000, interval: 100 };
const dataDir = mkdtempSync(join(tmpdir(), "tandem-console-staff-"));
let dev: DevProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: PageWatch;
const findings: AxeFinding[] = [];

beforeAll(async () => {
  const [port, dbPort] = [await freePort(), await freePort()];
  [dev, browser] = await Promise.all([startDev(["--port", String(port), "--db-port", String(dbPort), "--data-dir", dataDir]), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US", timezoneId: "America/Chicago" });
  page = await context.newPage();
  watch = watchPage(page);
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close();
  killAllDevProcesses();
  rmSync(dataDir, { recursive: true, force: true });
  const minor = findings.filter((finding) => blocking([finding]).length === 0);
  if (minor.length) console.log("axe findings below serious:", JSON.stringify(minor, null, 2));
});

async function axeCheck(label: string) {
  const all = await runAxe(page, label);
  findings.push(...all);
  expect(blocking(all), `axe on ${label}`).toEqual([]);
}

/** The page at a phone's width must not scroll sideways. */
async function fitsPhone(label: string) {
  await page.setViewportSize({ width: 375, height: 800 });
  try {
    const widths = await page.evaluate(() => ({ scroll: document.scrollingElement!.scrollWidth, inner: window.innerWidth }));
    expect(widths.scroll, `${label} at 375 px`).toBeLessThanOrEqual(widths.inner);
    await screenshot(page, `${label}-375`);
  } finally {
    await page.setViewportSize({ width: 1280, height: 900 });
  }
}

async function verifyLink(to: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${dev.url}/api/v1/dev/outbox?to=${encodeURIComponent(to)}`);
    const links = response.status === 200 ? ((await response.json()) as { emails: { links: string[] }[] }).emails.flatMap((email) => email.links) : [];
    const link = links.find((candidate) => candidate.includes("/auth/verify"));
    if (link) {
      const url = new URL(link);
      return `${dev.url}${url.pathname}${url.search}`;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no sign-in link for ${to}`);
}

/** The staff list as the API gives it to the signed-in browser. */
async function staffList(slug: string): Promise<{ members: { email: string; role: string }[]; invitations: { id: string; email: string; role: string }[] }> {
  const response = await context.request.fetch(`${dev.url}/api/v1/t/${slug}/staff`);
  expect(response.status(), await response.text()).toBe(200);
  return response.json();
}

/** The text a field's `aria-describedby` points at (its hint and error). */
async function description(selector: string) {
  return page.locator(selector).evaluate((field) =>
    (field.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim())
      .join(" | "),
  );
}

const focusedId = () => page.evaluate(() => document.activeElement?.id ?? "");

describe("the console's Staff page", () => {
  const tag = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1e3).toString(36)}`;
  const slug = `lake-${tag}`;
  const ownerEmail = `ola-${tag}@example.test`;
  const inviteeEmail = `ade-${tag}@example.test`;

  it("invites and revokes, with the API's errors on the email field", async () => {
    onTestFailed(async () => {
      await screenshot(page, "console-staff-failed").catch(() => undefined);
      console.error(`page problems: ${JSON.stringify(watch.problems)}\ndev output (tail):\n${dev.output().slice(-6000)}`);
    });
    const signup = await fetch(`${dev.url}/api/v1/signup`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: dev.url },
      body: JSON.stringify({ institution: { name: "Lakeside Academy", slug, kind: "school", timezone: "America/Chicago" }, admin: { name: "Ola Owner", email: ownerEmail } }),
    });
    expect(signup.status, await signup.clone().text()).toBeLessThan(300);
    await page.goto(await verifyLink(ownerEmail));
    await page.waitForURL((url) => url.pathname === `/console/${slug}`, { timeout: 20_000 });
    await page.getByRole("heading", { level: 1, name: "Lakeside Academy" }).waitFor({ timeout: 20_000 });

    // The console's navigation leads to Staff; the owner is its only member.
    await page.getByRole("navigation", { name: "Institution" }).getByRole("link", { name: "Staff" }).click();
    await page.waitForURL((url) => url.pathname === `/console/${slug}/staff`);
    await page.getByRole("heading", { name: "Members" }).waitFor({ timeout: 20_000 });
    expect(await page.title()).toBe("Staff: Lakeside Academy — Tandem");
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName), SOON).toBe("H1");
    const members = page.locator("section", { has: page.getByRole("heading", { name: "Members" }) });
    const invitations = page.locator("section", { has: page.getByRole("heading", { name: "Pending invitations" }) });
    const inviteStatus = page.locator("section", { has: page.getByRole("heading", { name: "Invite someone" }) }).locator('[role="status"]');
    await expect(members.locator("li").count()).resolves.toBe(1);
    await expect(members.locator("li").textContent()).resolves.toMatch(/Ola Owner.*You.*Owner/);
    await expect(page.getByText("No one else yet.").isVisible()).resolves.toBe(true);
    await expect(page.getByText("No pending invitations.").isVisible()).resolves.toBe(true);
    await expect(page.locator("#invite-role option").allTextContents()).resolves.toEqual(["Owner", "Admin", "Coordinator", "Viewer"]);
    await axeCheck("console staff (empty)");

    // A bad address: the API's message, next to the field, which gets focus.
    await page.getByLabel("Email address").fill("not-an-email");
    await page.getByRole("button", { name: "Send invitation" }).click();
    const emailError = page.locator("#invite-email-error");
    await expect.poll(() => emailError.textContent(), SOON).toBe("Email address must be an email address.");
    await expect(page.getByLabel("Email address").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(description("#invite-email")).resolves.toContain("Email address must be an email address.");
    await expect.poll(focusedId, SOON).toBe("invite-email");
    await axeCheck("console staff (bad email)");
    await screenshot(page, "console-staff-error");
    // Typing again clears it.
    await page.getByLabel("Email address").fill(ownerEmail);
    await expect(emailError.count()).resolves.toBe(0);

    // Someone already on the staff (409): said at the address too.
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect.poll(() => emailError.textContent(), SOON).toContain("is already on the staff of Lakeside Academy");
    expect((await staffList(slug)).invitations).toEqual([]);

    // A good invitation: announced, listed under Pending invitations, and the form is ready for the next.
    await page.getByLabel("Email address").fill(inviteeEmail);
    await page.getByLabel("Role").selectOption("admin");
    await expect(description("#invite-role")).resolves.toContain("Manages staff, settings and every program.");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect.poll(() => inviteStatus.textContent(), SOON).toBe(`Invitation sent to ${inviteeEmail} as an admin. It's listed under Pending invitations until they join.`);
    const row = invitations.locator("li", { hasText: inviteeEmail });
    await expect(row.textContent()).resolves.toMatch(/Expires .*2\d{3}.*Admin/);
    await expect(page.getByLabel("Email address").inputValue()).resolves.toBe("");
    await expect.poll(focusedId, SOON).toBe("invite-email");
    const listed = await staffList(slug);
    expect(listed.invitations).toMatchObject([{ email: inviteeEmail, role: "admin" }]);
    await axeCheck("console staff (invited)");
    await screenshot(page, "console-staff");
    await fitsPhone("console-staff");

    // Revoking asks first, then removes the invitation (also for the API), and focus stays in the page.
    await row.getByRole("button", { name: `Revoke the invitation to ${inviteeEmail}` }).click();
    await expect.poll(focusedId, SOON).toBe("invitation-confirm-revoke");
    await expect(row.getByRole("group").textContent()).resolves.toContain("The link in their email will stop working.");
    await axeCheck("console staff (confirm revoke)");
    await page.getByRole("button", { name: "Revoke invitation" }).click();
    await expect.poll(() => invitations.locator('[role="status"]').textContent(), SOON).toBe(`Revoked the invitation to ${inviteeEmail}. The link in their email no longer works.`);
    await expect(invitations.locator("li").count()).resolves.toBe(0);
    await expect(page.getByText("No pending invitations.").isVisible()).resolves.toBe(true);
    await expect.poll(focusedId, SOON).toBe("invite-email");
    expect((await staffList(slug)).invitations).toEqual([]);
    await axeCheck("console staff (revoked)");

    // The old dashboard address leads here too: to the overview, whose next steps link to Staff.
    await page.goto(`${dev.url}/t/${slug}`);
    await page.waitForURL((url) => url.pathname === `/console/${slug}`);
    const steps = page.locator("section", { has: page.getByRole("heading", { name: "What to do next" }) });
    await expect(steps.getByRole("link", { name: "Staff" }).getAttribute("href")).resolves.toBe(`/console/${slug}/staff`);

    expect(watch.problems).toEqual([]);
  });
});
