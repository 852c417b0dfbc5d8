/// <reference lib="dom" />
/**
 * The web console's admin pages in a real browser against the real `pnpm dev`
 * runner: a new institution's owner signs in from the emailed link, then on
 * Settings changes the brand color (meeting the contrast warning on the way)
 * and adds a website that may embed the forms; a bad website address shows
 * the API's error on its row and saves nothing; copies a program's embed code
 * (the clipboard holds it); adds a custom domain (a bad one is refused on its
 * field). The audit log shows those changes, pages through older ones and
 * filters by date. In the form builder the owner adds a question, sees it in
 * the live preview, saves, reloads (it stays), moves it up, meets the API's
 * error on the right question, and is asked before leaving unsaved changes
 * (a link, Back, signing out). Edits made while a save is under way survive it,
 * and focus follows in-app navigation and the controls that go away.
 * Every page: axe (no serious or critical findings), no CSP violations or
 * script errors, and no sideways scrolling at 375 px. Screenshots go to
 * test-artifacts/screenshots (and, with UPDATE_README_SCREENSHOTS=1,
 * console-settings.png and console-form-builder.png to docs/screenshots).
 */
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { expectFitsPhone, type PageWatch, screenshot } from "./browser.js";
import { apiAs, linkTo, signInFromOutbox, signUp, useDevAndBrowser } from "./harness.js";

/** expect.poll waits one second by default; pages that load over the API need longer. */
const SOON = { timeout: 15_000, interval: 100 };
const harness = useDevAndBrowser("console-admin");
const { dev } = harness;
let context: BrowserContext;
let page: Page;
let watch: PageWatch;

beforeAll(async () => {
  page = await harness.newPage("console", {
    viewport: { width: 1280, height: 900 },
    locale: "en-US",
    timezoneId: "America/Chicago",
    permissions: ["clipboard-read", "clipboard-write"],
  });
  context = page.context();
  watch = harness.watchOf(page);
});

const axeCheck = (label: string) => harness.axeCheck(page, label);


/** The API as the signed-in browser: its cookies, and the app's Origin on writes. */
const api = (method: "GET" | "POST" | "PATCH" | "PUT", path: string, body?: unknown) => apiAs(dev, context.request, method, path, body);

const status = (scope = page.locator("main")) => scope.locator('[role="status"]');

describe("the console's admin pages", () => {
  const tag = `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1e3).toString(36)}`;
  const slug = `river-${tag}`;
  const program = "peer-mentors";
  const ownerEmail = `olive-${tag}@example.test`;
  const settingsApi = `/api/v1/t/${slug}/settings`;

  it("signs a new institution's owner in", async () => {
    onTestFailed(() => console.error(`dev output (tail):\n${dev.output().slice(-6000)}`));
    await signUp(dev, { name: "Riverside College", slug, kind: "university", timezone: "America/Chicago" }, { name: "Olive Owner", email: ownerEmail });
    await signInFromOutbox(dev, page, ownerEmail, `/console/${slug}`);
    await api("POST", `/api/v1/t/${slug}/programs`, { name: "Peer Mentors", slug: program, type: "peer", mentorCapacity: 2 });
  });

  it("changes the settings, shows a bad website's error on its row and saves nothing then", async () => {
    onTestFailed(() => screenshot(page, "console-settings-failed"));
    await page.goto(`${dev.url}/console/${slug}/settings`);
    await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor({ timeout: 20_000 });
    await page.locator("#settings-name").waitFor();
    expect(await page.title()).toBe("Settings: Riverside College — Tandem");
    expect(await page.getByRole("navigation", { name: "Institution" }).getByRole("link", { name: "Settings" }).getAttribute("aria-current")).toBe("page");
    await expect(page.locator("#settings-name").inputValue()).resolves.toBe("Riverside College");
    await expect(page.locator("#settings-timezone").inputValue()).resolves.toBe("America/Chicago");
    await expect(page.locator("#settings-timezone option").count()).resolves.toBeGreaterThan(100);
    await expect(page.getByText("No websites yet").isVisible()).resolves.toBe(true);
    await axeCheck("settings");

    // Too light a color for white text: a warning says so; a dark one clears it.
    await page.locator("#settings-brand-hex").fill("#f5e663");
    await expect.poll(() => page.locator(".contrast-warning").textContent(), SOON).toMatch(/too light for white text: the contrast is 1\.\d:1/);
    await page.locator("#settings-brand-hex").fill("#7a1f5c");
    await expect.poll(() => page.locator(".contrast-warning").count(), SOON).toBe(0);
    await expect(page.locator("#settings-brand-picker").inputValue()).resolves.toBe("#7a1f5c");

    // A website that may embed the forms.
    await page.getByRole("button", { name: "Add a website" }).click();
    const firstWebsite = page.getByLabel("Website 1", { exact: true });
    await expect.poll(() => firstWebsite.evaluate((input) => input === document.activeElement), SOON).toBe(true);
    await firstWebsite.fill("https://www.riverside.example");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => status(page.locator("form[aria-label='Institution settings']")).last().textContent(), SOON).toBe(
      "Saved: brand color, websites that may embed your forms.",
    );
    const saved = (await api("GET", settingsApi)).settings;
    expect(saved).toMatchObject({ brandColor: "#7a1f5c", allowedEmbedOrigins: ["https://www.riverside.example"], name: "Riverside College" });
    await screenshot(page, "console-settings", { docs: true });

    // A bad website (a path, not https) and a new name together: the API refuses, the error is on that row, nothing is saved.
    await page.locator("#settings-name").fill("Riverside College of Arts");
    await page.getByRole("button", { name: "Add a website" }).click();
    const secondWebsite = page.getByLabel("Website 2", { exact: true });
    await secondWebsite.fill("http://apply.riverside.example/form");
    await page.getByRole("button", { name: "Save settings" }).click();
    const summary = page.locator(".error-summary");
    await summary.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains("error-summary")), SOON).toBe(true);
    const rowError = page.locator(".origin-row").nth(1).locator(".field-error");
    await expect(rowError.textContent()).resolves.toBe("Website 2 must be an origin like https://www.example.edu (https, no path).");
    await expect(secondWebsite.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(secondWebsite.getAttribute("aria-describedby")).resolves.toBe(await rowError.getAttribute("id"));
    await expect(summary.getByRole("link").allTextContents()).resolves.toEqual(["Website 2 must be an origin like https://www.example.edu (https, no path)."]);
    await expect(page.locator(".origin-row").nth(0).locator(".field-error").count()).resolves.toBe(0);
    await expect(status(page.locator("form[aria-label='Institution settings']")).last().textContent()).resolves.toMatch(/^Nothing was saved: one setting needs fixing/);
    expect((await api("GET", settingsApi)).settings).toMatchObject({ name: "Riverside College", allowedEmbedOrigins: ["https://www.riverside.example"] });
    await axeCheck("settings (refused website)");
    await screenshot(page, "console-settings-error");
    // The summary's link goes to the field.
    await summary.getByRole("link").click();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value), SOON).toBe("http://apply.riverside.example/form");

    // Taking the bad row out (focus moves to the row before's Remove button) and the name back leaves nothing to save.
    await page.getByRole("button", { name: "Remove website 2" }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), SOON).toBe("Remove website 1");
    // Its problem went with it.
    await expect(page.locator(".error-summary").count()).resolves.toBe(0);
    await expect(page.locator(".origin-row .field-error").count()).resolves.toBe(0);
    await page.locator("#settings-name").fill("Riverside College");
    await expect(page.getByText("All changes saved.").isVisible()).resolves.toBe(true);

    // Turnstile on without its keys: the API names both, each shown at its field; nothing is saved.
    await page.getByLabel("Ask applicants to pass Turnstile").check();
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.locator("#settings-turnstile-site-error").textContent(), SOON).toMatch(/^Site key is required while Turnstile is on: copy the site key/);
    await expect(page.locator("#settings-turnstile-secret-error").textContent()).resolves.toMatch(/^Secret key is required while Turnstile is on/);
    expect((await api("GET", settingsApi)).settings.turnstileEnabled).toBe(false);
    await page.getByLabel("Ask applicants to pass Turnstile").uncheck();
    await expect(page.getByText("All changes saved.").isVisible()).resolves.toBe(true);

    // Typing while a save is under way: the save's answer keeps the new typing (unsaved), and says so.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const isSettings = (url: URL) => url.pathname === settingsApi;
    await page.route(isSettings, async (route) => {
      if (route.request().method() === "PATCH") await held;
      await route.continue();
    });
    try {
      await page.locator("#settings-timezone").selectOption("America/Denver");
      await page.getByRole("button", { name: "Save settings" }).click();
      await expect.poll(() => page.getByRole("button", { name: "Saving…" }).count(), SOON).toBe(1);
      await page.locator("#settings-name").fill("Riverside College (typed while saving)");
      release();
      await expect.poll(() => status(page.locator("form[aria-label='Institution settings']")).last().textContent(), SOON).toBe(
        "Saved: time zone. Changes you made while saving are not saved yet.",
      );
    } finally {
      release();
      await page.unroute(isSettings);
    }
    await expect(page.locator("#settings-name").inputValue()).resolves.toBe("Riverside College (typed while saving)");
    await expect(page.locator("#settings-timezone").inputValue()).resolves.toBe("America/Denver");
    await expect(page.getByText("You have unsaved changes.").isVisible()).resolves.toBe(true);
    expect((await api("GET", settingsApi)).settings).toMatchObject({ name: "Riverside College", timezone: "America/Denver" });
    // Back as it was: the name untouched, the time zone saved again.
    await page.locator("#settings-name").fill("Riverside College");
    await page.locator("#settings-timezone").selectOption("America/Chicago");
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => status(page.locator("form[aria-label='Institution settings']")).last().textContent(), SOON).toBe("Saved: time zone.");
    await expect(page.getByText("All changes saved.").isVisible()).resolves.toBe(true);
    // The logo's preview changes with each keystroke: it is not a live region.
    await expect(page.locator(".logo-preview[aria-live], #settings-brand-contrast[aria-live]").count()).resolves.toBe(0);
    // Someone without a name shows as their email in the header: a long one wraps rather than widening the page.
    await page.locator(".header-user-name").evaluate((name) => (name.textContent = "olive.owner.withaverylongaddress0123456789@riversidecollege.example"));
    await expectFitsPhone(page, "console-settings");
  });

  it("copies the embed code for the chosen program and role", async () => {
    onTestFailed(() => screenshot(page, "console-embed-failed"));
    await expect(page.locator("#embed-program").inputValue()).resolves.toBe(program);
    await page.locator('label[for="embed-role-mentor"]').click();
    await expect(page.locator("#embed-snippet").inputValue()).resolves.toBe(
      `<script src="${dev.url}/embed.js" data-tenant="${slug}" data-program="${program}" data-role="mentor" async></script>`,
    );
    await page.getByRole("button", { name: "Copy embed code" }).click();
    const embedSection = page.locator("section[aria-labelledby='embed-title']");
    await expect.poll(() => status(embedSection).textContent(), SOON).toBe("Copied the embed code for the mentor form of Peer Mentors. Paste it into your website's page.");
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`data-program="${program}"`);
    expect(copied).toContain('data-role="mentor"');
    // The draft program takes no applications yet: the section says so and how to open enrollment.
    await expect(embedSection.locator(".note").textContent()).resolves.toMatch(/Peer Mentors is a draft now/);
  });

  it("adds a custom domain, refusing a bad one on its field", async () => {
    onTestFailed(() => screenshot(page, "console-domains-failed"));
    const domains = page.locator("section[aria-labelledby='domains-title']");
    await expect.poll(() => domains.getByText("No domains of your own yet.").count(), SOON).toBe(1);
    await page.locator("#domain-hostname").fill("not a domain");
    await domains.getByRole("button", { name: "Add domain" }).click();
    await expect.poll(() => page.locator("#domain-hostname-error").textContent(), SOON).toBe("Domain must be a domain name such as mentoring.example.edu.");
    await expect(page.locator("#domain-hostname").getAttribute("aria-invalid")).resolves.toBe("true");
    await page.locator("#domain-hostname").fill("mentoring.riverside.example");
    await domains.getByRole("button", { name: "Add domain" }).click();
    await expect.poll(() => domains.locator(".domain-item strong").allTextContents(), SOON).toEqual(["mentoring.riverside.example"]);
    await expect(domains.locator(".dns-record").innerText()).resolves.toMatch(/CNAME[\s\S]*mentoring\.riverside\.example[\s\S]*127\.0\.0\.1/);
    await expect(status(domains).last().textContent()).resolves.toBe("Added mentoring.riverside.example. Now create its DNS record, shown in the list.");
    await expect(page.locator("#domain-hostname-error").count()).resolves.toBe(0);
    await axeCheck("settings (domain added)");
  });

  it("shows the changes in the audit log, a page at a time, and by date", async () => {
    onTestFailed(() => screenshot(page, "console-audit-failed"));
    // More changes than one page of 10 holds.
    for (const timezone of ["America/Denver", "America/Chicago", "America/Denver", "America/Chicago", "America/Denver", "America/Chicago"]) {
      await api("PATCH", settingsApi, { timezone });
    }
    await page.getByRole("navigation", { name: "Institution" }).getByRole("link", { name: "Audit log" }).click();
    await page.waitForURL((url) => url.pathname === `/console/${slug}/audit`);
    await page.getByRole("heading", { level: 1, name: "Audit log" }).waitFor();
    const rows = page.locator(".audit-table tbody tr");
    await expect.poll(() => rows.count(), SOON).toBeGreaterThan(9);
    const total = await rows.count();
    await expect(page.locator(".audit-table caption").textContent()).resolves.toMatch(/^Changes, newest first \(\d+ shown; times in America\/Chicago\)$/);
    await expect(page.locator(".audit-table thead th[scope=col]").allTextContents()).resolves.toEqual(["When", "Who", "Action", "Target", "Details"]);

    const settingsRow = rows.filter({ hasText: "Brand color" });
    await expect(settingsRow.count()).resolves.toBe(1);
    await expect(settingsRow.locator("th").textContent()).resolves.toBe("Changed settings");
    await expect(settingsRow.locator(".audit-who").textContent()).resolves.toBe("You (Olive Owner)");
    await expect(settingsRow.locator(".audit-details").innerText()).resolves.toMatch(/Brand color: #0b6e4f → #7a1f5c[\s\S]*Websites that may embed forms: none → https:\/\/www\.riverside\.example/);
    await expect(settingsRow.locator("time").getAttribute("datetime")).resolves.toMatch(/^\d{4}-\d\d-\d\dT/);
    const domainRow = rows.filter({ has: page.locator("th", { hasText: "Added a domain" }) });
    await expect(domainRow.locator(".audit-target").textContent()).resolves.toBe("mentoring.riverside.example");
    // The refused save left no trace.
    await expect(rows.filter({ hasText: "Riverside College of Arts" }).count()).resolves.toBe(0);
    await axeCheck("audit log");
    await screenshot(page, "console-audit");

    // Ten a page; "Load older changes" brings the rest, then says it reached the start.
    await page.getByLabel("Changes per page").selectOption("10");
    await page.getByRole("button", { name: "Show changes" }).click();
    await expect.poll(() => rows.count(), SOON).toBe(10);
    await page.getByRole("button", { name: "Load older changes" }).click();
    await expect.poll(() => rows.count(), SOON).toBe(Math.min(total, 20));
    while ((await page.getByRole("button", { name: "Load older changes" }).count()) > 0) {
      const before = await rows.count();
      await page.getByRole("button", { name: "Load older changes" }).click();
      await expect.poll(async () => (await rows.count()) > before || (await page.getByText("That's the start of the log.").count()) > 0, SOON).toBe(true);
    }
    await expect(rows.count()).resolves.toBe(total);
    await expect(page.locator(".pager").textContent()).resolves.toBe("That's the start of the log.");
    // The oldest: the signup (its two events share one moment).
    expect((await rows.locator("th").allTextContents()).slice(-2)).toContain("Signed up the institution");

    // Before a day with no changes: the empty state says what to do.
    await page.getByLabel("Changes before").fill("2020-01-01");
    await page.getByRole("button", { name: "Show changes" }).click();
    await expect.poll(() => page.locator(".empty-state").innerText(), SOON).toMatch(/No changes before 1\/1\/2020\.[\s\S]*Choose a later date/);
    await axeCheck("audit log (empty)");
    await page.getByRole("button", { name: "Show the newest changes" }).click();
    await expect.poll(() => rows.count(), SOON).toBe(total);
    // The button pressed went away with the filters: focus went on to the form's own button.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), SOON).toBe("audit-show");
    await expectFitsPhone(page, "console-audit");
  });

  it("edits a form beside its live preview, saves it, and shows the API's error on the question", async () => {
    onTestFailed(() => screenshot(page, "console-form-builder-failed"));
    // The first page of a page load keeps the browser's focus; an in-app link moves it to the new page's heading.
    await page.goto(`${dev.url}/console/${slug}/programs/${program}/analytics`);
    await page.getByRole("heading", { level: 1, name: "Peer Mentors: analytics" }).waitFor({ timeout: 20_000 });
    await page.locator('[data-analytics-state="ready"]').waitFor({ timeout: 20_000 });
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await page.getByRole("navigation", { name: "Program: Peer Mentors" }).getByRole("link", { name: "Enrollment forms" }).click();
    await page.getByRole("heading", { level: 1, name: "Enrollment forms: Peer Mentors" }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`), SOON).toBe("H1 Enrollment forms: Peer Mentors");
    const formPath = `/console/${slug}/programs/${program}/form`;
    expect(new URL(page.url()).pathname).toBe(formPath);
    const builder = page.locator('.form-builder[data-role="mentee"]');
    const questions = builder.locator(".question-editor");
    await expect.poll(() => questions.count(), SOON).toBeGreaterThan(2);
    const starterCount = await questions.count();
    const preview = builder.locator(".applicant-preview");
    await expect(preview.getByLabel("First name").count()).resolves.toBe(1);
    await expect(builder.getByText("This is Tandem's starter form for mentees").count()).resolves.toBe(1);
    await axeCheck("form builder");

    // Add a question: its text field gets focus, its key follows the text, and the preview shows it as applicants will.
    await builder.getByRole("button", { name: "Add a question" }).click();
    await expect(questions.count()).resolves.toBe(starterCount + 1);
    const added = questions.last();
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.id), SOON).toBe(await added.getByLabel("Question", { exact: true }).getAttribute("id"));
    await page.keyboard.type("Favourite book");
    await expect.poll(() => preview.locator("label", { hasText: "Favourite book" }).textContent(), SOON).toBe("Favourite book (optional)");
    await expect(added.getAttribute("data-question-key")).resolves.toBe("favourite_book");
    await expect(builder.locator(".unsaved-badge").count()).resolves.toBe(1);

    // Leaving with unsaved changes asks first; staying keeps them.
    const dialog = new Promise<string>((resolve) => page.once("dialog", (prompt) => void prompt.dismiss().then(() => resolve(prompt.message()))));
    await page.getByRole("navigation", { name: "Program: Peer Mentors" }).getByRole("link", { name: "Analytics" }).click();
    expect(await dialog).toBe("A form has unsaved changes. Leave this page and lose them?");
    expect(new URL(page.url()).pathname).toBe(`/console/${slug}/programs/${program}/form`);
    // So does Back (to the analytics page, in the console); staying keeps the page, its address and the changes.
    const backDialog = new Promise<string>((resolve) => page.once("dialog", (prompt) => void prompt.dismiss().then(() => resolve(prompt.message()))));
    await page.evaluate(() => history.back());
    expect(await backDialog).toBe("A form has unsaved changes. Leave this page and lose them?");
    await expect.poll(() => new URL(page.url()).pathname, SOON).toBe(formPath);
    await expect(questions.count()).resolves.toBe(starterCount + 1);
    await expect(page.getByRole("heading", { level: 1, name: "Enrollment forms: Peer Mentors" }).count()).resolves.toBe(1);
    // And signing out asks before it signs out: staying keeps the session.
    const signOutDialog = new Promise<string>((resolve) => page.once("dialog", (prompt) => void prompt.dismiss().then(() => resolve(prompt.message()))));
    await page.getByRole("button", { name: "Sign out" }).click();
    expect(await signOutDialog).toBe("A form has unsaved changes. Leave this page and lose them?");
    expect(new URL(page.url()).pathname).toBe(formPath);
    await expect(api("GET", "/api/v1/me")).resolves.toMatchObject({ user: { email: ownerEmail } });

    await builder.getByRole("button", { name: "Save the mentee form" }).click();
    await expect.poll(() => status(builder.locator(".form-editor")).last().textContent(), SOON).toBe(
      `Saved the mentee form (${starterCount + 1} questions). New applications use it from now on.`,
    );
    // As tall a window as the page, so the sticky preview shows whole.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.setViewportSize({ width: 1280, height: Math.min(4000, await page.evaluate(() => document.documentElement.scrollHeight)) });
    await screenshot(page, "console-form-builder", { docs: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    // Saved: after a reload the question is there, last, in the editor and the preview.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Enrollment forms: Peer Mentors" }).waitFor({ timeout: 20_000 });
    await expect.poll(() => questions.count(), SOON).toBe(starterCount + 1);
    await expect(questions.last().locator(".question-name").textContent()).resolves.toBe("Favourite book");
    // Saved questions show one line each until opened.
    await expect(questions.last().getByRole("button", { name: /^Edit/ }).getAttribute("aria-expanded")).resolves.toBe("false");
    await expect(questions.last().locator(".question-meta").textContent()).resolves.toBe("Short text · optional");
    await expect(preview.locator("label", { hasText: "Favourite book" }).count()).resolves.toBe(1);
    const form = (await api("GET", `/api/v1/t/${slug}/programs/${program}/forms/mentee`)).form;
    expect(form.isStarter).toBe(false);
    expect(form.definition.questions.at(-1)).toMatchObject({ key: "favourite_book", type: "short_text", label: "Favourite book", required: false });

    // Move it up with the keyboard: focus stays on its button, the preview follows.
    const moveUp = questions.last().getByRole("button", { name: /^Move up/ });
    await moveUp.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => questions.nth(starterCount - 1).locator(".question-name").textContent(), SOON).toBe("Favourite book");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? ""), SOON).toMatch(/^Move up: question \d+, Favourite book$/);
    const nowLast = (await questions.last().locator(".question-name").textContent())!;
    const previewLabels = await preview.locator(":is(label, legend)").allTextContents();
    const at = (text: string) => previewLabels.findIndex((label) => label.startsWith(text));
    expect(at("Favourite book")).toBeGreaterThan(-1);
    expect(at("Favourite book")).toBeLessThan(at(nowLast));

    // A choice question with one choice: the API's error shows on that question, and nothing is saved.
    const moved = questions.nth(starterCount - 1);
    await moved.getByRole("button", { name: /^Edit/ }).click();
    await expect(moved.getByRole("button", { name: /^Done/ }).getAttribute("aria-expanded")).resolves.toBe("true");
    await moved.getByLabel("Type").selectOption("multiple_choice");
    await moved.getByLabel("Choice 1", { exact: true }).fill("Fiction");
    await moved.getByRole("button", { name: "Remove choice 2" }).click();
    await builder.getByRole("button", { name: "Save the mentee form" }).click();
    const choicesError = moved.locator(".choice-editor > .field-error");
    await expect.poll(() => choicesError.textContent(), SOON).toBe("Add at least 2 choices.");
    await expect(moved.getAttribute("class")).resolves.toContain("has-error");
    await expect(builder.locator(".question-editor.has-error").count()).resolves.toBe(1);
    await expect(builder.locator(".error-summary").getByRole("link").allTextContents()).resolves.toEqual([`Question ${starterCount} (Favourite book): Add at least 2 choices.`]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains("error-summary")), SOON).toBe(true);
    const unchanged = (await api("GET", `/api/v1/t/${slug}/programs/${program}/forms/mentee`)).form;
    expect(unchanged.definition.questions.at(-1)).toMatchObject({ key: "favourite_book", type: "short_text" });
    await axeCheck("form builder (refused save)");
    await screenshot(page, "console-form-builder-error");

    // A second choice fixes it; the saved form has the question, moved, with its choices.
    await moved.getByRole("button", { name: "Add a choice" }).click();
    await moved.getByLabel("Choice 2", { exact: true }).fill("Non-fiction");
    await expect(preview.locator("fieldset", { hasText: "Favourite book" }).locator("label").allTextContents()).resolves.toEqual(["Fiction", "Non-fiction"]);
    await builder.getByRole("button", { name: "Save the mentee form" }).click();
    await expect.poll(() => status(builder.locator(".form-editor")).last().textContent(), SOON).toMatch(/^Saved the mentee form/);
    await expect(builder.locator(".error-summary").count()).resolves.toBe(0);
    const fixed = (await api("GET", `/api/v1/t/${slug}/programs/${program}/forms/mentee`)).form;
    expect(fixed.definition.questions[starterCount - 1]).toMatchObject({
      key: "favourite_book",
      type: "multiple_choice",
      choices: [
        { value: "fiction", label: "Fiction" },
        { value: "non_fiction", label: "Non-fiction" },
      ],
    });

    // The mentor form is its own: untouched, and the switch keeps the mentee form's state.
    await page.locator('label[for="form-role-mentor"]').click();
    const mentor = page.locator('.form-builder[data-role="mentor"]');
    await expect.poll(() => mentor.isVisible(), SOON).toBe(true);
    await expect(mentor.locator(".question-editor", { hasText: "Favourite book" }).count()).resolves.toBe(0);
    await expect.poll(() => new URL(page.url()).search, SOON).toBe("?role=mentor");
    await axeCheck("form builder (mentor form)");
    await page.locator('label[for="form-role-mentee"]').click();
    await expectFitsPhone(page, "console-form-builder");

    // The audit log has the saves.
    await page.getByRole("navigation", { name: "Institution" }).getByRole("link", { name: "Audit log" }).click();
    const formRows = page.locator(".audit-table tbody tr[data-action='form.saved']");
    await expect.poll(() => formRows.count(), SOON).toBe(2);
    await expect(formRows.first().locator(".audit-target").textContent()).resolves.toBe("Mentee form");
    await expect(formRows.last().locator(".audit-details").innerText()).resolves.toMatch(/first saved version/);
  });

  it("tells a coordinator to ask an admin for settings and the audit log", async () => {
    await api("POST", `/api/v1/t/${slug}/invitations`, { email: `sam-${tag}@example.test`, role: "coordinator" });
    const link = await linkTo(dev, `sam-${tag}@example.test`, "/invitations/accept");
    const token = new URL(link!).searchParams.get("token");
    const coordinatorContext = await harness.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-US" });
    try {
      const accepted = await coordinatorContext.request.post(`${dev.url}/api/v1/t/${slug}/invitations/accept`, { headers: { origin: dev.url }, data: { token, name: "Sam Rivera" } });
      expect(accepted.ok(), await accepted.text()).toBe(true);
      const coordinator = await harness.newPage("coordinator", coordinatorContext);
      const coordinatorWatch = harness.watchOf(coordinator);
      await coordinator.goto(`${dev.url}/console/${slug}/settings`);
      await coordinator.getByRole("heading", { name: "Only owners and admins change settings" }).waitFor({ timeout: 20_000 });
      await expect(coordinator.locator("main").innerText()).resolves.toMatch(/ask one of your institution's owners or admins/);
      await expect(coordinator.locator("#settings-name").count()).resolves.toBe(0);
      await harness.axeCheck(coordinator, "settings (coordinator)");
      // The navigation offers coordinators neither page; a typed or shared address still explains.
      const nav = coordinator.getByRole("navigation", { name: "Institution" });
      await expect(nav.getByRole("link", { name: "Audit log" }).count()).resolves.toBe(0);
      await expect(nav.getByRole("link", { name: "Settings" }).count()).resolves.toBe(0);
      await coordinator.goto(`${dev.url}/console/${slug}/audit`);
      await coordinator.getByRole("heading", { name: "Only owners and admins read the audit log" }).waitFor();
      await expect(coordinator.locator(".audit-table").count()).resolves.toBe(0);
      await harness.axeCheck(coordinator, "audit log (coordinator)");
      expect(coordinatorWatch.problems).toEqual([]);
    } finally {
      await coordinatorContext.close();
    }
  });

  it("had no CSP violations or script errors", () => {
    expect(watch.problems).toEqual([]);
  });
});
