/// <reference lib="dom" />
/**
 * The console's safeguarding reports (issue #8) in a real browser against the
 * real `pnpm dev` runner. A youth program is set up through the API as its
 * owner would: two volunteer mentors and a minor mentee apply through the
 * public join API (the guardian consents from the emailed link), the program
 * requires an application review, an interview and a background check; one
 * mentor is interviewed and cleared (and attended a training module), so only
 * they are matched; the match is moved 75 days back in the dev database and
 * the coordinator's contacts are logged (two in the first month, none in the
 * second, one in the third).
 *
 * Incidents: the owner meets the empty state, reports an incident (an empty
 * description is refused on its field and nothing is saved), finds it in the
 * list, is asked before leaving an unsaved edit, saves the edit and resolves
 * it; a coordinator and a viewer see "only owners and admins" and none of the
 * report. Compliance: the mentor rows show each required step's state and
 * date and who may be matched, the match shows its months (met, missed, in
 * progress); both CSV links answer text/csv with the expected header; the
 * report fits a printed A4 page's width; the program's coordinator reads it,
 * a viewer is told they can't. Every state: axe (no serious or critical
 * findings), no CSP violations or script errors, no sideways scrolling at
 * 375 px. Screenshots go to test-artifacts/screenshots (and, with
 * UPDATE_README_SCREENSHOTS=1, console-compliance.png to docs/screenshots).
 */
import { openDatabase } from "@tandem/db";
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { expectFitsPhone, screenshot } from "./browser.js";
import { apiAs, linkTo, signInFromOutbox, signUp, StaffClient, useDevAndBrowser } from "./harness.js";

/** expect.poll waits one second by default; pages that load over the API need longer. */
const SOON = { timeout: 15_000, interval: 100 };
const DAY_MS = 86_400_000;
const ZONE = "America/Chicago";
const CONTEXT = { viewport: { width: 1280, height: 900 }, locale: "en-US", timezoneId: ZONE, acceptDownloads: true };
const harness = useDevAndBrowser("console-safeguarding", { context: CONTEXT });
const { dev } = harness;
let page: Page;
let context: BrowserContext;

beforeAll(async () => {
  page = await harness.newPage("owner");
  context = page.context();
});

/** A local calendar date `offset` days from today where the institution (and the browser) is. */
const day = (offset: number) => new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + offset * DAY_MS));
/** A date as the page writes it for an en-US reader ("Mar 4, 2026"). */
const medium = (iso: string) => new Intl.DateTimeFormat("en-US", { dateStyle: "medium" }).format(new Date(`${iso}T00:00:00`));

/** The API as the signed-in owner (the browser's cookies). */
const api = (method: "GET" | "POST" | "PATCH" | "PUT", path: string, body?: unknown) => apiAs(dev, context.request, method, path, body);
/** Anyone, without an account: applicants and guardians. */
const anyone = new StaffClient(dev);


describe("the console's safeguarding reports (issue #8)", () => {
  const tag = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1e3).toString(36)}`;
  const slug = `harbor-${tag}`;
  const program = "youth";
  const base = `/api/v1/t/${slug}/programs/${program}`;
  const ownerEmail = `olive-${tag}@example.test`;
  const coordinatorEmail = `casey-${tag}@example.test`;
  const viewerEmail = `vera-${tag}@example.test`;
  const ids = { samira: "", jonah: "", theo: "", matchId: "", moduleId: "", moduleTitle: "" };
  const DESCRIPTION = "The mentor offered Theo a lift home without asking his guardian first.";
  let incidentId = "";
  let coordinator: Page;
  let viewer: Page;

  async function member(email: string, role: "coordinator" | "viewer", name: string): Promise<Page> {
    await api("POST", `/api/v1/t/${slug}/invitations`, { email, role });
    const link = await linkTo(dev, email, "/invitations/accept");
    const token = new URL(link!).searchParams.get("token");
    const memberContext = await harness.newContext();
    const accepted = await memberContext.request.post(`${dev.url}/api/v1/t/${slug}/invitations/accept`, { headers: { origin: dev.url }, data: { token, name } });
    expect(accepted.ok(), await accepted.text()).toBe(true);
    return harness.newPage(role, memberContext);
  }

  it("sets up a youth program: a screened mentor matched, one not yet screened, and a pair's contacts", async () => {
    onTestFailed(() => console.error(`dev output (tail):\n${dev.output().slice(-6000)}`));
    await signUp(dev, { name: "Harbor Youth Mentors", slug, kind: "community_org", timezone: ZONE }, { name: "Olive Owner", email: ownerEmail });
    await signInFromOutbox(dev, page, ownerEmail, `/console/${slug}`);
    await api("POST", `/api/v1/t/${slug}/programs`, { name: "Harbor Youth Mentoring", slug: program, type: "community" });
    await api("POST", `${base}/status`, { status: "enrolling" });

    const mentor = async (first: string, last: string) =>
      (
        await anyone.call("POST", `/api/v1/t/${slug}/join/${program}/mentor`, {
          answers: {
            first_name: first,
            last_name: last,
            email: `${first.toLowerCase()}-${tag}@example.test`,
            interests: ["music"],
            languages: ["en"],
            location: "Riverside",
            modality: "in_person",
            availability: ["sat_morning"],
            employer: "City Library",
            occupation: "Librarian",
            bio: "I run the library's youth music club.",
            code_of_conduct: true,
            background_check: true,
          },
          startedAt: Date.now() - 60_000,
        })
      ).application.id as string;
    ids.samira = await mentor("Samira", "Rahman");
    ids.jonah = await mentor("Jonah", "Weller");
    const guardian = `ana-${tag}@example.test`;
    const theo = await anyone.call("POST", `/api/v1/t/${slug}/join/${program}/mentee`, {
      answers: {
        first_name: "Theo",
        last_name: "Lind",
        email: `theo-${tag}@example.test`,
        date_of_birth: "2012-05-01",
        guardian_name: "Ana Lind",
        guardian_email: guardian,
        interests: ["music"],
        languages: ["en"],
        location: "Riverside",
        modality: "in_person",
        availability: ["sat_morning"],
        school: "Riverside High",
        bio: "I like drawing and music.",
      },
      startedAt: Date.now() - 60_000,
    });
    ids.theo = theo.application.id;
    expect(theo.application.status).toBe("pending_consent");
    // The guardian consents from the emailed link.
    const consentLink = await linkTo(dev, guardian, "/consent.html");
    await anyone.call("POST", `/api/v1/t/${slug}/consent`, { token: new URL(consentLink!).searchParams.get("token"), signature: "Ana Lind", consent: true });

    await api("PATCH", `${base}/safeguarding`, { screeningRequired: true, screeningSteps: ["application_review", "interview", "background_check"] });
    await api("POST", `${base}/applications/decisions`, { ids: [ids.samira, ids.jonah, ids.theo], decision: "approved" });
    // Samira is interviewed and cleared; Jonah is not yet.
    await api("PATCH", `${base}/screening/${ids.samira}`, {
      interview: { on: day(-80), interviewer: "Casey Coordinator" },
      backgroundCheck: { provider: "Sterling", requestedOn: day(-85), status: "cleared", clearedOn: day(-78) },
    });
    const { modules } = await api("GET", `${base}/training/modules`);
    expect(modules.length).toBeGreaterThan(0);
    ids.moduleId = modules[0].id;
    ids.moduleTitle = modules[0].title;
    await api("POST", `${base}/training/progress/${ids.samira}/${ids.moduleId}/attendance`, { attendedOn: day(-79) });

    // Only the screened mentor enters matching.
    await api("POST", `${base}/status`, { status: "matching" });
    const run = await api("POST", `${base}/matching/runs`, {});
    expect(run.proposal.pairs.map((pair: any) => [pair.mentor.id, pair.mentee.id])).toEqual([[ids.samira, ids.theo]]);
    await api("POST", `${base}/matching/runs/${run.run.id}/approve`);
    await api("POST", `${base}/status`, { status: "active" });
    const { matches } = await api("GET", `${base}/matches?status=active`);
    ids.matchId = matches[0].id;

    // The API cannot make a match older than today: it started 75 days ago.
    const { client } = openDatabase({ url: `http://127.0.0.1:${harness.dbPort}` });
    try {
      await client.execute({ sql: "UPDATE matches SET started_at = ? WHERE id = ?", args: [Date.now() - 75 * DAY_MS, ids.matchId] });
    } finally {
      client.close();
    }
    // Two contacts with everyone in the first month (a youth program's requirement), none in the second, one in the third.
    for (const [offset, parties] of [
      [-74, ["mentor", "mentee", "guardian"]],
      [-60, ["mentor", "mentee", "guardian"]],
      [-5, ["mentor", "mentee", "guardian"]],
    ] as const) {
      await api("POST", `/api/v1/t/${slug}/matches/${ids.matchId}/support-contacts`, { contactedOn: day(offset), note: "Checked in.", parties });
    }
    coordinator = await member(coordinatorEmail, "coordinator", "Casey Coordinator");
    viewer = await member(viewerEmail, "viewer", "Vera Viewer");
    const { members } = await api("GET", `/api/v1/t/${slug}/staff`);
    const casey = members.find((entry: { email: string }) => entry.email === coordinatorEmail);
    await api("PUT", `${base}/coordinators`, { userIds: [casey.userId] });
  });

  it("explains incident reports when there are none, and refuses an empty description on its field", async () => {
    onTestFailed(() => screenshot(page, "console-incidents-failed"));
    await page.goto(`${dev.url}/console/${slug}/incidents`);
    await page.getByRole("heading", { level: 1, name: "Incidents" }).waitFor({ timeout: 20_000 });
    // The title is set in an effect after the heading renders, so wait for it rather than read it once.
    await expect.poll(() => page.title(), SOON).toBe("Incidents: Harbor Youth Mentors — Tandem");
    const empty = page.locator(".empty-state");
    await expect.poll(() => empty.count(), SOON).toBe(1);
    await expect(empty.innerText()).resolves.toMatch(/No incident reports yet\.[\s\S]*record it here[\s\S]*Only the owners and admins of Harbor Youth Mentors can see incident reports/);
    expect(await page.getByRole("navigation", { name: "Institution" }).getByRole("link", { name: "Incidents" }).getAttribute("aria-current")).toBe("page");
    await expect(page.locator('[data-count="open"]').textContent()).resolves.toBe("0");
    await harness.axeCheck(page, "incidents (none yet)");

    await page.getByRole("button", { name: "Report an incident" }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), SOON).toBe("incident-report-title");
    // The institution's one program is chosen; its pairs load into the pair choice.
    await expect(page.locator("#incident-new-program").inputValue()).resolves.toBe(program);
    await expect.poll(() => page.locator("#incident-new-matchId option").count(), SOON).toBe(2);
    await expect(page.locator("#incident-new-matchId option").nth(1).textContent()).resolves.toBe("Samira Rahman and Theo Lind");
    // The latest date is the institution's today, as the API says it (not the browser's clock).
    expect((await api("GET", `/api/v1/t/${slug}/incidents`)).today).toBe(day(0));
    await expect(page.locator("#incident-new-occurredOn").getAttribute("max")).resolves.toBe(day(0));
    await page.locator("#incident-new-matchId").selectOption(ids.matchId);
    await page.locator("#incident-new-occurredOn").fill(day(-3));
    await page.locator("#incident-new-actionsTaken").fill("Spoke to the mentor the same day.");
    await page.getByRole("button", { name: "Record the incident" }).click();

    // The API's error on the description, the summary focused with a link to it; nothing saved.
    const error = page.locator("#incident-new-description-error");
    await expect.poll(() => error.textContent(), SOON).toBe("Description must say what happened.");
    await expect(page.locator("#incident-new-description").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.locator("#incident-new-description").getAttribute("aria-describedby")).resolves.toContain("incident-new-description-error");
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains("error-summary")), SOON).toBe(true);
    await expect(page.locator(".error-summary").getByRole("link").allTextContents()).resolves.toEqual(["Description must say what happened."]);
    await expect(page.locator("#incident-new-occurredOn").getAttribute("aria-invalid")).resolves.toBe(null);
    expect((await api("GET", `/api/v1/t/${slug}/incidents`)).counts).toEqual({ open: 0, resolved: 0 });
    await harness.axeCheck(page, "incident form (refused)");
    await screenshot(page, "console-incident-error");
    await page.locator(".error-summary").getByRole("link").click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), SOON).toBe("incident-new-description");
  });

  it("records the incident, shows it open in the list, edits it (asking before leaving unsaved) and resolves it", async () => {
    onTestFailed(() => screenshot(page, "console-incidents-failed"));
    await page.locator("#incident-new-description").fill(DESCRIPTION);
    await page.locator("#incident-new-followUp").fill("Call the guardian.");
    await page.locator("#incident-new-followUpOn").fill(day(7));
    await page.getByRole("button", { name: "Record the incident" }).click();
    await expect.poll(() => page.locator("main [role='status']").allTextContents(), SOON).toContain(
      `Recorded the incident of ${medium(day(-3))} in Harbor Youth Mentoring. It stays open until you mark it resolved.`,
    );
    const { incidents, counts } = await api("GET", `/api/v1/t/${slug}/incidents`);
    expect(counts).toEqual({ open: 1, resolved: 0 });
    expect(incidents[0]).toMatchObject({ occurredOn: day(-3), description: DESCRIPTION, actionsTaken: "Spoke to the mentor the same day.", followUp: "Call the guardian.", followUpOn: day(7), status: "open", match: { id: ids.matchId } });
    incidentId = incidents[0].id;
    const item = page.locator(`#incident-${incidentId}`);
    await item.waitFor({ timeout: 15_000 });
    await expect(page.locator('[data-count="open"]').textContent()).resolves.toBe("1");
    await expect(item.locator(".incident-meta").innerText()).resolves.toBe(`Pair: Samira Rahman and Theo Lind · Follow-up due ${medium(day(7))}`);
    await expect(item.locator(".badge").textContent()).resolves.toBe("Open");
    // The new report is open to read, with focus on it.
    await expect(item.locator(".incident-toggle").getAttribute("aria-expanded")).resolves.toBe("true");
    await expect(item.locator(".incident-details").innerText()).resolves.toContain(DESCRIPTION);
    await expect(item.locator(".incident-details").innerText()).resolves.toMatch(/by Olive Owner/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), SOON).toBe(`incident-${incidentId}`);
    await expect(page.locator("#incident-report-title").count()).resolves.toBe(0);
    await harness.axeCheck(page, "incidents (one open)");
    await screenshot(page, "console-incidents");

    // Collapsing shows the excerpt; opening again shows the details.
    await item.locator(".incident-toggle").click();
    await expect(item.locator(".incident-toggle").getAttribute("aria-expanded")).resolves.toBe("false");
    await expect(item.locator(".incident-excerpt").textContent()).resolves.toBe(DESCRIPTION);
    await item.locator(".incident-toggle").click();

    // An unsaved edit: leaving asks first, and staying keeps it.
    await item.getByRole("button", { name: "Edit" }).click();
    const followUp = page.locator(`#incident-${incidentId}-form-followUp`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), SOON).toBe(`incident-${incidentId}-form-occurredOn`);
    await expect(followUp.inputValue()).resolves.toBe("Call the guardian.");
    await followUp.fill("Called the guardian; meeting with the mentor on Friday.");
    const dialog = new Promise<string>((resolve) => page.once("dialog", (prompt) => void prompt.dismiss().then(() => resolve(prompt.message()))));
    await page.getByRole("navigation", { name: "Institution" }).getByRole("link", { name: "Overview" }).click();
    expect(await dialog).toBe("An incident report has unsaved changes. Leave this page and lose them?");
    expect(new URL(page.url()).pathname).toBe(`/console/${slug}/incidents`);
    await expect(followUp.inputValue()).resolves.toBe("Called the guardian; meeting with the mentor on Friday.");
    await item.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => page.locator("main [role='status']").allTextContents(), SOON).toContain(`Saved the changes to the incident of ${medium(day(-3))}.`);
    expect((await api("GET", `/api/v1/t/${slug}/incidents/${incidentId}`)).incident.followUp).toBe("Called the guardian; meeting with the mentor on Friday.");
    await expect.poll(() => item.locator(".incident-details").innerText(), SOON).toContain("meeting with the mentor on Friday");

    // Resolving it.
    await item.getByRole("button", { name: "Mark resolved" }).click();
    await expect.poll(() => page.locator('[data-count="resolved"]').textContent(), SOON).toBe("1");
    await expect(page.locator('[data-count="open"]').textContent()).resolves.toBe("0");
    await expect(item.locator(".badge").textContent()).resolves.toBe("Resolved");
    await expect(item.getByRole("button", { name: "Reopen" }).count()).resolves.toBe(1);
    expect((await api("GET", `/api/v1/t/${slug}/incidents/${incidentId}`)).incident.status).toBe("resolved");

    // Only open ones: none, and the page says so.
    await page.locator("#incident-filter-status").selectOption("open");
    await page.getByRole("button", { name: "Show incidents" }).click();
    await expect.poll(() => page.locator(".empty-state").innerText(), SOON).toMatch(/No open incident reports\./);
    await harness.axeCheck(page, "incidents (filtered, none)");
    await page.locator("#incident-filter-status").selectOption("");
    await page.getByRole("button", { name: "Show incidents" }).click();
    await item.waitFor({ timeout: 15_000 });
    await harness.axeCheck(page, "incidents (one resolved)");
    await expectFitsPhone(page, "console-incidents");
  });

  it("tells a coordinator and a viewer that only owners and admins see incident reports, showing none", async () => {
    for (const [who, member] of [
      ["coordinator", coordinator],
      ["viewer", viewer],
    ] as const) {
      const requests: string[] = [];
      const note = (request: { url(): string }) => void (request.url().includes("/incidents") && requests.push(request.url()));
      member.on("request", note);
      await member.goto(`${dev.url}/console/${slug}/incidents`);
      await member.getByRole("heading", { name: "Only owners and admins see incident reports" }).waitFor({ timeout: 20_000 });
      member.off("request", note);
      const text = await member.locator("main").innerText();
      expect(text).toMatch(/tell one of your institution's owners or admins/);
      expect(text).not.toContain(DESCRIPTION);
      await expect(member.locator(".incident-list, .incident-form").count()).resolves.toBe(0);
      // The page never asked the API for the reports (only the page itself was loaded).
      expect(requests.filter((url) => url.includes("/api/"))).toEqual([]);
      // Their navigation does not offer the page.
      await expect(member.getByRole("navigation", { name: "Institution" }).getByRole("link", { name: "Incidents" }).count()).resolves.toBe(0);
      await harness.axeCheck(member, `incidents (${who})`);
    }
    // And the API agrees.
    expect((await coordinator.request.get(`${dev.url}/api/v1/t/${slug}/incidents`)).status()).toBe(403);
    expect((await viewer.request.get(`${dev.url}/api/v1/t/${slug}/incidents/${incidentId}`)).status()).toBe(403);
  });

  it("shows every mentor's steps with dates and every match's months on the compliance report", async () => {
    onTestFailed(() => screenshot(page, "console-compliance-failed"));
    await page.goto(`${dev.url}/console/${slug}/programs/${program}/compliance`);
    await page.locator('[data-compliance-state="ready"]').waitFor({ timeout: 20_000 });
    expect(await page.title()).toBe("Harbor Youth Mentoring: compliance report — Tandem");
    expect(await page.getByRole("navigation", { name: "Program: Harbor Youth Mentoring" }).getByRole("link", { name: "Compliance" }).getAttribute("aria-current")).toBe("page");
    const report = await page.evaluate(async (url) => (await fetch(url)).json(), `${base}/compliance`);
    await expect(page.locator(".compliance-report .lead").textContent()).resolves.toBe(`Harbor Youth Mentors · Harbor Youth Mentoring (youth program) · generated on ${report.generatedOn}`);
    await expect(page.locator(".compliance-facts").innerText()).resolves.toContain("Twice in the first month, then monthly, with the mentor, the mentee and (for a mentee with one) the guardian");
    const figure = (key: string) => page.locator(`.compliance-summary [data-figure="${key}"] .figure-value`).textContent();
    expect(report.summary).toMatchObject({ mentors: 2, screened: 1, ready: 1, matches: 1 });
    await expect(figure("mentors")).resolves.toBe("2");
    await expect(figure("screened")).resolves.toBe("1");
    await expect(figure("ready")).resolves.toBe("1");
    await expect(figure("matches")).resolves.toBe("1");
    await expect(figure("contacts")).resolves.toBe(`${report.summary.monthsMet} of ${report.summary.monthsEnded}`);

    // A column per required step (not the optional ones) and per module.
    const headers = await page.locator(".compliance-mentors thead th").allTextContents();
    const requiredLabels = report.steps.filter((step: { required: boolean }) => step.required).map((step: { label: string }) => step.label);
    expect(requiredLabels).toHaveLength(3);
    await expect(page.locator(".compliance-facts").innerText()).resolves.toContain(`Screening before matching\n${requiredLabels.join(", ")}`);
    expect(headers.slice(1, 4)).toEqual(requiredLabels);
    expect(headers).toContain(`Training: ${ids.moduleTitle}`);
    expect(headers.at(-1)).toBe("Ready for matching");

    const samira = page.locator(`.compliance-mentors tr[data-mentor="${ids.samira}"]`);
    const jonah = page.locator(`.compliance-mentors tr[data-mentor="${ids.jonah}"]`);
    await expect(samira.locator("th").innerText()).resolves.toMatch(/^Samira Rahman/);
    const interview = await samira.locator('td[data-step="interview"]').innerText();
    expect(interview).toMatch(new RegExp(`Done\\s+${day(-80)}\\s+by Casey Coordinator`));
    const check = await samira.locator('td[data-step="background_check"]').innerText();
    expect(check).toMatch(new RegExp(`Done\\s+${day(-78)}\\s+cleared, via Sterling, requested ${day(-85)}`));
    expect(await samira.locator('td[data-step="application_review"]').innerText()).toMatch(new RegExp(`Done\\s+${report.generatedOn}`));
    const moduleCell = samira.locator(`td[data-module="${ids.moduleId}"]`);
    await expect(moduleCell.innerText()).resolves.toMatch(new RegExp(`Attended in person\\s+${day(-79)}`));
    await expect(samira.locator("td[data-ready]").innerText()).resolves.toMatch(/^✓ Yes/);
    await expect(jonah.locator('td[data-step="interview"]').innerText()).resolves.toMatch(/^Missing/);
    await expect(jonah.locator('td[data-step="background_check"]').innerText()).resolves.toMatch(/^Missing/);
    await expect(jonah.locator("td[data-ready]").getAttribute("data-ready")).resolves.toBe("no");
    const blockers = await jonah.locator(".compliance-blockers li").allTextContents();
    expect(blockers).toEqual(report.mentors.find((mentor: { id: string }) => mentor.id === ids.jonah).blockers);
    expect(blockers.length).toBeGreaterThanOrEqual(2);

    // The match: month 1 met (2 of 2), month 2 missed (0 of 1), the current month in progress with its contact.
    const match = report.matches[0];
    expect(match.months.length).toBeGreaterThanOrEqual(3);
    expect(match.months[0]).toMatchObject({ made: 2, required: 2, met: true, inProgress: false });
    expect(match.months[1]).toMatchObject({ made: 0, required: 1, met: false, inProgress: false });
    expect(match.months.at(-1)).toMatchObject({ made: 1, inProgress: true });
    const row = page.locator(`.compliance-matches tr[data-match="${ids.matchId}"]`);
    await expect(row.locator("th").innerText()).resolves.toMatch(/Samira Rahman\s+mentor\s+Theo Lind\s+mentee/);
    const months = row.locator(".compliance-month");
    await expect(months.count()).resolves.toBe(match.months.length);
    await expect(months.nth(0).innerText()).resolves.toMatch(new RegExp(`^Month 1\\s+2/2\\s+2 contacts of 2 required,\\s+✓ met\\s+from ${match.months[0].from}$`));
    await expect(months.nth(1).innerText()).resolves.toMatch(/^Month 2\s+0\/1\s+0 contacts of 1 required,\s+missed\s+from /);
    await expect(months.last().innerText()).resolves.toMatch(/1\/1\s+1 contact of 1 required,\s+met so far, month in progress/);
    await expect(row.locator("td").first().innerText()).resolves.toMatch(new RegExp(`Active\\s+started ${match.startedOn}\\s+${match.missedMonths} months? missed`));
    await expect(row.locator("td").last().innerText()).resolves.toBe("Not closed");
    await harness.axeCheck(page, "compliance report");
    await screenshot(page, "console-compliance", { docs: true });
  });

  it("downloads both tables as CSV", async () => {
    const mentorsLink = page.getByRole("link", { name: "Download mentors (CSV)" });
    const matchesLink = page.getByRole("link", { name: "Download matches (CSV)" });
    await expect(mentorsLink.getAttribute("download")).resolves.not.toBeNull();
    const mentorsHref = (await mentorsLink.getAttribute("href"))!;
    const matchesHref = (await matchesLink.getAttribute("href"))!;
    expect(mentorsHref).toBe(`${base}/compliance.csv?part=mentors`);
    expect(matchesHref).toBe(`${base}/compliance.csv?part=matches`);
    const mentors = await page.request.get(`${dev.url}${mentorsHref}`);
    expect(mentors.status()).toBe(200);
    expect(mentors.headers()["content-type"]).toMatch(/^text\/csv/);
    expect(mentors.headers()["content-disposition"]).toMatch(new RegExp(`attachment; filename="youth-compliance-mentors-\\d{4}-\\d{2}-\\d{2}\\.csv"`));
    const mentorLines = (await mentors.text()).trim().split(/\r?\n/);
    expect(mentorLines[0]).toMatch(/^first_name,last_name,email,application_status,screened,trained,ready_for_matching,application_review_required,application_review_state,application_review_date,/);
    expect(mentorLines[0]).toMatch(/,training_minutes_done,blockers$/);
    expect(mentorLines).toHaveLength(3);
    expect(mentorLines.find((line) => line.startsWith("Samira,Rahman,"))).toContain(day(-80));
    const matches = await page.request.get(`${dev.url}${matchesHref}`);
    expect(matches.headers()["content-type"]).toMatch(/^text\/csv/);
    const matchLines = (await matches.text()).trim().split(/\r?\n/);
    expect(matchLines[0]).toMatch(/^mentor,mentee,status,started_on,closed_on,months_ended,months_met,months_missed,month_1_from,month_1_contacts,month_1_required,/);
    expect(matchLines[1]).toMatch(/^Samira Rahman,Theo Lind,active,/);
    // A click downloads the file (the browser's own download, not a page change).
    const [download] = await Promise.all([page.waitForEvent("download"), matchesLink.click()]);
    expect(download.suggestedFilename()).toMatch(/^youth-compliance-matches-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(new URL(page.url()).pathname).toBe(`/console/${slug}/programs/${program}/compliance`);
  });

  it("prints within an A4 page's width and fits a phone's width on screen", async () => {
    onTestFailed(() => screenshot(page, "console-compliance-print-failed"));
    expect(await page.getByRole("button", { name: "Print or save as PDF" }).isVisible()).toBe(true);
    // A4 less 12 mm margins each side, at 96 px per inch: about 702 px.
    await page.setViewportSize({ width: 702, height: 1000 });
    await page.emulateMedia({ media: "print" });
    try {
      expect(await page.locator(".site-header").isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: "Print or save as PDF" }).isVisible()).toBe(false);
      const overflow = await page.evaluate(() => ({
        page: document.scrollingElement!.scrollWidth - window.innerWidth,
        tables: Array.from(document.querySelectorAll(".compliance-table")).map((table) => table.getBoundingClientRect().right - window.innerWidth),
      }));
      expect(overflow.page).toBeLessThanOrEqual(0);
      for (const right of overflow.tables) expect(right).toBeLessThanOrEqual(0);
      await screenshot(page, "console-compliance-print");
      const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
      const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
      expect(pages.length).toBeGreaterThanOrEqual(1);
      expect(pages.length).toBeLessThanOrEqual(2);
    } finally {
      await page.emulateMedia({ media: "screen" });
      await page.setViewportSize(CONTEXT.viewport);
    }
    await expectFitsPhone(page, "console-compliance");
  });

  it("lets the program's coordinator read the report, and tells a viewer they can't", async () => {
    await coordinator.goto(`${dev.url}/console/${slug}/programs/${program}/compliance`);
    await coordinator.locator('[data-compliance-state="ready"]').waitFor({ timeout: 20_000 });
    await expect(coordinator.locator(`.compliance-mentors tr[data-mentor="${ids.samira}"] td[data-step="interview"]`).innerText()).resolves.toContain(day(-80));
    await harness.axeCheck(coordinator, "compliance report (coordinator)");

    await viewer.goto(`${dev.url}/console/${slug}/programs/${program}/compliance`);
    await viewer.getByRole("heading", { name: "Only owners, admins and the program's coordinators see the compliance report" }).waitFor({ timeout: 20_000 });
    await expect(viewer.getByRole("heading", { level: 1 }).textContent()).resolves.toBe("Harbor Youth Mentoring: compliance report");
    await expect(viewer.locator(".compliance-table, [data-compliance-state]").count()).resolves.toBe(0);
    const text = await viewer.locator("main").innerText();
    expect(text).not.toContain("Samira");
    expect(text).not.toContain("Sterling");
    await harness.axeCheck(viewer, "compliance report (viewer)");
    await expectFitsPhone(viewer, "console-compliance-viewer");
    // The API refuses the viewer both the report and the CSV.
    expect((await viewer.request.get(`${dev.url}${base}/compliance`)).status()).toBe(403);
    expect((await viewer.request.get(`${dev.url}${base}/compliance.csv?part=mentors`)).status()).toBe(403);
  });

  it("saw no script errors or CSP violations", () => {
    expect(harness.problems()).toEqual([]);
  });
});
