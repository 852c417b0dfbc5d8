/**
 * Volunteer mentor screening (issue #8), end to end in workerd: a volunteer
 * applies, the program requires screening, the coordinator records the
 * interview, referees answer the emailed form without an account, the
 * background check clears — and only then is the mentor screened and ready
 * for matching. Bad dates are refused field by field; every view and change
 * is audited; viewers, other coordinators and other institutions see nothing;
 * an expired check takes the mentor out again and the coordinators hear once.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, schema } from "@tandem/db";
// The root package does not depend on @tandem/safeguarding; its date helpers are plain functions.
import { addDays, addMonths } from "@tandem/safeguarding";
import { TenantData } from "../../workers/app/src/data/tenant-data.js";
import { OutboxMailer } from "../../workers/app/src/email/mailer.js";
import { notifyExpiredScreenings } from "../../workers/app/src/services/screening.js";
import { Agent, type AuditEvent, emailCount, inviteAndAccept, latestEmail, linkParam, ORIGIN, type Problem, signUpAndSignIn, userIdOf } from "./agent.js";

const db = openDatabase({ url: env.LIBSQL_URL }).db;
const PROGRAM = "youth";

interface Step { key: string; label: string; required: boolean; state: string; detail: string }
interface Status {
  screened: boolean;
  steps: Step[];
  expiresOn: string | null;
  training: { complete: boolean; requiredDone: number; requiredModules: number; minutesDone: number; minMinutes: number; missing: string[] };
  ready: boolean;
  blockers: string[];
}
interface ListResponse {
  program: { slug: string; name: string };
  settings: { screeningRequired: boolean; screeningSteps: string[]; referencesRequired: number; backgroundCheckValidMonths: number };
  today: string;
  counts: { mentors: number; screened: number; ready: number };
  mentors: ({ applicationId: string; firstName: string; lastName: string; email: string; status: string } & Status)[];
}
interface Reference {
  id: string;
  name: string;
  email: string;
  relationship: string;
  notes: string;
  requestedAt: string | null;
  receivedAt: string | null;
  linkOpen: boolean;
  response: { answers: Record<string, unknown>; signature: string; submittedAt: string } | null;
}
interface Detail {
  mentor: { applicationId: string; firstName: string; lastName: string; email: string; status: string };
  record: {
    applicationReviewedAt: string | null;
    interview: { on: string; interviewer: string; notes: string } | null;
    backgroundCheck: { provider: string; requestedOn: string; status: string; clearedOn: string | null; expiresOn: string | null } | null;
    codeOfConduct: unknown;
    commitment: unknown;
    expiryNotifiedOn: string | null;
  };
  references: Reference[];
  status: Status;
}

let owner: Agent;
let slug: string;
let coordinator: Agent;
let coordinatorEmail: string;
let mentorId: string;
let menteeId: string;
let today: string;

const base = (tenant = slug, program = PROGRAM) => `/api/v1/t/${tenant}/programs/${program}/screening`;
const patch = (agent: Agent, path: string, body: unknown) => agent.request("PATCH", path, body);

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

async function join(role: "mentor" | "mentee", firstName: string, lastName: string, answers: Record<string, unknown>) {
  const email = `${firstName.toLowerCase()}-${crypto.randomUUID().slice(0, 6)}@example.test`;
  const response = await new Agent().post(`/api/v1/t/${slug}/join/${PROGRAM}/${role}`, { answers: { first_name: firstName, last_name: lastName, email, ...answers }, startedAt: Date.now() - 60_000 });
  return (await json<{ application: { id: string } }>(response, 201)).application.id;
}

const stepOf = (status: Status, key: string) => status.steps.find((step) => step.key === key)!;
const list = async (agent = owner) => json<ListResponse>(await agent.get(base()), 200);
const detail = async (agent = owner) => json<Detail>(await agent.get(`${base()}/${mentorId}`), 200);
const audit = async () => (await json<{ events: AuditEvent[] }>(await owner.get(`/api/v1/t/${slug}/audit?limit=200`), 200)).events;
const notReady = async () => (await json<{ pool: { mentorsNotReady: number } }>(await owner.get(`/api/v1/t/${slug}/programs/${PROGRAM}/matching/settings`), 200)).pool.mentorsNotReady;

async function tenantData(): Promise<TenantData> {
  const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.slug, slug));
  return new TenantData(tenant, db);
}

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  await json(await owner.post(`/api/v1/t/${slug}/programs`, { name: "Harbor Youth Mentoring", slug: PROGRAM, type: "community" }), 201);
  for (const role of ["mentor", "mentee"]) {
    await json(await owner.request("PUT", `/api/v1/t/${slug}/programs/${PROGRAM}/forms/${role}`, { version: 1, questions: [{ key: "about", type: "short_text", label: "About you", required: true }] }), 200);
  }
  await json(await owner.post(`/api/v1/t/${slug}/programs/${PROGRAM}/status`, { status: "enrolling" }), 200);
  const invited = await inviteAndAccept(owner, slug, "coordinator");
  coordinator = invited.member;
  coordinatorEmail = invited.email;
  await json(await owner.request("PUT", `/api/v1/t/${slug}/programs/${PROGRAM}/coordinators`, { userIds: [await userIdOf(coordinator)] }), 200);
  mentorId = await join("mentor", "Samira", "Rahman", { about: "Engineer at the harbor works" });
  menteeId = await join("mentee", "Theo", "Lind", { about: "Likes football", date_of_birth: "1995-05-05" });
}, 90_000);

describe("screening a volunteer mentor", () => {
  it("starts with nothing done once the program requires screening; approval ticks the application review", async () => {
    await json(
      await patch(owner, `/api/v1/t/${slug}/programs/${PROGRAM}/safeguarding`, { screeningRequired: true, screeningSteps: ["application_review", "interview", "references", "background_check"], referencesRequired: 2 }),
      200,
    );
    const before = await list();
    expect(before.mentors.map((mentor) => mentor.applicationId)).toEqual([mentorId]);
    expect(stepOf(before.mentors[0], "application_review")).toMatchObject({ required: true, state: "missing" });

    await json(await owner.post(`/api/v1/t/${slug}/programs/${PROGRAM}/applications/decisions`, { ids: [mentorId, menteeId], decision: "approved" }), 200);
    const listed = await list();
    today = listed.today;
    expect(listed.settings).toMatchObject({ screeningRequired: true, referencesRequired: 2, backgroundCheckValidMonths: 24 });
    expect(listed.counts).toEqual({ mentors: 1, screened: 0, ready: 0 });
    const row = listed.mentors[0];
    expect(row).toMatchObject({ firstName: "Samira", lastName: "Rahman", status: "approved", screened: false, ready: false, expiresOn: null });
    expect(row.steps.map((step) => [step.key, step.required, step.state])).toEqual([
      ["application_review", true, "complete"],
      ["interview", true, "missing"],
      ["references", true, "missing"],
      ["background_check", true, "missing"],
      ["code_of_conduct", false, "missing"],
      ["commitment", false, "missing"],
    ]);
    expect(row.blockers).toHaveLength(3);
    expect(row.training).toMatchObject({ complete: true });
    expect(await notReady()).toBe(1);
    expect((await detail()).record.applicationReviewedAt).not.toBeNull();
  });

  it("records the interview", async () => {
    const saved = await json<Detail>(await patch(coordinator, `${base()}/${mentorId}`, { interview: { on: today, interviewer: "Casey Coordinator", notes: "Warm, reliable, has coached youth football." } }), 200);
    expect(saved.record.interview).toEqual({ on: today, interviewer: "Casey Coordinator", notes: "Warm, reliable, has coached youth football." });
    expect(stepOf(saved.status, "interview").state).toBe("complete");
    const future = await json<Problem>(await patch(owner, `${base()}/${mentorId}`, { interview: { on: addDays(today, 3), interviewer: "Casey" } }), 400);
    expect(future.errors?.map((error) => error.path)).toEqual(["body.interview.on"]);
  });

  describe("references", () => {
    const referees = [0, 1].map((n) => ({ name: `Referee ${n === 0 ? "Ada" : "Ben"} Example`, email: `referee-${n}-${crypto.randomUUID().slice(0, 6)}@example.test` }));
    let tokens: string[] = [];

    it("are emailed a one-time link to the form when added", async () => {
      for (const referee of referees) {
        const added = await json<Detail>(await coordinator.post(`${base()}/${mentorId}/references`, { ...referee, relationship: "Manager at work" }), 201);
        expect(added.references.at(-1)).toMatchObject({ name: referee.name, email: referee.email, relationship: "Manager at work", receivedAt: null, linkOpen: true, response: null });
        expect(added.references.at(-1)!.requestedAt).not.toBeNull();
      }
      tokens = [];
      for (const referee of referees) {
        const mail = await latestEmail(referee.email);
        expect(mail.kind).toBe("screening.reference_request");
        expect(mail.text).toContain("Samira Rahman");
        tokens.push(linkParam(mail, "/reference.html", "token"));
        expect(new URL(mail.links.find((link) => link.includes("/reference.html"))!).searchParams.get("tenant")).toBe(slug);
      }
      const status = (await detail()).status;
      expect(stepOf(status, "references")).toMatchObject({ state: "pending", detail: "0 of 2 references received; 2 awaited." });
    });

    it("show the referee who asks, about whom (first name and last initial), and the questions", async () => {
      const request = await json<{ institution: { name: string }; program: { name: string }; mentor: Record<string, string>; refereeName: string; questions: { key: string; required: boolean }[]; submitted: boolean }>(
        await new Agent().get(`/api/v1/t/${slug}/references?token=${encodeURIComponent(tokens[0])}`),
        200,
      );
      expect(request).toMatchObject({ program: { name: "Harbor Youth Mentoring" }, mentor: { firstName: "Samira", lastInitial: "R" }, refereeName: referees[0].name, submitted: false });
      expect(JSON.stringify(request)).not.toContain("Rahman");
      expect(request.questions.map((question) => [question.key, question.required])).toEqual([
        ["knownFor", true],
        ["relationship", true],
        ["suitableWithYoungPeople", true],
        ["concerns", false],
        ["recommend", true],
        ["comments", false],
      ]);
      expect((await new Agent().get(`/api/v1/t/${slug}/references?token=${"x".repeat(40)}`)).status).toBe(404);
    });

    it("take the referee's answers once, with per-field errors first, and tell the coordinator without the answers", async () => {
      const referee = new Agent();
      const invalid = await json<Problem>(await referee.post(`/api/v1/t/${slug}/references`, { token: tokens[0], answers: { knownFor: "forever", relationship: "", recommend: "yes" }, signature: " " }), 400);
      expect(invalid.errors?.map((error) => error.path).sort()).toEqual(["body.answers.knownFor", "body.answers.relationship", "body.answers.suitableWithYoungPeople", "body.signature"]);
      expect(invalid.errors?.find((error) => error.path === "body.answers.suitableWithYoungPeople")?.message).toBe("is required");
      expect(invalid.errors?.find((error) => error.path === "body.answers.knownFor")?.message).toBe("choose how long you have known them");
      expect((await detail()).references[0].receivedAt).toBeNull();

      const coordinatorMails = await emailCount(coordinatorEmail);
      const answers = { knownFor: "more_than_3_years", relationship: "Her team lead for five years", suitableWithYoungPeople: "yes", concerns: "", recommend: "yes", comments: "Patient and dependable." };
      const sent = await json<{ submitted: boolean; receivedAt: string }>(await referee.post(`/api/v1/t/${slug}/references`, { token: tokens[0], answers, signature: referees[0].name }), 200);
      expect(sent.submitted).toBe(true);

      const note = await latestEmail(coordinatorEmail);
      expect(await emailCount(coordinatorEmail)).toBe(coordinatorMails + 1);
      expect(note.kind).toBe("screening.reference_received");
      expect(note.text).toContain("Samira Rahman");
      expect(note.text).not.toContain("Patient and dependable");

      const again = await json<Problem>(await referee.post(`/api/v1/t/${slug}/references`, { token: tokens[0], answers, signature: referees[0].name }), 404);
      expect(again.detail).toMatch(/not recognised/);
      expect((await referee.get(`/api/v1/t/${slug}/references?token=${encodeURIComponent(tokens[0])}`)).status).toBe(404);

      const record = await detail();
      expect(record.references[0]).toMatchObject({ receivedAt: sent.receivedAt, linkOpen: false, response: { answers, signature: referees[0].name, submittedAt: sent.receivedAt } });
      expect(stepOf(record.status, "references")).toMatchObject({ state: "pending", detail: "1 of 2 references received; 1 awaited." });
    });

    it("can be sent again (the old link stops working) and marked received by phone", async () => {
      const second = (await detail()).references[1];
      await json<Detail>(await owner.post(`${base()}/${mentorId}/references/${second.id}/resend`), 200);
      const newToken = linkParam(await latestEmail(referees[1].email), "/reference.html", "token");
      expect(newToken).not.toBe(tokens[1]);
      expect((await new Agent().get(`/api/v1/t/${slug}/references?token=${encodeURIComponent(tokens[1])}`)).status).toBe(404);
      expect((await new Agent().get(`/api/v1/t/${slug}/references?token=${encodeURIComponent(newToken)}`)).status).toBe(200);

      const marked = await json<Detail>(await patch(coordinator, `${base()}/${mentorId}/references/${second.id}`, { received: true, notes: "Phoned Ben: strongly recommends her." }), 200);
      expect(marked.references[1]).toMatchObject({ notes: "Phoned Ben: strongly recommends her.", linkOpen: false, response: null });
      expect(marked.references[1].receivedAt).not.toBeNull();
      expect(stepOf(marked.status, "references").state).toBe("complete");
      expect((await new Agent().get(`/api/v1/t/${slug}/references?token=${encodeURIComponent(newToken)}`)).status).toBe(404);
      expect((await owner.post(`${base()}/${mentorId}/references/${second.id}/resend`)).status).toBe(409);
    });

    it("are at most ten per mentor, and can be removed", async () => {
      const ids: string[] = [];
      for (let n = 3; n <= 10; n++) {
        const added = await json<Detail>(await owner.post(`${base()}/${mentorId}/references`, { name: `Extra ${n}`, email: `extra-${n}@example.test`, send: false }), 201);
        const created = added.references.at(-1)!;
        expect(created).toMatchObject({ name: `Extra ${n}`, requestedAt: null, linkOpen: false });
        ids.push(created.id);
      }
      const eleventh = await json<Problem>(await owner.post(`${base()}/${mentorId}/references`, { name: "One Too Many", email: "eleven@example.test" }), 409);
      expect(eleventh.detail).toMatch(/at most 10/);
      for (const id of ids) await json(await owner.delete(`${base()}/${mentorId}/references/${id}`), 200);
      expect((await detail()).references).toHaveLength(2);
      expect((await owner.delete(`${base()}/${mentorId}/references/${ids[0]}`)).status).toBe(404);
    });
  });

  describe("the background check", () => {
    it("refuses impossible dates field by field and changes nothing", async () => {
      await json(await patch(owner, `${base()}/${mentorId}`, { backgroundCheck: { provider: "SafeCheck", requestedOn: addDays(today, -20), status: "pending" } }), 200);
      const pending = await detail();
      expect(pending.record.backgroundCheck).toEqual({ provider: "SafeCheck", requestedOn: addDays(today, -20), status: "pending", clearedOn: null, expiresOn: null });
      expect(stepOf(pending.status, "background_check").state).toBe("pending");

      const cases: [Record<string, unknown>, string[]][] = [
        [{ status: "cleared" }, ["body.backgroundCheck.clearedOn"]],
        [{ status: "cleared", clearedOn: addDays(today, 1) }, ["body.backgroundCheck.clearedOn"]],
        [{ status: "cleared", clearedOn: addDays(today, -30) }, ["body.backgroundCheck.clearedOn"]],
        [{ status: "cleared", clearedOn: addDays(today, -2), expiresOn: addDays(today, -3) }, ["body.backgroundCheck.expiresOn"]],
        [{ status: "pending", clearedOn: addDays(today, -2) }, ["body.backgroundCheck.clearedOn"]],
        [{ status: "cleared", clearedOn: "2026-02-30" }, ["body.backgroundCheck.clearedOn"]],
        [{ status: "passed" }, ["body.backgroundCheck.status"]],
      ];
      for (const [change, paths] of cases) {
        const problem = await json<Problem>(await patch(owner, `${base()}/${mentorId}`, { backgroundCheck: { provider: "SafeCheck", requestedOn: addDays(today, -20), ...change } }), 400);
        expect(problem.errors?.map((error) => error.path), JSON.stringify(change)).toEqual(paths);
      }
      expect((await detail()).record.backgroundCheck).toEqual(pending.record.backgroundCheck);
    });

    it("clears, expiring after the program's validity, and the mentor is screened and ready for matching", async () => {
      const clearedOn = addDays(today, -2);
      const saved = await json<Detail>(await patch(coordinator, `${base()}/${mentorId}`, { backgroundCheck: { provider: "SafeCheck", requestedOn: addDays(today, -20), status: "cleared", clearedOn } }), 200);
      expect(saved.record.backgroundCheck).toEqual({ provider: "SafeCheck", requestedOn: addDays(today, -20), status: "cleared", clearedOn, expiresOn: addMonths(clearedOn, 24) });
      expect(saved.status).toMatchObject({ screened: true, ready: true, blockers: [], expiresOn: addMonths(clearedOn, 24) });
      const listed = await list(coordinator);
      expect(listed.counts).toEqual({ mentors: 1, screened: 1, ready: 1 });
      expect(await notReady()).toBe(0);
    });
  });

  it("audits every view and every change", async () => {
    await detail();
    const events = await audit();
    const actions = events.map((event) => event.action);
    for (const action of ["screening.list_viewed", "screening.viewed", "screening.updated", "screening.reference_added", "screening.reference_received", "screening.reference_resent", "screening.reference_updated", "screening.reference_deleted"]) {
      expect(actions, action).toContain(action);
    }
    const listViewed = events.find((event) => event.action === "screening.list_viewed")!;
    expect(listViewed.entityType).toBe("program");
    expect(events.find((event) => event.action === "screening.viewed")).toMatchObject({ entityType: "application", entityId: mentorId });
    const cleared = events.find((event) => event.action === "screening.updated" && event.after?.backgroundCheckStatus === "cleared")!;
    expect(cleared).toMatchObject({ entityId: mentorId, before: { backgroundCheckStatus: "pending", backgroundCheckClearedOn: null }, after: { backgroundCheckClearedOn: addDays(today, -2) } });
    expect(cleared.after).not.toHaveProperty("interviewOn");
    // A refused change leaves no trace.
    expect(events.filter((event) => event.action === "screening.updated" && event.after?.backgroundCheckStatus === "pending")).toHaveLength(1);
  });
});

describe("who may see screening records", () => {
  it("never viewers", async () => {
    const { member: viewer } = await inviteAndAccept(owner, slug, "viewer");
    expect((await viewer.get(base())).status).toBe(403);
    expect((await viewer.get(`${base()}/${mentorId}`)).status).toBe(403);
    expect((await patch(viewer, `${base()}/${mentorId}`, { applicationReviewed: true })).status).toBe(403);
    expect((await viewer.post(`${base()}/${mentorId}/references`, { name: "Nosy Viewer", email: "nosy@example.test" })).status).toBe(403);
  });

  it("not a coordinator of another program", async () => {
    const { member: other } = await inviteAndAccept(owner, slug, "coordinator");
    expect((await other.get(base())).status).toBe(404);
    expect((await other.get(`${base()}/${mentorId}`)).status).toBe(404);
    expect((await patch(other, `${base()}/${mentorId}`, { applicationReviewed: false })).status).toBe(404);
  });

  it("not another institution, even at a program of the same address", async () => {
    const { owner: stranger, slug: otherSlug } = await signUpAndSignIn();
    await json(await stranger.post(`/api/v1/t/${otherSlug}/programs`, { name: "Their Youth Program", slug: PROGRAM, type: "community" }), 201);
    expect((await stranger.get(`${base(otherSlug)}/${mentorId}`)).status).toBe(404);
    expect((await patch(stranger, `${base(otherSlug)}/${mentorId}`, { applicationReviewed: false })).status).toBe(404);
    expect((await stranger.get(`${base()}/${mentorId}`)).status).toBe(404);
    expect((await json<ListResponse>(await stranger.get(base(otherSlug)), 200)).mentors).toEqual([]);

    // A referee's link works at its own institution's address only.
    const refereeEmail = `referee-x-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const added = await json<Detail>(await owner.post(`${base()}/${mentorId}/references`, { name: "Cara Crossley", email: refereeEmail }), 201);
    const token = linkParam(await latestEmail(refereeEmail), "/reference.html", "token");
    expect((await new Agent().get(`/api/v1/t/${otherSlug}/references?token=${encodeURIComponent(token)}`)).status).toBe(404);
    const answers = { knownFor: "1_to_3_years", relationship: "Neighbor", suitableWithYoungPeople: "yes", recommend: "yes" };
    expect((await new Agent().post(`/api/v1/t/${otherSlug}/references`, { token, answers, signature: "Cara Crossley" })).status).toBe(404);
    expect((await new Agent().get(`/api/v1/t/${slug}/references?token=${encodeURIComponent(token)}`)).status).toBe(200);
    await json(await owner.delete(`${base()}/${mentorId}/references/${added.references.at(-1)!.id}`), 200);
    expect((await new Agent().get(`/api/v1/t/${slug}/references?token=${encodeURIComponent(token)}`)).status).toBe(404);
  });

  it("and a mentee has no screening record", async () => {
    expect((await owner.get(`${base()}/${menteeId}`)).status).toBe(404);
    expect((await patch(owner, `${base()}/${menteeId}`, { applicationReviewed: true })).status).toBe(404);
  });
});

describe("an expired background check", () => {
  it("takes the mentor out of matching, and the coordinator hears once", async () => {
    const clearedOn = addMonths(today, -24);
    const saved = await json<Detail>(await patch(owner, `${base()}/${mentorId}`, { backgroundCheck: { provider: "SafeCheck", requestedOn: addDays(clearedOn, -10), status: "cleared", clearedOn, expiresOn: today } }), 200);
    expect(saved.status.screened).toBe(false);
    expect(stepOf(saved.status, "background_check")).toMatchObject({ state: "expired", detail: `The background check expired on ${today}.` });
    expect(await notReady()).toBe(1);

    // A volunteer who withdrew is nobody's concern: no notice, but marked so the daily sweep stops finding them.
    const leaverId = await join("mentor", "Lena", "Leaver", { about: "Moving away soon" });
    await json(await patch(owner, `${base()}/${leaverId}`, { backgroundCheck: { provider: "SafeCheck", requestedOn: addDays(clearedOn, -10), status: "cleared", clearedOn, expiresOn: today } }), 200);
    const leaverMail = await latestEmail((await json<Detail>(await owner.get(`${base()}/${leaverId}`), 200)).mentor.email);
    const statusToken = linkParam(leaverMail, "/applications/status", "token");
    await json(await new Agent().post(`/api/v1/t/${slug}/applications/status/withdraw`, { token: statusToken }), 200);

    const before = await emailCount(coordinatorEmail);
    const data = await tenantData();
    expect(await notifyExpiredScreenings(data, new OutboxMailer(db), ORIGIN, today)).toBe(1);
    expect(await emailCount(coordinatorEmail)).toBe(before + 1);
    const notice = await latestEmail(coordinatorEmail);
    expect(notice.kind).toBe("screening.check_expired");
    expect(notice.text).toContain("Samira Rahman");
    expect(notice.text).toContain(today);
    expect(notice.text).toMatch(/out of matching/);
    expect(notice.text).not.toContain("Leaver");
    expect((await json<Detail>(await owner.get(`${base()}/${leaverId}`), 200)).record.expiryNotifiedOn).toBe(today);

    expect(await notifyExpiredScreenings(data, new OutboxMailer(db), ORIGIN, today)).toBe(0);
    expect(await notifyExpiredScreenings(data, new OutboxMailer(db), ORIGIN, addDays(today, 1))).toBe(0);
    expect(await emailCount(coordinatorEmail)).toBe(before + 1);
    expect((await detail()).record.expiryNotifiedOn).toBe(today);
    const expired = (await audit()).filter((event) => event.action === "screening.expired");
    expect(expired).toHaveLength(2);
    expect(expired).toContainEqual(expect.objectContaining({ entityType: "application", entityId: mentorId, after: expect.objectContaining({ expiryNotifiedOn: today, coordinatorsTold: true }) }));
    expect(expired).toContainEqual(expect.objectContaining({ entityId: leaverId, after: expect.objectContaining({ coordinatorsTold: false }) }));
  });
});
