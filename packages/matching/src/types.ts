/** The engine's contract: what a run takes and what it returns (also the CLI's JSON formats). */

export const CRITERION_KINDS = ["overlap", "exact", "numeric", "text"] as const;
export type CriterionKind = (typeof CRITERION_KINDS)[number];

export const OBJECTIVES = ["max_total", "max_min"] as const;
/**
 * - `max_total`: match as many mentees as possible, then maximise the sum of pair scores.
 * - `max_min`: match as many as possible, then maximise the lowest pair score (locked pairs included), then the sum.
 */
export type Objective = (typeof OBJECTIVES)[number];

export interface Criterion {
  /** The attribute compared, e.g. `interests`; unique among the criteria. */
  key: string;
  kind: CriterionKind;
  /** How much agreement on this criterion counts; any number > 0. */
  weight: number;
  /** A hard rule: a pair whose similarity on this criterion is 0 is never proposed. Default false. */
  required?: boolean;
  /** `numeric` only, and required there: values this far apart (or more) have similarity 0. */
  scale?: number;
  /** How reasons name the criterion ("no mentor shares a required preferred language"); default derived from the key. */
  label?: string;
}

/** Attribute values: lists of texts (overlap), one text/number/boolean (exact), a number (numeric), a text (text). */
export type Attributes = Record<string, unknown>;

export interface Mentor {
  id: string;
  /** How many mentees this mentor takes, an integer ≥ 0 (locked pairs included). */
  capacity: number;
  attributes?: Attributes;
}

export interface Mentee {
  id: string;
  attributes?: Attributes;
}

export interface PairRef {
  mentor: string;
  mentee: string;
}

export interface MatchingInput {
  criteria: Criterion[];
  mentors: Mentor[];
  mentees: Mentee[];
  /** Pairs the coordinator decided on: always in the result, and they use the mentor's capacity. */
  locked?: PairRef[];
  /** Pairs never to propose. */
  excluded?: PairRef[];
  /** Default `max_total`. */
  objective?: Objective;
}

/** The input after validation: defaults filled in, nothing else changed. */
export interface ParsedInput {
  criteria: ParsedCriterion[];
  mentors: Mentor[];
  mentees: Mentee[];
  locked: PairRef[];
  excluded: PairRef[];
  objective: Objective;
}

export interface ParsedCriterion {
  key: string;
  kind: CriterionKind;
  weight: number;
  required: boolean;
  scale?: number;
  label?: string;
}

export interface Reason {
  key: string;
  /** Similarity on this criterion, 0–1, rounded to 6 decimals. */
  similarity: number;
  /** weight × similarity / Σ weights, rounded to 6 decimals: the criterion's share of the score. */
  contribution: number;
}

export interface Match {
  mentor: string;
  mentee: string;
  /** The quantised pair score the solver optimised: an integer number of millionths, so exactly 6 decimals at most. */
  score: number;
  /** A pair from `locked`. */
  locked: boolean;
  /** Every criterion, by contribution (descending), ties by key. */
  reasons: Reason[];
}

/** Why a mentee is left without a mentor, for programs and dashboards. */
export type UnmatchedCode = "no_mentors" | "all_excluded" | "missing_required" | "required" | "capacity";

export interface Unmatched {
  mentee: string;
  /** A sentence fragment for the coordinator, e.g. "no mentor shares a required language". */
  reason: string;
  code: UnmatchedCode;
  /** For `missing_required` and `required`: the keys of the required criteria that rule every mentor out. */
  criteria?: string[];
}

export interface MatchingStats {
  /** Matches in the result, locked pairs included. */
  matched: number;
  /** Σ score over the matches, computed from the quantised scores (so it equals the sum of the `score`s up to float printing). */
  total_score: number;
  /** The lowest score in the result; null when nothing is matched. */
  min_score: number | null;
  /** Wall time of the run in ms; 0 with `timing: false`. Deployed Workers advance the clock only on I/O, so it can read 0 there. */
  elapsed_ms: number;
}

export interface MatchingOutput {
  /** Sorted by mentee id. */
  matches: Match[];
  /** Sorted by mentee id. */
  unmatched: Unmatched[];
  stats: MatchingStats;
}

export interface MatchingOptions {
  /** false: report `elapsed_ms: 0`, so two runs give byte-identical output. Default true. */
  timing?: boolean;
  /** Called with fractions from 0 to 1 while a run goes on, at most about a hundred times. */
  progress?: (fraction: number) => void;
  /** Refuse cohorts with more mentor × mentee pairs than this (memory: 4 bytes a pair). Default 25,000,000. */
  maxPairs?: number;
}
