/**
 * Guardian consent in youth programs (issue #8), end to end in workerd: a
 * minor's application waits for consent; the guardian's receipt carries a link
 * (its token in the fragment, never the query) to withdraw at any time; withdrawing puts the application back to waiting,
 * pauses the match (the portal refuses writes), and tells the coordinator and,
 * neutrally, the mentor; consenting again through a re-sent request resumes it.
 * And contact sharing: what each side of a youth match sees of the other.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../workers/app/src/config.js";
import type { EmailMessage, Mailer } from "../../workers/app/src/email/mailer.js";
import { sendMatchIntroduction } from "../../workers/app/src/services/introductions.js";
import { Agent, inviteAndAccept, latestEmail, linkParam, type Problem, signUpAndSignIn, userIdOf } from "./agent.js";
import { asPortal, json, localDay, tenantDataFor, tenantIdOf, tokenFor } from "./fixtures/pairs.js";

interface ConsentRecord {
  applicant: { firstName: string; lastName: string };
  program: { name: string; expectations: string };
  signature: string | null;
  consentedAt: string | null;
  withdrawnAt: string | null;
  match: "none" | "active" | "paused";
}
interface PortalView {
  match: { id: string; status: string; partner: { firstName: string; email: string | null }; paused: { since: string; reason: string } | null };
}

let owner: Agent;
let coordinator: Agent;
let coordinatorEmail: string;
let slug: string;
let tenantId: string;

const tag = () => crypto.randomUUID().slice(0, 8);
const EXPECTATIONS = "Meet weekly at the library; the coordinator is told of every meeting.";

/** A youth (community) program, enrolling, run by the coordinator. */
async function youthProgram(): Promise<string> {
  const program = `youth-${tag()}`;
  await json(await owner.post(`/api/v1/t/${slug}/programs`, { name: `Youth ${program}`, slug: program, type: "community" }), 201);
  await json(await owner.request("PATCH", `/api/v1/t/${slug}/programs/${program}`, { expectations: EXPECTATIONS, startsOn: localDay(-7), endsOn: localDay(120) }), 200);
  await json(await owner.post(`/api/v1/t/${slug}/programs/${program}/status`, { status: "enrolling" }), 200);
  await json(await owner.request("PUT", `/api/v1/t/${slug}/programs/${program}/coordinators`, { userIds: [await userIdOf(coordinator)] }), 200);
  return program;
}

/** A 14-year-old applies; returns their address, their guardian's, the application id and the status token. */
async function applyAsMinor(program: string) {
  const t = tag();
  const email = `teen-${t}@example.test`;
  const guardian = `guardian-${t}@example.test`;
  const response = await new Agent().post(`/api/v1/t/${slug}/join/${program}/mentee`, {
    answers: {
      first_name: "Leo",
      last_name: `Park${t}`,
      email,
      date_of_birth: "2012-05-01",
      guardian_name: "Ana Park",
      guardian_email: guardian,
      interests: ["music"],
      languages: ["en"],
      location: "Riverside",
      modality: "in_person",
      availability: ["sat_morning"],
      school: "Riverside High",
      bio: "I like drawing.",
    },
    startedAt: Date.now() - 60_000,
  });
  const { application } = await json<{ application: { id: string; status: string } }>(response, 201);
  expect(application.status).toBe("pending_consent");
  return { email, guardian, id: application.id, lastName: `Park${t}`, statusToken: linkParam(await latestEmail(email), "/applications/status", "token") };
}

async function applyAsMentor(program: string) {
  const email = `mentor-${tag()}@example.test`;
  const response = await new Agent().post(`/api/v1/t/${slug}/join/${program}/mentor`, {
    answers: {
      first_name: "Maria",
      last_name: "Lopez",
      email,
      interests: ["music"],
      languages: ["en"],
      location: "Riverside",
      modality: "in_person",
      availability: ["sat_morning"],
      employer: "City Library",
      occupation: "Librarian",
      bio: "I run the library's youth music club.",
      code_of_conduct: true,
      background_check: true,
    },
    startedAt: Date.now() - 60_000,
  });
  const { application } = await json<{ application: { id: string } }>(response, 201);
  return { email, id: application.id };
}

const consent = (token: string) => new Agent().post(`/api/v1/t/${slug}/consent`, { token, signature: "Ana Park", consent: true });
const decide = (program: string, id: string) => owner.post(`/api/v1/t/${slug}/programs/${program}/applications/decisions`, { ids: [id], decision: "approved" });
const manage = (token: string) => new Agent().get(`/api/v1/t/${slug}/consent/manage?token=${encodeURIComponent(token)}`);
const withdraw = (token: string, body: Record<string, unknown> = {}) => new Agent().post(`/api/v1/t/${slug}/consent/withdraw`, { token, confirm: true, ...body });
/** The manage token of the guardian's receipt: it rides in the link's fragment (`#manage=…`), never its query, so no server logs it. */
function manageTokenOf(email: Awaited<ReturnType<typeof latestEmail>>): string {
  const link = email.links.find((candidate) => candidate.includes("/consent.html"));
  if (!link) throw new Error(`No /consent.html link in "${email.subject}": ${email.links.join(", ")}`);
  const url = new URL(link);
  expect(url.searchParams.has("manage")).toBe(false);
  const token = new URLSearchParams(url.hash.slice(1)).get("manage");
  if (!token) throw new Error(`The link ${link} has no #manage= token`);
  return token;
}
const statusOf = async (token: string) => json<{ status: string; canEdit: boolean; canWithdraw: boolean }>(await new Agent().get(`/api/v1/t/${slug}/applications/status?token=${token}`), 200);

/** A consenting guardian's minor, approved and matched with an approved mentor by a matching run. */
async function matchedMinor(program: string) {
  const minor = await applyAsMinor(program);
  await json(await consent(linkParam(await latestEmail(minor.guardian), "/consent.html", "token")), 200);
  const manageToken = manageTokenOf(await latestEmail(minor.guardian));
  const mentor = await applyAsMentor(program);
  await json(await decide(program, minor.id), 200);
  await json(await decide(program, mentor.id), 200);
  const run = await json<{ run: { id: string } }>(await owner.post(`/api/v1/t/${slug}/programs/${program}/matching/runs`, {}), 201);
  await json(await owner.post(`/api/v1/t/${slug}/programs/${program}/matching/runs/${run.run.id}/approve`), 200);
  const { matches } = await json<{ matches: { id: string; mentor: { id: string }; mentee: { id: string } }[] }>(await owner.get(`/api/v1/t/${slug}/programs/${program}/matches?status=active`), 200);
  const match = matches.find((candidate) => candidate.mentee.id === minor.id);
  expect(match?.mentor.id).toBe(mentor.id);
  const matchId = match!.id;
  return {
    minor,
    mentor,
    matchId,
    manageToken,
    menteePortal: asPortal(new Agent(), slug, await tokenFor(tenantId, matchId, minor.id)),
    mentorPortal: asPortal(new Agent(), slug, await tokenFor(tenantId, matchId, mentor.id)),
  };
}

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  tenantId = await tenantIdOf(slug);
  ({ member: coordinator, email: coordinatorEmail } = await inviteAndAccept(owner, slug, "coordinator"));
}, 60_000);

describe("a minor's application", () => {
  it("waits for the guardian's consent, then goes to review; the guardian's receipt links to their consent on record", async () => {
    const program = await youthProgram();
    const minor = await applyAsMinor(program);
    // The coordinator cannot decide it while consent is missing.
    expect((await decide(program, minor.id)).status).toBe(409);
    const waiting = await json<{ applications: { id: string }[] }>(await coordinator.get(`/api/v1/t/${slug}/programs/${program}/applications?status=pending_consent`), 200);
    expect(waiting.applications.map((application) => application.id)).toContain(minor.id);

    const signed = await json<{ status: string; resumed: boolean }>(await consent(linkParam(await latestEmail(minor.guardian), "/consent.html", "token")), 200);
    expect(signed).toMatchObject({ status: "submitted", resumed: false });
    expect((await statusOf(minor.statusToken)).status).toBe("submitted");

    const receipt = await latestEmail(minor.guardian);
    expect(receipt).toMatchObject({ kind: "enrollment.guardian_consent_recorded" });
    expect(receipt.text).toContain("as Ana Park. You can withdraw your consent at any time:");
    const link = new URL(receipt.links.find((candidate) => candidate.includes("/consent.html"))!);
    expect(link.searchParams.get("tenant")).toBe(slug);
    expect([...link.searchParams.keys()]).toEqual(["tenant"]);
    const record = await json<ConsentRecord>(await manage(manageTokenOf(receipt)), 200);
    expect(record).toMatchObject({ applicant: { firstName: "Leo", lastName: minor.lastName }, program: { expectations: EXPECTATIONS }, signature: "Ana Park", withdrawnAt: null, match: "none" });
    expect(Date.parse(record.consentedAt!)).toBeGreaterThan(Date.now() - 60_000);

    // Now the coordinator can approve it; an unknown manage link is not found.
    await json(await decide(program, minor.id), 200);
    expect((await manage("not-a-real-token-at-all")).status).toBe(404);
    expect((await withdraw("not-a-real-token-at-all")).status).toBe(404);
  });
});

describe("withdrawing consent", () => {
  let program: string;
  let world: Awaited<ReturnType<typeof matchedMinor>>;

  beforeAll(async () => {
    program = await youthProgram();
    world = await matchedMinor(program);
  }, 60_000);

  it("asks for the confirmation and takes a reason of at most 1,000 characters", async () => {
    const unconfirmed = await json<Problem>(await withdraw(world.manageToken, { confirm: false }), 400);
    expect(unconfirmed.errors?.map((error) => error.path)).toEqual(["body.confirm"]);
    const long = await json<Problem>(await withdraw(world.manageToken, { reason: "x".repeat(1001) }), 400);
    expect(long.errors?.map((error) => error.path)).toEqual(["body.reason"]);
    expect((await json<ConsentRecord>(await manage(world.manageToken), 200)).match).toBe("active");
  });

  it("puts the application back to waiting, pauses the match, and tells the coordinator and (without the reason) the mentor", async () => {
    const reason = "We are moving to another city next month.";
    const after = await json<ConsentRecord>(await withdraw(world.manageToken, { reason }), 200);
    expect(after).toMatchObject({ signature: "Ana Park", match: "paused" });
    expect(Date.parse(after.withdrawnAt!)).toBeGreaterThan(Date.now() - 60_000);

    // The application waits for consent again: out of review, and not editable by the applicant meanwhile.
    expect(await statusOf(world.minor.statusToken)).toMatchObject({ status: "pending_consent", canEdit: false, canWithdraw: false });
    expect((await decide(program, world.minor.id)).status).toBe(409);

    // The match is paused, for both.
    for (const portal of [world.menteePortal, world.mentorPortal]) {
      const view = await json<PortalView>(await portal.get(), 200);
      expect(view.match).toMatchObject({ id: world.matchId, status: "active", paused: { reason: "guardian_consent_withdrawn" } });
    }

    const coordinatorMail = await latestEmail(coordinatorEmail);
    expect(coordinatorMail).toMatchObject({ kind: "enrollment.guardian_consent_withdrawn", subject: expect.stringContaining(`Leo ${world.minor.lastName}`) });
    expect(coordinatorMail.text).toContain("is paused");
    expect(coordinatorMail.text).toContain(reason);
    const mentorMail = await latestEmail(world.mentor.email);
    expect(mentorMail).toMatchObject({ kind: "match.paused" });
    expect(mentorMail.text).toContain("Your match with Leo");
    expect(mentorMail.text).toContain("The coordinator will be in touch.");
    expect(mentorMail.text).not.toContain("moving");

    const audit = await json<{ events: { action: string; entityId: string; after: Record<string, unknown> }[] }>(await owner.get(`/api/v1/t/${slug}/audit?limit=10`), 200);
    expect(audit.events.find((event) => event.action === "application.guardian_consent_withdrawn")).toMatchObject({ entityId: world.minor.id, after: { status: "pending_consent", reason } });
    expect(audit.events.find((event) => event.action === "match.paused")).toMatchObject({ entityId: world.matchId, after: { reason: "guardian_consent_withdrawn" } });
  });

  it("refuses every write in the portal while paused with 409 match-paused, and a second withdrawal", async () => {
    const writes = [
      world.menteePortal.post("/checkins", { meetingOn: localDay(0), durationMinutes: 30, mode: "in_person", rating: 4 }),
      world.mentorPortal.post("/checkins", { meetingOn: localDay(0), durationMinutes: 30, mode: "in_person", rating: 4 }),
      world.mentorPortal.post("/goals", { title: "Read a book together" }),
      world.mentorPortal.put("/meeting-link", { url: "https://meet.example.org/abc" }),
      world.menteePortal.post("/agreement"),
      world.menteePortal.put("/surveys/pulse-1", { answers: { rating: 4 } }),
    ];
    for (const response of await Promise.all(writes)) {
      const problem = await json<Problem>(response, 409);
      expect(problem.type).toMatch(/match-paused$/);
      expect(problem.detail).toBe("This match is paused while the program's coordinator follows up. Nothing can be added until it resumes.");
    }
    expect((await json<{ checkins: unknown[]; goals: unknown[] }>(await owner.get(`/api/v1/t/${slug}/matches/${world.matchId}`), 200)).checkins).toEqual([]);

    const again = await json<Problem>(await withdraw(world.manageToken), 409);
    expect(again.type).toMatch(/consent-already-withdrawn$/);
  });

  it("resumes the match when the guardian consents again through a re-sent request, and approves the application again", async () => {
    await json(await coordinator.post(`/api/v1/t/${slug}/programs/${program}/applications/consent-requests`, { ids: [world.minor.id] }), 200);
    // The request goes out from the queue.
    await expect.poll(async () => (await latestEmail(world.minor.guardian)).kind, { timeout: 10_000, interval: 100 }).toBe("enrollment.guardian_consent");
    const token = linkParam(await latestEmail(world.minor.guardian), "/consent.html", "token");
    const request = await json<{ consented: boolean; consentingAgain: boolean }>(await new Agent().get(`/api/v1/t/${slug}/consent?token=${token}`), 200);
    expect(request).toMatchObject({ consented: false, consentingAgain: true });

    expect(await json<{ status: string; resumed: boolean }>(await consent(token), 200)).toMatchObject({ status: "approved", resumed: true });
    expect((await statusOf(world.minor.statusToken)).status).toBe("approved");
    const view = await json<PortalView>(await world.menteePortal.get(), 200);
    expect(view.match.paused).toBeNull();
    await json(await world.menteePortal.post("/checkins", { meetingOn: localDay(0), durationMinutes: 30, mode: "in_person", rating: 4 }), 201);

    expect(await latestEmail(coordinatorEmail)).toMatchObject({ kind: "match.resumed", subject: expect.stringContaining(`Leo ${world.minor.lastName}`) });
    const audit = await json<{ events: { action: string; entityId: string }[] }>(await owner.get(`/api/v1/t/${slug}/audit?limit=10`), 200);
    expect(audit.events.some((event) => event.action === "match.resumed" && event.entityId === world.matchId)).toBe(true);

    // A fresh receipt: its link shows the consent standing again; the old link was replaced.
    const receipt = await latestEmail(world.minor.guardian);
    expect(receipt.kind).toBe("enrollment.guardian_consent_recorded");
    expect(await json<ConsentRecord>(await manage(manageTokenOf(receipt)), 200)).toMatchObject({ withdrawnAt: null, match: "active" });
    expect((await manage(world.manageToken)).status).toBe(404);
  });
});

describe("contact sharing in a youth program", () => {
  it("shows names only by default, and the mentor's email to the mentee once the program shares it that way", async () => {
    const program = await youthProgram();
    const world = await matchedMinor(program);
    const partnerEmail = async (portal: typeof world.menteePortal) => (await json<PortalView>(await portal.get(), 200)).match.partner.email;
    expect(await partnerEmail(world.menteePortal)).toBeNull();
    expect(await partnerEmail(world.mentorPortal)).toBeNull();

    await json(await owner.request("PATCH", `/api/v1/t/${slug}/programs/${program}/safeguarding`, { menteeSees: "name_and_email" }), 200);
    expect(await partnerEmail(world.menteePortal)).toBe(world.mentor.email);
    expect(await partnerEmail(world.mentorPortal)).toBeNull();

    // The calendar file follows the same choice: the mentee's invites the mentor, the mentor's only themselves.
    const ics = async (applicationId: string) => {
      const token = await tokenFor(tenantId, world.matchId, applicationId);
      const response = await new Agent().get(`/api/v1/t/${slug}/portal/next-meeting.ics?token=${encodeURIComponent(token)}&start=${encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString())}`);
      expect(response.status).toBe(200);
      return response.text();
    };
    expect(await ics(world.minor.id)).toContain(world.mentor.email);
    expect(await ics(world.mentor.id)).not.toContain(world.minor.email);

    // So do the introductions: the mentee's (and the guardian's) name the mentor's email; the mentor's does not name the mentee's.
    const sent: EmailMessage[] = [];
    const mailer: Mailer = { send: async (message) => void sent.push(message), deliver: async () => {} };
    await sendMatchIntroduction({ tenantData: await tenantDataFor(tenantId), mailer, config: loadConfig(env), origin: "https://tandem.test", jobKey: `test-introduction:${crypto.randomUUID()}` }, world.matchId);
    const to = (address: string) => sent.find((message) => message.to === address)!;
    expect(to(world.minor.email).text).toContain(world.mentor.email);
    expect(to(world.minor.guardian).text).toContain(world.mentor.email);
    expect(to(world.mentor.email).text).not.toContain(world.minor.email);
    expect(to(world.mentor.email).text).toContain("share contact details as the program's safeguarding rules allow");
  }, 60_000);
});
