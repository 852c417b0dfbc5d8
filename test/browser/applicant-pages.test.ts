/**
 * The pages for people without accounts, in a real browser on the real dev
 * runner: a guardian consents from the emailed link, then the applicant sees
 * the application go to review, changes an answer, and withdraws it. Another
 * guardian opens their receipt's manage link (the token in the fragment, moved
 * out of the address at once and kept for reloads), withdraws consent, and on
 * reopening the link is told how to consent again. Uses the seeded demo
 * institution's enrolling youth program; axe checks each page.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { screenshot } from "./browser.js";
import { emailsTo, useDevAndBrowser } from "./harness.js";

const harness = useDevAndBrowser("applicant", { context: { viewport: { width: 1000, height: 900 }, locale: "en-US" } });
const { dev } = harness;

async function newestLink(to: string, pathPart: string): Promise<string> {
  const link = (await emailsTo(dev, to, 1))[0]?.links.find((candidate) => candidate.includes(pathPart));
  if (!link) throw new Error(`no ${pathPart} link for ${to}`);
  return link;
}

async function openChecked(url: string, label: string): Promise<{ page: Page; problems: string[] }> {
  const page = await harness.openPage(label, url);
  return { page, problems: harness.watchOf(page).problems };
}

/** The focused element inside the edit form's shadow root: its id, or its text. */
function focusedInForm(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const focused = document.querySelector("tandem-enrollment")?.shadowRoot?.activeElement;
    return focused?.id || focused?.textContent || undefined;
  });
}

const expectAccessible = harness.axeCheck;

describe("applicant and guardian pages", () => {
  it("take a minor's application from consent to review, then to withdrawn", async () => {
    const tag = crypto.randomUUID().slice(0, 6);
    const applicant = `leo-${tag}@example.test`;
    const guardian = `ana-${tag}@example.test`;
    const applied = await fetch(`${dev.url}/api/v1/t/demo/join/northbridge-youth-mentoring/mentee`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: dev.url },
      body: JSON.stringify({
        answers: {
          first_name: "Leo",
          last_name: "Park",
          email: applicant,
          date_of_birth: "2012-05-01",
          guardian_name: "Ana Park",
          guardian_email: guardian,
          interests: ["music"],
          languages: ["en"],
          location: "Riverside",
          modality: "in_person",
          availability: ["sat_morning"],
          school: "Riverside High",
          bio: "I like drawing comics.",
        },
        startedAt: Date.now() - 60_000,
      }),
    });
    expect(applied.status, await applied.clone().text()).toBe(201);

    // The guardian reads the program and signs.
    const consent = await openChecked(await newestLink(guardian, "/consent.html"), "consent");
    await expect.poll(() => consent.page.locator("#consent-form").isVisible()).toBe(true);
    await expect.poll(() => consent.page.locator("#program-intro").textContent()).toContain("Leo Park applied to");
    await expectAccessible(consent.page, "consent");
    await consent.page.getByRole("button", { name: "Give consent" }).click();
    await expect.poll(() => consent.page.locator("#signature").getAttribute("aria-invalid")).toBe("true");
    await consent.page.getByLabel(/I am Leo's parent or guardian/).check();
    await consent.page.getByLabel("Type your full name as your signature").fill("Ana Park");
    await consent.page.getByRole("button", { name: "Give consent" }).click();
    await expect.poll(() => consent.page.locator("#done").isVisible()).toBe(true);
    await screenshot(consent.page, "guardian-consent-done");
    expect(consent.problems).toEqual([]);

    // The applicant sees it under review, and withdraws.
    const status = await openChecked(await newestLink(applicant, "/applications/status"), "application status");
    await expect.poll(() => status.page.locator("#summary").textContent()).toContain("has been received");
    // Answers read as the form asked them, not as stored codes.
    expect(await status.page.locator("#answers").textContent()).toContain("Saturday morning");
    await expectAccessible(status.page, "application status");
    await screenshot(status.page, "application-status");

    // The applicant changes an answer: the form opens filled in, with the email fixed.
    await status.page.getByRole("button", { name: "Edit my answers" }).click();
    await status.page.getByRole("heading", { name: "Change your answers" }).waitFor();
    expect(await focusedInForm(status.page)).toBe("tw-title");
    expect(await status.page.getByLabel("First name").inputValue()).toBe("Leo");
    expect(await status.page.getByRole("checkbox", { name: "Saturday, Morning" }).isChecked()).toBe(true);
    const email = status.page.getByLabel("Email address", { exact: true });
    expect([await email.inputValue(), await email.getAttribute("readonly")]).toEqual([applicant, ""]);
    await expectAccessible(status.page, "application status (editing)");
    await screenshot(status.page, "application-status-editing");

    // Something only the server can catch: the guardian's address must not be the applicant's. It says so on the field, and changes nothing.
    const guardianEmail = status.page.getByLabel("Parent or guardian's email address");
    await guardianEmail.fill(applicant);
    await status.page.getByLabel("Tell us about yourself").fill("I like drawing comics and graphic novels.");
    await status.page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => status.page.locator("#tw-guardian_email-err").textContent(), { timeout: 15_000 }).toBe("Must be the parent's or guardian's own email address, not the applicant's.");
    expect(await guardianEmail.getAttribute("aria-invalid")).toBe("true");
    // Focus goes to the list of problems, which links to the field.
    expect(await focusedInForm(status.page)).toMatch(/^There is a problem/);
    await expectAccessible(status.page, "application status (edit refused)");
    await screenshot(status.page, "application-status-edit-errors");

    await guardianEmail.fill(guardian);
    await status.page.getByRole("button", { name: "Save changes" }).click();
    await expect.poll(() => status.page.locator("#status").textContent(), { timeout: 15_000 }).toContain("Your changes are saved.");
    expect(await status.page.locator("#answers").textContent()).toContain("I like drawing comics and graphic novels.");
    expect(await status.page.locator("#summary").textContent()).toContain("has been received");
    expect(await status.page.evaluate(() => document.activeElement?.id)).toBe("application-title");
    await expectAccessible(status.page, "application status (edited)");

    status.page.once("dialog", (dialog) => void dialog.accept());
    await status.page.getByRole("button", { name: "Withdraw my application" }).click();
    await expect.poll(() => status.page.locator("#summary").textContent()).toContain("has been withdrawn");
    expect(await status.page.getByRole("button", { name: "Withdraw my application" }).isVisible()).toBe(false);
    expect(await status.page.getByRole("button", { name: "Edit my answers" }).isVisible()).toBe(false);
    expect(status.problems).toEqual([]);
  });

  it("let a guardian see and withdraw their consent from the receipt's link, keeping its token out of the address", async () => {
    const tag = crypto.randomUUID().slice(0, 6);
    const guardian = `mia-${tag}@example.test`;
    const post = (path: string, body: unknown) =>
      fetch(`${dev.url}/api/v1/t/demo${path}`, { method: "POST", headers: { "content-type": "application/json", origin: dev.url }, body: JSON.stringify(body) });
    const applied = await post("/join/northbridge-youth-mentoring/mentee", {
      answers: {
        first_name: "Nia",
        last_name: "Moss",
        email: `nia-${tag}@example.test`,
        date_of_birth: "2012-03-01",
        guardian_name: "Mia Moss",
        guardian_email: guardian,
        interests: ["music"],
        languages: ["en"],
        location: "Riverside",
        modality: "in_person",
        availability: ["sat_morning"],
        school: "Riverside High",
        bio: "I like football.",
      },
      startedAt: Date.now() - 60_000,
    });
    expect(applied.status, await applied.clone().text()).toBe(201);
    const request = new URL(await newestLink(guardian, "/consent.html"));
    const consented = await post("/consent", { token: request.searchParams.get("token"), signature: "Mia Moss", consent: true });
    expect(consented.status, await consented.clone().text()).toBe(200);

    // The receipt's link carries its token in the fragment, which no server sees.
    await expect.poll(async () => new URL(await newestLink(guardian, "/consent.html")).hash, { timeout: 15_000 }).toMatch(/^#manage=/);
    const receipt = await newestLink(guardian, "/consent.html");
    const link = new URL(receipt);
    expect([...link.searchParams.keys()]).toEqual(["tenant"]);
    const token = new URLSearchParams(link.hash.slice(1)).get("manage") ?? "";
    expect(token.length).toBeGreaterThan(20);

    const manage = await openChecked(receipt, "manage consent");
    await expect.poll(() => manage.page.locator("#record-state").textContent(), { timeout: 15_000 }).toMatch(/^Given: Nia takes part in /);
    // Out of the address bar (history, bookmarks, a later Referer) at once; a reload still works.
    expect(manage.page.url()).not.toContain(token);
    expect(new URL(manage.page.url()).hash).toBe("");
    await manage.page.reload();
    await expect.poll(() => manage.page.locator("#record-state").textContent(), { timeout: 15_000 }).toMatch(/^Given: Nia takes part in /);
    await expect(manage.page.locator("#record-again").isVisible()).resolves.toBe(false);
    await expectAccessible(manage.page, "manage consent");

    await manage.page.getByLabel("I withdraw my consent for Nia to take part in").check();
    await manage.page.getByRole("button", { name: "Withdraw consent" }).click();
    await manage.page.getByRole("heading", { name: "Your consent is withdrawn" }).waitFor({ timeout: 15_000 });
    await expect(manage.page.locator("#record-state").textContent()).resolves.toMatch(/^Withdrawn on /);
    await expect(manage.page.locator("#record-again").textContent()).resolves.toBe("To consent again, ask the program's coordinator to send you a new consent request.");
    expect(manage.problems).toEqual([]);

    // Opened again later: the record, withdrawn, and how to consent again; nothing to withdraw.
    const again = await openChecked(receipt, "manage consent (withdrawn)");
    await expect.poll(() => again.page.locator("#record-state").textContent(), { timeout: 15_000 }).toMatch(/^Withdrawn on /);
    await expect(again.page.locator("#record-again").isVisible()).resolves.toBe(true);
    await expect(again.page.locator("#record-again").textContent()).resolves.toBe("To consent again, ask the program's coordinator to send you a new consent request.");
    await expect(again.page.locator("#withdraw-form").isVisible()).resolves.toBe(false);
    await expectAccessible(again.page, "manage consent (withdrawn)");
    expect(again.problems).toEqual([]);
  });

  it("say what to do next when a link cannot be used", async () => {
    const consent = await openChecked(`${dev.url}/consent.html?tenant=demo&token=${"x".repeat(40)}`, "consent, bad link");
    await expect.poll(() => consent.page.locator("#failed").isVisible()).toBe(true);
    await expectAccessible(consent.page, "consent, bad link");
    const status = await openChecked(`${dev.url}/t/demo/applications/status?token=${"y".repeat(40)}`, "status, bad link");
    await expect.poll(() => status.page.locator("#failed").isVisible()).toBe(true);
    await expectAccessible(status.page, "status, bad link");
  });
});
