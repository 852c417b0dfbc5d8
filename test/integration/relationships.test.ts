/**
 * The coordinator's side of the relationship (issue #6), in workerd: pairs
 * sorted by risk (silence for 1.5× and 2× the cadence, low pulses), a check-in
 * putting a pair back on track, support contacts and when they are overdue
 * (monthly; twice in the first month for youth programs), coordinators kept
 * to their own programs, the survey settings, closing a match, and a program's
 * end completing its matches with closure surveys from the queue. Time moves
 * by moving a pair's start back: these tests own their rows.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { schema } from "@tandem/db";
import worker from "../../workers/app/src/index.js";
import { type Agent, inviteAndAccept, type Problem, signUpAndSignIn, userIdOf } from "./agent.js";
import { asPortal, DAY, db, emailsOfKind, json, localDay, matchedDaysAgo, type Pair, pairedProgram, seedPairs, tenantIdOf, tokenFor } from "./fixtures/pairs.js";

interface Row {
  id: string;
  status: string;
  closeReason: string | null;
  mentor: { id: string; firstName: string };
  mentee: { id: string; firstName: string };
  health: { status: string; reasons: { code: string; message: string }[]; daysSinceCheckin: number | null };
  lastCheckinAt: string | null;
  lastCheckinOn: string | null;
  openHelpRequests: number;
  support: { lastContactOn: string | null; due: boolean; dueOn: string; daysOverdue: number; waitingOn: string[] };
  agreement: { mentor: boolean; mentee: boolean };
  goals: { open: number; achieved: number };
}
interface List {
  program: { slug: string; name: string; checkinCadenceDays: number };
  counts: { on_track: number; needs_attention: number; at_risk: number; closed: number; supportOverdue: number; helpRequested: number; paused: number };
  matches: Row[];
}

let owner: Agent;
let slug: string;
let tenantId: string;
let program: string;
let pairs: Pair[];

const list = async (as: Agent = owner, programSlug = program, query = "") => json<List>(await as.get(`/api/v1/t/${slug}/programs/${programSlug}/relationships${query}`), 200);
const portalOf = async (pair: Pair, person: "mentor" | "mentee") => asPortal(owner, slug, await tokenFor(tenantId, pair.matchId, pair[person].id));
async function pulse(pair: Pair, person: "mentor" | "mentee", rating: number) {
  const portal = await portalOf(pair, person);
  const { survey } = await json<{ survey: { key: string } | null }>(await portal.get(), 200);
  expect(survey?.key).toMatch(/^pulse-\d+$/);
  await json(await portal.put(`/surveys/${survey!.key}`, { answers: { rating } }), 200);
}

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  tenantId = await tenantIdOf(slug);
  // Weekly pulses without a midpoint: on any day one pulse is open (the latest opened 4 days ago).
  ({ program, pairs } = await pairedProgram(owner, slug, { pairs: 5, startedDaysAgo: 60, surveys: { pulseEveryWeeks: 1, midpoint: false } }));
  const [quiet, silent, unhappy, uneasy, fine] = pairs as [Pair, Pair, Pair, Pair, Pair];
  await matchedDaysAgo(quiet.matchId, 22); // 1.5× the 14-day cadence without a check-in
  await matchedDaysAgo(silent.matchId, 33); // past 2× the cadence, and a month without a support contact
  for (const pair of [unhappy, uneasy, fine]) await matchedDaysAgo(pair.matchId, 5);
  await pulse(unhappy, "mentor", 2);
  await pulse(unhappy, "mentee", 1);
  await pulse(uneasy, "mentee", 2);
  await pulse(uneasy, "mentor", 5);
  await pulse(fine, "mentee", 4);
}, 180_000);

describe("the list of pairs", () => {
  it("puts the pairs most at risk first, each with why", async () => {
    const [quiet, silent, unhappy, uneasy, fine] = pairs as [Pair, Pair, Pair, Pair, Pair];
    const { program: seen, counts, matches } = await list();
    expect(seen).toEqual({ slug: program, name: expect.any(String), checkinCadenceDays: 14 });
    expect(matches.map((row) => row.id)).toEqual([silent.matchId, unhappy.matchId, quiet.matchId, uneasy.matchId, fine.matchId]);
    expect(matches.map((row) => row.health.status)).toEqual(["at_risk", "at_risk", "needs_attention", "needs_attention", "on_track"]);
    const byId = new Map(matches.map((row) => [row.id, row]));
    expect(byId.get(silent.matchId)!.health.reasons[0]).toEqual({ code: "checkin_very_late", message: "No check-in since the match started 33 days ago: the pair is expected to meet every 14 days, and twice that has passed." });
    expect(byId.get(quiet.matchId)!.health.reasons.map((reason) => reason.code)).toEqual(["checkin_late"]);
    expect(byId.get(unhappy.matchId)!.health.reasons.map((reason) => reason.code)).toEqual(["low_pulses"]);
    expect(byId.get(uneasy.matchId)!.health.reasons).toEqual([{ code: "low_pulse", message: "The mentee's latest pulse answer is 2/5." }]);
    expect(byId.get(fine.matchId)!.health).toMatchObject({ status: "on_track", daysSinceCheckin: null });
    expect(byId.get(fine.matchId)!.mentor).toEqual({ id: fine.mentor.id, firstName: fine.mentor.firstName, lastName: fine.mentor.lastName });
    expect(counts).toEqual({ on_track: 1, needs_attention: 2, at_risk: 2, closed: 0, supportOverdue: 1, helpRequested: 0, paused: 0 });
    expect(byId.get(silent.matchId)!.support).toEqual({ lastContactOn: null, due: true, dueOn: localDay(-3), daysOverdue: 3, waitingOn: ["mentor", "mentee"] });
    expect(byId.get(quiet.matchId)!.support).toMatchObject({ due: false, dueOn: localDay(8), daysOverdue: 0 });
  });

  it("moves a silent pair back on track with a check-in, but a check-in does not clear a low pulse", async () => {
    const [quiet, , , uneasy] = pairs as [Pair, Pair, Pair, Pair];
    await json(await (await portalOf(quiet, "mentee")).post("/checkins", { meetingOn: localDay(0), durationMinutes: 30, mode: "video", rating: 4 }), 201);
    await json(await (await portalOf(uneasy, "mentor")).post("/checkins", { meetingOn: localDay(-1), durationMinutes: 60, mode: "in_person", rating: 3 }), 201);
    const byId = new Map((await list()).matches.map((row) => [row.id, row]));
    expect(byId.get(quiet.matchId)).toMatchObject({ health: { status: "on_track", daysSinceCheckin: 0 }, lastCheckinOn: localDay(0) });
    expect(byId.get(uneasy.matchId)).toMatchObject({ health: { status: "needs_attention", daysSinceCheckin: 1 }, lastCheckinOn: localDay(-1) });
    expect(byId.get(uneasy.matchId)!.health.reasons.map((reason) => reason.code)).toEqual(["low_pulse"]);
    // The next pulse answer is what clears it.
    const { counts } = await list();
    expect(counts).toMatchObject({ on_track: 2, needs_attention: 1, at_risk: 2 });
  });

  it("shows agreement and goals at a glance", async () => {
    const [, , , , fine] = pairs as [Pair, Pair, Pair, Pair, Pair];
    const mentee = await portalOf(fine, "mentee");
    await json(await mentee.post("/agreement"), 200);
    await json(await mentee.post("/goals", { title: "Find an internship" }), 201);
    const row = (await list()).matches.find((match) => match.id === fine.matchId)!;
    expect(row.agreement).toEqual({ mentor: false, mentee: true });
    expect(row.goals).toEqual({ open: 1, achieved: 0 });
  });

  it("lists a program of 2,000 pairs in a few reads: each pair dated by its latest meeting, open calls for help counted, no note or reflection read out", async () => {
    const big = await pairedProgram(owner, slug, { pairs: 1 });
    const reflection = `Seeded private reflection ${crypto.randomUUID()}`;
    // Six weekly meetings each, logged newest first: a pair is dated by its latest meeting, not by its latest log.
    const ids = await seedPairs(tenantId, big.program, { count: 2000, startedDaysAgo: 60, meetings: 6, reflection });
    const [first, helped] = ids as [string, string];
    const helpRequest = (resolvedAt: Date | null) => ({ id: crypto.randomUUID(), tenantId, matchId: helped, authorApplicationId: "seeded", source: "email_link" as const, outcome: "need_help" as const, resolvedAt });
    await db.insert(schema.checkins).values([helpRequest(null), helpRequest(new Date(Date.now() - DAY))]);

    const started = Date.now();
    const response = await owner.get(`/api/v1/t/${slug}/programs/${big.program}/relationships`);
    const took = Date.now() - started;
    const text = await response.text();
    expect(response.status).toBe(200);
    const { matches, counts } = JSON.parse(text) as List;
    expect(matches).toHaveLength(2001);
    const byId = new Map(matches.map((row) => [row.id, row]));
    expect(byId.get(first)).toMatchObject({ lastCheckinOn: localDay(-7), health: { status: "on_track", daysSinceCheckin: 7 }, openHelpRequests: 0 });
    expect(byId.get(helped)!.openHelpRequests).toBe(1);
    expect(counts.helpRequested).toBe(1);
    expect(text).not.toContain(reflection);
    // Without a query per pair this takes about a second here; a query per pair would take tens.
    expect(took).toBeLessThan(10_000);
  }, 120_000);
});

describe("support contacts", () => {
  it("are logged with a date and a note, which ends the overdue flag", async () => {
    const [, silent] = pairs as [Pair, Pair];
    const future = await json<Problem>(await owner.post(`/api/v1/t/${slug}/matches/${silent.matchId}/support-contacts`, { contactedOn: localDay(1), note: "Called" }), 400);
    expect(future.errors).toEqual([{ path: "body.contactedOn", message: expect.stringContaining("cannot be in the future") }]);
    const before = await json<Problem>(await owner.post(`/api/v1/t/${slug}/matches/${silent.matchId}/support-contacts`, { contactedOn: localDay(-40), note: "Called" }), 400);
    expect(before.errors![0]!.message).toMatch(/before the match started/);
    const bad = await json<Problem>(await owner.post(`/api/v1/t/${slug}/matches/${silent.matchId}/support-contacts`, { contactedOn: "2026-13-01", note: "x".repeat(2001) }), 400);
    expect(bad.errors!.map((error) => error.path).sort()).toEqual(["body.contactedOn", "body.note"]);

    const { contact } = await json<{ contact: { id: string; contactedOn: string; note: string } }>(
      await owner.post(`/api/v1/t/${slug}/matches/${silent.matchId}/support-contacts`, { contactedOn: localDay(0), note: "Phoned both; they will meet on Monday." }),
      201,
    );
    expect(contact).toMatchObject({ contactedOn: localDay(0), note: "Phoned both; they will meet on Monday." });
    const row = (await list()).matches.find((match) => match.id === silent.matchId)!;
    expect(row.support).toEqual({ lastContactOn: localDay(0), due: false, dueOn: localDay(30), daysOverdue: 0, waitingOn: ["mentor", "mentee"] });
    expect((await list()).counts.supportOverdue).toBe(0);
    const detail = await json<{ support: { contacts: { id: string; note: string; by: { name: string } | null }[] } }>(await owner.get(`/api/v1/t/${slug}/matches/${silent.matchId}`), 200);
    expect(detail.support.contacts).toEqual([expect.objectContaining({ id: contact.id, by: { name: "Olive Owner" } })]);
  });

  it("are due twice in the first month in a youth program, where partners' emails stay private", async () => {
    const youth = await pairedProgram(owner, slug, { pairs: 1, youth: true, startedDaysAgo: 20 });
    const [pair] = youth.pairs as [Pair];
    await matchedDaysAgo(pair.matchId, 16);
    const [row] = (await list(owner, youth.program)).matches;
    // Youth: the first contact is due on day 15 (monthly would be day 30); this mentee is an adult, with no guardian to reach.
    expect(row!.support).toEqual({ lastContactOn: null, due: true, dueOn: localDay(-1), daysOverdue: 1, waitingOn: ["mentor", "mentee"] });
    const view = await json<{ match: { partner: { email: string | null } } }>(await (await portalOf(pair, "mentee")).get(), 200);
    expect(view.match.partner.email).toBeNull();
  }, 60_000);
});

describe("who may see which pairs", () => {
  let other: Awaited<ReturnType<typeof pairedProgram>>;
  let coordinator: Agent;

  beforeAll(async () => {
    other = await pairedProgram(owner, slug, { pairs: 1 });
    ({ member: coordinator } = await inviteAndAccept(owner, slug, "coordinator"));
    await json(await owner.request("PUT", `/api/v1/t/${slug}/programs/${other.program}/coordinators`, { userIds: [await userIdOf(coordinator)] }), 200);
  }, 60_000);

  it("keeps a coordinator to the programs they run, as matching does (another program's pairs are 404)", async () => {
    const [pair] = pairs as [Pair];
    expect((await coordinator.get(`/api/v1/t/${slug}/programs/${program}/relationships`)).status).toBe(404);
    expect((await coordinator.get(`/api/v1/t/${slug}/programs/${program}/relationship-settings`)).status).toBe(404);
    const detail = await coordinator.get(`/api/v1/t/${slug}/matches/${pair.matchId}`);
    expect(detail.status).toBe(404);
    expect(await detail.text()).not.toContain(pair.mentee.firstName);
    expect((await coordinator.post(`/api/v1/t/${slug}/matches/${pair.matchId}/support-contacts`, { contactedOn: localDay(0), note: "x" })).status).toBe(404);
    expect((await coordinator.post(`/api/v1/t/${slug}/matches/${pair.matchId}/close`, { reason: "other" })).status).toBe(404);
    expect((await list()).matches.find((row) => row.id === pair.matchId)!.status).toBe("active");

    const own = await list(coordinator, other.program);
    expect(own.matches.map((row) => row.id)).toEqual([other.pairs[0]!.matchId]);
    expect((await coordinator.get(`/api/v1/t/${slug}/matches/${other.pairs[0]!.matchId}`)).status).toBe(200);
  });

  it("is not for viewers (403)", async () => {
    const { member: viewer } = await inviteAndAccept(owner, slug, "viewer");
    expect((await viewer.get(`/api/v1/t/${slug}/programs/${program}/relationships`)).status).toBe(403);
    expect((await viewer.get(`/api/v1/t/${slug}/matches/${pairs[0]!.matchId}`)).status).toBe(403);
  });
});

describe("survey settings", () => {
  it("show the calendar they give, refuse bad values per field, and set the first-meeting prompt", async () => {
    const settings = await json<{ surveys: Record<string, unknown>; schedule: { key: string; title: string; opensOn: string }[]; defaults: Record<string, unknown> }>(await owner.get(`/api/v1/t/${slug}/programs/${program}/relationship-settings`), 200);
    expect(settings.surveys).toMatchObject({ pulseEveryWeeks: 1, midpoint: false, final: true, pulseOpenDays: 7 });
    expect(settings.defaults).toMatchObject({ pulseEveryWeeks: 4, midpoint: true });
    expect(settings.schedule[0]).toEqual({ key: "pulse-1", kind: "pulse", title: "Pulse survey 1", opensOn: localDay(-53), closesOn: localDay(-47) });
    expect(settings.schedule.at(-1)!.key).toBe("final");

    const bad = await json<Problem>(await owner.request("PUT", `/api/v1/t/${slug}/programs/${program}/relationship-settings`, { surveys: { pulseEveryWeeks: 0, weekly: true } }), 400);
    expect(bad.errors!.map((error) => error.path).sort()).toEqual(expect.arrayContaining(["body.surveys.pulseEveryWeeks"]));
    expect((await json<{ surveys: { pulseEveryWeeks: number } }>(await owner.get(`/api/v1/t/${slug}/programs/${program}/relationship-settings`), 200)).surveys.pulseEveryWeeks).toBe(1);

    const saved = await json<{ firstMeetingPrompt: string; surveys: { pulseEveryWeeks: number } }>(
      await owner.request("PUT", `/api/v1/t/${slug}/programs/${program}/relationship-settings`, { firstMeetingPrompt: "Swap your timetables and pick a weekly slot." }),
      200,
    );
    expect(saved).toMatchObject({ firstMeetingPrompt: "Swap your timetables and pick a weekly slot.", surveys: { pulseEveryWeeks: 1 } });
    const view = await json<{ agreement: { firstMeetingPrompt: string } }>(await (await portalOf(pairs[0]!, "mentor")).get(), 200);
    expect(view.agreement.firstMeetingPrompt).toBe("Swap your timetables and pick a weekly slot.");
  });
});

describe("closing", () => {
  it("lets a coordinator close a pair, completed or early; it moves to the closed list with its reason", async () => {
    const [, , , , fine] = pairs as [Pair, Pair, Pair, Pair, Pair];
    const closed = await json<{ match: { status: string }; closure: { reason: string; reasonLabel: string; closedBy: string; note: string } }>(
      await owner.post(`/api/v1/t/${slug}/matches/${fine.matchId}/close`, { reason: "goals_met_early", note: "Both happy." }),
      200,
    );
    expect(closed.match.status).toBe("closed");
    expect(closed.closure).toEqual(expect.objectContaining({ reason: "goals_met_early", reasonLabel: "Goals met early", closedBy: "coordinator", note: "Both happy." }));
    expect((await json<Problem>(await owner.post(`/api/v1/t/${slug}/matches/${fine.matchId}/close`, { reason: "other" }), 409)).type).toMatch(/match-closed$/);
    const active = await list();
    expect(active.matches.map((row) => row.id)).not.toContain(fine.matchId);
    expect(active.counts.closed).toBe(1);
    const closedList = await list(owner, program, "?status=closed");
    expect(closedList.matches).toEqual([expect.objectContaining({ id: fine.matchId, status: "closed", closeReason: "goals_met_early" })]);
    const [email] = await emailsOfKind(fine.mentee.email, "match.closure_survey");
    expect(email!.text).toContain("The program's coordinator has closed your mentoring match");
  });

  it("completes every active match when the program closes, in one go, and sends their closure surveys", async () => {
    const ending = await pairedProgram(owner, slug, { pairs: 2 });
    await json(await owner.post(`/api/v1/t/${slug}/programs/${ending.program}/status`, { status: "closed" }), 200);
    const closed = await list(owner, ending.program, "?status=closed");
    expect(closed.matches.map((row) => [row.status, row.closeReason])).toEqual([
      ["closed", "completed"],
      ["closed", "completed"],
    ]);
    expect(closed.counts).toMatchObject({ closed: 2, on_track: 0, needs_attention: 0, at_risk: 0 });
    const relationships = await db.select().from(schema.matchRelationships).where(eq(schema.matchRelationships.matchId, ending.pairs[0]!.matchId));
    expect(relationships[0]).toMatchObject({ closeReason: "completed", closedBy: "system" });
    for (const pair of ending.pairs) {
      for (const person of [pair.mentor, pair.mentee]) {
        const [email] = await emailsOfKind(person.email, "match.closure_survey");
        expect(email!.text).toContain("has come to its end with the program");
      }
    }
    const detail = await json<{ closure: { reason: string; closedBy: string } }>(await owner.get(`/api/v1/t/${slug}/matches/${ending.pairs[1]!.matchId}`), 200);
    expect(detail.closure).toMatchObject({ reason: "completed", closedBy: "system" });
  }, 60_000);

  it("sends closure surveys whose job was lost from the hourly sweep, once", async () => {
    const lost = await pairedProgram(owner, slug, { pairs: 1 });
    const [pair] = lost.pairs as [Pair];
    // As if the close had committed and the queue had then refused its job: closed two hours ago, no surveys, no ledger entry.
    await db.update(schema.matches).set({ status: "closed", closedAt: new Date(Date.now() - 2 * 60 * 60_000) }).where(eq(schema.matches.id, pair.matchId));
    const surveysTo = async (to: string) => (await db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.to, to))).filter((email) => email.kind === "match.closure_survey").length;
    expect(await surveysTo(pair.mentee.email)).toBe(0);

    // The hourly sweep's job, under a key of its own: the cron's hourly key may already be used by another file's sweep.
    const sweep = async () => {
      const job = { kind: "match.introduction_sweep", key: `match.introduction_sweep:test-${crypto.randomUUID()}`, payload: { now: Date.now() }, enqueuedAt: Date.now() };
      const batch = createMessageBatch("tandem-jobs", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body: job }]);
      const ctx = createExecutionContext();
      await worker.queue(batch, env, ctx);
      expect((await getQueueResult(batch, ctx)).explicitAcks).toHaveLength(1);
    };
    await sweep();
    await expect.poll(() => surveysTo(pair.mentee.email), { timeout: 30_000, interval: 200 }).toBe(1);
    await expect.poll(() => surveysTo(pair.mentor.email), { timeout: 30_000, interval: 200 }).toBe(1);
    // A later sweep finds the job done and sends nothing more.
    await sweep();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect([await surveysTo(pair.mentee.email), await surveysTo(pair.mentor.email)]).toEqual([1, 1]);
  }, 60_000);
});
