/**
 * Matching in the product: a program's matching settings, runs of the engine
 * over its approved applicants, the coordinator's adjustments to a proposal,
 * and approval into matches. Approved matches are never disturbed: every run
 * pairs the mentees still waiting with the places mentors have left, which
 * is also how late joiners are matched.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import { schema } from "@tandem/db";
import { inSendBatches, type JobMessage } from "@tandem/jobs";
import { type MatchingInput, MatchingInputError, type MatchingOutput, pairScore, runMatching } from "@tandem/matching";
import {
  type EngineCriterion,
  engineAttributes,
  matchableQuestions,
  type MatchingSettings,
  MATCHING_DEFAULTS,
  type MatchingSettingsInput,
  remainingCapacity,
  resolveCriteria,
  resolveSettings,
  runsInRequest,
  scoreDistribution,
} from "@tandem/programs";
import type { TenantData } from "../data/tenant-data.js";
import { AppError } from "../errors.js";
import { describeError, log } from "../log.js";
import type { AuthContext } from "./auth.js";
import { findIn } from "./find-in.js";
import { findProgramBySlug, formsOf, type ProgramRow } from "./forms.js";
import { mentorsNotReady } from "./safeguarding.js";
import { isUniqueViolation } from "./tokens.js";

type ApplicationRow = typeof schema.applications.$inferSelect;
type RunRow = typeof schema.matchingRuns.$inferSelect;
type Pair = { mentor: string; mentee: string };
type Reason = { key: string; similarity: number; contribution: number };

/** A proposed pair as stored: the engine's pair, and whether a coordinator pinned or placed it. */
interface ProposedPair extends Pair {
  score: number;
  reasons: Reason[];
  locked: boolean;
  adjusted: boolean;
}

/** A run's proposal as stored in `matching_runs.proposal`. */
interface Proposal {
  pairs: ProposedPair[];
  unmatched: { mentee: string; reason: string }[];
  /** Open places per mentor when the run started: what adjustments may use. */
  openPlaces: Record<string, number>;
  stats: { matched: number; totalScore: number; minScore: number | null; elapsedMs: number };
}

const PROGRAM_STATES_FOR_MATCHING = new Set(["enrolling", "matching", "active"]);

// ---------------------------------------------------------------- settings


/** The settings, the criteria they resolve to, and what the coordinator can choose from. */
export async function getMatchingSettings(tenantData: TenantData, programSlug: string) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const forms = await formsOf(tenantData, program);
  const settings = resolveSettings(program.matchingSettings);
  const { criteria, problems } = resolveCriteria(settings, forms);
  const pool = await loadPool(tenantData, program, { requireCriteria: false });
  return {
    settings,
    criteria,
    /** Who a run would pair now: mentees waiting, approved mentors, their open places, and the matches already made. */
    pool: {
      waitingMentees: pool.mentees.length,
      mentors: pool.mentors.length,
      openPlaces: [...pool.openPlaces.values()].reduce((sum, places) => sum + places, 0),
      activeMatches: pool.activeMatches,
      /** Approved mentors held back until they finish the program's screening or training. */
      mentorsNotReady: pool.mentorsNotReady.size,
    },
    /** Set when the forms changed after the settings were saved, so a saved criterion no longer fits. */
    problems,
    fromForms: resolveCriteria({ criteria: null }, forms).criteria,
    questions: matchableQuestions(forms),
    defaults: MATCHING_DEFAULTS,
  };
}

export async function saveMatchingSettings(tenantData: TenantData, programSlug: string, input: MatchingSettingsInput) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const before = resolveSettings(program.matchingSettings);
  const next: MatchingSettings = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)), criteria: input.criteria === undefined ? before.criteria : input.criteria };
  const { problems } = resolveCriteria(next, await formsOf(tenantData, program));
  if (problems.length > 0) throw AppError.validation(problems.map((problem) => ({ path: `body.${problem.path.join(".")}`, message: problem.message })));
  const stored = next as unknown as Record<string, unknown>;
  await tenantData.write(
    [tenantData.update(schema.programs, { matchingSettings: stored, updatedAt: new Date() }, eq(schema.programs.id, program.id))],
    [{ action: "matching.settings_saved", entityType: "program", entityId: program.id, before: before as unknown as Record<string, unknown>, after: stored }],
  );
  return getMatchingSettings(tenantData, programSlug);
}

// ---------------------------------------------------------------- the pool

export interface Pool {
  program: ProgramRow;
  settings: MatchingSettings;
  criteria: EngineCriterion[];
  mentees: ApplicationRow[];
  mentors: ApplicationRow[];
  openPlaces: Map<string, number>;
  /** Approved matches already in the program: the run works around them. */
  activeMatches: number;
  /** Approved mentors kept out because the program requires screening or training they have not finished (issue #8), with why. */
  mentorsNotReady: Map<string, string[]>;
}

/** Who a run pairs: approved mentees without an active match or a pending self-match request, and approved mentors with places left. */
export async function loadPool(tenantData: TenantData, program: ProgramRow, options: { holdForPendingRequests?: boolean; requireCriteria?: boolean } = {}): Promise<Pool> {
  const settings = resolveSettings(program.matchingSettings);
  const { criteria, problems } = resolveCriteria(settings, await formsOf(tenantData, program));
  // Counting who is waiting needs no usable criteria; a run does.
  if (options.requireCriteria !== false) {
    if (problems.length > 0) {
      throw new AppError(409, "matching-settings-stale", `The matching settings no longer fit the forms: ${problems.map((problem) => problem.message).join("; ")}. Update the matching settings first.`);
    }
    if (criteria.length === 0) throw new AppError(409, "no-matching-criteria", "No question feeds matching yet. Choose the questions to match on in the matching settings.");
  }
  const [approved, active, pending] = await Promise.all([
    tenantData.find(schema.applications, and(eq(schema.applications.programId, program.id), eq(schema.applications.status, "approved")), { orderBy: [schema.applications.createdAt, schema.applications.id] }),
    tenantData.find(schema.matches, and(eq(schema.matches.programId, program.id), eq(schema.matches.status, "active"))),
    // Self-match requests waiting for an answer hold a place and their mentee, as a match would
    // (self-match itself recounts them inside its own transaction, so it asks for them to be left in).
    options.holdForPendingRequests === false ? [] : tenantData.find(schema.matchRequests, and(eq(schema.matchRequests.programId, program.id), eq(schema.matchRequests.status, "pending"))),
  ]);
  const matchedMentees = new Set([...active.map((match) => match.menteeApplicationId), ...pending.map((request) => request.menteeApplicationId)]);
  const perMentor = new Map<string, number>();
  for (const held of [...active, ...pending]) perMentor.set(held.mentorApplicationId, (perMentor.get(held.mentorApplicationId) ?? 0) + 1);
  const approvedMentors = approved.filter((application) => application.role === "mentor");
  // Only screened and trained mentors enter matching in programs that require it.
  // The program's whole list (no long IN list of ids): the approved mentors are most of it.
  const notReady = await mentorsNotReady(tenantData, program);
  const mentors = approvedMentors.filter((mentor) => !notReady.has(mentor.id));
  return {
    program,
    settings,
    criteria,
    mentees: approved.filter((application) => application.role === "mentee" && !matchedMentees.has(application.id)),
    mentors,
    openPlaces: remainingCapacity(program.mentorCapacity, perMentor, mentors.map((mentor) => mentor.id)),
    activeMatches: active.length,
    mentorsNotReady: notReady,
  };
}

export function engineInput(pool: Pool, locked: Pair[], excluded: Pair[]): MatchingInput {
  return {
    criteria: pool.criteria.map(({ key, kind, weight, required, scale }) => ({ key, kind, weight, required, ...(scale === undefined ? {} : { scale }) })),
    mentors: pool.mentors.map((mentor) => ({ id: mentor.id, capacity: pool.openPlaces.get(mentor.id) ?? 0, attributes: engineAttributes(mentor.answers, pool.criteria) })),
    mentees: pool.mentees.map((mentee) => ({ id: mentee.id, attributes: engineAttributes(mentee.answers, pool.criteria) })),
    locked,
    excluded,
    objective: pool.settings.objective,
  };
}

/** Locks and exclusions that still name people in the pool; the rest (since matched or withdrawn) no longer apply. */
function stillApplicable(pairs: Pair[], pool: Pool): Pair[] {
  const mentors = new Set(pool.mentors.map((mentor) => mentor.id));
  const mentees = new Set(pool.mentees.map((mentee) => mentee.id));
  return pairs.filter((pair) => mentors.has(pair.mentor) && mentees.has(pair.mentee));
}

function labelReasons(reasons: readonly Reason[]): Reason[] {
  return reasons.map(({ key, similarity, contribution }) => ({ key, similarity, contribution }));
}

function toProposal(output: MatchingOutput, pool: Pool, locked: Pair[]): Proposal {
  const lockedKeys = new Set(locked.map((pair) => `${pair.mentor}|${pair.mentee}`));
  return {
    pairs: output.matches.map((match) => ({
      mentor: match.mentor,
      mentee: match.mentee,
      score: match.score,
      reasons: labelReasons(match.reasons),
      locked: lockedKeys.has(`${match.mentor}|${match.mentee}`),
      adjusted: false,
    })),
    unmatched: output.unmatched.map(({ mentee, reason }) => ({ mentee, reason })),
    openPlaces: Object.fromEntries(pool.openPlaces),
    stats: { matched: output.stats.matched, totalScore: output.stats.total_score, minScore: output.stats.min_score, elapsedMs: output.stats.elapsed_ms },
  };
}

/** Runs the engine, turning bad locks or exclusions into per-field errors. */
function solve(pool: Pool, locked: Pair[], excluded: Pair[]): Proposal {
  try {
    return toProposal(runMatching(engineInput(pool, locked, excluded)), pool, locked);
  } catch (error) {
    if (error instanceof MatchingInputError) throw AppError.validation(error.issues.map((issue) => ({ path: `body.${issue.path}`, message: issue.message })));
    throw error;
  }
}

// ---------------------------------------------------------------- runs

export interface StartRunInput {
  /** Start from an earlier run's decisions: its locked pairs (including pairs a coordinator placed) and exclusions. */
  basedOn?: string;
  locked?: Pair[];
  excluded?: Pair[];
}

/**
 * Starts a run. Cohorts small enough are solved within the request and come
 * back `proposed`; larger ones go to the job queue and come back `running`,
 * with progress to poll.
 */
export async function startMatchingRun(ctx: AuthContext, tenantData: TenantData, programSlug: string, input: StartRunInput, userId: string) {
  const program = await findProgramBySlug(tenantData, programSlug);
  if (!PROGRAM_STATES_FOR_MATCHING.has(program.status)) {
    throw new AppError(409, "program-not-matching", `${program.name} is ${program.status}. Matching runs while a program is enrolling, matching or active.`, { extensions: { programStatus: program.status } });
  }
  const pool = await loadPool(tenantData, program);
  if (pool.mentees.length === 0) throw new AppError(409, "nobody-to-match", "No approved mentee is waiting for a match. Approve applications first.");
  if (pool.mentors.length === 0) {
    const waiting = pool.mentorsNotReady.size;
    if (waiting > 0) {
      throw new AppError(409, "no-mentors-ready", `No mentor is ready for matching yet: ${waiting === 1 ? "the approved mentor has" : `all ${waiting} approved mentors have`} not finished the program's screening or training. See the program's Screening page for what is missing.`);
    }
    throw new AppError(409, "no-mentors", "No approved mentor is in this program yet. Approve mentor applications first.");
  }

  let locked = input.locked ?? [];
  let excluded = input.excluded ?? [];
  if (input.basedOn) {
    const earlier = await findRun(tenantData, program, input.basedOn);
    const proposal = earlier.proposal as unknown as Proposal | null;
    locked = [...(proposal?.pairs.filter((pair) => pair.locked).map(({ mentor, mentee }) => ({ mentor, mentee })) ?? earlier.locked), ...locked];
    excluded = [...earlier.excluded, ...excluded];
    // Those since matched or withdrawn drop out of the decisions; new ones the coordinator typed are checked by the engine.
    locked = stillApplicable(locked, pool);
    excluded = stillApplicable(excluded, pool);
  }
  locked = dedupe(locked);
  excluded = dedupe(excluded);

  const id = crypto.randomUUID();
  const settings = { objective: pool.settings.objective, criteria: pool.criteria } as unknown as Record<string, unknown>;
  const scope = pool.activeMatches > 0 ? ("late_joiners" as const) : ("all" as const);
  const size = { mentees: pool.mentees.length, mentors: pool.mentors.length };
  const audit = { action: "matching.run_started", entityType: "matching_run", entityId: id, after: { ...size, scope, locked: locked.length, excluded: excluded.length } };

  if (runsInRequest(pool.mentees.length, pool.mentors.length)) {
    const proposal = solve(pool, locked, excluded);
    const now = new Date();
    await tenantData.write(
      [tenantData.insert(schema.matchingRuns, { id, programId: program.id, status: "proposed", scope, settings, locked, excluded, progress: 100, proposal: proposal as unknown as Record<string, unknown>, createdByUserId: userId, completedAt: now })],
      [audit],
    );
  } else {
    await tenantData.write([tenantData.insert(schema.matchingRuns, { id, programId: program.id, status: "running", scope, settings, locked, excluded, progress: 0, createdByUserId: userId })], [audit]);
    const job: JobMessage = { kind: "matching.run", key: `matching.run:${id}`, payload: { tenantId: tenantData.tenant.id, runId: id }, enqueuedAt: Date.now() };
    await ctx.jobs.send(job, { contentType: "json" });
  }
  return getMatchingRun(tenantData, programSlug, id);
}

function dedupe(pairs: Pair[]): Pair[] {
  const seen = new Set<string>();
  return pairs.filter((pair) => {
    const key = `${pair.mentor}|${pair.mentee}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The queued half of a large run, in the job consumer. Safe to run twice: a finished run is left alone. */
export async function completeMatchingRun(tenantData: TenantData, runId: string): Promise<void> {
  const run = await tenantData.findOne(schema.matchingRuns, eq(schema.matchingRuns.id, runId));
  if (!run || run.status !== "running") return;
  const setProgress = (progress: number) => tenantData.write([tenantData.update(schema.matchingRuns, { progress }, and(eq(schema.matchingRuns.id, runId), eq(schema.matchingRuns.status, "running"))!)]);
  try {
    const program = await tenantData.findOne(schema.programs, eq(schema.programs.id, run.programId));
    if (!program) return;
    await setProgress(10);
    const pool = await loadPool(tenantData, program);
    await setProgress(30);
    // The engine runs synchronously once started, so progress moves in phases: loaded, solved, saved.
    const proposal = solve(pool, stillApplicable(run.locked, pool), stillApplicable(run.excluded, pool));
    await tenantData.write([
      tenantData.update(
        schema.matchingRuns,
        { status: "proposed", progress: 100, proposal: proposal as unknown as Record<string, unknown>, completedAt: new Date() },
        and(eq(schema.matchingRuns.id, runId), eq(schema.matchingRuns.status, "running"))!,
      ),
    ]);
  } catch (error) {
    // A problem a retry cannot fix (bad settings, nobody left) fails the run for the coordinator to see; anything else retries.
    if (!(error instanceof AppError)) throw error;
    log("warn", "matching run failed", { runId, error: describeError(error) });
    await failMatchingRun(tenantData, runId, error.message);
  }
}

/** Marks a run that never finished as failed, with what to do; a run decided meanwhile stays as it is. */
export async function failMatchingRun(tenantData: TenantData, runId: string, message: string): Promise<void> {
  await tenantData.write([tenantData.update(schema.matchingRuns, { status: "failed", error: message, completedAt: new Date() }, and(eq(schema.matchingRuns.id, runId), eq(schema.matchingRuns.status, "running"))!)]);
}

async function findRun(tenantData: TenantData, program: ProgramRow, runId: string): Promise<RunRow> {
  const run = await tenantData.findOne(schema.matchingRuns, and(eq(schema.matchingRuns.id, runId), eq(schema.matchingRuns.programId, program.id))!);
  if (!run) throw AppError.notFound("There is no such matching run in this program.");
  return run;
}

export async function listMatchingRuns(tenantData: TenantData, programSlug: string) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const runs = await tenantData.find(schema.matchingRuns, eq(schema.matchingRuns.programId, program.id), { orderBy: [desc(schema.matchingRuns.createdAt)], limit: 50 });
  return { runs: runs.map(summarise) };
}

function summarise(run: RunRow) {
  const proposal = run.proposal as unknown as Proposal | null;
  return {
    id: run.id,
    status: run.status,
    scope: run.scope,
    progress: run.progress,
    revision: run.revision,
    error: run.error,
    matched: proposal?.stats.matched ?? null,
    unmatched: proposal?.unmatched.length ?? null,
    createdAt: run.createdAt.toISOString(),
    completedAt: run.completedAt?.toISOString() ?? null,
    decidedAt: run.decidedAt?.toISOString() ?? null,
  };
}

const personOf = (application: ApplicationRow | undefined) =>
  application ? { id: application.id, firstName: application.firstName, lastName: application.lastName, email: application.email } : null;

/** A run with its proposal spelled out for people: names, reasons by criterion label, the score spread, places left. */
export async function getMatchingRun(tenantData: TenantData, programSlug: string, runId: string) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const run = await findRun(tenantData, program, runId);
  const proposal = run.proposal as unknown as Proposal | null;
  const criteria = (run.settings as { criteria?: EngineCriterion[] }).criteria ?? [];
  const labels = new Map(criteria.map((criterion) => [criterion.key, criterion.label]));
  if (!proposal) return { run: summarise(run), criteria, proposal: null };

  const ids = new Set<string>([...Object.keys(proposal.openPlaces), ...proposal.pairs.map((pair) => pair.mentee), ...proposal.unmatched.map((entry) => entry.mentee)]);
  const people = new Map((await findIn(tenantData, schema.applications, schema.applications.id, [...ids])).map((application) => [application.id, application]));
  const used = new Map<string, number>();
  for (const pair of proposal.pairs) used.set(pair.mentor, (used.get(pair.mentor) ?? 0) + 1);
  return {
    run: summarise(run),
    criteria,
    proposal: {
      stats: { ...proposal.stats, averageScore: proposal.pairs.length ? round(proposal.stats.totalScore / proposal.pairs.length) : null },
      distribution: scoreDistribution(proposal.pairs.map((pair) => pair.score)),
      pairs: proposal.pairs.map((pair) => ({
        mentor: personOf(people.get(pair.mentor)),
        mentee: personOf(people.get(pair.mentee)),
        score: pair.score,
        locked: pair.locked,
        adjusted: pair.adjusted,
        reasons: pair.reasons.map((reason) => ({ ...reason, label: labels.get(reason.key) ?? reason.key })),
      })),
      unmatched: proposal.unmatched.map((entry) => ({ mentee: personOf(people.get(entry.mentee)), reason: entry.reason })),
      mentors: Object.entries(proposal.openPlaces).map(([id, places]) => ({ mentor: personOf(people.get(id)), openPlaces: places, proposed: used.get(id) ?? 0 })),
      excluded: run.excluded,
    },
  };
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

// ---------------------------------------------------------------- adjustments

export type Adjustment =
  | { action: "assign"; mentee: string; mentor: string }
  | { action: "swap"; mentees: [string, string] }
  | { action: "unassign"; mentee: string }
  | { action: "lock"; mentee: string }
  | { action: "unlock"; mentee: string };

/**
 * A coordinator's change to a proposal. Placed pairs are locked, so a re-run
 * keeps them; an unassigned pair is excluded, so a re-run does not propose it
 * again. Each change is checked against capacity, exclusions and required
 * criteria, and scored like the engine's own pairs.
 */
export async function adjustMatchingRun(tenantData: TenantData, programSlug: string, runId: string, adjustment: Adjustment) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const run = await findRun(tenantData, program, runId);
  if (run.status !== "proposed") throw new AppError(409, "run-not-proposed", `This run is ${run.status}; only a proposed run can be adjusted. Start a new run to change it.`);
  const proposal = structuredClone(run.proposal as unknown as Proposal);
  let excluded = [...run.excluded];
  const byMentee = new Map(proposal.pairs.map((pair) => [pair.mentee, pair]));
  const pairOf = (mentee: string) => {
    const pair = byMentee.get(mentee);
    if (!pair) throw AppError.validation([{ path: "mentee", message: "is not paired in this proposal" }]);
    return pair;
  };
  const known = new Set([...proposal.pairs.map((pair) => pair.mentee), ...proposal.unmatched.map((entry) => entry.mentee)]);

  if (adjustment.action === "lock" || adjustment.action === "unlock") {
    pairOf(adjustment.mentee).locked = adjustment.action === "lock";
  } else if (adjustment.action === "unassign") {
    const pair = pairOf(adjustment.mentee);
    proposal.pairs = proposal.pairs.filter((candidate) => candidate !== pair);
    proposal.unmatched.push({ mentee: pair.mentee, reason: "Unassigned by a coordinator" });
    excluded = dedupe([...excluded, { mentor: pair.mentor, mentee: pair.mentee }]);
  } else {
    const scorer = await pairScorer(tenantData, program, run);
    if (adjustment.action === "assign") {
      const { mentee, mentor } = adjustment;
      if (!known.has(mentee)) throw AppError.validation([{ path: "mentee", message: "is not a mentee of this run" }]);
      if (!(mentor in proposal.openPlaces)) throw AppError.validation([{ path: "mentor", message: "is not a mentor of this run" }]);
      const current = byMentee.get(mentee);
      if (current?.mentor === mentor) throw new AppError(409, "already-paired", "These two are already paired.");
      const taken = proposal.pairs.filter((pair) => pair.mentor === mentor && pair.mentee !== mentee).length;
      if (taken >= proposal.openPlaces[mentor]!) {
        throw new AppError(409, "mentor-full", "This mentor has no open place left in the proposal. Unassign one of their mentees first, or swap two mentees.");
      }
      const scored = scorer(mentor, mentee, excluded);
      if (current) proposal.pairs = proposal.pairs.filter((pair) => pair !== current);
      proposal.unmatched = proposal.unmatched.filter((entry) => entry.mentee !== mentee);
      proposal.pairs.push({ mentor, mentee, ...scored, locked: true, adjusted: true });
    } else {
      const [first, second] = adjustment.mentees.map(pairOf) as [ProposedPair, ProposedPair];
      if (first.mentor === second.mentor) throw new AppError(409, "same-mentor", "Both mentees have the same mentor, so swapping changes nothing.");
      const firstNew = scorer(second.mentor, first.mentee, excluded);
      const secondNew = scorer(first.mentor, second.mentee, excluded);
      proposal.pairs = proposal.pairs.filter((pair) => pair !== first && pair !== second);
      proposal.pairs.push(
        { mentor: second.mentor, mentee: first.mentee, ...firstNew, locked: true, adjusted: true },
        { mentor: first.mentor, mentee: second.mentee, ...secondNew, locked: true, adjusted: true },
      );
    }
  }
  proposal.pairs.sort((a, b) => (a.mentee < b.mentee ? -1 : a.mentee > b.mentee ? 1 : 0));
  proposal.unmatched.sort((a, b) => (a.mentee < b.mentee ? -1 : a.mentee > b.mentee ? 1 : 0));
  const scores = proposal.pairs.map((pair) => pair.score);
  proposal.stats = { ...proposal.stats, matched: proposal.pairs.length, totalScore: round(scores.reduce((sum, score) => sum + score, 0)), minScore: scores.length ? Math.min(...scores) : null };

  await tenantData.transaction(async (txData) => {
    await assertUnchanged(txData, run);
    await txData.write(
      [txData.update(schema.matchingRuns, { proposal: proposal as unknown as Record<string, unknown>, excluded, revision: run.revision + 1 }, eq(schema.matchingRuns.id, run.id))],
      [{ action: "matching.run_adjusted", entityType: "matching_run", entityId: run.id, after: adjustment as unknown as Record<string, unknown> }],
    );
  });
  return getMatchingRun(tenantData, programSlug, runId);
}

/** Inside a transaction: the run is as this request read it, or someone else changed it first. */
async function assertUnchanged(txData: TenantData, run: RunRow): Promise<void> {
  const current = await txData.findOne(schema.matchingRuns, eq(schema.matchingRuns.id, run.id));
  if (current?.status !== run.status || current.revision !== run.revision) {
    throw new AppError(409, "proposal-changed", "Someone else changed this run at the same moment. Reload it and try again.");
  }
}

/** Scores hand-made pairs the way the engine scored the run's own, against today's answers. */
async function pairScorer(tenantData: TenantData, program: ProgramRow, run: RunRow) {
  const pool = await loadPool(tenantData, program);
  const input = engineInput(pool, [], []);
  input.criteria = ((run.settings as { criteria: EngineCriterion[] }).criteria).map(({ key, kind, weight, required, scale }) => ({ key, kind, weight, required, ...(scale === undefined ? {} : { scale }) }));
  const labels = new Map(pool.criteria.map((criterion) => [criterion.key, criterion.label]));
  return (mentor: string, mentee: string, excluded: Pair[]) => {
    if (excluded.some((pair) => pair.mentor === mentor && pair.mentee === mentee)) {
      throw new AppError(409, "pair-excluded", "A coordinator excluded this pair earlier in this run. Choose another mentor.");
    }
    let explained;
    try {
      explained = pairScore(input, mentor, mentee);
    } catch (error) {
      if (error instanceof MatchingInputError) throw new AppError(409, "not-in-pool", "One of these two is no longer waiting for a match (matched since, or no longer approved). Start a new run.");
      throw error;
    }
    if (!explained.feasible) {
      const failed = explained.failedRequired.map((key) => labels.get(key) ?? key);
      throw new AppError(409, "pair-infeasible", `This pair does not meet a requirement of the program: no common answer to ${failed.map((label) => `"${label}"`).join(", ")}.`);
    }
    return { score: explained.score, reasons: labelReasons(explained.reasons) };
  };
}

// ---------------------------------------------------------------- decisions

/**
 * Approves a proposal: every pair becomes an active match in one batch, other
 * open proposals of the program are discarded (they were computed around
 * people now matched), and both people of each pair get an introduction from
 * the job queue.
 */
export async function approveMatchingRun(ctx: AuthContext, tenantData: TenantData, programSlug: string, runId: string) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const run = await findRun(tenantData, program, runId);
  if (run.status !== "proposed") throw new AppError(409, "run-not-proposed", `This run is ${run.status}; only a proposed run can be approved.`);
  const proposal = run.proposal as unknown as Proposal;
  if (proposal.pairs.length === 0) throw new AppError(409, "nothing-to-approve", "This proposal pairs nobody. Adjust it or start a new run.");
  const now = new Date();
  const matches = proposal.pairs.map((pair) => ({
    id: crypto.randomUUID(),
    programId: program.id,
    mentorApplicationId: pair.mentor,
    menteeApplicationId: pair.mentee,
    status: "active" as const,
    source: "matching_run" as const,
    matchingRunId: run.id,
    score: pair.score,
    reasons: pair.reasons,
    startedAt: now,
  }));
  try {
    await tenantData.transaction(async (txData) => {
      await assertUnchanged(txData, run);
      // People withdraw or are re-reviewed while a proposal waits; match only those still approved.
      const people = await findIn(txData, schema.applications, schema.applications.id, [...new Set(matches.flatMap((match) => [match.mentorApplicationId, match.menteeApplicationId]))]);
      const stale = people.filter((person) => person.status !== "approved").length + (new Set(matches.flatMap((match) => [match.mentorApplicationId, match.menteeApplicationId])).size - people.length);
      // A check may have expired, or training been undone, since the run.
      const unready = await mentorsNotReady(txData, program, [...new Set(matches.map((match) => match.mentorApplicationId))]);
      if (unready.size > 0) {
        throw new AppError(409, "mentor-not-ready", `${unready.size === 1 ? "One mentor" : `${unready.size} mentors`} in this proposal no longer ${unready.size === 1 ? "meets" : "meet"} the program's screening or training requirements (${[...unready.values()].flat().slice(0, 3).join(" ")}). Start a new run and approve that.`);
      }
      if (stale > 0) {
        throw new AppError(409, "proposal-stale", `${stale === 1 ? "One person" : `${stale} people`} in this proposal ${stale === 1 ? "is" : "are"} no longer approved. Start a new run (it keeps your locked pairs) and approve that.`);
      }
      // Places may have been taken since the run (a self-match acceptance, another approval racing this one).
      const proposedMentees = new Set(matches.map((match) => match.menteeApplicationId));
      const [active, pending] = await Promise.all([
        txData.find(schema.matches, and(eq(schema.matches.programId, program.id), eq(schema.matches.status, "active"))!),
        txData.find(schema.matchRequests, and(eq(schema.matchRequests.programId, program.id), eq(schema.matchRequests.status, "pending"))!),
      ]);
      // Requests of mentees this approval matches are withdrawn with it; the others keep holding their place.
      const superseded = pending.filter((request) => proposedMentees.has(request.menteeApplicationId));
      const load = new Map<string, number>();
      for (const held of [...active, ...pending.filter((request) => !proposedMentees.has(request.menteeApplicationId)), ...matches]) {
        load.set(held.mentorApplicationId, (load.get(held.mentorApplicationId) ?? 0) + 1);
      }
      const overCapacity = [...load.values()].filter((count) => count > program.mentorCapacity).length;
      if (overCapacity > 0) {
        throw new AppError(409, "places-taken", `${overCapacity === 1 ? "One mentor" : `${overCapacity} mentors`} in this proposal no longer ${overCapacity === 1 ? "has" : "have"} the places it counted on (matched meanwhile). Start a new run (it keeps your locked pairs) and approve that.`);
      }
      await txData.write(
        [
          ...superseded.map((request) => txData.update(schema.matchRequests, { status: "cancelled", respondedAt: now }, and(eq(schema.matchRequests.id, request.id), eq(schema.matchRequests.status, "pending"))!)),
          ...inChunks(matches, 100).map((chunk) => txData.insert(schema.matches, chunk)),
          // Other open proposals were computed around people now matched.
          txData.update(schema.matchingRuns, { status: "discarded", decidedAt: now }, and(eq(schema.matchingRuns.programId, program.id), inArray(schema.matchingRuns.status, ["proposed", "running"]))!),
          txData.update(schema.matchingRuns, { status: "approved", decidedAt: now }, eq(schema.matchingRuns.id, run.id)),
        ],
        [
          { action: "matching.run_approved", entityType: "matching_run", entityId: run.id, after: { matches: matches.length } },
          ...superseded.map((request) => ({ action: "self_match.request_cancelled", entityType: "match_request", entityId: request.id, before: { status: "pending" }, after: { status: "cancelled", reason: "matched by the coordinator" } })),
        ],
      );
    });
  } catch (error) {
    // The unique index on active mentees: another proposal with some of the same mentees was approved a moment ago.
    if (isUniqueViolation(error)) {
      throw new AppError(409, "already-matched", "Some of these mentees were matched a moment ago by another approval. Start a new run for those still waiting.");
    }
    throw error;
  }
  const jobs: JobMessage[] = matches.map((match) => ({
    kind: "match.introduce",
    key: `match.introduce:${match.id}`,
    payload: { tenantId: tenantData.tenant.id, matchId: match.id, origin: ctx.origin },
    enqueuedAt: now.getTime(),
  }));
  for (const batch of inSendBatches(jobs)) await ctx.jobs.sendBatch(batch.map((body) => ({ body, contentType: "json" as const })));
  return { run: summarise({ ...run, status: "approved", decidedAt: now }), created: matches.length, introductionsQueued: matches.length };
}

function inChunks<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

export async function discardMatchingRun(tenantData: TenantData, programSlug: string, runId: string) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const run = await findRun(tenantData, program, runId);
  const discardable = ["proposed", "running", "failed"] as const;
  if (!(discardable as readonly string[]).includes(run.status)) throw new AppError(409, "run-decided", `This run is ${run.status} already.`);
  await tenantData.transaction(async (txData) => {
    // An approval may land between our read and this write; it wins.
    const [rows] = (await txData.write([
      txData.update(schema.matchingRuns, { status: "discarded", decidedAt: new Date() }, and(eq(schema.matchingRuns.id, run.id), inArray(schema.matchingRuns.status, [...discardable]))!).returning({ id: schema.matchingRuns.id }),
    ])) as { id: string }[][];
    if (!rows?.length) throw new AppError(409, "run-decided", "This run was approved or discarded a moment ago. Reload to see it.");
    await txData.write([], [{ action: "matching.run_discarded", entityType: "matching_run", entityId: run.id, before: { status: run.status } }]);
  });
  return { run: summarise({ ...run, status: "discarded" }) };
}

/** A program's matches, newest first, with both people and the score they were matched on. */
export async function listMatches(tenantData: TenantData, programSlug: string, status: "active" | "closed" | undefined) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const rows = await tenantData.find(schema.matches, and(eq(schema.matches.programId, program.id), status ? eq(schema.matches.status, status) : undefined)!, { orderBy: [desc(schema.matches.startedAt), schema.matches.id] });
  const people = new Map((await findIn(tenantData, schema.applications, schema.applications.id, [...new Set(rows.flatMap((row) => [row.mentorApplicationId, row.menteeApplicationId]))])).map((application) => [application.id, application]));
  return {
    matches: rows.map((row) => ({
      id: row.id,
      status: row.status,
      source: row.source,
      score: row.score,
      reasons: row.reasons,
      mentor: personOf(people.get(row.mentorApplicationId)),
      mentee: personOf(people.get(row.menteeApplicationId)),
      startedAt: row.startedAt.toISOString(),
    })),
  };
}
