/**
 * Tenant isolation, route by route. Every tenant-scoped route in the router
 * is called with tenant A's session against tenant B's institution and B's
 * ids; each must answer 404 (or 400/403) and no B identifier may appear in
 * any answer. A tenant route without a case here fails the suite, so a new
 * route cannot ship uncovered.
 */
import { inspectRoutes } from "hono/dev";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../workers/app/src/app.js";
import { Agent, inviteAndAccept, latestEmail, linkParam, signUpAndSignIn } from "./agent.js";
import { peerCohort } from "./fixtures/cohort.js";

interface World {
  a: { owner: Agent; slug: string; program: string };
  bOwner: Agent;
  b: { slug: string; name: string; ownerEmail: string; invitationId: string; invitationToken: string; memberEmail: string; domain: string; program: string; programName: string; applicationId: string; applicantEmail: string; statusToken: string; matchingProgram: string; runId: string; menteeId: string; menteeEmail: string; selfMatch: SelfMatchOfB };
}

/** B's self-match program: a mentee who asked a mentor, whose answer is pending. */
interface SelfMatchOfB {
  program: string;
  menteeToken: string;
  menteeEmail: string;
  mentorId: string;
  mentorEmail: string;
  responseToken: string;
}

type Call = { method: string; path: string; body?: unknown };
type Case = { public: string } | { asOwnerOfA: (world: World) => Call[]; allowed?: number[] };

const CASES: Record<string, Case> = {
  "GET /api/v1/t/:slug": { public: "An institution's public profile (name, kind, time zone) is for anyone: sign-up pages and the embed widget show it." },
  "GET /api/v1/t/:slug/staff": { asOwnerOfA: ({ b }) => [{ method: "GET", path: `/api/v1/t/${b.slug}/staff` }] },
  "GET /api/v1/t/:slug/audit": { asOwnerOfA: ({ b }) => [{ method: "GET", path: `/api/v1/t/${b.slug}/audit` }] },
  "POST /api/v1/t/:slug/invitations": {
    asOwnerOfA: ({ b }) => [{ method: "POST", path: `/api/v1/t/${b.slug}/invitations`, body: { email: "intruder@example.test", role: "owner" } }],
  },
  "DELETE /api/v1/t/:slug/invitations/:id": {
    asOwnerOfA: ({ a, b }) => [
      { method: "DELETE", path: `/api/v1/t/${b.slug}/invitations/${b.invitationId}` },
      // A's own institution with B's invitation id: not found there either.
      { method: "DELETE", path: `/api/v1/t/${a.slug}/invitations/${b.invitationId}` },
    ],
  },
  "GET /api/v1/t/:slug/domains": { asOwnerOfA: ({ b }) => [{ method: "GET", path: `/api/v1/t/${b.slug}/domains` }] },
  "POST /api/v1/t/:slug/domains": {
    asOwnerOfA: ({ a, b }) => [
      { method: "POST", path: `/api/v1/t/${b.slug}/domains`, body: { hostname: "hijack.example.org" } },
      // Claiming B's domain for A is refused without saying whose it is.
      { method: "POST", path: `/api/v1/t/${a.slug}/domains`, body: { hostname: b.domain } },
    ],
    allowed: [404, 409],
  },
  "DELETE /api/v1/t/:slug/domains/:hostname": {
    asOwnerOfA: ({ a, b }) => [
      { method: "DELETE", path: `/api/v1/t/${b.slug}/domains/${b.domain}` },
      { method: "DELETE", path: `/api/v1/t/${a.slug}/domains/${b.domain}` },
    ],
  },
  "GET /api/v1/t/:slug/settings": { asOwnerOfA: ({ b }) => [{ method: "GET", path: `/api/v1/t/${b.slug}/settings` }] },
  "PATCH /api/v1/t/:slug/settings": {
    asOwnerOfA: ({ b }) => [{ method: "PATCH", path: `/api/v1/t/${b.slug}/settings`, body: { allowedEmbedOrigins: ["https://evil.example"] } }],
  },
  "GET /api/v1/t/:slug/programs": { asOwnerOfA: ({ b }) => [{ method: "GET", path: `/api/v1/t/${b.slug}/programs` }] },
  "POST /api/v1/t/:slug/programs": {
    asOwnerOfA: ({ b }) => [{ method: "POST", path: `/api/v1/t/${b.slug}/programs`, body: { name: "Planted", slug: "planted", type: "peer" } }],
  },
  "GET /api/v1/t/:slug/programs/:program": {
    asOwnerOfA: ({ a, b }) => [
      { method: "GET", path: `/api/v1/t/${b.slug}/programs/${b.program}` },
      { method: "GET", path: `/api/v1/t/${a.slug}/programs/${b.program}` },
    ],
  },
  "PATCH /api/v1/t/:slug/programs/:program": {
    asOwnerOfA: ({ a, b }) => [
      { method: "PATCH", path: `/api/v1/t/${b.slug}/programs/${b.program}`, body: { name: "Renamed by A" } },
      { method: "PATCH", path: `/api/v1/t/${a.slug}/programs/${b.program}`, body: { name: "Renamed by A" } },
    ],
  },
  "POST /api/v1/t/:slug/programs/:program/status": {
    asOwnerOfA: ({ a, b }) => [
      { method: "POST", path: `/api/v1/t/${b.slug}/programs/${b.program}/status`, body: { status: "closed" } },
      { method: "POST", path: `/api/v1/t/${a.slug}/programs/${b.program}/status`, body: { status: "closed" } },
    ],
  },
  "POST /api/v1/t/:slug/programs/:program/copy": {
    asOwnerOfA: ({ a, b }) => [
      { method: "POST", path: `/api/v1/t/${b.slug}/programs/${b.program}/copy`, body: { name: "Stolen copy", slug: "stolen" } },
      // Copying B's program into A's institution: not found from A.
      { method: "POST", path: `/api/v1/t/${a.slug}/programs/${b.program}/copy`, body: { name: "Stolen copy", slug: "stolen" } },
    ],
  },
  "GET /api/v1/t/:slug/programs/:program/forms/:role": {
    asOwnerOfA: ({ a, b }) => [
      { method: "GET", path: `/api/v1/t/${b.slug}/programs/${b.program}/forms/mentee` },
      { method: "GET", path: `/api/v1/t/${a.slug}/programs/${b.program}/forms/mentee` },
    ],
  },
  "PUT /api/v1/t/:slug/programs/:program/forms/:role": {
    asOwnerOfA: ({ a, b }) => {
      const form = { version: 1, questions: [{ key: "planted", type: "short_text", label: "Planted", required: false }] };
      return [
        { method: "PUT", path: `/api/v1/t/${b.slug}/programs/${b.program}/forms/mentee`, body: form },
        { method: "PUT", path: `/api/v1/t/${a.slug}/programs/${b.program}/forms/mentee`, body: form },
      ];
    },
  },
  "GET /api/v1/t/:slug/programs/:program/coordinators": {
    asOwnerOfA: ({ a, b }) => [
      { method: "GET", path: `/api/v1/t/${b.slug}/programs/${b.program}/coordinators` },
      { method: "GET", path: `/api/v1/t/${a.slug}/programs/${b.program}/coordinators` },
    ],
  },
  "PUT /api/v1/t/:slug/programs/:program/coordinators": {
    asOwnerOfA: ({ a, b }) => [
      { method: "PUT", path: `/api/v1/t/${b.slug}/programs/${b.program}/coordinators`, body: { userIds: [] } },
      { method: "PUT", path: `/api/v1/t/${a.slug}/programs/${b.program}/coordinators`, body: { userIds: [] } },
    ],
  },
  "GET /api/v1/t/:slug/programs/:program/applications": {
    asOwnerOfA: ({ a, b }) => [
      { method: "GET", path: `/api/v1/t/${b.slug}/programs/${b.program}/applications` },
      { method: "GET", path: `/api/v1/t/${a.slug}/programs/${b.program}/applications` },
    ],
  },
  "POST /api/v1/t/:slug/programs/:program/applications/decisions": {
    asOwnerOfA: ({ a, b }) => [
      { method: "POST", path: `/api/v1/t/${b.slug}/programs/${b.program}/applications/decisions`, body: { ids: [b.applicationId], decision: "rejected" } },
      // A's own program with B's application id: not one of A's.
      { method: "POST", path: `/api/v1/t/${a.slug}/programs/${a.program}/applications/decisions`, body: { ids: [b.applicationId], decision: "rejected" } },
    ],
  },
  "POST /api/v1/t/:slug/programs/:program/applications/consent-requests": {
    asOwnerOfA: ({ a, b }) => [
      { method: "POST", path: `/api/v1/t/${b.slug}/programs/${b.program}/applications/consent-requests`, body: {} },
      { method: "POST", path: `/api/v1/t/${a.slug}/programs/${a.program}/applications/consent-requests`, body: { ids: [b.applicationId] } },
    ],
    allowed: [404, 409],
  },
  "GET /api/v1/t/:slug/programs/:program/applications/export": {
    asOwnerOfA: ({ a, b }) => [
      { method: "GET", path: `/api/v1/t/${b.slug}/programs/${b.program}/applications/export` },
      { method: "GET", path: `/api/v1/t/${a.slug}/programs/${b.program}/applications/export` },
    ],
  },
  "GET /api/v1/t/:slug/programs/:program/matching/settings": {
    asOwnerOfA: ({ a, b }) => [
      { method: "GET", path: `/api/v1/t/${b.slug}/programs/${b.matchingProgram}/matching/settings` },
      { method: "GET", path: `/api/v1/t/${a.slug}/programs/${b.matchingProgram}/matching/settings` },
    ],
  },
  "PUT /api/v1/t/:slug/programs/:program/matching/settings": {
    asOwnerOfA: ({ a, b }) => [
      { method: "PUT", path: `/api/v1/t/${b.slug}/programs/${b.matchingProgram}/matching/settings`, body: { objective: "max_min" } },
      { method: "PUT", path: `/api/v1/t/${a.slug}/programs/${b.matchingProgram}/matching/settings`, body: { objective: "max_min" } },
    ],
  },
  "GET /api/v1/t/:slug/programs/:program/matching/runs": {
    asOwnerOfA: ({ a, b }) => [
      { method: "GET", path: `/api/v1/t/${b.slug}/programs/${b.matchingProgram}/matching/runs` },
      { method: "GET", path: `/api/v1/t/${a.slug}/programs/${b.matchingProgram}/matching/runs` },
    ],
  },
  "POST /api/v1/t/:slug/programs/:program/matching/runs": {
    asOwnerOfA: ({ a, b }) => [
      { method: "POST", path: `/api/v1/t/${b.slug}/programs/${b.matchingProgram}/matching/runs`, body: {} },
      { method: "POST", path: `/api/v1/t/${a.slug}/programs/${b.matchingProgram}/matching/runs`, body: { basedOn: b.runId } },
    ],
  },
  "GET /api/v1/t/:slug/programs/:program/matching/runs/:run": {
    asOwnerOfA: ({ a, b }) => [
      { method: "GET", path: `/api/v1/t/${b.slug}/programs/${b.matchingProgram}/matching/runs/${b.runId}` },
      // B's run under A's own program: not found there.
      { method: "GET", path: `/api/v1/t/${a.slug}/programs/${a.program}/matching/runs/${b.runId}` },
    ],
  },
  "POST /api/v1/t/:slug/programs/:program/matching/runs/:run/adjustments": {
    asOwnerOfA: ({ a, b }) => [
      { method: "POST", path: `/api/v1/t/${b.slug}/programs/${b.matchingProgram}/matching/runs/${b.runId}/adjustments`, body: { action: "unassign", mentee: b.menteeId } },
      { method: "POST", path: `/api/v1/t/${a.slug}/programs/${a.program}/matching/runs/${b.runId}/adjustments`, body: { action: "unassign", mentee: b.menteeId } },
    ],
  },
  "POST /api/v1/t/:slug/programs/:program/matching/runs/:run/approve": {
    asOwnerOfA: ({ a, b }) => [
      { method: "POST", path: `/api/v1/t/${b.slug}/programs/${b.matchingProgram}/matching/runs/${b.runId}/approve` },
      { method: "POST", path: `/api/v1/t/${a.slug}/programs/${a.program}/matching/runs/${b.runId}/approve` },
    ],
  },
  "POST /api/v1/t/:slug/programs/:program/matching/runs/:run/discard": {
    asOwnerOfA: ({ a, b }) => [
      { method: "POST", path: `/api/v1/t/${b.slug}/programs/${b.matchingProgram}/matching/runs/${b.runId}/discard` },
      { method: "POST", path: `/api/v1/t/${a.slug}/programs/${a.program}/matching/runs/${b.runId}/discard` },
    ],
  },
  "GET /api/v1/t/:slug/programs/:program/matches": {
    asOwnerOfA: ({ a, b }) => [
      { method: "GET", path: `/api/v1/t/${b.slug}/programs/${b.matchingProgram}/matches` },
      { method: "GET", path: `/api/v1/t/${a.slug}/programs/${b.matchingProgram}/matches` },
    ],
  },
  "POST /api/v1/t/:slug/programs/:program/imports/preview": {
    asOwnerOfA: ({ a, b }) => {
      const body = { role: "mentor", csv: "first_name,last_name,email\nPlanted,Row,planted@example.test\n" };
      return [
        { method: "POST", path: `/api/v1/t/${b.slug}/programs/${b.program}/imports/preview`, body },
        { method: "POST", path: `/api/v1/t/${a.slug}/programs/${b.program}/imports/preview`, body },
      ];
    },
  },
  "POST /api/v1/t/:slug/programs/:program/imports": {
    asOwnerOfA: ({ a, b }) => {
      const body = { role: "mentor", csv: "first_name,last_name,email\nPlanted,Row,planted@example.test\n", mapping: { first_name: "first_name", last_name: "last_name", email: "email" } };
      return [
        { method: "POST", path: `/api/v1/t/${b.slug}/programs/${b.program}/imports`, body },
        // Importing into B's program from A's institution: not found from A.
        { method: "POST", path: `/api/v1/t/${a.slug}/programs/${b.program}/imports`, body },
      ];
    },
  },
  // Token-authenticated, for applicants and guardians: B's token at A's address finds nothing.
  "GET /api/v1/t/:slug/applications/status": { asOwnerOfA: ({ a, b }) => [{ method: "GET", path: `/api/v1/t/${a.slug}/applications/status?token=${b.statusToken}` }] },
  "PUT /api/v1/t/:slug/applications/status": {
    asOwnerOfA: ({ a, b }) => [{ method: "PUT", path: `/api/v1/t/${a.slug}/applications/status`, body: { token: b.statusToken, answers: { first_name: "Planted", last_name: "Edit" } } }],
  },
  "POST /api/v1/t/:slug/applications/status/withdraw": {
    asOwnerOfA: ({ a, b }) => [{ method: "POST", path: `/api/v1/t/${a.slug}/applications/status/withdraw`, body: { token: b.statusToken } }],
  },
  "GET /api/v1/t/:slug/consent": { asOwnerOfA: ({ a }) => [{ method: "GET", path: `/api/v1/t/${a.slug}/consent?token=not-a-token-of-a-${"x".repeat(20)}` }] },
  "POST /api/v1/t/:slug/consent": {
    asOwnerOfA: ({ a }) => [{ method: "POST", path: `/api/v1/t/${a.slug}/consent`, body: { token: `not-a-token-of-a-${"x".repeat(20)}`, signature: "Intruder", consent: true } }],
  },
  // Public by design for B's own address; A's address must not reach B's program.
  "GET /api/v1/t/:slug/join/:program/:role": { asOwnerOfA: ({ a, b }) => [{ method: "GET", path: `/api/v1/t/${a.slug}/join/${b.program}/mentee` }] },
  "POST /api/v1/t/:slug/join/:program/:role": {
    asOwnerOfA: ({ a, b }) => [{ method: "POST", path: `/api/v1/t/${a.slug}/join/${b.program}/mentee`, body: { answers: { first_name: "X" }, startedAt: 0 } }],
  },
  // Self-match, for mentees (status token) and mentors (request token, signed resume link): B's tokens at A's address find nothing.
  "GET /api/v1/t/:slug/self-match/suggestions": { asOwnerOfA: ({ a, b }) => [{ method: "GET", path: `/api/v1/t/${a.slug}/self-match/suggestions?token=${b.selfMatch.menteeToken}` }] },
  "POST /api/v1/t/:slug/self-match/requests": {
    asOwnerOfA: ({ a, b }) => [{ method: "POST", path: `/api/v1/t/${a.slug}/self-match/requests`, body: { token: b.selfMatch.menteeToken, mentor: b.selfMatch.mentorId } }],
  },
  "POST /api/v1/t/:slug/self-match/requests/cancel": {
    asOwnerOfA: ({ a, b }) => [{ method: "POST", path: `/api/v1/t/${a.slug}/self-match/requests/cancel`, body: { token: b.selfMatch.menteeToken } }],
  },
  "GET /api/v1/t/:slug/self-match/requests/respond": {
    asOwnerOfA: ({ a, b }) => [{ method: "GET", path: `/api/v1/t/${a.slug}/self-match/requests/respond?token=${b.selfMatch.responseToken}` }],
  },
  "POST /api/v1/t/:slug/self-match/requests/respond": {
    asOwnerOfA: ({ a, b }) => [{ method: "POST", path: `/api/v1/t/${a.slug}/self-match/requests/respond`, body: { token: b.selfMatch.responseToken, decision: "accept" } }],
  },
  "GET /api/v1/t/:slug/self-match/resume": {
    asOwnerOfA: ({ a, b }) => [{ method: "GET", path: `/api/v1/t/${a.slug}/self-match/resume?token=${b.selfMatch.mentorId}.${"A".repeat(43)}` }],
  },
  "POST /api/v1/t/:slug/self-match/resume": {
    asOwnerOfA: ({ a, b }) => [{ method: "POST", path: `/api/v1/t/${a.slug}/self-match/resume`, body: { token: `${b.selfMatch.mentorId}.${"A".repeat(43)}` } }],
  },
  "GET /api/v1/t/:slug/programs/:program/self-match": {
    asOwnerOfA: ({ a, b }) => [
      { method: "GET", path: `/api/v1/t/${b.slug}/programs/${b.selfMatch.program}/self-match` },
      { method: "GET", path: `/api/v1/t/${a.slug}/programs/${b.selfMatch.program}/self-match` },
    ],
  },
  "POST /api/v1/t/:slug/programs/:program/self-match/mentors/:mentor/resume": {
    asOwnerOfA: ({ a, b }) => [
      { method: "POST", path: `/api/v1/t/${b.slug}/programs/${b.selfMatch.program}/self-match/mentors/${b.selfMatch.mentorId}/resume` },
      // A's own program with B's mentor: not one of A's.
      { method: "POST", path: `/api/v1/t/${a.slug}/programs/${a.program}/self-match/mentors/${b.selfMatch.mentorId}/resume` },
    ],
  },
  "POST /api/v1/t/:slug/invitations/accept": {
    // B's invitation token presented at A's address is not an invitation of A's.
    asOwnerOfA: ({ a, b }) => [{ method: "POST", path: `/api/v1/t/${a.slug}/invitations/accept`, body: { token: b.invitationToken, name: "Intruder" } }],
    allowed: [400],
  },
};

function tenantRoutes(): string[] {
  const routes = inspectRoutes(createApp())
    .filter((route) => !route.isMiddleware && route.path.startsWith("/api/v1/t/:slug"))
    .map((route) => `${route.method} ${route.path}`);
  return [...new Set(routes)].sort();
}

let world: World;

beforeAll(async () => {
  const a = await signUpAndSignIn();
  const bName = `Beta Academy ${crypto.randomUUID().slice(0, 4)}`;
  const b = await signUpAndSignIn({ name: bName });
  await inviteAndAccept(b.owner, b.slug, "coordinator");
  const pendingEmail = `pending-${crypto.randomUUID().slice(0, 6)}@example.test`;
  const invited = (await (await b.owner.post(`/api/v1/t/${b.slug}/invitations`, { email: pendingEmail, role: "viewer" })).json()) as { invitation: { id: string } };
  const invitationToken = linkParam(await latestEmail(pendingEmail), "/invitations/accept.html", "token");
  const domain = `mentoring-${crypto.randomUUID().slice(0, 6)}.beta.example`;
  const added = await b.owner.post(`/api/v1/t/${b.slug}/domains`, { hostname: domain });
  if (added.status !== 201) throw new Error(`domain: ${added.status} ${await added.text()}`);
  const program = `b-program-${crypto.randomUUID().slice(0, 6)}`;
  const programName = `Beta Secret Program ${crypto.randomUUID().slice(0, 4)}`;
  const createdProgram = await b.owner.post(`/api/v1/t/${b.slug}/programs`, { name: programName, slug: program, type: "community" });
  if (createdProgram.status !== 201) throw new Error(`program: ${createdProgram.status} ${await createdProgram.text()}`);
  // B's program takes applications; one arrives.
  await b.owner.post(`/api/v1/t/${b.slug}/programs/${program}/status`, { status: "enrolling" });
  const applicantEmail = `b-applicant-${crypto.randomUUID().slice(0, 6)}@example.test`;
  const applied = await new Agent().post(`/api/v1/t/${b.slug}/join/${program}/mentor`, {
    answers: { first_name: "Bea", last_name: "Applicant", email: applicantEmail, interests: ["music"], languages: ["en"], location: "Old Town", modality: "either", availability: ["mon_evening"], bio: "I mentor.", employer: "Beta Corp", occupation: "Engineer", code_of_conduct: true, background_check: true },
    startedAt: Date.now() - 60_000,
  });
  if (applied.status !== 201) throw new Error(`apply: ${applied.status} ${await applied.text()}`);
  const applicationId = ((await applied.json()) as { application: { id: string } }).application.id;
  const statusToken = linkParam(await latestEmail(applicantEmail), "/applications/status", "token");
  // B matches a small cohort in a second program; the proposal waits for approval.
  const matchingProgram = `b-match-${crypto.randomUUID().slice(0, 6)}`;
  const cohort = await peerCohort(b.owner, b.slug, matchingProgram, { mentees: 3, mentors: 2, capacity: 2 });
  const run = await b.owner.post(`/api/v1/t/${b.slug}/programs/${matchingProgram}/matching/runs`, {});
  if (run.status !== 201) throw new Error(`run: ${run.status} ${await run.text()}`);
  const runId = ((await run.json()) as { run: { id: string } }).run.id;
  const selfMatch = await selfMatchOfB(b.owner, b.slug);
  // A has a program of its own.
  await a.owner.post(`/api/v1/t/${a.slug}/programs`, { name: "A's Program", slug: "a-program", type: "peer" });
  world = { a: { ...a, program: "a-program" }, bOwner: b.owner, b: { slug: b.slug, name: bName, ownerEmail: b.email, invitationId: invited.invitation.id, invitationToken, memberEmail: pendingEmail, domain, program, programName, applicationId, applicantEmail, statusToken, matchingProgram, runId, menteeId: cohort.menteeIds[0]!, menteeEmail: cohort.mentees[0]!.email, selfMatch } };
}, 60_000);

async function selfMatchOfB(owner: Agent, slug: string): Promise<SelfMatchOfB> {
  const program = `b-self-${crypto.randomUUID().slice(0, 6)}`;
  await owner.post(`/api/v1/t/${slug}/programs`, { name: "Beta Self Match", slug: program, type: "peer" });
  await owner.post(`/api/v1/t/${slug}/programs/${program}/status`, { status: "enrolling" });
  const answers = { major: "biology", year: 2, goals: ["study_habits"], interests: ["music"], availability: ["mon_evening"], languages: ["en"], bio: "Beta." };
  const join = async (role: "mentor" | "mentee", firstName: string) => {
    const email = `b-${role}-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const applied = await new Agent().post(`/api/v1/t/${slug}/join/${program}/${role}`, { answers: { first_name: firstName, last_name: "Beta", email, ...answers }, startedAt: Date.now() - 60_000 });
    if (applied.status !== 201) throw new Error(`self-match join: ${applied.status} ${await applied.text()}`);
    return { id: ((await applied.json()) as { application: { id: string } }).application.id, email, token: linkParam(await latestEmail(email), "/applications/status", "token") };
  };
  const mentee = await join("mentee", "Yusra");
  const mentor = await join("mentor", "Zeno");
  await owner.post(`/api/v1/t/${slug}/programs/${program}/applications/decisions`, { ids: [mentee.id, mentor.id], decision: "approved" });
  // A long answer window: no other test's far-ahead cron tick lapses this request.
  await owner.request("PUT", `/api/v1/t/${slug}/programs/${program}/matching/settings`, { mode: "self_match", responseDays: 30 });
  await new Agent().get(`/api/v1/t/${slug}/self-match/suggestions?token=${mentee.token}`);
  const asked = await new Agent().post(`/api/v1/t/${slug}/self-match/requests`, { token: mentee.token, mentor: mentor.id, message: "Beta's secret message" });
  if (asked.status !== 201) throw new Error(`self-match request: ${asked.status} ${await asked.text()}`);
  const responseToken = linkParam(await latestEmail(mentor.email), "/self-match-respond.html", "token");
  return { program, menteeToken: mentee.token, menteeEmail: mentee.email, mentorId: mentor.id, mentorEmail: mentor.email, responseToken };
}

describe("tenant isolation", () => {
  it("has a case for every tenant-scoped route, and no case for a route that is gone", () => {
    const routes = tenantRoutes();
    expect(routes.length).toBeGreaterThan(3);
    expect(routes.filter((route) => !(route in CASES)), "tenant routes with no isolation case").toEqual([]);
    expect(Object.keys(CASES).filter((route) => !routes.includes(route)), "cases for routes that no longer exist").toEqual([]);
  });

  for (const [route, spec] of Object.entries(CASES)) {
    if ("public" in spec) continue;
    it(`${route}: tenant A cannot reach tenant B`, async () => {
      const { selfMatch } = world.b;
      const leaks = [world.b.slug, world.b.name, world.b.ownerEmail, world.b.invitationId, world.b.memberEmail, world.b.domain, world.b.program, world.b.programName, world.b.applicationId, world.b.applicantEmail, "Bea", world.b.matchingProgram, world.b.runId, world.b.menteeId, world.b.menteeEmail, selfMatch.program, selfMatch.mentorId, selfMatch.mentorEmail, selfMatch.menteeEmail, "Yusra", "Zeno", "Beta's secret message"];
      for (const call of spec.asOwnerOfA(world)) {
        const response = await world.a.owner.request(call.method, call.path, call.body);
        const text = await response.text();
        expect(spec.allowed ?? [404], `${call.method} ${call.path} → ${response.status} ${text}`).toContain(response.status);
        for (const secret of leaks) {
          // The slug B's URL named may be echoed in "No institution has the address …" — that reveals nothing new.
          // Likewise a hostname the request itself sent.
          if ((secret === world.b.slug || secret === world.b.domain || secret === world.b.program || secret === world.b.applicationId || secret === world.b.matchingProgram || secret === world.b.runId || secret === world.b.menteeId || secret === selfMatch.program || secret === selfMatch.mentorId) && JSON.stringify(call).includes(secret)) continue;
          expect(text, `${call.method} ${call.path} leaked ${secret}`).not.toContain(secret);
        }
      }
    });
  }

  it("left B's data as B made it", async () => {
    // Every write above was refused: seen from B, nothing changed and nothing was planted.
    const programs = (await (await world.bOwner.get(`/api/v1/t/${world.b.slug}/programs`)).json()) as { programs: { slug: string; name: string; status: string }[] };
    expect(programs.programs).toEqual(expect.arrayContaining([expect.objectContaining({ slug: world.b.program, name: world.b.programName, status: "enrolling" })]));
    expect(programs.programs.map((program) => program.slug).sort()).toEqual([world.b.program, world.b.matchingProgram, world.b.selfMatch.program].sort());
    const selfMatch = (await (await world.bOwner.get(`/api/v1/t/${world.b.slug}/programs/${world.b.selfMatch.program}/self-match`)).json()) as { pending: { mentor: { id: string } }[]; counts: Record<string, number> };
    expect(selfMatch.pending.map((request) => request.mentor.id)).toEqual([world.b.selfMatch.mentorId]);
    expect(selfMatch.counts).toMatchObject({ accepted: 0, cancelled: 0, pausedMentors: 0, activeSelfMatches: 0 });
    const runs = (await (await world.bOwner.get(`/api/v1/t/${world.b.slug}/programs/${world.b.matchingProgram}/matching/runs`)).json()) as { runs: { id: string; status: string; revision: number }[] };
    expect(runs.runs).toEqual([expect.objectContaining({ id: world.b.runId, status: "proposed", revision: 0 })]);
    const settingsOfB = (await (await world.bOwner.get(`/api/v1/t/${world.b.slug}/programs/${world.b.matchingProgram}/matching/settings`)).json()) as { settings: { objective: string } };
    expect(settingsOfB.settings.objective).toBe("max_total");
    const applications = (await (await world.bOwner.get(`/api/v1/t/${world.b.slug}/programs/${world.b.program}/applications`)).json()) as { applications: { id: string; status: string }[] };
    expect(applications.applications).toEqual([expect.objectContaining({ id: world.b.applicationId, status: "submitted" })]);
    const staff = (await (await world.bOwner.get(`/api/v1/t/${world.b.slug}/staff`)).json()) as { invitations: { id: string }[] };
    expect(staff.invitations.map((invitation) => invitation.id)).toEqual([world.b.invitationId]);
    const settings = (await (await world.bOwner.get(`/api/v1/t/${world.b.slug}/settings`)).json()) as { settings: { allowedEmbedOrigins: string[] } };
    expect(settings.settings.allowedEmbedOrigins).toEqual([]);
    const domains = (await (await world.bOwner.get(`/api/v1/t/${world.b.slug}/domains`)).json()) as { domains: { hostname: string }[] };
    expect(domains.domains.map((domain) => domain.hostname)).toEqual([world.b.domain]);
  });

  it("gives an unknown institution and someone else's the same answer", async () => {
    const theirs = await world.a.owner.get(`/api/v1/t/${world.b.slug}/staff`);
    const nobodys = await world.a.owner.get(`/api/v1/t/no-such-${crypto.randomUUID().slice(0, 6)}/staff`);
    expect(theirs.status).toBe(nobodys.status);
    const strip = async (response: Response) => {
      const problem = (await response.json()) as Record<string, unknown>;
      return { ...problem, detail: String(problem.detail).replace(/"[^"]+"/, '"…"'), requestId: undefined };
    };
    expect(await strip(theirs)).toEqual(await strip(nobodys));
  });
});

// ── Issue #6: the relationship — participant portal, one-click check-ins, coordinators' pairs ──
// Another institution, C, with a pair that has a goal and an open call for help. A's owner tries C's
// portal token, C's answer link, and tokens and links signed for A that name C's ids, at A's address,
// and C's coordinator routes at both addresses. (Imports are hoisted; they sit here to keep this block whole.)
import { checkinLinkExpiry } from "@tandem/relationships";
import { answerLink, pairedProgram, tenantIdOf, tokenFor } from "./fixtures/pairs.js";

type RelationshipCall = Call & { headers?: Record<string, string> };

/**
 * Makes each call with A's owner's session: every answer must have an allowed status (404 unless said) and
 * show none of the other institution's secrets. An id or address the request itself named may be echoed
 * ("no program at …"): that reveals nothing new.
 */
async function expectUnreachable(calls: RelationshipCall[], leaks: readonly string[], allowed: readonly number[] = [404]) {
  for (const call of calls) {
    const response = await world.a.owner.request(call.method, call.path, call.body, call.headers);
    const text = await response.text();
    expect(allowed, `${call.method} ${call.path} → ${response.status} ${text}`).toContain(response.status);
    for (const secret of leaks) {
      if (JSON.stringify(call).includes(secret)) continue;
      expect(text, `${call.method} ${call.path} leaked ${secret}`).not.toContain(secret);
    }
  }
}
interface RelationshipWorld {
  aTenantId: string;
  c: {
    owner: Agent;
    slug: string;
    name: string;
    program: string;
    matchId: string;
    menteeId: string;
    menteeEmail: string;
    mentorEmail: string;
    menteeName: string;
    goalId: string;
    helpId: string;
    /** C's own portal token and answer link for C's mentee. */
    token: string;
    link: string;
    /** Signed with A's tenant id but naming C's match and mentee. */
    tokenForA: string;
    linkForA: string;
  };
}
let rel: RelationshipWorld;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** A portal call at A's address, with C's token and with A's token for C's ids. */
const portalAtA = (method: string, path: string, body?: unknown): RelationshipCall[] => [
  { method, path: `/api/v1/t/${world.a.slug}/portal${path}`, body, headers: bearer(rel.c.token) },
  { method, path: `/api/v1/t/${world.a.slug}/portal${path}`, body, headers: bearer(rel.c.tokenForA) },
];
/** A coordinator call on C's rows, at C's address and at A's. */
const staffAtBoth = (method: string, path: string, body?: unknown): RelationshipCall[] => [
  { method, path: `/api/v1/t/${rel.c.slug}${path}`, body },
  { method, path: `/api/v1/t/${world.a.slug}${path}`, body },
];

const RELATIONSHIP_CASES: Record<string, { asOwnerOfA: (world: World) => RelationshipCall[]; allowed?: number[] }> = {
  // Public: the same 202 for any address; C's participant gets no email from A's address (checked below).
  "POST /api/v1/t/:slug/portal/link": { asOwnerOfA: ({ a }) => [{ method: "POST", path: `/api/v1/t/${a.slug}/portal/link`, body: { email: rel.c.menteeEmail } }], allowed: [202] },
  "GET /api/v1/t/:slug/portal": { asOwnerOfA: () => portalAtA("GET", "") },
  "POST /api/v1/t/:slug/portal/agreement": { asOwnerOfA: () => portalAtA("POST", "/agreement", {}) },
  "POST /api/v1/t/:slug/portal/goals": { asOwnerOfA: () => portalAtA("POST", "/goals", { title: "Planted goal" }) },
  "PATCH /api/v1/t/:slug/portal/goals/:goalId": { asOwnerOfA: () => portalAtA("PATCH", `/goals/${rel.c.goalId}`, { title: "Renamed by A", progress: 99 }) },
  "POST /api/v1/t/:slug/portal/checkins": {
    asOwnerOfA: () => portalAtA("POST", "/checkins", { meetingOn: new Date().toISOString().slice(0, 10), durationMinutes: 30, mode: "video", rating: 5, sharedNote: "Planted" }),
  },
  "PUT /api/v1/t/:slug/portal/surveys/:key": { asOwnerOfA: () => portalAtA("PUT", "/surveys/pulse-1", { answers: { rating: 1 } }) },
  "PUT /api/v1/t/:slug/portal/meeting-link": { asOwnerOfA: () => portalAtA("PUT", "/meeting-link", { url: "https://evil.example/meet" }) },
  "GET /api/v1/t/:slug/portal/next-meeting.ics": {
    asOwnerOfA: ({ a }) =>
      [rel.c.token, rel.c.tokenForA].map((token) => ({ method: "GET", path: `/api/v1/t/${a.slug}/portal/next-meeting.ics?token=${encodeURIComponent(token)}&start=${new Date(Date.now() + 86_400_000).toISOString()}` })),
  },
  "POST /api/v1/t/:slug/portal/close": { asOwnerOfA: () => portalAtA("POST", "/close", { reason: "other", note: "Closed by A" }) },
  "GET /api/v1/t/:slug/portal/preferences": { asOwnerOfA: () => portalAtA("GET", "/preferences") },
  "PUT /api/v1/t/:slug/portal/preferences": { asOwnerOfA: () => portalAtA("PUT", "/preferences", { unsubscribed: ["all"] }) },
  "POST /api/v1/t/:slug/checkin-links": {
    asOwnerOfA: ({ a }) => [rel.c.link, rel.c.linkForA].map((link) => ({ method: "POST", path: `/api/v1/t/${a.slug}/checkin-links`, body: { link } })),
  },
  "GET /api/v1/t/:slug/programs/:program/relationships": { asOwnerOfA: () => staffAtBoth("GET", `/programs/${rel.c.program}/relationships`) },
  "GET /api/v1/t/:slug/programs/:program/relationship-settings": { asOwnerOfA: () => staffAtBoth("GET", `/programs/${rel.c.program}/relationship-settings`) },
  "PUT /api/v1/t/:slug/programs/:program/relationship-settings": {
    asOwnerOfA: () => staffAtBoth("PUT", `/programs/${rel.c.program}/relationship-settings`, { surveys: { pulseEveryWeeks: 1 }, firstMeetingPrompt: "Planted by A" }),
  },
  "GET /api/v1/t/:slug/matches/:matchId": { asOwnerOfA: () => staffAtBoth("GET", `/matches/${rel.c.matchId}`) },
  "POST /api/v1/t/:slug/matches/:matchId/support-contacts": {
    asOwnerOfA: () => staffAtBoth("POST", `/matches/${rel.c.matchId}/support-contacts`, { contactedOn: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10), note: "Planted by A" }),
  },
  "POST /api/v1/t/:slug/matches/:matchId/help-requests/:checkinId/resolve": { asOwnerOfA: () => staffAtBoth("POST", `/matches/${rel.c.matchId}/help-requests/${rel.c.helpId}/resolve`) },
  "POST /api/v1/t/:slug/matches/:matchId/close": { asOwnerOfA: () => staffAtBoth("POST", `/matches/${rel.c.matchId}/close`, { reason: "other", note: "Closed by A" }) },
};
// The completeness check above reads CASES when it runs, so it sees these routes too. They are marked
// as handled elsewhere for the loop above (which skips `public` entries): the block below runs them, after
// institution C exists.
Object.assign(CASES, Object.fromEntries(Object.keys(RELATIONSHIP_CASES).map((route) => [route, { public: "Covered by \"tenant isolation: the relationship (issue #6)\" below." }])));

describe("tenant isolation: the relationship (issue #6)", () => {
  beforeAll(async () => {
    const cName = `Gamma College ${crypto.randomUUID().slice(0, 4)}`;
    const c = await signUpAndSignIn({ name: cName });
    const cTenantId = await tenantIdOf(c.slug);
    const { program, pairs } = await pairedProgram(c.owner, c.slug, { pairs: 1 });
    const [pair] = pairs;
    const token = await tokenFor(cTenantId, pair!.matchId, pair!.mentee.id);
    const goal = await c.owner.post(`/api/v1/t/${c.slug}/portal/goals`, { title: "Gamma's secret goal" }, bearer(token));
    if (goal.status !== 201) throw new Error(`goal: ${goal.status} ${await goal.text()}`);
    const linkOf = (tenantId: string, answer: "need_help" | "not_yet") =>
      answerLink({ tenantId, matchId: pair!.matchId, personId: pair!.mentee.id, linkId: crypto.randomUUID(), expiresAt: checkinLinkExpiry(Date.now()), answer });
    const help = await new Agent().post(`/api/v1/t/${c.slug}/checkin-links`, { link: await linkOf(cTenantId, "need_help") });
    if (help.status !== 200) throw new Error(`help: ${help.status} ${await help.text()}`);
    const detail = (await (await c.owner.get(`/api/v1/t/${c.slug}/matches/${pair!.matchId}`)).json()) as { checkins: { id: string; outcome: string }[] };
    const aTenantId = await tenantIdOf(world.a.slug);
    rel = {
      aTenantId,
      c: {
        owner: c.owner,
        slug: c.slug,
        name: cName,
        program,
        matchId: pair!.matchId,
        menteeId: pair!.mentee.id,
        menteeEmail: pair!.mentee.email,
        mentorEmail: pair!.mentor.email,
        menteeName: `${pair!.mentee.firstName} ${pair!.mentee.lastName}`,
        goalId: ((await goal.json()) as { goal: { id: string } }).goal.id,
        helpId: detail.checkins.find((checkin) => checkin.outcome === "need_help")!.id,
        token,
        link: await linkOf(cTenantId, "not_yet"),
        tokenForA: await tokenFor(aTenantId, pair!.matchId, pair!.mentee.id),
        linkForA: await linkOf(aTenantId, "not_yet"),
      },
    };
  }, 120_000);

  for (const [route, spec] of Object.entries(RELATIONSHIP_CASES)) {
    it(`${route}: tenant A cannot reach institution C's pair`, async () => {
      const { c } = rel;
      const leaks = [c.slug, c.name, c.program, c.matchId, c.menteeId, c.menteeEmail, c.mentorEmail, c.menteeName, c.goalId, c.helpId, "Gamma's secret goal"];
      await expectUnreachable(spec.asOwnerOfA(world), leaks, spec.allowed);
    });
  }

  it("left C's pair as C made it, and emailed C's participant nothing from A's address", async () => {
    const { c } = rel;
    const list = (await (await c.owner.get(`/api/v1/t/${c.slug}/programs/${c.program}/relationships`)).json()) as {
      matches: { id: string; status: string; openHelpRequests: number; agreement: { mentor: boolean; mentee: boolean }; support: { lastContactOn: string | null }; goals: { open: number } }[];
    };
    expect(list.matches).toEqual([expect.objectContaining({ id: c.matchId, status: "active", openHelpRequests: 1, agreement: { mentor: false, mentee: false }, support: expect.objectContaining({ lastContactOn: null }), goals: { open: 1, achieved: 0 } })]);
    const portal = (await (await c.owner.get(`/api/v1/t/${c.slug}/portal`, bearer(c.token))).json()) as { match: { meetingUrl: string | null }; goals: { title: string; progress: number }[]; checkins: { outcome: string }[]; survey: unknown };
    expect(portal.match.meetingUrl).toBeNull();
    expect(portal.goals).toEqual([expect.objectContaining({ title: "Gamma's secret goal", progress: 0 })]);
    expect(portal.checkins.map((checkin) => checkin.outcome)).toEqual(["need_help"]);
    const preferences = (await (await c.owner.get(`/api/v1/t/${c.slug}/portal/preferences`, bearer(c.token))).json()) as { unsubscribed: string[] };
    expect(preferences.unsubscribed).toEqual([]);
    const settings = (await (await c.owner.get(`/api/v1/t/${c.slug}/programs/${c.program}/relationship-settings`)).json()) as { surveys: { pulseEveryWeeks: number }; firstMeetingPrompt: string };
    expect(settings).toMatchObject({ surveys: { pulseEveryWeeks: 4 }, firstMeetingPrompt: "" });
    const outbox = (await (await new Agent().get(`/api/v1/dev/outbox?to=${encodeURIComponent(c.menteeEmail)}&limit=50`)).json()) as { emails: { kind: string }[] };
    expect(outbox.emails.filter((email) => email.kind === "portal.link")).toEqual([]);
  });
});

// ── Issue #6: reminders — the coordinators' log, failed reminder jobs, unsubscribe links ──
// B has a reminder email in its ledger and a reminder job that failed for good. A's owner asks for B's log
// and failures at B's address, for B's program at A's, and presents B's signed unsubscribe link at A's
// address. The cases join CASES (which the suite above reads when it runs), so they run with its leak checks.
// (Imports are hoisted; they sit here to keep this block whole.)
import { env as reminderEnv } from "cloudflare:workers";
import { and as reminderAnd, eq as reminderEq } from "drizzle-orm";
import { schema as reminderSchema } from "@tandem/db";
import { unsubscribeToken } from "../../workers/app/src/services/signed-links.js";
import { testDatabase } from "./factories.js";

const reminderOfB = { token: "", failedJobId: "", reason: "" };

Object.assign(CASES, {
  "GET /api/v1/t/:slug/reminders/deliveries": {
    asOwnerOfA: ({ a, b }) => [
      { method: "GET", path: `/api/v1/t/${b.slug}/reminders/deliveries` },
      // A's own log, filtered to B's program: not a program of A's.
      { method: "GET", path: `/api/v1/t/${a.slug}/reminders/deliveries?program=${b.program}` },
    ],
  },
  "GET /api/v1/t/:slug/reminders/failures": { asOwnerOfA: ({ b }) => [{ method: "GET", path: `/api/v1/t/${b.slug}/reminders/failures` }] },
  // Token-authenticated: B's unsubscribe link at A's address stops nothing.
  "GET /api/v1/t/:slug/unsubscribe": { asOwnerOfA: ({ a }) => [{ method: "GET", path: `/api/v1/t/${a.slug}/unsubscribe?token=${encodeURIComponent(reminderOfB.token)}` }] },
  "POST /api/v1/t/:slug/unsubscribe": { asOwnerOfA: ({ a }) => [{ method: "POST", path: `/api/v1/t/${a.slug}/unsubscribe?token=${encodeURIComponent(reminderOfB.token)}` }] },
  "POST /api/v1/t/:slug/unsubscribe/resubscribe": { asOwnerOfA: ({ a }) => [{ method: "POST", path: `/api/v1/t/${a.slug}/unsubscribe/resubscribe`, body: { token: reminderOfB.token } }] },
} satisfies Record<string, Case>);

beforeAll(async () => {
  const db = testDatabase();
  const [tenant] = await db.select().from(reminderSchema.tenants).where(reminderEq(reminderSchema.tenants.slug, world.b.slug));
  const [program] = await db.select().from(reminderSchema.programs).where(reminderAnd(reminderEq(reminderSchema.programs.tenantId, tenant!.id), reminderEq(reminderSchema.programs.slug, world.b.program)));
  reminderOfB.reason = `Beta's secret reminder ${crypto.randomUUID().slice(0, 4)}`;
  reminderOfB.failedJobId = crypto.randomUUID();
  const digestKey = `digest:mentor:${world.b.applicationId}:2031-03-16`;
  await db.insert(reminderSchema.reminderDeliveries).values({
    tenantId: tenant!.id,
    key: digestKey,
    digestKey,
    recipientId: world.b.applicationId,
    recipientRole: "mentor",
    kind: "digest",
    subjectType: "program",
    subjectId: program!.id,
    period: "2031-03-16",
    reason: reminderOfB.reason,
    status: "sent",
    claimToken: crypto.randomUUID(),
    email: world.b.applicantEmail,
    sentAt: new Date(),
  });
  await db.insert(reminderSchema.failedJobs).values({
    id: reminderOfB.failedJobId,
    queue: "tandem-jobs-dlq",
    kind: "reminders.deliver",
    body: JSON.stringify({ kind: "reminders.deliver", payload: { recipient: { personId: world.b.applicationId, role: "mentor", email: world.b.applicantEmail }, items: [] } }),
    reason: "Gave up after the queue's maximum retries",
    attempts: 6,
    tenantId: tenant!.id,
  });
  reminderOfB.token = await unsubscribeToken(reminderEnv.AUTH_SECRET, { tenantId: tenant!.id, recipientId: world.b.applicationId, kind: "all" });
});

describe("tenant isolation: reminders (issue #6)", () => {
  it("A's own log and failures hold nothing of B's; B sees its own, and B's link works at B's address only", async () => {
    const { a, b, bOwner } = world;
    const forBsPerson = (await (await a.owner.get(`/api/v1/t/${a.slug}/reminders/deliveries?recipient=${b.applicationId}`)).json()) as { deliveries: unknown[] };
    expect(forBsPerson.deliveries).toEqual([]);
    const aFailures = await (await a.owner.get(`/api/v1/t/${a.slug}/reminders/failures`)).text();
    expect(aFailures).not.toContain(reminderOfB.failedJobId);
    expect(aFailures).not.toContain(b.applicantEmail);

    const bLog = (await (await bOwner.get(`/api/v1/t/${b.slug}/reminders/deliveries?program=${b.program}`)).json()) as { deliveries: { reason: string; recipient: { id: string } }[] };
    expect(bLog.deliveries).toEqual([expect.objectContaining({ reason: reminderOfB.reason, recipient: expect.objectContaining({ id: b.applicationId }) })]);
    const bFailures = (await (await bOwner.get(`/api/v1/t/${b.slug}/reminders/failures`)).json()) as { failures: { id: string }[] };
    expect(bFailures.failures.map((failure) => failure.id)).toContain(reminderOfB.failedJobId);
    const atB = await new Agent().get(`/api/v1/t/${b.slug}/unsubscribe?token=${encodeURIComponent(reminderOfB.token)}`);
    expect(await atB.json()).toEqual({ kind: "all", kindLabel: "all reminders", institution: b.name, unsubscribed: false });
  });
});

// ── Issue #7: program analytics — the figures and their CSV ──
// A's owner asks for B's program's analytics at B's address, and for B's program at A's address:
// both are 404, and nothing of B's shows. The cases join CASES, so they run with its leak checks.
Object.assign(CASES, {
  "GET /api/v1/t/:slug/programs/:program/analytics": {
    asOwnerOfA: ({ a, b }) => [
      { method: "GET", path: `/api/v1/t/${b.slug}/programs/${b.program}/analytics` },
      { method: "GET", path: `/api/v1/t/${a.slug}/programs/${b.program}/analytics?from=2025-01-01` },
    ],
  },
  "GET /api/v1/t/:slug/programs/:program/analytics.csv": {
    asOwnerOfA: ({ a, b }) => [
      { method: "GET", path: `/api/v1/t/${b.slug}/programs/${b.matchingProgram}/analytics.csv` },
      { method: "GET", path: `/api/v1/t/${a.slug}/programs/${b.matchingProgram}/analytics.csv` },
    ],
  },
} satisfies Record<string, Case>);

// ── Issue #7: academic outcomes — import, comparison, removal ──
// B has imported a term of academic records. A's owner reads, imports into and removes B's program's
// outcomes at B's address and at A's: every call is 404, B's records stay as B imported them, and A's own
// program shows none of B's terms. The cases join CASES, so they run with its leak checks.
const outcomesOfB = { term: `beta-secret-term-${crypto.randomUUID().slice(0, 4)}` };

Object.assign(CASES, {
  "GET /api/v1/t/:slug/programs/:program/outcomes": {
    asOwnerOfA: ({ a, b }) => [
      { method: "GET", path: `/api/v1/t/${b.slug}/programs/${b.program}/outcomes` },
      { method: "GET", path: `/api/v1/t/${a.slug}/programs/${b.program}/outcomes` },
    ],
  },
  "POST /api/v1/t/:slug/programs/:program/outcomes": {
    asOwnerOfA: ({ a, b }) => {
      const body = { csv: `student id,term,gpa\nplanted-by-a,${outcomesOfB.term},0.5` };
      return [
        { method: "POST", path: `/api/v1/t/${b.slug}/programs/${b.program}/outcomes`, body },
        { method: "POST", path: `/api/v1/t/${a.slug}/programs/${b.program}/outcomes`, body },
      ];
    },
  },
  "DELETE /api/v1/t/:slug/programs/:program/outcomes": {
    asOwnerOfA: ({ a, b }) => [
      { method: "DELETE", path: `/api/v1/t/${b.slug}/programs/${b.program}/outcomes` },
      { method: "DELETE", path: `/api/v1/t/${a.slug}/programs/${b.program}/outcomes` },
    ],
  },
} satisfies Record<string, Case>);

beforeAll(async () => {
  const csv = ["student id,term,gpa,enrolled next term,graduated", `${world.b.applicantEmail},${outcomesOfB.term},3.9,yes,no`, `B-0002,${outcomesOfB.term},3.1,no,no`].join("\n");
  // B's form has no student-id question and its only email is a mentor's: name a question so the file is accepted.
  const imported = await world.bOwner.post(`/api/v1/t/${world.b.slug}/programs/${world.b.program}/outcomes`, { csv, studentIdQuestion: "school" });
  if (imported.status !== 200) throw new Error(`outcomes of B: ${imported.status} ${await imported.text()}`);
});

describe("tenant isolation: academic outcomes (issue #7)", () => {
  it("left B's records as B imported them, and shows A none of them", async () => {
    const { a, b, bOwner } = world;
    const ofB = (await (await bOwner.get(`/api/v1/t/${b.slug}/programs/${b.program}/outcomes`)).json()) as { terms: string[]; records: number; gpa: { nonMentored: { n: number; value: number | null } } };
    expect(ofB).toMatchObject({ terms: [outcomesOfB.term], records: 2, gpa: { nonMentored: { n: 2, value: null } } });
    const ofA = await (await a.owner.get(`/api/v1/t/${a.slug}/programs/${a.program}/outcomes`)).text();
    expect(JSON.parse(ofA)).toMatchObject({ terms: [], term: null, records: 0 });
    expect(ofA).not.toContain(outcomesOfB.term);
  });
});

// ── Issue #7: all my applications — a participant's list by signed link ──
// B's applicant (Bea) has a signed "all my applications" link. A's owner presents it at A's address, calls
// A's and B's lists with only A's session (no link), and asks A's address to email B's applicant a link:
// the lists are 401 and the request is the same 202 as for anyone, with no email to B's applicant.
// The cases join CASES as handled below (the loop above sends no headers); they run with the same leak checks.
// (Imports are hoisted; they sit here to keep this block whole.)
import { env as myApplicationsEnv } from "cloudflare:workers";
import { myApplicationsToken } from "../../workers/app/src/services/signed-links.js";
import { tenantIdOf as myApplicationsTenantIdOf } from "./fixtures/pairs.js";

const myApplicationsOfB = { token: "" };
const MY_APPLICATIONS_CASES: Record<string, { asOwnerOfA: (world: World) => RelationshipCall[]; allowed?: number[] }> = {
  // Public: the same 202 for any address; B's applicant gets no email from A's address (checked below).
  "POST /api/v1/t/:slug/my/link": { asOwnerOfA: ({ a, b }) => [{ method: "POST", path: `/api/v1/t/${a.slug}/my/link`, body: { email: b.applicantEmail } }], allowed: [202] },
  "GET /api/v1/t/:slug/my/applications": {
    asOwnerOfA: ({ a, b }) => [
      // B's link at A's address.
      { method: "GET", path: `/api/v1/t/${a.slug}/my/applications`, headers: bearer(myApplicationsOfB.token) },
      // A's session is no link: not at A's address, not at B's.
      { method: "GET", path: `/api/v1/t/${a.slug}/my/applications` },
      { method: "GET", path: `/api/v1/t/${b.slug}/my/applications` },
    ],
    allowed: [401],
  },
};
Object.assign(CASES, Object.fromEntries(Object.keys(MY_APPLICATIONS_CASES).map((route) => [route, { public: "Covered by \"tenant isolation: all my applications (issue #7)\" below." }])));

describe("tenant isolation: all my applications (issue #7)", () => {
  beforeAll(async () => {
    myApplicationsOfB.token = await myApplicationsToken(myApplicationsEnv.AUTH_SECRET, { tenantId: await myApplicationsTenantIdOf(world.b.slug), email: world.b.applicantEmail }, Date.now());
  });

  for (const [route, spec] of Object.entries(MY_APPLICATIONS_CASES)) {
    it(`${route}: tenant A cannot reach B's applicant's list`, async () => {
      const { b } = world;
      const leaks = [b.slug, b.name, b.program, b.programName, b.applicationId, b.applicantEmail, "Bea"];
      await expectUnreachable(spec.asOwnerOfA(world), leaks, spec.allowed);
    });
  }

  it("left B's applicant without a link from A's address, and B's link still works at B's own address", async () => {
    const outbox = (await (await new Agent().get(`/api/v1/dev/outbox?to=${encodeURIComponent(world.b.applicantEmail)}&limit=50`)).json()) as { emails: { kind: string }[] };
    expect(outbox.emails.filter((email) => email.kind === "my_applications.link")).toEqual([]);
    const atB = await new Agent().get(`/api/v1/t/${world.b.slug}/my/applications`, bearer(myApplicationsOfB.token));
    expect(atB.status).toBe(200);
    const list = (await atB.json()) as { applications: { id: string; program: { slug: string } }[] };
    expect(list.applications.map((application) => [application.id, application.program.slug])).toEqual([[world.b.applicationId, world.b.program]]);
  });
});

// ── Issue #8: volunteer and youth programs — screening, references, training, incidents, consent, closure ──
// Institution E runs a youth program: a mentor with a screening record (an interviewer's note), a referee
// whose form link is open, a training module and the mentor's progress, an incident report, a guardian's
// consent-management link, and a closed pair. A's owner calls every staff route at E's address and at A's
// (with E's ids), and presents E's participant, referee and guardian tokens at A's address: all 404 (or 401/400
// where the request is refused before anything is looked up), nothing of E's shows, and E's rows stay as E made them.
// (Imports are hoisted; they sit here to keep this block whole.)
import { eq as safeguardingEq } from "drizzle-orm";
import { schema as safeguardingSchema } from "@tandem/db";
import { hashToken, newToken } from "../../workers/app/src/services/tokens.js";
import { testDatabase as safeguardingDatabase } from "./factories.js";

interface SafeguardingWorld {
  slug: string;
  name: string;
  program: string;
  mentorId: string;
  mentorEmail: string;
  matchId: string;
  referenceId: string;
  refereeToken: string;
  moduleId: string;
  incidentId: string;
  statusToken: string;
  guardianToken: string;
}
let sg: SafeguardingWorld;
const SG_SECRETS = { note: "Epsilon's secret interview note", incident: "Epsilon's secret incident", module: "Epsilon's secret module" };
/** A staff call on E's rows, at E's address and at A's. */
const staffAtE = (method: string, path: string, body?: unknown): RelationshipCall[] => [
  { method, path: `/api/v1/t/${sg.slug}${path}`, body },
  { method, path: `/api/v1/t/${world.a.slug}${path}`, body },
];
const atA = (method: string, path: string, body?: unknown): RelationshipCall[] => [{ method, path: `/api/v1/t/${world.a.slug}${path}`, body }];

const SAFEGUARDING_CASES: Record<string, { asOwnerOfA: (world: World) => RelationshipCall[]; allowed?: number[] }> = {
  "GET /api/v1/t/:slug/programs/:program/safeguarding": { asOwnerOfA: () => staffAtE("GET", `/programs/${sg.program}/safeguarding`) },
  "PATCH /api/v1/t/:slug/programs/:program/safeguarding": { asOwnerOfA: () => staffAtE("PATCH", `/programs/${sg.program}/safeguarding`, { screeningRequired: false }) },
  "GET /api/v1/t/:slug/programs/:program/screening": { asOwnerOfA: () => staffAtE("GET", `/programs/${sg.program}/screening`) },
  "GET /api/v1/t/:slug/programs/:program/screening/:applicationId": { asOwnerOfA: () => staffAtE("GET", `/programs/${sg.program}/screening/${sg.mentorId}`) },
  "PATCH /api/v1/t/:slug/programs/:program/screening/:applicationId": { asOwnerOfA: () => staffAtE("PATCH", `/programs/${sg.program}/screening/${sg.mentorId}`, { applicationReviewed: true }) },
  "POST /api/v1/t/:slug/programs/:program/screening/:applicationId/references": {
    asOwnerOfA: () => staffAtE("POST", `/programs/${sg.program}/screening/${sg.mentorId}/references`, { name: "Intruder Person", email: "intruder@example.test", send: false }),
  },
  "PATCH /api/v1/t/:slug/programs/:program/screening/:applicationId/references/:referenceId": {
    asOwnerOfA: () => staffAtE("PATCH", `/programs/${sg.program}/screening/${sg.mentorId}/references/${sg.referenceId}`, { received: true, notes: "Planted by A" }),
  },
  "POST /api/v1/t/:slug/programs/:program/screening/:applicationId/references/:referenceId/resend": {
    asOwnerOfA: () => staffAtE("POST", `/programs/${sg.program}/screening/${sg.mentorId}/references/${sg.referenceId}/resend`),
  },
  "DELETE /api/v1/t/:slug/programs/:program/screening/:applicationId/references/:referenceId": {
    asOwnerOfA: () => staffAtE("DELETE", `/programs/${sg.program}/screening/${sg.mentorId}/references/${sg.referenceId}`),
  },
  // The referee's form, by E's one-time token at A's address.
  "GET /api/v1/t/:slug/references": { asOwnerOfA: () => atA("GET", `/references?token=${sg.refereeToken}`) },
  "POST /api/v1/t/:slug/references": {
    asOwnerOfA: () =>
      atA("POST", "/references", {
        token: sg.refereeToken,
        answers: { knownFor: "1_to_3_years", relationship: "Colleague", suitableWithYoungPeople: "no", concerns: "Planted by A", recommend: "no", comments: "" },
        signature: "Intruder Person",
      }),
  },
  "GET /api/v1/t/:slug/programs/:program/training/modules": { asOwnerOfA: () => staffAtE("GET", `/programs/${sg.program}/training/modules`) },
  "POST /api/v1/t/:slug/programs/:program/training/modules": {
    asOwnerOfA: () => staffAtE("POST", `/programs/${sg.program}/training/modules`, { title: "Planted by A", content: "x", durationMinutes: 5, required: true, quiz: null }),
  },
  "PATCH /api/v1/t/:slug/programs/:program/training/modules/:moduleId": { asOwnerOfA: () => staffAtE("PATCH", `/programs/${sg.program}/training/modules/${sg.moduleId}`, { title: "Renamed by A" }) },
  "DELETE /api/v1/t/:slug/programs/:program/training/modules/:moduleId": { asOwnerOfA: () => staffAtE("DELETE", `/programs/${sg.program}/training/modules/${sg.moduleId}`) },
  "PUT /api/v1/t/:slug/programs/:program/training/order": { asOwnerOfA: () => staffAtE("PUT", `/programs/${sg.program}/training/order`, { moduleIds: [sg.moduleId] }) },
  "POST /api/v1/t/:slug/programs/:program/training/starter-modules": { asOwnerOfA: () => staffAtE("POST", `/programs/${sg.program}/training/starter-modules`) },
  "GET /api/v1/t/:slug/programs/:program/training/progress": { asOwnerOfA: () => staffAtE("GET", `/programs/${sg.program}/training/progress`) },
  "POST /api/v1/t/:slug/programs/:program/training/progress/:applicationId/:moduleId/attendance": {
    asOwnerOfA: () => staffAtE("POST", `/programs/${sg.program}/training/progress/${sg.mentorId}/${sg.moduleId}/attendance`, { attendedOn: new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10) }),
  },
  "DELETE /api/v1/t/:slug/programs/:program/training/progress/:applicationId/:moduleId/attendance": {
    asOwnerOfA: () => staffAtE("DELETE", `/programs/${sg.program}/training/progress/${sg.mentorId}/${sg.moduleId}/attendance`),
  },
  // The mentor's own preparation, by E's status token at A's address.
  "GET /api/v1/t/:slug/applications/status/preparation": { asOwnerOfA: () => atA("GET", `/applications/status/preparation?token=${sg.statusToken}`) },
  "POST /api/v1/t/:slug/applications/status/preparation/modules/:moduleId/complete": { asOwnerOfA: () => atA("POST", `/applications/status/preparation/modules/${sg.moduleId}/complete`, { token: sg.statusToken }) },
  "POST /api/v1/t/:slug/applications/status/preparation/modules/:moduleId/quiz": { asOwnerOfA: () => atA("POST", `/applications/status/preparation/modules/${sg.moduleId}/quiz`, { token: sg.statusToken, answers: { q1: 0 } }) },
  "POST /api/v1/t/:slug/applications/status/preparation/code-of-conduct": { asOwnerOfA: () => atA("POST", "/applications/status/preparation/code-of-conduct", { token: sg.statusToken, signature: "Intruder Person", agree: true }) },
  "POST /api/v1/t/:slug/applications/status/preparation/commitment": { asOwnerOfA: () => atA("POST", "/applications/status/preparation/commitment", { token: sg.statusToken, accept: true }) },
  // Incidents: E's list at E's address; E's incident at E's address and at A's.
  "GET /api/v1/t/:slug/incidents": { asOwnerOfA: () => [{ method: "GET", path: `/api/v1/t/${sg.slug}/incidents` }] },
  "POST /api/v1/t/:slug/programs/:program/incidents": {
    asOwnerOfA: () => staffAtE("POST", `/programs/${sg.program}/incidents`, { occurredOn: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), description: "Planted by A", actionsTaken: "", followUp: "" }),
  },
  "GET /api/v1/t/:slug/incidents/:incidentId": { asOwnerOfA: () => staffAtE("GET", `/incidents/${sg.incidentId}`) },
  "PATCH /api/v1/t/:slug/incidents/:incidentId": { asOwnerOfA: () => staffAtE("PATCH", `/incidents/${sg.incidentId}`, { status: "resolved", description: "Rewritten by A" }) },
  "GET /api/v1/t/:slug/programs/:program/compliance": { asOwnerOfA: () => staffAtE("GET", `/programs/${sg.program}/compliance`) },
  "GET /api/v1/t/:slug/programs/:program/compliance.csv": { asOwnerOfA: () => staffAtE("GET", `/programs/${sg.program}/compliance.csv?part=matches`) },
  "PATCH /api/v1/t/:slug/matches/:matchId/closure": { asOwnerOfA: () => staffAtE("PATCH", `/matches/${sg.matchId}/closure`, { mentorNextStep: "exit", menteeNextStep: "exit" }) },
  // The guardian's consent-management link, by E's token at A's address.
  "GET /api/v1/t/:slug/consent/manage": { asOwnerOfA: () => atA("GET", `/consent/manage?token=${sg.guardianToken}`) },
  "POST /api/v1/t/:slug/consent/withdraw": { asOwnerOfA: () => atA("POST", "/consent/withdraw", { token: sg.guardianToken, confirm: true, reason: "Planted by A" }) },
};
Object.assign(CASES, Object.fromEntries(Object.keys(SAFEGUARDING_CASES).map((route) => [route, { public: "Covered by \"tenant isolation: volunteer and youth programs (issue #8)\" below." }])));

describe("tenant isolation: volunteer and youth programs (issue #8)", () => {
  beforeAll(async () => {
    const db = safeguardingDatabase();
    const name = `Epsilon Youth Org ${crypto.randomUUID().slice(0, 4)}`;
    const e = await signUpAndSignIn({ name });
    const { program, pairs } = await pairedProgram(e.owner, e.slug, { pairs: 2, youth: true });
    const [open, closed] = pairs;
    const ok = async (response: Response, status: number, what: string) => {
      if (response.status !== status) throw new Error(`${what}: ${response.status} ${await response.text()}`);
      return response.json() as Promise<any>;
    };
    await ok(await e.owner.request("PATCH", `/api/v1/t/${e.slug}/programs/${program}/safeguarding`, { screeningRequired: true, screeningSteps: ["interview", "references"], referencesRequired: 1 }), 200, "settings");
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    await ok(await e.owner.request("PATCH", `/api/v1/t/${e.slug}/programs/${program}/screening/${open!.mentor.id}`, { interview: { on: day(-3), interviewer: "Eve Interviewer", notes: SG_SECRETS.note } }), 200, "screening");
    const refereeEmail = `referee-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const reference = await ok(await e.owner.post(`/api/v1/t/${e.slug}/programs/${program}/screening/${open!.mentor.id}/references`, { name: "Rita Referee", email: refereeEmail }), 201, "reference");
    const referenceId = (reference.references as { id: string }[])[0]!.id;
    const refereeToken = linkParam(await latestEmail(refereeEmail), "/reference.html", "token");
    const module = await ok(await e.owner.post(`/api/v1/t/${e.slug}/programs/${program}/training/modules`, { title: SG_SECRETS.module, content: "Meet in public places.", durationMinutes: 15, required: true, quiz: null }), 201, "module");
    const moduleId = (module.module ?? module).id as string;
    await ok(await e.owner.post(`/api/v1/t/${e.slug}/programs/${program}/training/progress/${open!.mentor.id}/${moduleId}/attendance`, { attendedOn: day(-1) }), 200, "attendance");
    const incident = await ok(await e.owner.post(`/api/v1/t/${e.slug}/programs/${program}/incidents`, { occurredOn: day(-1), matchId: open!.matchId, description: SG_SECRETS.incident, actionsTaken: "Called the guardian", followUp: "" }), 201, "incident");
    await ok(await e.owner.post(`/api/v1/t/${e.slug}/matches/${closed!.matchId}/close`, { reason: "schedule_conflict", note: "Moved away" }), 200, "close");
    // The participants' tokens as their emails would carry them (the tests own their rows).
    const statusToken = newToken();
    const guardianToken = newToken();
    await db.update(safeguardingSchema.applications).set({ statusTokenHash: await hashToken(statusToken) }).where(safeguardingEq(safeguardingSchema.applications.id, open!.mentor.id));
    await db.update(safeguardingSchema.applications).set({ guardianTokenHash: await hashToken(guardianToken), guardianSignature: "Gina Guardian", guardianConsentedAt: new Date() }).where(safeguardingEq(safeguardingSchema.applications.id, open!.mentee.id));
    sg = { slug: e.slug, name, program, mentorId: open!.mentor.id, mentorEmail: open!.mentor.email, matchId: closed!.matchId, referenceId, refereeToken, moduleId, incidentId: incident.incident.id, statusToken, guardianToken };
  }, 120_000);

  for (const [route, spec] of Object.entries(SAFEGUARDING_CASES)) {
    it(`${route}: tenant A cannot reach institution E's safeguarding records`, async () => {
      const leaks = [sg.slug, sg.name, sg.program, sg.mentorId, sg.mentorEmail, sg.matchId, sg.referenceId, sg.moduleId, sg.incidentId, "Eve Interviewer", "Rita Referee", "Gina Guardian", ...Object.values(SG_SECRETS)];
      await expectUnreachable(spec.asOwnerOfA(world), leaks, spec.allowed);
    });
  }

  it("left E's records as E made them, and A's own lists hold none of them", async () => {
    const owner = world.a.owner;
    const ownIncidents = await (await owner.get(`/api/v1/t/${world.a.slug}/incidents`)).text();
    expect(ownIncidents).not.toContain(SG_SECRETS.incident);
    const [screening] = await safeguardingDatabase().select().from(safeguardingSchema.mentorScreenings).where(safeguardingEq(safeguardingSchema.mentorScreenings.applicationId, sg.mentorId));
    expect(screening).toMatchObject({ interviewNotes: SG_SECRETS.note, applicationReviewedAt: expect.anything() });
    const [reference] = await safeguardingDatabase().select().from(safeguardingSchema.mentorReferences).where(safeguardingEq(safeguardingSchema.mentorReferences.id, sg.referenceId));
    expect(reference).toMatchObject({ receivedAt: null, notes: "", response: null });
    const modules = await safeguardingDatabase().select().from(safeguardingSchema.trainingModules).where(safeguardingEq(safeguardingSchema.trainingModules.id, sg.moduleId));
    expect(modules.map((module) => module.title)).toEqual([SG_SECRETS.module]);
    const [incident] = await safeguardingDatabase().select().from(safeguardingSchema.incidentReports).where(safeguardingEq(safeguardingSchema.incidentReports.id, sg.incidentId));
    expect(incident).toMatchObject({ description: SG_SECRETS.incident, status: "open" });
    const [mentee] = await safeguardingDatabase().select().from(safeguardingSchema.applications).where(safeguardingEq(safeguardingSchema.applications.guardianTokenHash, await hashToken(sg.guardianToken)));
    expect(mentee).toMatchObject({ status: "approved", guardianConsentWithdrawnAt: null });
    const [relationship] = await safeguardingDatabase().select().from(safeguardingSchema.matchRelationships).where(safeguardingEq(safeguardingSchema.matchRelationships.matchId, sg.matchId));
    expect(relationship).toMatchObject({ mentorNextStep: null, menteeNextStep: null });
  });
});
