/**
 * "All my applications" (issue #7's participant portal), end to end in
 * workerd: a link by email on request (the same answer, in the same time, for
 * any address; an email only for an address with applications here), then one
 * list of everything that address applied to here — across programs and roles,
 * with where each stands, the next step in plain English, and a fresh link to
 * the mentoring space of each match. Missing, forged, expired and other
 * institutions' links are refused with a way to get a new one.
 */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { schema } from "@tandem/db";
import { loadConfig } from "../../workers/app/src/config.js";
import type { EmailMessage, Mailer } from "../../workers/app/src/email/mailer.js";
import { requestMyApplicationsLink } from "../../workers/app/src/services/my-applications.js";
import { myApplicationsToken } from "../../workers/app/src/services/signed-links.js";
import { Agent, type Problem, signUpAndSignIn } from "./agent.js";
import { createTenant } from "./factories.js";
import { asPortal, DAY, db, emailsOfKind, json, type Pair, pairedProgram, type Person, tenantDataFor, tenantIdOf, tokenFor } from "./fixtures/pairs.js";

interface MatchView {
  partnerFirstName: string;
  startedAt: string;
  status: "active" | "closed";
  closedAt: string | null;
  portalUrl: string | null;
}
interface ApplicationView {
  id: string;
  program: { name: string; slug: string; type: string; startsOn: string | null; endsOn: string | null };
  role: "mentor" | "mentee";
  status: string;
  statusLabel: string;
  submittedAt: string;
  nextStep: string;
  match: MatchView | null;
  matches: MatchView[];
}
interface MyApplications {
  email: string;
  institution: { name: string; logoUrl: string | null; brandColor: string };
  applications: ApplicationView[];
}

let owner: Agent;
let slug: string;
let tenantId: string;
let matched: { program: string; pair: Pair };
/** The person of this suite: the mentee of `matched`, who also applied to mentor in a second program. */
let person: Person;
const second = { program: `second-${crypto.randomUUID().slice(0, 6)}`, name: "", applicationId: "" };

const mine = (token: string, at = slug) => new Agent().get(`/api/v1/t/${at}/my/applications`, { authorization: `Bearer ${token}` });
const tokenOf = (text: string) => {
  const link = new URL(text.match(/https?:\/\/\S+\/my-applications\?\S+/)![0]);
  return decodeURIComponent(new URLSearchParams(link.hash.slice(1)).get("token")!);
};
const DEV_SECRET = () => env.AUTH_SECRET;

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn({ name: `Lakeside College ${crypto.randomUUID().slice(0, 4)}` }));
  tenantId = await tenantIdOf(slug);
  const world = await pairedProgram(owner, slug, { pairs: 1 });
  matched = { program: world.program, pair: world.pairs[0]! };
  person = matched.pair.mentee;
  // The same person applies to mentor in a second program, which is taking applications.
  second.name = `Study Buddies ${second.program}`;
  await json(await owner.post(`/api/v1/t/${slug}/programs`, { name: second.name, slug: second.program, type: "peer" }), 201);
  await json(await owner.post(`/api/v1/t/${slug}/programs/${second.program}/status`, { status: "enrolling" }), 200);
  const applied = await json<{ application: { id: string } }>(
    await new Agent().post(`/api/v1/t/${slug}/join/${second.program}/mentor`, {
      answers: { first_name: person.firstName, last_name: person.lastName, email: person.email, major: "biology", year: 3, goals: ["study_habits"], interests: ["music"], availability: ["mon_evening"], languages: ["en"], bio: "Happy to help first-years." },
      startedAt: Date.now() - 60_000,
    }),
    201,
  );
  second.applicationId = applied.application.id;
}, 120_000);

describe("asking for the link", () => {
  it("answers 202 with the same body for any address, and emails a link only to an address with applications here", async () => {
    const known = await json<{ message: string }>(await new Agent().post(`/api/v1/t/${slug}/my/link`, { email: `  ${person.email.toUpperCase()} ` }), 202);
    const stranger = `nobody-${crypto.randomUUID().slice(0, 6)}@example.test`;
    const unknown = await json<{ message: string }>(await new Agent().post(`/api/v1/t/${slug}/my/link`, { email: stranger }), 202);
    expect(unknown).toEqual(known);
    expect(known.message).toMatch(/If this address has applications here/);

    const [email] = await emailsOfKind(person.email, "my_applications.link");
    expect(email!.subject).toMatch(/^Your applications — Lakeside College/);
    // The token rides in the fragment, which browsers never send to a server.
    expect(email!.text).toMatch(new RegExp(`/my-applications\\?t=${slug}#token=`));
    expect(email!.text).toContain(second.name);
    expect(email!.text).toMatch(/works for 7 days/);
    // The agent waited for the request's background work: nothing went to the stranger.
    expect(await db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.to, stranger))).toEqual([]);

    const bad = await json<Problem>(await new Agent().post(`/api/v1/t/${slug}/my/link`, { email: "not an email" }), 400);
    expect(bad.errors?.[0]?.path).toBe("body.email");
    const nowhere = await new Agent().post(`/api/v1/t/no-such-${crypto.randomUUID().slice(0, 6)}/my/link`, { email: person.email });
    expect(nowhere.status).toBe(404);
  });

  it("answers before looking the address up or emailing (the work runs in waitUntil), so timing says nothing either", async () => {
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
    const tooSlow = new Promise<"waited">((resolve) => setTimeout(() => resolve("waited"), 3_000));
    const known = await Promise.race([requestMyApplicationsLink(ctx, tenantData, matched.pair.mentor.email, "198.51.100.7"), tooSlow]);
    const unknown = await Promise.race([requestMyApplicationsLink(ctx, tenantData, `nobody-${crypto.randomUUID().slice(0, 6)}@example.test`, "198.51.100.7"), tooSlow]);
    expect(known).not.toBe("waited");
    expect(unknown).toEqual(known);
    expect(sent).toEqual([]);
    release();
    await Promise.all(background);
    expect(sent.map((email) => [email.to, email.kind])).toEqual([[matched.pair.mentor.email, "my_applications.link"]]);
  });

  it("is rate limited per address, the same for known and unknown ones", async () => {
    const stranger = `limited-${crypto.randomUUID().slice(0, 6)}@example.test`;
    for (let i = 0; i < 5; i++) expect((await new Agent().post(`/api/v1/t/${slug}/my/link`, { email: stranger })).status).toBe(202);
    const refused = await new Agent().post(`/api/v1/t/${slug}/my/link`, { email: stranger });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("the list", () => {
  it("shows every application of the address, newest first, across programs and roles, with the next step and a portal link that opens the portal", async () => {
    const [email] = await emailsOfKind(person.email, "my_applications.link");
    const response = await mine(tokenOf(email!.text));
    expect(response.headers.get("cache-control")).toBe("no-store");
    const list = await json<MyApplications>(response, 200);
    expect(list.email).toBe(person.email);
    expect(list.institution).toMatchObject({ name: expect.stringMatching(/^Lakeside College/), logoUrl: null, brandColor: expect.stringMatching(/^#[0-9a-f]{6}$/) });
    expect(list.applications.map((application) => [application.program.slug, application.role])).toEqual([
      [second.program, "mentor"],
      [matched.program, "mentee"],
    ]);

    const [asMentor, asMentee] = list.applications;
    expect(asMentor).toMatchObject({ id: second.applicationId, program: { name: second.name, slug: second.program, type: "peer", startsOn: null, endsOn: null }, status: "submitted", statusLabel: "Under review", match: null, matches: [] });
    expect(asMentor!.nextStep).toMatch(/^Under review/);
    expect(Date.parse(asMentor!.submittedAt)).toBeGreaterThan(Date.parse(asMentee!.submittedAt));

    expect(asMentee).toMatchObject({ id: person.id, status: "approved", statusLabel: "Matched", program: { slug: matched.program, type: "peer", startsOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) } });
    expect(asMentee!.nextStep).toMatch(new RegExp(`^Matched with ${matched.pair.mentor.firstName}`));
    expect(asMentee!.match).toMatchObject({ partnerFirstName: matched.pair.mentor.firstName, status: "active", closedAt: null });
    expect(asMentee!.matches).toEqual([asMentee!.match]);
    // The portal link is a fresh one for this person and match, as the introduction carries: it opens their own space.
    const portalLink = new URL(asMentee!.match!.portalUrl!);
    expect(`${portalLink.origin}${portalLink.pathname}`).toBe("https://tandem.test/portal");
    expect(portalLink.searchParams.get("t")).toBe(slug);
    const portal = await json<{ me: { applicationId: string; role: string }; match: { id: string } }>(await asPortal(new Agent(), slug, portalLink.searchParams.get("token")!).get(), 200);
    expect(portal).toMatchObject({ me: { applicationId: person.id, role: "mentee" }, match: { id: matched.pair.matchId } });
    // It lives no longer than the list's own 7-day link (a forwarded list link opens nothing for longer).
    const portalExpiresAt = Number(portalLink.searchParams.get("token")!.split(".")[4]);
    const listExpiresAt = Number(tokenOf(email!.text).split(".")[3]);
    expect(portalExpiresAt).toBe(listExpiresAt);

    // The partner's link lists the partner's own application, nobody else's.
    const partner = await json<MyApplications>(await mine(await myApplicationsToken(DEV_SECRET(), { tenantId, email: matched.pair.mentor.email }, Date.now())), 200);
    expect(partner.applications.map((application) => [application.program.slug, application.role, application.statusLabel])).toEqual([[matched.program, "mentor", "Matched"]]);
    expect(partner.applications[0]!.match!.partnerFirstName).toBe(person.firstName);
    expect(JSON.stringify(partner)).not.toContain(second.program);
  });

  it("follows each application as it moves: consent, waiting list, approval before matching, a match that ended", async () => {
    const token = await myApplicationsToken(DEV_SECRET(), { tenantId, email: person.email }, Date.now());
    const secondNow = async () => (await json<MyApplications>(await mine(token), 200)).applications.find((application) => application.id === second.applicationId)!;
    await db.update(schema.applications).set({ status: "pending_consent" }).where(eq(schema.applications.id, second.applicationId));
    expect(await secondNow()).toMatchObject({ status: "pending_consent", statusLabel: "Waiting for consent", nextStep: expect.stringMatching(/^Waiting for your parent or guardian's consent/) });
    await db.update(schema.applications).set({ status: "submitted" }).where(eq(schema.applications.id, second.applicationId));
    await json(await owner.post(`/api/v1/t/${slug}/programs/${second.program}/applications/decisions`, { ids: [second.applicationId], decision: "waitlisted" }), 200);
    expect(await secondNow()).toMatchObject({ status: "waitlisted", statusLabel: "On the waiting list", nextStep: expect.stringMatching(/waiting list/) });
    await json(await owner.post(`/api/v1/t/${slug}/programs/${second.program}/applications/decisions`, { ids: [second.applicationId], decision: "approved" }), 200);
    expect(await secondNow()).toMatchObject({ status: "approved", statusLabel: "Approved", nextStep: "Approved — you'll be introduced to your match by email when matching runs.", match: null });

    // The pair ends early: the match shows as ended, its space still open for the closure survey.
    await json(await asPortal(new Agent(), slug, await tokenFor(tenantId, matched.pair.matchId, person.id)).post("/close", { reason: "schedule_conflict" }), 200);
    const ended = (await json<MyApplications>(await mine(token), 200)).applications.find((application) => application.id === person.id)!;
    expect(ended).toMatchObject({ statusLabel: "Match ended", nextStep: `Your match with ${matched.pair.mentor.firstName} has ended.`, match: { status: "closed", closedAt: expect.any(String), portalUrl: expect.stringContaining("/portal?t=") } });
  });
});

describe("links that do not work", () => {
  it("refuses a missing, forged, expired or other kind of token with 401, saying how to get a new link", async () => {
    const token = await myApplicationsToken(DEV_SECRET(), { tenantId, email: person.email }, Date.now());
    const missing = await json<Problem>(await new Agent().get(`/api/v1/t/${slug}/my/applications`), 401);
    expect(missing.type).toMatch(/my-applications-link-invalid$/);
    expect(missing.detail).toMatch(/email you a fresh link/);
    const forged = await json<Problem>(await mine(token.replace(/\.[^.]+$/, `.${"A".repeat(43)}`)), 401);
    expect(forged.type).toMatch(/my-applications-link-invalid$/);
    // Someone else's address under this signature: the payload is signed, so any change breaks it.
    const [version, tenant, , expiresAt, signature] = token.split(".");
    const otherAddress = btoa(matched.pair.mentor.email).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    expect((await mine([version, tenant, otherAddress, expiresAt, signature].join("."))).status).toBe(401);
    // A portal link is signed for another purpose: it opens no list.
    expect((await mine(await tokenFor(tenantId, matched.pair.matchId, person.id))).status).toBe(401);
    const expired = await json<Problem>(await mine(await myApplicationsToken(DEV_SECRET(), { tenantId, email: person.email }, Date.now() - 8 * DAY)), 401);
    expect(expired.type).toMatch(/my-applications-link-expired$/);
    expect(expired.detail).toMatch(/expired: links work for 7 days.*new/);
    expect(JSON.stringify([missing, forged, expired])).not.toContain(person.firstName);
  });

  it("keeps each institution's list to itself: a link works only at its own institution's address", async () => {
    const token = await myApplicationsToken(DEV_SECRET(), { tenantId, email: person.email }, Date.now());
    const elsewhere = await createTenant();
    const there = await mine(token, elsewhere.slug);
    expect(there.status).toBe(401);
    const text = await there.text();
    for (const secret of [person.firstName, person.email, matched.program, second.program]) expect(text).not.toContain(secret);
    // Signed for that institution with this person's address, at this address: refused, nothing read.
    expect((await mine(await myApplicationsToken(DEV_SECRET(), { tenantId: elsewhere.id, email: person.email }, Date.now()))).status).toBe(401);
    // And at its own address it finds that institution's applications only: none.
    const theirs = await json<MyApplications>(await mine(await myApplicationsToken(DEV_SECRET(), { tenantId: elsewhere.id, email: person.email }, Date.now()), elsewhere.slug), 200);
    expect(theirs).toMatchObject({ email: person.email, institution: { name: elsewhere.name }, applications: [] });
    expect((await mine(token, `no-such-${crypto.randomUUID().slice(0, 6)}`)).status).toBe(404);
  });
});
