/** Signup, sign-in links, sessions and sign-out, end to end through the Worker. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { openDatabase, schema } from "@tandem/db";
import { Agent, emailCount, latestEmail, linkParam, signUpAndSignIn, uniqueSlug } from "./agent.js";

async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as { status: number; detail: string; errors?: { path: string; message: string }[] };
}

describe("institution signup", () => {
  it("creates the institution, emails the admin a link that confirms and signs in, and audits it", async () => {
    const slug = uniqueSlug("harbor");
    const email = `dana-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const agent = new Agent();
    const response = await agent.post("/api/v1/signup", {
      institution: { name: "Harbor Community Mentors", slug, kind: "community_org", timezone: "America/Los_Angeles" },
      admin: { name: "Dana Whitfield", email: email.toUpperCase() },
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ institution: { slug, name: "Harbor Community Mentors", kind: "community_org", timezone: "America/Los_Angeles" } });

    const mail = await latestEmail(email);
    expect(mail).toMatchObject({ kind: "auth.signup_confirmation", subject: "Confirm your email to open Harbor Community Mentors on Tandem" });
    const link = mail.links.find((l) => l.includes("/auth/verify.html"))!;
    expect(new URL(link).searchParams.get("next")).toBe(`/console/${slug}`);

    expect((await agent.get("/api/v1/me")).status).toBe(401);
    const verified = await agent.post("/api/v1/auth/verify", { token: linkParam(mail, "/auth/verify.html", "token") });
    expect(verified.status).toBe(200);
    const cookie = verified.headers.getSetCookie().find((c) => c.startsWith("__Secure-tandem.session_token="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const me = (await (await agent.get("/api/v1/me")).json()) as { user: { email: string; name: string }; memberships: unknown[] };
    expect(me.user).toMatchObject({ email, name: "Dana Whitfield" });
    expect(me.memberships).toEqual([{ slug, name: "Harbor Community Mentors", role: "owner" }]);

    const audit = (await (await agent.get(`/api/v1/t/${slug}/audit`)).json()) as { events: { action: string }[] };
    expect(audit.events.map((e) => e.action).sort()).toEqual(["institution.created", "membership.created"]);
  });

  it("refuses a taken address with 409 naming it", async () => {
    const { slug } = await signUpAndSignIn();
    const response = await new Agent().post("/api/v1/signup", {
      institution: { name: "Copycat", slug, kind: "school", timezone: "Europe/Berlin" },
      admin: { name: "Carl Copy", email: "carl@example.test" },
    });
    expect(response.status).toBe(409);
    const problem = await problemOf(response);
    expect(problem.detail).toContain(`"${slug}"`);
    expect(problem.errors).toEqual([{ path: "body.institution.slug", message: expect.stringContaining(slug) }]);
  });

  it("lists every invalid field and writes nothing", async () => {
    const email = `ann-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const response = await new Agent().post("/api/v1/signup", {
      institution: { name: "", slug: "api", kind: "club", timezone: "Mars/Base" },
      admin: { name: " ", email },
    });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem.errors!.map((e) => e.path).sort()).toEqual(["body.admin.name", "body.institution.kind", "body.institution.name", "body.institution.slug", "body.institution.timezone"]);
    expect(problem.errors!.find((e) => e.path === "body.institution.slug")!.message).toContain("reserved");
    expect(await emailCount(email)).toBe(0);

    // One bad field is enough to store nothing.
    const slug = uniqueSlug();
    const almost = await new Agent().post("/api/v1/signup", {
      institution: { name: "Almost", slug, kind: "school", timezone: "Nowhere/Land" },
      admin: { name: "Ann", email },
    });
    expect(almost.status).toBe(400);
    expect((await new Agent().get(`/api/v1/t/${slug}`)).status).toBe(404);
  });

  it("answers a body that is not JSON with a 400 problem", async () => {
    const response = await new Agent().request("POST", "/api/v1/signup", undefined, { "content-type": "application/json" });
    expect(response.status).toBe(400);
    await problemOf(response);
  });

  it("lets one person own several institutions", async () => {
    const email = `multi-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const first = await signUpAndSignIn({ email });
    const second = await signUpAndSignIn({ email });
    const me = (await (await second.owner.get("/api/v1/me")).json()) as { memberships: { slug: string }[] };
    expect(me.memberships.map((m) => m.slug).sort()).toEqual([first.slug, second.slug].sort());
  });
});

describe("sign-in links", () => {
  it("answers the same for known and unknown addresses, and emails only the known", async () => {
    const { email } = await signUpAndSignIn();
    const unknown = `nobody-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const known = await new Agent().post("/api/v1/auth/sign-in-link", { email });
    const stranger = await new Agent().post("/api/v1/auth/sign-in-link", { email: unknown });
    expect(known.status).toBe(202);
    expect(stranger.status).toBe(202);
    const message = (body: { message: string }, address: string) => body.message.replace(address, "<email>");
    expect(message(await known.json(), email)).toBe(message(await stranger.json(), unknown));
    const mail = await latestEmail(email);
    expect(mail.kind).toBe("auth.sign_in_link");
    // Asked for without a page to go back to: the link leads to the web console.
    expect(new URL(mail.links.find((l) => l.includes("/auth/verify.html"))!).searchParams.get("next")).toBe("/console/");
    expect(await emailCount(unknown)).toBe(0);
  });

  it("work once", async () => {
    const { email } = await signUpAndSignIn();
    await new Agent().post("/api/v1/auth/sign-in-link", { email });
    const token = linkParam(await latestEmail(email), "/auth/verify.html", "token");
    expect((await new Agent().post("/api/v1/auth/verify", { token })).status).toBe(200);
    const again = await new Agent().post("/api/v1/auth/verify", { token });
    expect(again.status).toBe(400);
    expect((await problemOf(again)).detail).toContain("Ask for a new one");
  });

  it("expire after 15 minutes", async () => {
    const { email } = await signUpAndSignIn();
    await new Agent().post("/api/v1/auth/sign-in-link", { email });
    const token = linkParam(await latestEmail(email), "/auth/verify.html", "token");
    // Age every outstanding link past its 15 minutes.
    await openDatabase({ url: env.LIBSQL_URL }).db.update(schema.verifications).set({ expiresAt: new Date(Date.now() - 1000) });
    expect((await new Agent().post("/api/v1/auth/verify", { token })).status).toBe(400);
  });

  it("are rate limited per address, with Retry-After", async () => {
    const { email } = await signUpAndSignIn();
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6; i++) {
      last = await new Agent().post("/api/v1/auth/sign-in-link", { email });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await problemOf(last!)).status).toBe(429);
  });
});

describe("sessions", () => {
  it("end on sign-out, server-side: the old cookie no longer works", async () => {
    const { owner } = await signUpAndSignIn();
    const stolen = new Map(owner.cookies);
    const out = await owner.post("/api/v1/auth/sign-out");
    expect(out.status).toBe(204);
    expect((await owner.get("/api/v1/me")).status).toBe(401);
    const thief = new Agent();
    for (const [name, value] of stolen) thief.cookies.set(name, value);
    expect((await thief.get("/api/v1/me")).status).toBe(401);
  });

  it("refuse cookie-authenticated writes from another origin, or with no origin", async () => {
    const { owner } = await signUpAndSignIn();
    const foreign = await owner.post("/api/v1/auth/sign-out", {}, { origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    const none = await owner.request("POST", "/api/v1/auth/sign-out", {}, { origin: "" });
    expect(none.status).toBe(403);
    expect((await owner.get("/api/v1/me")).status).toBe(200);
  });

  it("cannot be started from another site's page (login CSRF)", async () => {
    const { email } = await signUpAndSignIn();
    await new Agent().post("/api/v1/auth/sign-in-link", { email });
    const token = linkParam(await latestEmail(email), "/auth/verify.html", "token");
    const victim = new Agent();
    const forged = await victim.post("/api/v1/auth/verify", { token }, { origin: "https://evil.example" });
    expect(forged.status).toBe(403);
    expect(victim.cookies.size).toBe(0);
    // The token was not spent by the refused request.
    expect((await new Agent().post("/api/v1/auth/verify", { token })).status).toBe(200);
  });
});

describe("staff passwords", () => {
  it("can be set after signing in by link, then used to sign in; a wrong one gets the same answer as an unknown email", async () => {
    const { owner, email } = await signUpAndSignIn();
    expect((await owner.post("/api/v1/me/password", { newPassword: "short" })).status).toBe(400);
    expect((await owner.post("/api/v1/me/password", { newPassword: "correct horse battery staple" })).status).toBe(204);
    const again = await owner.post("/api/v1/me/password", { newPassword: "another long passphrase" });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { errors: { path: string }[] }).errors[0].path).toBe("body.currentPassword");

    const laptop = new Agent();
    expect((await laptop.post("/api/v1/auth/sign-in-password", { email, password: "correct horse battery staple" })).status).toBe(200);
    expect((await laptop.get("/api/v1/me")).status).toBe(200);

    const wrong = await new Agent().post("/api/v1/auth/sign-in-password", { email, password: "not my password at all" });
    const unknown = await new Agent().post("/api/v1/auth/sign-in-password", { email: `nobody-${crypto.randomUUID().slice(0, 6)}@example.test`, password: "whatever it may be" });
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    const detail = async (response: Response) => ((await response.json()) as { detail: string }).detail;
    expect(await detail(wrong)).toBe(await detail(unknown));

    expect((await owner.post("/api/v1/me/password", { newPassword: "a brand new passphrase", currentPassword: "correct horse battery staple" })).status).toBe(204);
    expect((await new Agent().post("/api/v1/auth/sign-in-password", { email, password: "a brand new passphrase" })).status).toBe(200);
  });
});
