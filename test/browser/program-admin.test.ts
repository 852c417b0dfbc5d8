/// <reference lib="dom" />
/**
 * Issue #4's admin console, in a real browser against the real `pnpm dev`
 * runner: an owner creates a program on the Programs page (with a server
 * error shown on its field first), opens enrollment, copies it to a next
 * cohort (and sees the API's 409 when that copy moved meanwhile), copies the
 * embed code, reviews two applications (filter, search, expand, approve one
 * and reject one from the keyboard), exports them as CSV, and imports a CSV of
 * four mentees whose school column needs mapping (three in, one refused with
 * its reason). axe checks every state; three screenshots go to the README.
 */
import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { describe, expect, it, onTestFailed } from "vitest";
import { type PageWatch, screenshot } from "./browser.js";
import { signInFromOutbox, useDevAndBrowser } from "./harness.js";

const harness = useDevAndBrowser("program-admin");
const { dev } = harness;
let context: BrowserContext;
let page: Page;
let watch: PageWatch;

const axeCheck = (label: string) => harness.axeCheck(page, label);

/** The API as the signed-in owner (the browser's cookies, and our Origin as a browser sends it). */
async function asOwner(method: "POST" | "PUT" | "PATCH", path: string, data: unknown) {
  const response = await page.request.fetch(`${dev.url}${path}`, { method, data, headers: { origin: dev.url } });
  expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
  return response.json();
}

/** The accessible description of a field: its hint and error texts. */
function description(selector: string) {
  return page.locator(selector).evaluate((field) =>
    (field.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim())
      .join(" | "),
  );
}

/** Names in the applications table, in order. */
function applicantNames() {
  return page.locator("#apps-body tr[data-application] th button").evaluateAll((buttons) => buttons.map((button) => button.textContent?.replace("Answers of ", "")));
}

/** Polls until the assertion holds: API round trips on a busy 2-core machine can take seconds (vitest's default is 1 s). */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

/** Workers static assets may drop ".html" (…/programs.html → …/programs); both are the same page. */
const isPage = (url: URL, path: string) => url.pathname === path || url.pathname === path.replace(/\.html$/, "");

describe("admin console: programs, review and import (issue #4)", () => {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  const slug = `harbor-${suffix}`;
  const adminEmail = "dana@harbor.example";
  const site = "https://www.harbor.example";

  it("creates a program, opens enrollment, embeds its form, reviews applications, exports and imports", async () => {
    onTestFailed(async () => {
      if (!page || page.isClosed()) return;
      await screenshot(page, "failed-program-admin").catch(() => undefined);
      console.error(`${page.url()}\n${await page.locator("main").innerText().catch(() => "(no main)")}\nproblems: ${JSON.stringify(watch?.problems)}`);
      console.error(`dev output (tail):\n${dev.output().slice(-4000)}`);
    });

    // Sign up through the API; sign in in the browser from the emailed link.
    const signup = await fetch(`${dev.url}/api/v1/signup`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: dev.url },
      body: JSON.stringify({ institution: { name: "Harbor Mentors", slug, kind: "community_org", timezone: "America/Los_Angeles" }, admin: { name: "Dana Whitfield", email: adminEmail } }),
    });
    expect(signup.status, await signup.clone().text()).toBe(201);
    context = await harness.newContext({ viewport: { width: 1100, height: 800 }, locale: "en-US", timezoneId: "America/Los_Angeles", acceptDownloads: true });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: dev.url });
    page = await harness.newPage("owner", context);
    watch = harness.watchOf(page);
    await signInFromOutbox(dev, page, adminEmail, `/console/${slug}`);

    // 1. The console's overview leads to Programs, which starts empty and says what to do.
    await page.getByRole("navigation", { name: "Institution" }).getByRole("link", { name: "Programs" }).click({ timeout: 20_000 });
    await page.waitForURL((url) => isPage(url, "/programs.html") && url.searchParams.get("tenant") === slug);
    await page.getByRole("heading", { level: 1, name: "Programs" }).waitFor();
    await expect(page.locator("#programs-empty").textContent()).resolves.toContain("Create your first program with the form below");
    await axeCheck("programs (empty)");

    // 2. Create a program; the API's error lands on its field first.
    await page.getByLabel("Name", { exact: true }).fill("First-Year Peers 2026");
    await expect(page.getByLabel("Address").inputValue()).resolves.toBe("first-year-peers-2026");
    await page.getByLabel("Peer mentoring").check();
    await expect(page.locator("#capacity-hint").textContent()).resolves.toBe("Empty: 3, the peer default.");
    await page.getByLabel("Program starts").fill("2026-09-01");
    await page.getByLabel("Program ends").fill("2026-08-01");
    await page.getByRole("button", { name: "Create program" }).click();
    await eventually(() => description("#ends-on")).toContain("Program ends must be on or after the start date.");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("ends-on");
    await axeCheck("programs (create error)");
    await page.getByLabel("Program ends").fill("2027-04-30");
    await page.getByLabel("Enrollment opens").fill("2026-06-01");
    await page.getByLabel("Guardian consent under age").fill("16");
    await page.getByRole("button", { name: "Create program" }).click();
    const peers = page.locator('li[data-program="first-year-peers-2026"]');
    await eventually(() => page.locator("#list-status").textContent()).toContain("Created First-Year Peers 2026 as a draft.");
    await expect(peers.locator(".badge").textContent()).resolves.toBe("Draft");
    await expect(peers.locator(".program-meta").textContent()).resolves.toContain("Sep 1, 2026 – Apr 30, 2027");
    expect(await page.evaluate(() => document.activeElement?.closest("li")?.getAttribute("data-program"))).toBe("first-year-peers-2026");

    // Only the allowed moves are offered; open enrollment.
    const moves = await peers.locator("[data-move]").evaluateAll((buttons) => buttons.map((button) => button.textContent));
    expect(moves).toEqual(["Open enrollment", "Close the program…"]);
    await peers.getByRole("button", { name: "Open enrollment" }).click();
    await eventually(() => peers.locator(".badge").textContent()).toBe("Enrolling");
    await expect(peers.locator(".status").textContent()).resolves.toContain("First-Year Peers 2026 is now enrolling.");

    // 3. Copy it to the next cohort: name, address and start date are suggested.
    await peers.getByRole("button", { name: "Copy to next cohort: First-Year Peers 2026" }).click();
    await expect(peers.getByLabel("New name").inputValue()).resolves.toBe("First-Year Peers 2027");
    await expect(peers.getByLabel("New start date").inputValue()).resolves.toBe("2027-09-01");
    await axeCheck("programs (copy form)");
    await peers.getByRole("button", { name: "Create the copy" }).click();
    const next = page.locator('li[data-program="first-year-peers-2027"]');
    await next.waitFor();
    await expect(next.locator(".program-meta").textContent()).resolves.toContain("Sep 1, 2027 – Apr 29, 2028");
    expect(await page.locator("#program-list > li").evaluateAll((items) => items.map((item) => item.getAttribute("data-program")))).toEqual(["first-year-peers-2027", "first-year-peers-2026"]);

    // Someone else opens the copy's enrollment meanwhile: the page shows the API's 409 and catches up.
    await asOwner("POST", `/api/v1/t/${slug}/programs/first-year-peers-2027/status`, { status: "enrolling" });
    await next.getByRole("button", { name: "Open enrollment" }).click();
    await eventually(() => next.locator(".status").textContent()).toContain("From enrolling it can become: matching, closed.");
    await expect(next.locator(".badge").textContent()).resolves.toBe("Enrolling");
    await expect(next.getByRole("button", { name: "Close enrollment and start matching" }).count()).resolves.toBe(1);
    await axeCheck("programs (list)");
    await screenshot(page, "programs-list", { docs: true });

    // Set up through the API: short forms, an allowed website, and two applications.
    const form = { version: 1, questions: [{ key: "school", type: "short_text", label: "Which school do you go to?", required: true }, { key: "year", type: "number", label: "Year of study", min: 1, max: 8 }] };
    await asOwner("PUT", `/api/v1/t/${slug}/programs/first-year-peers-2026/forms/mentee`, form);
    await asOwner("PUT", `/api/v1/t/${slug}/programs/first-year-peers-2026/forms/mentor`, form);
    await asOwner("PATCH", `/api/v1/t/${slug}/settings`, { allowedEmbedOrigins: [site] });
    const guardianEmail = "ana.park@family.example";
    for (const [role, answers] of [
      ["mentee", { first_name: "Ava", last_name: "Chen", email: "ava.chen@students.example", date_of_birth: "2007-02-14", school: "Riverside High", year: 1 }],
      ["mentor", { first_name: "Ben", last_name: "Okafor", email: "ben.okafor@students.example", school: "Hillcrest", year: 3 }],
      // Under the program's age of 16: waits for a guardian's consent.
      ["mentee", { first_name: "Leo", last_name: "Park", email: "leo.park@students.example", date_of_birth: "2013-05-01", guardian_name: "Ana Park", guardian_email: guardianEmail, school: "Hillcrest", year: 1 }],
    ] as const) {
      const applied = await fetch(`${dev.url}/api/v1/t/${slug}/join/first-year-peers-2026/${role}`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: dev.url },
        body: JSON.stringify({ answers, startedAt: Date.now() - 60_000 }),
      });
      expect(applied.status, await applied.clone().text()).toBe(201);
    }

    // 4. The program's page: settings, and the embed code for either form, copied.
    await peers.getByRole("link", { name: "First-Year Peers 2026" }).click();
    await page.waitForURL((url) => isPage(url, "/program.html") && url.searchParams.get("program") === "first-year-peers-2026");
    await page.getByRole("heading", { level: 1, name: "First-Year Peers 2026" }).waitFor();
    await expect(page.locator("#settings").textContent()).resolves.toContain("Every 14 days");
    await expect(page.locator("#settings").textContent()).resolves.toContain("Mentees under 16");
    await expect(page.getByRole("link", { name: "Matching" }).getAttribute("href")).resolves.toBe(`/matching.html?tenant=${slug}&program=first-year-peers-2026`);
    const snippet = (role: string) => `<script src="${dev.url}/embed.js" data-tenant="${slug}" data-program="first-year-peers-2026" data-role="${role}" async></script>`;
    await expect(page.getByLabel("Embed code").inputValue()).resolves.toBe(snippet("mentee"));
    await expect(page.locator("#hosted-link").getAttribute("href")).resolves.toBe(`${dev.url}/t/${slug}/p/first-year-peers-2026/join?role=mentee`);
    await page.locator('label[for="embed-role-mentor"]').click();
    await expect(page.getByLabel("Embed code").inputValue()).resolves.toBe(snippet("mentor"));
    await page.getByRole("button", { name: "Copy embed code" }).click();
    await eventually(() => page.locator("#copy-status").textContent()).toBe("Copied the embed code for the mentor form. Paste it into your website's page.");
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(snippet("mentor"));
    await eventually(() => page.locator("#origins-note").textContent()).toContain(site);
    await axeCheck("program (settings and embed)");

    // 5. Applications: filter, search, read the answers, decide.
    await eventually(() => applicantNames()).toEqual(["Ava Chen", "Ben Okafor", "Leo Park"]);
    await page.getByLabel("Role", { exact: true }).selectOption("mentee");
    await eventually(() => applicantNames()).toEqual(["Ava Chen", "Leo Park"]);
    await page.getByLabel("Role", { exact: true }).selectOption("");
    await page.getByLabel("Search").fill("okaf");
    await eventually(() => applicantNames()).toEqual(["Ben Okafor"]);
    await expect(page.locator("#export").getAttribute("href")).resolves.toBe(`/api/v1/t/${slug}/programs/first-year-peers-2026/applications/export?search=okaf`);
    await page.getByLabel("Search").fill("");
    await eventually(() => applicantNames()).toEqual(["Ava Chen", "Ben Okafor", "Leo Park"]);

    await page.getByRole("button", { name: "Answers of Ava Chen" }).click();
    await expect(page.getByRole("button", { name: "Answers of Ava Chen" }).getAttribute("aria-expanded")).resolves.toBe("true");
    await expect(page.locator("#apps-body .details-row:not([hidden])").textContent()).resolves.toContain("Which school do you go to?Riverside High");

    // Nothing selected: the page says what to do.
    await page.getByRole("button", { name: "Approve" }).click();
    await eventually(() => page.locator("#apps-status").textContent()).toContain("Select at least one application first");
    // All of them, from the keyboard: Leo waits for consent, so the API refuses the lot and the page says why.
    await page.getByLabel("Select all applications on this page").focus();
    await page.keyboard.press("Space");
    await expect(page.locator("#selected-count").textContent()).resolves.toBe("3 selected");
    await page.getByRole("button", { name: "Approve" }).click();
    await eventually(() => page.locator("#apps-status").textContent()).toContain("1 of these cannot be decided yet");
    await expect(page.locator("#apps-status").textContent()).resolves.toContain("Leave out: Leo Park (waiting for consent).");
    await expect(page.locator("#apps-body tr[data-application] .badge").allTextContents()).resolves.toEqual(["To review", "To review", "Waiting for consent"]);
    await axeCheck("program (decision refused)");
    await page.getByLabel("Select all applications on this page").uncheck();
    await expect(page.locator("#selected-count").textContent()).resolves.toBe("None selected");

    // Leo's guardian is asked again.
    await eventually(() => page.locator("#consent-text").textContent()).toContain("1 application is waiting for a guardian's consent.");
    await page.getByRole("button", { name: "Send consent requests" }).click();
    await eventually(() => page.locator("#apps-status").textContent()).toBe("Sending 1 consent request to guardians now.");
    await expect
      .poll(async () => ((await (await fetch(`${dev.url}/api/v1/dev/outbox?to=${encodeURIComponent(guardianEmail)}`)).json()) as { emails: unknown[] }).emails.length, { timeout: 20_000 })
      .toBe(2);

    // One by one: approve Ava from the keyboard, reject Ben.
    await page.getByLabel("Select Ava Chen").focus();
    await page.keyboard.press("Space");
    await expect(page.locator("#selected-count").textContent()).resolves.toBe("1 selected");
    await page.getByRole("button", { name: "Approve" }).focus();
    await page.keyboard.press("Enter");
    await eventually(() => page.locator("#apps-status").textContent()).toBe("Approved 1 application.");
    await page.getByLabel("Select Ben Okafor").check();
    await page.getByRole("button", { name: "Reject" }).click();
    await eventually(() => page.locator("#apps-status").textContent()).toBe("Rejected 1 application.");
    const statuses = () => page.locator("#apps-body tr[data-application] .badge").allTextContents();
    await eventually(statuses).toEqual(["Approved", "Rejected", "Waiting for consent"]);
    await page.getByLabel("Status").selectOption("approved");
    await eventually(() => applicantNames()).toEqual(["Ava Chen"]);
    await page.getByLabel("Status").selectOption("");
    await eventually(() => applicantNames()).toEqual(["Ava Chen", "Ben Okafor", "Leo Park"]);
    await axeCheck("program (applications)");
    await page.locator("#applications").scrollIntoViewIfNeeded();
    await screenshot(page, "program-applications", { docs: true });

    // 6. Export: the CSV has both, with their decisions.
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export").click()]);
    expect(download.suggestedFilename()).toBe("first-year-peers-2026-applications.csv");
    const csv = readFileSync((await download.path())!, "utf8");
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe("role,status,first_name,last_name,email,submitted_at,date_of_birth,school,year,guardian_name,guardian_email");
    expect(lines).toHaveLength(4);
    expect(csv).toMatch(/mentee,approved,Ava,Chen,ava\.chen@students\.example,[^,]+,2007-02-14,Riverside High,1,,/);
    expect(csv).toMatch(/mentor,rejected,Ben,Okafor,ben\.okafor@students\.example,[^,]+,,Hillcrest,3,,/);
    expect(csv).toContain("mentee,pending_consent,Leo,Park");

    // 7. Import four mentees: "Campus" needs mapping to the school question; one row has a bad email.
    const file = [
      "First name,Last name,Email,Date of birth,Campus,Year",
      "Cleo,Diaz,cleo.diaz@students.example,2007-03-02,Riverside High,1",
      "Dev,Patel,dev.patel@students.example,2006-11-20,Hillcrest,2",
      "Emi,Sato,emi.sato@students.example,2007-07-09,Riverside High,1",
      "Finn,Moss,not-an-email,2006-01-15,Hillcrest,2",
    ].join("\n");
    await page.getByLabel("They are").selectOption("mentee");
    await page.getByLabel("CSV file").setInputFiles({ name: "new-students.csv", mimeType: "text/csv", buffer: Buffer.from(file) });
    await page.getByRole("button", { name: "Check the file" }).click();
    await eventually(() => page.locator("#unmapped").textContent()).toContain("Which school do you go to?");
    await expect(page.getByLabel("Column First name").inputValue()).resolves.toBe("first_name");
    await expect(page.getByLabel("Column Campus").inputValue()).resolves.toBe("");
    await expect(page.locator("#import-status").textContent()).resolves.toContain("Some required questions have no column yet");
    await axeCheck("program (import, unmapped)");
    await page.getByLabel("Column Campus").selectOption("school");
    await eventually(() => page.locator("#unmapped").isHidden()).toBe(true);
    await eventually(() => page.locator("#preview-summary").textContent()).toBe(
      "4 rows in the file: 3 would be new, 0 would update earlier applications, 1 would be refused. Refused rows are left out; the others are imported together.",
    );
    await expect(page.locator("#refused-preview tbody").textContent()).resolves.toContain("5not-an-email");
    await expect(page.locator("#refused-preview tbody").textContent()).resolves.toContain("Email:");
    await expect(page.locator("#preview-body tr").count()).resolves.toBe(4);
    await axeCheck("program (import preview)");
    await page.locator("#import-preview").scrollIntoViewIfNeeded();
    await screenshot(page, "program-import-preview", { docs: true });

    await page.getByRole("button", { name: "Import 3 rows" }).click();
    await page.getByRole("heading", { name: "Import finished" }).waitFor();
    await expect(page.locator("#result-summary").textContent()).resolves.toContain("3 created, 0 updated, 1 refused.");
    await expect(page.locator("#result-refused").textContent()).resolves.toContain("not-an-email");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("result-title");
    // Imported rows share one moment, so their order among themselves is not fixed.
    await eventually(async () => (await applicantNames()).sort()).toEqual(["Ava Chen", "Ben Okafor", "Cleo Diaz", "Dev Patel", "Emi Sato", "Leo Park"]);
    await expect(page.locator("#apps-caption").textContent()).resolves.toBe("Applications: 1–6 of 6");
    await axeCheck("program (import finished)");

    // 8. On a phone, nothing but the tables' own regions scrolls sideways.
    await page.setViewportSize({ width: 375, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await axeCheck("program (phone)");
    await screenshot(page, "program-phone");
    await page.goto(`${dev.url}/programs.html?tenant=${slug}`);
    await page.getByRole("heading", { level: 1, name: "Programs" }).waitFor();
    await page.locator('li[data-program="first-year-peers-2026"] .program-counts').filter({ hasText: "applications" }).waitFor();
    await expect(page.locator('li[data-program="first-year-peers-2026"] .program-counts').textContent()).resolves.toBe("6 applications · 3 to review");
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await screenshot(page, "programs-phone");

    // 9. A viewer (the same session, told it is a viewer) reads the program but does not run it;
    // the settings they may not read become a note that says whom to ask.
    await page.setViewportSize({ width: 1100, height: 800 });
    await page.route("**/api/v1/me", async (route) => {
      const response = await route.fetch();
      const me = (await response.json()) as { memberships: { role: string }[] };
      await route.fulfill({ response, json: { ...me, memberships: me.memberships.map((membership) => ({ ...membership, role: "viewer" })) } });
    });
    await page.route("**/api/v1/t/*/settings", (route) =>
      route.fulfill({ status: 403, contentType: "application/problem+json", body: JSON.stringify({ type: "about:blank", title: "Forbidden", status: 403, detail: "Your role may not do this." }) }),
    );
    await page.goto(`${dev.url}/program.html?tenant=${slug}&program=first-year-peers-2026`);
    await page.getByRole("heading", { level: 1, name: "First-Year Peers 2026" }).waitFor();
    await eventually(() => page.locator("#origins-note").textContent()).toContain("Only your institution's owners and admins can see which websites may show the form.");
    await expect(page.locator("#applications").isHidden()).resolves.toBe(true);
    await expect(page.locator("#import").isHidden()).resolves.toBe(true);
    await expect(page.locator("#viewer-note").isVisible()).resolves.toBe(true);
    await expect(page.locator("[data-move]").count()).resolves.toBe(0);
    await axeCheck("program (viewer)");
    await page.goto(`${dev.url}/programs.html?tenant=${slug}`);
    await page.getByRole("heading", { level: 1, name: "Programs" }).waitFor();
    await expect(page.locator("#program-list > li").count()).resolves.toBe(2);
    await expect(page.locator("#create").isHidden()).resolves.toBe(true);
    await expect(page.locator("#program-list button").count()).resolves.toBe(0);
    await axeCheck("programs (viewer)");

    // No page hit a script error, a CSP refusal or a missing asset.
    expect(watch.problems).toEqual([]);
  });
});
