/// <reference lib="dom" />
/**
 * Issue #8's "done when" story, end to end, in Chromium against the real
 * `pnpm dev` runner (its own database in a temporary directory):
 *
 * 1. An owner sets up a youth (community) program that requires the full
 *    screening checklist, a signed code of conduct and training.
 * 2. A volunteer applies as a mentor through the form embedded on the
 *    institution's website (another origin); the owner approves them.
 * 3. Matching holds them back, and the console's Screening page says "Not ready".
 * 4. On the mentor's console page the owner records the interview, adds a
 *    referee (who answers the emailed reference form in their own browser),
 *    and clears the background check: still not ready (training, code of
 *    conduct and commitment are the volunteer's to do).
 * 5. From their status link the volunteer reads the training, fails and then
 *    passes a quiz, passes the other, signs the code of conduct and accepts
 *    the commitment: the page says they are ready.
 * 6. Only now do they enter matching.
 * 7. A background check expiring today takes them out again; a renewed one brings them back.
 * 8. A 13-year-old applies through the embedded form: the application waits
 *    for their guardian (approval is refused) until the guardian consents
 *    from the emailed link; the owner approves, and the matching page pairs
 *    them with the screened mentor. The guardian is told of the match too.
 * 9. The guardian withdraws consent from their receipt's link: the match is
 *    paused (the mentee's space says so, and so does the coordinator's API).
 *
 * Each step checks what a person sees and that the API and the database
 * agree. axe on every page (no serious or critical findings), and no CSP
 * violations or script errors. Screenshots go to test-artifacts/screenshots
 * (with UPDATE_README_SCREENSHOTS=1, story-mentor-preparation.png and
 * story-reference-form.png also to docs/screenshots).
 */
import type { Server } from "node:http";
import { addMonths } from "@tandem/safeguarding";
import type { APIRequestContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "./browser.js";
import { apiAs, emailsTo, requireLinkTo, signInFromOutbox, signUp, useDevAndBrowser, waitForEmail } from "./harness.js";
import { asAPersonWould, fillMenteeForm, fillMentorForm, localDay, longDay, mediumDay, partScreenshot, query, websitePage } from "./safeguarding-story-helpers.js";
import { linkFromOutbox, portalMatchOf, startWebsite } from "./story-helpers.js";

/** expect.poll waits one second by default; pages that load over the API on a busy machine need longer. */
const SOON = { timeout: 20_000, interval: 100 };
/** Emails go out through the queue: give them time. */
const MAIL = 30_000;
const ZONE = "America/Chicago";
const harness = useDevAndBrowser("safeguarding-story", { context: { viewport: { width: 1200, height: 900 }, locale: "en-US", timezoneId: ZONE } });
const { dev, newPage, axeCheck } = harness;

const tag = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1e3).toString(36)}`;
const slug = `riverside-${tag}`;
const program = "youth-mentoring";
const programName = "Riverside Youth Mentoring";
const base = `/api/v1/t/${slug}/programs/${program}`;
const ownerEmail = `olive-${tag}@example.test`;
const vera = { firstName: "Vera", lastName: "Volunteer", email: `vera-${tag}@example.test` };
const refereeEmail = `rita-${tag}@example.test`;
const theo = { firstName: "Theo", lastName: "Lind", email: `theo-${tag}@example.test` };
const guardian = { name: "Ana Lind", email: `ana-${tag}@example.test` };
const CODE_OF_CONDUCT = "## Our code of conduct\n\n- Meet your mentee only in public places or at the program's partner sites.\n- Keep contact to the program's channels: no private social media.\n- Tell your coordinator at once about anything that worries you.";
const MODULES = ["Program expectations", "Boundaries and safety", "Active listening", "Goal setting"];
/** The institution's local date `offset` days from today. */
const day = (offset = 0) => localDay(ZONE, offset);

let website: { url: string; server: Server } | undefined;
let owner: Page;
let mentorId = "";
let menteeId = "";
let matchId = "";
let veraStatusLink = "";
let tenantId = "";

beforeAll(async () => {
  website = await startWebsite({
    "/": websitePage("Find a mentor", "Young people aged 10 to 16 can apply here, with a parent's or guardian's consent.", dev.url, slug, program, "mentee"),
    "/volunteer": websitePage("Volunteer as a mentor", "Give two afternoons a month to a young person in Riverside.", dev.url, slug, program, "mentor"),
  });
});

afterAll(() => website?.server.close());

/** The API as the owner's browser (its cookies, the app's Origin on writes); fails on any status but 2xx. */
const api = (method: "GET" | "POST" | "PATCH" | "PUT", path: string, body?: unknown) => apiAs(dev, owner.context().request as APIRequestContext, method, path, body);
/** Who a matching run would pair now. */
const pool = async () => (await api("GET", `${base}/matching/settings`)).pool as { waitingMentees: number; mentors: number; mentorsNotReady: number; openPlaces: number };
/** The mentor's screening as the console's API gives it. */
const screeningOf = async (id: string) => api("GET", `${base}/screening/${id}`);
/** An application, found by email in the program's list. */
const applicationOf = async (email: string) => {
  const found = await api("GET", `${base}/applications?search=${encodeURIComponent(email)}`);
  expect(found.applications).toHaveLength(1);
  return found.applications[0] as { id: string; status: string; role: string };
};
/** On failure: what each open page showed, what went wrong in it, and the server's output. */
const explainFailures = () => harness.explainFailures({ prefix: "failed-safeguarding-story", maxChars: 3000 });

const screeningUrl = () => `${dev.url}/console/${slug}/programs/${program}/screening`;
const mentorUrl = () => `${dev.url}/console/${slug}/programs/${program}/mentors/${mentorId}`;
const veraRow = () => owner.locator("tr", { hasText: "Vera Volunteer" });
const readiness = () => owner.locator("section", { has: owner.locator("#mentor-readiness-title") });

async function openScreeningPage(): Promise<void> {
  await owner.goto(screeningUrl());
  await owner.getByRole("heading", { level: 1, name: `Screening: ${programName}` }).waitFor({ timeout: 20_000 });
}

async function openMentorPage(): Promise<void> {
  await owner.goto(mentorUrl());
  await owner.getByRole("heading", { level: 1, name: "Vera Volunteer: screening" }).waitFor({ timeout: 20_000 });
}

describe("the safeguarding story: screen, train and match a volunteer; a minor waits for their guardian", () => {
  it("1. an owner sets up a youth program that requires screening, a code of conduct and training", async () => {
    explainFailures();
    await signUp(dev, { name: "Riverside Youth Alliance", slug, kind: "community_org", timezone: ZONE }, { name: "Olive Owner", email: ownerEmail });
    owner = await newPage("owner");
    await signInFromOutbox(dev, owner, ownerEmail, `/console/${slug}`);

    const created = await api("POST", `/api/v1/t/${slug}/programs`, {
      name: programName,
      slug: program,
      type: "community",
      description: "Adults from local businesses mentor young people aged 10 to 16, meeting twice a month at the library or the community center.",
      expectations: "Meet twice a month for a year, in public places or at the program's partner sites, and tell the coordinator about anything that worries you.",
      guardianConsentUnderAge: 18,
      enrollmentOpensOn: day(-1),
      enrollmentClosesOn: day(30),
      startsOn: day(35),
      endsOn: day(400),
    });
    expect(created.program).toMatchObject({ slug: program, guardianConsentUnderAge: 18 });
    await api("POST", `${base}/status`, { status: "enrolling" });
    await api("PATCH", `/api/v1/t/${slug}/settings`, { allowedEmbedOrigins: [website!.url] });
    await api("PATCH", `${base}/safeguarding`, {
      screeningRequired: true,
      screeningSteps: ["application_review", "interview", "references", "background_check", "code_of_conduct", "commitment"],
      referencesRequired: 1,
      codeOfConduct: CODE_OF_CONDUCT,
      trainingRequired: true,
    });
    expect((await api("GET", `${base}/safeguarding`)).settings).toMatchObject({
      screeningRequired: true,
      screeningSteps: ["application_review", "interview", "references", "background_check", "code_of_conduct", "commitment"],
      referencesRequired: 1,
      backgroundCheckValidMonths: 24,
      commitmentMonths: 12,
      codeOfConduct: CODE_OF_CONDUCT,
      trainingRequired: true,
    });
    // The program came with the starter modules; two of them end with a quiz.
    const { modules } = await api("GET", `${base}/training/modules`);
    expect(modules.map((module: { title: string }) => module.title)).toEqual(MODULES);
    expect(modules.map((module: { quiz: unknown }) => module.quiz !== null)).toEqual([false, true, false, true]);
    const [row] = await query<{ id: string }>(harness.dbPort, "SELECT id FROM tenants WHERE slug = ?", [slug]);
    tenantId = row!.id;
  });

  it("2. a volunteer applies as a mentor through the form embedded on the institution's website, and is approved", async () => {
    explainFailures();
    const site = await newPage("website (volunteer form)");
    await site.goto(`${website!.url}/volunteer`);
    await site.getByRole("heading", { name: programName }).waitFor({ timeout: 20_000 });
    const shownAt = Date.now();
    await expect(site.getByText("Apply as a mentor").count()).resolves.toBe(1);
    expect(new URL(site.url()).origin).not.toBe(new URL(dev.url).origin);
    await axeCheck(site, "website (embedded mentor form)");
    await fillMentorForm(site, vera);
    await screenshot(site, "safeguarding-story-volunteer-form");
    await asAPersonWould(shownAt, site);
    await site.getByRole("button", { name: "Send application" }).click();
    await site.getByRole("heading", { name: "Application sent" }).waitFor({ timeout: 20_000 });
    await expect(site.getByText("Your application was received. We emailed you a confirmation.", { exact: true }).count()).resolves.toBe(1);
    await axeCheck(site, "website (mentor application sent)");

    // The confirmation email carries the volunteer's status link.
    await waitForEmail(dev, vera.email, (email) => email.kind === "enrollment.confirmation", MAIL);
    veraStatusLink = await requireLinkTo(dev, vera.email, "/applications/status", { timeout: MAIL });
    const applied = await applicationOf(vera.email);
    expect(applied).toMatchObject({ role: "mentor", status: "submitted" });
    mentorId = applied.id;
    const [stored] = await query<{ answers: string }>(harness.dbPort, "SELECT answers FROM applications WHERE id = ?", [mentorId]);
    expect(JSON.parse(stored!.answers)).toMatchObject({ employer: "Riverside Bank", code_of_conduct: true, background_check: true, location: "Riverside" });

    // The owner approves: that is also the application review the checklist asks for.
    await api("POST", `${base}/applications/decisions`, { ids: [mentorId], decision: "approved" });
    expect((await applicationOf(vera.email)).status).toBe("approved");
  });

  it("3. matching holds the approved volunteer back, and the Screening page says they are not ready", async () => {
    explainFailures();
    expect(await pool()).toMatchObject({ mentors: 0, mentorsNotReady: 1 });
    const detail = await screeningOf(mentorId);
    expect(detail.status.ready).toBe(false);
    expect(Object.fromEntries(detail.status.steps.map((step: { key: string; state: string }) => [step.key, step.state]))).toEqual({
      application_review: "complete",
      interview: "missing",
      references: "missing",
      background_check: "missing",
      code_of_conduct: "missing",
      commitment: "missing",
    });

    await openScreeningPage();
    await expect.poll(() => veraRow().textContent(), SOON).toContain("Not ready");
    const text = await veraRow().innerText();
    expect(text).toContain("Application reviewed: Done");
    expect(text).toContain("Interview held: Missing");
    expect(text).toContain("Code of conduct signed: Missing");
    expect(text).toContain("Interview held: No interview is recorded yet. (and 5 more things)");
    await expect(owner.locator('[data-count="ready"]').textContent()).resolves.toBe("0");
    await axeCheck(owner, "screening (volunteer not ready)");
    await screenshot(owner, "safeguarding-story-screening-not-ready");
  });

  it("4. the owner records the interview, a referee answers the emailed form, and the background check clears", async () => {
    explainFailures();
    await veraRow().getByRole("link", { name: "Vera Volunteer" }).click();
    await owner.waitForURL((url) => url.pathname === `/console/${slug}/programs/${program}/mentors/${mentorId}`);
    await owner.getByRole("heading", { level: 1, name: "Vera Volunteer: screening" }).waitFor({ timeout: 20_000 });
    await expect.poll(() => readiness().textContent(), SOON).toContain("Not ready");
    await axeCheck(owner, "mentor screening (nothing recorded)");

    // The interview.
    const interview = owner.locator("#step-interview");
    await owner.getByLabel("Date of the interview").fill(day(-3));
    await owner.getByLabel("Interviewer").fill("Olive Owner");
    await interview.getByLabel(/^Notes/).fill("Warm and reliable; coaches a youth soccer team. No concerns.");
    await owner.getByRole("button", { name: "Save interview" }).click();
    await expect.poll(() => interview.locator('[role="status"]').textContent(), SOON).toBe(`Saved the interview of ${mediumDay(day(-3))} with Olive Owner.`);

    // A referee, emailed the form.
    await owner.getByLabel("Referee's name").fill("Rita Referee");
    await owner.getByLabel("Referee's email address").fill(refereeEmail);
    await owner.getByLabel("How they know Vera").fill("Former manager");
    await owner.getByRole("button", { name: "Add referee" }).click();
    await expect
      .poll(() => owner.locator("#step-references form.screening-add-referee [role='status']").textContent(), SOON)
      .toBe("Added Rita Referee and emailed them the reference form. Their answers appear here when they send it.");
    await axeCheck(owner, "mentor screening (interview, referee asked)");

    // The referee answers from the emailed link, in a browser of their own, without an account.
    const link = await requireLinkTo(dev, refereeEmail, "/reference", { timeout: MAIL });
    const referee = await harness.openPage("referee", link);
    await referee.getByRole("heading", { level: 1, name: "A reference for Vera V." }).waitFor({ timeout: 20_000 });
    await axeCheck(referee, "reference form");
    await referee.locator("#q-knownFor-2").check();
    await referee.locator("#q-relationship-input").fill("I was her manager at the bank for four years.");
    await referee.locator("#q-suitableWithYoungPeople-0").check();
    await referee.locator("#q-recommend-0").check();
    await referee.locator("#q-comments-input").fill("Patient, dependable, and great with the young people who visit the branch.");
    await referee.locator("#signature").fill("Rita Referee");
    await axeCheck(referee, "reference form (filled)");
    await screenshot(referee, "story-reference-form", { docs: true });
    await referee.getByRole("button", { name: "Send my reference" }).click();
    await referee.locator("#done").waitFor({ state: "visible", timeout: 15_000 });
    await axeCheck(referee, "reference form (sent)");
    await waitForEmail(dev, ownerEmail, (email) => email.subject.startsWith("A reference arrived for Vera"), MAIL);
    const [reference] = await query<{ received_at: number | null; response: string }>(harness.dbPort, "SELECT received_at, response FROM mentor_references WHERE application_id = ?", [mentorId]);
    expect(reference!.received_at).not.toBeNull();
    expect(reference!.response).toContain("I was her manager at the bank for four years.");

    // The background check clears.
    const check = owner.locator("#step-background_check");
    await owner.getByLabel("Provider").fill("State Police");
    await owner.getByLabel("Requested on").fill(day(-12));
    await owner.getByLabel("Status").selectOption("cleared");
    await owner.getByLabel("Cleared on").fill(day(-5));
    await owner.getByRole("button", { name: "Save background check" }).click();
    await expect
      .poll(() => check.locator('[role="status"]').textContent(), SOON)
      .toBe(`Saved: the check cleared on ${mediumDay(day(-5))} and expires on ${mediumDay(addMonths(day(-5), 24))}.`);

    // The coordinator's steps are done; what is left is the volunteer's to do.
    const blockers = [
      "Code of conduct signed: The code of conduct is not signed yet.",
      "Minimum commitment accepted: The 12-month commitment is not accepted yet.",
      `Training: 4 required modules not finished (${MODULES.join(", ")}).`,
    ];
    const detail = await screeningOf(mentorId);
    expect(detail.status).toMatchObject({ ready: false, screened: false, blockers });
    expect(detail.record.backgroundCheck).toMatchObject({ provider: "State Police", status: "cleared", clearedOn: day(-5), expiresOn: addMonths(day(-5), 24) });
    await openMentorPage();
    await expect.poll(() => readiness().locator("li").allTextContents(), SOON).toEqual(blockers);
    await expect(owner.locator("#step-references .screening-step-state").textContent()).resolves.toContain("Done");
    expect(await pool()).toMatchObject({ mentors: 0, mentorsNotReady: 1 });
    await axeCheck(owner, "mentor screening (coordinator's steps done)");
    await screenshot(owner, "safeguarding-story-mentor-screening");
  });

  it("5. the volunteer trains (failing a quiz, then passing), signs the code of conduct and commits, from their status link", async () => {
    explainFailures();
    const staffModules = (await api("GET", `${base}/training/modules`)).modules as { id: string; title: string; quiz: { questions: { answer: number; options: string[] }[] } | null }[];
    const status = await newPage("volunteer status page");
    await status.goto(veraStatusLink);
    await status.getByRole("heading", { level: 1, name: `Your application to ${programName}` }).waitFor({ timeout: 20_000 });
    await expect.poll(() => status.locator("#summary").textContent(), SOON).toBe("Hi Vera, your application as a mentor has been approved.");
    const preparation = status.locator("#preparation");
    await preparation.waitFor({ state: "visible", timeout: 20_000 });
    await expect(preparation.getByRole("heading", { level: 2, name: "Before you're matched" }).isVisible()).resolves.toBe(true);
    await expect(status.locator("#preparation-summary .blockers li").allTextContents()).resolves.toEqual([
      `Finish 4 required training modules: ${MODULES.join(", ")}.`,
      "Sign the code of conduct.",
      "Accept the 12-month commitment.",
    ]);
    await expect(status.locator("#training-progress").textContent()).resolves.toBe(`Training: 0 of 4 modules done, 0 of 85 minutes. Please finish by ${longDay(day(35))}.`);
    // Interviewer notes, referees and the background check stay the coordinator's.
    const pageText = await status.locator("main").innerText();
    expect(pageText).not.toContain("State Police");
    expect(pageText).not.toContain("Rita");
    await axeCheck(status, "status page (preparation to do)");

    const item = (index: number) => status.locator(`#module-${index}`);
    const meta = (index: number) => status.locator(`#module-${index}-meta`).textContent();
    const announced = () => status.locator("#preparation-status").textContent();
    const openModule = async (index: number) => {
      const details = item(index).locator("details");
      if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) await details.locator("summary").click();
    };
    const answerQuiz = async (index: number, choose: (question: { answer: number; options: string[] }, q: number) => number) => {
      await openModule(index);
      const quiz = staffModules[index]!.quiz!;
      for (const [q, question] of quiz.questions.entries()) await status.locator(`#module-${index}-q${q}-o${choose(question, q)}`).check();
      await item(index).getByRole("button", { name: "Check my answers" }).click();
    };

    // Module 1 has no quiz: read, and marked as read.
    await expect(item(0).locator("h4").textContent()).resolves.toBe(MODULES[0]);
    await openModule(0);
    await item(0).getByRole("button", { name: "Mark as read" }).click();
    await expect.poll(announced, SOON).toBe(`"${MODULES[0]}" is done.`);
    await expect(meta(0)).resolves.toBe("15 min · Required · Done");

    // Module 2's quiz: two of four right is not enough; the page says so, and which questions to look at again.
    await answerQuiz(1, (question, q) => (q < 2 ? (question.answer + 1) % question.options.length : question.answer));
    const result = status.locator("#module-1-result");
    await expect.poll(() => result.textContent(), SOON).toBe("You scored 50%; you need 75% to pass. Look again at questions 1, 2, then try again.");
    await expect(result.getAttribute("class")).resolves.toContain("failed");
    await expect(meta(1)).resolves.toBe("30 min · Required · Quiz not passed yet · best score 50%");
    await expect(item(1).locator(".field-error").allTextContents()).resolves.toEqual(["Not right yet: have another look at the module.", "Not right yet: have another look at the module."]);
    await expect.poll(() => status.evaluate(() => document.activeElement?.id), SOON).toBe("module-1-result");
    await axeCheck(status, "status page (quiz not passed)");
    await screenshot(status, "safeguarding-story-quiz-failed");

    // Read again, and every answer right.
    await answerQuiz(1, (question) => question.answer);
    await expect.poll(() => result.textContent(), SOON).toBe("You scored 100% (pass mark 75%). Well done: this module is done.");
    await expect(meta(1)).resolves.toBe("30 min · Required · Done: quiz passed · best score 100%");

    await openModule(2);
    await item(2).getByRole("button", { name: "Mark as read" }).click();
    await expect.poll(() => meta(2), SOON).toBe("20 min · Required · Done");
    await answerQuiz(3, (question) => question.answer);
    await expect.poll(() => status.locator("#module-3-result").textContent(), SOON).toBe("You scored 100% (pass mark 75%). Well done: this module is done.");
    await expect(status.locator("#training-progress").textContent()).resolves.toBe("Training: 4 of 4 modules done, 85 of 85 minutes.");

    // The code of conduct: not without agreeing to it; then signed with the typed name.
    await expect(status.locator("#conduct-text h4").textContent()).resolves.toBe("Our code of conduct");
    await status.getByLabel("Type your full name as your signature").fill("Vera Volunteer");
    await status.getByRole("button", { name: "Sign the code of conduct" }).click();
    await expect.poll(() => status.locator("#conduct-agree-error").textContent(), SOON).toBe("Check the box to agree to the code of conduct.");
    await expect(status.getByLabel("I have read the code of conduct and I will follow it.").getAttribute("aria-invalid")).resolves.toBe("true");
    await axeCheck(status, "status page (code of conduct not agreed)");
    await status.getByLabel("I have read the code of conduct and I will follow it.").check();
    await status.getByRole("button", { name: "Sign the code of conduct" }).click();
    await expect.poll(() => status.locator("#conduct-signed").textContent(), SOON).toBe(`You signed the code of conduct as Vera Volunteer on ${longDay(day(0))}.`);
    await expect(announced()).resolves.toBe("Thank you: your signature is recorded.");

    // The commitment.
    await expect(status.locator("#commitment-text").textContent()).resolves.toContain("at least 12 months");
    await status.getByLabel("I commit to mentoring for at least 12 months.").check();
    await status.getByRole("button", { name: "Accept the commitment" }).click();
    await expect.poll(() => status.locator("#commitment-done").textContent(), SOON).toBe(`You accepted the 12-month commitment on ${longDay(day(0))}.`);

    // Ready.
    await expect
      .poll(() => status.locator("#preparation-summary .readiness").textContent(), SOON)
      .toBe("You have done everything the program asks before matching. The coordinator will be in touch about your match.");
    await expect(status.locator("#preparation-summary .blockers").count()).resolves.toBe(0);
    await axeCheck(status, "status page (ready)");
    await status.evaluate(() => window.scrollTo(0, 0));
    await partScreenshot(preparation, "story-mentor-preparation", { docs: true });

    // The API and the database agree: ready, with the signature, the commitment and every attempt on record.
    const detail = await screeningOf(mentorId);
    expect(detail.status).toMatchObject({ ready: true, screened: true, blockers: [] });
    expect(detail.status.training).toMatchObject({ complete: true, requiredDone: 4, requiredModules: 4 });
    const [signed] = await query<Record<string, string | number | null>>(
      harness.dbPort,
      "SELECT code_of_conduct_signature, code_of_conduct_text, code_of_conduct_signed_at, code_of_conduct_ip, commitment_months, commitment_accepted_at FROM mentor_screenings WHERE application_id = ?",
      [mentorId],
    );
    expect(signed).toMatchObject({ code_of_conduct_signature: "Vera Volunteer", code_of_conduct_text: CODE_OF_CONDUCT, commitment_months: 12 });
    expect(signed!.code_of_conduct_signed_at).not.toBeNull();
    expect(signed!.code_of_conduct_ip).toBeTruthy();
    expect(signed!.commitment_accepted_at).not.toBeNull();
    const attempts = await query<{ module_id: string; score: number; passed: number }>(
      harness.dbPort,
      "SELECT module_id, score, passed FROM training_quiz_attempts WHERE application_id = ? ORDER BY created_at",
      [mentorId],
    );
    expect(attempts.map((attempt) => [attempt.module_id, Number(attempt.score), Boolean(attempt.passed)])).toEqual([
      [staffModules[1]!.id, 50, false],
      [staffModules[1]!.id, 100, true],
      [staffModules[3]!.id, 100, true],
    ]);
  });

  it("6. only now does the volunteer enter matching", async () => {
    explainFailures();
    expect(await pool()).toMatchObject({ mentors: 1, mentorsNotReady: 0 });
    await openScreeningPage();
    await expect.poll(() => owner.locator('[data-count="ready"]').textContent(), SOON).toBe("1");
    const text = await veraRow().innerText();
    expect(text).not.toContain("Not ready");
    expect(text).toMatch(/Ready/);
    expect(text).toContain("Code of conduct signed: Done");
    expect(text).toContain("Minimum commitment accepted: Done");
    expect(text).toContain(`Expires on ${mediumDay(addMonths(day(-5), 24))}`);
    await axeCheck(owner, "screening (volunteer ready)");
  });

  it("7. a background check expiring today takes the mentor out of matching; a renewed one brings them back", async () => {
    explainFailures();
    await openMentorPage();
    const check = owner.locator("#step-background_check");
    // The program's default expiry is not shown as if typed: left empty, it follows a new cleared date.
    await expect.poll(() => owner.getByLabel("Expires on").inputValue(), SOON).toBe("");
    await owner.getByLabel("Expires on").fill(day(0));
    await owner.getByRole("button", { name: "Save background check" }).click();
    await expect.poll(() => check.locator('[role="status"]').textContent(), SOON).toMatch(/^Saved: the check cleared on /);
    await expect.poll(() => readiness().textContent(), SOON).toContain("Not ready");
    await expect(readiness().locator("li").allTextContents()).resolves.toEqual([`Background check cleared: The background check expired on ${day(0)}.`]);
    await expect(check.textContent()).resolves.toContain(`Expired on ${mediumDay(day(0))}`);
    await axeCheck(owner, "mentor screening (check expired)");

    const expired = await screeningOf(mentorId);
    expect(expired.status.ready).toBe(false);
    expect(expired.status.steps.find((step: { key: string }) => step.key === "background_check")).toMatchObject({ state: "expired" });
    expect(await pool()).toMatchObject({ mentors: 0, mentorsNotReady: 1 });
    // The volunteer's own page no longer says they are ready (the coordinator's step is theirs to redo).
    const preparation = await fetch(`${dev.url}/api/v1/t/${slug}/applications/status/preparation?token=${encodeURIComponent(new URL(veraStatusLink).searchParams.get("token")!)}`);
    expect(await preparation.json()).toMatchObject({ ready: false, blockers: ["The coordinator is completing the rest of your screening. They will contact you if anything is needed from you."] });

    await openScreeningPage();
    await expect.poll(() => veraRow().textContent(), SOON).toContain("Not ready");
    const text = await veraRow().innerText();
    expect(text).toContain(`Expired on ${mediumDay(day(0))}`);
    expect(text).toContain("Background check cleared: Expired");
    await owner.locator('label[for="screening-filter-expired"]').click();
    await expect.poll(() => owner.locator("caption").textContent(), SOON).toMatch(/^1 mentor with a check expired or expiring within 30 days, as of /);
    await axeCheck(owner, "screening (check expired)");
    await screenshot(owner, "safeguarding-story-check-expired");

    // Renewed: a new check, cleared today, valid for the program's 24 months.
    await openMentorPage();
    await owner.getByLabel("Requested on").fill(day(-1));
    await owner.getByLabel("Cleared on").fill(day(0));
    await owner.getByLabel("Expires on").fill("");
    await owner.getByRole("button", { name: "Save background check" }).click();
    await expect
      .poll(() => check.locator('[role="status"]').textContent(), SOON)
      .toBe(`Saved: the check cleared on ${mediumDay(day(0))} and expires on ${mediumDay(addMonths(day(0), 24))}. Vera is now ready for matching.`);
    await expect.poll(() => readiness().textContent(), SOON).toContain("Vera has completed everything the program requires and can be matched.");
    expect((await screeningOf(mentorId)).status).toMatchObject({ ready: true, expiresOn: addMonths(day(0), 24) });
    expect(await pool()).toMatchObject({ mentors: 1, mentorsNotReady: 0 });
  });

  it("8. a minor's application waits for their guardian's consent, then is matched with the screened mentor", async () => {
    explainFailures();
    // Theo, 13, applies through the embedded form, naming his guardian.
    const site = await newPage("website (mentee form)");
    await site.goto(`${website!.url}/`);
    await site.getByRole("heading", { name: programName }).waitFor({ timeout: 20_000 });
    const shownAt = Date.now();
    await expect(site.getByText("Apply as a mentee").count()).resolves.toBe(1);
    await axeCheck(site, "website (embedded mentee form)");
    const born = `${Number(day(0).slice(0, 4)) - 13}-01-15`;
    await fillMenteeForm(site, theo, born, guardian);
    await asAPersonWould(shownAt, site);
    await site.getByRole("button", { name: "Send application" }).click();
    await site.getByRole("heading", { name: "Application sent" }).waitFor({ timeout: 20_000 });
    await axeCheck(site, "website (mentee application sent)");

    // It waits for the guardian: the API, the database and Theo's status page say so, and approval is refused.
    const applied = await applicationOf(theo.email);
    expect(applied).toMatchObject({ role: "mentee", status: "pending_consent" });
    menteeId = applied.id;
    const [stored] = await query<{ status: string; guardian_consented_at: number | null; answers: string }>(harness.dbPort, "SELECT status, guardian_consented_at, answers FROM applications WHERE id = ?", [menteeId]);
    expect(stored).toMatchObject({ status: "pending_consent", guardian_consented_at: null });
    expect(JSON.parse(stored!.answers)).toMatchObject({ date_of_birth: born, guardian_name: guardian.name, guardian_email: guardian.email });
    const theoStatus = await newPage("mentee status page");
    await theoStatus.goto(await requireLinkTo(dev, theo.email, "/applications/status", { timeout: MAIL }));
    await expect.poll(() => theoStatus.locator("#summary").textContent(), SOON).toBe("Hi Theo, your application as a mentee is waiting for your parent or guardian's consent.");
    await expect(theoStatus.locator("#next-step").textContent()).resolves.toBe("We emailed them a link. Once they consent, the coordinator reviews your application.");
    await expect(theoStatus.locator("#preparation").isHidden()).resolves.toBe(true);
    await axeCheck(theoStatus, "mentee status page (waiting for consent)");
    const refused = await owner.context().request.fetch(`${dev.url}${base}/applications/decisions`, { method: "POST", headers: { origin: dev.url }, data: { ids: [menteeId], decision: "approved" } });
    const problem = await refused.json();
    expect(refused.status(), JSON.stringify(problem)).toBe(409);
    expect(problem).toMatchObject({ type: "https://tandem.dev/problems/cannot-decide", blocked: [{ id: menteeId, status: "pending_consent" }] });
    expect((await applicationOf(theo.email)).status).toBe("pending_consent");

    // The guardian opens the emailed link, reads about the program and consents with their typed name.
    const consentLink = await requireLinkTo(dev, guardian.email, "/consent.html", { timeout: MAIL });
    expect(new URL(consentLink).searchParams.get("token")).toBeTruthy();
    const parent = await harness.openPage("guardian (consent)", consentLink);
    await parent.getByRole("heading", { level: 1, name: `Your consent for Theo to join ${programName}` }).waitFor({ timeout: 20_000 });
    await expect(parent.locator("#program-intro").textContent()).resolves.toBe(`Theo Lind applied to ${programName}, run by Riverside Youth Alliance, and named you (${guardian.name}) as their parent or guardian.`);
    await expect(parent.locator("#program-description").textContent()).resolves.toContain("Adults from local businesses mentor young people");
    await expect(parent.locator("#program-expectations").textContent()).resolves.toContain("Meet twice a month for a year");
    await axeCheck(parent, "consent page");
    await parent.getByLabel("Type your full name as your signature").fill(guardian.name);
    await parent.getByLabel(`I am Theo's parent or guardian, I have read about the program, and I consent to Theo taking part.`).check();
    await screenshot(parent, "safeguarding-story-consent");
    await parent.getByRole("button", { name: "Give consent" }).click();
    await parent.getByRole("heading", { name: "Thank you" }).waitFor({ timeout: 20_000 });
    await axeCheck(parent, "consent page (consented)");

    // Now Theo's application is an ordinary one: the owner approves it.
    expect((await applicationOf(theo.email)).status).toBe("submitted");
    const [consented] = await query<{ guardian_signature: string; guardian_consented_at: number | null; guardian_consent_ip: string | null }>(
      harness.dbPort,
      "SELECT guardian_signature, guardian_consented_at, guardian_consent_ip FROM applications WHERE id = ?",
      [menteeId],
    );
    expect(consented).toMatchObject({ guardian_signature: guardian.name });
    expect(consented!.guardian_consented_at).not.toBeNull();
    await theoStatus.reload();
    await expect.poll(() => theoStatus.locator("#summary").textContent(), SOON).toBe("Hi Theo, your application as a mentee has been received.");
    await api("POST", `${base}/applications/decisions`, { ids: [menteeId], decision: "approved" });
    expect(await pool()).toMatchObject({ waitingMentees: 1, mentors: 1, mentorsNotReady: 0 });

    // The matching page pairs Theo with Vera, and the owner approves it.
    await owner.goto(`${dev.url}/matching.html?tenant=${slug}&program=${program}`);
    await owner.getByRole("heading", { level: 1, name: `Matching: ${programName}` }).waitFor({ timeout: 20_000 });
    await expect.poll(() => owner.locator("#pool").innerText(), SOON).toMatch(/1\s+approved mentee is waiting for a mentor/);
    await axeCheck(owner, "matching (before the run)");
    await owner.getByRole("button", { name: "Run matching" }).click();
    await owner.getByRole("heading", { name: "Review the proposal" }).waitFor({ timeout: 30_000 });
    await expect(owner.locator("#pair-rows tr").count()).resolves.toBe(1);
    const pair = await owner.locator("#pair-rows tr").innerText();
    expect(pair).toContain("Theo");
    expect(pair).toContain("Vera");
    await axeCheck(owner, "matching (proposal)");
    await screenshot(owner, "safeguarding-story-matching-proposal");
    await owner.getByRole("button", { name: "Approve 1 match" }).click();
    await owner.getByRole("dialog", { name: "Approve 1 match?" }).waitFor();
    await owner.getByRole("button", { name: "Approve and send introductions" }).click();
    await expect.poll(() => owner.locator("#approved-panel").innerText(), SOON).toMatch(/Approved: 1 match created\./);
    await axeCheck(owner, "matching (approved)");

    const matches = await query<{ id: string; mentor_application_id: string; mentee_application_id: string; status: string }>(
      harness.dbPort,
      "SELECT id, mentor_application_id, mentee_application_id, status FROM matches WHERE tenant_id = ?",
      [tenantId],
    );
    expect(matches).toHaveLength(1);
    expect(matches[0]).toMatchObject({ mentor_application_id: mentorId, mentee_application_id: menteeId, status: "active" });
    matchId = matches[0]!.id;

    // The guardian hears about the match too; in a youth program nobody's email goes to the other side.
    const toGuardian = await waitForEmail(dev, guardian.email, (email) => email.kind === "match.introduction", MAIL);
    expect(toGuardian.subject).toBe(`Theo has been matched with a mentor — ${programName}`);
    expect(toGuardian.text).toContain("Theo has been matched with Vera Volunteer, a screened mentor");
    const toTheo = await waitForEmail(dev, theo.email, (email) => email.kind === "match.introduction", MAIL);
    expect(toTheo.text).not.toContain(vera.email);
    const toVera = await waitForEmail(dev, vera.email, (email) => email.kind === "match.introduction", MAIL);
    expect(toVera.text).not.toContain(theo.email);
  });

  it("9. the guardian withdraws consent from their receipt's link, and the match is paused", async () => {
    explainFailures();
    const manageLink = await linkFromOutbox(dev, guardian.email, (link) => link.pathname.replace(/\.html$/, "") === "/consent" && new URLSearchParams(link.hash.slice(1)).has("manage"), MAIL);
    const parent = await harness.openPage("guardian (manage consent)", manageLink);
    await parent.getByRole("heading", { level: 1, name: `Your consent for Theo to take part in ${programName}` }).waitFor({ timeout: 20_000 });
    await expect.poll(() => parent.locator("#record-state").textContent(), SOON).toBe(`Given: Theo takes part in ${programName} and has a mentor.`);
    await expect(parent.locator("#record-signature").textContent()).resolves.toBe(guardian.name);
    await expect(parent.locator("#withdraw-warning").textContent()).resolves.toContain("Theo's mentoring match is paused at once");
    await axeCheck(parent, "manage consent");
    await parent.getByLabel(`I withdraw my consent for Theo to take part in ${programName}.`).check();
    await parent.getByLabel("Why are you withdrawing? (optional)").fill("We are moving away at the end of the month.");
    await parent.getByRole("button", { name: "Withdraw consent" }).click();
    await parent.getByRole("heading", { name: "Your consent is withdrawn" }).waitFor({ timeout: 20_000 });
    await expect(parent.locator("#withdrawn-detail").textContent()).resolves.toBe("Theo's mentoring match is paused, and the program's coordinator has been told. They will be in touch.");
    await expect(parent.locator("#record-state").textContent()).resolves.toMatch(/^Withdrawn on .+\. Theo's match is paused\.$/);
    await axeCheck(parent, "manage consent (withdrawn)");
    await screenshot(parent, "safeguarding-story-consent-withdrawn");

    // The coordinator's view and the database: paused, for the guardian's withdrawal; the coordinator and the mentor are told.
    const detail = await api("GET", `/api/v1/t/${slug}/matches/${matchId}`);
    expect(detail.match.status).toBe("active");
    expect(detail.paused).toMatchObject({ reason: "guardian_consent_withdrawn" });
    const [paused] = await query<{ paused_at: number | null; pause_reason: string | null }>(harness.dbPort, "SELECT paused_at, pause_reason FROM matches WHERE id = ?", [matchId]);
    expect(paused!.paused_at).not.toBeNull();
    expect(paused!.pause_reason).toBe("guardian_consent_withdrawn");
    await waitForEmail(dev, ownerEmail, (email) => email.kind === "enrollment.guardian_consent_withdrawn", MAIL);
    await waitForEmail(dev, vera.email, (email) => email.kind === "match.paused", MAIL);

    // Theo's mentoring space says it is paused.
    const portal = await harness.openPage("mentee portal", await linkFromOutbox(dev, theo.email, (link) => portalMatchOf(link) === matchId, MAIL));
    await portal.getByRole("heading", { name: "Hi Theo: your mentoring with Vera" }).waitFor({ timeout: 20_000 });
    await expect.poll(() => portal.locator("#paused-note").textContent(), SOON).toMatch(/^This match is paused since .+ while the program's coordinator follows up\./);
    await axeCheck(portal, "mentee portal (paused)");
    await screenshot(portal, "safeguarding-story-portal-paused");

    // No page hit a script error, a CSP refusal or a missing asset; no unexpected email went to the referee after their reference.
    expect((await emailsTo(dev, refereeEmail)).map((email) => email.kind)).toEqual(["screening.reference_request"]);
    expect(harness.problems()).toEqual([]);
  });
});
