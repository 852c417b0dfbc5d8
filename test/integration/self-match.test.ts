/**
 * Self-match, end to end in workerd: a mentee sees suggested mentors with the
 * reasons, asks one, the mentor accepts from the emailed link and both get
 * their introduction; declines, cancellations and silence free the mentee;
 * mentors who leave requests unanswered are paused and resume with one click;
 * a mentor is shown to no more mentees at once than they have open places.
 * Time moves forward through the cron: the sweep works at the tick's time.
 */
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, schema } from "@tandem/db";
import worker from "../../workers/app/src/index.js";
import { Agent, emailCount, latestEmail, linkParam, type OutboxEmail, signUpAndSignIn } from "./agent.js";

const db = openDatabase({ url: env.LIBSQL_URL }).db;
const DAY = 86_400_000;
const HOUR = 3_600_000;

let owner: Agent;
let slug: string;

interface Participant {
  id: string;
  email: string;
  firstName: string;
  token: string;
}
interface Suggestion {
  mentor: { id: string; name: string };
  score: number;
  reasons: { key: string; label: string; similarity: number; contribution: number; common: string[] }[];
  answers: { key: string; label: string; value: string }[];
  bio: string | null;
  shownUntil: string;
}
interface MenteeView {
  state: "choosing" | "waiting" | "matched" | "not_available";
  reason: string | null;
  code: string | null;
  suggestions: Suggestion[];
  request: { id: string; mentor: { name: string }; message: string; expiresAt: string } | null;
  match: { mentor: { name: string } } | null;
}

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

type Answers = { major: string; goals: string[]; interests: string[]; availability: string[]; languages: string[]; bio: string };

/** Someone applies through the program's public form, as a person would; the confirmation email carries their status token. */
async function join(program: string, role: "mentor" | "mentee", firstName: string, lastName: string, answers: Answers): Promise<Participant> {
  const email = `${firstName.toLowerCase()}-${role}-${crypto.randomUUID().slice(0, 6)}@example.test`;
  const response = await new Agent().post(`/api/v1/t/${slug}/join/${program}/${role}`, {
    answers: { first_name: firstName, last_name: lastName, email, year: role === "mentor" ? 3 : 1, ...answers },
    startedAt: Date.now() - 60_000,
  });
  const { application } = await json<{ application: { id: string } }>(response, 201);
  return { id: application.id, email, firstName, token: linkParam(await latestEmail(email), "/applications/status", "token") };
}

const menteeAnswers: Answers = {
  major: "biology",
  goals: ["study_habits", "time_management"],
  interests: ["music", "hiking"],
  availability: ["mon_evening", "wed_morning"],
  languages: ["en"],
  bio: "First-year biology student who loves music and hiking.",
};

/** A peer program in self-match mode with these people approved. */
async function program(name: string, options: { capacity: number; settings?: Record<string, unknown> }, people: { mentors: [string, Answers][]; mentees: [string, Answers][] }) {
  const programSlug = `${name}-${crypto.randomUUID().slice(0, 6)}`;
  await json(await owner.post(`/api/v1/t/${slug}/programs`, { name: `Peers ${name}`, slug: programSlug, type: "peer", mentorCapacity: options.capacity }), 201);
  await json(await owner.post(`/api/v1/t/${slug}/programs/${programSlug}/status`, { status: "enrolling" }), 200);
  const mentors: Participant[] = [];
  for (const [first, answers] of people.mentors) mentors.push(await join(programSlug, "mentor", first, "Mentorson", answers));
  const mentees: Participant[] = [];
  for (const [first, answers] of people.mentees) mentees.push(await join(programSlug, "mentee", first, "Menteeson", answers));
  await json(await owner.post(`/api/v1/t/${slug}/programs/${programSlug}/applications/decisions`, { ids: [...mentors, ...mentees].map((p) => p.id), decision: "approved" }), 200);
  await json(await owner.request("PUT", `/api/v1/t/${slug}/programs/${programSlug}/matching/settings`, { mode: "self_match", ...options.settings }), 200);
  return { slug: programSlug, mentors, mentees };
}

const suggestions = async (token: string) => json<MenteeView>(await new Agent().get(`/api/v1/t/${slug}/self-match/suggestions?token=${encodeURIComponent(token)}`), 200);
const ask = (token: string, mentor: string, message?: string) => new Agent().post(`/api/v1/t/${slug}/self-match/requests`, { token, mentor, ...(message === undefined ? {} : { message }) });
const respond = (token: string, decision: "accept" | "decline") => new Agent().post(`/api/v1/t/${slug}/self-match/requests/respond`, { token, decision });

/** Runs the cron as if it were `at`, and waits for its sweep to be processed. */
async function cronAt(at: number) {
  // Stay out of the daily prune's window, so this test's far-ahead tick prunes nothing.
  const date = new Date(at);
  if (date.getUTCHours() === 3) date.setUTCHours(4);
  // And out of the hourly introduction sweep's window (minutes 0–14): a tick days ahead would look back over other tests' fresh matches.
  if (date.getUTCMinutes() < 15) date.setUTCMinutes(30);
  const controller = createScheduledController({ scheduledTime: date, cron: "*/15 * * * *" });
  await worker.scheduled(controller, env, createExecutionContext());
  const key = `self_match.sweep:${date.toISOString()}`;
  await expect.poll(async () => (await db.select().from(schema.processedJobs).where(eq(schema.processedJobs.idempotencyKey, key))).length, { timeout: 15_000, interval: 100 }).toBe(1);
}

async function newestOfKind(to: string, kind: string): Promise<OutboxEmail> {
  let email: OutboxEmail | undefined;
  await expect.poll(async () => (email = await latestEmail(to).catch(() => undefined))?.kind, { timeout: 15_000, interval: 100 }).toBe(kind);
  return email!;
}

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
}, 60_000);

describe("choosing a mentor", () => {
  let peers: Awaited<ReturnType<typeof program>>;
  let best: Participant;
  let mentee: Participant;

  beforeAll(async () => {
    peers = await program("choose", { capacity: 2 }, {
      mentors: [
        ["Bianca", { major: "biology", goals: ["study_habits", "time_management"], interests: ["music", "hiking"], availability: ["mon_evening"], languages: ["en"], bio: "Biology senior; I love music and hiking." }],
        ["Paul", { major: "psychology", goals: ["study_habits"], interests: ["music"], availability: ["mon_evening", "wed_morning"], languages: ["en"], bio: "Psychology, guitar." }],
        ["Hana", { major: "history", goals: ["budgeting"], interests: ["chess"], availability: ["wed_morning"], languages: ["en"], bio: "History and chess." }],
        // Shares no language and no time with the mentees: never suggested.
        ["Felix", { major: "biology", goals: ["study_habits"], interests: ["music"], availability: ["sat_morning"], languages: ["fr"], bio: "Biologie." }],
      ],
      mentees: [
        ["Maya", menteeAnswers],
        ["Omar", { ...menteeAnswers, interests: ["chess"], goals: ["budgeting"] }],
      ],
    });
    [best] = peers.mentors;
    [mentee] = peers.mentees;
  }, 120_000);

  it("suggests the feasible mentors best first, with reasons, their answers and bio — and the same ones on a reload", async () => {
    const view = await suggestions(mentee.token);
    expect(view).toMatchObject({ state: "choosing", reason: null, request: null, match: null });
    expect(view.suggestions.map((entry) => entry.mentor.name)).toEqual(["Bianca M.", "Paul M.", "Hana M."]);
    const scores = view.suggestions.map((entry) => entry.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const [top] = view.suggestions;
    expect(top.mentor.id).toBe(best.id);
    expect(top.reasons.find((reason) => reason.key === "interests")).toMatchObject({ label: "What are your interests?", common: ["Music", "Hiking"] });
    expect(top.answers).toContainEqual({ key: "availability", label: "When could you usually meet your mentee?", value: "Monday evening" });
    expect(top.answers.some((answer) => answer.key === "bio")).toBe(false);
    expect(top.bio).toBe("Biology senior; I love music and hiking.");
    // No email address or last name reaches the mentee.
    expect(JSON.stringify(view)).not.toContain("Mentorson");

    const again = await suggestions(mentee.token);
    expect(again.suggestions.map((entry) => [entry.mentor.id, entry.shownUntil])).toEqual(view.suggestions.map((entry) => [entry.mentor.id, entry.shownUntil]));
  });

  it("asks a suggested mentor, who accepts from the emailed link; both get their introduction", async () => {
    const asked = await json<MenteeView>(await ask(mentee.token, best.id, "Hi Bianca, I'd love help with study habits!"), 201);
    expect(asked).toMatchObject({ state: "waiting", suggestions: [], request: { mentor: { name: "Bianca M." }, message: "Hi Bianca, I'd love help with study habits!" } });
    expect(new Date(asked.request!.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6.9 * DAY);
    // One request at a time.
    const second = await ask(mentee.token, peers.mentors[1].id);
    expect(second.status).toBe(409);
    expect(((await second.json()) as { detail: string }).detail).toMatch(/already asked a mentor/);

    const email = await latestEmail(best.email);
    expect(email).toMatchObject({ kind: "self_match.request", subject: expect.stringContaining("Maya would like you as their mentor") });
    expect(email.text).toContain("I'd love help with study habits");
    expect(email.text).toMatch(/You have in common: .*Music, Hiking/);
    const responseToken = linkParam(email, "/self-match-respond.html", "token");

    const request = await json<{ mentee: { firstName: string }; message: string; common: { key: string; values: string[] }[] }>(
      await new Agent().get(`/api/v1/t/${slug}/self-match/requests/respond?token=${encodeURIComponent(responseToken)}`),
      200,
    );
    expect(request).toMatchObject({ mentee: { firstName: "Maya" }, message: "Hi Bianca, I'd love help with study habits!" });
    expect(request.common).toContainEqual(expect.objectContaining({ key: "interests", values: ["Music", "Hiking"] }));

    expect(await json(await respond(responseToken, "accept"), 200)).toMatchObject({ status: "accepted", mentee: { firstName: "Maya" } });
    expect(await suggestions(mentee.token)).toMatchObject({ state: "matched", match: { mentor: { name: "Bianca M." } } });
    // The link has done its job.
    const answered = await new Agent().get(`/api/v1/t/${slug}/self-match/requests/respond?token=${encodeURIComponent(responseToken)}`);
    expect(answered.status).toBe(409);
    expect(((await answered.json()) as { detail: string }).detail).toMatch(/already accepted/);
    expect((await respond(responseToken, "decline")).status).toBe(409);

    const matches = await json<{ matches: { source: string; score: number; reasons: unknown[]; mentor: { id: string }; mentee: { id: string } }[] }>(
      await owner.get(`/api/v1/t/${slug}/programs/${peers.slug}/matches`),
      200,
    );
    expect(matches.matches).toEqual([expect.objectContaining({ source: "self_match", mentor: expect.objectContaining({ id: best.id }), mentee: expect.objectContaining({ id: mentee.id }) })]);
    expect(matches.matches[0].score).toBeGreaterThan(0.5);
    expect(matches.matches[0].reasons.length).toBeGreaterThan(0);

    const toMentee = await newestOfKind(mentee.email, "match.introduction");
    expect(toMentee.subject).toContain("Meet your mentor, Bianca");
    // Shared ground comes from the program's criteria (a self-match has no run).
    expect(toMentee.text).toMatch(/in common.*Music, Hiking/);
    expect((await newestOfKind(best.email, "match.introduction")).subject).toContain("Meet your mentee, Maya");

    const audit = await json<{ events: { action: string }[] }>(await owner.get(`/api/v1/t/${slug}/audit?limit=20`), 200);
    expect(audit.events.map((event) => event.action)).toEqual(expect.arrayContaining(["self_match.requested", "self_match.request_accepted", "match.created"]));
  });

  it("lets a mentee withdraw a request, and a decline frees them to choose again with a fresh link", async () => {
    const omar = peers.mentees[1];
    const paul = peers.mentors[1];
    await suggestions(omar.token);
    await json(await ask(omar.token, paul.id), 201);
    const firstLink = linkParam(await latestEmail(paul.email), "/self-match-respond.html", "token");
    expect(await json(await new Agent().post(`/api/v1/t/${slug}/self-match/requests/cancel`, { token: omar.token }), 200)).toMatchObject({ state: "choosing" });
    expect((await latestEmail(paul.email)).kind).toBe("self_match.request_cancelled");
    const cancelled = await new Agent().get(`/api/v1/t/${slug}/self-match/requests/respond?token=${encodeURIComponent(firstLink)}`);
    expect(cancelled.status).toBe(409);
    expect(((await cancelled.json()) as { detail: string }).detail).toMatch(/withdrew/);
    expect((await new Agent().post(`/api/v1/t/${slug}/self-match/requests/cancel`, { token: omar.token })).status).toBe(409);

    // Asked again, Paul declines.
    const view = await suggestions(omar.token);
    expect(view.suggestions.map((entry) => entry.mentor.id)).toContain(paul.id);
    await json(await ask(omar.token, paul.id), 201);
    const link = linkParam(await latestEmail(paul.email), "/self-match-respond.html", "token");
    expect(await json(await respond(link, "decline"), 200)).toMatchObject({ status: "declined" });

    const email = await latestEmail(omar.email);
    expect(email).toMatchObject({ kind: "self_match.declined", subject: expect.stringContaining("Choose another mentor") });
    const fresh = linkParam(email, "/applications/status", "token");
    // The email's link replaces the old one.
    expect((await new Agent().get(`/api/v1/t/${slug}/self-match/suggestions?token=${encodeURIComponent(omar.token)}`)).status).toBe(404);
    omar.token = fresh;
    const after = await suggestions(fresh);
    expect(after.state).toBe("choosing");
    expect(after.suggestions.map((entry) => entry.mentor.id)).not.toContain(paul.id);
    expect(after.suggestions.length).toBeGreaterThan(0);
  });

  it("refuses a mentor who is not among the mentee's suggestions", async () => {
    const omar = peers.mentees[1];
    const felix = peers.mentors[3];
    const refused = await ask(omar.token, felix.id);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/not among your current suggestions/);
  });
});

describe("capacity and rotation", () => {
  it("shows a mentor with one open place to one mentee at a time, and to the next once that suggestion expires", async () => {
    const cohort = await program("rotate", { capacity: 1 }, {
      mentors: [["Rosa", { ...menteeAnswers, major: "biology" }]],
      mentees: [
        ["Ann", menteeAnswers],
        ["Ben", menteeAnswers],
      ],
    });
    const [rosa] = cohort.mentors;
    const [ann, ben] = cohort.mentees;
    expect((await suggestions(ann.token)).suggestions.map((entry) => entry.mentor.id)).toEqual([rosa.id]);
    const benView = await suggestions(ben.token);
    expect(benView).toMatchObject({ state: "choosing", suggestions: [] });
    expect(benView.reason).toMatch(/being considered by other mentees/);
    // Ben cannot ask someone he is not shown.
    expect((await ask(ben.token, rosa.id)).status).toBe(409);

    // Ann's suggestion lapses (48 hours): the place rotates to Ben, and Ann no longer sees Rosa.
    await db
      .update(schema.matchSuggestions)
      .set({ expiresAt: new Date(Date.now() - HOUR) })
      .where(and(eq(schema.matchSuggestions.menteeApplicationId, ann.id), eq(schema.matchSuggestions.mentorApplicationId, rosa.id)));
    expect((await suggestions(ben.token)).suggestions.map((entry) => entry.mentor.id)).toEqual([rosa.id]);
    expect((await suggestions(ann.token)).suggestions).toEqual([]);

    // Once Ben asks, Rosa's one place is held by the request: shown to nobody.
    await json(await ask(ben.token, rosa.id), 201);
    await db.update(schema.matchSuggestions).set({ expiresAt: new Date(Date.now() - HOUR) }).where(eq(schema.matchSuggestions.menteeApplicationId, ann.id));
    expect((await suggestions(ann.token)).suggestions).toEqual([]);
  });
});

describe("silence", () => {
  it("lapses a request after the program's response days, and tells the mentee with a fresh link", async () => {
    const cohort = await program("lapse", { capacity: 3, settings: { responseDays: 2 } }, {
      mentors: [
        ["Quinn", menteeAnswers],
        ["Ravi", { ...menteeAnswers, interests: ["music"] }],
      ],
      mentees: [["Sara", menteeAnswers]],
    });
    const [quinn] = cohort.mentors;
    const [sara] = cohort.mentees;
    await suggestions(sara.token);
    await json(await ask(sara.token, quinn.id), 201);

    // A day later nothing has lapsed.
    await cronAt(Date.now() + DAY);
    expect(await suggestions(sara.token)).toMatchObject({ state: "waiting" });

    await cronAt(Date.now() + 2 * DAY + HOUR);
    const email = await newestOfKind(sara.email, "self_match.expired");
    expect(email.text).toContain("did not answer your request");
    const fresh = linkParam(email, "/applications/status", "token");
    const view = await suggestions(fresh);
    expect(view.state).toBe("choosing");
    // Quinn let the request lapse: not suggested to Sara again.
    expect(view.suggestions.map((entry) => entry.mentor.id)).not.toContain(quinn.id);
    // One lapse is not enough to be paused (the program pauses after 2).
    const overview = await json<{ counts: { expired: number; pausedMentors: number } }>(await owner.get(`/api/v1/t/${slug}/programs/${cohort.slug}/self-match`), 200);
    expect(overview.counts).toMatchObject({ expired: 1, pausedMentors: 0 });
  });

  it("pauses a mentor who leaves 2 requests unanswered, tells them why, and resumes them with one click", async () => {
    const cohort = await program("pause", { capacity: 3, settings: { responseDays: 1, pauseAfterUnanswered: 2 } }, {
      mentors: [["Vera", menteeAnswers]],
      mentees: [
        ["Ada", menteeAnswers],
        ["Bo", menteeAnswers],
        ["Cy", menteeAnswers],
      ],
    });
    const [vera] = cohort.mentors;
    const [ada, bo, cy] = cohort.mentees;
    for (const mentee of [ada, bo]) {
      expect((await suggestions(mentee.token)).suggestions.map((entry) => entry.mentor.id)).toEqual([vera.id]);
      await json(await ask(mentee.token, vera.id), 201);
    }
    await cronAt(Date.now() + DAY + HOUR);

    const email = await newestOfKind(vera.email, "self_match.paused");
    expect(email.text).toContain("2 mentees' requests");
    const resumeToken = linkParam(email, "/self-match-resume.html", "token");
    const overview = await json<{ paused: { mentor: { id: string }; unanswered: number }[]; counts: { expired: number; pausedMentors: number } }>(
      await owner.get(`/api/v1/t/${slug}/programs/${cohort.slug}/self-match`),
      200,
    );
    expect(overview.paused).toEqual([expect.objectContaining({ mentor: expect.objectContaining({ id: vera.id }), unanswered: 2 })]);
    expect(overview.counts).toMatchObject({ expired: 2, pausedMentors: 1 });

    // Paused: not suggested to anyone.
    const cyView = await suggestions(cy.token);
    expect(cyView.suggestions).toEqual([]);

    expect(await json(await new Agent().get(`/api/v1/t/${slug}/self-match/resume?token=${encodeURIComponent(resumeToken)}`), 200)).toMatchObject({ mentor: { firstName: "Vera" }, unanswered: 2 });
    // A link signed for another pause time does not work.
    const [id] = resumeToken.split(".");
    expect((await new Agent().post(`/api/v1/t/${slug}/self-match/resume`, { token: `${id}.${"A".repeat(43)}` })).status).toBe(404);
    expect(await json(await new Agent().post(`/api/v1/t/${slug}/self-match/resume`, { token: resumeToken }), 200)).toMatchObject({ resumed: true });
    // Used once, the link stops working.
    expect((await new Agent().post(`/api/v1/t/${slug}/self-match/resume`, { token: resumeToken })).status).toBe(404);
    expect((await suggestions(cy.token)).suggestions.map((entry) => entry.mentor.id)).toEqual([vera.id]);

    // Counting starts again after the resume: one more lapse does not pause her.
    await json(await ask(cy.token, vera.id), 201);
    await cronAt(Date.now() + 2 * DAY + HOUR);
    await newestOfKind(cy.email, "self_match.expired");
    const later = await json<{ counts: { pausedMentors: number } }>(await owner.get(`/api/v1/t/${slug}/programs/${cohort.slug}/self-match`), 200);
    expect(later.counts.pausedMentors).toBe(0);
    expect(await emailCount(vera.email)).toBe(
      // Her confirmation, three requests, one pause notice.
      5,
    );

    // A coordinator can resume a paused mentor too.
    await db.update(schema.applications).set({ suggestionsPausedAt: new Date() }).where(eq(schema.applications.id, vera.id));
    const resumed = await json<{ paused: unknown[] }>(await owner.post(`/api/v1/t/${slug}/programs/${cohort.slug}/self-match/mentors/${vera.id}/resume`), 200);
    expect(resumed.paused).toEqual([]);
    expect((await owner.post(`/api/v1/t/${slug}/programs/${cohort.slug}/self-match/mentors/${vera.id}/resume`)).status).toBe(409);
    expect((await owner.post(`/api/v1/t/${slug}/programs/${cohort.slug}/self-match/mentors/${crypto.randomUUID()}/resume`)).status).toBe(404);
  });
});

describe("refusals", () => {
  it("answers unknown tokens with 404, on every self-match route", async () => {
    const bogus = "x".repeat(40);
    const calls: [string, string, unknown?][] = [
      ["GET", `/api/v1/t/${slug}/self-match/suggestions?token=${bogus}`],
      ["POST", `/api/v1/t/${slug}/self-match/requests`, { token: bogus, mentor: crypto.randomUUID() }],
      ["POST", `/api/v1/t/${slug}/self-match/requests/cancel`, { token: bogus }],
      ["GET", `/api/v1/t/${slug}/self-match/requests/respond?token=${bogus}`],
      ["POST", `/api/v1/t/${slug}/self-match/requests/respond`, { token: bogus, decision: "accept" }],
      ["GET", `/api/v1/t/${slug}/self-match/resume?token=${crypto.randomUUID()}.${"A".repeat(43)}`],
      ["POST", `/api/v1/t/${slug}/self-match/resume`, { token: bogus }],
    ];
    for (const [method, path, body] of calls) {
      const response = await new Agent().request(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
    }
  });

  it("names each bad field", async () => {
    const problem = await json<{ errors: { path: string }[] }>(await new Agent().post(`/api/v1/t/${slug}/self-match/requests`, { token: "short", mentor: "nobody", message: "x".repeat(1001) }), 400);
    expect(problem.errors.map((error) => error.path).sort()).toEqual(["body.mentor", "body.message", "body.token"]);
    const decision = await json<{ errors: { path: string; message: string }[] }>(await respond("y".repeat(40), "maybe" as "accept"), 400);
    expect(decision.errors).toEqual([{ path: "body.decision", message: "must be accept or decline" }]);
    const query = await json<{ errors: { path: string }[] }>(await new Agent().get(`/api/v1/t/${slug}/self-match/suggestions`), 400);
    expect(query.errors.map((error) => error.path)).toEqual(["query.token"]);
  });

  it("is not available where the coordinator matches, nor to mentors", async () => {
    const name = `coord-${crypto.randomUUID().slice(0, 6)}`;
    await json(await owner.post(`/api/v1/t/${slug}/programs`, { name: "Coordinated", slug: name, type: "peer" }), 201);
    await json(await owner.post(`/api/v1/t/${slug}/programs/${name}/status`, { status: "enrolling" }), 200);
    const mentee = await join(name, "mentee", "Cora", "Coordinated", menteeAnswers);
    const mentor = await join(name, "mentor", "Mo", "Coordinated", menteeAnswers);
    await json(await owner.request("PUT", `/api/v1/t/${slug}/programs/${name}/matching/settings`, { mode: "self_match" }), 200);
    expect(await suggestions(mentee.token)).toMatchObject({ state: "not_available", code: "not_approved" });
    await json(await owner.request("PUT", `/api/v1/t/${slug}/programs/${name}/matching/settings`, { mode: "coordinator" }), 200);
    // Approved, in coordinator mode: not available, with the reason.
    await json(await owner.post(`/api/v1/t/${slug}/programs/${name}/applications/decisions`, { ids: [mentee.id, mentor.id], decision: "approved" }), 200);
    expect(await suggestions(mentee.token)).toMatchObject({ state: "not_available", code: "coordinator_mode", suggestions: [], reason: expect.stringContaining("the coordinator matches") });
    const refused = await ask(mentee.token, mentor.id);
    expect(refused.status).toBe(409);
    await json(await owner.request("PUT", `/api/v1/t/${slug}/programs/${name}/matching/settings`, { mode: "self_match" }), 200);
    expect(await suggestions(mentor.token)).toMatchObject({ state: "not_available", code: "not_mentee" });
    expect((await suggestions(mentee.token)).state).toBe("choosing");
  });
});

describe("a coordinator's run next to self-match requests", () => {
  it("leaves a place held by a pending request alone, and refuses an approval that would overfill it", async () => {
    const peers = await program("mixed", { capacity: 1 }, {
      mentors: [["Bianca", { ...menteeAnswers, bio: "Biology senior; music and hiking." }]],
      mentees: [["Maya", menteeAnswers], ["Omar", { ...menteeAnswers, interests: ["chess"] }]],
    });
    const [bianca] = peers.mentors;
    const [maya, omar] = peers.mentees;
    const base = `/api/v1/t/${slug}/programs/${peers.slug}`;
    await json(await owner.post(`${base}/status`, { status: "matching" }), 200);

    // A run before anyone asks pairs Bianca's one place with someone.
    const run = await json<{ run: { id: string }; proposal: { pairs: { mentor: { id: string }; mentee: { id: string } }[] } }>(await owner.post(`${base}/matching/runs`, {}), 201);
    expect(run.proposal.pairs).toHaveLength(1);
    const paired = run.proposal.pairs[0]!.mentee.id;
    const other = paired === maya!.id ? omar! : maya!;

    // Meanwhile the other mentee asks Bianca: the request holds her only place.
    const view = await suggestions(other.token);
    expect(view.suggestions.map((suggestion) => suggestion.mentor.id)).toContain(bianca!.id);
    await json(await ask(other.token, bianca!.id), 201);

    const refused = await json<{ detail: string }>(await owner.post(`${base}/matching/runs/${run.run.id}/approve`), 409);
    expect(refused.detail).toMatch(/no longer has the places/);
    expect((await json<{ matches: unknown[] }>(await owner.get(`${base}/matches`), 200)).matches).toEqual([]);

    // A new run sees the held place: nobody can be proposed for Bianca now.
    const rerun = await json<{ proposal: { pairs: unknown[] } }>(await owner.post(`${base}/matching/runs`, {}), 201);
    expect(rerun.proposal.pairs).toEqual([]);
  });

  it("withdraws the pending request of a mentee the coordinator's approval matches", async () => {
    const peers = await program("superseded", { capacity: 2 }, {
      mentors: [["Bianca", { ...menteeAnswers, bio: "Biology senior; music and hiking." }], ["Paul", { ...menteeAnswers, bio: "Psychology." }]],
      mentees: [["Maya", menteeAnswers]],
    });
    const [bianca, paul] = peers.mentors;
    const [maya] = peers.mentees;
    const base = `/api/v1/t/${slug}/programs/${peers.slug}`;
    await json(await owner.post(`${base}/status`, { status: "matching" }), 200);
    const run = await json<{ run: { id: string }; proposal: { pairs: { mentor: { id: string } }[] } }>(await owner.post(`${base}/matching/runs`, {}), 201);
    const proposedMentor = run.proposal.pairs[0]!.mentor.id;
    const otherMentor = proposedMentor === bianca!.id ? paul! : bianca!;
    await suggestions(maya!.token);
    await json(await ask(maya!.token, otherMentor.id), 201);

    await json(await owner.post(`${base}/matching/runs/${run.run.id}/approve`), 200);
    const overview = await json<{ counts: { pending: number; cancelled: number } }>(await owner.get(`${base}/self-match`), 200);
    expect(overview.counts).toMatchObject({ pending: 0, cancelled: 1 });
  });
});

describe("in a youth program, before a match is approved (issue #8)", () => {
  it("keeps contact details out of the mentor's bio and the mentee's message; coordinators still read them whole", async () => {
    const cohort = await program("youth", { capacity: 1 }, {
      mentors: [["Gwen", { ...menteeAnswers, bio: "Engineer and chess coach. Text me on 555-201-3344 or write to gwen@example.com." }]],
      mentees: [["Ravi", menteeAnswers]],
    });
    // A youth program from here on (after everyone applied as adults would).
    await json(await owner.request("PATCH", `/api/v1/t/${slug}/programs/${cohort.slug}`, { guardianConsentUnderAge: 18 }), 200);
    const [gwen] = cohort.mentors;
    const [ravi] = cohort.mentees;

    const view = await suggestions(ravi!.token);
    expect(view.suggestions.map((suggestion) => suggestion.bio)).toEqual(["Engineer and chess coach. Text me on [contact details removed] or write to [contact details removed]."]);

    await json(await ask(ravi!.token, gwen!.id, "Hi! I'm on Instagram as @ravi_builds, or call 312 555 0199."), 201);
    const email = await newestOfKind(gwen!.email, "self_match.request");
    expect(email.text).toContain("Their message: “Hi! I'm on Instagram as [contact details removed], or call [contact details removed].”");
    expect(email.text).not.toMatch(/ravi_builds|555 0199/);
    const responseToken = linkParam(email, "/self-match-respond.html", "token");
    const request = await json<{ message: string }>(await new Agent().get(`/api/v1/t/${slug}/self-match/requests/respond?token=${encodeURIComponent(responseToken)}`), 200);
    expect(request.message).toBe("Hi! I'm on Instagram as [contact details removed], or call [contact details removed].");

    // The coordinator's overview keeps what was written: it is theirs to follow up.
    const overview = await json<{ pending: { message: string }[] }>(await owner.get(`/api/v1/t/${slug}/programs/${cohort.slug}/self-match`), 200);
    expect(overview.pending.map((pending) => pending.message)).toEqual(["Hi! I'm on Instagram as @ravi_builds, or call 312 555 0199."]);
  });
});
