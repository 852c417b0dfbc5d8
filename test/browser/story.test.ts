/// <reference lib="dom" />
/**
 * The "done when" story, end to end, in Chromium against the real
 * `pnpm dev` runner (its own database in a temporary directory):
 *
 * 1. A new person signs up an institution on the signup page and lands signed
 *    in from the emailed link, on the web console's overview.
 * 2. On the Programs page they create a peer program and open enrollment; the
 *    institution allows its website (another origin) to embed the form.
 * 3. On that website, a page holding only the embed snippet, one mentee and one
 *    mentor apply through the embedded form; 29 more mentees and 9 more mentors
 *    apply from the same page through the endpoint the widget uses (so CORS is
 *    exercised), with varied answers; two mentees speak only a language no
 *    mentor speaks.
 * 4. On the program's page the owner approves all 40 in bulk, page by page.
 * 5. On the matching page they run matching and approve the 28 pairs; the
 *    introductions go out.
 * 6. A pair agrees to the expectations, sets a goal and logs meetings in the
 *    portal (from the introduction email); a second pair logs a meeting in the
 *    portal, a third with a one-click check-in link.
 * 7. The console's overview leads to the program's analytics dashboard, whose
 *    key figures match what the database holds (counted with SQL here, not read
 *    from the API the page uses).
 *
 * axe checks every page visited; screenshots go to test-artifacts/screenshots
 * (the embedded form, with UPDATE_README_SCREENSHOTS=1, also to docs/screenshots).
 */
import type { Server } from "node:http";
import { openDatabase } from "@tandem/db";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./browser.js";
import { useDevAndBrowser } from "./harness.js";
import { type Applicant, applicants, checkinMetLink, libsqlUrlOf, linkFromOutbox, portalMatchOf, round, snippetPage, startWebsite } from "./story-helpers.js";

/** expect.poll waits one second by default; pages that load over the API on a busy 2-core machine need longer. */
const SOON = { timeout: 20_000, interval: 100 };
const MENTEES = 30;
const MENTORS = 10;
/** Mentees who speak only a language no mentor speaks: matching leaves them out, with the reason. */
const UNMATCHABLE = 2;

const harness = useDevAndBrowser("story", { context: { viewport: { width: 1200, height: 900 }, locale: "en-US", timezoneId: "America/Los_Angeles" } });
const { dev, newPage, axeCheck } = harness;
let website: { url: string; server: Server } | undefined;

const institution = "Harbor University";
const ownerEmail = "dana@harbor.example";
const programName = "First-Year Peers";
const program = "first-year-peers";
const suffix = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1e3).toString(36)}`;
const slug = `harbor-${suffix}`;
/** The two who apply in the embedded form; the others apply through its endpoint. */
const maya = { firstName: "Maya", lastName: "Okafor", email: "maya.okafor@students.example" };
const jordan = { firstName: "Jordan", lastName: "Reyes", email: "jordan.reyes@students.example" };
const others: Applicant[] = applicants(MENTEES - 1, MENTORS - 1, UNMATCHABLE);

let owner: Page;
/** Read from the dev database once the matches exist. */
const ids = { tenantId: "", programId: "" };
interface Pair {
  matchId: string;
  mentee: { id: string; firstName: string; email: string };
  mentor: { id: string; firstName: string; email: string };
}
let pairs: Pair[] = [];

beforeAll(async () => {
  website = await startWebsite({
    "/": snippetPage("Harbor University — Become a mentee", dev.url, slug, program, "mentee"),
    "/mentors": snippetPage("Harbor University — Become a peer mentor", dev.url, slug, program, "mentor"),
  });
});

afterAll(() => website?.server.close());

/** On failure: what each open page showed, what went wrong in it, and the server's output. */
const explainFailures = () => harness.explainFailures({ prefix: "failed-story", maxChars: 3000 });

/** Workers static assets may drop ".html" (…/programs.html → …/programs); both are the same page. */
const isPage = (url: URL, path: string) => url.pathname === path || url.pathname === path.replace(/\.html$/, "");

/** SQL against the dev runner's own libSQL server. */
async function query<T = Record<string, unknown>>(sql: string, args: (string | number)[] = []): Promise<T[]> {
  const { client } = openDatabase({ url: libsqlUrlOf(dev) });
  try {
    return (await client.execute({ sql, args })).rows as unknown as T[];
  } finally {
    client.close();
  }
}

describe("the story: sign up, enroll through an embedded form, match, meet, and see it in the analytics", () => {
  it("1–2. signs up an institution, creates a peer program and opens its enrollment to the institution's website", async () => {
    explainFailures();
    owner = await newPage("owner");
    await owner.goto(`${dev.url}/signup.html`);
    await owner.getByRole("heading", { name: "Start your mentoring program" }).waitFor();
    await owner.getByLabel("Institution name").fill(institution);
    await owner.getByLabel("Address").fill(slug);
    await owner.getByLabel("Kind").selectOption("university");
    await expect(owner.getByLabel("Time zone").inputValue()).resolves.toBe("America/Los_Angeles");
    await owner.getByLabel("Your name").fill("Dana Whitfield");
    await owner.getByLabel("Your email", { exact: true }).fill(ownerEmail);
    await axeCheck(owner, "signup");
    await screenshot(owner, "story-signup");
    await owner.getByRole("button", { name: "Create institution" }).click();
    await owner.getByRole("heading", { name: "Check your email" }).waitFor();
    await axeCheck(owner, "signup (check your email)");

    // The emailed link signs the new owner in and lands on the institution's overview in the web console.
    await owner.goto(await linkFromOutbox(dev, ownerEmail, (link) => link.pathname.startsWith("/auth/verify")));
    await owner.waitForURL((url) => url.pathname === `/console/${slug}`, { timeout: 20_000 });
    await owner.getByRole("heading", { level: 1, name: institution }).waitFor({ timeout: 20_000 });
    await expect(owner.locator("#my-role").textContent()).resolves.toBe("Owner");
    await expect.poll(() => owner.getByText("No programs yet.").count(), SOON).toBe(1);
    await axeCheck(owner, "console overview");
    await screenshot(owner, "story-dashboard");

    // 2. The Programs page (the console's navigation): create a peer program, then open its enrollment.
    await owner.getByRole("navigation", { name: "Institution" }).getByRole("link", { name: "Programs" }).click();
    await owner.waitForURL((url) => isPage(url, "/programs.html") && url.searchParams.get("tenant") === slug);
    await owner.getByRole("heading", { level: 1, name: "Programs" }).waitFor();
    await expect.poll(() => owner.locator("#programs-empty").textContent(), SOON).toContain("Create your first program");
    await axeCheck(owner, "programs (empty)");
    await owner.getByLabel("Name", { exact: true }).fill(programName);
    await expect(owner.getByLabel("Address").inputValue()).resolves.toBe(program);
    await owner.getByLabel("Peer mentoring").check();
    await expect(owner.locator("#capacity-hint").textContent()).resolves.toBe("Empty: 3, the peer default.");
    await owner.getByRole("button", { name: "Create program" }).click();
    const item = owner.locator(`li[data-program="${program}"]`);
    await expect.poll(() => owner.locator("#list-status").textContent(), SOON).toContain(`Created ${programName} as a draft.`);
    await item.getByRole("button", { name: "Open enrollment" }).click();
    await expect.poll(() => item.locator(".badge").textContent(), SOON).toBe("Enrolling");
    await axeCheck(owner, "programs (enrolling)");
    await screenshot(owner, "story-programs");

    // The institution's website may show the form. The console has no page for the allowed origins yet,
    // so the signed-in owner sets them through the API, as that page would.
    const settings = await owner.context().request.fetch(`${dev.url}/api/v1/t/${slug}/settings`, { method: "PATCH", headers: { origin: dev.url }, data: { allowedEmbedOrigins: [website!.url] } });
    expect(settings.status(), await settings.text()).toBe(200);

    // The program's page shows the embed code for that website, and that it may show the form.
    await item.getByRole("link", { name: programName }).click();
    await owner.waitForURL((url) => isPage(url, "/program.html") && url.searchParams.get("program") === program);
    await owner.getByRole("heading", { level: 1, name: programName }).waitFor();
    await expect(owner.getByLabel("Embed code").inputValue()).resolves.toBe(`<script src="${dev.url}/embed.js" data-tenant="${slug}" data-program="${program}" data-role="mentee" async></script>`);
    await expect.poll(() => owner.locator("#origins-note").textContent(), SOON).toContain(website!.url);
    await expect.poll(() => owner.locator("#apps-empty").textContent(), SOON).toContain("No applications yet");
    await axeCheck(owner, "program (no applications yet)");
  });

  it("3. takes applications through the form embedded on the institution's website, and its endpoint from there", async () => {
    explainFailures();
    // A mentee in the embedded form.
    const site = await newPage("website (mentee form)");
    await site.goto(`${website!.url}/`);
    await site.getByRole("heading", { name: programName }).waitFor({ timeout: 20_000 });
    await expect(site.getByText("Apply as a mentee").count()).resolves.toBe(1);
    await axeCheck(site, "website (embedded mentee form)");
    await site.getByLabel("First name").fill(maya.firstName);
    await site.getByLabel("Last name").fill(maya.lastName);
    await site.getByLabel("Email address").fill(maya.email);
    await site.getByLabel("What is your intended major?").selectOption("biology");
    await site.getByLabel("Which year of study are you in?").fill("1");
    const goals = site.getByRole("group", { name: "What would you like help with this year?" });
    for (const goal of ["Study habits", "Choosing a major"]) await goals.getByLabel(goal, { exact: true }).check();
    const interests = site.getByRole("group", { name: "What are your interests?" });
    for (const interest of ["Music", "Reading", "Hiking"]) await interests.getByLabel(interest, { exact: true }).check();
    await site.getByRole("checkbox", { name: "Monday, Evening" }).check();
    await site.getByRole("checkbox", { name: "Saturday, Morning" }).check();
    await site.getByRole("group", { name: "Which languages do you speak comfortably?" }).getByLabel("English", { exact: true }).check();
    await site.getByLabel("Tell us a little about yourself").fill("First-year biology student who loves choir and hiking.");
    await screenshot(site, "story-embedded-form", { docs: true });
    await site.getByRole("button", { name: "Send application" }).click();
    await site.getByRole("heading", { name: "Application sent" }).waitFor({ timeout: 20_000 });
    await axeCheck(site, "website (mentee application sent)");

    // A mentor in the embedded mentor form.
    const mentorSite = await newPage("website (mentor form)", site.context());
    await mentorSite.goto(`${website!.url}/mentors`);
    await mentorSite.getByRole("heading", { name: programName }).waitFor({ timeout: 20_000 });
    await expect(mentorSite.getByText("Apply as a mentor").count()).resolves.toBe(1);
    await axeCheck(mentorSite, "website (embedded mentor form)");
    await mentorSite.getByLabel("First name").fill(jordan.firstName);
    await mentorSite.getByLabel("Last name").fill(jordan.lastName);
    await mentorSite.getByLabel("Email address").fill(jordan.email);
    await mentorSite.getByLabel("What is your major?").selectOption("biology");
    await mentorSite.getByLabel("Which year of study are you in?").fill("3");
    const helps = mentorSite.getByRole("group", { name: "What could you help a first-year student with?" });
    for (const goal of ["Study habits", "Choosing a major", "Handling stress"]) await helps.getByLabel(goal, { exact: true }).check();
    const mentorInterests = mentorSite.getByRole("group", { name: "What are your interests?" });
    for (const interest of ["Music", "Hiking", "Cooking"]) await mentorInterests.getByLabel(interest, { exact: true }).check();
    for (const slot of ["Monday, Evening", "Saturday, Morning", "Thursday, Evening"]) await mentorSite.getByRole("checkbox", { name: slot }).check();
    await mentorSite.getByRole("group", { name: "Which languages do you speak comfortably?" }).getByLabel("English", { exact: true }).check();
    await mentorSite.getByLabel("Tell us a little about yourself").fill("Third-year biology student; I wish someone had told me about office hours.");
    await mentorSite.getByRole("button", { name: "Send application" }).click();
    await mentorSite.getByRole("heading", { name: "Application sent" }).waitFor({ timeout: 20_000 });
    await axeCheck(mentorSite, "website (mentor application sent)");
    await screenshot(mentorSite, "story-embedded-mentor-sent");

    // The others apply from the same website through the endpoint the widget posts to: the browser
    // sends the preflight and the Origin, and reads the answers only because the server allows that origin.
    const joinUrl = `${dev.url}/api/v1/t/${slug}/join/${program}`;
    const statuses = await site.evaluate(
      async ({ joinUrl, people }) => {
        const results: (number | string)[] = [];
        for (let start = 0; start < people.length; start += 6) {
          const batch = people.slice(start, start + 6).map((person) =>
            fetch(`${joinUrl}/${person.role}`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ answers: person.answers, website: "", startedAt: Date.now() - 90_000 }),
            }).then(
              async (response) => (response.status === 201 ? 201 : `${response.status} ${await response.text()}`),
              (error: Error) => `blocked: ${error.message}`,
            ),
          );
          results.push(...(await Promise.all(batch)));
        }
        return results;
      },
      { joinUrl, people: others.map(({ role, answers }) => ({ role, answers })) },
    );
    expect(statuses).toEqual(others.map(() => 201));

    // The owner sees all 40 on the Programs page, waiting for review.
    await owner.goto(`${dev.url}/programs.html?tenant=${slug}`);
    const counts = owner.locator(`li[data-program="${program}"] .program-counts`);
    await expect.poll(() => counts.textContent(), SOON).toBe(`${MENTEES + MENTORS} applications · ${MENTEES + MENTORS} to review`);
  });

  it("4. approves every application in bulk on the program's page", async () => {
    explainFailures();
    await owner.goto(`${dev.url}/program.html?tenant=${slug}&program=${program}`);
    await owner.getByRole("heading", { level: 1, name: programName }).waitFor();
    await expect.poll(() => owner.locator("#apps-caption").textContent(), SOON).toBe(`Applications: 1–25 of ${MENTEES + MENTORS}`);
    await owner.getByLabel("Status").selectOption("submitted");
    await expect.poll(() => owner.locator("#apps-caption").textContent(), SOON).toBe(`Applications matching the filters: 1–25 of ${MENTEES + MENTORS}`);

    // A page of 25 at a time: select the page, approve; the rest move up.
    const selectAll = owner.getByLabel("Select all applications on this page");
    await selectAll.check();
    await expect(owner.locator("#selected-count").textContent()).resolves.toBe("25 selected");
    await axeCheck(owner, "program (25 selected)");
    await owner.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => owner.locator("#apps-status").textContent(), SOON).toBe("Approved 25 applications.");
    const rest = MENTEES + MENTORS - 25;
    await expect.poll(() => owner.locator("#apps-caption").textContent(), SOON).toBe(`Applications matching the filters: 1–${rest} of ${rest}`);
    await selectAll.check();
    await expect(owner.locator("#selected-count").textContent()).resolves.toBe(`${rest} selected`);
    await owner.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => owner.locator("#apps-status").textContent(), SOON).toBe(`Approved ${rest} applications.`);
    await expect.poll(() => owner.locator("#apps-empty").textContent(), SOON).toContain("No applications match these filters");

    // Approved: 40, of whom 30 mentees and 10 mentors.
    await owner.getByLabel("Status").selectOption("approved");
    await expect.poll(() => owner.locator("#apps-caption").textContent(), SOON).toBe(`Applications matching the filters: 1–25 of ${MENTEES + MENTORS}`);
    await owner.getByLabel("Role", { exact: true }).selectOption("mentee");
    await expect.poll(() => owner.locator("#apps-caption").textContent(), SOON).toBe(`Applications matching the filters: 1–25 of ${MENTEES}`);
    await owner.getByLabel("Role", { exact: true }).selectOption("mentor");
    await expect.poll(() => owner.locator("#apps-caption").textContent(), SOON).toBe(`Applications matching the filters: 1–${MENTORS} of ${MENTORS}`);
    await expect.poll(async () => new Set(await owner.locator("#apps-body tr[data-application] .badge").allTextContents()), SOON).toEqual(new Set(["Approved"]));
    await axeCheck(owner, "program (all approved)");
    await screenshot(owner, "story-program-approved");

    // Enrollment closes; matching starts (the Programs page's next step).
    await owner.goto(`${dev.url}/programs.html?tenant=${slug}`);
    const item = owner.locator(`li[data-program="${program}"]`);
    await expect.poll(() => item.locator(".program-counts").textContent(), SOON).toBe(`${MENTEES + MENTORS} applications · 0 to review`);
    await item.getByRole("button", { name: "Close enrollment and start matching" }).click();
    await expect.poll(() => item.locator(".badge").textContent(), SOON).toBe("Matching");
  });

  it("5. runs matching, approves the pairs, and introduces them", async () => {
    explainFailures();
    await owner.goto(`${dev.url}/program.html?tenant=${slug}&program=${program}`);
    await owner.getByRole("heading", { level: 1, name: programName }).waitFor();
    await owner.locator("#matching-link").click();
    await owner.waitForURL((url) => isPage(url, "/matching.html") && url.searchParams.get("program") === program);
    await owner.getByRole("heading", { level: 1, name: `Matching: ${programName}` }).waitFor();
    await owner.locator("#page").waitFor();
    await expect
      .poll(() => owner.locator("#pool").innerText(), SOON)
      .toMatch(new RegExp(`${MENTEES}\\s+approved mentees are waiting for a mentor[\\s\\S]*${MENTORS * 3}\\s+open places with ${MENTORS} approved mentors`));
    await axeCheck(owner, "matching (before the run)");

    // Run: the page says it is matching, then what came out, and opens the proposal.
    await owner.locator("#run-status").evaluate((region) => {
      const seen: string[] = [];
      (window as unknown as { runStatusSeen: string[] }).runStatusSeen = seen;
      new MutationObserver(() => seen.push(region.textContent ?? "")).observe(region, { childList: true, subtree: true, characterData: true });
    });
    const runButton = owner.getByRole("button", { name: "Run matching" });
    await runButton.click();
    await owner.getByRole("heading", { name: "Review the proposal" }).waitFor({ timeout: 30_000 });
    const matched = MENTEES - UNMATCHABLE;
    const seen = await owner.evaluate(() => (window as unknown as { runStatusSeen: string[] }).runStatusSeen);
    expect(seen).toContain("Matching the approved mentees with mentors' open places…");
    expect(seen.at(-1)).toBe(`Matching done: ${matched} of ${MENTEES} mentees matched, ${UNMATCHABLE} unmatched. Review the proposal below.`);
    await expect(owner.locator("#summary").innerText()).resolves.toMatch(new RegExp(`Matched\\s+${matched} of ${MENTEES}[\\s\\S]*Unmatched\\s+${UNMATCHABLE}`));
    await expect(owner.locator("#pair-rows tr").count()).resolves.toBe(matched);
    const bands = (await owner.locator("#distribution-rows td.num").allTextContents()).map(Number);
    expect(bands.reduce((sum, n) => sum + n, 0)).toBe(matched);
    await expect(owner.locator("#unmatched-rows tr").count()).resolves.toBe(UNMATCHABLE);
    await expect(owner.locator("#unmatched-rows").innerText()).resolves.toMatch(/language/i);
    await axeCheck(owner, "matching (proposal)");
    await screenshot(owner, "story-matching-proposal");

    // Approve, in the confirmation dialog.
    await owner.getByRole("button", { name: `Approve ${matched} matches` }).click();
    await owner.getByRole("dialog", { name: `Approve ${matched} matches?` }).waitFor();
    await axeCheck(owner, "matching (approve dialog)");
    await owner.getByRole("button", { name: "Approve and send introductions" }).click();
    await expect.poll(() => owner.locator("#approved-panel").innerText(), SOON).toMatch(new RegExp(`Approved: ${matched} matches created\\.[\\s\\S]*Introductions are being emailed`));
    await expect.poll(() => owner.locator("#match-rows tr").count(), SOON).toBe(matched);
    await expect(owner.locator("#matches-caption").textContent()).resolves.toBe(`Active matches (${matched})`);
    // The pool is re-counted after the matches list is drawn, so wait for it rather than read it once.
    await expect.poll(() => owner.locator("#pool").innerText(), SOON).toMatch(new RegExp(`${UNMATCHABLE}\\s+approved mentees are waiting`));
    await axeCheck(owner, "matching (approved)");
    await screenshot(owner, "story-matching-approved");

    // The program starts.
    await owner.goto(`${dev.url}/programs.html?tenant=${slug}`);
    const item = owner.locator(`li[data-program="${program}"]`);
    await item.getByRole("button", { name: "Start the program" }).click();
    await expect.poll(() => item.locator(".badge").textContent(), SOON).toBe("Active");

    // Who was paired with whom, from the database: Maya's pair first, then two more.
    const [tenant] = await query<{ id: string }>("SELECT id FROM tenants WHERE slug = ?", [slug]);
    ids.tenantId = tenant!.id;
    const [programRow] = await query<{ id: string }>("SELECT id FROM programs WHERE tenant_id = ? AND slug = ?", [ids.tenantId, program]);
    ids.programId = programRow!.id;
    const rows = await query<Record<string, string>>(
      `SELECT m.id AS match_id, e.id AS mentee_id, e.first_name AS mentee_first, e.email AS mentee_email, r.id AS mentor_id, r.first_name AS mentor_first, r.email AS mentor_email
         FROM matches m JOIN applications e ON e.id = m.mentee_application_id JOIN applications r ON r.id = m.mentor_application_id
        WHERE m.tenant_id = ? AND m.program_id = ? AND m.status = 'active' ORDER BY e.email`,
      [ids.tenantId, ids.programId],
    );
    expect(rows).toHaveLength(matched);
    const all = rows.map((row) => ({
      matchId: row.match_id!,
      mentee: { id: row.mentee_id!, firstName: row.mentee_first!, email: row.mentee_email! },
      mentor: { id: row.mentor_id!, firstName: row.mentor_first!, email: row.mentor_email! },
    }));
    const first = all.find((pair) => pair.mentee.email === maya.email);
    expect(first, "Maya, who applied in the embedded form, has a mentor").toBeDefined();
    // The next two with other mentors, so each portal names one partner.
    const elsewhere = all.filter((pair) => pair.mentor.id !== first!.mentor.id);
    pairs = [first!, elsewhere[0]!, elsewhere.find((pair) => pair.mentor.id !== elsewhere[0]!.mentor.id)!];
  });

  it("6. lets a pair agree, set a goal and log meetings in the portal; two more pairs log a meeting", async () => {
    explainFailures();
    const [first, second, third] = pairs as [Pair, Pair, Pair];
    const portalLink = (person: { email: string }, matchId: string) => linkFromOutbox(dev, person.email, (link) => portalMatchOf(link) === matchId);

    // The mentee opens her mentoring space from the introduction email.
    const mentee = await newPage("portal (mentee)");
    await mentee.goto(await portalLink(first.mentee, first.matchId));
    await mentee.getByRole("heading", { name: `Hi ${first.mentee.firstName}: your mentoring with ${first.mentor.firstName}` }).waitFor({ timeout: 20_000 });
    await axeCheck(mentee, "portal (mentee, first visit)");
    await mentee.getByRole("button", { name: "I agree" }).click();
    await expect.poll(() => mentee.locator("#agreement-state").textContent(), SOON).toMatch(/You agreed on/);

    // A goal with two steps.
    await mentee.getByText("Add a goal", { exact: true }).click();
    await mentee.getByLabel("Goal", { exact: true }).fill("Build a weekly study routine");
    await mentee.getByLabel("Why it matters").fill("So the midterms don't all land in one week.");
    await mentee.getByLabel("Milestones").fill("Plan the week on Sundays\nTry the library's study rooms");
    await mentee.getByRole("button", { name: "Add goal" }).click();
    await expect.poll(() => mentee.locator(".goal").first().locator(".goal-title").textContent(), SOON).toBe("Build a weekly study routine");
    await expect.poll(() => mentee.locator("#goals-status").textContent(), SOON).toContain("Goal added");

    // A meeting.
    await mentee.getByText("Log a meeting", { exact: true }).click();
    await mentee.getByLabel("How long (minutes)").fill("45");
    await mentee.getByLabel("How you met").selectOption("in_person");
    await mentee.getByLabel("Topics").fill("study plan, choir schedule");
    await mentee.getByLabel("Shared note").fill("We planned next week's study blocks.");
    await mentee.getByLabel("4 — Well").check();
    await axeCheck(mentee, "portal (mentee, meeting form)");
    await mentee.getByRole("button", { name: "Log meeting" }).click();
    await expect.poll(() => mentee.locator("#checkins-status").textContent(), SOON).toMatch(/Meeting logged: .*45 minutes/);
    await axeCheck(mentee, "portal (mentee, goal and meeting)");
    await screenshot(mentee, "story-portal-mentee");

    // Her mentor agrees too, sees the goal and the meeting, and logs their next one.
    const mentor = await newPage("portal (mentor)");
    await mentor.goto(await portalLink(first.mentor, first.matchId));
    await mentor.getByRole("heading", { name: `Hi ${first.mentor.firstName}: your mentoring with ${first.mentee.firstName}` }).waitFor({ timeout: 20_000 });
    await expect.poll(() => mentor.locator(".goal-title").first().textContent(), SOON).toBe("Build a weekly study routine");
    await expect.poll(() => mentor.locator("#checkin-list").textContent(), SOON).toContain(`Logged by ${first.mentee.firstName}`);
    await mentor.getByRole("button", { name: "I agree" }).click();
    await expect.poll(() => mentor.locator("#agreement-state").textContent(), SOON).toMatch(/You agreed on/);
    await mentor.getByText("Log a meeting", { exact: true }).click();
    await mentor.getByLabel("How long (minutes)").fill("30");
    await mentor.getByLabel("How you met").selectOption("video");
    await mentor.getByLabel("5 — Very well").check();
    await mentor.getByRole("button", { name: "Log meeting" }).click();
    await expect.poll(() => mentor.locator("#checkins-status").textContent(), SOON).toMatch(/Meeting logged: .*30 minutes/);
    await expect.poll(() => mentor.locator("#checkin-list .checkin").count(), SOON).toBe(2);
    await axeCheck(mentor, "portal (mentor)");
    await screenshot(mentor, "story-portal-mentor");

    // A second pair: the mentee logs their first meeting in the portal.
    const secondMentee = await newPage("portal (second pair)");
    await secondMentee.goto(await portalLink(second.mentee, second.matchId));
    await secondMentee.getByRole("heading", { name: `Hi ${second.mentee.firstName}: your mentoring with ${second.mentor.firstName}` }).waitFor({ timeout: 20_000 });
    await secondMentee.getByText("Log a meeting", { exact: true }).click();
    await secondMentee.getByLabel("How long (minutes)").fill("50");
    await secondMentee.getByLabel("How you met").selectOption("in_person");
    await secondMentee.getByLabel("3 — Okay").check();
    await secondMentee.getByRole("button", { name: "Log meeting" }).click();
    await expect.poll(() => secondMentee.locator("#checkins-status").textContent(), SOON).toMatch(/Meeting logged: .*50 minutes/);
    await axeCheck(secondMentee, "portal (second pair)");

    // A third pair: the mentor answers "We met (30 min)" with one click from a check-in reminder.
    const oneClick = await newPage("one-click check-in");
    await oneClick.goto(checkinMetLink(dev.url, slug, { tenantId: ids.tenantId, matchId: third.matchId, personId: third.mentor.id }, 30));
    await oneClick.getByRole("heading", { name: "Thanks — recorded" }).waitFor({ timeout: 20_000 });
    await expect(oneClick.locator("#done-detail").textContent()).resolves.toBe(`You met ${third.mentee.firstName} for 30 minutes.`);
    await axeCheck(oneClick, "one-click check-in (recorded)");
    await screenshot(oneClick, "story-checkin");

    // The coordinator's Pairs page counts the pairs that met.
    await owner.goto(`${dev.url}/relationships.html?tenant=${slug}&program=${program}`);
    await owner.getByRole("heading", { name: `Pairs: ${programName}` }).waitFor({ timeout: 20_000 });
    await expect.poll(() => owner.locator("#pair-rows tr").count(), SOON).toBe(MENTEES - UNMATCHABLE);
    await expect(owner.locator(`#pair-rows tr[data-match="${first.matchId}"]`).textContent()).resolves.toContain("Both agreed");
    await axeCheck(owner, "pairs page");

    expect(harness.problems()).toEqual([]);
  });

  it("7. shows the console overview and the program's analytics, whose figures match the database", async () => {
    explainFailures();
    await owner.goto(`${dev.url}/console/${slug}`);
    await owner.getByRole("heading", { level: 1, name: institution }).waitFor({ timeout: 20_000 });
    const listed = owner.locator(".program-item").filter({ hasText: programName });
    await expect.poll(() => listed.locator(".badge").textContent(), SOON).toBe("Active");
    await axeCheck(owner, "console overview");
    await screenshot(owner, "story-console-overview");

    await listed.getByRole("link", { name: "Analytics" }).click();
    await owner.waitForURL((url) => url.pathname === `/console/${slug}/programs/${program}/analytics`);
    await owner.locator('[data-analytics-state="ready"]').waitFor({ timeout: 30_000 });

    // What the database holds, counted here with SQL.
    const scalar = async (sql: string, args: (string | number)[] = []) => Number(Object.values((await query(sql, args))[0]!)[0]);
    const tp = [ids.tenantId, ids.programId];
    const applications = await scalar("SELECT count(*) FROM applications WHERE tenant_id = ? AND program_id = ?", tp);
    const approved = (role: string) => scalar("SELECT count(*) FROM applications WHERE tenant_id = ? AND program_id = ? AND role = ? AND status = 'approved'", [...tp, role]);
    const approvedMentors = await approved("mentor");
    const approvedMentees = await approved("mentee");
    const activeMatches = await scalar("SELECT count(*) FROM matches WHERE tenant_id = ? AND program_id = ? AND status = 'active'", tp);
    const matchedMentees = await scalar("SELECT count(DISTINCT mentee_application_id) FROM matches WHERE tenant_id = ? AND program_id = ?", tp);
    const unmatchedMentees = await scalar(
      `SELECT count(*) FROM applications a WHERE a.tenant_id = ? AND a.program_id = ? AND a.role = 'mentee' AND a.status = 'approved'
          AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.tenant_id = a.tenant_id AND m.mentee_application_id = a.id)`,
      tp,
    );
    const scoreAverage = await scalar("SELECT avg(score) FROM matches WHERE tenant_id = ? AND program_id = ?", tp);
    const metCheckins = await scalar(
      "SELECT count(*) FROM checkins c JOIN matches m ON m.id = c.match_id AND m.tenant_id = c.tenant_id WHERE c.tenant_id = ? AND m.program_id = ? AND c.outcome = 'met'",
      tp,
    );
    const pairsThatMet = await scalar(
      `SELECT count(DISTINCT m.id) FROM matches m JOIN checkins c ON c.match_id = m.id AND c.tenant_id = m.tenant_id
        WHERE m.tenant_id = ? AND m.program_id = ? AND m.status = 'active' AND c.outcome = 'met' AND c.created_at >= ?`,
      [...tp, Date.now() - 30 * 86_400_000],
    );
    // The story's own numbers, as a check that the SQL counts what the story did.
    expect({ applications, approvedMentors, approvedMentees, activeMatches, unmatchedMentees, metCheckins, pairsThatMet }).toEqual({
      applications: MENTEES + MENTORS,
      approvedMentors: MENTORS,
      approvedMentees: MENTEES,
      activeMatches: MENTEES - UNMATCHABLE,
      unmatchedMentees: UNMATCHABLE,
      metCheckins: 4,
      pairsThatMet: 3,
    });

    const percent = (part: number, whole: number) => `${round((100 * part) / whole, 1).toFixed(1)}%`;
    const expected: Record<string, string> = {
      applications: String(applications),
      approvedMentors: String(approvedMentors),
      approvedMentees: String(approvedMentees),
      matches: String(activeMatches),
      matchedMentees: String(matchedMentees),
      unmatchedMentees: String(unmatchedMentees),
      matchRate: percent(matchedMentees, approvedMentees),
      scoreAverage: round(scoreAverage, 2).toFixed(2),
      checkins: String(metCheckins),
      recentlyMet: percent(pairsThatMet, activeMatches),
    };
    expect(expected.matchRate).toBe("93.3%");
    const shown = Object.fromEntries(
      await Promise.all(Object.keys(expected).map(async (key) => [key, ((await owner.locator(`[data-figure="${key}"] dd`).first().textContent()) ?? "").trim()] as const)),
    );
    expect(shown).toEqual(expected);
    await screenshot(owner, "story-analytics-dashboard");
    await axeCheck(owner, "analytics dashboard");

    // No page hit a script error, a CSP refusal or a missing asset.
    expect(harness.problems()).toEqual([]);
  });
});
