/**
 * The safeguarding work the cron does (issue #8), through the real `scheduled`
 * and `queue` handlers: mentors whose required training is unfinished are
 * reminded weekly from two weeks before it is due (through the reminder
 * system: one email a day, a signed link to their training), a mentor who
 * finished is not; paused matches get no reminders; and an expired background
 * check takes a mentor out of matching and tells the coordinators once. Dates
 * are in 2032, apart from other files' ticks.
 */
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "@tandem/db";
import { preparationToken, readPreparationToken } from "../../workers/app/src/services/signed-links.js";
import worker from "../../workers/app/src/index.js";
import { Agent } from "./agent.js";
import { testDatabase } from "./factories.js";
import { asMessages, at, capturingQueue, cronTick, institution, linksIn, outboxOf, pair, payloadOf, person, program, runQueue } from "./fixtures/reminders.js";

const db = testDatabase();
const LA = "America/Los_Angeles";

async function trainingProgram(tenantId: string, dueOn: string) {
  const peers = await program(db, tenantId, { startsOn: "2032-05-01", endsOn: "2032-09-30" });
  await db.update(schema.programs).set({ status: "enrolling" }).where(eq(schema.programs.id, peers.id));
  await db.insert(schema.programSafeguarding).values({ tenantId, programId: peers.id, trainingRequired: true, trainingDueOn: dueOn });
  const moduleId = crypto.randomUUID();
  await db.insert(schema.trainingModules).values({ id: moduleId, tenantId, programId: peers.id, position: 1, title: "Boundaries and safety", content: "Meet in public places.", durationMinutes: 20 });
  return { ...peers, moduleId };
}

describe("training reminders", () => {
  it("remind each mentor who has not finished required training, weekly from 14 days before it is due, with a link to their training", async () => {
    const tenant = await institution(db, LA);
    const peers = await trainingProgram(tenant.id, "2032-04-20");
    const behind = await person(db, tenant.id, peers.id, "mentor", "Bea");
    const done = await person(db, tenant.id, peers.id, "mentor", "Dev");
    await db.insert(schema.trainingProgress).values({ tenantId: tenant.id, applicationId: done.id, moduleId: peers.moduleId, programId: peers.id, completedAt: at("2032-03-30T18:00:00Z") });

    // 15 days before: nothing yet.
    expect(await cronTick(at("2032-04-05T18:00:00Z"), [tenant.id])).toEqual([]);

    const first = await cronTick(at("2032-04-06T18:00:00Z"), [tenant.id]);
    expect(first.map((message) => payloadOf(message).recipient.personId)).toEqual([behind.id]);
    expect(payloadOf(first[0]!).items).toMatchObject([{ kind: "training.unfinished", subject: { type: "program", id: peers.id }, period: "2032-04-06", context: { trainingDueOn: "2032-04-20" } }]);
    await runQueue(first);
    const [email] = await outboxOf(db, tenant.id);
    expect(email).toMatchObject({ to: behind.email, kind: "reminder.training.unfinished", subject: expect.stringContaining("Please finish your mentor training by Tuesday, April 20, 2032") });
    const link = linksIn(email!).find((url) => url.includes("/applications/status?token=t1."));
    expect(link).toBeDefined();
    const token = new URL(link!).searchParams.get("token")!;
    expect(await readPreparationToken(env.AUTH_SECRET, token, at("2032-04-06T18:00:00Z").getTime())).toMatchObject({ ok: true, grant: { tenantId: tenant.id, applicationId: behind.id } });
    // The link opens the mentor's training (and nothing else of theirs) — at their institution only, and only while valid.
    const fresh = await preparationToken(env.AUTH_SECRET, { tenantId: tenant.id, applicationId: behind.id }, Date.now());
    const opened = await new Agent().get(`/api/v1/t/${tenant.slug}/applications/status/preparation?token=${encodeURIComponent(fresh)}`);
    expect(opened.status).toBe(200);
    expect(await opened.json()).toMatchObject({ training: { required: true, complete: false, modules: [{ id: peers.moduleId, state: "not_started" }] }, ready: false });
    const elsewhere = await institution(db, LA);
    expect((await new Agent().get(`/api/v1/t/${elsewhere.slug}/applications/status/preparation?token=${encodeURIComponent(fresh)}`)).status).toBe(404);
    const stale = await preparationToken(env.AUTH_SECRET, { tenantId: tenant.id, applicationId: behind.id }, Date.now() - 31 * 86_400_000);
    expect(await (await new Agent().get(`/api/v1/t/${tenant.slug}/applications/status/preparation?token=${encodeURIComponent(stale)}`)).json()).toMatchObject({ status: 404, detail: expect.stringContaining("expired") });
    const forged = `${fresh.slice(0, -4)}AAAA`;
    expect((await new Agent().get(`/api/v1/t/${tenant.slug}/applications/status/preparation?token=${encodeURIComponent(forged)}`)).status).toBe(404);

    // The same week: already sent. The next week: again.
    expect(await cronTick(at("2032-04-08T18:00:00Z"), [tenant.id]).then((messages) => messages.length)).toBe(0);
    const second = await cronTick(at("2032-04-13T18:00:00Z"), [tenant.id]);
    expect(second.map((message) => payloadOf(message).items[0]!.period)).toEqual(["2032-04-13"]);

    // Finished: no more.
    await db.insert(schema.trainingProgress).values({ tenantId: tenant.id, applicationId: behind.id, moduleId: peers.moduleId, programId: peers.id, attendedInPersonOn: "2032-04-14" });
    expect(await cronTick(at("2032-04-20T18:00:00Z"), [tenant.id])).toEqual([]);
  });
});

describe("paused matches", () => {
  it("get no reminders while a guardian's consent is withdrawn", async () => {
    const tenant = await institution(db, LA);
    const peers = await program(db, tenant.id, { startsOn: "2032-01-05", endsOn: "2032-06-30" });
    const { matchId } = await pair(db, tenant.id, peers.id, { startedAt: at("2032-01-06T18:00:00Z"), acknowledged: true });
    const tick = at("2032-02-16T18:00:00Z");
    expect((await cronTick(tick, [tenant.id])).length).toBeGreaterThan(0);
    await db.update(schema.matches).set({ pausedAt: at("2032-02-10T18:00:00Z"), pauseReason: "guardian_consent_withdrawn" }).where(eq(schema.matches.id, matchId));
    expect(await cronTick(tick, [tenant.id])).toEqual([]);
  });
});

describe("background check expiry", () => {
  it("is swept hourly: coordinators are told once per expiry, and the mentor leaves matching", async () => {
    const tenant = await institution(db, LA);
    const peers = await program(db, tenant.id, { startsOn: "2032-05-01", endsOn: "2032-09-30" });
    await db.insert(schema.programSafeguarding).values({ tenantId: tenant.id, programId: peers.id, screeningRequired: true, screeningSteps: ["background_check"] });
    const owner = { id: crypto.randomUUID(), email: `owner-${crypto.randomUUID().slice(0, 8)}@example.test`, name: "Olu Owner" };
    await db.insert(schema.users).values(owner);
    await db.insert(schema.memberships).values({ tenantId: tenant.id, userId: owner.id, role: "owner" });
    const mentor = await person(db, tenant.id, peers.id, "mentor", "Eli");
    await db.insert(schema.mentorScreenings).values({
      tenantId: tenant.id,
      applicationId: mentor.id,
      programId: peers.id,
      backgroundCheckProvider: "Checkr",
      backgroundCheckRequestedOn: "2030-03-01",
      backgroundCheckClearedOn: "2030-03-10",
      backgroundCheckStatus: "cleared",
      backgroundCheckExpiresOn: "2032-03-10",
    });

    const sweep = async (time: string) => {
      const capture = capturingQueue();
      await worker.scheduled(createScheduledController({ scheduledTime: at(time), cron: "*/15 * * * *" }), { ...env, JOBS: capture.queue }, createExecutionContext());
      const jobs = capture.take().filter((job) => job.kind === "screening.expiry_sweep");
      expect(jobs).toHaveLength(1);
      // Each run under its own key: the tests fire the same hour twice on purpose.
      const result = await runQueue(asMessages(jobs.map((job) => ({ ...job, key: `${job.key}:${crypto.randomUUID()}` }))), { JOBS: capture.queue });
      expect(result.retried).toEqual([]);
    };
    const expiryEmails = () => db.select().from(schema.emailOutbox).where(and(eq(schema.emailOutbox.tenantId, tenant.id), eq(schema.emailOutbox.to, owner.email)));

    // The day before it expires (in Los Angeles): nothing.
    await sweep("2032-03-10T06:00:00Z");
    expect(await expiryEmails()).toEqual([]);
    await sweep("2032-03-10T09:00:00Z");
    const emails = await expiryEmails();
    expect(emails).toHaveLength(1);
    expect(emails[0]!.text).toContain("Eli");
    await sweep("2032-03-10T10:00:00Z");
    expect(await expiryEmails()).toHaveLength(1);
    const [row] = await db.select().from(schema.mentorScreenings).where(eq(schema.mentorScreenings.applicationId, mentor.id));
    expect(row!.expiryNotifiedOn).toBe("2032-03-10");
  });
});
