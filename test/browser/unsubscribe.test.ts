/// <reference lib="dom" />
/**
 * The unsubscribe page of reminder emails (issue #6, "No spam"), in a real
 * browser against the real `pnpm dev` runner. An institution signs up through
 * the API; the test signs a "stop check-in reminders" link as the Worker does
 * (services/signed-links.ts) with the dev runner's AUTH_SECRET. Opening the
 * link changes nothing (mail scanners open links); the button stops the
 * reminders, the page says so (also after a reload), and "Undo" brings them
 * back. A mail client opening the List-Unsubscribe URL (the API) in a browser
 * lands on the same page, and a forged link is explained. axe checks each state.
 */
import { openDatabase } from "@tandem/db";
import { describe, expect, it, onTestFailed } from "vitest";
import { screenshot } from "./browser.js";
import { sign, useDevAndBrowser } from "./harness.js";

const SOON = { timeout: 15_000, interval: 100 };
const harness = useDevAndBrowser("unsubscribe", { context: { viewport: { width: 1000, height: 800 }, locale: "en-US" } });
const { dev } = harness;

/** An unsubscribe token as signed-links.ts makes it: `u1~tenant~recipient~kind`, HMAC-SHA-256 of "unsubscribe\n<payload>", base64url. */
const unsubscribeToken = (tenantId: string, recipientId: string, kind: string) => sign("unsubscribe", ["u1", tenantId, recipientId, kind].join("~"));

/** What the person has stopped, read straight from the dev database. */
async function stoppedKinds(tenantId: string, recipientId: string): Promise<string[]> {
  const { client } = openDatabase({ url: `http://127.0.0.1:${harness.dbPort}` });
  try {
    const rows = await client.execute({ sql: "SELECT kind FROM reminder_preferences WHERE tenant_id = ? AND recipient_id = ? ORDER BY kind", args: [tenantId, recipientId] });
    return rows.rows.map((row) => String(row.kind));
  } finally {
    client.close();
  }
}

const expectAccessible = harness.axeCheck;

describe("the unsubscribe page", () => {
  it("changes nothing on opening, unsubscribes on the button, and undoes it", async () => {
    onTestFailed(() => console.error(`dev output (tail):\n${dev.output().slice(-6000)}`));
    const tag = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1e3).toString(36)}`;
    const slug = `unsub-${tag}`;
    const response = await fetch(`${dev.url}/api/v1/signup`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: dev.url },
      body: JSON.stringify({ institution: { name: "Harbor College", slug, kind: "university", timezone: "America/Chicago" }, admin: { name: "Olive Owner", email: `owner-${tag}@example.test` } }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const { client } = openDatabase({ url: `http://127.0.0.1:${harness.dbPort}` });
    const tenantId = String((await client.execute({ sql: "SELECT id FROM tenants WHERE slug = ?", args: [slug] })).rows[0]!.id);
    client.close();
    const personId = crypto.randomUUID();
    const token = await unsubscribeToken(tenantId, personId, "checkin.due");

    const page = await harness.newPage("unsubscribe");
    const watch = harness.watchOf(page);

    // Opening the link asks first, and changes nothing.
    await page.goto(`${dev.url}/unsubscribe?t=${slug}&token=${encodeURIComponent(token)}`);
    await page.getByRole("heading", { name: "Stop these emails?" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#confirm-detail").textContent()).toBe("You will no longer get check-in reminders from Harbor College. You can undo this on this page.");
    expect(await stoppedKinds(tenantId, personId)).toEqual([]);
    await expectAccessible(page, "unsubscribe (confirm)");
    await screenshot(page, "unsubscribe-confirm");

    // The button stops them at once.
    await page.getByRole("button", { name: "Unsubscribe" }).click();
    await page.getByRole("heading", { name: "You are unsubscribed" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#done-detail").textContent()).toContain("You will get no more check-in reminders from Harbor College.");
    expect(await page.getByRole("heading", { name: "Stop these emails?" }).isVisible()).toBe(false);
    expect(await stoppedKinds(tenantId, personId)).toEqual(["checkin.due"]);
    await expectAccessible(page, "unsubscribe (done)");
    await screenshot(page, "unsubscribe-done");

    // Opened again later, the link says it is done.
    await page.reload();
    await page.getByRole("heading", { name: "You are unsubscribed" }).waitFor({ timeout: 15_000 });

    // Undo: they come again, and the page offers to stop them once more.
    await page.getByRole("button", { name: "Undo: send them again" }).click();
    await expect.poll(() => page.getByRole("status").textContent(), SOON).toContain("Check-in reminders will come again.");
    await page.getByRole("heading", { name: "Stop these emails?" }).waitFor({ timeout: 15_000 });
    expect(await stoppedKinds(tenantId, personId)).toEqual([]);
    await expectAccessible(page, "unsubscribe (resubscribed)");

    // A mail client without one-click opens the List-Unsubscribe URL (the API) in a browser: it lands on the page, which asks first.
    const all = await unsubscribeToken(tenantId, personId, "all");
    await page.goto(`${dev.url}/api/v1/t/${slug}/unsubscribe?token=${encodeURIComponent(all)}`);
    await page.waitForURL((url) => url.pathname.startsWith("/unsubscribe"), { timeout: 15_000 });
    await page.getByRole("heading", { name: "Stop these emails?" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#confirm-detail").textContent()).toContain("all reminders");
    expect(await stoppedKinds(tenantId, personId)).toEqual([]);

    // A link that was tampered with is explained, not obeyed.
    await page.goto(`${dev.url}/unsubscribe?t=${slug}&token=${encodeURIComponent(token.replace("checkin.due", "survey.open"))}`);
    await page.getByRole("heading", { name: "This link can't be used" }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole("button", { name: "Unsubscribe" }).isVisible()).toBe(false);
    await expectAccessible(page, "unsubscribe (invalid link)");

    expect(watch.problems).toEqual([]);
  });
});
