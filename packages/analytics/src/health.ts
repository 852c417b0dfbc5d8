/** The health mix of a program's open matches, now and over time (from the daily rollup the reminder scan writes). */
import { HEALTH_STATUSES, type HealthStatus, matchHealth, type Pulse } from "@tandem/relationships";
import type { Period } from "./periods.js";

/** What `matchHealth` needs of one open match. */
export interface HealthFacts {
  /** When the check-in clock starts (`checkinClockStart`). */
  clockStartedAt: number;
  /** Start of the local day of the pair's latest `met` check-in; null if none. */
  lastMetAt: number | null;
  /** Each person's latest rating (pulse, midpoint or final). */
  pulses: readonly Pulse[];
}

export type HealthCounts = Record<HealthStatus, number>;

/** How many of `matches` are on track, need attention and are at risk at `asOf` (`matchHealth` with the program's cadence). */
export function healthMix(matches: readonly HealthFacts[], checkinCadenceDays: number, asOf: number): HealthCounts {
  const counts = Object.fromEntries(HEALTH_STATUSES.map((status) => [status, 0])) as HealthCounts;
  for (const match of matches) {
    const health = matchHealth({ startedAt: match.clockStartedAt, checkinCadenceDays, lastCheckinAt: match.lastMetAt, pulses: match.pulses, now: asOf });
    counts[health.status]++;
  }
  return counts;
}

/** The last daily snapshot of a period (`program_health_snapshots`): its day and its counts. */
export interface HealthSnapshotRow {
  period: string;
  day: string;
  onTrack: number;
  needsAttention: number;
  atRisk: number;
}

export interface HealthPoint {
  period: string;
  onTrack: number;
  needsAttention: number;
  atRisk: number;
}

export interface HealthOverTimeInput {
  /** The report's periods, oldest first. */
  periods: readonly string[];
  period: Period;
  /** The last snapshot in each period; null when the program-wide rollup does not apply (a cohort filter). */
  snapshots: readonly HealthSnapshotRow[] | null;
  /** The health mix the report computes at its `asOf`, and the period that instant falls in. */
  live: { period: string; counts: HealthCounts };
}

/**
 * The health mix per period: the last daily snapshot of each period, except
 * the period holding the report's `asOf`, which gets the live mix (so the
 * series ends where `health` is). Periods without a snapshot are left out,
 * and the note says so; with a cohort filter only the live point is given,
 * since the rollup counts whole programs.
 */
export function healthOverTime(input: HealthOverTimeInput): { healthOverTime: HealthPoint[]; healthOverTimeNote: string | null } {
  const inRange = new Set(input.periods);
  const live = inRange.has(input.live.period) ? [{ period: input.live.period, onTrack: input.live.counts.on_track, needsAttention: input.live.counts.needs_attention, atRisk: input.live.counts.at_risk }] : [];
  if (input.snapshots === null) {
    return { healthOverTime: live, healthOverTimeNote: "Health is recorded daily for the whole program, not per cohort: only the latest mix is shown for this cohort." };
  }
  const byPeriod = new Map<string, HealthSnapshotRow>();
  for (const row of input.snapshots) {
    const seen = byPeriod.get(row.period);
    if (inRange.has(row.period) && (!seen || row.day > seen.day)) byPeriod.set(row.period, row);
  }
  const points = input.periods.flatMap((period): HealthPoint[] => {
    if (live[0]?.period === period) return live;
    const row = byPeriod.get(period);
    return row ? [{ period, onTrack: row.onTrack, needsAttention: row.needsAttention, atRisk: row.atRisk }] : [];
  });
  const missing = input.periods.length - points.length;
  const unit = input.period === "month" ? "month" : "week";
  const note =
    missing === 0
      ? null
      : `Health is recorded once a day by the reminder scan; ${missing} of the ${input.periods.length} ${unit}s ${missing === 1 ? "has" : "have"} no record and ${missing === 1 ? "is" : "are"} left out.`;
  return { healthOverTime: points, healthOverTimeNote: note };
}
