/// <reference lib="dom" />
/**
 * Issue #5 in the product, in a real browser against the real `pnpm dev`
 * runner: a coordinator opens a peer program's matching page (30 approved
 * mentees, 12 mentors with 3 places each), edits the settings, runs matching,
 * reviews the proposal and its score distribution, reassigns, swaps, locks and
 * unassigns pairs, re-runs around those decisions, approves in a confirmation
 * dialog, and sees the matches; a mentee's "Meet your mentor" email arrives
 * from the queue. A queued run's progress bar and failure, and a settings
 * error on its field, are shown with the API answer faked for that one request.
 * axe checks every state; screenshots go to test-artifacts/screenshots (and,
 * with UPDATE_README_SCREENSHOTS=1, three to docs/screenshots for the README).
 */
import type { APIRequestContext, Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot } from "./browser.js";
import { apiAs, type OutboxEmail, signInFromOutbox, signUp, useDevAndBrowser, waitForEmail as outboxWaitForEmail } from "./harness.js";
import { PEER_MAPPING, peerCsv } from "../fixtures/peer-cohort.js";

/** expect.poll waits one second by default; the page's requests and the 1 s progress polling need longer. */
const SOON = { timeout: 15_000, interval: 100 };
const harness = useDevAndBrowser("matching", { context: { viewport: { width: 1200, height: 900 }, locale: "en-US", timezoneId: "America/Los_Angeles" } });
const { dev, newPage, axeCheck } = harness;

const waitForEmail = (to: string, match: (email: OutboxEmail) => boolean, timeout = 30_000) => outboxWaitForEmail(dev, to, match, timeout);

/** The API as the signed-in browser: its cookies, and the app's Origin on writes. */
function staffApi(request: APIRequestContext) {
  return { get: (path: string) => apiAs(dev, request, "GET", path), post: (path: string, body: unknown = {}) => apiAs(dev, request, "POST", path, body), patch: (path: string, body: unknown) => apiAs(dev, request, "PATCH", path, body) };
}

async function importAndApprove(api: ReturnType<typeof staffApi>, base: string, role: "mentor" | "mentee", csv: string): Promise<number> {
  const imported = (await api.post(`${base}/imports`, { role, csv, mapping: PEER_MAPPING })) as { summary: { refuse: number }; report: unknown[] };
  if (imported.summary.refuse > 0) throw new Error(`import refused rows: ${JSON.stringify(imported.report.slice(0, 3))}`);
  const { applications } = (await api.get(`${base}/applications?role=${role}&status=submitted&limit=500`)) as { applications: { id: string }[] };
  await api.post(`${base}/applications/decisions`, { ids: applications.map((application) => application.id), decision: "approved" });
  return applications.length;
}

// ---------------------------------------------------------------- page helpers

const rowsOf = (page: Page) => page.locator("#pair-rows tr");

async function pairRow(page: Page, mentee: string): Promise<{ mentor: string; score: string; badges: string }> {
  const row = page.locator(`#pair-rows tr[data-mentee="${mentee}"]`);
  return {
    mentor: (await row.locator("td").nth(0).locator(".person-name").textContent()) ?? "",
    score: (await row.locator(".score").textContent()) ?? "",
    badges: (await row.locator(".badge").allTextContents()).join(" "),
  };
}

/** Tries each choice of a select in the change dialog until the API takes one (a hard requirement may refuse some). */
async function tryChoices(page: Page, select: Locator, submit: Locator): Promise<boolean> {
  const values = await select.locator("option").evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value).filter(Boolean));
  const dialog = page.locator("#change-dialog");
  for (const value of values.slice(0, 6)) {
    await select.selectOption(value);
    await submit.click();
    const outcome = await Promise.race([
      dialog.waitFor({ state: "hidden" }).then(() => "done" as const),
      page.locator("#change-status.is-error").waitFor().then(() => "refused" as const),
    ]);
    if (outcome === "done") return true;
    // The refusal says why, in the dialog, and nothing changed.
    await expect(page.locator("#change-status").textContent()).resolves.toMatch(/requirement|place|excluded/i);
  }
  return false;
}

describe("matching page (issue #5)", () => {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  const slug = `harbor-${suffix}`;
  const adminEmail = "dana@harbor.example";
  const tag = suffix.slice(-6);

  it("runs matching, adjusts the proposal, re-runs, approves and introduces the pairs", async () => {
    harness.explainFailures();

    // 1. An institution signs up; its owner signs in from the emailed link in this browser.
    await signUp(dev, { name: "Harbor University", slug, kind: "university", timezone: "America/Los_Angeles" }, { name: "Dana Whitfield", email: adminEmail });
    const page = await newPage("owner");
    await signInFromOutbox(dev, page, adminEmail, `/console/${slug}`, 30_000);

    // 2. A peer program (3 mentees per mentor): 30 approved mentees (two share no language with anyone), 12 approved mentors.
    const api = staffApi(page.context().request);
    const base = `/api/v1/t/${slug}/programs/peers`;
    await api.post(`/api/v1/t/${slug}/programs`, { name: "First-Year Peers", slug: "peers", type: "peer", mentorCapacity: 3 });
    await api.post(`${base}/status`, { status: "enrolling" });

    // Before anyone is approved, the page says what to do, and links the program page; a wrong program says so.
    await page.goto(`${dev.url}/matching.html?tenant=${slug}&program=peers`);
    await page.locator("#page").waitFor();
    await expect(page.locator("#pool").innerText()).resolves.toMatch(/No approved applicants yet\. Review the applications and approve/);
    await expect(page.locator("#pool").getByRole("link", { name: "program page" }).getAttribute("href")).resolves.toBe(`/program.html?tenant=${slug}&program=peers`);
    await expect(page.getByRole("button", { name: "Run matching" }).count()).resolves.toBe(0);
    await axeCheck(page, "matching (nobody approved yet)");
    await page.goto(`${dev.url}/matching.html?tenant=${slug}&program=nope`);
    await page.getByRole("heading", { name: "We couldn't find this program" }).waitFor();
    await axeCheck(page, "matching (no such program)");

    expect(await importAndApprove(api, base, "mentee", peerCsv("mentee", 30, tag, { unmatchable: 2 }).csv)).toBe(30);
    expect(await importAndApprove(api, base, "mentor", peerCsv("mentor", 12, tag).csv)).toBe(12);
    await api.post(`${base}/status`, { status: "matching" });

    // 3. The page: who is waiting, and how people are matched.
    await page.goto(`${dev.url}/matching.html?tenant=${slug}&program=peers`);
    await page.getByRole("heading", { level: 1, name: "Matching: First-Year Peers" }).waitFor();
    await page.locator("#page").waitFor();
    await expect(page.locator("#pool").innerText()).resolves.toMatch(/30\s+approved mentees are waiting for a mentor[\s\S]*36\s+open places with 12 approved mentors/);

    // A program that requires screening holds back mentors who have not finished it, and the page says where to look (issue #8).
    await api.patch(`${base}/safeguarding`, { screeningRequired: true, screeningSteps: ["interview"] });
    await page.reload();
    await page.locator("#page").waitFor();
    await expect(page.locator("#pool").innerText()).resolves.toMatch(/30 approved mentees waiting, but no mentor is ready yet\. All 12 approved mentors have not finished the program's screening or training/);
    await expect(page.locator("#pool").getByRole("link", { name: "Screening page" }).getAttribute("href")).resolves.toBe(`/console/${slug}/programs/peers/screening`);
    await expect(page.getByRole("button", { name: "Run matching" }).count()).resolves.toBe(0);
    await axeCheck(page, "matching (every mentor held back by screening)");
    await api.patch(`${base}/safeguarding`, { screeningRequired: false, screeningSteps: [] });
    await page.reload();
    await page.locator("#page").waitFor();
    await expect(page.locator("#pool").innerText()).resolves.toMatch(/36\s+open places with 12 approved mentors/);
    await expect(page.getByRole("link", { name: "First-Year Peers" }).getAttribute("href")).resolves.toBe(`/program.html?tenant=${slug}&program=peers`);
    const criteria = page.locator("#criteria-rows tr");
    await expect(criteria.count()).resolves.toBe(6);
    await expect(page.locator("#settings-source").textContent()).resolves.toMatch(/forms' settings/);
    await axeCheck(page, "matching (settings, no run yet)");
    await expect(page.locator("#runs-empty").isVisible()).resolves.toBe(true);

    // Settings: a weight out of range is caught on its field; a valid change saves; the forms' settings come back.
    const firstWeight = criteria.nth(0).getByRole("spinbutton");
    await firstWeight.fill("0");
    await expect(page.locator("#unsaved-note").isVisible()).resolves.toBe(true);
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.locator("#criterion-0-weight-error").textContent(), SOON).toBe("Weight must be a whole number from 1 to 10.");
    await expect(firstWeight.evaluate((input) => input === document.activeElement)).resolves.toBe(true);
    await firstWeight.fill("9");
    await criteria.nth(1).getByRole("checkbox").check();
    await page.getByLabel("Add a question").selectOption({ label: "Which year of study are you in?" });
    await page.getByRole("button", { name: "Add question" }).click();
    await expect(criteria.count()).resolves.toBe(7);
    await page.getByLabel("The fairest lowest pair").check();
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.locator("#settings-status").textContent(), SOON).toBe("Settings saved. The next run uses them.");
    const saved = (await api.get(`${base}/matching/settings`)) as { settings: { objective: string; criteria: { key: string; weight: number; required: boolean }[] } };
    expect(saved.settings.objective).toBe("max_min");
    expect(saved.settings.criteria).toHaveLength(7);
    expect(saved.settings.criteria[0]!.weight).toBe(9);
    expect(saved.settings.criteria[1]!.required).toBe(true);
    expect(saved.settings.criteria.at(-1)!.key).toBe("year");
    await expect(page.locator("#settings-source").textContent()).resolves.toMatch(/changed these/);
    await axeCheck(page, "matching (settings saved)");
    await screenshot(page, "matching-settings", { docs: true });

    // A refusal from the server lands on its row (faked: the page offers no way to send a bad key).
    await page.route(`**${base}/matching/settings`, (route) =>
      route.request().method() === "PUT"
        ? route.fulfill({
            status: 400,
            contentType: "application/problem+json",
            body: JSON.stringify({ status: 400, title: "Bad request", detail: "2 fields are invalid; see errors.", errors: [{ path: "body.criteria.2.key", message: '"interests" is not a question on the mentor form; matching compares answers both sides give' }, { path: "body.criteria.0.weight", message: "must be at most 10" }] }),
          })
        : route.fallback(),
    );
    await page.getByRole("button", { name: "Save settings" }).click();
    await expect.poll(() => page.locator("#criterion-2-row-error").textContent(), SOON).toMatch(/is not a question on the mentor form/);
    await expect(page.locator("#criterion-0-weight-error").textContent()).resolves.toBe("Weight must be at most 10.");
    await expect(page.locator("#settings-status").textContent()).resolves.toMatch(/not saved[\s\S]*Fix what is marked below/);
    await axeCheck(page, "matching (settings refused)");
    await page.unroute(`**${base}/matching/settings`);

    await page.getByRole("button", { name: "Use the forms' settings" }).click();
    await expect.poll(() => page.locator("#settings-status").textContent(), SOON).toBe("Back to the forms' settings. The next run uses them.");
    await expect(criteria.count()).resolves.toBe(6);
    await expect((await api.get(`${base}/matching/settings`)).settings.criteria).toBeNull();

    // 4. A queued run (faked once: this cohort is small enough to match in the request) shows progress, then a failure says what to do.
    const fakeRun = "00000000-0000-4000-8000-000000000001";
    const running = (progress: number, status = "running", error: string | null = null) => ({
      run: { id: fakeRun, status, scope: "all", progress, revision: 0, error, matched: null, unmatched: null, createdAt: new Date().toISOString(), completedAt: null, decidedAt: null },
      criteria: [],
      proposal: null,
    });
    let polls = 0;
    await page.route(`**${base}/matching/runs`, (route) => (route.request().method() === "POST" ? route.fulfill({ status: 202, contentType: "application/json", body: JSON.stringify(running(0)) }) : route.fallback()));
    await page.route(`**${base}/matching/runs/${fakeRun}`, (route) => {
      polls += 1;
      const body = polls < 4 ? running(30) : running(30, "failed", "No question feeds matching yet. Choose the questions to match on in the matching settings.");
      return route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(body) });
    });
    await page.getByRole("button", { name: "Run matching" }).click();
    const bar = page.getByRole("progressbar", { name: /Matching… \d+% done/ });
    await bar.waitFor();
    await expect.poll(() => bar.evaluate((progress) => (progress as HTMLProgressElement).value), SOON).toBe(30);
    await axeCheck(page, "matching (queued run in progress)");
    await screenshot(page, "matching-progress");
    await expect.poll(() => page.locator("#run-status").textContent(), SOON).toMatch(/Matching failed\. No question feeds matching yet[\s\S]*What to do/);
    await expect(bar.isVisible()).resolves.toBe(false);
    await page.unroute(`**${base}/matching/runs`);
    await page.unroute(`**${base}/matching/runs/${fakeRun}`);

    // 5. Run matching for real; a proposal can be discarded (after a confirmation), and matching run again.
    const reviewTitle = page.getByRole("heading", { name: "Review the proposal" });
    await page.getByRole("button", { name: "Run matching" }).click();
    await reviewTitle.waitFor();
    await page.getByRole("button", { name: "Discard this proposal" }).click();
    await page.getByRole("dialog", { name: "Discard this proposal?" }).waitFor();
    await page.getByRole("button", { name: "Discard the proposal" }).click();
    await expect.poll(() => page.locator("#run-status").textContent(), SOON).toMatch(/^Proposal discarded\. Nobody was matched/);
    await expect(reviewTitle.isVisible()).resolves.toBe(false);
    await expect(page.locator("#run-rows .badge").first().textContent()).resolves.toBe("Discarded");
    await expect(page.getByRole("button", { name: "Run matching" }).evaluate((button) => button === document.activeElement)).resolves.toBe(true);

    // The proposal: its figures and its score distribution.
    await page.getByRole("button", { name: "Run matching" }).click();
    await reviewTitle.waitFor();
    await expect(reviewTitle.evaluate((heading) => heading === document.activeElement)).resolves.toBe(true);
    await expect(page.locator("#summary").innerText()).resolves.toMatch(/Matched\s+28 of 30[\s\S]*Average score\s+\d+%[\s\S]*Lowest pair\s+\d+%[\s\S]*Unmatched\s+2/);
    await expect(page.locator("#distribution-rows tr").count()).resolves.toBe(10);
    const bandCounts = (await page.locator("#distribution-rows td.num").allTextContents()).map(Number);
    expect(bandCounts.reduce((sum, count) => sum + count, 0)).toBe(28);
    await expect(rowsOf(page).count()).resolves.toBe(28);
    // Lowest first, so the weakest pairs are on top.
    const scores = (await page.locator("#pair-rows .score").allTextContents()).map((text) => Number.parseInt(text, 10));
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    await expect(page.locator("#pairs-sort-score").getAttribute("aria-sort")).resolves.toBe("ascending");
    await expect(rowsOf(page).first().locator(".reasons").textContent()).resolves.toMatch(/^[^·]+ \d(\.\d+)?( · [^·]+ \d(\.\d+)?)*$/);
    await expect(page.locator("#unmatched-rows").innerText()).resolves.toMatch(/language/i);
    // Assigning one of them anyway is refused with the reason, and changes nothing.
    await page.locator("#unmatched-rows").getByRole("button", { name: /^Assign the chosen mentor to / }).first().click();
    await expect.poll(() => page.locator("#review-status").textContent(), SOON).toMatch(/does not meet a requirement of the program[\s\S]*Nothing changed/);
    await expect(rowsOf(page).count()).resolves.toBe(28);
    await expect(page.getByRole("button", { name: "Approve 28 matches" }).isVisible()).resolves.toBe(true);
    await axeCheck(page, "matching (proposal)");
    await screenshot(page, "matching-proposal", { docs: true });

    // Sorting and finding.
    await page.locator("#pairs-sort-score button").click();
    await expect(page.locator("#pairs-sort-score").getAttribute("aria-sort")).resolves.toBe("descending");
    const descending = (await page.locator("#pair-rows .score").allTextContents()).map((text) => Number.parseInt(text, 10));
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    await page.locator("#pairs-sort-score button").click();
    const someone = ((await rowsOf(page).first().locator("th .person-meta").textContent()) ?? "").trim();
    await page.getByLabel("Find a person").fill(someone);
    await expect.poll(() => rowsOf(page).count(), SOON).toBe(1);
    await expect(page.locator("#pairs-count").textContent()).resolves.toBe("Showing 1 of 28 pairs.");
    await page.getByLabel("Find a person").fill("");
    await expect.poll(() => rowsOf(page).count(), SOON).toBe(28);

    // The change dialog: Escape closes it and focus goes back to the button that opened it.
    const firstChange = rowsOf(page).first().getByRole("button", { name: /^Change .+'s mentor$/ });
    await firstChange.click();
    await page.locator("#change-dialog").waitFor();
    await axeCheck(page, "matching (change dialog)");
    await page.keyboard.press("Escape");
    await page.locator("#change-dialog").waitFor({ state: "hidden" });
    await expect(firstChange.evaluate((button) => button === document.activeElement)).resolves.toBe(true);

    // 6. Reassign one mentee to a mentor with a free place (a hard requirement may refuse some: then the next).
    const mentees = await rowsOf(page).evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.mentee!));
    let reassigned: { mentee: string; mentor: string } | undefined;
    for (const mentee of mentees.slice(0, 8)) {
      const before = await pairRow(page, mentee);
      await page.locator(`#pair-rows tr[data-mentee="${mentee}"]`).getByRole("button", { name: /^Change / }).click();
      await page.locator("#change-dialog").waitFor();
      if (await tryChoices(page, page.getByLabel("Reassign to a mentor with an open place"), page.getByRole("button", { name: "Reassign" }))) {
        const after = await pairRow(page, mentee);
        expect(after.mentor).not.toBe(before.mentor);
        expect(after.badges).toBe("Locked Adjusted");
        reassigned = { mentee, mentor: after.mentor };
        break;
      }
      await page.getByRole("button", { name: "Cancel" }).click();
    }
    expect(reassigned, "some mentee could be reassigned").toBeDefined();
    await expect(page.locator("#review-status").textContent()).resolves.toMatch(/now has .+ as mentor .*locked/);
    await expect(page.locator(`#pair-rows tr[data-mentee="${reassigned!.mentee}"] button[data-act="change"]`).evaluate((button) => button === document.activeElement)).resolves.toBe(true);

    // Swap two pairs' mentors (again, the first that meets the program's requirements).
    let swapped = false;
    for (const mentee of mentees.filter((id) => id !== reassigned!.mentee).slice(0, 8)) {
      await page.locator(`#pair-rows tr[data-mentee="${mentee}"]`).getByRole("button", { name: /^Change / }).click();
      await page.locator("#change-dialog").waitFor();
      if (await tryChoices(page, page.getByLabel("Or swap mentors with another mentee"), page.getByRole("button", { name: "Swap mentors" }))) {
        expect((await pairRow(page, mentee)).badges).toBe("Locked Adjusted");
        swapped = true;
        break;
      }
      await page.getByRole("button", { name: "Cancel" }).click();
    }
    expect(swapped, "some pair could be swapped").toBe(true);
    await expect(page.locator("#review-status").textContent()).resolves.toMatch(/^Swapped: /);

    // Lock one pair as it is, and unassign another.
    const plain = rowsOf(page).filter({ hasNot: page.locator(".badge") });
    const toLock = (await plain.nth(0).getAttribute("data-mentee"))!;
    await plain.nth(0).getByRole("button", { name: /^Lock / }).click();
    await expect.poll(async () => (await pairRow(page, toLock)).badges, SOON).toBe("Locked");
    const lockedMentor = (await pairRow(page, toLock)).mentor;
    const toUnassign = (await plain.nth(0).getAttribute("data-mentee"))!;
    const unassignedFrom = (await pairRow(page, toUnassign)).mentor;
    await plain.nth(0).getByRole("button", { name: /^Unassign / }).click();
    await expect.poll(() => rowsOf(page).count(), SOON).toBe(27);
    await expect(page.locator(`#unmatched-rows tr[data-mentee="${toUnassign}"]`).innerText()).resolves.toMatch(/Unassigned by a coordinator/);
    await expect(page.locator("#summary").innerText()).resolves.toMatch(/Matched\s+27 of 30[\s\S]*Unmatched\s+3/);
    await axeCheck(page, "matching (adjusted proposal)");
    await screenshot(page, "matching-adjusted");

    // 7. Re-run around those decisions: the placed and locked pairs stay, the unassigned pair is not proposed again.
    await page.getByRole("button", { name: "Re-run around my changes" }).click();
    await expect.poll(() => page.locator("#run-status").textContent(), SOON).toMatch(/^Re-run done: /);
    expect(await pairRow(page, reassigned!.mentee)).toMatchObject({ mentor: reassigned!.mentor, badges: expect.stringContaining("Locked") });
    expect(await pairRow(page, toLock)).toMatchObject({ mentor: lockedMentor, badges: "Locked" });
    if ((await page.locator(`#pair-rows tr[data-mentee="${toUnassign}"]`).count()) > 0) expect((await pairRow(page, toUnassign)).mentor).not.toBe(unassignedFrom);
    else await expect(page.locator(`#unmatched-rows tr[data-mentee="${toUnassign}"]`).count()).resolves.toBe(1);
    const pairCount = await rowsOf(page).count();
    const approveButton = page.getByRole("button", { name: `Approve ${pairCount} matches` });

    // 8. Approve, after the confirmation dialog; Cancel first changes nothing.
    await approveButton.click();
    const confirm = page.getByRole("dialog", { name: `Approve ${pairCount} matches?` });
    await confirm.waitFor();
    await expect(page.getByRole("button", { name: "Cancel" }).last().evaluate((button) => button === document.activeElement)).resolves.toBe(true);
    await axeCheck(page, "matching (approve dialog)");
    await screenshot(page, "matching-approve-dialog");
    await page.getByRole("button", { name: "Cancel" }).last().click();
    await confirm.waitFor({ state: "hidden" });
    await expect(approveButton.evaluate((button) => button === document.activeElement)).resolves.toBe(true);
    await approveButton.click();
    await confirm.waitFor();
    await page.getByRole("button", { name: "Approve and send introductions" }).click();

    await expect.poll(() => page.locator("#approved-panel").innerText(), SOON).toMatch(new RegExp(`Approved: ${pairCount} matches created\\.[\\s\\S]*Introductions are being emailed`));
    await expect(page.locator("#review").isVisible()).resolves.toBe(false);
    await expect.poll(() => page.locator("#match-rows tr").count(), SOON).toBe(pairCount);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), SOON).toBe("matches-title");
    await expect(page.locator("#matches-caption").textContent()).resolves.toBe(`Active matches (${pairCount})`);
    const statuses = await page.locator("#run-rows .badge").allTextContents();
    expect(statuses[0]).toBe("Approved");
    expect(statuses).toContain("Discarded");
    await expect(page.locator("#pool").innerText()).resolves.toMatch(new RegExp(`${30 - pairCount}\\s+approved mentees? (is|are) waiting`));
    await axeCheck(page, "matching (approved)");
    await screenshot(page, "matching-approved", { docs: true });

    // 9. The mentee of the first match gets "Meet your mentor" from the queue.
    const menteeEmail = ((await page.locator("#match-rows tr").first().locator("th .person-meta").textContent()) ?? "").trim();
    const mentorName = ((await page.locator("#match-rows tr").first().locator("td .person-name").first().textContent()) ?? "").trim();
    const introduction = await waitForEmail(menteeEmail, (email) => email.kind === "match.introduction");
    expect(introduction.subject).toContain(`Meet your mentor, ${mentorName.split(" ")[0]}`);

    // 10. On a revisit the matches are there; at phone width the tables scroll inside their labelled regions, not the page.
    await page.setViewportSize({ width: 390, height: 800 });
    await page.goto(`${dev.url}/matching.html?tenant=${slug}&program=peers`);
    await page.locator("#page").waitFor();
    await expect(page.locator("#match-rows tr").count()).resolves.toBe(pairCount);
    await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).resolves.toBe(true);
    await axeCheck(page, "matching (phone, revisit)");

    expect(harness.problems()).toEqual([]);
  });
});
