/// <reference lib="dom" />
/**
 * Each static page on its own, against a faked API (Playwright route
 * interception): layout, accessibility (axe), the CSP, and what the person sees
 * for every answer of the API contract — the error paths the journey never takes.
 */
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AxeFinding, blocking, launchBrowser, type PageWatch, runAxe, screenshot, watchPage } from "./browser.js";
import { type StaticServer, startStaticServer } from "./static-server.js";

let browser: Browser;
let server: StaticServer;
let context: BrowserContext;
let page: Page;
let watch: PageWatch;
const findings: AxeFinding[] = [];

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser(), startStaticServer()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (findings.length) console.log("axe findings (minor/moderate):", findings);
});
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: "en-US", timezoneId: "America/Chicago" });
  page = await context.newPage();
  watch = watchPage(page);
});
afterEach(async () => {
  expect(watch.problems).toEqual([]);
  await context.close();
});

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
type Handler = (body: any, url: URL) => Reply | Promise<Reply>;

/** Answers /api/** from a table of "METHOD /path" handlers; records what the page sent. */
async function fakeApi(handlers: Record<string, Handler>) {
  const calls: { method: string; path: string; body: any; headers: Record<string, string> }[] = [];
  await page.route("**/api/**", async (route: Route) => {
    const request = route.request();
    const url = new URL(request.url());
    const key = `${request.method()} ${url.pathname}`;
    const body = request.postData() ? JSON.parse(request.postData()!) : undefined;
    calls.push({ method: request.method(), path: url.pathname, body, headers: request.headers() });
    const handler = handlers[key];
    const reply: Reply = handler
      ? await handler(body, url)
      : { status: 404, body: problem(404, `There is nothing at ${key}.`) };
    const isProblem = reply.status >= 400;
    await route.fulfill({
      status: reply.status,
      headers: { "x-request-id": "req_test", ...(reply.headers ?? {}) },
      contentType: reply.body === undefined ? undefined : isProblem ? "application/problem+json" : "application/json",
      body: reply.body === undefined ? "" : JSON.stringify(reply.body),
    });
  });
  return calls;
}

function problem(status: number, detail: string, errors?: { path: string; message: string }[]) {
  return { type: "about:blank", title: "Problem", status, detail, errors, requestId: "req_test" };
}

async function axeCheck(label: string) {
  const all = await runAxe(page, label);
  findings.push(...all.filter((finding) => !blocking([finding]).length));
  expect(blocking(all)).toEqual([]);
}

/** The accessible description of a field: its hint and error texts. */
async function description(selector: string) {
  return page.locator(selector).evaluate((field) =>
    (field.getAttribute("aria-describedby") ?? "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent?.trim())
      .join(" | "),
  );
}

describe("landing page", () => {
  it("links to sign-up and sign-in", async () => {
    await page.goto(`${server.url}/`);
    await expect(page.getByRole("link", { name: "Sign up your institution" }).getAttribute("href")).resolves.toBe("/signup.html");
    await expect(page.getByRole("link", { name: "Sign in" }).first().getAttribute("href")).resolves.toBe("/sign-in.html");
    await axeCheck("landing");
    await screenshot(page, "landing");
  });
});

describe("sign-up page", () => {
  it("suggests the address from the name until it is edited, and pre-selects the browser's time zone", async () => {
    await page.goto(`${server.url}/signup.html`);
    await page.getByLabel("Institution name").fill("Harbor Mentors of Île-de-France!");
    await expect(page.getByLabel("Address").inputValue()).resolves.toBe("harbor-mentors-of-ile-de-france");
    await expect(page.locator("#slug-preview").textContent()).resolves.toBe("harbor-mentors-of-ile-de-france");
    await page.getByLabel("Address").fill("harbor");
    await page.getByLabel("Institution name").fill("Harbor Mentors Club");
    await expect(page.getByLabel("Address").inputValue()).resolves.toBe("harbor");
    await expect(page.getByLabel("Time zone").inputValue()).resolves.toBe("America/Chicago");
    expect(await page.locator("#institution-timezone option").count()).toBeGreaterThan(300);
    const kinds = await page.locator("#institution-kind option").evaluateAll((options) => options.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    expect(kinds).toEqual([
      ["university", "University"],
      ["school", "School"],
      ["community_org", "Community organization"],
      ["other", "Other"],
    ]);
  });

  it("checks the form in the browser first, with messages next to the fields", async () => {
    const calls = await fakeApi({});
    await page.goto(`${server.url}/signup.html`);
    await page.getByLabel("Address").fill("Bad_Slug");
    await page.getByLabel("Your email", { exact: true }).fill("not-an-email");
    await page.getByRole("button", { name: "Create institution" }).click();
    expect(calls).toEqual([]);
    await expect(page.locator("#status").textContent()).resolves.toContain("Please fix the 4 fields marked below.");
    await expect(page.getByLabel("Institution name").getAttribute("aria-invalid")).resolves.toBe("true");
    expect(await description("#institution-slug")).toContain("Address must be 3–40 lowercase letters");
    expect(await description("#admin-email")).toContain("Enter an email address like name@example.org.");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("institution-name");
    await axeCheck("signup (invalid)");
    await screenshot(page, "signup-invalid");
  });

  it("shows the API's field errors next to the right fields, even two fields both called name", async () => {
    await fakeApi({
      "POST /api/v1/signup": () => ({
        status: 400,
        body: problem(400, "The request has 2 invalid fields.", [
          { path: "body.admin.name", message: "is required" },
          { path: "body.institution.slug", message: "is reserved; choose another address" },
        ]),
      }),
    });
    await page.goto(`${server.url}/signup.html`);
    await page.getByLabel("Institution name").fill("Admin");
    await page.getByLabel("Your name").fill("Dana");
    await page.getByLabel("Your email", { exact: true }).fill("dana@example.org");
    await page.getByRole("button", { name: "Create institution" }).click();
    await expect.poll(() => page.locator("#status").textContent()).toContain("The request has 2 invalid fields.");
    expect(await description("#institution-slug")).toContain("Address is reserved; choose another address.");
    expect(await description("#admin-name")).toContain("Your name is required.");
    await expect(page.getByLabel("Institution name").getAttribute("aria-invalid")).resolves.toBeNull();
    // Typing in a field clears its error.
    await page.getByLabel("Address").fill("admin-club");
    await expect(page.getByLabel("Address").getAttribute("aria-invalid")).resolves.toBeNull();
    await axeCheck("signup (server errors)");
  });

  it("puts a taken address (409) on the address field, shows 429's detail, and then 'check your email'", async () => {
    let attempt = 0;
    const calls = await fakeApi({
      "POST /api/v1/signup": (body) => {
        attempt += 1;
        if (attempt === 1) return { status: 409, body: problem(409, `The address "${body.institution.slug}" is taken. Choose another one.`) };
        if (attempt === 2) return { status: 429, body: problem(429, "Too many sign-ups from your network. Try again in 10 minutes."), headers: { "retry-after": "600" } };
        return { status: 201, body: { institution: { ...body.institution }, message: `We sent a sign-in link to ${body.admin.email}.` } };
      },
    });
    await page.goto(`${server.url}/signup.html`);
    await page.getByLabel("Institution name").fill("Harbor Mentors");
    await page.getByLabel("Kind").selectOption("community_org");
    await page.getByLabel("Your name").fill("Dana Whitfield");
    await page.getByLabel("Your email", { exact: true }).fill("dana@harbor.example");
    await page.getByRole("button", { name: "Create institution" }).click();
    await expect.poll(() => description("#institution-slug")).toContain('The address "harbor-mentors" is taken.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("institution-slug");
    await screenshot(page, "signup-taken");

    await page.getByLabel("Address").fill("harbor");
    await page.getByRole("button", { name: "Create institution" }).click();
    await expect.poll(() => page.locator("#status").textContent()).toContain("Too many sign-ups from your network. Try again in 10 minutes.");

    await page.getByRole("button", { name: "Create institution" }).click();
    await expect(page.getByRole("heading", { name: "Check your email" }).waitFor()).resolves.toBeUndefined();
    await expect(page.locator("#done-message").textContent()).resolves.toBe("We sent a sign-in link to dana@harbor.example.");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("done-title");
    await expect(page.locator("#signup-form").isHidden()).resolves.toBe(true);
    expect(calls.at(-1)!.body).toEqual({
      institution: { name: "Harbor Mentors", slug: "harbor", kind: "community_org", timezone: "America/Chicago" },
      admin: { name: "Dana Whitfield", email: "dana@harbor.example" },
    });
    expect(calls.at(-1)!.headers["content-type"]).toBe("application/json");
    await axeCheck("signup (done)");
    await screenshot(page, "signup-done");
  });

  it("fits a phone screen", async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${server.url}/signup.html`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await axeCheck("signup (phone)");
    await screenshot(page, "signup-phone");
  });

  it("keeps good contrast in dark mode", async () => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(`${server.url}/signup.html`);
    await page.getByRole("button", { name: "Create institution" }).click();
    await axeCheck("signup (dark, invalid)");
    await screenshot(page, "signup-dark");
  });
});

describe("sign-in page", () => {
  it("asks for a link and says to check email", async () => {
    const calls = await fakeApi({ "POST /api/v1/auth/sign-in-link": () => ({ status: 202, body: { message: "If that address has a Tandem account, we sent it a sign-in link." } }) });
    await page.goto(`${server.url}/sign-in.html`);
    await axeCheck("sign-in");
    await screenshot(page, "sign-in");
    await page.getByLabel("Email address").fill("  Someone@Example.org ");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await page.getByRole("heading", { name: "Check your email" }).waitFor();
    expect(calls[0].body).toEqual({ email: "Someone@Example.org" });
    await expect(page.locator("#done-message").textContent()).resolves.toContain("If that address has a Tandem account");
    await axeCheck("sign-in (done)");
    await screenshot(page, "sign-in-done");
  });

  it("asks for a link back to the page that sent the person here, and only to a path on this site", async () => {
    const calls = await fakeApi({ "POST /api/v1/auth/sign-in-link": () => ({ status: 202, body: { message: "Sent." } }) });
    for (const [next, sent] of [["/console/harbor/staff", "/console/harbor/staff"], ["//evil.example", undefined], ["https://evil.example/", undefined]]) {
      await page.goto(`${server.url}/sign-in.html?next=${encodeURIComponent(next!)}`);
      await page.getByLabel("Email address").fill("someone@example.org");
      await page.getByRole("button", { name: "Email me a sign-in link" }).click();
      await page.getByRole("heading", { name: "Check your email" }).waitFor();
      expect(calls.at(-1)!.body).toEqual(sent ? { email: "someone@example.org", next: sent } : { email: "someone@example.org" });
    }
  });

  it("shows a rate limit's detail", async () => {
    await fakeApi({ "POST /api/v1/auth/sign-in-link": () => ({ status: 429, body: problem(429, "Too many sign-in links for this address. Try again in 5 minutes.") }) });
    await page.goto(`${server.url}/sign-in.html`);
    await page.getByLabel("Email address").fill("someone@example.org");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect.poll(() => page.locator("#status").textContent()).toContain("Try again in 5 minutes.");
    await expect(page.locator("#sign-in-form").isVisible()).resolves.toBe(true);
  });

  it("says what happened when the network is down", async () => {
    await page.route("**/api/**", (route) => route.abort("internetdisconnected"));
    await page.goto(`${server.url}/sign-in.html`);
    await page.getByLabel("Email address").fill("someone@example.org");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect.poll(() => page.locator("#status").textContent()).toContain("We couldn't reach Tandem.");
  });
});

describe("verify page", () => {
  it("posts the token (never in a GET) and goes to next", async () => {
    const calls = await fakeApi({
      "POST /api/v1/auth/verify": () => ({ status: 200, body: { user: { id: "u1", email: "dana@example.org", name: "Dana" } } }),
      "GET /api/v1/me": () => ({ status: 200, body: { user: { id: "u1", email: "dana@example.org", name: "Dana" }, memberships: [{ slug: "harbor", name: "Harbor Mentors", role: "owner" }] } }),
      "GET /api/v1/t/harbor/programs": () => ({ status: 200, body: { programs: [] } }),
    });
    await page.goto(`${server.url}/auth/verify.html?token=tok_123&next=/console/harbor`);
    await page.waitForURL(`${server.url}/console/harbor`);
    expect(calls[0]).toMatchObject({ method: "POST", path: "/api/v1/auth/verify", body: { token: "tok_123" } });
  });

  it.each([
    ["//evil.example/t/x", "/"],
    ["https://evil.example/", "/"],
    ["/\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["/console/harbor/staff?tab=invite", "/console/harbor/staff?tab=invite"],
  ])("goes only to same-origin paths (next=%s → %s)", async (next, expected) => {
    await fakeApi({ "POST /api/v1/auth/verify": () => ({ status: 200, body: { user: { id: "u1", email: "a@b.org", name: "A" } } }) });
    await page.route((url) => url.pathname.startsWith("/console/harbor"), (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>x</title>" }));
    await page.goto(`${server.url}/auth/verify.html?token=t&next=${encodeURIComponent(next)}`);
    await page.waitForURL((url) => url.pathname !== "/auth/verify.html");
    expect(page.url()).toBe(`${server.url}${expected}`);
  });

  it("explains a used or expired link and links to a new one", async () => {
    await fakeApi({ "POST /api/v1/auth/verify": () => ({ status: 400, body: problem(400, "This sign-in link has expired or was already used.") }) });
    await page.goto(`${server.url}/auth/verify.html?token=old&next=/console/harbor`);
    await page.getByRole("heading", { name: "We couldn't sign you in" }).waitFor();
    await expect(page.locator("#failed-detail").textContent()).resolves.toBe("This sign-in link has expired or was already used.");
    await expect(page.getByRole("link", { name: "Get a new sign-in link" }).getAttribute("href")).resolves.toBe("/sign-in.html");
    await expect(page.getByRole("button", { name: "Try again" }).isHidden()).resolves.toBe(true);
    expect(page.url()).not.toContain("token=");
    await axeCheck("verify (failed)");
    await screenshot(page, "verify-failed");
  });

  it("shows 'Signing you in…' while it works", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await fakeApi({
      "POST /api/v1/auth/verify": async () => {
        await held;
        return { status: 500, body: problem(500, "Something went wrong on our side.") };
      },
    });
    await page.goto(`${server.url}/auth/verify.html?token=t`);
    await page.getByRole("heading", { name: "Signing you in…" }).waitFor();
    await axeCheck("verify (working)");
    await screenshot(page, "verify-working");
    release();
    await page.getByRole("button", { name: "Try again" }).waitFor();
  });
});

describe("invitation page", () => {
  it("names the institution, joins, and goes to its overview in the web console", async () => {
    const calls = await fakeApi({
      "GET /api/v1/t/harbor": () => ({ status: 200, body: { slug: "harbor", name: "Harbor Mentors", kind: "community_org" } }),
      "POST /api/v1/t/harbor/invitations/accept": () => ({ status: 200, body: { institution: { slug: "harbor", name: "Harbor Mentors" }, role: "coordinator" } }),
    });
    await page.route((url) => url.pathname === "/console/harbor", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>console</title>" }));
    await page.goto(`${server.url}/invitations/accept.html?tenant=harbor&token=inv_1`);
    await page.getByRole("heading", { name: "Join Harbor Mentors on Tandem" }).waitFor();
    await axeCheck("accept");
    await screenshot(page, "accept");
    await page.getByRole("button", { name: "Join" }).click();
    await expect.poll(() => description("#name")).toContain("Enter your name.");
    await page.getByLabel("Your name").fill("Sam Rivera");
    await page.getByRole("button", { name: "Join" }).click();
    await page.waitForURL(`${server.url}/console/harbor`);
    expect(calls.find((call) => call.method === "POST")?.body).toEqual({ token: "inv_1", name: "Sam Rivera" });
  });

  it("says what to do next when the invitation cannot be used", async () => {
    await fakeApi({
      "POST /api/v1/t/harbor/invitations/accept": () => ({ status: 400, body: problem(400, "This invitation has expired.") }),
    });
    await page.goto(`${server.url}/invitations/accept.html?tenant=harbor&token=inv_old`);
    await page.getByLabel("Your name").fill("Sam Rivera");
    await page.getByRole("button", { name: "Join" }).click();
    await page.getByRole("heading", { name: "This invitation can't be used" }).waitFor();
    await expect(page.locator("#failed").textContent()).resolves.toContain("ask the person who invited you to send a new invitation");
    await expect(page.locator("#failed-detail").textContent()).resolves.toBe("This invitation has expired.");
    await axeCheck("accept (failed)");
    await screenshot(page, "accept-failed");
  });
});

describe("the web console's Staff page (the old dashboard's staff section)", () => {
  const owner = { id: "u1", email: "dana@harbor.example", name: "Dana Whitfield" };
  const staffPage = () => page.locator("main");
  const invitationsSection = () => page.locator("section", { has: page.getByRole("heading", { name: "Pending invitations" }) });
  const inviteSection = () => page.locator("section", { has: page.getByRole("heading", { name: "Invite someone" }) });

  it("sends a signed-out visitor of the old dashboard address to sign in, and back to the console after", async () => {
    await fakeApi({ "GET /api/v1/me": () => ({ status: 401, body: problem(401, "Sign in to continue.") }) });
    await page.goto(`${server.url}/t/harbor`);
    await page.waitForURL(`${server.url}/sign-in.html?next=%2Fconsole%2Fharbor`);
  });

  it("lets an owner invite and revoke, with empty states that say what to do", async () => {
    let invitations: { id: string; email: string; role: string; status: string; expiresAt: string }[] = [];
    const calls = await fakeApi({
      "GET /api/v1/me": () => ({ status: 200, body: { user: owner, memberships: [{ slug: "harbor", name: "Harbor Mentors", role: "owner" }, { slug: "bay", name: "Bay Youth Mentoring", role: "viewer" }] } }),
      "GET /api/v1/t/harbor/staff": () => ({ status: 200, body: { members: [{ userId: "u1", name: owner.name, email: owner.email, role: "owner" }], invitations } }),
      "POST /api/v1/t/harbor/invitations": (body) => {
        if (body.email === "taken@harbor.example") return { status: 409, body: problem(409, "taken@harbor.example is already on the staff of Harbor Mentors as coordinator.") };
        const invitation = { id: `inv_${invitations.length + 1}`, email: body.email, role: body.role, expiresAt: "2026-12-02T15:00:00.000Z" };
        invitations = [...invitations, { ...invitation, status: "pending" }];
        return { status: 201, body: { invitation } };
      },
      "DELETE /api/v1/t/harbor/invitations/inv_1": () => ({ status: 204 }),
      "POST /api/v1/auth/sign-out": () => ({ status: 204 }),
    });
    await page.goto(`${server.url}/console/harbor/staff`);
    await page.getByRole("heading", { level: 1, name: "Staff" }).waitFor();
    await page.getByRole("heading", { name: "Members" }).waitFor();
    expect(await page.title()).toBe("Staff: Harbor Mentors — Tandem");
    expect(await page.getByRole("navigation", { name: "Institution" }).getByRole("link", { name: "Staff" }).getAttribute("aria-current")).toBe("page");
    await expect(staffPage().locator(".people li").first().textContent()).resolves.toContain("You");
    await expect(page.getByText("No one else yet.").isVisible()).resolves.toBe(true);
    await expect(page.getByText("No pending invitations.").isVisible()).resolves.toBe(true);
    const roles = await page.locator("#invite-role option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(roles).toEqual(["owner", "admin", "coordinator", "viewer"]);
    await expect(page.locator("#invite-role").inputValue()).resolves.toBe("coordinator");
    await axeCheck("console staff (owner, empty)");
    await screenshot(page, "console-staff-owner-empty");

    // An empty address is caught before asking the API.
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect.poll(() => description("#invite-email")).toContain("Enter the email address of the person to invite.");
    expect(calls.filter((call) => call.method === "POST")).toEqual([]);

    await page.getByLabel("Email address").fill("sam@harbor.example");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect.poll(() => inviteSection().locator('[role="status"]').textContent()).toContain("Invitation sent to sam@harbor.example as a coordinator.");
    await expect(invitationsSection().locator("li").count()).resolves.toBe(1);
    await expect(invitationsSection().locator("li").textContent()).resolves.toContain("Coordinator");
    await expect(page.getByLabel("Email address").inputValue()).resolves.toBe("");
    expect(calls.at(-1)!.body).toEqual({ email: "sam@harbor.example", role: "coordinator" });

    // Already staff (409): said at the address.
    await page.getByLabel("Email address").fill("taken@harbor.example");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await expect.poll(() => description("#invite-email")).toContain("already on the staff of Harbor Mentors");
    await expect(page.locator("#invite-email").getAttribute("aria-invalid")).resolves.toBe("true");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("invite-email");
    await axeCheck("console staff (owner, invite error)");

    // Revoking asks first; "Keep it" goes back to the button; revoking for real leaves focus on the form.
    await page.getByRole("button", { name: "Revoke the invitation to sam@harbor.example" }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Revoke invitation");
    await page.getByRole("button", { name: "Keep it" }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("invitation-revoke-inv_1");
    await page.getByRole("button", { name: "Revoke the invitation to sam@harbor.example" }).click();
    await page.getByRole("button", { name: "Revoke invitation" }).click();
    await expect.poll(() => invitationsSection().locator('[role="status"]').textContent()).toContain("Revoked the invitation to sam@harbor.example.");
    await expect(invitationsSection().locator("li").count()).resolves.toBe(0);
    expect(calls.at(-1)).toMatchObject({ method: "DELETE", path: "/api/v1/t/harbor/invitations/inv_1" });
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("invite-email");

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${server.url}/sign-in.html`);
  });

  it("shows an admin no owner role to grant, and the staff list", async () => {
    await fakeApi({
      "GET /api/v1/me": () => ({ status: 200, body: { user: owner, memberships: [{ slug: "harbor", name: "Harbor Mentors", role: "admin" }] } }),
      "GET /api/v1/t/harbor/staff": () => ({
        status: 200,
        body: {
          members: [
            { userId: "u1", name: owner.name, email: owner.email, role: "admin" },
            { userId: "u2", name: "Sam Rivera", email: "sam@harbor.example", role: "coordinator" },
          ],
          invitations: [{ id: "i1", email: "lee@harbor.example", role: "viewer", status: "pending", expiresAt: "2026-12-02T15:00:00.000Z" }],
        },
      }),
      "DELETE /api/v1/t/harbor/invitations/i1": () => ({ status: 404, body: problem(404, "There is no pending invitation with that id.") }),
    });
    await page.goto(`${server.url}/console/harbor/staff`);
    await page.getByRole("heading", { name: "Members" }).waitFor();
    const roles = await page.locator("#invite-role option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(roles).toEqual(["admin", "coordinator", "viewer"]);
    await expect(page.getByText("Only owners can invite another owner.").isVisible()).resolves.toBe(true);
    await expect(page.getByText("No one else yet.").count()).resolves.toBe(0);
    await expect(staffPage().locator(".people li", { hasText: "Sam Rivera" }).textContent()).resolves.toContain("Coordinator");
    await expect(invitationsSection().locator("li").count()).resolves.toBe(1);
    await expect(invitationsSection().locator("time").textContent()).resolves.toMatch(/^Dec 2, 2026, 9:00\sAM$/);
    await axeCheck("console staff (admin)");
    await screenshot(page, "console-staff-admin");
    await page.setViewportSize({ width: 375, height: 740 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await screenshot(page, "console-staff-admin-phone");
    await page.setViewportSize({ width: 1100, height: 800 });

    // An invitation accepted or revoked elsewhere meanwhile: the page says so and lists the staff as they are now.
    await page.getByRole("button", { name: "Revoke the invitation to lee@harbor.example" }).click();
    await page.getByRole("button", { name: "Revoke invitation" }).click();
    await expect.poll(() => invitationsSection().locator('[role="status"]').textContent()).toContain("was no longer pending");
  });

  it("tells a coordinator to ask an owner or admin, and shows them what to do next", async () => {
    await fakeApi({
      "GET /api/v1/me": () => ({ status: 200, body: { user: { id: "u2", email: "sam@harbor.example", name: "Sam Rivera" }, memberships: [{ slug: "harbor", name: "Harbor Mentors", role: "coordinator" }] } }),
      "GET /api/v1/t/harbor/programs": () => ({ status: 200, body: { programs: [] } }),
    });
    await page.goto(`${server.url}/console/harbor/staff`);
    await page.getByRole("heading", { name: "Only owners and admins manage staff" }).waitFor();
    await expect(page.locator("main").textContent()).resolves.toContain("ask one of your institution's owners or admins");
    await expect(page.getByRole("navigation", { name: "Institution" }).getByRole("link", { name: "Staff" }).count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: "Send invitation" }).count()).resolves.toBe(0);
    await axeCheck("console staff (coordinator)");
    await screenshot(page, "console-staff-coordinator");

    await page.goto(`${server.url}/t/harbor`);
    await page.waitForURL(`${server.url}/console/harbor`);
    await page.getByRole("heading", { level: 1, name: "Harbor Mentors" }).waitFor();
    await expect(page.locator("#my-role").textContent()).resolves.toBe("Coordinator");
    await expect(page.locator("section", { has: page.getByRole("heading", { name: "What to do next" }) }).textContent()).resolves.toContain("Create a program, review its applications");
    await axeCheck("console overview (coordinator)");
  });

  it("tells a signed-in non-member so, with a way to sign in as someone else", async () => {
    await fakeApi({
      "GET /api/v1/me": () => ({ status: 200, body: { user: owner, memberships: [{ slug: "bay", name: "Bay Youth Mentoring", role: "owner" }] } }),
    });
    await page.goto(`${server.url}/console/harbor/staff`);
    await page.getByRole("heading", { name: "You are not a member of this institution" }).waitFor();
    await expect(page.getByRole("link", { name: "sign in as someone else" }).getAttribute("href")).resolves.toBe("/sign-in.html");
    await expect(page.getByRole("link", { name: "your institutions" }).getAttribute("href")).resolves.toBe("/console/");
    await axeCheck("console staff (not a member)");
    await screenshot(page, "console-staff-not-member");
  });
});
