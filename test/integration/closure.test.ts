/**
 * The closure procedure (issue #8), in workerd: a coordinator closes a match
 * with the closure conversation and each side's next step, or completes them
 * afterwards; `exit` withdraws that person's application (unless they have
 * another active match), `rematch` puts a mentee back among those waiting;
 * the closure survey goes out on close. Also support contacts that say who
 * was reached (a guardian only in youth programs), and paused pairs in the
 * coordinator's views. These tests own their rows.
 */
import { eq } from "drizzle-orm";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { schema } from "@tandem/db";
import { type Agent, type AuditEvent, inviteAndAccept, type Problem, signUpAndSignIn, userIdOf } from "./agent.js";
import { db, emailsOfKind, json, localDay, matchedDaysAgo, type Pair, pairedProgram, tenantIdOf } from "./fixtures/pairs.js";

interface Closure {
  reason: string | null;
  reasonLabel: string | null;
  note: string;
  closedBy: string | null;
  closedAt: string | null;
  conversationOn: string | null;
  conversationNote: string;
  mentorNextStep: "rematch" | "exit" | null;
  menteeNextStep: "rematch" | "exit" | null;
  surveySent: boolean;
  surveySentAt: string | null;
  complete: boolean;
}
interface Detail {
  match: { id: string; status: string };
  paused: { since: string; reason: string } | null;
  closure: Closure | null;
  support: { contacts: { id: string; contactedOn: string; note: string; parties: string[]; by: { name: string } | null }[] };
}
interface Row {
  id: string;
  status: string;
  closureComplete: boolean | null;
  paused: { since: string; reason: string } | null;
}
interface List {
  counts: Record<string, number>;
  matches: Row[];
}

let owner: Agent;
let coordinator: Agent;
let slug: string;
let tenantId: string;
let program: string;
let pairs: Pair[];

const detail = async (matchId: string, as: Agent = coordinator) => json<Detail>(await as.get(`/api/v1/t/${slug}/matches/${matchId}`), 200);
const list = async (query = "", programSlug = program) => json<List>(await coordinator.get(`/api/v1/t/${slug}/programs/${programSlug}/relationships${query}`), 200);
const close = (matchId: string, body: unknown) => coordinator.post(`/api/v1/t/${slug}/matches/${matchId}/close`, body);
const recordClosure = (matchId: string, body: unknown) => coordinator.request("PATCH", `/api/v1/t/${slug}/matches/${matchId}/closure`, body);
const waitingMentees = async () => (await json<{ pool: { waitingMentees: number } }>(await coordinator.get(`/api/v1/t/${slug}/programs/${program}/matching/settings`), 200)).pool.waitingMentees;
const statusOf = async (role: "mentor" | "mentee", applicationId: string) => {
  const { applications } = await json<{ applications: { id: string; status: string }[] }>(await coordinator.get(`/api/v1/t/${slug}/programs/${program}/applications?role=${role}&limit=500`), 200);
  return applications.find((application) => application.id === applicationId)?.status;
};
const audit = async () => (await json<{ events: AuditEvent[] }>(await owner.get(`/api/v1/t/${slug}/audit?limit=200`), 200)).events;

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  tenantId = await tenantIdOf(slug);
  ({ program, pairs } = await pairedProgram(owner, slug, { pairs: 4, startedDaysAgo: 40 }));
  for (const pair of pairs) await matchedDaysAgo(pair.matchId, 30);
  ({ member: coordinator } = await inviteAndAccept(owner, slug, "coordinator"));
  await json(await owner.request("PUT", `/api/v1/t/${slug}/programs/${program}/coordinators`, { userIds: [await userIdOf(coordinator)] }), 200);
}, 120_000);

describe("closing with the closure procedure", () => {
  it("records the conversation and next steps with the close: the mentor exits (application withdrawn), the mentee waits to be re-matched", async () => {
    const [pair] = pairs as [Pair];
    const waitingBefore = await waitingMentees();
    const closed = await json<Detail>(
      await close(pair.matchId, {
        reason: "schedule_conflict",
        note: "The mentor's shifts changed.",
        closureConversationOn: localDay(-1),
        closureConversationNote: "Met both; the mentee would like a new mentor.",
        mentorNextStep: "exit",
        menteeNextStep: "rematch",
      }),
      200,
    );
    expect(closed.match.status).toBe("closed");
    expect(closed.closure).toEqual({
      reason: "schedule_conflict",
      reasonLabel: expect.any(String),
      note: "The mentor's shifts changed.",
      closedBy: "coordinator",
      closedAt: expect.any(String),
      conversationOn: localDay(-1),
      conversationNote: "Met both; the mentee would like a new mentor.",
      mentorNextStep: "exit",
      menteeNextStep: "rematch",
      surveySent: expect.any(Boolean),
      surveySentAt: expect.toBeOneOf([null, expect.any(String)]),
      complete: true,
    });
    expect(await statusOf("mentor", pair.mentor.id)).toBe("withdrawn");
    expect(await statusOf("mentee", pair.mentee.id)).toBe("approved");
    expect(await waitingMentees()).toBe(waitingBefore + 1);

    // The final (closure) survey goes to both people from the queue, and the pair's page then says so.
    for (const person of [pair.mentor, pair.mentee]) expect((await emailsOfKind(person.email, "match.closure_survey"))[0]!.text).toContain("closure survey");
    await expect.poll(async () => (await detail(pair.matchId)).closure!.surveySent, { timeout: 20_000, interval: 250 }).toBe(true);
    // Recorded on the pair, so the procedure's record outlives the job ledger (pruned after 30 days).
    const sentAt = Date.parse((await detail(pair.matchId)).closure!.surveySentAt!);
    expect(sentAt).toBeGreaterThanOrEqual(Date.parse(closed.closure!.closedAt!));
    expect(sentAt).toBeLessThanOrEqual(Date.now());
    // The compliance report's closure record says when, as a local date.
    const report = await json<{ matches: { id: string; closure: { conversationOn: string | null; surveySentOn: string | null } | null }[] }>(await owner.get(`/api/v1/t/${slug}/programs/${program}/compliance`), 200);
    expect(report.matches.find((row) => row.id === pair.matchId)!.closure).toMatchObject({ conversationOn: localDay(-1), surveySentOn: localDay(0, "America/Chicago", sentAt) });
    const csv = Papa.parse<Record<string, string>>(await (await owner.get(`/api/v1/t/${slug}/programs/${program}/compliance.csv?part=matches`)).text(), { header: true, skipEmptyLines: true });
    expect(csv.meta.fields).toContain("closure_survey_sent_on");
    expect(csv.data.filter((row) => row.status === "closed").map((row) => row.closure_survey_sent_on)).toContain(localDay(0, "America/Chicago", sentAt));

    const closedList = await list("?status=closed");
    expect(closedList.matches.find((row) => row.id === pair.matchId)).toMatchObject({ closureComplete: true, paused: null });

    const events = await audit();
    expect(events.find((event) => event.action === "match.closure_recorded" && event.entityId === pair.matchId)).toMatchObject({
      before: { closureConversationOn: null, mentorNextStep: null, menteeNextStep: null },
      after: { closureConversationOn: localDay(-1), mentorNextStep: "exit", menteeNextStep: "rematch" },
    });
    expect(events.find((event) => event.action === "application.withdrawn" && event.entityId === pair.mentor.id)).toMatchObject({ before: { status: "approved" }, after: { status: "withdrawn", reason: "closure_exit", matchId: pair.matchId } });
    expect(events.some((event) => event.entityId === pair.mentee.id && event.action === "application.withdrawn")).toBe(false);
  });

  it("can be completed after the close: incomplete until the conversation and both next steps are in, then an exit withdraws the mentee, and undoing it brings them back", async () => {
    const [, pair] = pairs as [Pair, Pair];
    const closed = await json<Detail>(await close(pair.matchId, { reason: "lost_contact" }), 200);
    expect(closed.closure).toMatchObject({ conversationOn: null, conversationNote: "", mentorNextStep: null, menteeNextStep: null, complete: false });
    expect((await list("?status=closed")).matches.find((row) => row.id === pair.matchId)!.closureComplete).toBe(false);

    const talked = await json<Detail>(await recordClosure(pair.matchId, { closureConversationOn: localDay(0), closureConversationNote: "Phoned the mentor." }), 200);
    expect(talked.closure).toMatchObject({ conversationOn: localDay(0), conversationNote: "Phoned the mentor.", complete: false });
    const waitingBefore = await waitingMentees();
    const decided = await json<Detail>(await recordClosure(pair.matchId, { mentorNextStep: "rematch", menteeNextStep: "exit" }), 200);
    expect(decided.closure).toMatchObject({ conversationOn: localDay(0), conversationNote: "Phoned the mentor.", mentorNextStep: "rematch", menteeNextStep: "exit", complete: true });
    expect(await statusOf("mentee", pair.mentee.id)).toBe("withdrawn");
    expect(await statusOf("mentor", pair.mentor.id)).toBe("approved");
    expect(await waitingMentees()).toBe(waitingBefore - 1);

    // A change of mind: the mentee is to be re-matched after all; the application this closure withdrew is approved again.
    const undone = await json<Detail>(await recordClosure(pair.matchId, { menteeNextStep: "rematch" }), 200);
    expect(undone.closure).toMatchObject({ menteeNextStep: "rematch", complete: true });
    expect(await statusOf("mentee", pair.mentee.id)).toBe("approved");
    expect(await waitingMentees()).toBe(waitingBefore);
    const actions = (await audit()).filter((event) => event.entityId === pair.mentee.id).map((event) => event.action);
    expect(actions.slice(0, 2)).toEqual(["application.reinstated", "application.withdrawn"]);
  });

  it("keeps an exiting mentor's application while they still mentor another pair", async () => {
    const [, , pair] = pairs as [Pair, Pair, Pair];
    // A second active pair for the same mentor, written straight to the database.
    const [programRow] = await db.select().from(schema.programs).where(eq(schema.programs.slug, program));
    const menteeId = crypto.randomUUID();
    await db.insert(schema.applications).values({ id: menteeId, tenantId, programId: programRow!.id, role: "mentee", status: "approved", firstName: "Second", lastName: "Mentee", email: `second-${menteeId.slice(0, 8)}@example.test` });
    await db.insert(schema.matches).values({ id: crypto.randomUUID(), tenantId, programId: programRow!.id, mentorApplicationId: pair.mentor.id, menteeApplicationId: menteeId, source: "matching_run", score: 0.5, startedAt: new Date(), introducedAt: new Date() });

    const closed = await json<Detail>(await close(pair.matchId, { reason: "other", closureConversationOn: localDay(0), mentorNextStep: "exit", menteeNextStep: "exit" }), 200);
    expect(closed.closure).toMatchObject({ mentorNextStep: "exit", menteeNextStep: "exit", complete: true });
    expect(await statusOf("mentor", pair.mentor.id)).toBe("approved");
    expect(await statusOf("mentee", pair.mentee.id)).toBe("withdrawn");
  });

  it("refuses a closure procedure on an active match (409), and bad values field by field, changing nothing", async () => {
    const [, , , pair] = pairs as [Pair, Pair, Pair, Pair];
    const active = await json<Problem>(await recordClosure(pair.matchId, { closureConversationOn: localDay(0), mentorNextStep: "exit" }), 409);
    expect(active.type).toMatch(/match-not-closed$/);
    const bad = await json<Problem>(await close(pair.matchId, { reason: "other", closureConversationOn: "2026-02-30", mentorNextStep: "leave", closureConversationNote: "x".repeat(2001) }), 400);
    expect(bad.errors!.map((error) => error.path).sort()).toEqual(["body.closureConversationNote", "body.closureConversationOn", "body.mentorNextStep"]);
    const future = await json<Problem>(await close(pair.matchId, { reason: "other", closureConversationOn: localDay(1) }), 400);
    expect(future.errors).toEqual([{ path: "body.closureConversationOn", message: expect.stringContaining("cannot be in the future") }]);
    const early = await json<Problem>(await close(pair.matchId, { reason: "other", closureConversationOn: localDay(-60) }), 400);
    expect(early.errors![0]!.message).toMatch(/before the match started/);

    const still = await detail(pair.matchId);
    expect(still.match.status).toBe("active");
    expect(still.closure).toBeNull();
    expect(await statusOf("mentor", pair.mentor.id)).toBe("approved");
    expect((await audit()).some((event) => event.entityId === pair.matchId && event.action === "match.closure_recorded")).toBe(false);
  });

  it("keeps the closure procedure to the program's coordinators and owners (another coordinator 404, a viewer 403)", async () => {
    const [pair] = pairs as [Pair];
    const { member: stranger } = await inviteAndAccept(owner, slug, "coordinator");
    const { member: viewer } = await inviteAndAccept(owner, slug, "viewer");
    expect((await stranger.request("PATCH", `/api/v1/t/${slug}/matches/${pair.matchId}/closure`, { menteeNextStep: "exit" })).status).toBe(404);
    expect((await viewer.request("PATCH", `/api/v1/t/${slug}/matches/${pair.matchId}/closure`, { menteeNextStep: "exit" })).status).toBe(403);
    expect((await detail(pair.matchId)).closure!.menteeNextStep).toBe("rematch");
    expect(await statusOf("mentee", pair.mentee.id)).toBe("approved");
  });
});

describe("support contacts say who was reached", () => {
  it("in a youth program, the guardian too; the pair's page lists them", async () => {
    const youth = await pairedProgram(owner, slug, { pairs: 1, youth: true });
    const [pair] = youth.pairs as [Pair];
    const { contact } = await json<{ contact: { id: string; parties: string[] } }>(
      await owner.post(`/api/v1/t/${slug}/matches/${pair.matchId}/support-contacts`, { contactedOn: localDay(0), note: "Called the mentee and their mother.", parties: ["guardian", "mentee", "mentee"] }),
      201,
    );
    expect(contact.parties).toEqual(["mentee", "guardian"]);
    const { support } = await detail(pair.matchId, owner);
    expect(support.contacts).toEqual([expect.objectContaining({ id: contact.id, parties: ["mentee", "guardian"], note: "Called the mentee and their mother.", by: { name: "Olive Owner" } })]);
  }, 60_000);

  it("not a guardian in other programs (400), nor nobody; left out, both people", async () => {
    const [, , , pair] = pairs as [Pair, Pair, Pair, Pair];
    const url = `/api/v1/t/${slug}/matches/${pair.matchId}/support-contacts`;
    const before = (await detail(pair.matchId)).support.contacts.length;
    const guardian = await json<Problem>(await coordinator.post(url, { contactedOn: localDay(0), parties: ["mentor", "guardian"] }), 400);
    expect(guardian.errors).toEqual([{ path: "body.parties", message: expect.stringContaining("youth programs") }]);
    expect((await json<Problem>(await coordinator.post(url, { contactedOn: localDay(0), parties: [] }), 400)).errors![0]!.path).toBe("body.parties");
    expect((await json<Problem>(await coordinator.post(url, { contactedOn: localDay(0), parties: ["teacher"] }), 400)).errors![0]!.path).toMatch(/^body\.parties/);
    expect((await detail(pair.matchId)).support.contacts).toHaveLength(before);

    const { contact } = await json<{ contact: { parties: string[] } }>(await coordinator.post(url, { contactedOn: localDay(0), note: "Checked in." }), 201);
    expect(contact.parties).toEqual(["mentor", "mentee"]);
    const mentorOnly = await json<{ contact: { parties: string[] } }>(await coordinator.post(url, { contactedOn: localDay(0), parties: ["mentor"] }), 201);
    expect(mentorOnly.contact.parties).toEqual(["mentor"]);
    expect((await detail(pair.matchId)).support.contacts.map((shown) => shown.parties)).toEqual(expect.arrayContaining([["mentor", "mentee"], ["mentor"]]));
  });
});

describe("paused pairs", () => {
  it("show as paused, with since when and why, in the list, its counts and the pair's page", async () => {
    const [, , , pair] = pairs as [Pair, Pair, Pair, Pair];
    expect((await list()).counts.paused).toBe(0);
    const pausedAt = new Date(Date.now() - 2 * 86_400_000);
    // As the guardian-consent work pauses a match when consent is withdrawn.
    await db.update(schema.matches).set({ pausedAt, pauseReason: "guardian_consent_withdrawn" }).where(eq(schema.matches.id, pair.matchId));
    const { counts, matches } = await list();
    expect(counts.paused).toBe(1);
    expect(matches.find((row) => row.id === pair.matchId)!.paused).toEqual({ since: pausedAt.toISOString(), reason: "guardian_consent_withdrawn" });
    expect(matches.filter((row) => row.id !== pair.matchId).every((row) => row.paused === null)).toBe(true);
    expect((await detail(pair.matchId)).paused).toEqual({ since: pausedAt.toISOString(), reason: "guardian_consent_withdrawn" });

    await db.update(schema.matches).set({ pausedAt: null, pauseReason: null }).where(eq(schema.matches.id, pair.matchId));
    expect((await detail(pair.matchId)).paused).toBeNull();
    expect((await list()).counts.paused).toBe(0);
  });
});
