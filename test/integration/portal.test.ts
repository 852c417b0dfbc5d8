/**
 * The participant portal (issue #6), end to end in workerd: a signed portal
 * token instead of an account (expired, forged and other institutions'
 * tokens refused), the agreement, goals, check-ins with a private reflection
 * nobody else ever sees, surveys editable while open, the meeting link and
 * its calendar file, reminder preferences, and closing early with the closure
 * survey emailed to both from the queue.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { schema } from "@tandem/db";
import { loadConfig } from "../../workers/app/src/config.js";
import { TenantData } from "../../workers/app/src/data/tenant-data.js";
import { type EmailMessage, type Mailer, OutboxMailer } from "../../workers/app/src/email/mailer.js";
import { sendMatchIntroduction } from "../../workers/app/src/services/introductions.js";
import { requestPortalLink } from "../../workers/app/src/services/portal.js";
import { hashToken, newToken } from "../../workers/app/src/services/tokens.js";
import { Agent, type OutboxEmail, type Problem, signUpAndSignIn } from "./agent.js";
import { createTenant } from "./factories.js";
import { asPortal, DAY, db, emailsOfKind, json, localDay, type Pair, pairedProgram, tenantDataFor, tenantIdOf, tokenFor } from "./fixtures/pairs.js";

interface Goal {
  id: string;
  title: string;
  why: string;
  targetOn: string | null;
  status: string;
  progress: number;
  milestones: { id: string; title: string; done: boolean }[];
}
interface Checkin {
  id: string;
  outcome: string;
  meetingOn: string | null;
  durationMinutes: number | null;
  mode: string | null;
  topics: string[];
  sharedNote: string;
  rating: number | null;
  author: "me" | "partner";
  privateReflection?: string;
  source: string;
}
interface PortalView {
  institution: { name: string; brandColor: string; logoUrl: string | null };
  me: { applicationId: string; role: "mentor" | "mentee"; firstName: string };
  program: { name: string; slug: string; startsOn: string | null; endsOn: string | null; checkinCadenceDays: number; expectations: string };
  match: { id: string; status: string; closedAt: string | null; closeReason: string | null; meetingUrl: string | null; partner: { firstName: string; lastName: string; email: string | null } };
  agreement: { expectations: string; firstMeetingPrompt: string; acknowledgedByMe: boolean; acknowledgedAt: string | null; partnerAcknowledged: boolean };
  goals: Goal[];
  checkins: Checkin[];
  survey: null | { key: string; kind: string; title: string; opensOn: string; closesOn: string; questions: { key: string; type: string; required: boolean }[]; response: null | { answers: Record<string, unknown>; updatedAt: string } };
  nextCheckinDueOn: string | null;
  today: string;
  closeReasons: { value: string; label: string }[];
  meetingModes: { value: string; label: string }[];
}

let owner: Agent;
let slug: string;
let tenantId: string;
let program: string;
let pair: Pair;
let other: Pair;
let mentee: ReturnType<typeof asPortal>;
let mentor: ReturnType<typeof asPortal>;

const linkToken = (email: { text: string }) => new URL(email.text.match(/https?:\/\/\S+\/portal\?\S+/)![0]).searchParams.get("token")!;
const view = async (portal: ReturnType<typeof asPortal>) => json<PortalView>(await portal.get(), 200);
const coordinatorDetail = async (matchId: string) => json<Record<string, unknown> & { checkins: Record<string, unknown>[]; goals: Goal[] }>(await owner.get(`/api/v1/t/${slug}/matches/${matchId}`), 200);

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  tenantId = await tenantIdOf(slug);
  // Weekly pulses, and the program began a week ago: the first pulse opens today.
  const world = await pairedProgram(owner, slug, { pairs: 2, surveys: { pulseEveryWeeks: 1 } });
  program = world.program;
  [pair, other] = world.pairs as [Pair, Pair];
  await json(await owner.request("PATCH", `/api/v1/t/${slug}/programs/${program}`, { expectations: "Meet every two weeks; tell the coordinator if something worries you." }), 200);
}, 120_000);

describe("getting in", () => {
  it("emails a fresh link on request, which opens the person's own space; an unknown address gets the same answer and no email", async () => {
    const asked = await json<{ message: string }>(await new Agent().post(`/api/v1/t/${slug}/portal/link`, { email: pair.mentee.email.toUpperCase() }), 202);
    const [email] = await emailsOfKind(pair.mentee.email, "portal.link");
    expect(email!.text).toContain(`/portal?t=${slug}&token=`);
    mentee = asPortal(new Agent(), slug, linkToken(email!));
    mentor = asPortal(new Agent(), slug, await tokenFor(tenantId, pair.matchId, pair.mentor.id));

    const nobody = await json<{ message: string }>(await new Agent().post(`/api/v1/t/${slug}/portal/link`, { email: `nobody-${crypto.randomUUID().slice(0, 6)}@example.test` }), 202);
    expect(nobody.message).toBe(asked.message);
    const bad = await json<Problem>(await new Agent().post(`/api/v1/t/${slug}/portal/link`, { email: "not an email" }), 400);
    expect(bad.errors?.[0]?.path).toBe("body.email");

    const mine = await view(mentee);
    expect(mine.me).toEqual({ applicationId: pair.mentee.id, role: "mentee", firstName: pair.mentee.firstName });
    expect(mine.match).toMatchObject({ id: pair.matchId, status: "active", closedAt: null, meetingUrl: null, partner: { firstName: pair.mentor.firstName, lastName: pair.mentor.lastName, email: pair.mentor.email } });
    expect(mine.program).toMatchObject({ slug: program, startsOn: localDay(-7), checkinCadenceDays: 14, expectations: expect.stringContaining("Meet every two weeks") });
    expect(mine.institution.brandColor).toMatch(/^#[0-9a-f]{6}$/);
    expect(mine.agreement).toMatchObject({ acknowledgedByMe: false, acknowledgedAt: null, partnerAcknowledged: false });
    expect(mine.agreement.firstMeetingPrompt).toMatch(/agree when, where and how often you will meet/);
    expect(mine.goals).toEqual([]);
    expect(mine.checkins).toEqual([]);
    // The pair started today, 14 days' cadence: the first meeting is due within two weeks.
    expect(mine.nextCheckinDueOn).toBe(localDay(14));
    // Meetings are dated on the institution's calendar: the page takes today from it, not from the reader's clock.
    expect(mine.today).toBe(localDay(0));
    expect(mine.closeReasons.map((reason) => reason.value)).not.toContain("completed");
    expect(mine.meetingModes.map((mode) => mode.value)).toEqual(["in_person", "video", "phone", "chat"]);
    expect(mine.survey).toMatchObject({ key: "pulse-1", kind: "pulse", title: "Pulse survey 1", opensOn: localDay(0), closesOn: localDay(6), response: null });
    expect(mine.survey!.questions[0]).toMatchObject({ key: "rating", type: "scale", required: true });
    expect((await view(mentor)).me.role).toBe("mentor");
  });

  it("answers before looking the address up or emailing, so how long it takes says nothing about the address (the work runs in waitUntil)", async () => {
    const tenantData = await tenantDataFor(tenantId);
    const sent: EmailMessage[] = [];
    let release!: () => void;
    const slowProvider = new Promise<void>((resolve) => (release = resolve));
    const mailer: Mailer = {
      send: async (message) => {
        await slowProvider;
        sent.push(message);
      },
      deliver: async () => {},
    };
    const background: Promise<unknown>[] = [];
    const ctx = { db, config: loadConfig(env), mailer, origin: "https://tandem.test", waitUntil: (work: Promise<unknown>) => void background.push(work) };
    const tooSlow = new Promise<"waited for the email">((resolve) => setTimeout(() => resolve("waited for the email"), 3_000));
    const known = await Promise.race([requestPortalLink(ctx, tenantData, other.mentor.email, "203.0.113.9"), tooSlow]);
    const unknown = await Promise.race([requestPortalLink(ctx, tenantData, `nobody-${crypto.randomUUID().slice(0, 6)}@example.test`, "203.0.113.9"), tooSlow]);
    expect(known).not.toBe("waited for the email");
    expect(unknown).toEqual(known);
    // Both answered while the known address's email was still on its way; the work went to waitUntil.
    expect(sent).toEqual([]);
    expect(background).toHaveLength(2);
    release();
    await Promise.all(background);
    expect(sent.map((email) => [email.to, email.kind])).toEqual([[other.mentor.email, "portal.link"]]);
  });

  it("refuses a missing, forged or expired token (401, saying to ask for a new link) and another institution's (404)", async () => {
    const token = await tokenFor(tenantId, pair.matchId, pair.mentee.id);
    const missing = await json<Problem>(await new Agent().get(`/api/v1/t/${slug}/portal`), 401);
    expect(missing.type).toMatch(/portal-link-invalid$/);
    expect(missing.detail).toMatch(/new link/);
    const forged = token.replace(/\.[^.]+$/, `.${"A".repeat(43)}`);
    expect((await json<Problem>(await asPortal(new Agent(), slug, forged).get(), 401)).type).toMatch(/portal-link-invalid$/);
    // Someone else's match under one's own signature: the payload is signed, so any change breaks it.
    const swapped = token.replace(pair.matchId, other.matchId);
    expect((await asPortal(new Agent(), slug, swapped).get()).status).toBe(401);
    const expired = await json<Problem>(await asPortal(new Agent(), slug, await tokenFor(tenantId, pair.matchId, pair.mentee.id, Date.now() - 31 * DAY)).get(), 401);
    expect(expired.type).toMatch(/portal-link-expired$/);
    expect(expired.detail).toMatch(/expired.*new one|new link/i);
    // A good token presented at another institution's address finds nothing there.
    const elsewhere = await createTenant();
    const response = await asPortal(new Agent(), elsewhere.slug, token).get();
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(pair.mentee.firstName);
    // A token signed for that institution with this match's ids finds nothing either: every read is scoped to the institution.
    expect((await asPortal(new Agent(), elsewhere.slug, await tokenFor(elsewhere.id, pair.matchId, pair.mentee.id)).get()).status).toBe(404);
  });

  it("needs no cookie and no Origin for portal writes, but still refuses a foreign site's, and keeps refusing cookie writes without our Origin", async () => {
    const token = await tokenFor(tenantId, pair.matchId, pair.mentee.id);
    const foreign = await new Agent().post(`/api/v1/t/${slug}/portal/agreement`, {}, { authorization: `Bearer ${token}`, origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    const cookieWrite = await owner.request("PATCH", `/api/v1/t/${slug}/programs/${program}`, { name: "Renamed" }, { origin: "" });
    expect(cookieWrite.status).toBe(403);
  });

  it("puts the portal link in each person's introduction, and on the applicant's status page once matched", async () => {
    const tenant = (await db.select().from(schema.tenants).where(eq(schema.tenants.id, tenantId)))[0]!;
    const tenantData = new TenantData({ id: tenant.id, slug: tenant.slug, name: tenant.name, kind: tenant.kind, timezone: tenant.timezone }, db);
    await sendMatchIntroduction({ tenantData, mailer: new OutboxMailer(db), config: loadConfig(env), origin: "https://tandem.test", jobKey: `test-introduction:${crypto.randomUUID()}` }, other.matchId);
    // The approval's own introduction job may land before or after this one: take the one with the link.
    const introduction = (await emailsOfKind(other.mentee.email, "match.introduction")).find((email) => email.text.includes("/portal?t="));
    expect(introduction!.text).toMatch(/Your mentoring space: https:\/\/tandem\.test\/portal\?t=/);
    expect((await view(asPortal(new Agent(), slug, linkToken(introduction!)))).me.applicationId).toBe(other.mentee.id);

    const statusToken = newToken();
    await db.update(schema.applications).set({ statusTokenHash: await hashToken(statusToken) }).where(eq(schema.applications.id, other.mentor.id));
    const status = await json<{ portalUrl: string | null; portals: { matchId: string; partnerFirstName: string; url: string }[] }>(await new Agent().get(`/api/v1/t/${slug}/applications/status?token=${statusToken}`), 200);
    expect(status.portals).toEqual([{ matchId: other.matchId, partnerFirstName: other.mentee.firstName, url: status.portalUrl }]);
    const fromStatus = new URL(status.portalUrl!);
    expect(fromStatus.pathname).toBe("/portal");
    expect((await view(asPortal(new Agent(), slug, fromStatus.searchParams.get("token")!))).me).toMatchObject({ applicationId: other.mentor.id, role: "mentor" });
  });
});

describe("the agreement", () => {
  it("is acknowledged once by each person; the partner sees it; again changes nothing", async () => {
    const first = await json<PortalView>(await mentee.post("/agreement"), 200);
    expect(first.agreement).toMatchObject({ acknowledgedByMe: true, partnerAcknowledged: false });
    const again = await json<PortalView>(await mentee.post("/agreement"), 200);
    expect(again.agreement.acknowledgedAt).toBe(first.agreement.acknowledgedAt);
    expect((await view(mentor)).agreement).toMatchObject({ acknowledgedByMe: false, partnerAcknowledged: true });
  });
});

describe("goals", () => {
  let goal: Goal;

  it("refuses bad input field by field and writes nothing", async () => {
    const problem = await json<Problem>(await mentee.post("/goals", { title: "  ", targetOn: "2026-02-30", milestones: Array.from({ length: 11 }, (_, i) => ({ title: `Step ${i}` })) }), 400);
    expect(problem.errors!.map((error) => error.path).sort()).toEqual(["body.milestones", "body.targetOn", "body.title"]);
    expect(problem.errors!.find((error) => error.path === "body.targetOn")!.message).toMatch(/calendar/);
    expect((await view(mentee)).goals).toEqual([]);
  });

  it("are set by one person and seen by both and by the coordinator", async () => {
    ({ goal } = await json<{ goal: Goal }>(await mentee.post("/goals", { title: "Build study habits", why: "My grades slipped", targetOn: localDay(30), milestones: [{ title: "Weekly plan" }, { title: "Library twice a week" }] }), 201));
    expect(goal).toMatchObject({ title: "Build study habits", why: "My grades slipped", status: "open", progress: 0 });
    expect(goal.milestones.map((milestone) => [milestone.title, milestone.done])).toEqual([["Weekly plan", false], ["Library twice a week", false]]);
    expect((await view(mentor)).goals.map((seen) => seen.id)).toEqual([goal.id]);
    expect((await coordinatorDetail(pair.matchId)).goals.map((seen) => seen.title)).toEqual(["Build study habits"]);
  });

  it("are updated by either person; milestones keep their ids; an unknown milestone or a bad progress is refused", async () => {
    const bad = await json<Problem>(await mentor.patch(`/goals/${goal.id}`, { progress: 150, milestones: [{ id: "nope", title: "X", done: true }] }), 400);
    expect(bad.errors!.map((error) => error.path)).toEqual(["body.progress"]);
    const unknown = await json<Problem>(await mentor.patch(`/goals/${goal.id}`, { milestones: [{ id: "nope", title: "X", done: true }] }), 400);
    expect(unknown.errors).toEqual([{ path: "body.milestones.0.id", message: "is not a milestone of this goal" }]);
    const [plan] = goal.milestones;
    const { goal: updated } = await json<{ goal: Goal }>(await mentor.patch(`/goals/${goal.id}`, { progress: 40, milestones: [{ id: plan!.id, title: plan!.title, done: true }, { title: "Study group", done: false }] }), 200);
    expect(updated.progress).toBe(40);
    expect(updated.milestones[0]).toEqual({ id: plan!.id, title: "Weekly plan", done: true });
    expect(updated.milestones[1]).toMatchObject({ title: "Study group", done: false });
    const { goal: achieved } = await json<{ goal: Goal }>(await mentee.patch(`/goals/${goal.id}`, { status: "achieved" }), 200);
    expect(achieved).toMatchObject({ status: "achieved", progress: 100 });
    // Another pair's goal id is not this pair's.
    expect((await asPortal(new Agent(), slug, await tokenFor(tenantId, other.matchId, other.mentee.id)).patch(`/goals/${goal.id}`, { progress: 1 })).status).toBe(404);
  });

  it("refuse a milestone kept twice in one list (it would become two steps with one id), and change nothing", async () => {
    const [plan] = goal.milestones;
    const before = (await view(mentor)).goals.find((seen) => seen.id === goal.id);
    const twice = await json<Problem>(await mentor.patch(`/goals/${goal.id}`, { milestones: [{ id: plan!.id, title: "Weekly plan", done: true }, { id: plan!.id, title: "Weekly plan again", done: false }] }), 400);
    expect(twice.errors).toEqual([{ path: "body.milestones.1.id", message: "is in the list twice" }]);
    expect((await view(mentor)).goals.find((seen) => seen.id === goal.id)).toEqual(before);
  });

  it("stop at 20 per pair, even when both people add goals at the same moment", async () => {
    const portal = asPortal(new Agent(), slug, await tokenFor(tenantId, other.matchId, other.mentee.id));
    for (let i = 0; i < 17; i++) await json(await portal.post("/goals", { title: `Goal ${i}` }), 201);
    const statuses = await Promise.all(Array.from({ length: 6 }, (_, i) => portal.post("/goals", { title: `At once ${i}` }).then((response) => response.status)));
    expect(statuses.filter((status) => status === 201)).toHaveLength(3);
    expect(statuses.filter((status) => status === 409)).toHaveLength(3);
    expect(await db.select().from(schema.matchGoals).where(eq(schema.matchGoals.matchId, other.matchId))).toHaveLength(20);
  });
});

describe("check-ins", () => {
  it("refuses a future date, a bad duration, mode or rating, field by field, and writes nothing", async () => {
    const problem = await json<Problem>(await mentee.post("/checkins", { meetingOn: localDay(1), durationMinutes: 2, mode: "fax", rating: 6 }), 400);
    expect(problem.errors!.map((error) => error.path).sort()).toEqual(["body.durationMinutes", "body.mode", "body.rating"]);
    const future = await json<Problem>(await mentee.post("/checkins", { meetingOn: localDay(1), durationMinutes: 30, mode: "video", rating: 4 }), 400);
    expect(future.errors).toEqual([{ path: "body.meetingOn", message: expect.stringContaining("cannot be in the future") }]);
    const early = await json<Problem>(await mentee.post("/checkins", { meetingOn: localDay(-5), durationMinutes: 30, mode: "video", rating: 4 }), 400);
    expect(early.errors).toEqual([{ path: "body.meetingOn", message: expect.stringContaining("before your match started") }]);
    expect((await view(mentee)).checkins).toEqual([]);
  });

  it("are logged by either person; the private reflection reaches nobody but its author", async () => {
    const secret = `Private thought ${crypto.randomUUID()}`;
    const { checkin } = await json<{ checkin: Checkin }>(
      await mentee.post("/checkins", { meetingOn: localDay(0), durationMinutes: 45, mode: "in_person", topics: ["exams", " time management "], sharedNote: "Made a study plan.", privateReflection: secret, rating: 4 }),
      201,
    );
    expect(checkin).toMatchObject({ outcome: "met", meetingOn: localDay(0), durationMinutes: 45, mode: "in_person", topics: ["exams", "time management"], sharedNote: "Made a study plan.", rating: 4, author: "me", privateReflection: secret, source: "portal" });
    expect((await view(mentee)).checkins[0]!.privateReflection).toBe(secret);

    const partnerView = await mentor.get();
    const partnerText = await partnerView.clone().text();
    expect(partnerText).not.toContain(secret);
    const seen = ((await partnerView.json()) as PortalView).checkins[0]!;
    expect(seen).toMatchObject({ id: checkin.id, author: "partner", sharedNote: "Made a study plan." });
    expect("privateReflection" in seen).toBe(false);

    const detail = await owner.get(`/api/v1/t/${slug}/matches/${pair.matchId}`);
    const detailText = await detail.text();
    expect(detail.status).toBe(200);
    expect(detailText).not.toContain(secret);
    expect(detailText).not.toContain("privateReflection");
    const list = await owner.get(`/api/v1/t/${slug}/programs/${program}/relationships`);
    expect(await list.text()).not.toContain(secret);
    // The write is audited with the meeting's facts only: the audit log shows neither the reflection nor the note.
    const audit = await owner.get(`/api/v1/t/${slug}/audit?limit=100`);
    const auditText = await audit.text();
    expect(audit.status).toBe(200);
    expect(auditText).not.toContain(secret);
    expect(auditText).not.toContain("Made a study plan.");
    const [row] = await db.select().from(schema.auditEvents).where(eq(schema.auditEvents.entityId, checkin.id));
    expect(row).toMatchObject({ action: "checkin.logged", entityType: "checkin", after: { matchId: pair.matchId, by: "mentee", outcome: "met", meetingOn: localDay(0), source: "portal" } });
    // Met today: the next meeting is due a cadence from today.
    expect((await view(mentor)).nextCheckinDueOn).toBe(localDay(14));
  });
});

describe("surveys", () => {
  it("take answers checked like a form, editable while the survey is open", async () => {
    const missing = await json<Problem>(await mentee.put("/surveys/pulse-1", { answers: { comment: "x".repeat(2001), mood: "ok" } }), 400);
    expect(missing.errors).toEqual([
      { path: "body.answers.mood", message: "is not a question of this survey" },
      { path: "body.answers.rating", message: "is required" },
      { path: "body.answers.comment", message: "must be at most 2000 characters" },
    ]);
    expect((await view(mentee)).survey!.response).toBeNull();

    const first = await json<{ response: { key: string; rating: number; answers: Record<string, unknown>; updatedAt: string } }>(await mentee.put("/surveys/pulse-1", { answers: { rating: 2, comment: " Hard to find time. " } }), 200);
    expect(first.response).toMatchObject({ key: "pulse-1", rating: 2, answers: { rating: 2, comment: "Hard to find time." } });
    const changed = await json<{ response: { rating: number; answers: Record<string, unknown> } }>(await mentee.put("/surveys/pulse-1", { answers: { rating: "4" } }), 200);
    expect(changed.response).toMatchObject({ rating: 4, answers: { rating: 4 } });
    expect((await view(mentee)).survey!.response!.answers).toEqual({ rating: 4 });
    // Audited as who answered which survey, not the answers.
    const audited = await db.select().from(schema.auditEvents).where(eq(schema.auditEvents.entityId, pair.matchId));
    expect(audited.filter((event) => event.action === "survey.answered").map((event) => event.after)).toEqual([
      { key: "pulse-1", by: "mentee" },
      { key: "pulse-1", by: "mentee" },
    ]);
    // One response per person and survey, changed in place.
    const rows = await db.select().from(schema.surveyResponses).where(eq(schema.surveyResponses.matchId, pair.matchId));
    expect(rows.map((row) => [row.applicationId, row.surveyKey, row.rating])).toEqual([[pair.mentee.id, "pulse-1", 4]]);
    // The partner's survey is their own.
    expect((await view(mentor)).survey!.response).toBeNull();
  });

  it("refuses answers to a survey that is not open (409) or does not exist (404)", async () => {
    const later = await json<Problem>(await mentee.put("/surveys/midpoint", { answers: { rating: 5 } }), 409);
    expect(later.type).toMatch(/survey-closed$/);
    expect((await mentee.put("/surveys/pulse-99", { answers: { rating: 5 } })).status).toBe(404);
    // Two weeks on, pulse 1 has closed: its answers can no longer change.
    await json(await owner.request("PATCH", `/api/v1/t/${slug}/programs/${program}`, { startsOn: localDay(-20), endsOn: localDay(100) }), 200);
    try {
      const closed = await json<Problem>(await mentee.put("/surveys/pulse-1", { answers: { rating: 1 } }), 409);
      expect(closed.type).toMatch(/survey-closed$/);
      expect((await db.select().from(schema.surveyResponses).where(eq(schema.surveyResponses.matchId, pair.matchId)))[0]!.rating).toBe(4);
    } finally {
      await json(await owner.request("PATCH", `/api/v1/t/${slug}/programs/${program}`, { startsOn: localDay(-7), endsOn: localDay(113) }), 200);
    }
  });
});

describe("meeting link and calendar invite", () => {
  it("stores an https meeting link for the pair, or removes it", async () => {
    const bad = await json<Problem>(await mentee.put("/meeting-link", { url: "http://meet.example.org/abc" }), 400);
    expect(bad.errors).toEqual([{ path: "body.url", message: "must start with https://" }]);
    expect(await json(await mentee.put("/meeting-link", { url: "https://meet.example.org/abc-def" }), 200)).toEqual({ meetingUrl: "https://meet.example.org/abc-def" });
    expect((await view(mentor)).match.meetingUrl).toBe("https://meet.example.org/abc-def");
  });

  it("gives the next meeting as an .ics download with the meeting link", async () => {
    const token = await tokenFor(tenantId, pair.matchId, pair.mentor.id);
    const start = new Date(Date.now() + 3 * DAY);
    start.setUTCHours(16, 0, 0, 0);
    const response = await new Agent().get(`/api/v1/t/${slug}/portal/next-meeting.ics?token=${encodeURIComponent(token)}&start=${start.toISOString()}&durationMinutes=45`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/calendar/);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="mentoring-\d{4}-\d{2}-\d{2}\.ics"$/);
    // Long lines are folded (CRLF + space): unfold to read them.
    const ics = (await response.text()).replace(/\r\n /g, "");
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toContain(`DTSTART:${start.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`);
    expect(ics).toContain(`DTEND:${new Date(start.getTime() + 45 * 60_000).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`);
    expect(ics).toContain(`SUMMARY:Mentoring: ${pair.mentor.firstName} & ${pair.mentee.firstName}`);
    expect(ics).toContain("URL:https://meet.example.org/abc-def");
    expect(ics).toContain(pair.mentee.email);

    const bad = await json<Problem>(await new Agent().get(`/api/v1/t/${slug}/portal/next-meeting.ics?token=${encodeURIComponent(token)}&start=tomorrow`), 400);
    expect(bad.errors![0]!.path).toBe("query.start");
    expect((await new Agent().get(`/api/v1/t/${slug}/portal/next-meeting.ics?token=not-a-token-at-all&start=${start.toISOString()}`)).status).toBe(401);
  });
});

describe("reminder preferences", () => {
  it("list the participant's kinds, and take the ones they do not want", async () => {
    const before = await json<{ unsubscribed: string[]; kinds: { value: string; label: string }[] }>(await mentee.get("/preferences"), 200);
    expect(before.unsubscribed).toEqual([]);
    expect(before.kinds.map((kind) => kind.value)).toContain("checkin.due");
    expect(before.kinds.map((kind) => kind.value)).not.toContain("support.overdue");
    expect(before.kinds.map((kind) => kind.value)).not.toContain("self_match.unanswered");
    expect(before.kinds.find((kind) => kind.value === "checkin.due")!.label).toMatch(/^Check-in/);

    const bad = await json<Problem>(await mentee.put("/preferences", { unsubscribed: ["checkin.due", "support.overdue"] }), 400);
    expect(bad.errors).toEqual([{ path: "body.unsubscribed.1", message: expect.stringContaining("is not a reminder you get") }]);
    expect((await json<{ unsubscribed: string[] }>(await mentee.put("/preferences", { unsubscribed: ["survey.open", "checkin.due", "checkin.due"] }), 200)).unsubscribed).toEqual(["checkin.due", "survey.open"]);
    expect((await json<{ unsubscribed: string[] }>(await mentee.get("/preferences"), 200)).unsubscribed).toEqual(["checkin.due", "survey.open"]);
    const rows = await db.select().from(schema.reminderPreferences).where(eq(schema.reminderPreferences.recipientId, pair.mentee.id));
    expect(rows.map((row) => row.kind).sort()).toEqual(["checkin.due", "survey.open"]);
    expect((await json<{ unsubscribed: string[] }>(await mentee.put("/preferences", { unsubscribed: ["all"] }), 200)).unsubscribed).toEqual(["all"]);
    // The mentor's are their own.
    expect((await json<{ unsubscribed: string[] }>(await mentor.get("/preferences"), 200)).unsubscribed).toEqual([]);
  });
});

describe("closing early", () => {
  it("closes with a reason; both get the closure survey by email from the queue; the match then refuses changes but takes the closure survey", async () => {
    const completed = await json<Problem>(await mentor.post("/close", { reason: "completed" }), 400);
    expect(completed.errors![0]!.path).toBe("body.reason");

    const note = `We could never agree on a time ${crypto.randomUUID().slice(0, 6)}`;
    const closed = await json<PortalView>(await mentor.post("/close", { reason: "schedule_conflict", note }), 200);
    expect(closed.match).toMatchObject({ status: "closed", closeReason: "schedule_conflict" });
    expect(closed.nextCheckinDueOn).toBeNull();
    expect(closed.survey).toMatchObject({ key: "closure", kind: "closure", title: "Closure survey", opensOn: localDay(0), closesOn: localDay(13) });

    const [toMentee] = await emailsOfKind(pair.mentee.email, "match.closure_survey");
    const [toMentor] = await emailsOfKind(pair.mentor.email, "match.closure_survey");
    expect(toMentee!.subject).toContain("Your mentoring match has ended");
    expect(toMentee!.text).toContain("closed by your mentor");
    expect(toMentor!.text).toContain("You closed your mentoring match");
    // The reason and note stay with the coordinators.
    expect(toMentee!.text).not.toContain(note);
    const fromEmail = asPortal(new Agent(), slug, linkToken(toMentee as unknown as OutboxEmail));
    expect((await view(fromEmail)).survey!.key).toBe("closure");

    expect((await json<Problem>(await mentor.post("/close", { reason: "other" }), 409)).type).toMatch(/match-closed$/);
    expect((await mentee.post("/goals", { title: "Too late" })).status).toBe(409);
    expect((await mentee.post("/checkins", { meetingOn: localDay(0), durationMinutes: 30, mode: "video", rating: 3 })).status).toBe(409);
    expect((await mentee.post("/agreement")).status).toBe(409);

    const answered = await json<{ response: { key: string; rating: number } }>(await fromEmail.put("/surveys/closure", { answers: { rating: 3, recommend: "maybe", what_worked: "Good talks." } }), 200);
    expect(answered.response).toMatchObject({ key: "closure", rating: 3 });

    const detail = await json<{ closure: { reason: string; note: string; closedBy: string }; surveys: { key: string; by: string; answerList: { label: string; value: string }[] }[] }>(await owner.get(`/api/v1/t/${slug}/matches/${pair.matchId}`), 200);
    expect(detail.closure).toMatchObject({ reason: "schedule_conflict", note, closedBy: "mentor" });
    expect(detail.surveys.find((survey) => survey.key === "closure")).toMatchObject({ by: "mentee", answerList: expect.arrayContaining([{ key: "recommend", label: "Would you recommend having a mentor to a friend?", value: "Maybe" }]) });

    // The closure job is keyed by the match: a second run sends nothing more.
    expect((await emailsOfKind(pair.mentee.email, "match.closure_survey")).length).toBe(1);
  }, 60_000);
});
