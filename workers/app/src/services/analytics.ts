/**
 * Program analytics (issue #7): participation, matching, engagement,
 * satisfaction and retention of one program over a date range. The database
 * does the counting — a dozen GROUP BY / COUNT / AVG / MAX reads through
 * `TenantData.aggregate`, run in parallel — and `@tandem/analytics` turns the
 * groups into figures. No check-in or survey row is loaded into the Worker:
 * at most one row of a few numbers per match, and one per person for their
 * latest pulse.
 *
 * Dates are the institution's: `from`/`to` are local calendar days
 * (inclusive), months are local months (timestamps are shifted by the
 * institution's UTC offset at the report's end, so a DST change can move an
 * event within an hour of midnight on a month's first day into the
 * neighbouring month). Without `from`, everything up to `to` counts; `to`
 * defaults to today.
 */
import { and, count, countDistinct, eq, gte, inArray, isNotNull, like, lt, ne, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import {
  type AnswerCountRow,
  type ApplicationCountRow,
  engagement,
  type Evaluation,
  EVALUATIONS,
  FIGURE_QUESTION_KEYS,
  type MatchFacts,
  matching,
  monthOf,
  monthsBetween,
  participation,
  type ProgramAnalytics,
  retention,
  satisfaction,
} from "@tandem/analytics";
import { schema } from "@tandem/db";
import { addDays, checkinClockStart, localDate, localParts, type Pulse, startOfLocalDay } from "@tandem/relationships";
import type { TenantData } from "../data/tenant-data.js";
import { findProgramBySlug } from "./forms.js";

export interface AnalyticsRange {
  from?: string;
  to?: string;
}

const { applications, matches, matchRelationships, checkins, surveyResponses } = schema;
const DAY_MS = 86_400_000;

export async function programAnalytics(tenantData: TenantData, programSlug: string, range: AnalyticsRange = {}, now = Date.now()): Promise<ProgramAnalytics> {
  const program = await findProgramBySlug(tenantData, programSlug);
  const timeZone = tenantData.tenant.timezone;
  const to = range.to ?? localDate(now, timeZone);
  const from = range.from ?? null;
  const fromAt = from ? startOfLocalDay(from, timeZone) : null;
  const toEnd = startOfLocalDay(addDays(to, 1), timeZone);
  /** The instant the snapshot figures (health, recent meetings, still active) describe. */
  const asOf = Math.min(now, toEnd);

  // A timestamp column's local month: shifted by the offset (a whole number of minutes we computed, so inlined).
  const offsetMs = localParts(asOf, timeZone).offsetMinutes * 60_000;
  const localMonth = (column: SQLiteColumn) => sql<string>`strftime('%Y-%m', (${column} + ${sql.raw(String(offsetMs))}) / 1000, 'unixepoch')`;
  const inRange = (column: SQLiteColumn) => (fromAt === null ? lt(column, new Date(toEnd)) : and(gte(column, new Date(fromAt)), lt(column, new Date(toEnd)))!);
  /** A met check-in's date: the meeting's local date, or the day it was logged. */
  const meetingDate = sql<string>`coalesce(${checkins.meetingOn}, strftime('%Y-%m-%d', (${checkins.createdAt} + ${sql.raw(String(offsetMs))}) / 1000, 'unixepoch'))`;
  const meetingInRange = from === null ? sql`${meetingDate} <= ${to}` : sql`${meetingDate} between ${from} and ${to}`;

  const ofProgram = eq(matches.programId, program.id);
  const programMatches = { table: matches, on: and(eq(checkins.matchId, matches.id), ofProgram)! };
  const metCheckin = eq(checkins.outcome, "met");
  // The mentees who applied in the range, and their matches (started by the report's end).
  const menteeMatches = { table: applications, on: and(eq(applications.id, matches.menteeApplicationId), eq(applications.role, "mentee"), inRange(applications.createdAt))! };
  const matchesUpToEnd = and(ofProgram, lt(matches.startedAt, new Date(toEnd)))!;
  const daysToMatch = sql<number>`max(0, cast((${matches.startedAt} - ${applications.createdAt}) / ${DAY_MS} as integer))`;
  const scoreBucket = sql<number>`min(9, max(0, cast(${matches.score} * 10 as integer)))`;
  const applicationMonth = localMonth(applications.createdAt);
  const metMonth = sql<string>`substr(${meetingDate}, 1, 7)`;
  const pulseMonth = localMonth(surveyResponses.createdAt);
  // The keys are our own constants (`[a-z_]+`), so the JSON paths are safe to inline.
  const answerFields = Object.fromEntries(FIGURE_QUESTION_KEYS.map((key) => [key, sql<string | number | null>`json_extract(${surveyResponses.answers}, ${sql.raw(`'$.${key.replace(/[^a-z_]/g, "")}'`)})`]));
  const evaluations = and(eq(surveyResponses.programId, program.id), inArray(surveyResponses.surveyKey, [...EVALUATIONS]), inRange(surveyResponses.createdAt))!;

  const [applicationRows, matched, daysRows, scoreRows, matchRows, closures, lastMet, latestPulses, metRows, pulseRows, answerCombinations] = await Promise.all([
    tenantData.aggregate(applications, { period: applicationMonth, role: applications.role, status: applications.status, n: count() }, and(eq(applications.programId, program.id), inRange(applications.createdAt)), {
      groupBy: [applicationMonth, applications.role, applications.status],
    }),
    tenantData.aggregate(matches, { mentees: countDistinct(matches.menteeApplicationId), averageScore: sql<number | null>`avg(${matches.score})` }, matchesUpToEnd, { join: menteeMatches }),
    tenantData.aggregate(matches, { days: daysToMatch, n: count() }, matchesUpToEnd, { join: menteeMatches, groupBy: [daysToMatch] }),
    tenantData.aggregate(matches, { bucket: scoreBucket, n: count() }, matchesUpToEnd, { join: menteeMatches, groupBy: [scoreBucket] }),
    // One row per match: who, when it started and closed.
    tenantData.aggregate(matches, { id: matches.id, menteeId: matches.menteeApplicationId, mentorId: matches.mentorApplicationId, startedAt: sql<number>`${matches.startedAt}`, closedAt: sql<number | null>`${matches.closedAt}` }, matchesUpToEnd),
    tenantData.aggregate(matchRelationships, { matchId: matchRelationships.matchId, reason: matchRelationships.closeReason }, isNotNull(matchRelationships.closeReason), {
      join: { table: matches, on: and(eq(matchRelationships.matchId, matches.id), matchesUpToEnd)! },
    }),
    // Each match's latest meeting up to the report's end.
    tenantData.aggregate(checkins, { matchId: checkins.matchId, last: sql<string>`max(${meetingDate})` }, and(metCheckin, sql`${meetingDate} <= ${to}`), { join: programMatches, groupBy: [checkins.matchId] }),
    // Each person's latest rating (pulse, midpoint, final) up to the report's end; SQLite returns the bare `rating` of the row holding the max.
    tenantData.aggregate(
      surveyResponses,
      { matchId: surveyResponses.matchId, applicationId: surveyResponses.applicationId, at: sql<number>`max(${surveyResponses.updatedAt})`, score: surveyResponses.rating },
      and(eq(surveyResponses.programId, program.id), ne(surveyResponses.surveyKey, "closure"), isNotNull(surveyResponses.rating), lt(surveyResponses.updatedAt, new Date(asOf))),
      { groupBy: [surveyResponses.matchId, surveyResponses.applicationId] },
    ),
    tenantData.aggregate(checkins, { period: metMonth, n: count() }, and(metCheckin, meetingInRange), { join: programMatches, groupBy: [metMonth] }),
    tenantData.aggregate(
      surveyResponses,
      { period: pulseMonth, average: sql<number | null>`avg(${surveyResponses.rating})`, n: count() },
      and(eq(surveyResponses.programId, program.id), like(surveyResponses.surveyKey, "pulse-%"), isNotNull(surveyResponses.rating), inRange(surveyResponses.createdAt)),
      { groupBy: [pulseMonth] },
    ),
    // The evaluations' answers as counts per combination of answers (one pass over the responses; at most a few hundred
    // groups, bounded by the questions' choices, whatever the program's size), split per question below.
    tenantData.aggregate(surveyResponses, { survey: surveyResponses.surveyKey, ...answerFields, n: count() }, evaluations, { groupBy: [surveyResponses.surveyKey, ...Object.values(answerFields)] }),
  ]);

  const answers: AnswerCountRow[] = [];
  for (const row of answerCombinations as Record<string, string | number | null>[]) {
    for (const key of FIGURE_QUESTION_KEYS) {
      const value = row[key];
      if (value !== null && value !== undefined) answers.push({ survey: row.survey as Evaluation, question: key, value, n: Number(row.n) });
    }
  }

  // Per-match facts for engagement and retention.
  const reasonOf = new Map(closures.map((row) => [row.matchId, row.reason]));
  const lastMetOf = new Map(lastMet.map((row) => [row.matchId, startOfLocalDay(row.last, timeZone)]));
  const pulsesOf = new Map<string, Pulse[]>();
  const mentorOf = new Map(matchRows.map((row) => [row.id, row.mentorId]));
  for (const row of latestPulses) {
    if (row.score === null) continue;
    const list = pulsesOf.get(row.matchId) ?? [];
    list.push({ by: mentorOf.get(row.matchId) === row.applicationId ? "mentor" : "mentee", at: row.at, score: row.score });
    pulsesOf.set(row.matchId, list);
  }
  const facts: MatchFacts[] = matchRows.map((row) => ({
    menteeId: row.menteeId,
    startedAt: row.startedAt,
    clockStartedAt: checkinClockStart(row.startedAt, program.startsOn, timeZone),
    // A match closed after the report's end was open in it.
    closedAt: row.closedAt !== null && row.closedAt < toEnd ? row.closedAt : null,
    closeReason: row.closedAt !== null && row.closedAt < toEnd ? (reasonOf.get(row.id) ?? null) : null,
    lastMetAt: lastMetOf.get(row.id) ?? null,
    pulses: pulsesOf.get(row.id) ?? [],
  }));

  const periods = [...applicationRows.map((row) => row.period), ...metRows.map((row) => row.period), ...pulseRows.map((row) => row.period)];
  const starts = [program.startsOn ? monthOf(program.startsOn) : null, ...matchRows.map((row) => monthOf(localDate(row.startedAt, timeZone)))];
  const first = from ? monthOf(from) : [...periods, ...starts].filter((month): month is string => month !== null).sort()[0] ?? monthOf(to);
  const months = monthsBetween(first, monthOf(to));

  const participationFigures = participation(applicationRows as ApplicationCountRow[]);
  return {
    program: { slug: program.slug, name: program.name },
    range: { from: from ?? `${first}-01`, to, months },
    participation: participationFigures,
    matching: matching({
      approvedMentees: participationFigures.approved.mentees,
      matchedMentees: matched[0]?.mentees ?? 0,
      daysToMatch: daysRows,
      scoreAverage: matched[0]?.averageScore ?? null,
      scoreBuckets: scoreRows,
    }),
    engagement: engagement({ matches: facts, metByMonth: metRows, months, timeZone, checkinCadenceDays: program.checkinCadenceDays, asOf }),
    satisfaction: satisfaction({ pulseByMonth: pulseRows, answers, months }),
    retention: retention({
      matches: fromAt === null ? facts : facts.filter((match) => match.startedAt >= fromAt),
      programEndsAt: program.endsOn ? startOfLocalDay(addDays(program.endsOn, 1), timeZone) : null,
      asOf,
    }),
  };
}

/** The file name of a program's CSV export: `<program>-analytics-<from>-to-<to>.csv`. */
export function analyticsFileName(report: ProgramAnalytics): string {
  return `${report.program.slug}-analytics-${report.range.from}-to-${report.range.to}.csv`;
}
