/**
 * The daily program health rollup (issue #7). The reminder scan reads an
 * institution's open programs, active matches and their last meetings every
 * quarter hour anyway; the first scan of each local day that finds an open
 * program without that day's `program_health_snapshots` row counts the
 * program's matches on track, needing attention and at risk — the same
 * `healthMix` as the analytics' live mix: the last meeting's day, each
 * person's latest rating — and writes the row. Later scans that day find the
 * row and do nothing (one indexed read); a re-run or two overlapping scans
 * write it once (the primary key is the program and day). Program analytics
 * reads the last row of each period as its health over time.
 */
import { and, eq, inArray, isNotNull, lte, ne, sql } from "drizzle-orm";
import { type HealthCounts, type HealthFacts, healthMix } from "@tandem/analytics";
import { schema } from "@tandem/db";
import { checkinClockStart, localDate, type Pulse } from "@tandem/relationships";
import type { TenantData } from "../data/tenant-data.js";

type ProgramRow = typeof schema.programs.$inferSelect;
type MatchRow = typeof schema.matches.$inferSelect;
const { surveyResponses, matches, programHealthSnapshots } = schema;

/** The programs a snapshot is kept for: active ones, and any other open one with active matches. */
export function programsToSnapshot(programs: readonly ProgramRow[], activeMatches: readonly MatchRow[]): ProgramRow[] {
  const withMatches = new Set(activeMatches.map((match) => match.programId));
  return programs.filter((program) => program.status === "active" || withMatches.has(program.id));
}

/** Which of `programIds` already have the day's row (one indexed read). */
export async function programsRecordedOn(tenantData: TenantData, programIds: readonly string[], day: string): Promise<Set<string>> {
  if (programIds.length === 0) return new Set();
  const rows = await tenantData.find(programHealthSnapshots, and(inArray(programHealthSnapshots.programId, [...programIds]), eq(programHealthSnapshots.day, day))!);
  return new Set(rows.map((row) => row.programId));
}

/** Each active match's people's latest ratings (pulse, midpoint, final; not the closure survey) up to `now`, for the programs given: one grouped read. */
export async function latestPulses(tenantData: TenantData, programIds: readonly string[], activeMatches: readonly MatchRow[], now: number): Promise<Map<string, Pulse[]>> {
  const pulses = new Map<string, Pulse[]>();
  if (programIds.length === 0 || activeMatches.length === 0) return pulses;
  const rows = await tenantData.aggregate(
    surveyResponses,
    { matchId: surveyResponses.matchId, applicationId: surveyResponses.applicationId, at: sql<number>`max(${surveyResponses.updatedAt})`, score: surveyResponses.rating },
    and(
      inArray(surveyResponses.programId, [...programIds]),
      ne(surveyResponses.surveyKey, "closure"),
      isNotNull(surveyResponses.rating),
      lte(surveyResponses.updatedAt, new Date(now)),
      sql`${surveyResponses.matchId} IN (SELECT am.id FROM ${matches} AS am WHERE am.tenant_id = ${tenantData.tenant.id} AND am.status = 'active')`,
    ),
    { groupBy: [surveyResponses.matchId, surveyResponses.applicationId] },
  );
  const mentorOf = new Map(activeMatches.map((match) => [match.id, match.mentorApplicationId]));
  for (const row of rows) {
    if (row.score === null || !mentorOf.has(row.matchId)) continue;
    const list = pulses.get(row.matchId) ?? [];
    list.push({ by: mentorOf.get(row.matchId) === row.applicationId ? "mentor" : "mentee", at: row.at, score: row.score });
    pulses.set(row.matchId, list);
  }
  return pulses;
}

export interface HealthSnapshotInput {
  programs: readonly ProgramRow[];
  /** The institution's active matches (those of other programs are ignored). */
  matches: readonly MatchRow[];
  /** Start of the local day of each match's latest `met` meeting. */
  lastMetAt: ReadonlyMap<string, number>;
  pulses: ReadonlyMap<string, readonly Pulse[]>;
  timeZone: string;
  now: number;
}

/** Each program's row for the local day of `now`: its open matches' health mix at `now`. */
export function healthSnapshotRows(input: HealthSnapshotInput): { programId: string; day: string; counts: HealthCounts }[] {
  const programs = new Map(input.programs.map((program) => [program.id, program]));
  const byProgram = new Map<string, HealthFacts[]>();
  for (const match of input.matches) {
    const program = programs.get(match.programId);
    if (!program) continue;
    const list = byProgram.get(program.id) ?? [];
    list.push({ clockStartedAt: checkinClockStart(match.startedAt.getTime(), program.startsOn, input.timeZone), lastMetAt: input.lastMetAt.get(match.id) ?? null, pulses: input.pulses.get(match.id) ?? [] });
    byProgram.set(program.id, list);
  }
  const day = localDate(input.now, input.timeZone);
  return input.programs.map((program) => ({ programId: program.id, day, counts: healthMix(byProgram.get(program.id) ?? [], program.checkinCadenceDays, input.now) }));
}

/** One statement writing the rows; a row the day already has is kept (null with nothing to write). */
export function insertHealthSnapshots(tenantData: TenantData, rows: ReturnType<typeof healthSnapshotRows>) {
  if (rows.length === 0) return null;
  return tenantData
    .insert(
      programHealthSnapshots,
      rows.map((row) => ({ programId: row.programId, day: row.day, onTrack: row.counts.on_track, needsAttention: row.counts.needs_attention, atRisk: row.counts.at_risk })),
    )
    .onConflictDoNothing({ target: [programHealthSnapshots.tenantId, programHealthSnapshots.programId, programHealthSnapshots.day] });
}
