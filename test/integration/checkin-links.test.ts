/**
 * One-click check-ins from reminder emails (issue #6), in workerd: a signed
 * answer link records the check-in without signing in; the buttons of one
 * email work once (a second click, or a mail scanner's, records nothing and
 * says what was recorded); expired links are 410, forged ones 400, another
 * institution's 404; "We need help" alerts the program's coordinators from
 * the queue, and the coordinator marks it handled.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { schema } from "@tandem/db";
import type { JobMessage } from "@tandem/jobs";
import { checkinLinkExpiry } from "@tandem/relationships";
import { loadConfig } from "../../workers/app/src/config.js";
import { recordCheckinLink } from "../../workers/app/src/services/checkins.js";
import { Agent, inviteAndAccept, type Problem, signUpAndSignIn, userIdOf } from "./agent.js";
import { answerLink, asPortal, DAY, db, emailsOfKind, json, localDay, type Pair, pairedProgram, tenantDataFor, tenantIdOf } from "./fixtures/pairs.js";

interface Answer {
  recorded: boolean;
  answer: string;
  minutes: number | null;
  match: { partnerFirstName: string; programName: string };
  portalUrl: string;
}

let owner: Agent;
let slug: string;
let tenantId: string;
let program: string;
let pairs: Pair[];
let coordinator: { member: Agent; email: string };

const click = (link: string, at = slug) => new Agent().post(`/api/v1/t/${at}/checkin-links`, { link });
const base = (pair: Pair, person: "mentor" | "mentee" = "mentee") => ({ tenantId, matchId: pair.matchId, personId: pair[person].id, linkId: crypto.randomUUID(), expiresAt: checkinLinkExpiry(Date.now()) });
const checkinsOf = async (matchId: string) => db.select().from(schema.checkins).where(eq(schema.checkins.matchId, matchId));

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  tenantId = await tenantIdOf(slug);
  ({ program, pairs } = await pairedProgram(owner, slug, { pairs: 3 }));
  coordinator = await inviteAndAccept(owner, slug, "coordinator");
  await json(await owner.request("PUT", `/api/v1/t/${slug}/programs/${program}/coordinators`, { userIds: [await userIdOf(coordinator.member)] }), 200);
}, 120_000);

describe("one-click answers", () => {
  it("record \"We met\" with its duration, dated today, and offer a fresh portal link to the full form", async () => {
    const [pair] = pairs as [Pair];
    const answer = await json<Answer>(await click(await answerLink({ ...base(pair), answer: "met", minutes: 30 })), 200);
    expect(answer).toMatchObject({ recorded: true, answer: "met", minutes: 30, match: { partnerFirstName: pair.mentor.firstName, programName: expect.stringContaining("Peers") } });
    const [row] = await checkinsOf(pair.matchId);
    expect(row).toMatchObject({ outcome: "met", source: "email_link", durationMinutes: 30, meetingOn: localDay(0), authorApplicationId: pair.mentee.id, mode: null, rating: null });

    const portal = new URL(answer.portalUrl);
    expect(portal.pathname).toBe("/portal");
    expect(portal.searchParams.get("t")).toBe(slug);
    const view = await json<{ me: { applicationId: string }; checkins: { outcome: string; durationMinutes: number; author: string; source: string }[] }>(await asPortal(new Agent(), slug, portal.searchParams.get("token")!).get(), 200);
    expect(view.me.applicationId).toBe(pair.mentee.id);
    expect(view.checkins).toEqual([expect.objectContaining({ outcome: "met", durationMinutes: 30, author: "me", source: "email_link" })]);
  });

  it("work once per email: a second click on any button of it records nothing and says what the first recorded", async () => {
    const [, pair] = pairs as [Pair, Pair];
    const email = base(pair, "mentor");
    const first = await json<Answer>(await click(await answerLink({ ...email, answer: "met", minutes: 60 })), 200);
    expect(first.recorded).toBe(true);
    const again = await json<Answer>(await click(await answerLink({ ...email, answer: "met", minutes: 60 })), 200);
    expect(again).toMatchObject({ recorded: false, answer: "met", minutes: 60 });
    const otherButton = await json<Answer>(await click(await answerLink({ ...email, answer: "not_yet" })), 200);
    expect(otherButton).toMatchObject({ recorded: false, answer: "met", minutes: 60 });
    expect(await checkinsOf(pair.matchId)).toHaveLength(1);

    // The next email's buttons are new links: "Not yet" is recorded, and counts as no meeting.
    const next = await json<Answer>(await click(await answerLink({ ...base(pair, "mentor"), answer: "not_yet" })), 200);
    expect(next).toMatchObject({ recorded: true, answer: "not_yet", minutes: null });
    expect((await checkinsOf(pair.matchId)).map((row) => row.outcome).sort()).toEqual(["met", "not_yet"]);
  });

  it("refuse an expired link (410), a forged one (400) and another institution's (404), recording nothing", async () => {
    const [, , pair] = pairs as [Pair, Pair, Pair];
    const expired = await json<Problem>(await click(await answerLink({ ...base(pair), expiresAt: Date.now() - 1, answer: "met", minutes: 15 })), 410);
    expect(expired.type).toMatch(/link-expired$/);
    expect(expired.detail).toMatch(/expired/);

    const link = await answerLink({ ...base(pair), answer: "met", minutes: 15 });
    const forgedSignature = await json<Problem>(await click(link.replace(/\.[^.]+$/, `.${"A".repeat(43)}`)), 400);
    expect(forgedSignature.type).toMatch(/link-invalid$/);
    // Changing the answer or the duration in a real link breaks its signature.
    expect((await click(link.replace(".met.15.", ".met.90."))).status).toBe(400);
    // A link that claims a later expiry than it was signed with, likewise.
    expect((await click(link.replace(/\.(\d+)\.([^.]+)$/, (_, expiry: string, signature: string) => `.${Number(expiry) + 30 * DAY}.${signature}`))).status).toBe(400);
    const malformed = await json<Problem>(await click("not-a-check-in-link"), 400);
    expect(malformed.type).toMatch(/link-invalid$/);
    expect((await json<Problem>(await new Agent().post(`/api/v1/t/${slug}/checkin-links`, {}), 400)).errors![0]!.path).toBe("body.link");

    const elsewhere = await signUpAndSignIn();
    expect((await click(link, elsewhere.slug)).status).toBe(404);
    expect(await checkinsOf(pair.matchId)).toEqual([]);
  });

  it("\"We need help\" alerts the program's coordinators from the queue; the coordinator marks it handled", async () => {
    const [, , pair] = pairs as [Pair, Pair, Pair];
    const answer = await json<Answer>(await click(await answerLink({ ...base(pair), answer: "need_help" })), 200);
    expect(answer).toMatchObject({ recorded: true, answer: "need_help", minutes: null });
    const [alert] = await emailsOfKind(coordinator.email, "checkin.help_alert");
    expect(alert!.subject).toContain("asked for help");
    expect(alert!.text).toContain(`${pair.mentee.firstName} ${pair.mentee.lastName}`);
    expect(alert!.text).toContain(`/relationships.html?tenant=${slug}&program=${program}&match=${pair.matchId}`);
    // The program has a coordinator, so the owner is not alerted.
    const ownerEmail = (await json<{ user: { email: string } }>(await owner.get("/api/v1/me"), 200)).user.email;
    expect((await db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.to, ownerEmail))).filter((email) => email.kind === "checkin.help_alert")).toEqual([]);

    const list = async () => json<{ counts: { helpRequested: number }; matches: { id: string; openHelpRequests: number }[] }>(await coordinator.member.get(`/api/v1/t/${slug}/programs/${program}/relationships`), 200);
    expect((await list()).matches.find((match) => match.id === pair.matchId)!.openHelpRequests).toBe(1);
    expect((await list()).counts.helpRequested).toBe(1);

    const [request] = await checkinsOf(pair.matchId);
    const resolved = await json<{ checkin: { id: string; outcome: string; resolvedAt: string } }>(await coordinator.member.post(`/api/v1/t/${slug}/matches/${pair.matchId}/help-requests/${request!.id}/resolve`), 200);
    expect(resolved.checkin).toMatchObject({ id: request!.id, outcome: "need_help", resolvedAt: expect.any(String) });
    const again = await json<{ checkin: { resolvedAt: string } }>(await coordinator.member.post(`/api/v1/t/${slug}/matches/${pair.matchId}/help-requests/${request!.id}/resolve`), 200);
    expect(again.checkin.resolvedAt).toBe(resolved.checkin.resolvedAt);
    expect((await list()).counts.helpRequested).toBe(0);
    // Another pair's id with this check-in: not found.
    expect((await coordinator.member.post(`/api/v1/t/${slug}/matches/${pairs[0]!.matchId}/help-requests/${request!.id}/resolve`)).status).toBe(404);
  }, 60_000);

  it("are refused once the match has closed", async () => {
    const [pair] = pairs as [Pair];
    await json(await owner.post(`/api/v1/t/${slug}/matches/${pair.matchId}/close`, { reason: "lost_contact" }), 200);
    const before = (await checkinsOf(pair.matchId)).length;
    const refused = await json<Problem>(await click(await answerLink({ ...base(pair), answer: "met", minutes: 45 })), 409);
    expect(refused.type).toMatch(/match-closed$/);
    expect(await checkinsOf(pair.matchId)).toHaveLength(before);
  });

  it("still alert the coordinators when the queue failed just after \"We need help\" was recorded: the person's retry enqueues the alert again", async () => {
    const [, pair] = pairs as [Pair, Pair];
    const tenantData = await tenantDataFor(tenantId);
    const ctx = (send: (job: JobMessage) => Promise<void>) => ({ db, config: loadConfig(env), origin: "https://tandem.test", jobs: { send } as unknown as Queue<JobMessage> });
    const link = await answerLink({ ...base(pair), answer: "need_help" });

    await expect(recordCheckinLink(ctx(async () => Promise.reject(new Error("queue unavailable"))), tenantData, link)).rejects.toThrow("queue unavailable");
    const [request] = (await checkinsOf(pair.matchId)).filter((row) => row.outcome === "need_help");
    expect(request).toBeDefined();
    // The click and its audit row were written together: who answered what, and nothing else.
    const [audited] = await db.select().from(schema.auditEvents).where(eq(schema.auditEvents.entityId, request!.id));
    expect(audited).toMatchObject({ action: "checkin.answered_by_link", after: { matchId: pair.matchId, by: "mentee", outcome: "need_help", minutes: null } });

    const sent: JobMessage[] = [];
    const retried = await recordCheckinLink(ctx(async (job) => void sent.push(job)), tenantData, link);
    expect(retried).toMatchObject({ recorded: false, answer: "need_help" });
    expect(sent).toEqual([expect.objectContaining({ kind: "checkin.help_alert", key: `checkin.help_alert:${request!.id}` })]);
    expect((await checkinsOf(pair.matchId)).filter((row) => row.outcome === "need_help")).toHaveLength(1);
  });
});
