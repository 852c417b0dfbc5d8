/// <reference lib="dom" />
/**
 * "All my applications" (issue #7's participant portal) in a real browser
 * against the real `pnpm dev` runner. An institution is set up through the API
 * as a coordinator would: Maya applies as a mentee to one program (approved,
 * matched with Bianca) and as a mentor to another (still under review). Maya
 * opens the page without a link, asks for one by email, opens it from the dev
 * outbox (the token leaves the address at once), sees both applications with
 * their status and next step, reloads, narrows the window to 375 px, and
 * follows "Open your mentoring space" by keyboard into her portal, whose
 * footer links back. An expired link, a broken one and an address with no
 * applications are shown too. axe checks each state; no script error or CSP
 * violation anywhere.
 */
import { openDatabase } from "@tandem/db";
import type { Page } from "playwright-core";
import { describe, expect, it, onTestFailed } from "vitest";
import { screenshot } from "./browser.js";
import { linkTo as outboxLinkTo, sign, StaffClient, useDevAndBrowser } from "./harness.js";

const SOON = { timeout: 15_000, interval: 100 };
const DAY_MS = 86_400_000;
const harness = useDevAndBrowser("my-applications", { context: { viewport: { width: 1100, height: 900 }, locale: "en-US", timezoneId: "America/Chicago" } });
const { dev, newPage, axeCheck, watches } = harness;

// ---------------------------------------------------------------- helpers

/** The API as the signed-in coordinator (or anyone, before sign-in), from Node. */
const staff = new StaffClient(dev);
const call = (method: string, path: string, body?: unknown) => staff.call(method, path, body);

/** The newest link to `to` containing `pathPart`, on this run's server (path, query and fragment kept), or null after `timeout`. */
const linkTo = (to: string, pathPart: string, timeout = 20_000) => outboxLinkTo(dev, to, pathPart, { timeout, hash: true });

/** An "all my applications" token as signed-links.ts makes it: `my1.<tenant>.<email, base64url>.<expiry>`, HMAC-SHA-256 of "my-applications\n<payload>". */
const myApplicationsToken = (tenantId: string, email: string, expiresAt: number) =>
  sign("my-applications", ["my1", tenantId, Buffer.from(email).toString("base64url"), String(expiresAt)].join("."));

async function tenantIdOf(slug: string): Promise<string> {
  const { client } = openDatabase({ url: `http://127.0.0.1:${harness.dbPort}` });
  try {
    const tenant = await client.execute({ sql: "SELECT id FROM tenants WHERE slug = ?", args: [slug] });
    return String(tenant.rows[0]!.id);
  } finally {
    client.close();
  }
}

/** Presses Tab until `name` has focus (keyboard only, as a person would), or fails after `max` presses. */
async function tabTo(page: Page, name: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if ((await page.evaluate(() => document.activeElement?.textContent?.trim())) === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

const answers = (overrides: Record<string, unknown>) => ({
  major: "biology",
  year: 1,
  goals: ["study_habits"],
  interests: ["music", "hiking"],
  availability: ["mon_evening"],
  languages: ["en"],
  bio: "I like music and hiking.",
  ...overrides,
});

// ---------------------------------------------------------------- the journey

describe("all my applications (issue #7)", () => {
  const tag = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1e3).toString(36)}`;
  const slug = `mine-${tag}`;
  const institution = "Riverside College";
  const maya = `maya-${tag}@example.test`;
  const page = () => `${dev.url}/my-applications?t=${slug}`;
  let tenantId = "";
  let listPage: Page;

  it("sets up two programs: Maya matched as a mentee in one, under review as a mentor in the other", async () => {
    onTestFailed(() => console.error(`dev output (tail):\n${dev.output().slice(-6000)}`));
    const ownerEmail = `owner-${tag}@example.test`;
    await call("POST", "/api/v1/signup", { institution: { name: institution, slug, kind: "university", timezone: "America/Chicago" }, admin: { name: "Olive Owner", email: ownerEmail } });
    const verify = new URL((await linkTo(ownerEmail, "/auth/verify"))!);
    await call("POST", "/api/v1/auth/verify", { token: verify.searchParams.get("token") });
    tenantId = await tenantIdOf(slug);

    const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
    const apply = async (program: string, role: "mentor" | "mentee", first: string, last: string, email: string, extra: Record<string, unknown> = {}) =>
      (await call("POST", `/api/v1/t/${slug}/join/${program}/${role}`, { answers: { first_name: first, last_name: last, email, ...answers({ year: role === "mentor" ? 3 : 1, ...extra }) }, startedAt: Date.now() - 60_000 })).application.id as string;

    await call("POST", `/api/v1/t/${slug}/programs`, { name: "Peer Mentors", slug: "peer-mentors", type: "peer", mentorCapacity: 1, startsOn: day(-3), endsOn: day(120) });
    await call("POST", `/api/v1/t/${slug}/programs/peer-mentors/status`, { status: "enrolling" });
    const bianca = await apply("peer-mentors", "mentor", "Bianca", "Okafor", `bianca-${tag}@example.test`);
    const mayaMentee = await apply("peer-mentors", "mentee", "Maya", "Lund", maya);
    await call("POST", `/api/v1/t/${slug}/programs/peer-mentors/applications/decisions`, { ids: [bianca, mayaMentee], decision: "approved" });
    await call("POST", `/api/v1/t/${slug}/programs/peer-mentors/status`, { status: "matching" });
    const run = await call("POST", `/api/v1/t/${slug}/programs/peer-mentors/matching/runs`, {});
    await call("POST", `/api/v1/t/${slug}/programs/peer-mentors/matching/runs/${run.run.id}/approve`);
    await call("POST", `/api/v1/t/${slug}/programs/peer-mentors/status`, { status: "active" });

    // A moment later, Maya offers to mentor first-years in a second program.
    await new Promise((resolve) => setTimeout(resolve, 20));
    await call("POST", `/api/v1/t/${slug}/programs`, { name: "Study Buddies", slug: "study-buddies", type: "peer" });
    await call("POST", `/api/v1/t/${slug}/programs/study-buddies/status`, { status: "enrolling" });
    await apply("study-buddies", "mentor", "Maya", "Lund", maya);
  });

  it("asks for a link without one, then opens it from the email and sees both applications", async () => {
    onTestFailed(() => console.error(`dev output (tail):\n${dev.output().slice(-6000)}`));
    listPage = await newPage("my applications");
    await listPage.goto(page());
    await listPage.getByRole("heading", { name: `Your applications at ${institution}` }).waitFor({ timeout: 15_000 });
    await listPage.getByRole("heading", { name: "Email me a link to my applications" }).waitFor();
    await axeCheck(listPage, "my applications (no link)");

    // Checked in the browser first, by keyboard alone.
    await tabTo(listPage, "Email me a link");
    await listPage.keyboard.press("Enter");
    await expect.poll(() => listPage.locator("#request-email-error").textContent(), SOON).toBe("Enter the email address you applied with.");
    expect(await listPage.evaluate(() => document.activeElement?.id)).toBe("request-email");
    await listPage.keyboard.type(maya.toUpperCase());
    await listPage.keyboard.press("Enter");
    await expect.poll(() => listPage.locator("#request-status").textContent(), SOON).toContain(`Check your inbox for ${maya.toUpperCase()}`);
    expect(await listPage.locator("#request-status").textContent()).toContain("If this address has applications here");
    await axeCheck(listPage, "my applications (link sent)");

    const link = await linkTo(maya, "/my-applications?");
    expect(link).toMatch(new RegExp(`/my-applications\\?t=${slug}#token=`));
    await listPage.goto(link!);
    await listPage.getByRole("heading", { name: "Peer Mentors" }).waitFor({ timeout: 15_000 });
    // The token left the address bar (and the history) as soon as the page read it.
    expect(listPage.url()).toBe(`${dev.url}/my-applications?t=${slug}`);
    expect(await listPage.locator("#lead").textContent()).toBe(`Your 2 applications, made with ${maya}, newest first.`);
    const cards = listPage.locator("#applications > li");
    expect(await cards.locator("h2").allTextContents()).toEqual(["Study Buddies", "Peer Mentors"]);
    const [review, matched] = [cards.nth(0), cards.nth(1)];
    expect(await review.locator(".badge").textContent()).toBe("Under review");
    expect(await review.locator(".application-meta").textContent()).toBe("Mentor · Peer mentoring");
    expect(await review.locator(".next-step").textContent()).toMatch(/^Next step: Under review/);
    expect(await review.getByRole("link").count()).toBe(0);
    expect(await matched.locator(".badge").textContent()).toBe("Matched");
    expect(await matched.locator(".application-meta").textContent()).toMatch(/^Mentee · Peer mentoring · /);
    expect(await matched.locator(".next-step").textContent()).toMatch(/^Next step: Matched with Bianca/);
    expect(await matched.getByRole("link", { name: "Open your mentoring space with Bianca" }).getAttribute("href")).toMatch(/\/portal\?t=/);
    await axeCheck(listPage, "my applications (the list)");
    await screenshot(listPage, "my-applications");

    // A reload keeps working: the link stays with this tab, not in the address.
    await listPage.reload();
    await listPage.getByRole("heading", { name: "Peer Mentors" }).waitFor({ timeout: 15_000 });
    expect(listPage.url()).toBe(`${dev.url}/my-applications?t=${slug}`);
  });

  it("fits a 375 px phone, and leads by keyboard into the mentoring space, whose footer links back", async () => {
    await listPage.setViewportSize({ width: 375, height: 800 });
    await listPage.getByRole("heading", { name: "Peer Mentors" }).waitFor();
    expect(await listPage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await axeCheck(listPage, "my applications (375 px)");
    await screenshot(listPage, "my-applications-phone");

    await listPage.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await tabTo(listPage, "Open your mentoring space with Bianca");
    await listPage.keyboard.press("Enter");
    await listPage.waitForURL((url) => url.pathname === "/portal", { timeout: 15_000 });
    await listPage.getByRole("heading", { name: "Hi Maya: your mentoring with Bianca" }).waitFor({ timeout: 15_000 });
    const back = listPage.getByRole("link", { name: "All my applications" });
    expect(await back.getAttribute("href")).toBe(`/my-applications?t=${slug}`);
    await back.click();
    await listPage.getByRole("heading", { name: "Peer Mentors" }).waitFor({ timeout: 15_000 });

    // The application's own page links here too.
    const status = await newPage("application status");
    await status.goto((await linkTo(maya, "/applications/status"))!);
    await status.getByRole("heading", { name: /Your application to/ }).waitFor({ timeout: 15_000 });
    expect(await status.getByRole("link", { name: "All my applications" }).getAttribute("href")).toBe(`/my-applications?t=${slug}`);
  });

  it("explains an expired link and a broken one, offering a new link, and says when an address has no applications", async () => {
    const expired = await newPage("my applications (expired link)");
    await expired.goto(`${page()}#token=${encodeURIComponent(await myApplicationsToken(tenantId, maya, Date.now() - DAY_MS))}`);
    await expired.getByRole("heading", { name: "This link has expired" }).waitFor({ timeout: 15_000 });
    await expect.poll(() => expired.evaluate(() => document.activeElement?.id), SOON).toBe("link-problem-title");
    expect(await expired.locator("#link-problem-detail").textContent()).toMatch(/links work for 7 days/);
    expect(await expired.getByRole("heading", { name: "Email me a new link" }).isVisible()).toBe(true);
    expect(await expired.locator("#applications > li").count()).toBe(0);
    expect(expired.url()).toBe(`${dev.url}/my-applications?t=${slug}`);
    await axeCheck(expired, "my applications (expired link)");
    await screenshot(expired, "my-applications-expired");
    await expired.getByLabel("Your email address").fill(maya);
    await expired.getByRole("button", { name: "Email me a link" }).click();
    await expect.poll(() => expired.locator("#request-status").textContent(), SOON).toContain("If this address has applications here");

    const broken = await newPage("my applications (broken link)");
    await broken.goto(`${page()}#token=my1.not-a-real-link`);
    await broken.getByRole("heading", { name: "This link doesn't work" }).waitFor({ timeout: 15_000 });
    await axeCheck(broken, "my applications (broken link)");

    const nobody = await newPage("my applications (no applications)");
    await nobody.goto(`${page()}#token=${encodeURIComponent(await myApplicationsToken(tenantId, `nobody-${tag}@example.test`, Date.now() + DAY_MS))}`);
    await nobody.locator("#empty").waitFor({ timeout: 15_000 });
    expect(await nobody.locator("#empty").textContent()).toContain("No applications with this address yet.");
    expect(await nobody.locator("#applications").isHidden()).toBe(true);
    await axeCheck(nobody, "my applications (none)");

    const nowhere = await newPage("my applications (no institution)");
    await nowhere.goto(`${dev.url}/my-applications`);
    await nowhere.getByRole("heading", { name: "This link is incomplete" }).waitFor({ timeout: 15_000 });
    await axeCheck(nowhere, "my applications (no institution)");
  });

  it("had no script errors, CSP violations or failed loads on any page", () => {
    for (const { label, watch } of watches) expect(watch.problems, `problems on ${label}`).toEqual([]);
  });
});
