/// <reference lib="dom" />
/**
 * The console's training page (issue #8) in a real browser against the real
 * `pnpm dev` runner. An owner creates a community program (it comes with the
 * starter modules); two volunteers apply as mentors through the public join
 * API and are approved, and one finishes a module from their status link.
 * In the browser the owner sees the starter modules, adds a module with a
 * quiz — first without a right answer and with an empty option (the API's
 * errors land on those controls, nothing is saved), then valid (the preview
 * shows the API's rendered content) — is asked before leaving unsaved
 * changes, moves the module up, and requires training with a minimum of
 * minutes and a due date. On the progress view one mentor is in progress and
 * one has not started; marking a module attended for the second (a future
 * date is refused on the field; Undo takes it back) updates the counts.
 * A viewer reads the modules without controls and is told progress is not
 * for them. A program without modules explains training and takes the
 * starter set; deleting a module asks first. Every state: axe (no serious or critical findings), no CSP
 * violations or script errors, and no sideways scrolling at 375 px.
 * Screenshots go to test-artifacts/screenshots (and, with
 * UPDATE_README_SCREENSHOTS=1, console-training.png to docs/screenshots).
 */
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { expectFitsPhone, screenshot } from "./browser.js";
import { apiAs, linkTo, signInFromOutbox, signUp, StaffClient, useDevAndBrowser } from "./harness.js";

/** expect.poll waits one second by default; pages that load over the API need longer. */
const SOON = { timeout: 15_000, interval: 100 };
const TIMEZONE = "America/Chicago";
const harness = useDevAndBrowser("console-training", { context: { locale: "en-US", timezoneId: TIMEZONE } });
const { dev } = harness;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  page = await harness.newPage("owner", { viewport: { width: 1280, height: 900 } });
  context = page.context();
});


/** The API as the signed-in owner's browser. */
const api = (method: "GET" | "POST" | "PATCH" | "PUT", path: string, body?: unknown) => apiAs(dev, context.request, method, path, body);
/**
 * An accessible name with text hidden for screen readers after a colon ("Move up<span class=sr-only>: module 5…</span>"):
 * Chromium may put a space before the hidden part, which a screen reader reads the same.
 */
const named = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:/g, "\\s?:")}$`);
const focusedId = (on: Page) => on.evaluate(() => document.activeElement?.id ?? "");
const focusedText = (on: Page) => on.evaluate(() => document.activeElement?.textContent ?? "");

/** A local date `offset` days from today where the browser is (the tenant's time zone too). */
const dayFromToday = (offset: number) =>
  page.evaluate((days) => {
    const date = new Date();
    date.setDate(date.getDate() + days);
    return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;
  }, offset);

describe("the console's training page", () => {
  const tag = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1e3).toString(36)}`;
  const slug = `harbor-${tag}`;
  const program = "youth-mentoring";
  const ownerEmail = `olga-${tag}@example.test`;
  const viewerEmail = `vic-${tag}@example.test`;
  const base = () => `/api/v1/t/${slug}/programs/${program}`;
  const trainingUrl = () => `${dev.url}/console/${slug}/programs/${program}/training`;
  const mentors: Record<"vera" | "bea", { id: string; email: string; token: string; name: string }> = {} as never;
  const starterTitles = ["Program expectations", "Boundaries and safety", "Active listening", "Goal setting"];
  const newTitle = "Meeting in public places";
  const modulesOf = async () => (await api("GET", `${base()}/training/modules`)).modules as { id: string; title: string; quiz: unknown; html: string }[];
  const moduleItems = () => page.locator(".training-module-list > li.training-module:not(.is-editing)");
  const moduleNames = () => page.locator(".training-module-name").allTextContents();
  const modulesStatus = () => page.locator(".training-modules-section > [role='status']").textContent();

  it("sets up a community program whose two volunteer mentors are approved, one of them part-way through training", async () => {
    onTestFailed(() => console.error(`dev output (tail):\n${dev.output().slice(-6000)}`));
    await signUp(dev, { name: "Harbor Youth Alliance", slug, kind: "community_org", timezone: TIMEZONE }, { name: "Olga Owner", email: ownerEmail });
    await signInFromOutbox(dev, page, ownerEmail, `/console/${slug}`);
    await api("POST", `/api/v1/t/${slug}/programs`, { name: "Youth Mentoring", slug: program, type: "community" });
    await api("POST", `${base()}/status`, { status: "enrolling" });
    // A community program comes with the starter modules.
    expect((await modulesOf()).map((module) => module.title)).toEqual(starterTitles);

    const anyone = new StaffClient(dev);
    for (const [key, first, last] of [
      ["vera", "Vera", "Volunteer"],
      ["bea", "Bea", "Baker"],
    ] as const) {
      const email = `${first.toLowerCase()}-${tag}@example.test`;
      await anyone.expectOk("POST", `/api/v1/t/${slug}/join/${program}/mentor`, {
        answers: {
          first_name: first,
          last_name: last,
          email,
          interests: ["music"],
          languages: ["en"],
          location: "Harborside",
          modality: "in_person",
          availability: ["sat_morning"],
          employer: "Harbor Bank",
          occupation: "Teller",
          bio: "I coach a youth football team and would like to mentor.",
          code_of_conduct: true,
          background_check: true,
        },
        startedAt: Date.now() - 60_000,
      });
      const link = await linkTo(dev, email, "/applications/status");
      const token = new URL(link!).searchParams.get("token")!;
      const found = await api("GET", `${base()}/applications?search=${encodeURIComponent(email)}`);
      mentors[key] = { id: found.applications[0].id, email, token, name: `${first} ${last}` };
    }
    await api("POST", `${base()}/applications/decisions`, { ids: [mentors.vera.id, mentors.bea.id], decision: "approved" });

    // Vera reads the first module (it has no quiz) from her status link: done with it, the others to go.
    const first = (await modulesOf())[0]!;
    expect(first.quiz).toBeNull();
    await anyone.expectOk("POST", `/api/v1/t/${slug}/applications/status/preparation/modules/${first.id}/complete`, { token: mentors.vera.token });
  });

  it("shows the starter modules and adds a module with a quiz, showing the API's errors on the right controls first", async () => {
    onTestFailed(() => screenshot(page, "console-training-failed"));
    await page.goto(trainingUrl());
    await page.getByRole("heading", { level: 1, name: "Training: Youth Mentoring" }).waitFor({ timeout: 20_000 });
    await expect.poll(moduleNames, SOON).toEqual(starterTitles);
    expect(await page.title()).toBe("Youth Mentoring: training — Tandem");
    expect(await page.getByRole("navigation", { name: "Program: Youth Mentoring" }).getByRole("link", { name: "Training" }).getAttribute("aria-current")).toBe("page");
    await expect(page.locator("#training-total").textContent()).resolves.toMatch(/^4 modules \(4 required\), \d+ minutes/);
    await expect(moduleItems().nth(1).locator(".training-module-meta").textContent()).resolves.toMatch(/^\d+ minutes · required · quiz: \d+ questions, 75% to pass$/);
    // The content is the API's safe HTML.
    await moduleItems().first().getByText("Read the content").click();
    await expect(moduleItems().first().locator(".training-content a[href='https://www.mentoring.org/']").count()).resolves.toBe(1);
    await expect.poll(() => page.locator("#training-minutes").inputValue(), SOON).toBe("0");
    await harness.axeCheck(page, "training modules");

    // A new module: the editor opens with focus on its heading.
    await page.getByRole("button", { name: "Add a module" }).click();
    const editor = page.locator(".training-editor");
    await editor.waitFor();
    await expect.poll(() => focusedId(page), SOON).toBe("tm-editor-title");
    await editor.getByLabel("Title").fill(newTitle);
    await editor.getByLabel("Content").fill("## Where to meet\n\nAlways meet in **public places**, such as the library.\n\n- Tell your coordinator where you go\n- Never meet at home");
    await editor.getByLabel("Duration (minutes)").fill("10");
    // Before saving, the preview shows the text as written (nothing built as HTML in the browser).
    await expect(editor.locator(".training-preview .training-source").textContent()).resolves.toContain("**public places**");
    await editor.getByLabel("Mentors answer a short quiz to finish this module").check();
    const question = editor.locator(".training-question").first();
    await expect.poll(() => question.count(), SOON).toBe(1);
    await question.getByLabel("Question", { exact: true }).fill("Where do you meet your mentee?");
    await question.getByLabel("Option 1", { exact: true }).fill("In a public place");
    // Option 2 left empty and no right answer chosen: the API refuses both, each on its control.
    await editor.getByRole("button", { name: "Add the module" }).click();
    const answerError = question.locator(".training-options > .field-error", { hasText: "Choose the right answer" });
    await expect.poll(() => answerError.textContent(), SOON).toBe("Choose the right answer: select the option mentors must pick.");
    const optionTwo = question.getByLabel("Option 2", { exact: true });
    await expect(optionTwo.getAttribute("aria-invalid")).resolves.toBe("true");
    const optionError = question.locator(".training-option").nth(1).locator(".field-error");
    await expect(optionError.textContent()).resolves.toBe("Option 2 is required.");
    await expect(optionTwo.getAttribute("aria-describedby")).resolves.toBe(await optionError.getAttribute("id"));
    const firstRight = question.getByLabel("Right answer: option 1");
    await expect(firstRight.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(firstRight.getAttribute("aria-describedby")).resolves.toBe(await answerError.getAttribute("id"));
    await expect(question.getAttribute("class")).resolves.toContain("has-error");
    const summary = editor.locator(".error-summary");
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains("error-summary")), SOON).toBe(true);
    await expect(summary.getByRole("link").allTextContents()).resolves.toEqual(
      expect.arrayContaining(["Question 1: Option 2 is required.", "Question 1: Choose the right answer: select the option mentors must pick."]),
    );
    await expect.poll(modulesStatus, SOON).toMatch(/^The module wasn't saved: 2 problems need fixing/);
    // Nothing was saved.
    expect((await modulesOf()).map((module) => module.title)).toEqual(starterTitles);
    await harness.axeCheck(page, "training module editor (refused save)");
    await screenshot(page, "console-training-error");
    // The summary's link goes to the control.
    await summary.getByRole("link", { name: "Question 1: Option 2 is required." }).click();
    await expect.poll(async () => (await focusedId(page)) === (await optionTwo.getAttribute("id")), SOON).toBe(true);

    // Leaving with unsaved changes asks first; staying keeps them.
    const dialog = new Promise<string>((resolve) => page.once("dialog", (prompt) => void prompt.dismiss().then(() => resolve(prompt.message()))));
    await page.getByRole("navigation", { name: "Program: Youth Mentoring" }).getByRole("link", { name: "Analytics" }).click();
    expect(await dialog).toBe("A training module has unsaved changes. Leave this page and lose them?");
    expect(new URL(page.url()).pathname).toBe(`/console/${slug}/programs/${program}/training`);
    await expect(editor.getByLabel("Title").inputValue()).resolves.toBe(newTitle);

    // Fixed: the second option, and the first as the right answer.
    await optionTwo.fill("At my home");
    await firstRight.check();
    await editor.getByRole("button", { name: "Add the module" }).click();
    await expect.poll(modulesStatus, SOON).toMatch(new RegExp(`^Added “${newTitle}” as module 5\\.`));
    await expect.poll(() => focusedId(page), SOON).toBe("tm-editor-title");
    await expect(page.locator("#tm-editor-title").textContent()).resolves.toMatch(new RegExp(`^Edit module 5: ${newTitle}`));
    // Saved: the preview is the API's rendered content now.
    const preview = page.locator("#tm-preview-content");
    await expect.poll(() => preview.locator("h3").textContent(), SOON).toBe("Where to meet");
    await expect(preview.locator("strong").textContent()).resolves.toBe("public places");
    await expect(preview.locator("li").allTextContents()).resolves.toEqual(["Tell your coordinator where you go", "Never meet at home"]);
    await expect(page.locator(".training-editor .error-summary").count()).resolves.toBe(0);
    await expect(page.locator(".training-editor").getByText("All changes saved.").count()).resolves.toBe(1);
    const added = (await modulesOf()).at(-1)!;
    expect(added).toMatchObject({
      title: newTitle,
      durationMinutes: 10,
      required: true,
      quiz: { passMark: 75, questions: [{ id: "q1", prompt: "Where do you meet your mentee?", options: ["In a public place", "At my home"], answer: 0 }] },
    });
    await harness.axeCheck(page, "training module editor (saved)");
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, "console-training", { docs: true });
    await expectFitsPhone(page, "console-training-editor");

    // Closed: the module is last in the list, with its quiz.
    await page.locator(".training-editor").getByRole("button", { name: /^Close/ }).click();
    await expect.poll(() => page.locator(".training-editor").count(), SOON).toBe(0);
    await expect.poll(async () => (await focusedId(page)) === `module-${added.id}-edit`, SOON).toBe(true);
    await expect(moduleNames()).resolves.toEqual([...starterTitles, newTitle]);
    await expect(moduleItems().last().locator(".training-module-meta").textContent()).resolves.toBe("10 minutes · required · quiz: 1 question, 75% to pass");
  });

  it("moves the new module up and requires training with a minimum and a due date", async () => {
    onTestFailed(() => screenshot(page, "console-training-requirement-failed"));
    const moveUp = page.getByRole("button", { name: named(`Move up: module 5, ${newTitle}`) });
    await moveUp.focus();
    await page.keyboard.press("Enter");
    await expect.poll(moduleNames, SOON).toEqual([...starterTitles.slice(0, 3), newTitle, starterTitles[3]]);
    await expect.poll(modulesStatus, SOON).toBe(`Moved “${newTitle}” to position 4 of 5.`);
    await expect.poll(() => focusedText(page), SOON).toBe(`Move up: module 4, ${newTitle}`);
    expect((await modulesOf()).map((module) => module.title)).toEqual([...starterTitles.slice(0, 3), newTitle, starterTitles[3]]);

    // Training required, at least 60 minutes, due in 30 days.
    const due = await dayFromToday(30);
    await page.getByLabel("Mentors must finish their training before they can be matched").check();
    await page.getByLabel("Minimum minutes of training").fill("60");
    await page.getByLabel("Due date").fill(due);
    await expect(page.locator(".training-requirement").getByText("You have unsaved changes.").count()).resolves.toBe(1);
    await page.getByRole("button", { name: "Save the requirement" }).click();
    const requirementStatus = page.locator(".training-requirement [role='status']");
    await expect.poll(() => requirementStatus.textContent(), SOON).toMatch(/^Saved: mentors must finish every required module and at least 60 minutes \(1 hour\) before they can be matched, by /);
    expect((await api("GET", `${base()}/safeguarding`)).settings).toMatchObject({ trainingRequired: true, minTrainingMinutes: 60, trainingDueOn: due });
    await expect(page.locator(".training-requirement").getByText("All changes saved.").count()).resolves.toBe(1);
    await harness.axeCheck(page, "training modules (requirement saved)");
    await expectFitsPhone(page, "console-training-modules");
  });

  it("follows mentors' progress and marks a module attended in person, refusing a future date", async () => {
    onTestFailed(() => screenshot(page, "console-training-progress-failed"));
    await page.locator('label[for="training-view-progress"]').click();
    await expect.poll(() => new URL(page.url()).search, SOON).toBe("?view=progress");
    const figure = (key: string) => page.locator(`[data-figure="${key}"] .figure-value`).textContent();
    await expect.poll(() => figure("mentors"), SOON).toBe("2");
    await expect(figure("inProgress")).resolves.toBe("1");
    await expect(figure("notStarted")).resolves.toBe("1");
    await expect(figure("done")).resolves.toBe("0");
    await expect(figure("stuck")).resolves.toBe("0");
    await expect(page.locator(".training-requirement-text").textContent()).resolves.toMatch(/^Mentors must finish every required module and at least 60 minutes \(1 hour\) of training before they can be matched\. Training is due by /);

    const table = page.locator(".training-progress-table");
    await expect(table.locator("thead th").allTextContents()).resolves.toEqual([
      "Mentor",
      "Overall",
      ...[...starterTitles.slice(0, 3), newTitle, starterTitles[3]].map((title) => expect.stringMatching(new RegExp(`^${title}\\d+ minutes`))),
    ]);
    const vera = table.locator(`tr[data-mentor="${mentors.vera.id}"]`);
    const bea = table.locator(`tr[data-mentor="${mentors.bea.id}"]`);
    // Sorted by last name: Baker before Volunteer.
    await expect(table.locator("tbody th a").allTextContents()).resolves.toEqual([mentors.bea.name, mentors.vera.name]);
    await expect(vera.getByRole("link", { name: mentors.vera.name }).getAttribute("href")).resolves.toBe(`/console/${slug}/programs/${program}/mentors/${mentors.vera.id}`);
    await expect(vera.locator(".training-overall .training-state").textContent()).resolves.toBe("In progress");
    await expect(vera.locator(".training-cell").first().getAttribute("data-state")).resolves.toBe("completed");
    await expect(vera.locator(".training-cell").first().locator(".training-state").textContent()).resolves.toBe("✓ Done");
    await expect(bea.locator(".training-overall .training-state").textContent()).resolves.toBe("Not started");
    await expect(bea.locator(".training-cell").evaluateAll((cells) => cells.map((cell) => cell.getAttribute("data-state")))).resolves.toEqual(Array(5).fill("not_started"));
    await harness.axeCheck(page, "training progress");

    // Bea attended the first module in person: a date in the future is refused on the field.
    const firstModule = starterTitles[0];
    await bea.getByRole("button", { name: named(`Mark attended in person: ${mentors.bea.name}, ${firstModule}`) }).click();
    const date = bea.getByLabel("Date attended");
    await expect.poll(async () => (await focusedId(page)) === (await date.getAttribute("id")), SOON).toBe(true);
    // The institution's today (from the API, not the browser's clock) is the default and the latest date.
    const today = (await api("GET", `${base()}/training/progress`)).today;
    expect(today).toBe(await dayFromToday(0));
    await expect(date.inputValue()).resolves.toBe(today);
    await expect(date.getAttribute("max")).resolves.toBe(today);
    await date.fill(await dayFromToday(1));
    await bea.getByRole("button", { name: named(`Save attendance: ${mentors.bea.name}, ${firstModule}`) }).click();
    const dateError = bea.locator(".training-attend-form .field-error");
    await expect.poll(() => dateError.textContent(), SOON).toBe("Date attended cannot be in the future.");
    await expect(date.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(date.getAttribute("aria-describedby")).resolves.toContain(await dateError.getAttribute("id"));
    await expect(figure("notStarted")).resolves.toBe("1");
    await harness.axeCheck(page, "training progress (refused date)");

    const yesterday = await dayFromToday(-1);
    await date.fill(yesterday);
    await bea.getByRole("button", { name: named(`Save attendance: ${mentors.bea.name}, ${firstModule}`) }).click();
    const beaFirst = bea.locator(".training-cell").first();
    await expect.poll(() => beaFirst.getAttribute("data-state"), SOON).toBe("attended");
    await expect(beaFirst.locator(".training-state").textContent()).resolves.toBe("✓ Attended in person");
    // The counts follow: both in progress now.
    await expect.poll(() => figure("inProgress"), SOON).toBe("2");
    await expect(figure("notStarted")).resolves.toBe("0");
    await expect(bea.locator(".training-overall .training-state").textContent()).resolves.toBe("In progress");
    await expect.poll(() => focusedText(page), SOON).toBe(`Undo in-person attendance: ${mentors.bea.name}, ${firstModule}`);
    await expect(page.locator(".training-part[data-part='progress'] > [role='status']").textContent()).resolves.toMatch(new RegExp(`^Recorded that ${mentors.bea.name} attended “${firstModule}” in person on `));
    const recorded = await api("GET", `${base()}/training/progress`);
    expect(recorded.counts).toMatchObject({ mentors: 2, done: 0, inProgress: 2, notStarted: 0 });
    expect(recorded.mentors.find((mentor: { applicationId: string }) => mentor.applicationId === mentors.bea.id).modules[0]).toMatchObject({ state: "attended", attendedOn: yesterday });
    await harness.axeCheck(page, "training progress (attended)");
    await screenshot(page, "console-training-progress");

    // Undo takes it back (focus returns to the button that marks it), and marking again records it once more.
    await page.keyboard.press("Enter");
    await expect.poll(() => beaFirst.getAttribute("data-state"), SOON).toBe("not_started");
    await expect.poll(() => figure("notStarted"), SOON).toBe("1");
    await expect.poll(() => focusedText(page), SOON).toBe(`Mark attended in person: ${mentors.bea.name}, ${firstModule}`);
    await page.keyboard.press("Enter");
    await bea.getByRole("button", { name: named(`Save attendance: ${mentors.bea.name}, ${firstModule}`) }).click();
    await expect.poll(() => figure("inProgress"), SOON).toBe("2");

    // Filters: nobody is stuck; both are not done.
    await page.locator('label[for="training-filter-stuck"]').click();
    await expect.poll(() => page.getByText("No mentor is stuck.").count(), SOON).toBe(1);
    await page.locator('label[for="training-filter-not_done"]').click();
    await expect.poll(() => table.locator("tbody tr").count(), SOON).toBe(2);
    await page.locator('label[for="training-filter-all"]').click();

    // The wide table scrolls inside its own region on a phone.
    await expectFitsPhone(page, "console-training-progress");
    const region = await page.setViewportSize({ width: 375, height: 800 }).then(() =>
      page.locator(".training-progress-scroll").evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth, overflow: getComputedStyle(element).overflowX })),
    );
    await page.setViewportSize({ width: 1280, height: 900 });
    expect(region.scroll).toBeGreaterThan(region.client);
    expect(region.overflow).toBe("auto");
  });

  it("lets a viewer read the modules without changing them, and tells them progress is not theirs to see", async () => {
    onTestFailed(() => console.error(`dev output (tail):\n${dev.output().slice(-6000)}`));
    await api("POST", `/api/v1/t/${slug}/invitations`, { email: viewerEmail, role: "viewer" });
    const link = await linkTo(dev, viewerEmail, "/invitations/accept");
    const token = new URL(link!).searchParams.get("token");
    const viewerContext = await harness.newContext({ viewport: { width: 1280, height: 900 } });
    const accepted = await viewerContext.request.post(`${dev.url}/api/v1/t/${slug}/invitations/accept`, { headers: { origin: dev.url }, data: { token, name: "Vic Viewer" } });
    expect(accepted.ok(), await accepted.text()).toBe(true);
    const viewer = await harness.newPage("viewer", viewerContext);
    await viewer.goto(trainingUrl());
    await viewer.getByRole("heading", { level: 1, name: "Training: Youth Mentoring" }).waitFor({ timeout: 20_000 });
    await expect.poll(() => viewer.locator(".training-module-name").allTextContents(), SOON).toEqual([...starterTitles.slice(0, 3), newTitle, starterTitles[3]]);
    await expect(viewer.locator(".training-module-actions").count()).resolves.toBe(0);
    await expect(viewer.getByRole("button", { name: "Add a module" }).count()).resolves.toBe(0);
    await expect(viewer.getByRole("button", { name: "Save the requirement" }).count()).resolves.toBe(0);
    await expect.poll(() => viewer.locator(".training-requirement dl").innerText(), SOON).toMatch(/Required before matching\s+Yes: every required module[\s\S]*Minimum\s+60 minutes \(1 hour\)/);
    await harness.axeCheck(viewer, "training modules (viewer)");

    await viewer.locator('label[for="training-view-progress"]').click();
    await viewer.getByRole("heading", { name: "Viewers don't see mentors' progress" }).waitFor({ timeout: 15_000 });
    await expect(viewer.locator(".training-progress-table").count()).resolves.toBe(0);
    // The API agrees.
    const refused = await viewerContext.request.get(`${dev.url}${base()}/training/progress`);
    expect(refused.status()).toBe(403);
    await harness.axeCheck(viewer, "training progress (viewer)");
    await expectFitsPhone(viewer, "console-training-viewer");
  });

  it("explains training when a program has no modules, adds the starter set, and deletes a module after asking", async () => {
    onTestFailed(() => screenshot(page, "console-training-empty-failed"));
    const other = "after-school";
    const otherBase = `/api/v1/t/${slug}/programs/${other}`;
    await api("POST", `/api/v1/t/${slug}/programs`, { name: "After School", slug: other, type: "community" });
    for (const module of (await api("GET", `${otherBase}/training/modules`)).modules as { id: string }[]) {
      const removed = await context.request.delete(`${dev.url}${otherBase}/training/modules/${module.id}`, { headers: { origin: dev.url } });
      expect(removed.status()).toBe(204);
    }
    await page.goto(`${dev.url}/console/${slug}/programs/${other}/training`);
    await page.getByRole("heading", { level: 1, name: "Training: After School" }).waitFor({ timeout: 20_000 });
    const empty = page.locator(".training-modules-section .empty-state");
    await expect.poll(() => empty.innerText(), SOON).toMatch(/^No training modules yet\.\s+Training prepares volunteers before they meet a mentee/);
    await harness.axeCheck(page, "training modules (none)");

    await page.getByRole("button", { name: "Add the starter modules" }).click();
    await expect.poll(() => page.locator(".training-module-name").allTextContents(), SOON).toEqual(starterTitles);
    await expect.poll(() => focusedText(page), SOON).toBe(`Module 1 ${starterTitles[0]}`);
    await expect(page.locator(".training-modules-section > [role='status']").textContent()).resolves.toMatch(/^Added 4 starter modules\./);
    await expect(page.getByRole("button", { name: "Add the starter modules" }).count()).resolves.toBe(0);

    // Deleting asks first; "Keep it" keeps it, and the confirmed delete removes it (focus goes to the next module).
    const last = starterTitles[3];
    await page.getByRole("button", { name: `Delete module 4, ${last}` }).click();
    await expect.poll(() => focusedText(page), SOON).toBe("Delete the module");
    await expect(page.locator(".confirm-text").textContent()).resolves.toBe(`Delete “${last}”? Mentors' progress and quiz results on it are deleted too.`);
    await page.getByRole("button", { name: "Keep it" }).click();
    await expect.poll(() => page.locator(".confirm").count(), SOON).toBe(0);
    await page.getByRole("button", { name: `Delete module 3, ${starterTitles[2]}` }).click();
    await page.getByRole("button", { name: "Delete the module" }).click();
    await expect.poll(() => page.locator(".training-module-name").allTextContents(), SOON).toEqual([starterTitles[0], starterTitles[1], last]);
    await expect.poll(() => focusedText(page), SOON).toBe(`Module 3 ${last}`);
    expect(((await api("GET", `${otherBase}/training/modules`)).modules as { title: string }[]).map((module) => module.title)).toEqual([starterTitles[0], starterTitles[1], last]);
  });

  it("had no CSP violations or script errors", () => {
    expect(harness.problems()).toEqual([]);
  });
});
