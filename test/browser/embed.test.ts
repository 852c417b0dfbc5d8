/// <reference lib="dom" />
/**
 * The embeddable enrollment form (/embed.js), in a real browser against the
 * real `pnpm dev` runner: an institution allows one website to show its form;
 * a plain page on that website (another port on 127.0.0.1) holds only the
 * snippet. There the form renders in a shadow root, checks required answers,
 * shows the server's errors on their fields, and sends a valid application.
 * On a website the institution did not allow, the form explains and stores
 * nothing. Also: the host page's CSS stays out, Spanish pages get Spanish, a
 * closed program says so, the hosted form page works under our CSP, an
 * institution's Turnstile widget guards the form, and the script stays small.
 */
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PageWatch, REPO_ROOT, screenshot } from "./browser.js";
import { emailsTo as outboxEmailsTo, StaffClient, useDevAndBrowser, waitForEmail as outboxWaitForEmail } from "./harness.js";
import { startWebsite } from "./story-helpers.js";
import { startTurnstileVerifier, TURNSTILE_DUMMY_TOKEN, TURNSTILE_FAIL_SECRET, TURNSTILE_PASS_SECRET } from "../stand-ins/turnstile.js";

const WIDGET_PATH = join(REPO_ROOT, "workers/app/public/embed.js");
const WIDGET_GZIP_BUDGET = 15 * 1024;
const BRAND = { hex: "#7a1f5c", rgb: "rgb(122, 31, 92)" };
/** A logo that can never load (.invalid never resolves): the widget must hide it, not show a broken image. */
const LOGO_URL = "https://logo.invalid/harbor.png";

let turnstileVerifier: Awaited<ReturnType<typeof startTurnstileVerifier>> | undefined;
const harness = useDevAndBrowser("embed", {
  // No network to Cloudflare here: the Worker asks a local siteverify stand-in instead.
  env: async () => {
    turnstileVerifier = await startTurnstileVerifier();
    return { TURNSTILE_VERIFY_URL: turnstileVerifier.url };
  },
  context: { viewport: { width: 1000, height: 800 }, locale: "en-US", timezoneId: "America/Los_Angeles" },
});
const { dev, axeCheck } = harness;
const hostSites: Server[] = [];
/** The institution's website (allowed to embed) and someone else's (not allowed). */
let allowedSite: string;
let otherSite: string;
/** The institution's signed-in owner, for changing settings during the tests. */
let staff: StaffClient;

const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
const slug = `harbor-${suffix}`;
const adminEmail = "dana@harbor.example";

const emailsTo = (to: string) => outboxEmailsTo(dev, to);

/** Waits for an email of `kind` to `to`, as a person waits for mail. */
const waitForEmail = (to: string, kind: string) => outboxWaitForEmail(dev, to, (email) => email.kind === kind, 20_000);

/** Signs up the institution, signs its owner in from the emailed link, and opens a peer program for enrollment. */
async function setUpInstitution(): Promise<void> {
  staff = new StaffClient(dev);
  await staff.expectOk("POST", "/api/v1/signup", {
    institution: { name: "Harbor Mentors", slug, kind: "community_org", timezone: "America/Los_Angeles" },
    admin: { name: "Dana Whitfield", email: adminEmail },
  });
  const signIn = await waitForEmail(adminEmail, "auth.signup_confirmation");
  const link = signIn.links.find((candidate) => candidate.includes("/auth/verify.html"));
  const token = new URL(link!).searchParams.get("token");
  await staff.expectOk("POST", "/api/v1/auth/verify", { token });

  await staff.expectOk("POST", `/api/v1/t/${slug}/programs`, { name: "First-Year Peers", slug: "peers", type: "peer" });
  await staff.expectOk("POST", `/api/v1/t/${slug}/programs/peers/status`, { status: "enrolling" });
  // A draft: not taking applications.
  await staff.expectOk("POST", `/api/v1/t/${slug}/programs`, { name: "Spring Peers", slug: "spring", type: "peer" });
  await staff.expectOk("PATCH", `/api/v1/t/${slug}/settings`, { allowedEmbedOrigins: [allowedSite], brandColor: BRAND.hex, logoUrl: LOGO_URL });
}

/** The snippet a school web developer pastes. */
function snippet(program = "peers", role = "mentee"): string {
  return `<script src="${dev.url}/embed.js" data-tenant="${slug}" data-program="${program}" data-role="${role}" async></script>`;
}

function htmlPage(body: string, options: { lang?: string; head?: string } = {}): string {
  return `<!doctype html>\n<html lang="${options.lang ?? "en"}">\n<head><meta charset="utf-8"><title>Harbor Mentors — Join</title>${options.head ?? ""}</head>\n<body>\n${body}\n</body>\n</html>\n`;
}

/** The pages of a website on 127.0.0.1: each holds the snippet, some with a twist. */
function hostPages(): Record<string, string> {
  return {
    "/": htmlPage(snippet()),
    "/hostile-css": htmlPage(`<p id="host-text">The host page's own text.</p>\n${snippet()}`, {
      head: "<style>* { color: red !important; font-size: 40px !important; font-family: serif !important; letter-spacing: 4px !important; } button { background: lime !important; }</style>",
    }),
    "/es": htmlPage(snippet(), { lang: "es" }),
    "/closed": htmlPage(snippet("spring")),
  };
}

async function startHostSite(): Promise<string> {
  const site = await startWebsite(hostPages());
  hostSites.push(site.server);
  return site.url;
}

beforeAll(async () => {
  [allowedSite, otherSite] = [await startHostSite(), await startHostSite()];
  await setUpInstitution();
});

afterAll(async () => {
  for (const server of hostSites) server.close();
  await turnstileVerifier?.close();
});

const openPage = (label: string, url: string, options: { locale?: string } = {}) => harness.openPage(label, url, options);

/** The element focused inside the widget's shadow root: its id, or its text when it has none. */
function focusedInWidget(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const focused = document.querySelector("tandem-enrollment")?.shadowRoot?.activeElement;
    return focused?.id || focused?.textContent || undefined;
  });
}

/** What the page showed, and what went wrong in it, when a test fails. */
const explainFailures = () => harness.explainFailures({ prefix: "failed-embed", selector: "tandem-enrollment .tw", missing: "(no widget)" });

const TURNSTILE_SITE_KEY = "1x00000000000000000000AA";

/**
 * A stand-in for Cloudflare's Turnstile script. The tests have no network to
 * Cloudflare (and real Turnstile treats a headless browser as a bot), so the
 * browser is answered with this instead: `turnstile.render` draws a labelled
 * checkbox that hands over Cloudflare's documented dummy token when checked,
 * and `reset` clears it, as the real widget's API does.
 */
const FAKE_TURNSTILE = `
window.turnstile = {
  render(container, options) {
    const id = "fake-turnstile-" + Math.random().toString(36).slice(2);
    const box = document.createElement("input");
    box.type = "checkbox";
    box.id = id;
    box.addEventListener("change", () => box.checked && options.callback("${TURNSTILE_DUMMY_TOKEN}"));
    const label = document.createElement("label");
    label.htmlFor = id;
    label.append(box, " I am human (test stand-in for Turnstile)");
    container.append(label);
    return id;
  },
  reset(id) {
    const box = document.getElementById(id);
    if (box) box.checked = false;
  },
  remove() {},
};`;

/** Opens a page whose requests for Turnstile's script get the stand-in, or fail as a blocked network would. */
async function openWithTurnstile(label: string, url: string, options: { blockTurnstile?: boolean } = {}): Promise<Page> {
  const context = await harness.newContext();
  await context.route("https://challenges.cloudflare.com/turnstile/v0/api.js*", (route) =>
    options.blockTurnstile ? route.abort("internetdisconnected") : route.fulfill({ contentType: "text/javascript", body: FAKE_TURNSTILE }),
  );
  const page = await harness.newPage(label, context);
  await page.goto(url);
  return page;
}

/** The problems a page had, less the logo that is meant to fail. */
function problemsOf(watch: PageWatch): string[] {
  return watch.problems.filter((problem) => !problem.includes(LOGO_URL));
}

/** Answers the starter peer mentee form; `year` and `goals` may be made wrong on purpose. */
async function fillPeerMenteeForm(page: Page, email: string, answers: { year: string; goals: string[] }): Promise<void> {
  await page.getByLabel("First name").fill("Maya");
  await page.getByLabel("Last name").fill("Okafor");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("What is your intended major?").selectOption("biology");
  await page.getByLabel("Which year of study are you in?").fill(answers.year);
  const goals = page.getByRole("group", { name: "What would you like help with this year?" });
  for (const goal of answers.goals) await goals.getByLabel(goal, { exact: true }).check();
  const interests = page.getByRole("group", { name: "What are your interests?" });
  for (const interest of ["Music", "Reading"]) await interests.getByLabel(interest, { exact: true }).check();
  await page.getByRole("checkbox", { name: "Tuesday, Evening" }).check();
  await page.getByRole("checkbox", { name: "Saturday, Morning" }).check();
  await page.getByRole("group", { name: "Which languages do you speak comfortably?" }).getByLabel("English", { exact: true }).check();
  await page.getByLabel("Tell us a little about yourself").fill("First-year biology student who loves choir and running.");
}

describe("the embeddable enrollment form (issue #4)", () => {
  it("renders on the institution's website, checks answers, shows the server's errors, and sends a valid application", async () => {
    explainFailures();
    const page = await openPage("allowed website", `${allowedSite}/`);
    await page.getByRole("heading", { name: "First-Year Peers" }).waitFor();

    // Inside a shadow root right after the snippet, branded, with the broken logo removed.
    const placement = await page.evaluate(() => {
      const host = document.querySelector("tandem-enrollment");
      return { afterScript: host?.previousElementSibling?.tagName, shadow: Boolean(host?.shadowRoot?.querySelector("form")), logos: host?.shadowRoot?.querySelectorAll("img").length };
    });
    expect(placement).toEqual({ afterScript: "SCRIPT", shadow: true, logos: 0 });
    const submit = page.getByRole("button", { name: "Send application" });
    await expect(submit.evaluate((button) => getComputedStyle(button).backgroundColor)).resolves.toBe(BRAND.rgb);
    await expect(page.getByText("Apply as a mentee").count()).resolves.toBe(1);
    // The honeypot is there for bots, hidden from people and out of the tab order.
    await expect(page.locator("input[name=website]").evaluate((input) => [input.tabIndex, input.getAttribute("autocomplete"), input.closest("[aria-hidden=true]") !== null])).resolves.toEqual([-1, "off", true]);
    await axeCheck(page, "allowed website (form)");
    await screenshot(page, "embedded-form", { docs: true });

    // 1. Nothing answered: every required question says so, the summary lists them, focus goes to the first.
    await submit.click();
    await page.getByRole("heading", { name: "There is a problem" }).waitFor();
    await expect(page.locator("#tw-first_name-err").textContent()).resolves.toBe("Enter an answer.");
    await expect(page.getByLabel("First name").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.getByLabel("First name").getAttribute("aria-describedby")).resolves.toBe("tw-first_name-err");
    await expect(page.locator("#tw-goals-err").textContent()).resolves.toBe("Choose at least one.");
    await expect(page.locator("#tw-major-err").textContent()).resolves.toBe("Choose an answer.");
    await expect(page.locator(".summary li").count()).resolves.toBe(10);
    await expect(focusedInWidget(page)).resolves.toBe("tw-first_name");
    await axeCheck(page, "allowed website (required answers missing)");
    await screenshot(page, "embedded-form-required-errors");

    // The summary's links lead to their fields.
    await page.locator(".summary").getByRole("link", { name: /^Which languages/ }).click();
    await expect(focusedInWidget(page)).resolves.toBe("tw-languages-0");

    // 2. Everything answered, but the year is out of range and there are too many goals: the server says which, on the fields.
    const email = `maya-${suffix}@example.test`;
    await fillPeerMenteeForm(page, email, { year: "0", goals: ["Making friends", "Study habits", "Time management", "Budgeting"] });
    await submit.click();
    await expect.poll(() => page.locator("#tw-year-err").textContent(), { timeout: 15_000 }).toBe("Must be at least 1.");
    await expect(page.locator("#tw-goals-err").textContent()).resolves.toBe("Choose at most 3.");
    await expect(page.locator("#tw-first_name-err").isHidden()).resolves.toBe(true);
    await expect(page.getByLabel("Which year of study are you in?").getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(page.locator(".summary li").allTextContents()).resolves.toEqual([
      "Which year of study are you in? — Must be at least 1.",
      "What would you like help with this year? — Choose at most 3.",
    ]);
    await expect(focusedInWidget(page)).resolves.toBe("tw-year");
    await axeCheck(page, "allowed website (server errors)");
    await screenshot(page, "embedded-form-server-errors");
    expect(await emailsTo(email)).toEqual([]);

    // 3. Fixed: the application is received, and the confirmation email is on its way.
    await page.getByLabel("Which year of study are you in?").fill("1");
    await page.getByRole("group", { name: "What would you like help with this year?" }).getByLabel("Budgeting").uncheck();
    await submit.click();
    await page.getByRole("heading", { name: "Application sent" }).waitFor({ timeout: 15_000 });
    await expect(page.getByText("Your application was received. We emailed you a confirmation.", { exact: true }).count()).resolves.toBe(1);
    await expect(focusedInWidget(page)).resolves.toBe("Application sent");
    await waitForEmail(email, "enrollment.confirmation");
    await axeCheck(page, "allowed website (sent)");
    await screenshot(page, "embedded-form-sent");

    expect(problemsOf(harness.watchOf(page))).toEqual([]);
  });

  it("explains on a website the institution did not allow, and stores nothing from it", async () => {
    explainFailures();
    const page = await openPage("other website", `${otherSite}/`);
    await page.getByRole("heading", { name: "This form can't be shown on this website" }).waitFor();
    await expect(page.locator("tandem-enrollment .tw").innerText()).resolves.toContain(`This website (${otherSite}) may not show this institution's enrollment form.`);
    await expect(page.locator("tandem-enrollment form").count()).resolves.toBe(0);
    await expect(page.getByRole("link", { name: "Apply on Tandem instead" }).getAttribute("href")).resolves.toBe(`${dev.url}/t/${slug}/p/peers/join?role=mentee`);
    await axeCheck(page, "other website (refused)");
    await screenshot(page, "embedded-form-refused");
    expect(problemsOf(harness.watchOf(page))).toEqual([]);

    // Even a hand-made request from that website gets nowhere: the browser's preflight is refused, so the POST is never sent…
    const email = `sneaky-${suffix}@example.test`;
    const answers = { first_name: "Sam", last_name: "Lee", email, major: "biology", year: 1, goals: ["budgeting"], interests: ["music"], availability: ["mon_evening"], languages: ["en"], bio: "Hello." };
    const body = JSON.stringify({ answers, website: "", startedAt: Date.now() - 60_000 });
    const joinUrl = `${dev.url}/api/v1/t/${slug}/join/peers/mentee`;
    const fromBrowser = await page.evaluate(
      ({ url, body }) =>
        fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body }).then(
          (response) => `answered ${response.status}`,
          () => "blocked",
        ),
      { url: joinUrl, body },
    );
    expect(fromBrowser).toBe("blocked");
    // …and a script outside a browser that names that website is refused by the server itself.
    const direct = await fetch(joinUrl, { method: "POST", headers: { origin: otherSite, "content-type": "application/json" }, body });
    expect(direct.status).toBe(403);
    expect(await emailsTo(email)).toEqual([]);
  });

  it("keeps the host page's CSS out of the form", async () => {
    explainFailures();
    const page = await openPage("hostile CSS", `${allowedSite}/hostile-css`);
    await page.getByRole("heading", { name: "First-Year Peers" }).waitFor();
    const host = await page.locator("#host-text").evaluate((p) => [getComputedStyle(p).color, getComputedStyle(p).fontSize]);
    expect(host).toEqual(["rgb(255, 0, 0)", "40px"]);
    const styleOf = (selector: string) =>
      page.locator(selector).evaluate((element) => {
        const style = getComputedStyle(element);
        return { color: style.color, fontSize: style.fontSize, fontFamily: style.fontFamily, letterSpacing: style.letterSpacing, background: style.backgroundColor };
      });
    const label = await styleOf("label[for=tw-first_name]");
    expect(label).toMatchObject({ color: "rgb(27, 35, 32)", fontSize: "16px", letterSpacing: "normal" });
    expect(label.fontFamily).not.toBe("serif");
    await expect(styleOf("tandem-enrollment button")).resolves.toMatchObject({ background: BRAND.rgb, fontSize: "16px" });
    await screenshot(page, "embedded-form-hostile-css");
    expect(problemsOf(harness.watchOf(page))).toEqual([]);
  });

  it("speaks Spanish on a Spanish page", async () => {
    explainFailures();
    const page = await openPage("Spanish page", `${allowedSite}/es`);
    await page.getByRole("button", { name: "Enviar solicitud" }).waitFor();
    await expect(page.getByText("Inscríbete como mentorado/a").count()).resolves.toBe(1);
    await expect(page.getByRole("checkbox", { name: "Lunes, Mañana" }).count()).resolves.toBe(1);
    await expect(page.getByRole("group", { name: "Which languages do you speak comfortably?" }).getByLabel("Español", { exact: true }).count()).resolves.toBe(1);
    // Keyboard only: Tab past the expectations' disclosure to the first field, and Enter sends the form.
    await page.keyboard.press("Tab");
    await expect(focusedInWidget(page)).resolves.toBe("Lo que esperamos de los participantes");
    await page.keyboard.press("Tab");
    await expect(focusedInWidget(page)).resolves.toBe("tw-first_name");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Hay un problema" }).waitFor();
    await expect(focusedInWidget(page)).resolves.toBe("tw-first_name");
    await expect(page.locator("#tw-first_name-err").textContent()).resolves.toBe("Escribe una respuesta.");
    await axeCheck(page, "Spanish page");
    await screenshot(page, "embedded-form-es");
    expect(problemsOf(harness.watchOf(page))).toEqual([]);
  });

  it("says so when the program is not taking applications", async () => {
    explainFailures();
    const page = await openPage("closed program", `${allowedSite}/closed`);
    await page.getByRole("heading", { name: "This program is not taking applications" }).waitFor();
    await expect(page.locator("tandem-enrollment .tw").innerText()).resolves.toContain("Spring Peers is not taking applications right now.");
    await axeCheck(page, "closed program");
    await screenshot(page, "embedded-form-closed");
    expect(problemsOf(harness.watchOf(page))).toEqual([]);
  });

  it("says so when Tandem cannot be reached, or the address is wrong", async () => {
    explainFailures();
    // Offline before the form loads.
    const offline = await harness.browser.newContext({ locale: "en-US" });
    harness.contexts.push(offline);
    const page = await harness.newPage("offline", offline);
    await page.route(`${dev.url}/api/**`, (route) => route.abort("internetdisconnected"));
    await page.goto(`${allowedSite}/`);
    await page.getByRole("heading", { name: "The enrollment form couldn't load" }).waitFor();
    await expect(page.locator("tandem-enrollment .tw").innerText()).resolves.toContain("Check your internet connection, then reload the page.");

    // Offline when sending: the form stays, with its answers, and says what happened.
    await page.unroute(`${dev.url}/api/**`);
    await page.reload();
    await page.getByRole("heading", { name: "First-Year Peers" }).waitFor();
    await fillPeerMenteeForm(page, `offline-${suffix}@example.test`, { year: "1", goals: ["Budgeting"] });
    await page.route(`${dev.url}/api/**`, (route) => route.abort("internetdisconnected"));
    await page.getByRole("button", { name: "Send application" }).click();
    await expect
      .poll(() => page.locator(".summary li").allTextContents(), { timeout: 15_000 })
      .toEqual(["We couldn't send your application. Check your internet connection and try again."]);
    await expect(page.getByLabel("First name").inputValue()).resolves.toBe("Maya");
    await expect(focusedInWidget(page)).resolves.toBe("There is a problemWe couldn't send your application. Check your internet connection and try again.");

    // A mistyped institution on the hosted page.
    const wrong = await openPage("wrong address", `${dev.url}/t/nobody-${suffix}/p/peers/join`);
    await wrong.getByRole("heading", { level: 1, name: "We couldn't find this enrollment form" }).waitFor();
    await axeCheck(wrong, "hosted page (wrong address)");
    expect(harness.watchOf(wrong).problems).toEqual([]);
  });

  it("works on the hosted form page, under the page CSP, for institutions without a website", async () => {
    explainFailures();
    const url = `${dev.url}/t/${slug}/p/peers/join?role=mentor`;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-security-policy")).toContain("style-src 'self'");
    const page = await openPage("hosted page", url);
    await page.getByRole("heading", { level: 1, name: "First-Year Peers" }).waitFor();
    await expect(page.title()).resolves.toBe("Apply to First-Year Peers — Harbor Mentors");
    await expect(page.getByText("Apply as a mentor").count()).resolves.toBe(1);
    // The widget's constructed stylesheet applies although the CSP refuses <style> elements.
    await expect(page.getByRole("button", { name: "Send application" }).evaluate((button) => getComputedStyle(button).backgroundColor)).resolves.toBe(BRAND.rgb);
    await axeCheck(page, "hosted page");
    await screenshot(page, "hosted-form");

    const email = `jordan-${suffix}@example.test`;
    await page.getByLabel("First name").fill("Jordan");
    await page.getByLabel("Last name").fill("Reyes");
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("What is your major?").selectOption("biology");
    await page.getByLabel("Which year of study are you in?").fill("3");
    await page.getByRole("group", { name: "What could you help a first-year student with?" }).getByLabel("Study habits").check();
    await page.getByRole("group", { name: "What are your interests?" }).getByLabel("Music", { exact: true }).check();
    await page.getByRole("checkbox", { name: "Tuesday, Evening" }).check();
    await page.getByRole("group", { name: "Which languages do you speak comfortably?" }).getByLabel("English", { exact: true }).check();
    await page.getByLabel("Tell us a little about yourself").fill("Third-year biology student.");
    await page.getByRole("button", { name: "Send application" }).click();
    await page.getByRole("heading", { name: "Application sent" }).waitFor({ timeout: 15_000 });
    await waitForEmail(email, "enrollment.confirmation");
    // No CSP refusal (not even the external logo, which the widget leaves out here), no script error.
    expect(harness.watchOf(page).problems).toEqual([]);
  });

  it("shows the institution's Turnstile widget, sends its token, and asks for a fresh one after a refusal", async () => {
    explainFailures();
    // Cloudflare's documented test keys; the dev runner answers their siteverify as Cloudflare would, offline.
    await staff.expectOk("PATCH", `/api/v1/t/${slug}/settings`, { turnstileEnabled: true, turnstileSiteKey: TURNSTILE_SITE_KEY, turnstileSecretKey: TURNSTILE_FAIL_SECRET });
    try {
      const page = await openWithTurnstile("Turnstile (embedded)", `${allowedSite}/`);
      await page.getByRole("heading", { name: "First-Year Peers" }).waitFor();
      const check = page.getByRole("checkbox", { name: "I am human (test stand-in for Turnstile)" });
      await check.waitFor();
      // In the page's own DOM, slotted into the form just above the button (Turnstile cannot render in a shadow root).
      await expect(check.evaluate((box) => box.closest("tandem-enrollment > [slot=turnstile]") !== null && box.getRootNode() === document)).resolves.toBe(true);
      await axeCheck(page, "Turnstile (embedded)");
      await screenshot(page, "embedded-form-turnstile");

      // Everything answered but the check: the form says where to look, without sending.
      const email = `turnstile-${suffix}@example.test`;
      await fillPeerMenteeForm(page, email, { year: "1", goals: ["Budgeting"] });
      const submit = page.getByRole("button", { name: "Send application" });
      await submit.click();
      await expect.poll(() => page.locator(".summary li").allTextContents()).toEqual(["Complete the check that you are a person, just above the Send button, then send the form again."]);

      // Checked, but the institution's (test) secret refuses every token: the widget is reset for another go.
      const sent: unknown[] = [];
      page.on("request", (request) => {
        if (request.method() === "POST" && request.url().includes("/join/")) sent.push(request.postDataJSON().turnstileToken);
      });
      await check.check();
      await submit.click();
      await expect.poll(() => check.isChecked(), { timeout: 15_000 }).toBe(false);
      await expect(page.locator(".summary li").allTextContents()).resolves.toEqual(["Complete the check that you are a person, just above the Send button, then send the form again."]);
      expect(await emailsTo(email)).toEqual([]);

      // With a secret that passes, the fresh token gets the application in.
      await staff.expectOk("PATCH", `/api/v1/t/${slug}/settings`, { turnstileSecretKey: TURNSTILE_PASS_SECRET });
      await check.check();
      await submit.click();
      await page.getByRole("heading", { name: "Application sent" }).waitFor({ timeout: 15_000 });
      await waitForEmail(email, "enrollment.confirmation");
      expect(sent).toEqual([TURNSTILE_DUMMY_TOKEN, TURNSTILE_DUMMY_TOKEN]);
      await axeCheck(page, "Turnstile (sent)");
      expect(problemsOf(harness.watchOf(page))).toEqual([]);

      // The hosted page's CSP lets Turnstile's script and frame in.
      const hosted = await openWithTurnstile("Turnstile (hosted page)", `${dev.url}/t/${slug}/p/peers/join`);
      await hosted.getByRole("checkbox", { name: "I am human (test stand-in for Turnstile)" }).waitFor();
      expect(harness.watchOf(hosted).problems).toEqual([]);

      // When Turnstile's script cannot load, the form says so instead of failing silently.
      const blocked = await openWithTurnstile("Turnstile (blocked)", `${allowedSite}/`, { blockTurnstile: true });
      const message = "The check that you are a person couldn't load, so the form can't be sent. Check your internet connection (and allow challenges.cloudflare.com if you use a blocker), then reload the page.";
      await expect.poll(() => blocked.locator("form p.err").allTextContents(), { timeout: 15_000 }).toEqual([message]);
      await blocked.getByRole("button", { name: "Send application" }).click();
      await expect.poll(() => blocked.locator(".summary li").allTextContents()).toContain(message);
      await axeCheck(blocked, "Turnstile (blocked)");
    } finally {
      await staff.expectOk("PATCH", `/api/v1/t/${slug}/settings`, { turnstileEnabled: false });
    }
  });

  it("stays under 15 KB gzip", () => {
    const size = gzipSync(readFileSync(WIDGET_PATH), { level: 9 }).length;
    console.log(`embed.js: ${size} bytes gzip (budget ${WIDGET_GZIP_BUDGET})`);
    expect(size).toBeLessThan(WIDGET_GZIP_BUDGET);
  });
});
