/** A matching run end to end: validate, score, solve, explain. */
import { bestThreshold } from "./bottleneck.js";
import { MatchingInputError, parseMatchingInput } from "./input.js";
import { criterionLabel } from "./labels.js";
import { Cohort, rowScratch, SCORE_UNITS } from "./scoring.js";
import { type AssignmentProblem, solveMaxTotal, throttled } from "./solver.js";
import type { Match, MatchingInput, MatchingOptions, MatchingOutput, PairRef, ParsedInput, Reason, Unmatched } from "./types.js";

/** The share of the progress bar that scoring takes; solving takes the rest. */
const SCORING_SHARE = 0.2;

const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;

/**
 * The scoring and solving problem of a validated input: the mentees not
 * locked (rows) against every mentor (columns, capacity left after locked
 * pairs), in the cohort's id order. Exposed for the benchmark.
 */
export interface PreparedRun {
  cohort: Cohort;
  /** Mentee index → locked mentor index. */
  lockedMentor: Map<number, number>;
  /** Row → mentee index. */
  freeMentees: Int32Array;
  problem: AssignmentProblem;
}

export function prepareRun(input: ParsedInput, progress?: (fraction: number) => void): PreparedRun {
  const cohort = new Cohort(input);
  const m = cohort.mentors.length;
  const lockedMentor = new Map<number, number>();
  const lockedCount = new Int32Array(m);
  for (const pair of input.locked) {
    const mentor = cohort.mentorIndex.get(pair.mentor)!;
    lockedMentor.set(cohort.menteeIndex.get(pair.mentee)!, mentor);
    lockedCount[mentor] += 1;
  }
  // Places left after locked pairs; more than there are mentees is the same as that many (and fits an Int32Array).
  const capacity = Int32Array.from(cohort.mentors, (mentor, j) => Math.min(mentor.capacity - lockedCount[j], cohort.mentees.length));
  const free: number[] = [];
  for (let mentee = 0; mentee < cohort.mentees.length; mentee++) if (!lockedMentor.has(mentee)) free.push(mentee);
  const freeMentees = Int32Array.from(free);
  const n = freeMentees.length;
  const weights = new Int32Array(n * m);
  const scratch = rowScratch(m);
  const report = progress ?? (() => {});
  for (let row = 0; row < n; row++) {
    if ((row & 63) === 0) report(row / n);
    cohort.scoreRow(freeMentees[row], weights.subarray(row * m, (row + 1) * m), scratch);
  }
  report(1);
  return { cohort, lockedMentor, freeMentees, problem: { rows: n, cols: m, weights, capacity } };
}

/** Per row, the mentor index assigned by the objective (or -1). For max_min, drops pairs below the threshold from `run.problem.weights`. */
export function solveRun(run: PreparedRun, objective: ParsedInput["objective"], progress?: (fraction: number) => void): Int32Array {
  const { problem } = run;
  if (objective === "max_total") return solveMaxTotal(problem, throttled(progress)).assignment;

  let lockedMin = Infinity;
  for (const [mentee, mentor] of run.lockedMentor) lockedMin = Math.min(lockedMin, run.cohort.explain(mentor, mentee).quantized);
  const threshold = bestThreshold(problem, lockedMin, throttled(progress, 0, 0.5));
  // Pairs below the threshold are dropped in place (the matrix belongs to this run; a copy would double its memory).
  const weights = problem.weights;
  if (threshold > 0) for (let index = 0; index < weights.length; index++) if (weights[index] < threshold) weights[index] = -1;
  return solveMaxTotal(problem, throttled(progress, 0.5, 1)).assignment;
}

/** Validates, scores and solves; see the README for the contract. Throws MatchingInputError on bad input. */
export function runMatching(input: MatchingInput | unknown, options: MatchingOptions = {}): MatchingOutput {
  const started = now();
  const parsed = parseMatchingInput(input, options);
  const progress = throttled(options.progress);
  const run = prepareRun(parsed, (fraction) => progress(fraction * SCORING_SHARE));
  const assignment = solveRun(run, parsed.objective, (fraction) => progress(SCORING_SHARE + fraction * (1 - SCORING_SHARE)));

  const { cohort } = run;
  const matches: Match[] = [];
  const unmatched: Unmatched[] = [];
  const rowOf = new Map<number, number>();
  run.freeMentees.forEach((mentee, row) => rowOf.set(mentee, row));
  let total = 0;
  let min = Infinity;
  for (let mentee = 0; mentee < cohort.mentees.length; mentee++) {
    const locked = run.lockedMentor.get(mentee);
    const mentor = locked ?? assignment[rowOf.get(mentee)!];
    if (mentor < 0) {
      unmatched.push(unmatchedReason(cohort, mentee));
      continue;
    }
    const match = describe(cohort, mentor, mentee, locked !== undefined);
    total += match.quantized;
    min = Math.min(min, match.quantized);
    matches.push(match.match);
  }
  progress(1);

  return {
    matches,
    unmatched,
    stats: {
      matched: matches.length,
      total_score: total / SCORE_UNITS,
      min_score: matches.length === 0 ? null : min / SCORE_UNITS,
      elapsed_ms: options.timing === false ? 0 : Math.round((now() - started) * 100) / 100,
    },
  };
}

function describe(cohort: Cohort, mentor: number, mentee: number, locked: boolean): { match: Match; quantized: number } {
  const { similarities, quantized } = cohort.explain(mentor, mentee);
  return {
    match: {
      mentor: cohort.mentors[mentor].id,
      mentee: cohort.mentees[mentee].id,
      score: quantized / SCORE_UNITS,
      locked,
      reasons: reasonsOf(cohort, similarities),
    },
    quantized,
  };
}

function reasonsOf(cohort: Cohort, similarities: number[]): Reason[] {
  const total = cohort.totalWeight;
  return cohort.criteria
    .map(({ criterion }, k) => ({
      key: criterion.key,
      similarity: round6(similarities[k]),
      contribution: round6(total > 0 ? (criterion.weight * similarities[k]) / total : 0),
    }))
    .sort((a, b) => b.contribution - a.contribution || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function unmatchedReason(cohort: Cohort, mentee: number): Unmatched {
  const id = cohort.mentees[mentee].id;
  const m = cohort.mentors.length;
  if (m === 0) return { mentee: id, reason: "no mentors in the program", code: "no_mentors" };
  const excluded = cohort.excluded.get(mentee);
  const candidates: number[] = [];
  for (let j = 0; j < m; j++) if (!excluded?.has(j)) candidates.push(j);
  if (candidates.length === 0) return { mentee: id, reason: "every mentor is excluded for this mentee", code: "all_excluded" };

  const required = cohort.criteria.map((prepared, k) => ({ ...prepared, k })).filter(({ criterion }) => criterion.required);
  const missing = required.filter(({ k }) => menteeHasNoValue(cohort, k, mentee));
  if (missing.length > 0) {
    const labels = missing.map(({ criterion }) => criterionLabel(criterion));
    return {
      mentee: id,
      reason: `this mentee has no answer for the required ${labels.join(" and ")}`,
      code: "missing_required",
      criteria: missing.map(({ criterion }) => criterion.key),
    };
  }

  // Which required criteria rule out which (not excluded) mentors.
  const blocksAll: typeof required = [];
  const blocksSome: typeof required = [];
  let compatible = false;
  const failing = new Uint8Array(m);
  for (const entry of required) {
    let blocked = 0;
    for (const j of candidates) {
      if (cohort.similarity(entry.k, j, mentee) === 0) {
        blocked++;
        failing[j] = 1;
      }
    }
    if (blocked === candidates.length) blocksAll.push(entry);
    else if (blocked > 0) blocksSome.push(entry);
  }
  for (const j of candidates) if (failing[j] === 0) compatible = true;
  if (compatible) return { mentee: id, reason: "all compatible mentors are at capacity", code: "capacity" };

  if (blocksAll.length > 0) {
    const { criterion } = blocksAll[0];
    const label = criterionLabel(criterion);
    const reason =
      criterion.kind === "numeric"
        ? `no mentor is close enough on the required ${label}`
        : criterion.kind === "text"
          ? `no mentor's ${label} has words in common with this mentee's, and ${label} is required`
          : `no mentor shares the required ${label}`;
    return { mentee: id, reason, code: "required", criteria: blocksAll.map((entry) => entry.criterion.key) };
  }
  const labels = blocksSome.map(({ criterion }) => criterionLabel(criterion));
  return {
    mentee: id,
    reason: `no mentor meets all the required criteria at once (${labels.join(", ")})`,
    code: "required",
    criteria: blocksSome.map(({ criterion }) => criterion.key),
  };
}

function menteeHasNoValue(cohort: Cohort, k: number, mentee: number): boolean {
  const data = cohort.criteria[k].data;
  switch (data.kind) {
    case "overlap":
    case "text":
      return data.mentees[mentee] === undefined;
    case "exact":
      return data.mentees[mentee] < 0;
    case "numeric":
      return Number.isNaN(data.mentees[mentee]);
  }
}

export interface PairExplanation {
  mentor: string;
  mentee: string;
  /** The quantised score, as a run reports it. */
  score: number;
  /** Whether the engine could propose this pair: not excluded, and no required criterion at 0. */
  feasible: boolean;
  /** Keys of the required criteria on which the pair has similarity 0. */
  failedRequired: string[];
  /** The pair is in the input's `excluded`. */
  excluded: boolean;
  reasons: Reason[];
}

/**
 * Scores hand-made pairs against the cohort of `input` (the same scores and
 * reasons a run gives them; text similarity depends on the whole cohort).
 * Throws MatchingInputError on bad input or on a pair naming an unknown id
 * (path `pairs[i].mentor` / `pairs[i].mentee`).
 */
export function scorePairs(input: MatchingInput | unknown, pairs: readonly PairRef[]): PairExplanation[] {
  const cohort = new Cohort(parseMatchingInput(input));
  const issues: { path: string; message: string }[] = [];
  pairs.forEach((pair, index) => {
    if (!cohort.mentorIndex.has(pair.mentor)) issues.push({ path: `pairs[${index}].mentor`, message: `"${pair.mentor}" is not the id of a mentor` });
    if (!cohort.menteeIndex.has(pair.mentee)) issues.push({ path: `pairs[${index}].mentee`, message: `"${pair.mentee}" is not the id of a mentee` });
  });
  if (issues.length > 0) throw new MatchingInputError(issues);
  return pairs.map((pair) => explainIn(cohort, cohort.mentorIndex.get(pair.mentor)!, cohort.menteeIndex.get(pair.mentee)!));
}

/** One pair; throws like scorePairs. */
export function pairScore(input: MatchingInput | unknown, mentor: string, mentee: string): PairExplanation {
  return scorePairs(input, [{ mentor, mentee }])[0];
}

/** One pair, or undefined when the mentor or the mentee is not in the input (bad input still throws). */
export function explainPair(input: MatchingInput | unknown, mentor: string, mentee: string): PairExplanation | undefined {
  const cohort = new Cohort(parseMatchingInput(input));
  const mentorIndex = cohort.mentorIndex.get(mentor);
  const menteeIndex = cohort.menteeIndex.get(mentee);
  return mentorIndex === undefined || menteeIndex === undefined ? undefined : explainIn(cohort, mentorIndex, menteeIndex);
}

function explainIn(cohort: Cohort, mentor: number, mentee: number): PairExplanation {
  const { similarities, quantized } = cohort.explain(mentor, mentee);
  const failedRequired = cohort.criteria.filter(({ criterion }, k) => criterion.required && similarities[k] === 0).map(({ criterion }) => criterion.key);
  const excluded = cohort.excluded.get(mentee)?.has(mentor) ?? false;
  return {
    mentor: cohort.mentors[mentor].id,
    mentee: cohort.mentees[mentee].id,
    score: quantized / SCORE_UNITS,
    feasible: !excluded && failedRequired.length === 0,
    failedRequired,
    excluded,
    reasons: reasonsOf(cohort, similarities),
  };
}
