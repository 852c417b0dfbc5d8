/// <reference lib="dom" />
/**
 * The console's Screening pages in a real browser against the real `pnpm dev`
 * runner. An owner creates a community (youth) program and approves a volunteer
 * who applied through the public join API. On the Screening page the owner
 * requires screening — first without a step (the API's error shows on the steps
 * field, nothing is saved, and leaving asks first) — then with an interview, one
 * reference and a background check: the mentor shows "Not ready" with the first
 * blocker. On the mentor's page the owner records the interview, adds a referee
 * (the emailed link opens the public reference form, which the referee submits
 * in another browser; the answers then show in the console), keeps notes on
 * it, marks a phone reference received by hand and deletes it after confirming,
 * and clears the background check — a cleared date in the future is refused on
 * that field first. The mentor becomes "Ready" on both
 * pages. A viewer sees the requirements read-only and a "not allowed" message,
 * with no mentor in the page. axe on every state (no serious or critical
 * findings), no CSP violations or script errors, no sideways scrolling at 375 px.
 * Screenshots go to test-artifacts/screenshots (and, with
 * UPDATE_README_SCREENSHOTS=1, console-screening.png to docs/screenshots).
 */
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { expectFitsPhone, screenshot } from "./browser.js";
import { apiAs, emailsTo, requireLinkTo, signInFromOutbox, signUp, StaffClient, useDevAndBrowser, waitForEmail } from "./harness.js";

/** expect.poll waits one second by default; pages that load over the API need longer. */
const SOON = { timeout: 15_000, interval: 100 };
const CONTEXT = { viewport: { width: 1280, height: 900 }, locale: "en-US", timezoneId: "America/Chicago" };
const harness = useDevAndBrowser("console-screening");
const { dev } = harness;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  page = await harness.newPage("console", CONTEXT);
  context = page.context();
});


/** The API as the owner's browser: its cookies, and the app's Origin on writes. */
const api = (method: "GET" | "POST" | "PATCH" | "PUT", path: string, body?: unknown) => apiAs(dev, context.request, method, path, body);

/** A local date `days` from now (UTC's today, never later than the institution's in Chicago by more than a day). */
const daysFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** The text a field's `aria-describedby` points at (its hint and error). */
const description = (target: Page, selector: string) =>
  target.locator(selector).evaluate((field) =>
    (field.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim())
      .join(" | "),
  );

const focusedId = (target: Page) => target.evaluate(() => document.activeElement?.id ?? "");

describe("the console's Screening pages", () => {
  const tag = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1e3).toString(36)}`;
  const slug = `harbor-${tag}`;
  const program = "youth-mentors";
  const ownerEmail = `olive-${tag}@example.test`;
  const volunteerEmail = `vera-${tag}@example.test`;
  const refereeEmail = `rita-${tag}@example.test`;
  const viewerEmail = `vic-${tag}@example.test`;
  const base = `/api/v1/t/${slug}/programs/${program}`;
  const screeningUrl = () => `${dev.url}/console/${slug}/programs/${program}/screening`;
  let mentorId = "";

  const row = () => page.locator("tr", { hasText: "Vera Volunteer" });
  const count = (name: string) => page.locator(`[data-count="${name}"]`).textContent();

  it("sets up a youth program with one approved volunteer mentor", async () => {
    onTestFailed(() => console.error(`dev output (tail):\n${dev.output().slice(-6000)}`));
    await signUp(dev, { name: "Harbor Youth Mentoring", slug, kind: "community_org", timezone: "America/Chicago" }, { name: "Olive Owner", email: ownerEmail });
    await signInFromOutbox(dev, page, ownerEmail, `/console/${slug}`);
    await api("POST", `/api/v1/t/${slug}/programs`, { name: "Youth Mentors", slug: program, type: "community" });
    await api("POST", `${base}/status`, { status: "enrolling" });
    // The volunteer applies through the public form's API, without an account.
    const applied = await new StaffClient(dev).call("POST", `/api/v1/t/${slug}/join/${program}/mentor`, {
      answers: {
        first_name: "Vera",
        last_name: "Volunteer",
        email: volunteerEmail,
        interests: ["music"],
        languages: ["en"],
        location: "Riverside",
        modality: "in_person",
        availability: ["sat_morning"],
        employer: "Riverside Bank",
        occupation: "Teller",
        bio: "I coach a youth football team and would like to mentor.",
        code_of_conduct: true,
        background_check: true,
      },
      startedAt: Date.now() - 60_000,
    });
    mentorId = applied.application.id;
    await api("POST", `${base}/applications/decisions`, { ids: [mentorId], decision: "approved" });
  });

  it("requires screening steps, refusing a requirement without steps on the steps field", async () => {
    harness.explainFailures({ prefix: "screening-settings-failed", maxChars: 4000 });
    await page.goto(screeningUrl());
    await page.getByRole("heading", { level: 1, name: "Screening: Youth Mentors" }).waitFor({ timeout: 20_000 });
    await page.locator("#screening-required").waitFor();
    expect(await page.title()).toBe("Youth Mentors: screening — Tandem");
    expect(await page.getByRole("navigation", { name: "Program: Youth Mentors" }).getByRole("link", { name: "Screening" }).getAttribute("aria-current")).toBe("page");
    await expect(page.getByRole("link", { name: "Training modules and progress" }).getAttribute("href")).resolves.toBe(`/console/${slug}/programs/${program}/training`);
    await expect(page.getByRole("link", { name: "Compliance report" }).getAttribute("href")).resolves.toBe(`/console/${slug}/programs/${program}/compliance`);
    // A youth program: the contact-sharing choices are there, each side on "name only".
    await expect(page.getByRole("group", { name: "What the mentor sees of the mentee" }).getByLabel(/^Name only/).isChecked()).resolves.toBe(true);
    // Nothing required yet: the approved volunteer is ready.
    await expect.poll(() => row().textContent(), SOON).toContain("Screening not required");
    await expect(row().textContent()).resolves.toMatch(/Ready/);
    await expect(row().textContent()).resolves.not.toMatch(/Not ready/);
    await expect(count("mentors")).resolves.toBe("1");
    await expect(count("ready")).resolves.toBe("1");
    await harness.axeCheck(page, "screening (nothing required)");

    // Screening required but no step chosen: the API refuses, the message is on the steps, nothing is saved.
    await page.getByLabel("Require screening before a mentor can be matched").check();
    await page.getByRole("button", { name: "Save requirements" }).click();
    const stepsError = page.locator("#screening-steps-error");
    await expect.poll(() => stepsError.textContent(), SOON).toBe("Choose at least one step when screening is required.");
    await expect(page.locator("#screening-steps").getAttribute("aria-describedby")).resolves.toBe("screening-steps-error");
    await expect(page.getByLabel("Interview held").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(description(page, "#screening-step-interview")).resolves.toContain("Choose at least one step when screening is required.");
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains("error-summary")), SOON).toBe(true);
    await expect(page.locator(".error-summary").getByRole("link").allTextContents()).resolves.toEqual(["Choose at least one step when screening is required."]);
    await expect(page.locator("form[aria-label='Screening requirements'] > [role='status']").textContent()).resolves.toMatch(/^Nothing was saved: one setting needs fixing/);
    expect((await api("GET", `${base}/safeguarding`)).settings.screeningRequired).toBe(false);
    await harness.axeCheck(page, "screening (no steps chosen)");
    await screenshot(page, "console-screening-error");
    // The summary's link goes to the steps.
    await page.locator(".error-summary").getByRole("link").click();
    await expect.poll(() => focusedId(page), SOON).toBe("screening-step-application_review");

    // Unsaved changes: leaving for the Training page asks first; "Stay" keeps the page.
    const dialog = new Promise<string>((resolve) => page.once("dialog", (prompt) => void prompt.dismiss().then(() => resolve(prompt.message()))));
    await page.getByRole("link", { name: "Training modules and progress" }).click();
    expect(await dialog).toBe("The screening requirements have unsaved changes. Leave this page and lose them?");
    expect(new URL(page.url()).pathname).toBe(`/console/${slug}/programs/${program}/screening`);

    // An interview, one reference and a background check.
    await page.getByLabel("Interview held").check();
    await page.getByLabel("References received").check();
    await page.getByLabel("Background check cleared").check();
    await page.getByLabel("References needed").fill("1");
    await page.getByRole("button", { name: "Save requirements" }).click();
    await expect.poll(() => page.locator("form[aria-label='Screening requirements'] > [role='status']").textContent(), SOON).toBe(
      "Saved: screening on or off, required steps, references needed.",
    );
    await expect(page.locator(".error-summary").count()).resolves.toBe(0);
    await expect(stepsError.count()).resolves.toBe(0);
    await expect(page.getByText("All changes saved.").isVisible()).resolves.toBe(true);
    expect((await api("GET", `${base}/safeguarding`)).settings).toMatchObject({
      screeningRequired: true,
      screeningSteps: ["interview", "references", "background_check"],
      referencesRequired: 1,
    });

    // The mentor is not ready now: each required step in words, and the first blocker.
    await expect.poll(() => row().textContent(), SOON).toContain("Not ready");
    const rowText = await row().innerText();
    expect(rowText).toContain("Interview held: Missing");
    expect(rowText).toContain("References received: Missing");
    expect(rowText).toContain("Background check cleared: Missing");
    expect(rowText).toContain("Interview held: No interview is recorded yet. (and 2 more things)");
    await expect(count("ready")).resolves.toBe("0");
    await expect(count("screened")).resolves.toBe("0");
    // Filters: she is among those not ready; no check has expired.
    await page.locator('label[for="screening-filter-not_ready"]').click();
    await expect.poll(() => page.locator("caption").textContent(), SOON).toMatch(/^1 mentor not ready for matching, as of /);
    await page.locator('label[for="screening-filter-expired"]').click();
    await expect.poll(() => page.getByText("No background check has expired or expires in the next 30 days.").isVisible(), SOON).toBe(true);
    await page.locator('label[for="screening-filter-all"]').click();
    await expect.poll(() => row().count(), SOON).toBe(1);
    await harness.axeCheck(page, "screening (required, not ready)");
    await screenshot(page, "console-screening-not-ready");
    await expectFitsPhone(page, "console-screening-not-ready");
  });

  it("records the interview, a referee's answers and the background check on the mentor's page", async () => {
    harness.explainFailures({ prefix: "mentor-screening-failed", maxChars: 6000 });
    await row().getByRole("link", { name: "Vera Volunteer" }).click();
    await page.waitForURL((url) => url.pathname === `/console/${slug}/programs/${program}/mentors/${mentorId}`);
    await page.getByRole("heading", { level: 1, name: "Vera Volunteer: screening" }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName), SOON).toBe("H1");
    expect(await page.title()).toBe("Vera Volunteer: screening — Tandem");
    const readiness = page.locator("section", { has: page.locator("#mentor-readiness-title") });
    await expect(readiness.textContent()).resolves.toContain("Not ready");
    await expect(readiness.locator("li").allTextContents()).resolves.toEqual([
      "Interview held: No interview is recorded yet.",
      "References received: 0 of 1 references received.",
      "Background check cleared: No background check is recorded yet.",
    ]);
    await expect(page.getByRole("note").filter({ hasText: "audit log" }).isVisible()).resolves.toBe(true);
    await harness.axeCheck(page, "mentor screening (nothing recorded)");

    // The interview.
    const interview = page.locator("#step-interview");
    await page.getByLabel("Date of the interview").fill(daysFromNow(-7));
    await page.getByLabel("Interviewer").fill("Olive Owner");
    await interview.getByLabel(/^Notes/).fill("Warm, reliable, coaches a youth team. No concerns.");
    await page.getByRole("button", { name: "Save interview" }).click();
    await expect.poll(() => interview.locator('[role="status"]').textContent(), SOON).toMatch(/^Saved the interview of \w{3} \d{1,2}, \d{4} with Olive Owner\.$/);
    await expect(interview.locator(".screening-step-state").textContent()).resolves.toContain("Done");
    await expect(readiness.locator("li").count()).resolves.toBe(2);

    // Recorded by mistake: removed after confirming (the step is missing again), then recorded again.
    await interview.getByRole("button", { name: "Remove the interview record" }).click();
    await expect.poll(() => focusedId(page), SOON).toBe("mentor-interview-remove-confirm");
    await expect(interview.getByRole("group").textContent()).resolves.toMatch(/^Remove the interview of \w{3} \d{1,2}, \d{4} with Olive Owner\? Its notes are deleted too/);
    await harness.axeCheck(page, "mentor screening (confirm removing the interview)");
    await interview.getByRole("button", { name: "Remove the interview record" }).click();
    await expect.poll(() => interview.locator('[role="status"]').textContent(), SOON).toMatch(/^Removed the interview of \w{3} \d{1,2}, \d{4} with Olive Owner, and its notes\.$/);
    await expect.poll(() => focusedId(page), SOON).toBe("step-interview-title");
    await expect(interview.locator(".screening-step-state").textContent()).resolves.toContain("Missing");
    await expect(page.getByLabel("Interviewer").inputValue()).resolves.toBe("");
    await expect.poll(() => readiness.locator("li").count(), SOON).toBe(3);
    expect((await api("GET", `${base}/screening/${mentorId}`)).record.interview).toBeNull();
    await page.getByLabel("Date of the interview").fill(daysFromNow(-7));
    await page.getByLabel("Interviewer").fill("Olive Owner");
    await interview.getByLabel(/^Notes/).fill("Warm, reliable, coaches a youth team. No concerns.");
    await page.getByRole("button", { name: "Save interview" }).click();
    await expect.poll(() => interview.locator('[role="status"]').textContent(), SOON).toMatch(/^Saved the interview of \w{3} \d{1,2}, \d{4} with Olive Owner\.$/);
    await expect.poll(() => readiness.locator("li").count(), SOON).toBe(2);

    // A referee, emailed the form.
    const references = page.locator("#step-references");
    await page.getByLabel("Referee's name").fill("Rita Referee");
    await page.getByLabel("Referee's email address").fill(refereeEmail);
    await page.getByLabel("How they know Vera").fill("Former manager");
    await page.getByRole("button", { name: "Add referee" }).click();
    await expect.poll(() => references.locator("form.screening-add-referee [role='status']").textContent(), SOON).toBe(
      "Added Rita Referee and emailed them the reference form. Their answers appear here when they send it.",
    );
    await expect.poll(() => focusedId(page), SOON).toBe("referee-name");
    const item = references.locator("li.screening-reference", { hasText: "Rita Referee" });
    await expect(item.textContent()).resolves.toMatch(/Waiting.*Asked by email on/);
    await expect(item.textContent()).resolves.toContain(`Former manager · ${refereeEmail}`);
    await harness.axeCheck(page, "mentor screening (referee asked)");

    // The referee answers from the emailed link, in a browser of their own and without an account.
    const link = await requireLinkTo(dev, refereeEmail, "/reference");
    expect(new URL(link).searchParams.get("tenant")).toBe(slug);
    const referee = await harness.openPage("referee", link, CONTEXT);
    await referee.getByRole("heading", { level: 1, name: "A reference for Vera V." }).waitFor({ timeout: 20_000 });
    await referee.locator("#q-knownFor-2").check();
    await referee.locator("#q-relationship-input").fill("I was her manager at the bank for four years.");
    await referee.locator("#q-suitableWithYoungPeople-0").check();
    await referee.locator("#q-recommend-0").check();
    await referee.locator("#q-comments-input").fill("Patient and dependable.");
    await referee.locator("#signature").fill("Rita Referee");
    await harness.axeCheck(referee, "reference form (filled)");
    await referee.getByRole("button", { name: "Send my reference" }).click();
    await referee.locator("#done").waitFor({ state: "visible", timeout: 15_000 });
    await harness.axeCheck(referee, "reference form (sent)");
    // The coordinators (here the owner) hear that it arrived.
    await waitForEmail(dev, ownerEmail, (email) => email.subject.startsWith("A reference arrived for Vera"));

    // Back in the console, the reference is received, with the answers.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Vera Volunteer: screening" }).waitFor({ timeout: 20_000 });
    const received = page.locator("#step-references li.screening-reference", { hasText: "Rita Referee" });
    await received.waitFor({ timeout: 15_000 });
    await expect(received.textContent()).resolves.toMatch(/Done.*Answered the form on/);
    const answers = await received.locator(".screening-answers").innerText();
    expect(answers).toContain("More than 3 years");
    expect(answers).toContain("I was her manager at the bank for four years.");
    expect(answers).toContain("Patient and dependable.");
    expect(answers).toMatch(/Signed “Rita Referee” on/);
    await expect(page.locator("#step-references .screening-step-state").textContent()).resolves.toContain("Done");
    await expect(received.getByRole("button", { name: /Send the link again/ }).count()).resolves.toBe(0);
    // The coordinator's notes on it.
    await received.getByLabel("Your notes").fill("Called Rita to confirm: all good.");
    await received.getByRole("button", { name: "Save notes on Rita Referee's reference" }).click();
    await expect.poll(() => received.locator('[role="status"]').textContent(), SOON).toBe("Saved your notes on Rita Referee's reference.");
    // Marked not received by mistake: she was asked by email, and her link is closed until it is sent again.
    await received.getByRole("button", { name: "Mark not received (the reference from Rita Referee)" }).click();
    await expect.poll(() => received.locator('[role="status"]').textContent(), SOON).toBe("Marked Rita Referee's reference as not received.");
    await expect(received.textContent()).resolves.toMatch(/Missing.*Asked on .+; the link is closed — send it again/);
    await expect(received.textContent()).resolves.not.toContain("Not asked by email");
    await expect(received.getByRole("button", { name: "Send the link again to Rita Referee" }).isVisible()).resolves.toBe(true);
    await received.getByRole("button", { name: "Mark received (the reference from Rita Referee)" }).click();
    await expect.poll(() => received.textContent(), SOON).toMatch(/Done.*Answered the form on/);

    // A referee not emailed (a phone reference): marked received by hand, then deleted after confirming.
    await page.getByLabel("Referee's name").fill("Sam Second");
    await page.getByLabel("Referee's email address").fill(`sam-${tag}@example.test`);
    await page.getByLabel("Email them the reference form now").uncheck();
    await page.getByRole("button", { name: "Add referee" }).click();
    const sam = page.locator("#step-references li.screening-reference", { hasText: "Sam Second" });
    await expect.poll(() => sam.textContent(), SOON).toContain("Not asked by email");
    await sam.getByRole("button", { name: "Mark received (the reference from Sam Second)" }).click();
    await expect.poll(() => sam.locator('[role="status"]').textContent(), SOON).toBe("Marked Sam Second's reference received. The emailed link no longer works.");
    await expect(sam.textContent()).resolves.toMatch(/Done.*Marked received on/);
    await sam.getByRole("button", { name: "Delete the reference from Sam Second" }).click();
    await expect.poll(() => focusedId(page), SOON).toMatch(/^reference-.*-confirm$/);
    await expect(sam.getByRole("group").textContent()).resolves.toContain("Delete the reference from Sam Second? The emailed link will stop working.");
    await harness.axeCheck(page, "mentor screening (confirm delete)");
    await page.getByRole("button", { name: "Delete the reference", exact: true }).click();
    await expect.poll(() => sam.count(), SOON).toBe(0);
    await expect(page.locator("#step-references > [role='status']").textContent()).resolves.toBe("Deleted the reference from Sam Second.");
    await expect.poll(() => focusedId(page), SOON).toBe("step-references-title");
    expect((await api("GET", `${base}/screening/${mentorId}`)).references.map((reference: { name: string }) => reference.name)).toEqual(["Rita Referee"]);
    // No email ever went to the referee who was not to be emailed.
    expect(await emailsTo(dev, `sam-${tag}@example.test`)).toEqual([]);

    // The background check: a cleared date in the future is refused on that field.
    const check = page.locator("#step-background_check");
    await page.getByLabel("Provider").fill("State Police");
    await page.getByLabel("Requested on").fill(daysFromNow(-10));
    await page.getByLabel("Status").selectOption("cleared");
    await page.getByLabel("Cleared on").fill(daysFromNow(10));
    await expect(description(page, "#mentor-check-expires")).resolves.toMatch(/expires 24 months after it cleared, the program's validity \(on \w{3} \d{1,2}, \d{4}\)/);
    await page.getByRole("button", { name: "Save background check" }).click();
    const clearedError = page.locator("#mentor-check-cleared-error");
    await expect.poll(() => clearedError.textContent(), SOON).toMatch(/^Cleared on must not be in the future \(today is \d{4}-\d{2}-\d{2}\)\.$/);
    await expect(page.getByLabel("Cleared on").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(description(page, "#mentor-check-cleared")).resolves.toContain("must not be in the future");
    await expect.poll(() => focusedId(page), SOON).toBe("mentor-check-cleared");
    await expect(check.locator('[role="status"]').textContent()).resolves.toBe("Nothing was saved: one field needs fixing. Correct the marked field and save again.");
    expect((await api("GET", `${base}/screening/${mentorId}`)).record.backgroundCheck).toBeNull();
    await harness.axeCheck(page, "mentor screening (future cleared date)");
    await screenshot(page, "console-mentor-screening-error");

    await page.getByLabel("Cleared on").fill(daysFromNow(-3));
    await page.getByRole("button", { name: "Save background check" }).click();
    await expect.poll(() => check.locator('[role="status"]').textContent(), SOON).toMatch(
      /^Saved: the check cleared on \w{3} \d{1,2}, \d{4} and expires on \w{3} \d{1,2}, \d{4}\. Vera is now ready for matching\.$/,
    );
    await expect(clearedError.count()).resolves.toBe(0);
    // The expiry the server computed is not shown as typed: a renewed check (a new cleared date) gets its own.
    await expect(page.getByLabel("Expires on").inputValue()).resolves.toBe("");

    // Everything required is done: ready for matching.
    await expect.poll(() => readiness.textContent(), SOON).toContain("Vera has completed everything the program requires and can be matched.");
    await expect(readiness.textContent()).resolves.not.toContain("Not ready");
    const detail = await api("GET", `${base}/screening/${mentorId}`);
    expect(detail.status).toMatchObject({ screened: true, ready: true, blockers: [] });
    expect(detail.record.backgroundCheck).toMatchObject({ provider: "State Police", status: "cleared", clearedOn: daysFromNow(-3) });
    expect(detail.record.interview).toMatchObject({ interviewer: "Olive Owner", on: daysFromNow(-7) });
    await harness.axeCheck(page, "mentor screening (ready)");
    await screenshot(page, "console-mentor-screening");
    await expectFitsPhone(page, "console-mentor-screening");

    // Back to the list: ready, and the check's validity in words.
    await page.getByRole("link", { name: "All mentors' screening" }).click();
    await page.getByRole("heading", { level: 1, name: "Screening: Youth Mentors" }).waitFor({ timeout: 20_000 });
    await expect.poll(() => count("ready"), SOON).toBe("1");
    await expect(count("screened")).resolves.toBe("1");
    const readyRow = await row().innerText();
    expect(readyRow).not.toContain("Not ready");
    expect(readyRow).toMatch(/Ready/);
    expect(readyRow).toMatch(/Expires on \w{3} \d{1,2}, \d{4}/);
    expect(readyRow).toContain("Interview held: Done");
    await harness.axeCheck(page, "screening (ready)");
    await screenshot(page, "console-screening", { docs: true });
  });

  it("shows a viewer the requirements read-only and no mentor", async () => {
    harness.explainFailures({ prefix: "screening-viewer-failed", maxChars: 4000 });
    await api("POST", `/api/v1/t/${slug}/invitations`, { email: viewerEmail, role: "viewer" });
    const invitation = new URL(await requireLinkTo(dev, viewerEmail, "/invitations/accept"));
    const viewerContext = await harness.newContext(CONTEXT);
    const accepted = await viewerContext.request.fetch(`${dev.url}/api/v1/t/${slug}/invitations/accept`, {
      method: "POST",
      headers: { origin: dev.url },
      data: { token: invitation.searchParams.get("token"), name: "Vic Viewer" },
    });
    expect(accepted.status(), await accepted.text()).toBe(200);
    // The API itself refuses the viewer.
    expect((await viewerContext.request.fetch(`${dev.url}${base}/screening`)).status()).toBe(403);

    const viewer = await harness.newPage("viewer", viewerContext);
    await viewer.goto(screeningUrl());
    await viewer.getByRole("heading", { level: 1, name: "Screening: Youth Mentors" }).waitFor({ timeout: 20_000 });
    const requirements = viewer.locator("section", { has: viewer.getByRole("heading", { name: "Requirements before matching" }) });
    await requirements.waitFor({ timeout: 15_000 });
    const summary = await requirements.innerText();
    expect(summary).toMatch(/Screening\s+Required before matching/);
    expect(summary).toMatch(/Steps\s+Interview held, References received, Background check cleared/);
    expect(summary).toMatch(/References needed\s+1/);
    expect(summary).toMatch(/The mentor sees\s+Name only/);
    await expect(viewer.locator("form, input, textarea, select").count()).resolves.toBe(0);
    await expect(viewer.getByRole("heading", { name: "You're not allowed to see mentors' screening records" }).isVisible()).resolves.toBe(true);
    const text = await viewer.locator("main").innerText();
    expect(text).not.toContain("Vera");
    expect(text).not.toContain(volunteerEmail);
    await harness.axeCheck(viewer, "screening (viewer)");
    await screenshot(viewer, "console-screening-viewer");
    await expectFitsPhone(viewer, "console-screening-viewer");

    // The mentor's page, by its address: the same message, nothing of hers.
    await viewer.goto(`${dev.url}/console/${slug}/programs/${program}/mentors/${mentorId}`);
    await viewer.getByRole("heading", { name: "You're not allowed to see mentors' screening records" }).waitFor({ timeout: 20_000 });
    expect(await viewer.locator("main").innerText()).not.toContain("Vera");
    await harness.axeCheck(viewer, "mentor screening (viewer)");

    expect(harness.problems()).toEqual([]);
  });

  it("warns before a changed code of conduct is saved, and shows a signature of the earlier text as outdated", async () => {
    harness.explainFailures({ prefix: "screening-conduct-failed", maxChars: 4000 });
    // The program has a code of conduct, and Vera signs it from her status link.
    await api("PATCH", `${base}/safeguarding`, { codeOfConduct: "Be kind, be on time, and meet in public places." });
    const statusLink = new URL(await requireLinkTo(dev, volunteerEmail, "/applications/status"));
    await new StaffClient(dev).call("POST", `/api/v1/t/${slug}/applications/status/preparation/code-of-conduct`, { token: statusLink.searchParams.get("token"), signature: "Vera Volunteer", agree: true });

    await page.goto(screeningUrl());
    await page.getByRole("heading", { level: 1, name: "Screening: Youth Mentors" }).waitFor({ timeout: 20_000 });
    const conduct = page.locator("#screening-conduct");
    await expect.poll(() => conduct.inputValue(), SOON).toBe("Be kind, be on time, and meet in public places.");
    const warning = page.locator("#screening-conduct-warning");
    // Signing it becomes a step: no warning while the text is the one signed.
    await page.locator("#screening-step-code_of_conduct").check();
    await expect(warning.count()).resolves.toBe(0);
    await conduct.fill("Be kind, be on time, meet in public places, and never share your mentee's contact details.");
    await expect.poll(() => warning.textContent(), SOON).toBe("Mentors who signed the current text must sign again before they can be matched.");
    await expect(description(page, "#screening-conduct")).resolves.toContain("Mentors who signed the current text must sign again before they can be matched.");
    await harness.axeCheck(page, "screening (code of conduct changed)");
    await page.getByRole("button", { name: "Save requirements" }).click();
    await expect.poll(() => page.locator("form[aria-label='Screening requirements'] > [role='status']").textContent(), SOON).toBe("Saved: required steps, code of conduct.");
    await expect(warning.count()).resolves.toBe(0);

    // On her page: the signature is of the earlier text, so she must sign again and is not ready.
    await page.goto(`${dev.url}/console/${slug}/programs/${program}/mentors/${mentorId}`);
    await page.getByRole("heading", { level: 1, name: "Vera Volunteer: screening" }).waitFor({ timeout: 20_000 });
    const step = page.locator("#step-code_of_conduct");
    await expect.poll(() => step.locator("#mentor-conduct-outdated").textContent(), SOON).toMatch(
      /^Signed an earlier version on .+; the code of conduct has changed since, so they must sign the new one\.$/,
    );
    await expect(step.locator(".screening-step-state").textContent()).resolves.toContain("Missing");
    await expect(step.locator("summary").textContent()).resolves.toBe("The earlier text they signed");
    const readiness = page.locator("section", { has: page.locator("#mentor-readiness-title") });
    await expect(readiness.textContent()).resolves.toContain("Not ready");
    await harness.axeCheck(page, "mentor screening (code of conduct signed earlier)");
    expect(harness.problems()).toEqual([]);
  });
});
