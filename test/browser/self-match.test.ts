/**
 * Self-match in a real browser on the real dev runner: an approved mentee
 * chooses a mentor on their status page and sends a request with a message;
 * the mentor accepts from the emailed link; the mentee then sees their match.
 * The program is set up through the API as a coordinator would; axe checks
 * each page, by keyboard-reachable roles and names.
 */
import type { Page } from "playwright-core";
import { describe, expect, it, onTestFailed } from "vitest";
import { screenshot } from "./browser.js";
import { emailsTo, requireLinkTo, StaffClient, useDevAndBrowser } from "./harness.js";

const harness = useDevAndBrowser("self-match", { context: { viewport: { width: 1000, height: 900 }, locale: "en-US" } });
const { dev } = harness;

/** The API as a signed-in coordinator (or anyone, before sign-in), from Node. */
const staff = new StaffClient(dev);
const call = (method: string, path: string, body?: unknown) => staff.call(method, path, body);

/** The newest link to `to` containing `pathPart`, on this run's server. */
const newestLink = (to: string, pathPart: string) => requireLinkTo(dev, to, pathPart, { limit: 1 });

async function openChecked(url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await harness.openPage(url, url);
  return { page, problems: harness.watchOf(page).problems };
}

const expectAccessible = harness.axeCheck;

const answers = (overrides: Record<string, unknown>) => ({
  major: "biology",
  year: 1,
  goals: ["study_habits"],
  interests: ["music", "hiking"],
  availability: ["mon_evening"],
  languages: ["en"],
  bio: "I like music and hiking.",
  ...overrides,
});

describe("self-match pages", () => {
  it("let a mentee choose a mentor and the mentor accept", async () => {
    onTestFailed(() => console.error(`dev output (tail):\n${dev.output().slice(-6000)}`));
    const tag = crypto.randomUUID().slice(0, 6);
    const slug = `self-${tag}`;
    const ownerEmail = `owner-${tag}@example.test`;
    await call("POST", "/api/v1/signup", {
      institution: { name: "Riverside College", slug, kind: "university", timezone: "America/Chicago" },
      admin: { name: "Olive Owner", email: ownerEmail },
    });
    const verify = new URL(await newestLink(ownerEmail, "/auth/verify.html"));
    await call("POST", "/api/v1/auth/verify", { token: verify.searchParams.get("token") });

    const program = "peer-mentors";
    await call("POST", `/api/v1/t/${slug}/programs`, { name: "Peer Mentors", slug: program, type: "peer", mentorCapacity: 2 });
    await call("POST", `/api/v1/t/${slug}/programs/${program}/status`, { status: "enrolling" });
    const apply = async (role: "mentor" | "mentee", first: string, extra: Record<string, unknown>) => {
      const email = `${first.toLowerCase()}-${tag}@example.test`;
      const result = await call("POST", `/api/v1/t/${slug}/join/${program}/${role}`, {
        answers: { first_name: first, last_name: "Okafor", email, ...answers({ year: role === "mentor" ? 3 : 1, ...extra }) },
        startedAt: Date.now() - 60_000,
      });
      return { id: result.application.id as string, email };
    };
    const bianca = await apply("mentor", "Bianca", { bio: "Biology senior who loves music and hiking." });
    const paul = await apply("mentor", "Paul", { major: "history", interests: ["chess"], bio: "History, chess." });
    const maya = await apply("mentee", "Maya", {});
    await call("POST", `/api/v1/t/${slug}/programs/${program}/applications/decisions`, { ids: [bianca.id, paul.id, maya.id], decision: "approved" });
    await call("PUT", `/api/v1/t/${slug}/programs/${program}/matching/settings`, { mode: "self_match" });

    // The mentee chooses.
    const mentee = await openChecked(await newestLink(maya.email, "/applications/status"));
    await mentee.page.getByRole("heading", { name: "Choose your mentor" }).waitFor();
    await expect.poll(() => mentee.page.locator(".suggestion h3").allTextContents()).toEqual(["Bianca O.", "Paul O."]);
    expect(await mentee.page.locator("#next-step").textContent()).toContain("you choose your mentor yourself");
    const first = mentee.page.locator(".suggestion").first();
    expect(await first.textContent()).toContain("you both chose Music, Hiking");
    expect(await first.textContent()).toContain("Biology senior who loves music and hiking.");
    await expectAccessible(mentee.page, "status page (choosing)");
    await screenshot(mentee.page, "self-match-choosing");

    await mentee.page.getByRole("button", { name: "Request Bianca O." }).click();
    const message = mentee.page.getByLabel("A message for Bianca O. (optional)");
    // The form opens with the message field focused, so keyboard users type straight away.
    await expect.poll(() => mentee.page.evaluate(() => document.activeElement?.tagName)).toBe("TEXTAREA");
    await message.fill("Hi Bianca! I'd love help with study habits.");
    await expectAccessible(mentee.page, "status page (request form)");
    await mentee.page.getByRole("button", { name: "Send request" }).click();
    await expect.poll(() => mentee.page.locator("#status").textContent()).toContain("We have sent your request to Bianca O.");
    expect(await mentee.page.locator("#self-match-intro").textContent()).toContain("You asked Bianca O. to be your mentor");
    expect(await mentee.page.evaluate(() => document.activeElement?.id)).toBe("self-match-title");
    await expect.poll(() => mentee.page.getByRole("button", { name: "Withdraw my request" }).isVisible()).toBe(true);
    await expectAccessible(mentee.page, "status page (waiting)");
    await screenshot(mentee.page, "self-match-waiting");
    expect(mentee.problems).toEqual([]);

    // The coordinator sees the request waiting on the program's matching page.
    const coordinator = await harness.newPage("coordinator");
    const coordinatorWatch = harness.watchOf(coordinator);
    await call("POST", "/api/v1/auth/sign-in-link", { email: ownerEmail, next: `/matching.html?tenant=${slug}&program=${program}` });
    await coordinator.goto(await newestLink(ownerEmail, "/auth/verify.html"));
    // Static assets drop the .html from the address.
    await coordinator.waitForURL((url) => url.pathname === "/matching" || url.pathname === "/matching.html", { timeout: 20_000 });
    await expect.poll(() => coordinator.locator("#self-match").isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => coordinator.locator("#self-match-pending-rows").textContent()).toContain("Maya Okafor");
    expect(await coordinator.locator("#self-match-pending-rows").textContent()).toContain("Bianca Okafor");
    expect(await coordinator.locator("#self-match-paused-empty").isVisible()).toBe(true);
    await expectAccessible(coordinator, "matching page (self-match overview)");
    expect(coordinatorWatch.problems).toEqual([]);
    await coordinator.context().close();

    // The mentor answers from the emailed link.
    const respondLink = await newestLink(bianca.email, "/self-match-respond.html");
    const mentor = await openChecked(respondLink);
    await mentor.page.getByRole("heading", { name: "Would you like to mentor Maya?" }).waitFor();
    expect(await mentor.page.locator("#message").textContent()).toBe("Hi Bianca! I'd love help with study habits.");
    expect(await mentor.page.locator("#common").textContent()).toContain("Music, Hiking");
    await expectAccessible(mentor.page, "respond page");
    await screenshot(mentor.page, "self-match-respond");
    await mentor.page.getByRole("button", { name: "Accept" }).click();
    await mentor.page.getByRole("heading", { name: "You are now their mentor" }).waitFor();
    expect(await mentor.page.evaluate(() => document.activeElement?.id)).toBe("accepted-title");
    await expectAccessible(mentor.page, "respond page (accepted)");
    expect(mentor.problems).toEqual([]);

    // The mentee sees the match, and the introduction arrives from the job queue.
    await mentee.page.reload();
    await mentee.page.getByRole("heading", { name: "Your mentor" }).waitFor();
    expect(await mentee.page.locator("#self-match-intro").textContent()).toContain("You and Bianca O. are matched");
    await expectAccessible(mentee.page, "status page (matched)");
    await expect
      .poll(async () => (await emailsTo(dev, maya.email, 1))[0]?.kind, { timeout: 45_000, interval: 250 })
      .toBe("match.introduction");

    // Opening the answered link again says so.
    const again = await openChecked(respondLink);
    await again.page.getByRole("heading", { name: "This request can't be answered here" }).waitFor();
    expect(await again.page.locator("#failed-detail").textContent()).toMatch(/already accepted/);
    await expectAccessible(again.page, "respond page (answered)");
  });

  it("say what to do next when a mentor's link cannot be used", async () => {
    const respond = await openChecked(`${dev.url}/self-match-respond.html?tenant=demo&token=${"x".repeat(40)}`);
    await respond.page.getByRole("heading", { name: "This request can't be answered here" }).waitFor();
    await expectAccessible(respond.page, "respond page (bad link)");
    const resume = await openChecked(`${dev.url}/self-match-resume.html?tenant=demo&token=${crypto.randomUUID()}.${"A".repeat(43)}`);
    await resume.page.getByRole("heading", { name: "This link can't be used" }).waitFor();
    expect(await resume.page.locator("#failed-detail").textContent()).toMatch(/not recognised or was already used/);
    await expectAccessible(resume.page, "resume page (bad link)");
    expect([...respond.problems, ...resume.problems]).toEqual([]);
  });
});
