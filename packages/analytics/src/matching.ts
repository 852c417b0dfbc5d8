/** Matching: how many approved mentees found a mentor, how fast, and how good the pairs look on paper. */
import { histogramMedian, percent, round } from "./numbers.js";

/** Whole days from a mentee's application to their match, and how many matches took that long. */
export interface DaysToMatchRow {
  days: number;
  n: number;
}

/** Matches whose score (0–1) fell in `[bucket / 10, (bucket + 1) / 10)`; a perfect 1 is in bucket 9. */
export interface ScoreBucketRow {
  bucket: number;
  n: number;
}

export interface MatchingInput {
  /** Approved mentees (who applied in the range). */
  approvedMentees: number;
  /** Of the mentees who applied in the range, how many have ever been matched (each counted once). */
  matchedMentees: number;
  daysToMatch: readonly DaysToMatchRow[];
  /** The mean score of those mentees' matches, as the database computed it; null when none. */
  scoreAverage: number | null;
  scoreBuckets: readonly ScoreBucketRow[];
}

export interface Matching {
  approvedMentees: number;
  matchedMentees: number;
  /** Approved mentees not (yet) matched. */
  unmatchedMentees: number;
  /** Matched ÷ approved mentees in percent (one decimal, at most 100); null without approved mentees. */
  matchRate: number | null;
  /** Matches counted in the histograms below. */
  matches: number;
  /** Median whole days from the mentee's application to the match's start (a half for an even count); null without matches. */
  medianDaysToMatch: number | null;
  /** Mean match score, 0–1, two decimals. */
  scoreAverage: number | null;
  /** Ten buckets of 0.1 over 0–1 (the last includes 1). */
  scoreDistribution: { from: number; to: number; n: number }[];
}

export function matching(input: MatchingInput): Matching {
  const buckets = Array.from({ length: 10 }, (_, index) => ({ from: round(index / 10, 1), to: round((index + 1) / 10, 1), n: 0 }));
  for (const row of input.scoreBuckets) buckets[Math.min(9, Math.max(0, Math.floor(row.bucket)))]!.n += row.n;
  const matched = Math.min(input.matchedMentees, Math.max(input.approvedMentees, input.matchedMentees));
  const rate = percent(matched, input.approvedMentees);
  return {
    approvedMentees: input.approvedMentees,
    matchedMentees: input.matchedMentees,
    unmatchedMentees: Math.max(0, input.approvedMentees - input.matchedMentees),
    matchRate: rate === null ? null : Math.min(100, rate),
    matches: input.daysToMatch.reduce((sum, row) => sum + row.n, 0),
    medianDaysToMatch: histogramMedian(input.daysToMatch.map((row) => ({ value: row.days, n: row.n }))),
    scoreAverage: input.scoreAverage === null ? null : round(input.scoreAverage, 2),
    scoreDistribution: buckets,
  };
}

/**
 * Why approved mentees are still without a mentor. The engine explains each
 * mentee a run leaves out; a run's proposal stores its sentence (and, where
 * stored, its code), which `unmatchedReasonOf` reads back. Mentees the latest
 * run never saw, or that wait for something else, get a reason from where
 * they stand.
 */
export const UNMATCHED_REASONS = {
  no_compatible_mentor: "No mentor meets the required matching criteria",
  no_mentor_capacity: "Every compatible mentor was full",
  missing_required_answer: "Did not answer a required matching question",
  all_mentors_excluded: "Every mentor was excluded for them",
  no_mentors: "No approved mentor when the last run was made",
  unassigned_by_coordinator: "Unassigned from a proposal by a coordinator",
  proposed_not_approved: "Paired in a proposal not approved yet",
  awaiting_mentor_reply: "Asked a mentor, who has not answered yet",
  not_chosen_yet: "Has not asked a mentor yet (self-match)",
  not_in_a_run: "Approved after the last matching run",
  no_run_yet: "No matching run yet",
  other: "Another reason recorded by the matching run",
} as const;
export type UnmatchedReason = keyof typeof UNMATCHED_REASONS;

/** The engine's codes (`UnmatchedCode` in @tandem/matching) as reasons here. */
const ENGINE_CODES: Record<string, UnmatchedReason> = {
  required: "no_compatible_mentor",
  capacity: "no_mentor_capacity",
  missing_required: "missing_required_answer",
  all_excluded: "all_mentors_excluded",
  no_mentors: "no_mentors",
};

/** The engine's sentences (older proposals keep only these), most specific first. */
const ENGINE_SENTENCES: [RegExp, UnmatchedReason][] = [
  [/^all compatible mentors are at capacity/i, "no_mentor_capacity"],
  [/^this mentee has no answer for the required /i, "missing_required_answer"],
  [/^every mentor is excluded/i, "all_mentors_excluded"],
  [/^no mentors in the program/i, "no_mentors"],
  [/^no mentor (shares the required|is close enough on the required|meets all the required)|^no mentor's .* has words in common/i, "no_compatible_mentor"],
  [/^unassigned by a coordinator/i, "unassigned_by_coordinator"],
];

/** A stored unmatched entry's reason: its engine code when the proposal kept one, else read from its sentence; `other` when neither is known. */
export function unmatchedReasonOf(entry: { code?: string | null; reason?: string | null }): UnmatchedReason {
  const byCode = entry.code ? ENGINE_CODES[entry.code] : undefined;
  if (byCode) return byCode;
  const sentence = (entry.reason ?? "").trim();
  return ENGINE_SENTENCES.find(([pattern]) => pattern.test(sentence))?.[1] ?? "other";
}

/** Where the approved mentees without a match stand, counted by the database. */
export interface UnmatchedInput {
  /** Approved mentees (of the range and cohort) with no match. */
  total: number;
  /** Of those, with a self-match request waiting for the mentor's answer. */
  awaitingMentorReply: number;
  /** Of the others, in the latest run's proposed pairs (a run not approved yet). */
  proposed: number;
  /** Of the others, in the latest run's unmatched list: its stored reason (sentence or code) and how many. */
  runReasons: readonly { reason: string | null; code?: string | null; n: number }[];
  /** Whether the program has had a matching run with a proposal (proposed or approved). */
  hasRun: boolean;
  /** Whether mentees choose their mentors themselves (`self_match`). */
  selfMatch: boolean;
  /** Approved mentors with a place left (capacity − active matches − waiting requests > 0). */
  mentorsWithOpenCapacity: number;
}

export interface UnmatchedMentees {
  total: number;
  /** Most frequent first; only reasons that apply (n > 0). */
  reasons: { reason: UnmatchedReason; label: string; n: number }[];
  mentorsWithOpenCapacity: number;
}

/**
 * The unmatched mentees by reason. Those the latest run saw keep the run's
 * reason; the rest, not in the latest run, were approved after it (or, with
 * no run yet, wait for the first; in self-match programs they have not asked
 * anyone). Counts that disagree (rows changing between two reads) never make
 * a reason negative.
 */
export function unmatchedMentees(input: UnmatchedInput): UnmatchedMentees {
  const counts = new Map<UnmatchedReason, number>();
  const add = (reason: UnmatchedReason, n: number) => {
    if (n > 0) counts.set(reason, (counts.get(reason) ?? 0) + n);
  };
  add("awaiting_mentor_reply", input.awaitingMentorReply);
  add("proposed_not_approved", input.proposed);
  for (const row of input.runReasons) add(unmatchedReasonOf(row), row.n);
  const explained = [...counts.values()].reduce((sum, n) => sum + n, 0);
  const rest = Math.max(0, input.total - explained);
  add(input.selfMatch ? "not_chosen_yet" : input.hasRun ? "not_in_a_run" : "no_run_yet", rest);
  const order = Object.keys(UNMATCHED_REASONS) as UnmatchedReason[];
  return {
    total: Math.max(input.total, explained),
    reasons: [...counts]
      .map(([reason, n]) => ({ reason, label: UNMATCHED_REASONS[reason], n }))
      .sort((a, b) => b.n - a.n || order.indexOf(a.reason) - order.indexOf(b.reason)),
    mentorsWithOpenCapacity: input.mentorsWithOpenCapacity,
  };
}
