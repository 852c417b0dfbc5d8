/** Engagement and current health, from one small aggregate row per match (never the check-ins themselves). */
import { DAY_MS, HEALTH_STATUSES, type HealthStatus, localDate, type Pulse } from "@tandem/relationships";
import { type HealthPoint, healthMix, healthOverTime, type HealthSnapshotRow } from "./health.js";
import { percent, round } from "./numbers.js";
import { type Period, periodBounds, periodOf } from "./periods.js";

/** What the database says about one match, aggregated: a few numbers, not its rows. */
export interface MatchFacts {
  menteeId: string;
  startedAt: number;
  /** When the check-in clock starts (`checkinClockStart`: the match's start, or the program's if later). */
  clockStartedAt: number;
  closedAt: number | null;
  /** `completed`, an early reason, or null (open, or closed without a recorded reason). */
  closeReason: string | null;
  /** Start of the local day of the pair's latest `met` check-in up to the report's end; null if none. */
  lastMetAt: number | null;
  /** Each person's latest pulse (pulse, midpoint or final rating) up to the report's end. */
  pulses: readonly Pulse[];
}

/** `met` check-ins by the period (month or week) of the meeting. */
export interface PeriodCountRow {
  period: string;
  n: number;
}

export interface EngagementInput {
  matches: readonly MatchFacts[];
  metByPeriod: readonly PeriodCountRow[];
  /** The periods of the report, oldest first. */
  periods: readonly string[];
  /** What the periods are; default `month`. */
  period?: Period;
  timeZone: string;
  checkinCadenceDays: number;
  /** The instant the snapshot figures describe: the end of the range, or now if earlier. */
  asOf: number;
  /** The program's last daily health snapshot in each period (default none); null when the rollup does not apply (a cohort filter). */
  healthSnapshots?: readonly HealthSnapshotRow[] | null;
}

export interface Engagement {
  /**
   * Per period: `met` check-ins dated in it, matches active at any time in it
   * (started before its end, not closed before its start), and check-ins per
   * such match with two decimals (null when no match was active).
   */
  checkinsPerMatch: { period: string; checkins: number; activeMatches: number; perMatch: number | null }[];
  /** Matches active at `asOf`; of those, the ones with a `met` check-in dated in the 30 days before it, and their share in percent. */
  recentlyMet: { activeMatches: number; withMeeting: number; share: number | null };
  /** Health (`matchHealth`) of the matches active at `asOf`, as counts and shares in percent. */
  health: { asOf: string; counts: Record<HealthStatus, number>; shares: Record<HealthStatus, number | null> };
  /**
   * The health mix per period: each period's last daily snapshot, and the
   * live mix (`health`) for the period holding `asOf`. Periods without a
   * snapshot are left out. With a cohort filter, the live point only.
   */
  healthOverTime: HealthPoint[];
  /** Why points are missing (a cohort filter, periods before the daily record began), or null. */
  healthOverTimeNote: string | null;
}

/** Open at `instant`: started by then and not closed yet. */
export const activeAt = (match: Pick<MatchFacts, "startedAt" | "closedAt">, instant: number) => match.startedAt <= instant && (match.closedAt === null || match.closedAt > instant);

export function engagement(input: EngagementInput): Engagement {
  const period = input.period ?? "month";
  const met = new Map<string, number>();
  for (const row of input.metByPeriod) met.set(row.period, (met.get(row.period) ?? 0) + row.n);
  const checkinsPerMatch = input.periods.map((label) => {
    const [start, end] = periodBounds(label, period, input.timeZone);
    const activeMatches = input.matches.filter((match) => match.startedAt < end && (match.closedAt === null || match.closedAt >= start)).length;
    const checkins = met.get(label) ?? 0;
    return { period: label, checkins, activeMatches, perMatch: activeMatches > 0 ? round(checkins / activeMatches, 2) : null };
  });

  const active = input.matches.filter((match) => activeAt(match, input.asOf));
  const since = input.asOf - 30 * DAY_MS;
  const withMeeting = active.filter((match) => match.lastMetAt !== null && match.lastMetAt >= since && match.lastMetAt <= input.asOf).length;

  const counts = healthMix(active, input.checkinCadenceDays, input.asOf);
  const shares = Object.fromEntries(HEALTH_STATUSES.map((status) => [status, percent(counts[status], active.length)])) as Record<HealthStatus, number | null>;
  // The live mix belongs to the period of the last moment it describes (`asOf` is an end, exclusive).
  const livePeriod = periodOf(localDate(input.asOf - 1, input.timeZone), period);
  return {
    checkinsPerMatch,
    recentlyMet: { activeMatches: active.length, withMeeting, share: percent(withMeeting, active.length) },
    health: { asOf: new Date(input.asOf).toISOString(), counts, shares },
    ...healthOverTime({ periods: input.periods, period, snapshots: input.healthSnapshots === undefined ? [] : input.healthSnapshots, live: { period: livePeriod, counts } }),
  };
}
