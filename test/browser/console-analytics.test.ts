/// <reference lib="dom" />
/**
 * The web console's analytics in a real browser against the real `pnpm dev`
 * runner and its seeded demo institution (Northbridge University): the owner
 * signs in to /console/, lands on the institution's overview, opens the active
 * program's analytics and sees every key figure the API reports, each chart
 * with its table; switches to weekly periods and a cohort (the address keeps
 * them); downloads the CSV; opens the printable report and prints it to one
 * A4 page. Also: focus on the new page's heading after in-app navigation (not
 * on the first page), filters the API refuses (a shared link) fixed in place,
 * the tables opened for printing, phone width without sideways scrolling, an
 * institution they are not staff of, an unknown console path, and axe on every page.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { screenshot } from "./browser.js";
import { signInLink as outboxSignInLink, useDevAndBrowser } from "./harness.js";

const SOON = { timeout: 15_000, interval: 100 };
const ADMIN = "admin@demo.tandem.test";
const PROGRAM = "first-year-peer-mentoring";
const harness = useDevAndBrowser("console");
const { dev } = harness;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  page = await harness.newPage("console", { viewport: { width: 1200, height: 900 }, locale: "en-US", timezoneId: "America/Chicago", acceptDownloads: true });
  context = page.context();
});

const axeCheck = (label: string) => harness.axeCheck(page, label);

/** The newest sign-in link emailed to `to` (from the dev outbox). */
const signInLink = (to: string) => outboxSignInLink(dev, to);

/** The same figures the page loads, from inside the signed-in page (cookies and all). */
async function apiFigures(search = ""): Promise<any> {
  return page.evaluate(async (url) => (await fetch(url)).json(), `/api/v1/t/demo/programs/${PROGRAM}/analytics${search}`);
}

const figure = (key: string) => page.locator(`[data-figure="${key}"] dd.figure-value`).textContent();
const percent = (share: number | null) => (share == null ? "—" : `${share.toFixed(1)}%`);

describe("the web console's analytics", () => {
  it("signs the owner in to the institution's overview", async () => {
    onTestFailed(() => screenshot(page, "console-overview-failed"));
    const response = await fetch(`${dev.url}/api/v1/auth/sign-in-link`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: dev.url },
      body: JSON.stringify({ email: ADMIN, next: "/console/" }),
    });
    expect(response.status).toBe(202);
    await page.goto(await signInLink(ADMIN));
    // One institution: /console/ goes straight to it.
    await page.waitForURL((url) => url.pathname === "/console/demo", { timeout: 20_000 });
    await page.getByRole("heading", { level: 1, name: "Northbridge University" }).waitFor({ timeout: 15_000 });
    await page.locator(".program-item").first().waitFor({ timeout: 15_000 });
    const names = await page.locator(".program-item .program-name").allTextContents();
    expect(names).toEqual(expect.arrayContaining(["First-Year Peer Mentoring", "Faculty Research & Career Mentoring", "Northbridge Neighbors Youth Mentoring"]));
    expect(await page.getByRole("navigation", { name: "Institution" }).getByRole("link", { name: "Overview" }).getAttribute("aria-current")).toBe("page");
    // The first page keeps the browser's own focus (the redirect from /console/ included).
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await axeCheck("console overview");
    await screenshot(page, "console-overview", { docs: true });
  });

  it("shows the program's figures as the API reports them, each chart with its table", async () => {
    onTestFailed(() => screenshot(page, "console-analytics-failed"));
    await page.locator(".program-item", { hasText: "First-Year Peer Mentoring" }).getByRole("link", { name: "Analytics" }).click();
    await page.waitForURL((url) => url.pathname === `/console/demo/programs/${PROGRAM}/analytics`);
    await page.locator('[data-analytics-state="ready"]').waitFor({ timeout: 20_000 });
    expect(await page.title()).toBe("First-Year Peer Mentoring: analytics — Tandem");
    // An in-app navigation moves focus to the new page's heading (screen readers announce it; Tab goes on from there).
    await expect.poll(() => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent}`), SOON).toBe("H1 First-Year Peer Mentoring: analytics");
    const api = await apiFigures();
    // The demo's active program has applicants, pairs and meetings: the page is not an empty state.
    expect(api.participation.applications).toBeGreaterThan(0);
    expect(api.matching.matches).toBeGreaterThan(0);
    expect(await figure("applications")).toBe(String(api.participation.applications));
    expect(await figure("approvedMentees")).toBe(String(api.participation.approved.mentees));
    expect(await figure("approvedMentors")).toBe(String(api.participation.approved.mentors));
    expect(await figure("matches")).toBe(String(api.matching.matches));
    expect(await figure("matchedMentees")).toBe(String(api.matching.matchedMentees));
    expect(await figure("unmatchedMentees")).toBe(String(api.matching.unmatchedMentees));
    expect(await figure("matchRate")).toBe(percent(api.matching.matchRate));
    expect(await figure("scoreAverage")).toBe(api.matching.scoreAverage.toFixed(2));
    const meetings = api.engagement.checkinsPerMatch.reduce((sum: number, row: { checkins: number }) => sum + row.checkins, 0);
    expect(meetings).toBeGreaterThan(0);
    expect(await figure("checkins")).toBe(meetings.toLocaleString("en"));
    expect(await figure("recentlyMet")).toBe(percent(api.engagement.recentlyMet.share));
    // Every chart draws a canvas (hidden from screen readers) and has the same numbers as a table.
    const charts = page.locator("figure.chart");
    expect(await charts.count()).toBeGreaterThanOrEqual(5);
    for (const chart of await charts.all()) {
      const title = await chart.locator("figcaption").textContent();
      if (await chart.locator(".empty").count()) continue;
      await expect.poll(() => chart.locator(".chart-canvas canvas").count(), { ...SOON, message: `${title}: canvas` }).toBeGreaterThan(0);
      expect(await chart.locator(".chart-canvas").getAttribute("aria-hidden")).toBe("true");
      expect(await chart.locator("table caption").count(), `${title}: table`).toBeGreaterThan(0);
    }
    // The meetings table is the API's series, row by row.
    const meetingsTable = page.locator("table", { has: page.locator("caption", { hasText: "Meetings per period" }) });
    const rows = await meetingsTable.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => Array.from(tr.children).map((cell) => cell.textContent)));
    expect(rows.map((row) => [row[0], Number(row[1])])).toEqual(api.engagement.checkinsPerMatch.map((row: { period: string; checkins: number }) => [row.period, row.checkins]));
    await axeCheck("analytics dashboard");
    await screenshot(page, "analytics-dashboard", { docs: true });
  });

  it("filters by weekly periods and by cohort, keeping the filters in the address", async () => {
    onTestFailed(() => screenshot(page, "console-analytics-filters-failed"));
    await page.getByLabel("Periods").selectOption("week");
    await page.getByRole("button", { name: "Show figures" }).click();
    await page.waitForURL((url) => url.searchParams.get("period") === "week");
    await page.locator('[data-analytics-state="ready"]').waitFor({ timeout: 20_000 });
    // The form stayed while the figures reloaded: focus is still on its button.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe("Show figures");
    const weekly = await apiFigures("?period=week");
    expect(weekly.range.period).toBe("week");
    const firstPeriod = await page.locator("table", { has: page.locator("caption", { hasText: "Meetings per period" }) }).locator("tbody tr th").first().textContent();
    expect(firstPeriod).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(firstPeriod).toBe(weekly.range.periods[0]);

    const cohorts = weekly.filters.available as { question: string; options: { value: string; n: number }[] }[];
    const option = cohorts.flatMap((question) => question.options.map((o) => ({ question: question.question, ...o }))).find((o) => o.n > 0);
    if (option) {
      await page.getByLabel("Cohort").selectOption(`${option.question}\u001f${option.value}`);
      await page.getByRole("button", { name: "Show figures" }).click();
      await page.waitForURL((url) => url.searchParams.get("cohort") === option.value);
      await page.locator('[data-analytics-state="ready"]').waitFor({ timeout: 20_000 });
      const filtered = await apiFigures(`?period=week&cohortQuestion=${encodeURIComponent(option.question)}&cohort=${encodeURIComponent(option.value)}`);
      expect(await figure("applications")).toBe(String(filtered.participation.applications));
      expect(filtered.participation.applications).toBeLessThanOrEqual(weekly.participation.applications);
      expect(await page.locator(".lead").first().textContent()).toContain("cohort:");
    }
    // Reloading keeps the view: the filters live in the address.
    await page.reload();
    await page.locator('[data-analytics-state="ready"]').waitFor({ timeout: 20_000 });
    expect(await page.getByLabel("Periods").inputValue()).toBe("week");
    await axeCheck("analytics dashboard, filtered");
  });

  it("shows filters the API refuses beside the problem, to be fixed in place, and checks the dates first", async () => {
    onTestFailed(() => screenshot(page, "console-analytics-bad-filters-failed"));
    const base = `${dev.url}/console/demo/programs/${PROGRAM}/analytics`;
    // A shared link with its dates the wrong way round: the API's 400, with the filters still there and marked.
    const { range } = await apiFigures();
    expect(range.from < range.to).toBe(true);
    await page.goto(`${base}?from=${range.to}&to=${range.from}&period=month`);
    await page.getByRole("alert").waitFor({ timeout: 20_000 });
    await expect(page.locator("#filter-from").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.locator("#filter-from-error").textContent()).resolves.toBe("From must not be after to.");
    // Trying the same address again would only fail again: no "Try again", the filters are the way out.
    await expect(page.getByRole("alert").getByRole("button", { name: "Try again" }).count()).resolves.toBe(0);
    await expect(page.locator('[data-analytics-state="ready"]').count()).resolves.toBe(0);
    await axeCheck("analytics, refused filters");
    await expect(page.locator("#filter-from").inputValue()).resolves.toBe(range.to);
    await page.locator("#filter-from").fill("");
    await page.locator("#filter-to").fill("");
    await page.getByRole("button", { name: "Show figures" }).click();
    await page.waitForURL((url) => !url.searchParams.has("from") && !url.searchParams.has("to"));
    await page.locator('[data-analytics-state="ready"]').waitFor({ timeout: 20_000 });
    await expect(page.getByRole("alert").count()).resolves.toBe(0);
    await expect(page.locator("#filter-from").getAttribute("aria-invalid")).resolves.toBe(null);

    // A cohort that no longer exists: the same, and "Everyone" recovers.
    await page.goto(`${base}?cohortQuestion=no_such_question&cohort=gone`);
    await page.getByRole("alert").waitFor({ timeout: 20_000 });
    await expect(page.locator("#filter-cohort").getAttribute("aria-invalid")).resolves.toBe("true");
    await page.getByLabel("Cohort").selectOption("");
    await page.getByRole("button", { name: "Show figures" }).click();
    await page.waitForURL((url) => !url.searchParams.has("cohort"));
    await page.locator('[data-analytics-state="ready"]').waitFor({ timeout: 20_000 });
    await expect(page.getByRole("alert").count()).resolves.toBe(0);

    // Dates the wrong way round are caught before asking the API: a message at "To", focus there, the address unchanged.
    const before = page.url();
    await page.locator("#filter-from").fill("2026-03-01");
    await page.locator("#filter-to").fill("2026-02-01");
    await page.getByRole("button", { name: "Show figures" }).click();
    await expect.poll(() => page.locator("#filter-to-error").textContent(), SOON).toMatch(/^To must be on or after From/);
    await expect(page.locator("#filter-to").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.locator("#filter-to").getAttribute("aria-describedby")).resolves.toBe("filter-to-error");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("filter-to");
    expect(page.url()).toBe(before);
    await page.locator("#filter-from").fill("");
    await page.locator("#filter-to").fill("");
    await page.getByRole("button", { name: "Show figures" }).click();
    await page.locator('[data-analytics-state="ready"]').waitFor({ timeout: 20_000 });
    await expect(page.locator("#filter-to-error").count()).resolves.toBe(0);
  });

  it("opens every chart's table for printing, and closes them after", async () => {
    const closed = page.locator("details.chart-table:not([open])");
    const before = await closed.count();
    expect(before).toBeGreaterThan(0);
    await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
    await expect(closed.count()).resolves.toBe(0);
    // Sized for paper: no chart wider than the printed page's column.
    const widths = await page.locator(".chart-canvas canvas").evaluateAll((canvases) => canvases.map((canvas) => canvas.getBoundingClientRect().width));
    expect(Math.max(...widths)).toBeLessThanOrEqual(640);
    await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
    await expect(closed.count()).resolves.toBe(before);
  });

  it("downloads the figures as CSV", async () => {
    const link = page.getByRole("link", { name: "Download CSV" });
    const href = await link.getAttribute("href");
    expect(href).toContain("/analytics.csv");
    const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
    const path = await download.path();
    const { readFileSync } = await import("node:fs");
    const csv = readFileSync(path!, "utf8");
    expect(csv.split("\n")[0]).toMatch(/metric/);
    expect(csv).toMatch(/^applications,[^,]+,\d+\r?$/m);
  });

  it("prints the program report on one A4 page", async () => {
    onTestFailed(() => screenshot(page, "console-report-failed"));
    await page.getByRole("link", { name: "Printable report" }).click();
    await page.waitForURL((url) => url.pathname.endsWith("/report"));
    // The report's own figures (the analytics page stays on screen while the report's code loads).
    await page.locator('.report [data-analytics-state="ready"]').waitFor({ timeout: 20_000 });
    expect(await page.getByRole("button", { name: "Print or save as PDF" }).isVisible()).toBe(true);
    // Today where the reader is (the browser's America/Chicago), not the UTC day.
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "America/Chicago", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
    expect(await page.getByText(/^Figures from Tandem on /).textContent()).toContain(`Figures from Tandem on ${today}.`);
    await axeCheck("program report");
    await screenshot(page, "program-report");
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".site-header").isVisible()).toBe(false);
    const pdf = await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
    const pages = pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBe(1);
    await page.emulateMedia({ media: "screen" });
  });

  it("fits a phone's width", async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${dev.url}/console/demo/programs/${PROGRAM}/analytics`);
    await page.locator('[data-analytics-state="ready"]').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth)).toBe(true);
    await screenshot(page, "analytics-phone");
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  it("imports academic records and compares mentored with non-mentored students, honestly", async () => {
    onTestFailed(() => screenshot(page, "console-outcomes-failed"));
    await page.goto(`${dev.url}/console/demo/programs/${PROGRAM}/outcomes`);
    await page.getByText("No academic records yet.").waitFor({ timeout: 15_000 });
    await axeCheck("academic outcomes, empty");
    // The approved mentees (their ids are their emails) and 40 students who never applied.
    const { applications } = await page.evaluate(async (url) => (await fetch(url)).json(), `/api/v1/t/demo/programs/${PROGRAM}/applications?role=mentee&status=approved&limit=500`);
    expect(applications.length).toBeGreaterThan(2);
    const lines = ["Student ID,Term,GPA,Enrolled next term,Graduated"];
    applications.forEach((a: { email: string }, i: number) => lines.push(`${a.email},Fall 2026,${(2.6 + (i % 10) / 10).toFixed(1)},${i % 4 ? "yes" : "no"},no`));
    for (let i = 0; i < 40; i++) lines.push(`S${1000 + i},Fall 2026,${(2.2 + (i % 10) / 10).toFixed(1)},${i % 3 ? "yes" : "no"},no`);
    const file = join(harness.dataDir, "outcomes.csv");
    writeFileSync(file, `${lines.join("\n")}\n`);
    await page.getByLabel("CSV file (up to 2 MB, 20,000 rows)").setInputFiles(file);
    await page.getByRole("button", { name: "Import" }).click();
    await page.getByText(`Imported ${lines.length - 1} records for Fall 2026`).waitFor({ timeout: 20_000 });
    await page.locator('[data-outcomes-state="ready"]').waitFor({ timeout: 15_000 });
    const report = await page.evaluate(async (url) => (await fetch(url)).json(), `/api/v1/t/demo/programs/${PROGRAM}/outcomes`);
    expect(report.records).toBe(lines.length - 1);
    expect(report.gpa.mentored.n + report.gpa.nonMentored.n).toBe(lines.length - 1);
    const gpaRow = await page.locator("tbody tr", { hasText: "Average GPA" }).locator("th, td").allTextContents();
    expect(gpaRow[1]).toBe(`${report.gpa.mentored.value.toFixed(2)} (n = ${report.gpa.mentored.n})`);
    expect(gpaRow[2]).toBe(`${report.gpa.nonMentored.value.toFixed(2)} (n = ${report.gpa.nonMentored.n})`);
    expect(gpaRow[4]).toMatch(/ to /);
    expect(await page.getByRole("note").textContent()).toMatch(/not/i);
    await axeCheck("academic outcomes");
    await screenshot(page, "academic-outcomes");

    // A file with a bad cell is refused with the cell named, and nothing changes.
    writeFileSync(file, "Student ID,Term,GPA,Enrolled next term,Graduated\nS1,Fall 2026,7.5,yes,no\n");
    await page.getByLabel("CSV file (up to 2 MB, 20,000 rows)").setInputFiles(file);
    await page.getByRole("button", { name: "Import" }).click();
    await page.getByRole("alert").getByText("rows.2.gpa").waitFor({ timeout: 15_000 });
    const after = await page.evaluate(async (url) => (await fetch(url)).json(), `/api/v1/t/demo/programs/${PROGRAM}/outcomes`);
    expect(after.records).toBe(report.records);

    // Removing a term's records asks first, with focus on the question's buttons and back; a double click sends one DELETE.
    await page.getByRole("button", { name: "Remove this term's records" }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), SOON).toBe("outcomes-confirm-remove");
    await page.getByRole("button", { name: "Keep them" }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), SOON).toBe("outcomes-remove");
    await page.getByRole("button", { name: "Remove this term's records" }).click();
    const deletes: string[] = [];
    const countDeletes = (request: { method(): string; url(): string }) => void (request.method() === "DELETE" && deletes.push(request.url()));
    page.on("request", countDeletes);
    try {
      await page.locator("#outcomes-confirm-remove").dblclick();
      await page.getByText(`Removed ${report.records} records of Fall 2026.`).waitFor({ timeout: 15_000 });
      await page.getByText("No academic records yet.").waitFor({ timeout: 15_000 });
    } finally {
      page.off("request", countDeletes);
    }
    expect(deletes).toHaveLength(1);
    // The buttons went with the records: focus is on the comparison's heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), SOON).toBe("comparison-title");
  });

  it("explains an institution the person is not staff of, and a console path that does not exist", async () => {
    await page.goto(`${dev.url}/console/someone-else`);
    await page.getByRole("heading", { level: 1, name: "You are not a member of this institution" }).waitFor({ timeout: 15_000 });
    await axeCheck("not a member");
    await page.goto(`${dev.url}/console/demo/programs/${PROGRAM}/nothing-here`);
    await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor({ timeout: 15_000 });
    await page.goto(`${dev.url}/console/demo/programs/no-such-program/analytics`);
    await page.getByRole("heading", { name: "Not found" }).waitFor({ timeout: 15_000 });
    // A missing build file is a 404, not the app's page.
    expect((await fetch(`${dev.url}/console/assets/missing.js`)).status).toBe(404);
  });

  it("reloads once when a page's code is gone (a deploy), then says so; a page that breaks says so too", async () => {
    // A tab of its own: its failures are on purpose, and stay out of the watch below.
    const tab = await context.newPage();
    try {
      const chunk = /\/console\/assets\/outcomes-[^/]*\.js$/;
      let loads = 0;
      tab.on("load", () => loads++);
      const uncaught: string[] = [];
      tab.on("pageerror", (error) => uncaught.push(error.message));
      await tab.route(chunk, (route) => route.fulfill({ status: 404, body: "gone" }));
      await tab.goto(`${dev.url}/console/demo/programs/${PROGRAM}/outcomes`);
      await tab.getByRole("heading", { level: 1, name: "This page couldn't be loaded" }).waitFor({ timeout: 20_000 });
      // One automatic reload, not a loop.
      expect(loads).toBe(2);
      await tab.unroute(chunk);
      await tab.getByRole("button", { name: "Reload" }).click();
      await tab.getByRole("heading", { level: 1, name: "First-Year Peer Mentoring: academic outcomes" }).waitFor({ timeout: 20_000 });
      expect(await tab.evaluate(() => sessionStorage.getItem("tandem-console-reloaded-for-chunk"))).toBe(null);

      // Figures the page can't read (an API answering in an unexpected shape): a message and a way on, not a frozen page.
      const figures = /\/api\/v1\/t\/demo\/programs\/[^/]+\/analytics$/;
      await tab.route(figures, (route) => route.fulfill({ status: 200, contentType: "application/json", body: "{}" }));
      await tab.getByRole("navigation", { name: `Program: First-Year Peer Mentoring` }).getByRole("link", { name: "Analytics" }).click();
      await tab.getByRole("heading", { level: 1, name: "Something went wrong in this page" }).waitFor({ timeout: 20_000 });
      await tab.unroute(figures);
      await tab.getByRole("link", { name: "Your institutions" }).click();
      await tab.getByRole("heading", { level: 1, name: "Northbridge University" }).waitFor({ timeout: 20_000 });
      // Both failures were handled (logged to the console), none escaped as an uncaught error.
      expect(uncaught).toEqual([]);
    } finally {
      await tab.close();
    }
  });

  it("saw no script errors or CSP violations", () => {
    expect(harness.problems()).toEqual([]);
  });
});
