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
