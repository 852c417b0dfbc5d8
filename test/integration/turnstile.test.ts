/**
 * Optional Cloudflare Turnstile on enrollment: the institution's own widget
 * keys in its settings (the secret write-only), the public form naming the
 * site key, and submissions verified with siteverify — a local stand-in here
 * (test/global-setup.ts) that answers as Cloudflare documents for its test
 * secrets. Refused submissions store nothing and send no email.
 */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase, schema } from "@tandem/db";
import worker from "../../workers/app/src/index.js";
import { Agent, emailCount, ORIGIN, type Problem, signUpAndSignIn } from "./agent.js";

const PASS_SECRET = "1x0000000000000000000000000000000AA";
const FAIL_SECRET = "2x0000000000000000000000000000000AA";
const SITE_KEY = "1x00000000000000000000AA";
const DUMMY_TOKEN = "XXXX.DUMMY.TOKEN.XXXX";

const db = openDatabase({ url: env.LIBSQL_URL }).db;
let owner: Agent;
let slug: string;


function application(email: string, extra: Record<string, unknown> = {}) {
  return {
    answers: {
      first_name: "Maya",
      last_name: "Okafor",
      email,
      major: "biology",
      year: 1,
      goals: ["make_friends"],
      interests: ["music"],
      availability: ["tue_evening"],
      languages: ["en"],
      bio: "First-year biology student.",
    },
    startedAt: Date.now() - 60_000,
    ...extra,
  };
}

const uniqueEmail = (tag: string) => `${tag}-${crypto.randomUUID().slice(0, 8)}@example.test`;

async function storedApplications(email: string) {
  const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.slug, slug));
  return db.select().from(schema.applications).where(and(eq(schema.applications.tenantId, tenant.id), eq(schema.applications.email, email)));
}

async function setTurnstile(settings: Record<string, unknown>) {
  const response = await owner.request("PATCH", `/api/v1/t/${slug}/settings`, settings);
  if (response.status !== 200) throw new Error(`settings: ${response.status} ${await response.text()}`);
}

/** What the siteverify stand-in was sent with this token. */
async function verifierCallsWith(token: string): Promise<Record<string, string>[]> {
  const received = (await (await fetch(new URL("/received", inject("turnstileVerifyUrl")))).json()) as Record<string, string>[];
  return received.filter((call) => call.response === token);
}

/** Applies with the Worker's env changed, e.g. siteverify at an address that does not answer. */
async function applyWith(overrides: Record<string, string>, body: unknown): Promise<Response> {
  const ctx = createExecutionContext();
  const request = new Request(`${ORIGIN}/api/v1/t/${slug}/join/peers/mentee`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: ORIGIN, "cf-connecting-ip": "198.51.100.7" },
    body: JSON.stringify(body),
  });
  const response = await worker.fetch(request, { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  await owner.post(`/api/v1/t/${slug}/programs`, { name: "First-Year Peers", slug: "peers", type: "peer" });
  await owner.post(`/api/v1/t/${slug}/programs/peers/status`, { status: "enrolling" });
}, 60_000);

describe("Turnstile settings", () => {
  it("cannot be on without both keys of the institution's widget", async () => {
    const refused = await owner.request("PATCH", `/api/v1/t/${slug}/settings`, { turnstileEnabled: true });
    expect(refused.status).toBe(422);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await refused.json()) as Problem;
    expect(problem.errors?.map((error) => error.path)).toEqual(["body.turnstileSiteKey", "body.turnstileSecretKey"]);
    expect(problem.errors?.[0].message).toContain("Cloudflare dashboard");

    // A key alone is not enough either; nothing was turned on by the refusals.
    expect((await owner.request("PATCH", `/api/v1/t/${slug}/settings`, { turnstileEnabled: true, turnstileSiteKey: SITE_KEY })).status).toBe(422);
    const settings = (await (await owner.get(`/api/v1/t/${slug}/settings`)).json()) as { settings: Record<string, unknown> };
    expect(settings.settings).toMatchObject({ turnstileEnabled: false, turnstileSiteKey: null, turnstileSecretSet: false });

    // Keys saved first, then switched on: fine. Removing a key while it is on: refused.
    await setTurnstile({ turnstileSiteKey: SITE_KEY, turnstileSecretKey: PASS_SECRET });
    await setTurnstile({ turnstileEnabled: true });
    const removal = await owner.request("PATCH", `/api/v1/t/${slug}/settings`, { turnstileSecretKey: null });
    expect(removal.status).toBe(422);
    expect(((await removal.json()) as Problem).errors?.map((error) => error.path)).toEqual(["body.turnstileSecretKey"]);
    await setTurnstile({ turnstileEnabled: false });
  });

  it("never give the secret key back: not in settings, the audit log or the public form", async () => {
    await setTurnstile({ turnstileEnabled: true, turnstileSiteKey: SITE_KEY, turnstileSecretKey: PASS_SECRET });
    const answers = [
      await owner.get(`/api/v1/t/${slug}/settings`),
      await owner.request("PATCH", `/api/v1/t/${slug}/settings`, { turnstileSecretKey: PASS_SECRET }),
      await owner.get(`/api/v1/t/${slug}/audit?limit=20`),
      await new Agent().get(`/api/v1/t/${slug}/join/peers/mentee`),
      await new Agent().get(`/api/v1/t/${slug}`),
    ];
    for (const response of answers) {
      expect(response.status).toBe(200);
      expect(await response.text()).not.toContain(PASS_SECRET);
    }
    const settings = (await (await owner.get(`/api/v1/t/${slug}/settings`)).json()) as { settings: Record<string, unknown> };
    expect(settings.settings).toMatchObject({ turnstileEnabled: true, turnstileSiteKey: SITE_KEY, turnstileSecretSet: true });
    expect(settings.settings).not.toHaveProperty("turnstileSecretKey");
    const audit = (await (await owner.get(`/api/v1/t/${slug}/audit?limit=1`)).json()) as { events: { after: Record<string, unknown> }[] };
    expect(audit.events[0].after).toEqual({ turnstileSecretSet: true });
  });
});

describe("applying with Turnstile on", () => {
  it("tells the form which widget to render, and nothing when Turnstile is off", async () => {
    await setTurnstile({ turnstileEnabled: true, turnstileSiteKey: SITE_KEY, turnstileSecretKey: PASS_SECRET });
    expect(await (await new Agent().get(`/api/v1/t/${slug}/join/peers/mentee`)).json()).toMatchObject({ turnstile: { siteKey: SITE_KEY } });
    await setTurnstile({ turnstileEnabled: false });
    expect(await (await new Agent().get(`/api/v1/t/${slug}/join/peers/mentee`)).json()).toMatchObject({ turnstile: null });
  });

  it("stores an application whose token siteverify accepts, having sent it the secret, token and IP", async () => {
    await setTurnstile({ turnstileEnabled: true, turnstileSiteKey: SITE_KEY, turnstileSecretKey: PASS_SECRET });
    const email = uniqueEmail("passes");
    const token = `token-${crypto.randomUUID()}`;
    const response = await new Agent("192.0.2.44").post(`/api/v1/t/${slug}/join/peers/mentee`, application(email, { turnstileToken: token }));
    expect(response.status, await response.clone().text()).toBe(201);
    expect(await storedApplications(email)).toHaveLength(1);
    expect(await verifierCallsWith(token)).toEqual([{ secret: PASS_SECRET, response: token, remoteip: "192.0.2.44", contentType: "application/x-www-form-urlencoded" }]);
  });

  it("refuses a token siteverify rejects, saying what to do, and stores nothing", async () => {
    await setTurnstile({ turnstileEnabled: true, turnstileSiteKey: SITE_KEY, turnstileSecretKey: FAIL_SECRET });
    const email = uniqueEmail("fails");
    const response = await new Agent().post(`/api/v1/t/${slug}/join/peers/mentee`, application(email, { turnstileToken: DUMMY_TOKEN }));
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.detail).toBe("The check that you are a person did not pass, or it expired. Complete the check again, then send the form again.");
    expect(problem.errors?.map((error) => error.path)).toEqual(["body.turnstileToken"]);
    expect(await storedApplications(email)).toEqual([]);
    expect(await emailCount(email)).toBe(0);
  });

  it("refuses a submission without a token, and stores nothing", async () => {
    await setTurnstile({ turnstileEnabled: true, turnstileSiteKey: SITE_KEY, turnstileSecretKey: PASS_SECRET });
    const email = uniqueEmail("no-token");
    const response = await new Agent().post(`/api/v1/t/${slug}/join/peers/mentee`, application(email));
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.detail).toBe("Confirm that you are a person with the check above the Send button, then send the form again.");
    expect(problem.errors).toEqual([{ path: "body.turnstileToken", message: "is required: complete the check that you are a person" }]);
    expect(await storedApplications(email)).toEqual([]);
    expect(await emailCount(email)).toBe(0);
  });

  it("checks the cheap things first, and the answers before spending the token", async () => {
    await setTurnstile({ turnstileEnabled: true, turnstileSiteKey: SITE_KEY, turnstileSecretKey: PASS_SECRET });
    const email = uniqueEmail("order");
    const token = `token-${crypto.randomUUID()}`;
    const bot = await new Agent().post(`/api/v1/t/${slug}/join/peers/mentee`, application(email, { turnstileToken: token, website: "http://spam.example" }));
    expect(((await bot.json()) as { type: string }).type).toBe("https://tandem.dev/problems/submission-refused");
    const invalid = await new Agent().post(`/api/v1/t/${slug}/join/peers/mentee`, { ...application(email, { turnstileToken: token }), answers: { ...application(email).answers, year: 0 } });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as Problem).errors?.map((error) => error.path)).toEqual(["body.answers.year"]);
    // Neither reached siteverify, so the person's token is still good for the corrected form.
    expect(await verifierCallsWith(token)).toEqual([]);
    expect(await storedApplications(email)).toEqual([]);
  });

  it("fails closed with a 503 when siteverify cannot be reached or does not answer, and stores nothing", async () => {
    await setTurnstile({ turnstileEnabled: true, turnstileSiteKey: SITE_KEY, turnstileSecretKey: PASS_SECRET });
    const email = uniqueEmail("down");
    const refused = await applyWith({ TURNSTILE_VERIFY_URL: "http://127.0.0.1:1/turnstile/v0/siteverify" }, application(email, { turnstileToken: DUMMY_TOKEN }));
    expect(refused.status).toBe(503);
    expect(refused.headers.get("retry-after")).toBe("30");
    expect(((await refused.json()) as Problem).detail).toBe("We couldn't check that you are a person just now, so your application was not sent. Try again in a minute.");
    // A server that takes the connection and never answers: refused after the timeout, not hung.
    const started = Date.now();
    const silent = await applyWith({ TURNSTILE_VERIFY_URL: inject("hangingDbUrl") }, application(email, { turnstileToken: DUMMY_TOKEN }));
    expect(silent.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await storedApplications(email)).toEqual([]);
    expect(await emailCount(email)).toBe(0);
  }, 20_000);

  it("needs no token when Turnstile is off", async () => {
    await setTurnstile({ turnstileEnabled: false });
    const email = uniqueEmail("off");
    const response = await new Agent().post(`/api/v1/t/${slug}/join/peers/mentee`, application(email));
    expect(response.status).toBe(201);
    expect(await storedApplications(email)).toHaveLength(1);
  });
});
