/**
 * Who may see screening records and incident reports (issue #8). A youth
 * program's mentor has a screening record (interview notes, a reference with
 * the referee's answers, a background check) and their pair has an incident
 * report. Viewers are refused (403); coordinators are refused incidents; the
 * mentor and the mentee — through every participant page they have (status,
 * preparation, portal, all my applications) — never see any of it, and their
 * links open no staff route; someone signed out gets 401. Other institutions
 * are covered by the isolation suite.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { schema } from "@tandem/db";
import { myApplicationsToken } from "../../workers/app/src/services/signed-links.js";
import { hashToken, newToken } from "../../workers/app/src/services/tokens.js";
import { Agent, inviteAndAccept, latestEmail, linkParam, signUpAndSignIn } from "./agent.js";
import { db, json, localDay, pairedProgram, tenantIdOf, tokenFor } from "./fixtures/pairs.js";

const SECRETS = {
  interview: "Talked about a past complaint at work",
  referee: "I have one concern about punctuality",
  incident: "Mentor arrived late and left the mentee alone at the library",
  action: "Coordinator called the guardian the same evening",
};

let owner: Agent;
let slug: string;
let program: string;
let mentor: { id: string; email: string };
let mentee: { id: string; email: string };
let matchId: string;
let incidentId: string;
const tokens = { mentorStatus: "", menteeStatus: "", mentorPortal: "", menteePortal: "", mentorMy: "", menteeMy: "" };

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  const paired = await pairedProgram(owner, slug, { pairs: 1, youth: true });
  program = paired.program;
  const [pair] = paired.pairs;
  mentor = pair!.mentor;
  mentee = pair!.mentee;
  matchId = pair!.matchId;
  await json(await owner.request("PATCH", `/api/v1/t/${slug}/programs/${program}/safeguarding`, { screeningRequired: true, screeningSteps: ["interview", "references", "background_check"], referencesRequired: 1, codeOfConduct: "Meet in public places." }), 200);
  await json(
    await owner.request("PATCH", `/api/v1/t/${slug}/programs/${program}/screening/${mentor.id}`, {
      interview: { on: localDay(-3), interviewer: "Jo Coordinator", notes: SECRETS.interview },
      backgroundCheck: { provider: "Sterling", requestedOn: localDay(-10), status: "cleared", clearedOn: localDay(-2) },
    }),
    200,
  );
  const refereeEmail = `referee-${crypto.randomUUID().slice(0, 6)}@example.test`;
  await json(await owner.post(`/api/v1/t/${slug}/programs/${program}/screening/${mentor.id}/references`, { name: "Rita Referee", email: refereeEmail }), 201);
  const refereeToken = linkParam(await latestEmail(refereeEmail), "/reference.html", "token");
  await json(
    await new Agent().post(`/api/v1/t/${slug}/references`, {
      token: refereeToken,
      answers: { knownFor: "more_than_3_years", relationship: "Manager", suitableWithYoungPeople: "yes", concerns: SECRETS.referee, recommend: "yes", comments: "" },
      signature: "Rita Referee",
    }),
    200,
  );
  const incident = await json<{ incident: { id: string } }>(
    await owner.post(`/api/v1/t/${slug}/programs/${program}/incidents`, { occurredOn: localDay(-1), matchId, description: SECRETS.incident, actionsTaken: SECRETS.action, followUp: "" }),
    201,
  );
  incidentId = incident.incident.id;
  // The participants' own links, as their emails carry them (the tests own their rows).
  tokens.mentorStatus = newToken();
  tokens.menteeStatus = newToken();
  await db.update(schema.applications).set({ statusTokenHash: await hashToken(tokens.mentorStatus) }).where(eq(schema.applications.id, mentor.id));
  await db.update(schema.applications).set({ statusTokenHash: await hashToken(tokens.menteeStatus) }).where(eq(schema.applications.id, mentee.id));
  const tenantId = await tenantIdOf(slug);
  tokens.mentorPortal = await tokenFor(tenantId, matchId, mentor.id);
  tokens.menteePortal = await tokenFor(tenantId, matchId, mentee.id);
  tokens.mentorMy = await myApplicationsToken(env.AUTH_SECRET, { tenantId, email: mentor.email }, Date.now());
  tokens.menteeMy = await myApplicationsToken(env.AUTH_SECRET, { tenantId, email: mentee.email }, Date.now());
}, 120_000);

const staffReads = () => [
  `/api/v1/t/${slug}/programs/${program}/screening`,
  `/api/v1/t/${slug}/programs/${program}/screening/${mentor.id}`,
  `/api/v1/t/${slug}/programs/${program}/compliance`,
  `/api/v1/t/${slug}/programs/${program}/compliance.csv`,
  `/api/v1/t/${slug}/incidents`,
  `/api/v1/t/${slug}/incidents/${incidentId}`,
];

function expectNoSecrets(text: string, what: string) {
  for (const secret of Object.values(SECRETS)) expect(text, `${what} shows "${secret}"`).not.toContain(secret);
  expect(text, `${what} shows the interviewer`).not.toContain("Jo Coordinator");
  expect(text, `${what} shows the referee`).not.toContain("Rita Referee");
  expect(text, `${what} shows the background check`).not.toContain("Sterling");
}

describe("screening records and incident reports", () => {
  it("are refused to viewers, and incidents to coordinators, without a trace of their content", async () => {
    const { member: viewer } = await inviteAndAccept(owner, slug, "viewer");
    for (const path of staffReads()) {
      const response = await viewer.get(path);
      const text = await response.text();
      expect(response.status, `viewer ${path}: ${text}`).toBe(403);
      expectNoSecrets(text, `viewer ${path}`);
    }
    const { member: coordinator, email } = await inviteAndAccept(owner, slug, "coordinator");
    const { members } = await json<{ members: { email: string; userId: string }[] }>(await owner.get(`/api/v1/t/${slug}/staff`), 200);
    await json(await owner.request("PUT", `/api/v1/t/${slug}/programs/${program}/coordinators`, { userIds: [members.find((m) => m.email === email)!.userId] }), 200);
    // The program's coordinator reads its screening records (audited) but never incidents.
    expect((await coordinator.get(`/api/v1/t/${slug}/programs/${program}/screening/${mentor.id}`)).status).toBe(200);
    for (const path of [`/api/v1/t/${slug}/incidents`, `/api/v1/t/${slug}/incidents/${incidentId}`]) {
      const response = await coordinator.get(path);
      const text = await response.text();
      expect(response.status, `coordinator ${path}`).toBe(403);
      expectNoSecrets(text, `coordinator ${path}`);
    }
    expect((await coordinator.request("PATCH", `/api/v1/t/${slug}/incidents/${incidentId}`, { status: "resolved" })).status).toBe(403);
  });

  it("are never in what the mentor or the mentee see, and their links open no staff route", async () => {
    const participantViews = [
      ["mentor status", `/api/v1/t/${slug}/applications/status?token=${tokens.mentorStatus}`, {}],
      ["mentor preparation", `/api/v1/t/${slug}/applications/status/preparation?token=${tokens.mentorStatus}`, {}],
      ["mentee status", `/api/v1/t/${slug}/applications/status?token=${tokens.menteeStatus}`, {}],
      ["mentor portal", `/api/v1/t/${slug}/portal`, { authorization: `Bearer ${tokens.mentorPortal}` }],
      ["mentee portal", `/api/v1/t/${slug}/portal`, { authorization: `Bearer ${tokens.menteePortal}` }],
      ["mentor's applications", `/api/v1/t/${slug}/my/applications`, { authorization: `Bearer ${tokens.mentorMy}` }],
      ["mentee's applications", `/api/v1/t/${slug}/my/applications`, { authorization: `Bearer ${tokens.menteeMy}` }],
    ] as const;
    for (const [what, path, headers] of participantViews) {
      const response = await new Agent().get(path, headers);
      const text = await response.text();
      expect(response.status, `${what}: ${text}`).toBe(200);
      expectNoSecrets(text, what);
    }
    // The mentor's own preparation says what is missing in general terms only.
    const preparation = await json<{ ready: boolean; blockers: string[] }>(await new Agent().get(`/api/v1/t/${slug}/applications/status/preparation?token=${tokens.mentorStatus}`), 200);
    expect(preparation.blockers.join(" ")).not.toMatch(/interview|reference|background/i);

    // Participant links are no session: every staff read is 401 with them, as signed out.
    for (const path of staffReads()) {
      const links: Record<string, string>[] = [{}, { authorization: `Bearer ${tokens.mentorPortal}` }, { authorization: `Bearer ${tokens.menteeMy}` }];
      for (const headers of links) {
        const response = await new Agent().get(path, headers);
        const text = await response.text();
        expect(response.status, `${path} with ${JSON.stringify(headers)}`).toBe(401);
        expectNoSecrets(text, path);
      }
    }
  });
});
