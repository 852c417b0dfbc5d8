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
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { expectFitsPhone, type PageWatch, screenshot } from "./browser.js";
import { signInFromOutbox, signUp, useDevAndBrowser } from "./harness.js";

/** expect.poll waits one second by default; pages that load over the API need longer. */
const SOON = { timeout: 15_000, interval: 100 };
const harness = useDevAndBrowser("console-staff");
const { dev } = harness;
let context: BrowserContext;
let page: Page;
let watch: PageWatch;

beforeAll(async () => {
  page = await harness.newPage("console", { viewport: { width: 1280, height: 900 }, locale: "en-US", timezoneId: "America/Chicago" });
  context = page.context();
  watch = harness.watchOf(page);
});

const axeCheck = (label: string) => harness.axeCheck(page, label);


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
    await signUp(dev, { name: "Lakeside Academy", slug, kind: "school", timezone: "America/Chicago" }, { name: "Ola Owner", email: ownerEmail });
    await signInFromOutbox(dev, page, ownerEmail, `/console/${slug}`);
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
    await expectFitsPhone(page, "console-staff");

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
