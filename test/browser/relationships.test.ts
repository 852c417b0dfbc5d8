/// <reference lib="dom" />
/**
 * Issue #6 in the product, in a real browser against the real `pnpm dev`
 * runner. A peer program is set up through the API as a coordinator would
 * (sign-up, program, two applications, a matching run approved); the match is
 * then back-dated in the dev database so the pair has been silent for longer
 * than 1.5× the cadence. The coordinator sees it as needing attention on the
 * Pairs page; the mentee opens their portal, agrees to the expectations, adds a
 * goal, logs a meeting and answers the open pulse survey; the coordinator
 * reloads and sees the pair on track, opens its details and logs a support
 * contact. The one-click check-in page (recorded, already recorded, a call for
 * help the coordinator resolves, an expired link) and an expired portal link
 * (with "email me a new link") are checked too, as is closing the match.
 * Reminder emails written into the dev database's ledger (and a dead-lettered
 * one) show on the Pairs page and in the pair's details, with why each was
 * sent; the coordinator changes the program's survey calendar settings, meets
 * a field error for a value out of range, and sees the calendar change.
 * axe checks every state; screenshots go to test-artifacts/screenshots (and,
 * with UPDATE_README_SCREENSHOTS=1, portal.png and relationships.png to docs/screenshots).
 */
import { readFileSync } from "node:fs";
import { openDatabase } from "@tandem/db";
import type { Page } from "playwright-core";
import { describe, expect, it, onTestFailed } from "vitest";
import { screenshot } from "./browser.js";
import { emailsTo as outboxEmailsTo, linkTo as outboxLinkTo, sign, StaffClient, useDevAndBrowser } from "./harness.js";

/** expect.poll waits one second by default; pages that load over the API need longer. */
const SOON = { timeout: 15_000, interval: 100 };
const DAY_MS = 86_400_000;
const harness = useDevAndBrowser("relationships", { context: { viewport: { width: 1200, height: 900 }, locale: "en-US", timezoneId: "America/Chicago", acceptDownloads: true } });
const { dev, newPage, axeCheck, watches } = harness;

// ---------------------------------------------------------------- helpers

/** The API as the signed-in coordinator (or anyone, before sign-in), from Node. */
const staff = new StaffClient(dev);
const call = (method: string, path: string, body?: unknown) => staff.call(method, path, body);

const emailsTo = (to: string) => outboxEmailsTo(dev, to);

/** The newest link to `to` containing `pathPart` (and not one of `except`), on this run's server, or null after `timeout`. */
const linkTo = (to: string, pathPart: string, timeout = 20_000, except: string[] = []) => outboxLinkTo(dev, to, pathPart, { timeout, except });

/** A calendar date `offset` days from today (UTC), `YYYY-MM-DD`. */
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

// ---------------------------------------------------------------- signed links, as workers/app/src/services/signed-links.ts makes them

const portalToken = (ids: { tenantId: string; matchId: string; applicationId: string }, expiresAt: number) =>
  sign("portal", ["p1", ids.tenantId, ids.matchId, ids.applicationId, String(expiresAt)].join("."));

const checkinLink = (ids: { tenantId: string; matchId: string; personId: string }, answer: "met" | "not_yet" | "need_help", minutes: number | null, expiresAt: number) =>
  sign("checkin", ["c1", ids.tenantId, ids.matchId, ids.personId, crypto.randomUUID(), answer, minutes === null ? "-" : String(minutes), String(expiresAt)].join("."));

// ---------------------------------------------------------------- the journey

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

describe("the mentoring relationship (issue #6)", () => {
  const tag = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1e3).toString(36)}`;
  const slug = `pairs-${tag}`;
  const program = "peer-mentors";
  const ownerEmail = `owner-${tag}@example.test`;
  const pairsUrl = () => `${dev.url}/relationships.html?tenant=${slug}&program=${program}`;
  const ids = { tenantId: "", programId: "", matchId: "", atRiskMatchId: "", mentorId: "", menteeId: "", leoId: "" };
  const people = { mentorEmail: `bianca-${tag}@example.test`, menteeEmail: `maya-${tag}@example.test` };
  let coordinator: Page;
  let portalUrl = "";

  it("shows the coordinator a silent pair as needing attention", async () => {
    onTestFailed(() => console.error(`dev output (tail):\n${dev.output().slice(-6000)}`));
    await call("POST", "/api/v1/signup", {
      institution: { name: "Riverside College", slug, kind: "university", timezone: "America/Chicago" },
      admin: { name: "Olive Owner", email: ownerEmail },
    });
    const verify = new URL((await linkTo(ownerEmail, "/auth/verify"))!);
    await call("POST", "/api/v1/auth/verify", { token: verify.searchParams.get("token") });

    // A program that started a month ago, so its first pulse survey (4 weeks in, open a week) is open today.
    const base = `/api/v1/t/${slug}/programs/${program}`;
    await call("POST", `/api/v1/t/${slug}/programs`, { name: "Peer Mentors", slug: program, type: "peer", mentorCapacity: 2, startsOn: day(-30), endsOn: day(120) });
    await call("POST", `${base}/status`, { status: "enrolling" });
    const apply = async (role: "mentor" | "mentee", first: string, last: string, email: string, extra: Record<string, unknown>) => {
      const result = await call("POST", `/api/v1/t/${slug}/join/${program}/${role}`, {
        answers: { first_name: first, last_name: last, email, ...answers({ year: role === "mentor" ? 3 : 1, ...extra }) },
        startedAt: Date.now() - 60_000,
      });
      return result.application.id as string;
    };
    // Maya shares Bianca's major and interests; Leo and Ana share Paul's.
    const history = { major: "history", interests: ["chess"], goals: ["time_management"], bio: "History and chess." };
    ids.mentorId = await apply("mentor", "Bianca", "Okafor", people.mentorEmail, { bio: "Biology senior who loves music and hiking." });
    const paul = await apply("mentor", "Paul", "Lindqvist", `paul-${tag}@example.test`, history);
    ids.menteeId = await apply("mentee", "Maya", "Okafor", people.menteeEmail, {});
    const leo = await apply("mentee", "Leo", "Brandt", `leo-${tag}@example.test`, history);
    ids.leoId = leo;
    const ana = await apply("mentee", "Ana", "Silva", `ana-${tag}@example.test`, history);
    await call("POST", `${base}/applications/decisions`, { ids: [ids.mentorId, paul, ids.menteeId, leo, ana], decision: "approved" });
    await call("POST", `${base}/status`, { status: "matching" });
    const run = await call("POST", `${base}/matching/runs`, {});
    expect(run.proposal.pairs).toHaveLength(3);
    expect(run.proposal.pairs.find((pair: any) => pair.mentee.id === ids.menteeId).mentor.id).toBe(ids.mentorId);
    await call("POST", `${base}/matching/runs/${run.run.id}/approve`);
    await call("POST", `${base}/status`, { status: "active" });

    // The API cannot make a match older than today: back-date them in the dev database.
    // Maya's pair: 22 days without a check-in, cadence 14 days: past 1.5× (21), not yet 2× (28).
    // Leo's: 30 days, past 2×. Ana's started today.
    const { client } = openDatabase({ url: `http://127.0.0.1:${harness.dbPort}` });
    const matchOf = async (mentee: string) => {
      const found = await client.execute({ sql: "SELECT id FROM matches WHERE tenant_id = ? AND mentee_application_id = ?", args: [ids.tenantId, mentee] });
      return String(found.rows[0]!.id);
    };
    try {
      const tenant = await client.execute({ sql: "SELECT id FROM tenants WHERE slug = ?", args: [slug] });
      ids.tenantId = String(tenant.rows[0]!.id);
      const programRow = await client.execute({ sql: "SELECT id FROM programs WHERE tenant_id = ? AND slug = ?", args: [ids.tenantId, program] });
      ids.programId = String(programRow.rows[0]!.id);
      ids.matchId = await matchOf(ids.menteeId);
      ids.atRiskMatchId = await matchOf(leo);
      await client.execute({ sql: "UPDATE matches SET started_at = ? WHERE tenant_id = ? AND id = ?", args: [Date.now() - 22 * DAY_MS, ids.tenantId, ids.matchId] });
      await client.execute({ sql: "UPDATE matches SET started_at = ? WHERE tenant_id = ? AND id = ?", args: [Date.now() - 30 * DAY_MS, ids.tenantId, ids.atRiskMatchId] });
    } finally {
      client.close();
    }

    // The coordinator signs in straight to the program's Pairs page.
    coordinator = await newPage("pairs page");
    await call("POST", "/api/v1/auth/sign-in-link", { email: ownerEmail, next: `/relationships.html?tenant=${slug}&program=${program}` });
    await coordinator.goto((await linkTo(ownerEmail, "/auth/verify", 20_000, [verify.toString()]))!);
    await coordinator.waitForURL((url) => url.pathname === "/relationships" || url.pathname === "/relationships.html", { timeout: 20_000 });
    await coordinator.getByRole("heading", { name: "Pairs: Peer Mentors" }).waitFor({ timeout: 15_000 });
    const row = coordinator.locator(`#pair-rows tr[data-match="${ids.matchId}"]`);
    await expect.poll(() => row.getAttribute("data-health"), SOON).toBe("needs_attention");
    expect(await row.locator(".health").textContent()).toContain("Needs attention");
    expect(await row.textContent()).toMatch(/No check-in since the match started 22 days ago/);
    expect(await row.textContent()).toContain("Maya Okafor");
    expect(await row.textContent()).toContain("Neither has agreed yet");
    // Most at risk first, each with its status written out.
    expect(await coordinator.locator("#pair-rows tr").evaluateAll((rows) => rows.map((tr) => tr.getAttribute("data-health")))).toEqual(["at_risk", "needs_attention", "on_track"]);
    expect(await coordinator.locator(`#pair-rows tr[data-match="${ids.atRiskMatchId}"] .health`).textContent()).toContain("At risk");
    for (const [figure, count] of [["at_risk", "1"], ["needs_attention", "1"], ["on_track", "1"]]) {
      expect(await coordinator.locator(`.figure-${figure} .figure-value`).textContent(), figure).toBe(count);
    }
    // The reminders section is on the page; until the cron sends one, it says when they go out.
    await coordinator.getByRole("heading", { name: "Reminders sent" }).waitFor();
    await expect.poll(() => coordinator.locator("#reminders-status").textContent(), SOON).toBe("");
    const sentSoFar = await coordinator.locator("#reminder-list > li").count();
    expect(await coordinator.locator("#reminders-empty").isVisible()).toBe(sentSoFar === 0);
    if (sentSoFar === 0) expect(await coordinator.locator("#reminders-empty").textContent()).toContain("between 8 am and 9 pm");
    expect(await coordinator.locator("#failures").isHidden()).toBe(true);
    await axeCheck(coordinator, "pairs page (needs attention)");
    await screenshot(coordinator, "relationships-needs-attention");

    // The page is linked from the program's page and the matching page.
    const programPage = await newPage("program page", coordinator.context());
    await programPage.goto(`${dev.url}/program.html?tenant=${slug}&program=${program}`);
    await expect.poll(() => programPage.getByRole("link", { name: "Pairs", exact: true }).getAttribute("href"), SOON).toBe(`/relationships.html?tenant=${slug}&program=${program}`);
  });

  it("lets the mentee agree, add a goal, log a meeting and answer the pulse survey in the portal", async () => {
    // The introduction may carry a portal link; if not, the test signs one as the Worker does.
    const fromEmail = await linkTo(people.menteeEmail, "/portal?", 5_000);
    portalUrl = fromEmail ?? `${dev.url}/portal?t=${slug}&token=${encodeURIComponent(await portalToken({ tenantId: ids.tenantId, matchId: ids.matchId, applicationId: ids.menteeId }, Date.now() + 30 * DAY_MS))}`;
    const page = await newPage("portal (mentee)");
    await page.goto(portalUrl);
    await page.getByRole("heading", { name: "Hi Maya: your mentoring with Bianca" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#agreement-state").textContent()).toContain("Bianca hasn't agreed yet");
    expect(await page.locator("#goals-empty").textContent()).toContain("No goals yet — add the first one together");
    expect(await page.locator("#checkins-empty").isVisible()).toBe(true);
    await expect.poll(() => page.locator("#survey").isVisible()).toBe(true);
    await axeCheck(page, "portal (first visit)");
    await screenshot(page, "portal-first-visit");

    // The agreement.
    await page.getByRole("button", { name: "I agree" }).click();
    await expect.poll(() => page.locator("#agreement-state").textContent(), SOON).toMatch(/You agreed on/);
    expect(await page.locator("#agree-row").isHidden()).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("agreement-title");

    // A video meeting link: https only, checked in the browser first.
    await page.getByLabel("Link to your video meeting room").fill("http://meet.example.org/maya");
    await page.getByRole("button", { name: "Save link" }).click();
    await expect.poll(() => page.locator("#meeting-url-error").textContent()).toBe("Use a secure link that starts with https://.");
    await page.getByLabel("Link to your video meeting room").fill("https://meet.example.org/maya-bianca");
    await page.getByRole("button", { name: "Save link" }).click();
    await expect.poll(() => page.locator("#meeting-link-status").textContent(), SOON).toContain("Meeting link saved");
    expect(await page.getByRole("link", { name: "https://meet.example.org/maya-bianca" }).isVisible()).toBe(true);

    // A goal with two steps; the form checks the title in the browser first.
    await page.getByText("Add a goal", { exact: true }).click();
    await page.getByRole("button", { name: "Add goal" }).click();
    await expect.poll(() => page.locator("#goal-title-error").textContent()).toBe("Write the goal in a few words.");
    await axeCheck(page, "portal (goal form with an error)");
    await page.getByLabel("Goal", { exact: true }).fill("Choose my second-year courses");
    await page.getByLabel("Why it matters").fill("So I take the prerequisites for the biology major in time.");
    await page.getByLabel("Target date").fill(day(40));
    await page.getByLabel("Milestones").fill("List the prerequisites\nTalk to an advisor");
    await page.getByRole("button", { name: "Add goal" }).click();
    const goal = page.locator(".goal").first();
    await expect.poll(() => goal.locator(".goal-title").textContent(), SOON).toBe("Choose my second-year courses");
    expect(await page.locator("#goals-status").textContent()).toContain("Goal added");
    await goal.getByLabel("List the prerequisites").check();
    await expect.poll(() => page.locator("#goals-status").textContent(), SOON).toContain("Step done: “List the prerequisites”");
    expect(await goal.textContent()).toContain("1 of 2 steps done");
    await goal.getByLabel("Progress", { exact: true }).fill("50");
    await goal.getByRole("button", { name: "Save progress" }).click();
    await expect.poll(() => page.locator("#goals-status").textContent(), SOON).toContain("saved: 50%");
    expect(await goal.textContent()).toContain("50% done");

    // A meeting, with a private reflection.
    await page.getByText("Log a meeting", { exact: true }).click();
    await page.getByLabel("How long (minutes)").fill("45");
    await page.getByLabel("How you met").selectOption("video");
    await page.getByLabel("Topics").fill("courses, study habits");
    await page.getByLabel("Shared note").fill("We looked at next year's course list together.");
    await page.getByLabel("Private reflection — only you can see this").fill("I was nervous, but it helped.");
    await page.getByRole("button", { name: "Log meeting" }).click();
    await expect.poll(() => page.locator("#checkin-rating-error").textContent()).toContain("Choose how it went");
    await page.getByLabel("4 — Well").check();
    await axeCheck(page, "portal (meeting form)");
    await page.getByRole("button", { name: "Log meeting" }).click();
    await expect.poll(() => page.locator("#checkins-status").textContent(), SOON).toMatch(/Meeting logged: .*45 minutes/);
    const meeting = page.locator("#checkin-list .checkin").first();
    expect(await meeting.textContent()).toContain("Video call");
    expect(await meeting.textContent()).toContain("Logged by You");
    expect(await meeting.locator(".private-note").textContent()).toContain("only you can see this");
    expect(await meeting.locator(".private-note").textContent()).toContain("I was nervous, but it helped.");

    // The pulse survey.
    expect(await page.locator("#survey-title").textContent()).toBe("Pulse survey 1");
    const rating = page.getByRole("group", { name: "How is your mentoring relationship going?" });
    await rating.getByLabel("4", { exact: true }).check();
    await page.getByLabel("Anything you would like to add? (optional)").fill("Going well so far.");
    await page.getByRole("button", { name: "Send answers" }).click();
    await expect.poll(() => page.locator("#survey-status").textContent(), SOON).toMatch(/your answers are saved/);
    expect(await page.locator("#survey-submit").textContent()).toBe("Save changes");
    await axeCheck(page, "portal (after the survey)");

    // A calendar invite for the next meeting.
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Add next meeting to calendar" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.ics$/);
    const ics = readFileSync((await file.path())!, "utf8");
    expect(ics).toContain("BEGIN:VCALENDAR");

    // Email settings.
    await page.getByLabel("Goal reminders").uncheck();
    await page.getByRole("button", { name: "Save email settings" }).click();
    await expect.poll(() => page.locator("#preferences-status").textContent(), SOON).toMatch(/Saved: you won't get that reminder/);

    await page.reload();
    await page.getByRole("heading", { name: "Hi Maya: your mentoring with Bianca" }).waitFor({ timeout: 15_000 });
    expect(await page.getByLabel("Goal reminders").isChecked()).toBe(false);
    expect(await page.getByRole("group", { name: "How is your mentoring relationship going?" }).getByLabel("4", { exact: true }).isChecked()).toBe(true);
    await axeCheck(page, "portal (returning)");
    await screenshot(page, "portal", { docs: true });
  });

  it("shows the coordinator the pair back on track, with its details", async () => {
    await coordinator.reload();
    const row = coordinator.locator(`#pair-rows tr[data-match="${ids.matchId}"]`);
    await expect.poll(() => row.getAttribute("data-health"), SOON).toBe("on_track");
    expect(await row.locator(".health").textContent()).toContain("On track");
    expect(await row.textContent()).toContain("Mentee agreed; mentor not yet");
    expect(await row.textContent()).toContain("Goals: 1 in progress");
    expect(await coordinator.locator(".figure-on_track .figure-value").textContent()).toBe("2");
    expect(await coordinator.locator(".figure-needs_attention .figure-value").textContent()).toBe("0");
    expect(await coordinator.locator("#pair-rows tr").first().getAttribute("data-health")).toBe("at_risk");
    await axeCheck(coordinator, "pairs page (on track)");
    await screenshot(coordinator, "relationships", { docs: true });

    await row.getByRole("button", { name: "Details of Maya Okafor and Bianca Okafor" }).click();
    const dialog = coordinator.locator("#detail-dialog");
    await dialog.getByRole("heading", { name: "Maya Okafor and Bianca Okafor" }).waitFor();
    const text = (await dialog.textContent()) ?? "";
    expect(text).toContain("Choose my second-year courses");
    expect(text).toContain("We looked at next year's course list together.");
    expect(text).toContain("Pulse survey 1");
    expect(text).toContain("rated 4/5");
    // A private reflection never reaches the coordinator.
    expect(text).not.toContain("I was nervous");
    await axeCheck(coordinator, "pair details");

    await dialog.getByLabel("Note").first().fill("Called Maya: all good, they meet on Mondays.");
    await dialog.getByRole("button", { name: "Log support contact" }).click();
    await expect.poll(() => dialog.locator("#support-status").textContent(), SOON).toMatch(/Support contact of .* logged/);
    expect(await dialog.locator("#contact-list").textContent()).toContain("Called Maya: all good");
    // Each of the pair has a rhythm of their own: the next contact is with both, in a month.
    expect(await dialog.locator("#support-due").textContent()).toMatch(/^Next by .+ \(the mentor and the mentee\)\. Best practice/);
    await screenshot(coordinator, "relationships-detail");
    await dialog.getByRole("button", { name: "Close", exact: true }).click();
    expect(await row.textContent()).toContain("Last:");
  });

  it("records one-click check-ins once, and a call for help the coordinator resolves", async () => {
    const page = await newPage("one-click check-in");
    const mentor = { tenantId: ids.tenantId, matchId: ids.matchId, personId: ids.mentorId };
    const met = await checkinLink(mentor, "met", 30, Date.now() + 14 * DAY_MS);
    const url = `${dev.url}/checkin?t=${slug}&link=${encodeURIComponent(met)}`;
    await page.goto(url);
    await page.getByRole("heading", { name: "Thanks — recorded" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#done-detail").textContent()).toBe("You met Maya for 30 minutes.");
    await axeCheck(page, "check-in page (recorded)");
    await screenshot(page, "checkin-recorded");
    // The same email's link again: nothing more is recorded.
    await page.reload();
    await page.getByRole("heading", { name: "Already recorded" }).waitFor({ timeout: 15_000 });
    await axeCheck(page, "check-in page (already recorded)");
    // The full form: the mentor's own portal.
    await page.getByRole("link", { name: "Add details in your mentoring space" }).click();
    await page.getByRole("heading", { name: "Hi Bianca: your mentoring with Maya" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#checkin-list").textContent()).toContain("Logged by Maya");
    expect(await page.locator("#checkin-list").textContent()).not.toContain("I was nervous");

    // "We need help" from the mentee reaches the coordinator, who resolves it.
    const help = await checkinLink({ tenantId: ids.tenantId, matchId: ids.matchId, personId: ids.menteeId }, "need_help", null, Date.now() + 14 * DAY_MS);
    await page.goto(`${dev.url}/checkin?t=${slug}&link=${encodeURIComponent(help)}`);
    await page.getByRole("heading", { name: "Thanks — recorded" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#done-next").textContent()).toContain("coordinator has been told");

    // The coordinator's alert email links to the pair itself: its details open with the page.
    const alert = await linkTo(ownerEmail, `match=${ids.matchId}`, 10_000);
    await coordinator.goto(alert ?? `${pairsUrl()}&match=${ids.matchId}`);
    const row = coordinator.locator(`#pair-rows tr[data-match="${ids.matchId}"]`);
    await expect.poll(() => row.textContent(), SOON).toContain("1 open request");
    const dialog = coordinator.locator("#detail-dialog");
    await dialog.getByRole("heading", { name: "Maya Okafor and Bianca Okafor" }).waitFor({ timeout: 15_000 });
    await dialog.getByRole("button", { name: /^Resolve Maya's request for help/ }).click();
    await expect.poll(() => dialog.locator("#detail-status").textContent(), SOON).toContain("Marked resolved");
    await axeCheck(coordinator, "pair details (help resolved)");
    await dialog.getByRole("button", { name: "Close", exact: true }).click();
    await expect.poll(() => row.textContent(), SOON).not.toContain("open request");

    // An expired one-click link.
    const old = await checkinLink(mentor, "met", 30, Date.now() - 1000);
    await page.goto(`${dev.url}/checkin?t=${slug}&link=${encodeURIComponent(old)}`);
    await page.getByRole("heading", { name: "This link has expired" }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole("button", { name: "Email me a link" }).isVisible()).toBe(true);
    await axeCheck(page, "check-in page (expired)");
  });

  it("offers a new link when a portal link has expired", async () => {
    const page = await newPage("portal (expired)");
    const expired = await portalToken({ tenantId: ids.tenantId, matchId: ids.matchId, applicationId: ids.menteeId }, Date.now() - 1000);
    await page.goto(`${dev.url}/portal?t=${slug}&token=${encodeURIComponent(expired)}`);
    await page.getByRole("heading", { name: "This link has expired" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#link-problem-detail").textContent()).toMatch(/expired/);
    await axeCheck(page, "portal (expired link)");
    await screenshot(page, "portal-expired");
    await page.getByRole("button", { name: "Email me a new link" }).click();
    await expect.poll(() => page.locator("#new-link-email-error").textContent()).toBe("Enter the email address you applied with.");
    const before = (await emailsTo(people.menteeEmail)).flatMap((email) => email.links);
    await page.getByLabel("Your email address").fill(people.menteeEmail);
    await page.getByRole("button", { name: "Email me a new link" }).click();
    await expect.poll(() => page.locator("#new-link-status").textContent(), SOON).toContain("Check your inbox");
    await axeCheck(page, "portal (new link sent)");

    // The new link works.
    const fresh = await linkTo(people.menteeEmail, "/portal?", 30_000, [...before, portalUrl]);
    expect(fresh, "a new portal link in the outbox").not.toBeNull();
    await page.goto(fresh!);
    await page.getByRole("heading", { name: "Hi Maya: your mentoring with Bianca" }).waitFor({ timeout: 15_000 });

    // A link with no token at all.
    await page.goto(`${dev.url}/portal?t=${slug}`);
    await page.getByRole("heading", { name: "This link is incomplete" }).waitFor({ timeout: 15_000 });
    await axeCheck(page, "portal (incomplete link)");
  });

  it("shows the coordinator what reminders were sent to whom and why, and those that failed", async () => {
    // Reminder emails as the delivery consumer records them (one email row, `digest`, and a row per reminder
    // it carried), and a reminder job that failed after every retry: the cron's timing and quiet hours are not the test's to wait for.
    const { client } = openDatabase({ url: `http://127.0.0.1:${harness.dbPort}` });
    const now = Date.now();
    const ledgerRow = (row: { key: string; digestKey: string; recipientId: string; role: string; kind: string; subjectType: string; subjectId: string; reason: string; email: string; at: number }) => ({
      sql: `INSERT INTO reminder_deliveries (tenant_id, key, digest_key, recipient_id, recipient_role, kind, subject_type, subject_id, period, reason, status, claim_token, attempts, email, created_at, sent_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'sent', ?, 1, ?, ?, ?)`,
      args: [ids.tenantId, row.key, row.digestKey, row.recipientId, row.role, row.kind, row.subjectType, row.subjectId, day(0), row.reason, `claim-${tag}`, row.email, row.at, row.at + 2000],
    });
    const mayaEmail = `test-digest:maya-${tag}`;
    const biancaEmail = `test-digest:bianca-${tag}`;
    const checkinReason = "No meeting logged with Bianca since the match started; Peer Mentors expects one every 14 days.";
    const common = { subjectType: "program", subjectId: ids.programId };
    try {
      await client.batch([
        ledgerRow({ key: mayaEmail, digestKey: mayaEmail, recipientId: ids.menteeId, role: "mentee", kind: "digest", ...common, reason: checkinReason, email: people.menteeEmail, at: now - 3_600_000 }),
        ledgerRow({ key: `test-item:maya-checkin-${tag}`, digestKey: mayaEmail, recipientId: ids.menteeId, role: "mentee", kind: "checkin.due", subjectType: "match", subjectId: ids.matchId, reason: checkinReason, email: people.menteeEmail, at: now - 3_600_000 }),
        ledgerRow({ key: biancaEmail, digestKey: biancaEmail, recipientId: ids.mentorId, role: "mentor", kind: "digest", ...common, reason: "2 reminders in one email (at most one a day).", email: people.mentorEmail, at: now - DAY_MS }),
        ledgerRow({ key: `test-item:bianca-agreement-${tag}`, digestKey: biancaEmail, recipientId: ids.mentorId, role: "mentor", kind: "agreement.unacknowledged", subjectType: "match", subjectId: ids.matchId, reason: "The agreement with Maya is not acknowledged; the match started on 2026-01-05.", email: people.mentorEmail, at: now - DAY_MS }),
        ledgerRow({ key: `test-item:bianca-survey-${tag}`, digestKey: biancaEmail, recipientId: ids.mentorId, role: "mentor", kind: "survey.open", subjectType: "survey", subjectId: "pulse-1", reason: "Pulse survey 1 is open until 2026-02-08 and not answered yet.", email: people.mentorEmail, at: now - DAY_MS }),
        {
          sql: "INSERT INTO failed_jobs (id, queue, kind, body, reason, attempts, tenant_id, failed_at) VALUES (?, 'jobs', 'reminders.deliver', ?, ?, 5, ?, ?)",
          args: [
            `failed-${tag}`,
            JSON.stringify({ kind: "reminders.deliver", key: `reminders.deliver:${tag}`, payload: { recipient: { personId: ids.leoId, role: "mentee", email: `leo-${tag}@example.test` }, localDate: day(0), items: [{ kind: "checkin.due", dedupeKey: `test-failed:${tag}`, context: { programId: ids.programId } }] } }),
            "The email provider refused the address (550 mailbox unavailable).",
            ids.tenantId,
            now - 600_000,
          ],
        },
      ]);
    } finally {
      client.close();
    }

    await coordinator.goto(pairsUrl());
    await coordinator.getByRole("heading", { name: "Pairs: Peer Mentors" }).waitFor({ timeout: 15_000 });
    const maya = coordinator.locator(`#reminder-list li[data-reminder="${mayaEmail}"]`);
    const bianca = coordinator.locator(`#reminder-list li[data-reminder="${biancaEmail}"]`);
    await expect.poll(() => maya.count(), SOON).toBe(1);
    const mayaText = (await maya.textContent()) ?? "";
    expect(mayaText).toContain("Check-in reminder");
    expect(mayaText).toContain("To Maya Okafor (mentee)");
    expect(mayaText).toContain(`Why: ${checkinReason}`);
    expect(await maya.locator("time").getAttribute("datetime")).toBe(new Date(now - 3_600_000 + 2000).toISOString());
    const biancaText = (await bianca.textContent()) ?? "";
    expect(biancaText).toContain("2 reminders in one email");
    expect(biancaText).toContain("To Bianca Okafor (mentor)");
    expect(await bianca.locator(".reminder-items li").allTextContents()).toEqual([
      "Agreement reminder: The agreement with Maya is not acknowledged; the match started on 2026-01-05.",
      "Survey invitation: Pulse survey 1 is open until 2026-02-08 and not answered yet.",
    ]);
    // Newest first.
    const order = await coordinator.locator("#reminder-list > li").evaluateAll((items) => items.map((item) => item.getAttribute("data-reminder")));
    expect(order.indexOf(mayaEmail)).toBeLessThan(order.indexOf(biancaEmail));
    expect(await coordinator.locator("#reminders-empty").isHidden()).toBe(true);

    // The reminder that could not be sent: what, to whom, when and why.
    const failures = coordinator.getByRole("region", { name: "1 reminder email could not be sent" });
    await failures.waitFor();
    const failure = (await failures.locator(`li[data-failure="failed-${tag}"]`).textContent()) ?? "";
    expect(failure).toContain("Check-in reminder");
    expect(failure).toContain(`To Leo Brandt (mentee), leo-${tag}@example.test`);
    expect(failure).toContain("after 5 attempts");
    expect(failure).toContain("Reason: The email provider refused the address (550 mailbox unavailable).");
    await axeCheck(coordinator, "pairs page (reminders sent, one failed)");
    await screenshot(coordinator, "relationships-reminders");

    // A pair's details list the emails sent to its two people, newest first.
    await coordinator.locator(`#pair-rows tr[data-match="${ids.matchId}"]`).getByRole("button", { name: /^Details of/ }).click();
    const dialog = coordinator.locator("#detail-dialog");
    await dialog.getByRole("heading", { name: "Maya Okafor and Bianca Okafor" }).waitFor({ timeout: 15_000 });
    const sentToPair = dialog.locator("#pair-reminder-list > li");
    await expect.poll(() => sentToPair.evaluateAll((items) => items.map((item) => item.getAttribute("data-reminder")).filter((key) => key?.startsWith("test-digest:"))), SOON).toEqual([mayaEmail, biancaEmail]);
    expect(await dialog.locator("#pair-reminders-empty").isHidden()).toBe(true);
    await axeCheck(coordinator, "pair details (reminders sent to them)");
    await dialog.getByRole("button", { name: "Close", exact: true }).click();
  });

  it("lets the coordinator change the survey calendar, with field errors from the API", async () => {
    await coordinator.getByRole("button", { name: "Surveys and first meeting" }).click();
    const settings = coordinator.locator("#settings-dialog");
    await settings.getByRole("heading", { name: "Surveys and first meeting" }).waitFor({ timeout: 15_000 });
    const calendar = settings.locator("#survey-calendar > li");
    // 150 days, pulse every 4 weeks: pulses on days 28, 56 and 112 (84 and 140 would overlap the evaluations), the midpoint on day 75, the final 14 days before the end.
    await expect.poll(() => calendar.count(), SOON).toBe(5);
    expect(await calendar.evaluateAll((items) => items.map((item) => item.getAttribute("data-survey")))).toEqual(["pulse-1", "pulse-2", "midpoint", "pulse-4", "final"]);
    expect(await settings.getByLabel("Every (weeks)").inputValue()).toBe("4");
    expect(await settings.getByLabel("Ask each pair how it is going every few weeks").isChecked()).toBe(true);
    expect(await calendar.first().textContent()).toContain("Pulse survey 1");
    await axeCheck(coordinator, "survey settings");

    // Out of range: the API's field error shows on its field.
    await settings.getByLabel("Every (weeks)").fill("30");
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => settings.locator("#settings-pulse-weeks-error").textContent(), SOON).toBe("Weeks between pulse surveys must be at most 26.");
    expect(await settings.getByLabel("Every (weeks)").getAttribute("aria-invalid")).toBe("true");
    expect(await settings.locator("#settings-status").textContent()).toContain("Fix the fields marked below");
    expect(await calendar.count()).toBe(5);
    await axeCheck(coordinator, "survey settings (field error)");

    // Every 2 weeks, and a first-meeting prompt: the calendar gets more pulses.
    await settings.getByLabel("Every (weeks)").fill("2");
    await settings.getByLabel("First-meeting prompt").fill("Share one thing you hope to learn this term.");
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => settings.locator("#settings-status").textContent(), SOON).toBe("Settings saved. The survey calendar below now has 9 surveys.");
    expect(await settings.locator("#settings-pulse-weeks-error").count()).toBe(0);
    expect(await calendar.count()).toBe(9);
    expect(await calendar.filter({ hasText: "Pulse survey" }).count()).toBe(7);
    await axeCheck(coordinator, "survey settings (saved)");
    await screenshot(coordinator, "relationships-settings");

    // No pulse surveys: the numbers they use are switched off, the evaluations stay.
    await settings.getByLabel("Ask each pair how it is going every few weeks").uncheck();
    expect(await settings.getByLabel("Every (weeks)").isDisabled()).toBe(true);
    await settings.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => settings.locator("#settings-status").textContent(), SOON).toBe("Settings saved. The survey calendar below now has 2 surveys.");
    expect(await calendar.evaluateAll((items) => items.map((item) => item.getAttribute("data-survey")))).toEqual(["midpoint", "final"]);
    await settings.getByRole("button", { name: "Close", exact: true }).click();

    // Saved on the server: opening again shows them.
    await coordinator.getByRole("button", { name: "Surveys and first meeting" }).click();
    await settings.getByRole("heading", { name: "Surveys and first meeting" }).waitFor();
    await expect.poll(() => settings.getByLabel("First-meeting prompt").inputValue(), SOON).toBe("Share one thing you hope to learn this term.");
    expect(await settings.getByLabel("Ask each pair how it is going every few weeks").isChecked()).toBe(false);
    expect(await settings.getByLabel("Every (weeks)").isDisabled()).toBe(true);
    await settings.getByRole("button", { name: "Close", exact: true }).click();
    await expect.poll(() => coordinator.evaluate(() => document.activeElement?.id), SOON).toBe("settings-open");

    // Back to the defaults, so the survey keys the rest of the journey knows stay as they were.
    await call("PUT", `/api/v1/t/${slug}/programs/${program}/relationship-settings`, { surveys: {}, firstMeetingPrompt: "" });
  });

  it("lets the coordinator close the match, which the portal then shows", async () => {
    const row = coordinator.locator(`#pair-rows tr[data-match="${ids.matchId}"]`);
    await row.getByRole("button", { name: /^Details of/ }).click();
    const dialog = coordinator.locator("#detail-dialog");
    await dialog.getByRole("button", { name: "Close match…" }).click();
    await expect.poll(() => dialog.locator("#close-reason-error").textContent()).toBe("Choose why the match closes.");
    await dialog.getByLabel("Reason").selectOption("goals_met_early");
    await dialog.getByRole("button", { name: "Close match…" }).click();
    await dialog.getByRole("group", { name: /Close the match of Maya Okafor and Bianca Okafor/ }).waitFor();
    await axeCheck(coordinator, "pair details (confirm closing)");
    await dialog.getByRole("button", { name: "Yes, close the match" }).click();
    await expect.poll(() => dialog.locator("#detail-status").textContent(), SOON).toContain("is closed");
    expect(await dialog.locator("#close-section").isHidden()).toBe(true);
    await dialog.getByRole("button", { name: "Close", exact: true }).click();
    await expect.poll(() => coordinator.locator(`#pair-rows tr[data-match="${ids.matchId}"]`).count(), SOON).toBe(0);
    expect(await coordinator.locator(".figure-closed .figure-value").textContent()).toBe("1");
    await coordinator.locator('label[for="show-closed"]').click();
    await expect.poll(() => coordinator.locator(`#pair-rows tr[data-match="${ids.matchId}"]`).textContent(), SOON).toContain("Goals met early");
    await axeCheck(coordinator, "pairs page (closed)");

    const page = await newPage("portal (closed)");
    await page.goto(portalUrl);
    await page.getByRole("heading", { name: "Hi Maya: your mentoring with Bianca" }).waitFor({ timeout: 15_000 });
    expect(await page.locator("#closed-note").textContent()).toMatch(/This match ended on .*Goals met early/);
    expect(await page.locator("#checkin-add").isHidden()).toBe(true);
    expect(await page.locator("#close").isHidden()).toBe(true);
    await axeCheck(page, "portal (closed)");

    for (const { label, watch } of watches) expect(watch.problems, `problems on ${label}`).toEqual([]);
  });
});
