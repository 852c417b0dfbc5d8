/**
 * Matching in the product, end to end in workerd: settings from the forms, a
 * run over a 200-mentee × 60-mentor cohort, a coordinator's adjustments, a
 * re-run around them, approval into matches with introductions from the
 * queue, late joiners, a queued run for a large cohort, and the refusals.
 */
import { createExecutionContext, createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { and, eq, inArray, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, schema } from "@tandem/db";
import worker from "../../workers/app/src/index.js";
import { type Agent, signUpAndSignIn } from "./agent.js";
import { importAndApprove, peerCohort, peerCsv } from "./fixtures/cohort.js";

const db = openDatabase({ url: env.LIBSQL_URL }).db;

interface Person { id: string; firstName: string; lastName: string; email: string }
interface Pair { mentor: Person; mentee: Person; score: number; locked: boolean; adjusted: boolean; reasons: { key: string; label: string; similarity: number; contribution: number }[] }
interface RunDetail {
  run: { id: string; status: string; scope: string; progress: number; matched: number | null; revision: number };
  criteria: { key: string; kind: string; weight: number; required: boolean }[];
  proposal: {
    stats: { matched: number; totalScore: number; minScore: number | null; averageScore: number | null };
    distribution: { from: number; to: number; count: number }[];
    pairs: Pair[];
    unmatched: { mentee: Person; reason: string }[];
    mentors: { mentor: Person; openPlaces: number; proposed: number }[];
    excluded: { mentor: string; mentee: string }[];
  } | null;
}

let owner: Agent;
let slug: string;
let cohort: Awaited<ReturnType<typeof peerCohort>>;
const PROGRAM = "match-peers";
const base = (program = PROGRAM) => `/api/v1/t/${slug}/programs/${program}`;

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  return JSON.parse(text) as T;
}

function mentorLoads(pairs: Pair[]): Map<string, number> {
  const loads = new Map<string, number>();
  for (const pair of pairs) loads.set(pair.mentor.id, (loads.get(pair.mentor.id) ?? 0) + 1);
  return loads;
}

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  // Five mentees speak only a language no mentor speaks: the program requires a shared language.
  cohort = await peerCohort(owner, slug, PROGRAM, { mentees: 200, mentors: 60, capacity: 4, unmatchable: 5 });
}, 120_000);

describe("matching settings", () => {
  it("start as the questions both forms mark for matching", async () => {
    const settings = await json<{ settings: { objective: string; mode: string }; criteria: { key: string; required: boolean }[]; questions: { key: string }[]; pool: unknown }>(await owner.get(`${base()}/matching/settings`), 200);
    expect(settings.pool).toEqual({ waitingMentees: 200, mentors: 60, openPlaces: 240, activeMatches: 0, mentorsNotReady: 0 });
    expect(settings.settings).toMatchObject({ objective: "max_total", mode: "coordinator" });
    expect(settings.criteria.map((criterion) => criterion.key)).toEqual(["major", "goals", "interests", "availability", "languages", "bio"]);
    expect(settings.criteria.filter((criterion) => criterion.required).map((criterion) => criterion.key)).toEqual(["availability", "languages"]);
    expect(settings.questions.map((question) => question.key)).toContain("year");
  });

  it("refuse a criterion one form does not ask, naming it, and change nothing", async () => {
    const problem = await json<{ errors: { path: string; message: string }[] }>(
      await owner.request("PUT", `${base()}/matching/settings`, { criteria: [{ key: "shoe_size", kind: "numeric", weight: 3 }] }),
      400,
    );
    expect(problem.errors).toEqual([{ path: "body.criteria.0.key", message: expect.stringContaining('"shoe_size" is not a question') }]);
    const bad = await json<{ errors: { path: string }[] }>(await owner.request("PUT", `${base()}/matching/settings`, { objective: "best", criteria: [{ key: "year", kind: "fuzzy", weight: 0 }] }), 400);
    expect(bad.errors.map((error) => error.path)).toEqual(expect.arrayContaining(["body.objective", "body.criteria.0.kind", "body.criteria.0.weight"]));
    const after = await json<{ settings: { criteria: unknown } }>(await owner.get(`${base()}/matching/settings`), 200);
    expect(after.settings.criteria).toBeNull();
  });
});

describe("a 200 × 60 cohort", () => {
  let first: RunDetail;
  let adjusted: RunDetail;
  let rerun: RunDetail;

  it("is proposed within the request: every mentee placed or told why, capacities kept, each pair explained", async () => {
    first = await json<RunDetail>(await owner.post(`${base()}/matching/runs`, {}), 201);
    expect(first.run).toMatchObject({ status: "proposed", scope: "all", progress: 100 });
    const proposal = first.proposal!;
    expect(proposal.pairs.length + proposal.unmatched.length).toBe(200);
    // 240 places for 200 mentees: only the five who share no language with any mentor are left out.
    expect(proposal.unmatched).toHaveLength(5);
    for (const entry of proposal.unmatched) expect(entry.reason).toMatch(/language/i);
    expect(proposal.stats.matched).toBe(195);
    for (const load of mentorLoads(proposal.pairs).values()) expect(load).toBeLessThanOrEqual(4);
    for (const pair of proposal.pairs) {
      expect(pair.score).toBeGreaterThan(0);
      expect(pair.score).toBeLessThanOrEqual(1);
      const contributions = pair.reasons.map((reason) => reason.contribution);
      expect(contributions).toEqual([...contributions].sort((a, b) => b - a));
      expect(pair.reasons.find((reason) => reason.key === "availability")?.similarity).toBeGreaterThan(0);
      expect(pair.reasons[0]?.label).toBeTruthy();
    }
    expect(proposal.distribution.reduce((sum, band) => sum + band.count, 0)).toBe(195);
    expect(proposal.stats.averageScore).toBeCloseTo(proposal.stats.totalScore / 195, 3);
  });

  it("takes a coordinator's swap and reassignment, scored and locked", async () => {
    const pairs = first.proposal!.pairs;
    const [a, b] = [pairs[0]!, pairs.find((pair) => pair.mentor.id !== pairs[0]!.mentor.id)!];
    const swapped = await owner.post(`${base()}/matching/runs/${first.run.id}/adjustments`, { action: "swap", mentees: [a.mentee.id, b.mentee.id] });
    // A swap can break a hard rule (no common time); then it is refused and says which.
    if (swapped.status === 409) expect(((await swapped.json()) as { detail: string }).detail).toMatch(/requirement/);
    else {
      const afterSwap = await json<RunDetail>(swapped, 200);
      const byMentee = new Map(afterSwap.proposal!.pairs.map((pair) => [pair.mentee.id, pair]));
      expect(byMentee.get(a.mentee.id)).toMatchObject({ mentor: { id: b.mentor.id }, locked: true, adjusted: true });
      expect(byMentee.get(b.mentee.id)).toMatchObject({ mentor: { id: a.mentor.id }, locked: true, adjusted: true });
    }

    // Reassign a mentee to a mentor with a free place and a common time slot.
    const current = await json<RunDetail>(await owner.get(`${base()}/matching/runs/${first.run.id}`), 200);
    const free = current.proposal!.mentors.filter((entry) => entry.proposed < entry.openPlaces);
    expect(free.length).toBeGreaterThan(0);
    let moved: { mentee: string; mentor: string } | null = null;
    for (const pair of current.proposal!.pairs.filter((candidate) => !candidate.locked)) {
      for (const entry of free) {
        if (entry.mentor!.id === pair.mentor.id) continue;
        const response = await owner.post(`${base()}/matching/runs/${first.run.id}/adjustments`, { action: "assign", mentee: pair.mentee.id, mentor: entry.mentor!.id });
        if (response.status === 200) {
          adjusted = (await response.json()) as RunDetail;
          moved = { mentee: pair.mentee.id, mentor: entry.mentor!.id };
          break;
        }
        expect(response.status).toBe(409);
      }
      if (moved) break;
    }
    expect(moved).not.toBeNull();
    const placed = adjusted.proposal!.pairs.find((pair) => pair.mentee.id === moved!.mentee)!;
    expect(placed).toMatchObject({ mentor: { id: moved!.mentor }, locked: true, adjusted: true });
    expect(placed.reasons.length).toBeGreaterThan(0);
    expect(adjusted.run.revision).toBeGreaterThan(first.run.revision);
    for (const load of mentorLoads(adjusted.proposal!.pairs).values()) expect(load).toBeLessThanOrEqual(4);
  });

  it("refuses an adjustment that breaks capacity or names someone outside the run, changing nothing", async () => {
    const detail = await json<RunDetail>(await owner.get(`${base()}/matching/runs/${first.run.id}`), 200);
    const full = detail.proposal!.mentors.find((entry) => entry.proposed >= entry.openPlaces)!;
    const outsider = detail.proposal!.pairs.find((pair) => pair.mentor.id !== full.mentor!.id)!;
    const refused = await owner.post(`${base()}/matching/runs/${first.run.id}/adjustments`, { action: "assign", mentee: outsider.mentee.id, mentor: full.mentor!.id });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/no open place/);
    const unknown = await owner.post(`${base()}/matching/runs/${first.run.id}/adjustments`, { action: "assign", mentee: crypto.randomUUID(), mentor: full.mentor!.id });
    expect(unknown.status).toBe(400);
    const malformed = await json<{ errors: { path: string }[] }>(await owner.post(`${base()}/matching/runs/${first.run.id}/adjustments`, { action: "teleport" }), 400);
    expect(malformed.errors[0]!.path).toBe("body.action");
    const after = await json<RunDetail>(await owner.get(`${base()}/matching/runs/${first.run.id}`), 200);
    expect(after.run.revision).toBe(detail.run.revision);
  });

  it("unassigns a pair, and a re-run keeps the locked pairs and never proposes the unassigned one", async () => {
    const victim = adjusted.proposal!.pairs.find((pair) => !pair.locked)!;
    const afterUnassign = await json<RunDetail>(await owner.post(`${base()}/matching/runs/${first.run.id}/adjustments`, { action: "unassign", mentee: victim.mentee.id }), 200);
    expect(afterUnassign.proposal!.unmatched.find((entry) => entry.mentee!.id === victim.mentee.id)?.reason).toBe("Unassigned by a coordinator");
    expect(afterUnassign.proposal!.excluded).toContainEqual({ mentor: victim.mentor.id, mentee: victim.mentee.id });

    rerun = await json<RunDetail>(await owner.post(`${base()}/matching/runs`, { basedOn: first.run.id }), 201);
    const lockedBefore = afterUnassign.proposal!.pairs.filter((pair) => pair.locked);
    expect(lockedBefore.length).toBeGreaterThanOrEqual(1);
    const rerunPairs = new Map(rerun.proposal!.pairs.map((pair) => [pair.mentee.id, pair]));
    for (const pair of lockedBefore) expect(rerunPairs.get(pair.mentee.id)).toMatchObject({ mentor: { id: pair.mentor.id }, locked: true });
    expect(rerunPairs.get(victim.mentee.id)?.mentor.id).not.toBe(victim.mentor.id);
    expect(rerun.proposal!.excluded).toContainEqual({ mentor: victim.mentor.id, mentee: victim.mentee.id });
  });

  it("approves into matches and introduces both people of every pair by email, from the queue", async () => {
    const approved = await json<{ created: number; run: { status: string } }>(await owner.post(`${base()}/matching/runs/${rerun.run.id}/approve`), 200);
    expect(approved.created).toBe(rerun.proposal!.pairs.length);
    expect(approved.run.status).toBe("approved");
    // The earlier proposal was computed around people now matched: it is set aside.
    const runs = await json<{ runs: { id: string; status: string }[] }>(await owner.get(`${base()}/matching/runs`), 200);
    expect(runs.runs.find((run) => run.id === first.run.id)?.status).toBe("discarded");

    const matches = await json<{ matches: { mentor: Person; mentee: Person; score: number }[] }>(await owner.get(`${base()}/matches?status=active`), 200);
    expect(matches.matches).toHaveLength(approved.created);
    const recipients = matches.matches.flatMap((match) => [match.mentor.email, match.mentee.email]);
    const introductions = async () =>
      db.select({ to: schema.emailOutbox.to, subject: schema.emailOutbox.subject, text: schema.emailOutbox.text }).from(schema.emailOutbox).where(and(eq(schema.emailOutbox.kind, "match.introduction"), inArray(schema.emailOutbox.to, [...new Set(recipients)])));
    await expect.poll(async () => (await introductions()).length, { timeout: 30_000, interval: 250 }).toBe(recipients.length);
    const emails = await introductions();
    const sample = matches.matches[0]!;
    const toMentee = emails.find((email) => email.to === sample.mentee.email && email.text.includes(sample.mentor.firstName));
    expect(toMentee?.subject).toContain(`Meet your mentor, ${sample.mentor.firstName}`);
    expect(toMentee?.text).toContain(sample.mentor.email);
    expect(toMentee?.text).toContain("What you both agree to");
    const toMentor = emails.find((email) => email.to === sample.mentor.email && email.text.includes(sample.mentee.firstName));
    expect(toMentor?.subject).toContain("Meet your mentee");
  }, 60_000);

  it("cannot approve or adjust a decided run", async () => {
    expect((await owner.post(`${base()}/matching/runs/${rerun.run.id}/approve`)).status).toBe(409);
    expect((await owner.post(`${base()}/matching/runs/${first.run.id}/approve`)).status).toBe(409);
    const pair = rerun.proposal!.pairs[0]!;
    expect((await owner.post(`${base()}/matching/runs/${rerun.run.id}/adjustments`, { action: "lock", mentee: pair.mentee.id })).status).toBe(409);
  });

  it("matches late joiners with the places left, without disturbing approved matches", async () => {
    const before = await json<{ matches: { id: string; mentee: Person; mentor: Person }[] }>(await owner.get(`${base()}/matches?status=active`), 200);
    await owner.post(`${base()}/status`, { status: "enrolling" });
    const late = peerCsv("mentee", 6, `late-${cohort.tag}`, { seed: 99 });
    const lateIds = await importAndApprove(owner, slug, PROGRAM, "mentee", late.csv);
    const run = await json<RunDetail>(await owner.post(`${base()}/matching/runs`, {}), 201);
    expect(run.run.scope).toBe("late_joiners");
    const considered = [...run.proposal!.pairs.map((pair) => pair.mentee.id), ...run.proposal!.unmatched.map((entry) => entry.mentee!.id)];
    // The late six, plus those still waiting from before (the five with no shared language, and the unassigned one if the re-run left them out).
    expect(considered).toEqual(expect.arrayContaining(lateIds));
    expect(considered.some((id) => before.matches.some((match) => match.mentee.id === id))).toBe(false);
    const placesLeft = new Map(run.proposal!.mentors.map((entry) => [entry.mentor!.id, entry.openPlaces]));
    for (const match of before.matches) expect(placesLeft.get(match.mentor.id)).toBeLessThanOrEqual(4);
    const total = before.matches.filter((match) => match.mentor.id === before.matches[0]!.mentor.id).length;
    expect(placesLeft.get(before.matches[0]!.mentor.id)).toBe(4 - total);
    await json(await owner.post(`${base()}/matching/runs/${run.run.id}/approve`), 200);
    const after = await json<{ matches: { id: string }[] }>(await owner.get(`${base()}/matches?status=active`), 200);
    expect(after.matches.map((match) => match.id)).toEqual(expect.arrayContaining(before.matches.map((match) => match.id)));
    expect(after.matches.length).toBe(before.matches.length + run.proposal!.pairs.length);
  }, 60_000);
});

describe("refusals", () => {
  it("will not run a draft program, or one with nobody to match", async () => {
    await owner.post(`/api/v1/t/${slug}/programs`, { name: "Drafty", slug: "match-draft", type: "peer" });
    const draft = await json<{ detail: string }>(await owner.post(`${base("match-draft")}/matching/runs`, {}), 409);
    expect(draft.detail).toMatch(/draft/);
    await owner.post(`${base("match-draft")}/status`, { status: "enrolling" });
    const empty = await json<{ detail: string }>(await owner.post(`${base("match-draft")}/matching/runs`, {}), 409);
    expect(empty.detail).toMatch(/Approve applications first/);
  });

  it("will not approve a proposal in which someone was since withdrawn or rejected", async () => {
    const program = "match-stale";
    const small = await peerCohort(owner, slug, program, { mentees: 4, mentors: 2, capacity: 2 });
    const run = await json<RunDetail>(await owner.post(`${base(program)}/matching/runs`, {}), 201);
    const paired = run.proposal!.pairs[0]!.mentee.id;
    await json(await owner.post(`${base(program)}/applications/decisions`, { ids: [paired], decision: "rejected" }), 200);
    const refused = await json<{ detail: string }>(await owner.post(`${base(program)}/matching/runs/${run.run.id}/approve`), 409);
    expect(refused.detail).toMatch(/One person in this proposal is no longer approved/);
    const matches = await json<{ matches: unknown[] }>(await owner.get(`${base(program)}/matches`), 200);
    expect(matches.matches).toEqual([]);
    expect(small.menteeIds).toContain(paired);
  });

  it("names a lock that points at nobody in the cohort", async () => {
    const problem = await owner.post(`${base()}/matching/runs`, { locked: [{ mentor: crypto.randomUUID(), mentee: crypto.randomUUID() }] });
    expect(problem.status).toBe(400);
    const body = (await problem.json()) as { errors: { path: string }[] };
    expect(body.errors[0]!.path).toMatch(/^body\.locked/);
  });
});

describe("a cohort too large for one request", () => {
  it("runs on the queue with progress, then shows its proposal", async () => {
    const program = "match-large";
    await peerCohort(owner, slug, program, { mentees: 340, mentors: 300, capacity: 2 });
    const started = await json<RunDetail>(await owner.post(`${base(program)}/matching/runs`, {}), 202);
    expect(started.run.status).toBe("running");
    expect(started.proposal).toBeNull();
    await expect
      .poll(async () => ((await (await owner.get(`${base(program)}/matching/runs/${started.run.id}`)).json()) as RunDetail).run.status, { timeout: 60_000, interval: 250 })
      .toBe("proposed");
    const done = await json<RunDetail>(await owner.get(`${base(program)}/matching/runs/${started.run.id}`), 200);
    expect(done.run.progress).toBe(100);
    expect(done.proposal!.pairs.length + done.proposal!.unmatched.length).toBe(340);
    expect(done.proposal!.pairs.length).toBe(340);
  }, 120_000);
});

describe("an introduction whose job was lost", () => {
  it("is found by the hourly sweep and sent, once", async () => {
    const program = "match-lost";
    await peerCohort(owner, slug, program, { mentees: 2, mentors: 1, capacity: 2 });
    const run = await json<RunDetail>(await owner.post(`${base(program)}/matching/runs`, {}), 201);
    await json(await owner.post(`${base(program)}/matching/runs/${run.run.id}/approve`), 200);
    const [match] = (await json<{ matches: { id: string; mentee: Person }[] }>(await owner.get(`${base(program)}/matches`), 200)).matches;
    const introductionsTo = async (to: string) => (await db.select().from(schema.emailOutbox).where(and(eq(schema.emailOutbox.kind, "match.introduction"), eq(schema.emailOutbox.to, to)))).length;
    await expect.poll(async () => (await db.select().from(schema.matches).where(eq(schema.matches.id, match!.id)))[0]?.introducedAt, { timeout: 15_000, interval: 100 }).toBeInstanceOf(Date);
    expect(await introductionsTo(match!.mentee.email)).toBe(1);

    // As if the job had never reached the queue: no ledger entries, no introduction, an hour old.
    await db.delete(schema.processedJobs).where(like(schema.processedJobs.idempotencyKey, `match.introduce:${match!.id}%`));
    await db.update(schema.matches).set({ introducedAt: null, createdAt: new Date(Date.now() - 3 * 60 * 60_000) }).where(eq(schema.matches.id, match!.id));
    await db.delete(schema.emailOutbox).where(and(eq(schema.emailOutbox.kind, "match.introduction"), eq(schema.emailOutbox.to, match!.mentee.email)));

    // The tick at the top of this hour: its window ends 30 minutes before it, so matches other tests are
    // introducing right now are left to their own jobs, and the three-hour-old one is found.
    const tick = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    await worker.scheduled(createScheduledController({ scheduledTime: tick, cron: "*/15 * * * *" }), env, createExecutionContext());
    await expect.poll(() => introductionsTo(match!.mentee.email), { timeout: 15_000, interval: 100 }).toBe(1);
    await expect.poll(async () => (await db.select().from(schema.matches).where(eq(schema.matches.id, match!.id)))[0]?.introducedAt, { timeout: 15_000, interval: 100 }).toBeInstanceOf(Date);
    // A second sweep in the same hour, or a redelivery, sends nothing more.
    await worker.scheduled(createScheduledController({ scheduledTime: new Date(tick.getTime() + 5 * 60_000), cron: "*/15 * * * *" }), env, createExecutionContext());
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await introductionsTo(match!.mentee.email)).toBe(1);
  }, 60_000);
});
