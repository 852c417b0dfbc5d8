/** Program forms (staff) and applying to a program (public), through the Worker. */
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, schema } from "@tandem/db";
import { Agent, emailCount, inviteAndAccept, latestEmail, signUpAndSignIn, userIdOf } from "./agent.js";

const db = openDatabase({ url: env.LIBSQL_URL }).db;
let owner: Agent;
let slug: string;

const peerMentee = (email: string, overrides: Record<string, unknown> = {}) => ({
  answers: {
    first_name: "Maya",
    last_name: "Okafor",
    email,
    major: "biology",
    year: 1,
    goals: ["make_friends", "study_habits"],
    interests: ["music", "fitness"],
    availability: ["tue_evening", "mon_evening"],
    languages: ["en"],
    bio: "First-year biology student who loves choir and running.",
    ...overrides,
  },
  startedAt: Date.now() - 60_000,
});

async function applicationsTo(programSlug: string, email: string) {
  // Program slugs repeat across institutions: look in this file's own.
  const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.slug, slug));
  const [program] = await db.select().from(schema.programs).where(and(eq(schema.programs.tenantId, tenant.id), eq(schema.programs.slug, programSlug)));
  return db.select().from(schema.applications).where(and(eq(schema.applications.programId, program.id), eq(schema.applications.email, email)));
}

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  await owner.post(`/api/v1/t/${slug}/programs`, { name: "First-Year Peers", slug: "peers", type: "peer" });
  await owner.post(`/api/v1/t/${slug}/programs/peers/status`, { status: "enrolling" });
  await owner.post(`/api/v1/t/${slug}/programs`, { name: "Youth Mentoring", slug: "youth", type: "community" });
  await owner.post(`/api/v1/t/${slug}/programs/youth/status`, { status: "enrolling" });
}, 60_000);

describe("program forms", () => {
  it("start from the type's starter form, and save a coordinator's own, validated", async () => {
    const starter = (await (await owner.get(`/api/v1/t/${slug}/programs/peers/forms/mentor`)).json()) as { form: { isStarter: boolean; builtInFields: { key: string }[]; definition: { questions: { key: string }[] } } };
    expect(starter.form.isStarter).toBe(true);
    expect(starter.form.builtInFields.map((q) => q.key)).toEqual(["first_name", "last_name", "email"]);
    expect(starter.form.definition.questions.length).toBeGreaterThan(3);

    const { member: coordinator } = await inviteAndAccept(owner, slug, "coordinator");
    await owner.request("PUT", `/api/v1/t/${slug}/programs/peers/coordinators`, { userIds: [await userIdOf(coordinator)] });
    const definition = {
      version: 1,
      questions: [
        { key: "hobbies", type: "multiple_choice", label: "Hobbies", required: true, choices: [{ value: "chess", label: "Chess" }, { value: "hiking", label: "Hiking" }], matching: { kind: "overlap", weight: 3 } },
        { key: "why", type: "long_text", label: "Why do you want to mentor?", required: false },
      ],
    };
    const saved = await coordinator.request("PUT", `/api/v1/t/${slug}/programs/peers/forms/mentor`, definition);
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ form: { isStarter: false, definition: { questions: [{ key: "hobbies" }, { key: "why" }] } } });

    const invalid = await owner.request("PUT", `/api/v1/t/${slug}/programs/peers/forms/mentor`, { version: 1, questions: [{ key: "email", type: "rainbow", label: "" }] });
    expect(invalid.status).toBe(400);
    const paths = ((await invalid.json()) as { errors: { path: string }[] }).errors.map((e) => e.path);
    expect(paths.every((path) => path.startsWith("body.questions.0"))).toBe(true);
    const { member: viewer } = await inviteAndAccept(owner, slug, "viewer");
    expect((await viewer.request("PUT", `/api/v1/t/${slug}/programs/peers/forms/mentor`, definition)).status).toBe(403);
  });

  it("travel with a program copied into next year's cohort", async () => {
    await owner.request("PUT", `/api/v1/t/${slug}/programs/youth/forms/mentor`, {
      version: 1,
      questions: [{ key: "employer", type: "short_text", label: "Employer", required: true }],
    });
    await owner.post(`/api/v1/t/${slug}/programs/youth/copy`, { name: "Youth Mentoring 2027", slug: "youth-2027" });
    const copied = (await (await owner.get(`/api/v1/t/${slug}/programs/youth-2027/forms/mentor`)).json()) as { form: { isStarter: boolean; definition: { questions: { key: string }[] } } };
    expect(copied.form).toMatchObject({ isStarter: false, definition: { questions: [{ key: "employer" }] } });
  });
});

describe("applying to a program", () => {
  it("shows an enrolling program's form with branding, and refuses one that is not enrolling", async () => {
    const form = await new Agent().get(`/api/v1/t/${slug}/join/peers/mentee`);
    expect(form.status).toBe(200);
    const body = (await form.json()) as { institution: { brandColor: string }; program: { name: string }; questions: { key: string }[] };
    expect(body.institution.brandColor).toBe("#0b6e4f");
    expect(body.program.name).toBe("First-Year Peers");
    expect(body.questions.slice(0, 3).map((q) => q.key)).toEqual(["first_name", "last_name", "email"]);

    await owner.post(`/api/v1/t/${slug}/programs`, { name: "Draft Program", slug: "draft", type: "peer" });
    const closed = await new Agent().get(`/api/v1/t/${slug}/join/draft/mentee`);
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as { detail: string }).detail).toBe("Draft Program is not taking applications right now.");
    expect((await new Agent().get(`/api/v1/t/${slug}/join/nope/mentee`)).status).toBe(404);
  });

  it("stores a valid application, emails a confirmation with a status link, and audits it", async () => {
    const email = `maya-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const response = await new Agent().post(`/api/v1/t/${slug}/join/peers/mentee`, peerMentee(email.toUpperCase()));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ updated: false, application: { status: "submitted", role: "mentee", program: "peers" } });
    const [stored] = await applicationsTo("peers", email);
    expect(stored).toMatchObject({ firstName: "Maya", lastName: "Okafor", status: "submitted", answers: expect.objectContaining({ availability: ["mon_evening", "tue_evening"] }) });
    const mail = await latestEmail(email);
    expect(mail.kind).toBe("enrollment.confirmation");
    expect(mail.links.some((link) => link.includes(`/t/${slug}/applications/status?token=`))).toBe(true);
  });

  it("lists every bad answer and stores nothing", async () => {
    const email = `bad-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const response = await new Agent().post(`/api/v1/t/${slug}/join/peers/mentee`, peerMentee(email, { year: 0, goals: ["make_friends", "flying"], languages: [], colour: "blue" }));
    expect(response.status).toBe(400);
    const paths = ((await response.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort();
    expect(paths).toEqual(["body.answers.colour", "body.answers.goals.1", "body.answers.languages", "body.answers.year"]);
    expect(await applicationsTo("peers", email)).toEqual([]);
    expect(await emailCount(email)).toBe(0);
  });

  it("updates the pending application when the same email applies again, and says so", async () => {
    const email = `again-${crypto.randomUUID().slice(0, 6)}@example.test`;
    await new Agent().post(`/api/v1/t/${slug}/join/peers/mentee`, peerMentee(email));
    const again = await new Agent().post(`/api/v1/t/${slug}/join/peers/mentee`, peerMentee(email, { bio: "Changed my mind about what to share." }));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ updated: true, message: "We updated your earlier application instead of adding a second one." });
    const rows = await applicationsTo("peers", email);
    expect(rows).toHaveLength(1);
    expect(rows[0].answers.bio).toBe("Changed my mind about what to share.");

    await db.update(schema.applications).set({ status: "approved" }).where(eq(schema.applications.id, rows[0].id));
    expect((await new Agent().post(`/api/v1/t/${slug}/join/peers/mentee`, peerMentee(email))).status).toBe(409);
  });

  it("waits for a guardian's consent when a mentee is under the program's age", async () => {
    const email = `teen-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const base = {
      first_name: "Leo",
      last_name: "Park",
      email,
      date_of_birth: "2011-03-14",
      interests: ["music"],
      languages: ["en"],
      location: "Riverside",
      modality: "either",
      availability: ["sat_morning"],
      school: "Riverside High",
      bio: "I like drawing comics.",
    };
    const missingGuardian = await new Agent().post(`/api/v1/t/${slug}/join/youth/mentee`, { answers: base, startedAt: Date.now() - 60_000 });
    expect(missingGuardian.status).toBe(400);
    expect(((await missingGuardian.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(["body.answers.guardian_email", "body.answers.guardian_name"]);

    const response = await new Agent().post(`/api/v1/t/${slug}/join/youth/mentee`, {
      answers: { ...base, guardian_name: "Ana Park", guardian_email: `ana-${crypto.randomUUID().slice(0, 6)}@example.test` },
      startedAt: Date.now() - 60_000,
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ application: { status: "pending_consent" } });
  });

  it("refuses bots (hidden field, or faster than a person) and stores nothing", async () => {
    const email = `bot-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const honeypot = await new Agent().post(`/api/v1/t/${slug}/join/peers/mentee`, { ...peerMentee(email), website: "http://spam.example" });
    const tooFast = await new Agent().post(`/api/v1/t/${slug}/join/peers/mentee`, { ...peerMentee(email), startedAt: Date.now() - 500 });
    expect([honeypot.status, tooFast.status]).toEqual([400, 400]);
    expect(await applicationsTo("peers", email)).toEqual([]);
    // A browser whose clock runs ahead of ours is not mistaken for a bot.
    const skewed = await new Agent().post(`/api/v1/t/${slug}/join/peers/mentee`, { ...peerMentee(email), startedAt: Date.now() + 30_000 });
    expect(skewed.status).toBe(201);
  });
});

describe("applying from an institution's own website", () => {
  const embedder = "https://www.school.example";

  it("is allowed, with CORS, only from the origins in the institution's settings", async () => {
    const email = `embed-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const refused = await new Agent().post(`/api/v1/t/${slug}/join/peers/mentee`, peerMentee(email), { origin: embedder });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBe(embedder);
    expect(((await refused.json()) as { detail: string }).detail).toContain("may not show this institution's enrollment form");
    expect(await applicationsTo("peers", email)).toEqual([]);

    await owner.request("PATCH", `/api/v1/t/${slug}/settings`, { allowedEmbedOrigins: [embedder] });
    const preflight = await new Agent().request("OPTIONS", `/api/v1/t/${slug}/join/peers/mentee`, undefined, { origin: embedder, "access-control-request-method": "POST" });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-headers")).toBe("content-type");
    const form = await new Agent().get(`/api/v1/t/${slug}/join/peers/mentee`, { origin: embedder });
    expect(form.status).toBe(200);
    expect(form.headers.get("access-control-allow-origin")).toBe(embedder);
    const accepted = await new Agent().post(`/api/v1/t/${slug}/join/peers/mentee`, peerMentee(email), { origin: embedder });
    expect(accepted.status).toBe(201);
    expect(accepted.headers.get("access-control-allow-origin")).toBe(embedder);
    // Other institutions' forms are not opened to this website.
    const { slug: otherSlug } = await signUpAndSignIn();
    expect((await new Agent().get(`/api/v1/t/${otherSlug}/join/peers/mentee`, { origin: embedder })).status).toBe(403);
  });
});
