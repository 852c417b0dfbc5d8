/** Engagement and current health, from one small aggregate row per match (never the check-ins themselves). */
import { DAY_MS, HEALTH_STATUSES, type HealthStatus, matchHealth, type Pulse } from "@tandem/relationships";
import { percent, round } from "./numbers.js";
import { monthBounds } from "./periods.js";

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

/** `met` check-ins by the month of the meeting. */
export interface MonthCountRow {
  period: string;
  n: number;
}

export interface EngagementInput {
  matches: readonly MatchFacts[];
  metByMonth: readonly MonthCountRow[];
  /** The months of the report, oldest first. */
  months: readonly string[];
  timeZone: string;
  checkinCadenceDays: number;
  /** The instant the snapshot figures describe: the end of the range, or now if earlier. */
  asOf: number;
}

export interface Engagement {
  /**
   * Per month: `met` check-ins dated in it, matches active at any time in it
   * (started before its end, not closed before its start), and check-ins per
   * such match with two decimals (null when no match was active).
   */
  checkinsPerMatch: { period: string; checkins: number; activeMatches: number; perMatch: number | null }[];
  /** Matches active at `asOf`; of those, the ones with a `met` check-in dated in the 30 days before it, and their share in percent. */
  recentlyMet: { activeMatches: number; withMeeting: number; share: number | null };
  /** Health (`matchHealth`) of the matches active at `asOf`, as counts and shares in percent. */
  health: { asOf: string; counts: Record<HealthStatus, number>; shares: Record<HealthStatus, number | null> };
}

/** Open at `instant`: started by then and not closed yet. */
export const activeAt = (match: Pick<MatchFacts, "startedAt" | "closedAt">, instant: number) => match.startedAt <= instant && (match.closedAt === null || match.closedAt > instant);

export function engagement(input: EngagementInput): Engagement {
  const met = new Map<string, number>();
  for (const row of input.metByMonth) met.set(row.period, (met.get(row.period) ?? 0) + row.n);
  const checkinsPerMatch = input.months.map((period) => {
    const [start, end] = monthBounds(period, input.timeZone);
    const activeMatches = input.matches.filter((match) => match.startedAt < end && (match.closedAt === null || match.closedAt >= start)).length;
    const checkins = met.get(period) ?? 0;
    return { period, checkins, activeMatches, perMatch: activeMatches > 0 ? round(checkins / activeMatches, 2) : null };
  });

  const active = input.matches.filter((match) => activeAt(match, input.asOf));
  const since = input.asOf - 30 * DAY_MS;
  const withMeeting = active.filter((match) => match.lastMetAt !== null && match.lastMetAt >= since && match.lastMetAt <= input.asOf).length;

  const counts = Object.fromEntries(HEALTH_STATUSES.map((status) => [status, 0])) as Record<HealthStatus, number>;
  for (const match of active) {
    const health = matchHealth({ startedAt: match.clockStartedAt, checkinCadenceDays: input.checkinCadenceDays, lastCheckinAt: match.lastMetAt, pulses: match.pulses, now: input.asOf });
    counts[health.status]++;
  }
  const shares = Object.fromEntries(HEALTH_STATUSES.map((status) => [status, percent(counts[status], active.length)])) as Record<HealthStatus, number | null>;
  return {
    checkinsPerMatch,
    recentlyMet: { activeMatches: active.length, withMeeting, share: percent(withMeeting, active.length) },
    health: { asOf: new Date(input.asOf).toISOString(), counts, shares },
  };
}
