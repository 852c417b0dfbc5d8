/**
 * Program analytics (issue #7): participation, matching (with why mentees
 * are still unmatched), engagement and health (now and over time),
 * satisfaction (with the 0–10 NPS) and retention of one program over a date
 * range, by month or by week, for the whole program or one cohort. The
 * database does the counting — GROUP BY / COUNT / AVG / MAX reads through
 * `TenantData.aggregate`, run in parallel — and `@tandem/analytics` turns the
 * groups into figures. No check-in, survey or application row is loaded into
 * the Worker: at most one row of a few numbers per match, and one per person
 * for their latest pulse.
 *
 * Dates are the institution's: `from`/`to` are local calendar days
 * (inclusive); periods are local months, or ISO weeks (Monday to Sunday)
 * labelled by their Monday. A timestamp's local day is computed in SQL with
 * the zone's UTC offsets over the report (`offsetSegments`: exact across DST
 * changes; events more than five years before the end of a report without
 * `from` take the offset of that point). Without `from`, everything up to `to`
 * counts, and the series starts with the first period that has anything in it
 * (at most ten years before `to`); `to` defaults to today. The range is
 * bounded (`checkRange`): days in 2000 or later, `to` at most a year after the
 * institution's today, `from` not after `to` (or today) and at most ten years
 * before it; the route checks what needs no clock, `programAnalytics` the rest.
 *
 * A cohort (`cohortQuestion` = `cohort`) is a group of mentees: those whose
 * application answered a choice question of the mentee form with that value
 * (a multiple choice answer: includes it). Matches — and their check-ins,
 * surveys and closures — count when the mentee's answer matches; applications
 * when their own does (a mentor's too, when the mentor form asks the same
 * question). A question only the mentor form asks is no cohort.
 */
import { and, count, countDistinct, eq, gte, inArray, isNotNull, like, lt, lte, ne, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import {
  addYears,
  type AnswerCountRow,
  type ApplicationCountRow,
  checkCohort,
  checkRange,
  cohortOptions,
  cohortQuestions,
  type CohortQuestion,
  engagement,
  type Evaluation,
  EARLIEST_REPORT_DATE,
  EVALUATIONS,
  FIGURE_QUESTION_KEYS,
  type MatchFacts,
  matching,
  MAX_REPORT_YEARS,
  mentorOnlyKeys,
  offsetSegments,
  type OptionCountRow,
  participation,
  type Period,
  periodOf,
  periodsBetween,
  type ProgramAnalytics,
  RECOMMEND_SCORE_KEY,
  retention,
  satisfaction,
  unmatchedMentees,
} from "@tandem/analytics";
import { schema } from "@tandem/db";
import { defaultForm, type FormDefinition } from "@tandem/forms";
import { resolveSettings } from "@tandem/programs";
import { addDays, checkinClockStart, localDate, type Pulse, startOfLocalDay } from "@tandem/relationships";
import type { TenantData } from "../data/tenant-data.js";
import { AppError } from "../errors.js";
import { findProgramBySlug, type ProgramRow } from "./forms.js";

export interface AnalyticsQuery {
  from?: string;
  to?: string;
  /** Months (default) or ISO weeks. */
  period?: Period;
  /** A single or multiple choice question of the program's mentee form, and one of its values: both or neither. */
  cohortQuestion?: string;
  cohort?: string;
}

const { applications, matches, matchRelationships, checkins, surveyResponses, matchingRuns, matchRequests, programHealthSnapshots, programs } = schema;
const DAY_MS = 86_400_000;
/** How far back a report without `from` follows the zone's DST changes. */
const OFFSET_HISTORY_MS = 5 * 366 * DAY_MS;
/** Per-option sums per query: well inside SQLite's 2,000 result columns. */
const OPTION_SUMS_PER_QUERY = 400;

const raw = (value: number | string) => sql.raw(String(value));
/** A question key (`[a-z][a-z0-9_]*` by the forms' rules) as an inlined JSON path, defused all the same. */
const jsonPath = (key: string) => sql.raw(`'$.${key.replace(/[^a-z0-9_]/g, "")}'`);
/**
 * Whether an application's answer to a choice question is, or (multiple
 * choice) includes, `value`: the answer as JSON (`"first"` or
 * `["a","first"]`) holds the value as a JSON string. Exact for choice values
 * (`[a-z0-9_]`, by the forms' rules), and one lookup per row, where a
 * `json_each` per row and option took twice as long.
 */
const answerIncludes = (answers: SQL | SQLiteColumn, key: string, value: string) => sql`instr(${answers} -> ${jsonPath(key)}, ${JSON.stringify(value)}) > 0`;

export async function programAnalytics(tenantData: TenantData, programSlug: string, query: AnalyticsQuery = {}, now = Date.now()): Promise<ProgramAnalytics> {
  const { program, questions, mentorOnly } = await programAndChoiceQuestions(tenantData, programSlug);
  const cohortQuestion = query.cohortQuestion ?? null;
  const cohortValue = query.cohort ?? null;
  // Before anything is counted: the range against the institution's today (the route checked the rest), and a cohort
  // that names a choice question of the mentee form and one of its options. Every problem at once, each at its field.
  const problems = [
    ...checkRange(query.from ?? null, query.to ?? null, localDate(now, tenantData.tenant.timezone)),
    ...checkCohort(questions, cohortQuestion, cohortValue, { mentorOnly }),
  ];
  if (problems.length > 0) throw AppError.validation(problems.map((problem) => ({ path: `query.${problem.field}`, message: problem.message })));
  const cohort = cohortQuestion !== null && cohortValue !== null ? { question: cohortQuestion, value: cohortValue } : null;
  return reportFigures(tenantData, program, questions, query, cohort, now);
}

/**
 * The program, the single and multiple choice questions of its mentee form
 * (what a cohort can be) and the keys only its mentor form asks, in one round
 * of reads: its saved forms are found by the program's slug, and a role
 * without one has the starter form (as `formsOf` says).
 */
async function programAndChoiceQuestions(tenantData: TenantData, programSlug: string): Promise<{ program: ProgramRow; questions: CohortQuestion[]; mentorOnly: string[] }> {
  const { programForms } = schema;
  const [program, saved] = await Promise.all([
    findProgramBySlug(tenantData, programSlug),
    tenantData.find(programForms, sql`${programForms.programId} = (SELECT p.id FROM ${programs} AS p WHERE p.tenant_id = ${tenantData.tenant.id} AND p.slug = ${programSlug})`),
  ]);
  const form = (role: "mentor" | "mentee") => (saved.find((row) => row.role === role)?.definition as FormDefinition | undefined) ?? defaultForm(program.type, role);
  const [mentee, mentor] = [form("mentee"), form("mentor")];
  return { program, questions: cohortQuestions(mentee), mentorOnly: mentorOnlyKeys(mentee, mentor) };
}

/** The range's instants: `[fromAt, toEnd)` (fromAt null without `from`), and the `asOf` the snapshot figures describe. */
function bounds(query: AnalyticsQuery, timeZone: string, now: number) {
  const to = query.to ?? localDate(now, timeZone);
  const from = query.from ?? null;
  const fromAt = from ? startOfLocalDay(from, timeZone) : null;
  const toEnd = startOfLocalDay(addDays(to, 1), timeZone);
  return { from, to, fromAt, toEnd, asOf: Math.min(now, toEnd) };
}

async function reportFigures(tenantData: TenantData, program: ProgramRow, questions: readonly CohortQuestion[], query: AnalyticsQuery, cohort: { question: string; value: string } | null, now: number): Promise<ProgramAnalytics> {
  const timeZone = tenantData.tenant.timezone;
  const tenantId = tenantData.tenant.id;
  const period: Period = query.period ?? "month";
  const { from, to, fromAt, toEnd, asOf } = bounds(query, timeZone, now);

  // A timestamp column's local date: shifted by the zone's offset at that instant (segments we computed: whole numbers, inlined).
  const segments = offsetSegments(fromAt ?? toEnd - OFFSET_HISTORY_MS, toEnd, timeZone);
  const offsetOf = (column: SQLiteColumn) =>
    segments.length === 1
      ? raw(segments[0]!.offsetMs)
      : sql`(CASE ${sql.join(segments.slice(1).map((segment, index) => sql`WHEN ${column} < ${raw(segment.from)} THEN ${raw(segments[index]!.offsetMs)}`), sql` `)} ELSE ${raw(segments[segments.length - 1]!.offsetMs)} END)`;
  const localDay = (column: SQLiteColumn) => sql<string>`date((${column} + ${offsetOf(column)}) / 1000, 'unixepoch')`;
  /**
   * What a series groups by in SQL: a local date's month (`YYYY-MM`), or for
   * weeks the date itself, folded into its week here (`periodOf`): a few
   * hundred days come back, and grouping by the day beats computing each
   * row's Monday in SQL.
   */
  const periodOfDate = (date: SQL | SQLiteColumn) => (period === "month" ? sql<string>`substr(${date}, 1, 7)` : sql<string>`${date}`);
  const toPeriods = <Row extends { period: string }>(rows: Row[]): Row[] => (period === "month" ? rows : rows.map((row) => ({ ...row, period: periodOf(row.period, period) })));
  const inRange = (column: SQLiteColumn) => (fromAt === null ? lt(column, new Date(toEnd)) : and(gte(column, new Date(fromAt)), lt(column, new Date(toEnd)))!);
  /** A met check-in's date: the meeting's local date, or the day it was logged. */
  const meetingDate = sql<string>`coalesce(${checkins.meetingOn}, ${localDay(checkins.createdAt)})`;
  const meetingInRange = from === null ? sql`${meetingDate} <= ${to}` : sql`${meetingDate} between ${from} and ${to}`;

  // The cohort: an application whose answer is (or, as a list, includes) the value; a match, response or check-in by its mentee's.
  const answers = (alias: string) => sql.raw(`${alias}.answers`);
  const answered = (answersColumn: SQL | SQLiteColumn) => (cohort ? answerIncludes(answersColumn, cohort.question, cohort.value) : undefined);
  const cohortMentees = cohort
    ? sql`SELECT ca.id FROM ${applications} AS ca WHERE ca.tenant_id = ${tenantId} AND ca.program_id = ${program.id} AND ca.role = 'mentee' AND ${answered(answers("ca"))}`
    : null;
  const menteeInCohort = (column: SQLiteColumn) => (cohortMentees ? sql`${column} IN (${cohortMentees})` : undefined);
  const matchInCohort = (column: SQLiteColumn) =>
    cohortMentees ? sql`${column} IN (SELECT cm.id FROM ${matches} AS cm WHERE cm.tenant_id = ${tenantId} AND cm.program_id = ${program.id} AND cm.mentee_application_id IN (${cohortMentees}))` : undefined;

  const ofProgram = eq(matches.programId, program.id);
  const programMatches = { table: matches, on: and(eq(checkins.matchId, matches.id), ofProgram, menteeInCohort(matches.menteeApplicationId))! };
  const metCheckin = eq(checkins.outcome, "met");
  // The mentees who applied in the range (and are in the cohort), and their matches (started by the report's end).
  const menteeMatches = { table: applications, on: and(eq(applications.id, matches.menteeApplicationId), eq(applications.role, "mentee"), inRange(applications.createdAt), answered(applications.answers))! };
  const matchesUpToEnd = and(ofProgram, lt(matches.startedAt, new Date(toEnd)), menteeInCohort(matches.menteeApplicationId))!;
  const daysToMatch = sql<number>`max(0, cast((${matches.startedAt} - ${applications.createdAt}) / ${DAY_MS} as integer))`;
  const scoreBucket = sql<number>`min(9, max(0, cast(${matches.score} * 10 as integer)))`;
  const applicationPeriod = periodOfDate(localDay(applications.createdAt));
  const metPeriod = periodOfDate(meetingDate);
  const pulsePeriod = periodOfDate(localDay(surveyResponses.createdAt));
  const responsesInCohort = matchInCohort(surveyResponses.matchId);
  // The keys are our own constants (`[a-z_]+`), so the JSON paths are safe to inline.
  const answerFields = Object.fromEntries(FIGURE_QUESTION_KEYS.map((key) => [key, sql<string | number | null>`json_extract(${surveyResponses.answers}, ${jsonPath(key)})`]));
  // The closure survey is read too, for its 0–10 recommendation only: people who leave early are the likeliest
  // detractors, and a score from those who stayed to the end alone would flatter the program.
  const evaluations = and(eq(surveyResponses.programId, program.id), inArray(surveyResponses.surveyKey, [...EVALUATIONS, "closure"]), inRange(surveyResponses.createdAt), responsesInCohort)!;
  // The final and closure surveys' 0–10 recommendation, counted by class in the same pass (three sums, no more groups).
  const recommendScore = sql<number | null>`json_extract(${surveyResponses.answers}, ${jsonPath(RECOMMEND_SCORE_KEY)})`;
  const npsFields = {
    promoters: sql<number | null>`sum(${recommendScore} IN (9, 10))`,
    passives: sql<number | null>`sum(${recommendScore} IN (7, 8))`,
    detractors: sql<number | null>`sum(${recommendScore} IN (0, 1, 2, 3, 4, 5, 6))`,
  };
  // How many applications of the range chose each option of the forms' choice questions (whatever the cohort): one sum
  // per option, in the participation pass when it counts the same applications (no cohort), else in passes of their own.
  const options = questions.flatMap((question) => question.options.map((option) => ({ question: question.key, value: option.value })));
  const optionSum = (option: (typeof options)[number]) => sql<number | null>`sum(${answerIncludes(applications.answers, option.question, option.value)})`;
  const sumsInParticipation = cohort === null && options.length <= OPTION_SUMS_PER_QUERY;
  const optionChunks: (typeof options)[] = [];
  if (!sumsInParticipation) for (let start = 0; start < options.length; start += OPTION_SUMS_PER_QUERY) optionChunks.push(options.slice(start, start + OPTION_SUMS_PER_QUERY));
  const optionFields = (chunk: typeof options) => Object.fromEntries(chunk.map((option, index) => [`o${index}`, optionSum(option)]));
  // At most one snapshot a day: its Monday is computed in SQL, so one row per period comes back.
  const snapshotPeriod = period === "month" ? sql<string>`substr(${programHealthSnapshots.day}, 1, 7)` : sql<string>`date(${programHealthSnapshots.day}, '-6 days', 'weekday 1')`;

  // Approved mentees of the range (and cohort) with no match started by the report's end, by where they stand.
  const unmatched = (alias: string) =>
    sql.join(
      [
        sql`${raw(alias)}.program_id = ${program.id} AND ${raw(alias)}.role = 'mentee' AND ${raw(alias)}.status = 'approved' AND ${raw(alias)}.created_at < ${toEnd}`,
        ...(fromAt === null ? [] : [sql`${raw(alias)}.created_at >= ${fromAt}`]),
        ...(cohort ? [answered(answers(alias))!] : []),
        sql`${raw(alias)}.id NOT IN (SELECT um.mentee_application_id FROM ${matches} AS um WHERE um.tenant_id = ${tenantId} AND um.program_id = ${program.id} AND um.started_at < ${toEnd})`,
      ],
      sql` AND `,
    );
  const waitingRequests = sql`SELECT rq.mentee_application_id FROM ${matchRequests} AS rq WHERE rq.tenant_id = ${tenantId} AND rq.program_id = ${program.id} AND rq.status = 'pending'`;
  const latestRun = sql`(SELECT lr.id FROM ${matchingRuns} AS lr WHERE lr.tenant_id = ${tenantId} AND lr.program_id = ${program.id} AND lr.status IN ('proposed', 'approved') AND lr.proposal IS NOT NULL ORDER BY lr.created_at DESC, lr.id DESC LIMIT 1)`;
  // Where each waits: for a mentor's answer, in the latest run's proposed pairs (not approved yet), left out by that run, or none of these.
  const standings = sql<string | null>`(SELECT json_group_array(json_array(standing, n)) FROM (
    SELECT CASE
      WHEN sa.id IN (${waitingRequests}) THEN 'awaiting'
      WHEN sa.id IN (SELECT json_extract(pp.value, '$.mentee') FROM ${matchingRuns} AS pr, json_each(pr.proposal, '$.pairs') AS pp WHERE pr.tenant_id = ${tenantId} AND pr.id = ${latestRun} AND pr.status = 'proposed') THEN 'proposed'
      WHEN sa.id IN (SELECT json_extract(uu.value, '$.mentee') FROM ${matchingRuns} AS ur, json_each(ur.proposal, '$.unmatched') AS uu WHERE ur.tenant_id = ${tenantId} AND ur.id = ${latestRun}) THEN 'run'
      ELSE 'rest' END AS standing, count(*) AS n
    FROM ${applications} AS sa WHERE sa.tenant_id = ${tenantId} AND ${unmatched("sa")}
    GROUP BY 1))`;
  // The latest run's reasons for the unmatched it left out who still wait (not for a mentor's answer), as [reason, code, n] groups.
  const runReasons = sql<string | null>`(SELECT json_group_array(json_array(reason, code, n)) FROM (
    SELECT json_extract(uu.value, '$.reason') AS reason, json_extract(uu.value, '$.code') AS code, count(*) AS n
    FROM ${matchingRuns} AS ur, json_each(ur.proposal, '$.unmatched') AS uu
    WHERE ur.tenant_id = ${tenantId} AND ur.id = ${latestRun}
      AND json_extract(uu.value, '$.mentee') IN (SELECT ea.id FROM ${applications} AS ea WHERE ea.tenant_id = ${tenantId} AND ${unmatched("ea")} AND ea.id NOT IN (${waitingRequests}))
    GROUP BY 1, 2))`;
  // Approved mentors with a place left: capacity − active matches − requests waiting for their answer. Any mentor can take a cohort's mentee, so not filtered by cohort.
  const mentorsWithOpenCapacity = sql<number>`(SELECT count(*) FROM ${applications} AS om WHERE om.tenant_id = ${tenantId} AND om.program_id = ${program.id} AND om.role = 'mentor' AND om.status = 'approved'
    AND (SELECT count(*) FROM ${matches} AS omm WHERE omm.tenant_id = ${tenantId} AND omm.mentor_application_id = om.id AND omm.status = 'active')
      + (SELECT count(*) FROM ${matchRequests} AS omr WHERE omr.tenant_id = ${tenantId} AND omr.mentor_application_id = om.id AND omr.status = 'pending') < ${program.mentorCapacity})`;

  const [
    applicationGroups,
    matched,
    daysRows,
    scoreRows,
    matchRows,
    closures,
    lastMet,
    latestPulses,
    metGroups,
    pulseGroups,
    answerCombinations,
    snapshots,
    programFacts,
    optionSums,
  ] = await Promise.all([
    tenantData.aggregate(
      applications,
      { period: applicationPeriod, role: applications.role, status: applications.status, n: count(), ...(sumsInParticipation ? optionFields(options) : {}) },
      and(eq(applications.programId, program.id), inRange(applications.createdAt), answered(applications.answers)),
      { groupBy: [applicationPeriod, applications.role, applications.status] },
    ),
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
      and(eq(surveyResponses.programId, program.id), ne(surveyResponses.surveyKey, "closure"), isNotNull(surveyResponses.rating), lt(surveyResponses.updatedAt, new Date(asOf)), responsesInCohort),
      { groupBy: [surveyResponses.matchId, surveyResponses.applicationId] },
    ),
    tenantData.aggregate(checkins, { period: metPeriod, n: count() }, and(metCheckin, meetingInRange), { join: programMatches, groupBy: [metPeriod] }),
    tenantData.aggregate(
      surveyResponses,
      { period: pulsePeriod, average: sql<number | null>`avg(${surveyResponses.rating})`, n: count() },
      and(eq(surveyResponses.programId, program.id), like(surveyResponses.surveyKey, "pulse-%"), isNotNull(surveyResponses.rating), inRange(surveyResponses.createdAt), responsesInCohort),
      { groupBy: [pulsePeriod] },
    ),
    // The evaluations' answers as counts per combination of answers (one pass over the responses; at most a few hundred
    // groups, bounded by the questions' choices, whatever the program's size), split per question below.
    tenantData.aggregate(surveyResponses, { survey: surveyResponses.surveyKey, ...answerFields, n: count(), ...npsFields }, evaluations, { groupBy: [surveyResponses.surveyKey, ...Object.values(answerFields)] }),
    // The last daily health snapshot of each period (SQLite returns the bare counts of the row holding the max day). Program-wide: not for a cohort.
    cohort
      ? Promise.resolve(null)
      : tenantData.aggregate(
          programHealthSnapshots,
          { period: snapshotPeriod, day: sql<string>`max(${programHealthSnapshots.day})`, onTrack: programHealthSnapshots.onTrack, needsAttention: programHealthSnapshots.needsAttention, atRisk: programHealthSnapshots.atRisk },
          and(eq(programHealthSnapshots.programId, program.id), from === null ? undefined : gte(programHealthSnapshots.day, from), lte(programHealthSnapshots.day, to)),
          { groupBy: [snapshotPeriod] },
        ),
    // The program's matching state in one row: the latest run, where the unmatched stand and that run's reasons, mentors' places.
    tenantData.aggregate(programs, { latestRunStatus: sql<string | null>`(SELECT rs.status FROM ${matchingRuns} AS rs WHERE rs.tenant_id = ${tenantId} AND rs.id = ${latestRun})`, standings, runReasons, mentorsWithOpenCapacity }, eq(programs.id, program.id)),
    Promise.all(optionChunks.map((chunk) => tenantData.aggregate(applications, optionFields(chunk), and(eq(applications.programId, program.id), inRange(applications.createdAt))))),
  ]);

  const [applicationRows, metRows, pulseRows] = [toPeriods(applicationGroups), toPeriods(metGroups), toPeriods(pulseGroups)];
  const answerRows: AnswerCountRow[] = [];
  const npsCounts = { promoters: 0, passives: 0, detractors: 0 };
  for (const row of answerCombinations as Record<string, string | number | null>[]) {
    if (row.survey !== "closure") {
      for (const key of FIGURE_QUESTION_KEYS) {
        const value = row[key];
        if (value !== null && value !== undefined) answerRows.push({ survey: row.survey as Evaluation, question: key, value, n: Number(row.n) });
      }
    }
    if (row.survey === "final" || row.survey === "closure") for (const kind of ["promoters", "passives", "detractors"] as const) npsCounts[kind] += Number(row[kind] ?? 0);
  }
  // The options' sums: over the participation groups, or from their own passes.
  const sumOf = (rows: readonly Record<string, unknown>[], field: string) => rows.reduce((sum, row) => sum + Number(row[field] ?? 0), 0);
  const optionCounts: OptionCountRow[] = sumsInParticipation
    ? options.map((option, index) => ({ ...option, n: sumOf(applicationGroups as Record<string, unknown>[], `o${index}`) }))
    : optionChunks.flatMap((chunk, index) => chunk.map((option, position) => ({ ...option, n: sumOf(optionSums[index] as Record<string, unknown>[], `o${position}`) })));

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

  // Without `from`, the report starts with the first period that has anything in it (or the program's start), but at
  // most ten years before `to` (a program dated 1990 would otherwise ask for more periods than a report may have).
  const labels = [...applicationRows.map((row) => row.period), ...metRows.map((row) => row.period), ...pulseRows.map((row) => row.period)];
  const starts = [program.startsOn, ...matchRows.map((row) => localDate(row.startedAt, timeZone))].filter((date): date is string => date !== null).map((date) => periodOf(date, period));
  const last = periodOf(to, period);
  const earliest = periodOf([EARLIEST_REPORT_DATE, addYears(to, -MAX_REPORT_YEARS)].sort()[1]!, period);
  const found = [...labels, ...starts].filter((label) => label <= last).sort()[0] ?? last;
  const first = from ?? (found < earliest ? earliest : found);
  const periods = periodsBetween(first, to, period);

  const participationFigures = participation(applicationRows as ApplicationCountRow[]);
  const programRow = programFacts[0];
  const categories = new Map(programRow?.standings ? (JSON.parse(programRow.standings) as [string, number][]).map(([standing, n]) => [standing, Number(n)]) : []);
  const reasons = programRow?.runReasons ? (JSON.parse(programRow.runReasons) as [string | null, string | null, number][]) : [];
  return {
    program: { slug: program.slug, name: program.name },
    range: { from: from ?? (period === "month" ? `${periods[0]}-01` : periods[0]!), to, period, periods },
    filters: { cohortQuestion: cohort?.question ?? null, cohort: cohort?.value ?? null, available: cohortOptions(questions, optionCounts) },
    participation: participationFigures,
    matching: {
      ...matching({
        approvedMentees: participationFigures.approved.mentees,
        matchedMentees: matched[0]?.mentees ?? 0,
        daysToMatch: daysRows,
        scoreAverage: matched[0]?.averageScore ?? null,
        scoreBuckets: scoreRows,
      }),
      unmatched: unmatchedMentees({
        total: [...categories.values()].reduce((sum, n) => sum + n, 0),
        awaitingMentorReply: categories.get("awaiting") ?? 0,
        proposed: categories.get("proposed") ?? 0,
        runReasons: reasons.map(([reason, code, n]) => ({ reason, code, n: Number(n) })),
        hasRun: (programRow?.latestRunStatus ?? null) !== null,
        selfMatch: resolveSettings(program.matchingSettings).mode === "self_match",
        mentorsWithOpenCapacity: Number(programRow?.mentorsWithOpenCapacity ?? 0),
      }),
    },
    engagement: engagement({ matches: facts, metByPeriod: metRows, periods, period, timeZone, checkinCadenceDays: program.checkinCadenceDays, asOf, healthSnapshots: snapshots }),
    satisfaction: satisfaction({ pulseByPeriod: pulseRows, answers: answerRows, periods, npsCounts }),
    retention: retention({
      matches: fromAt === null ? facts : facts.filter((match) => match.startedAt >= fromAt),
      programEndsAt: program.endsOn ? startOfLocalDay(addDays(program.endsOn, 1), timeZone) : null,
      asOf,
    }),
  };
}

/** The file name of a program's CSV export: `<program>-analytics-<from>-to-<to>[-<period>][-<cohort>].csv`. */
export function analyticsFileName(report: ProgramAnalytics): string {
  const safe = (text: string) => text.replace(/[^a-z0-9_-]+/gi, "_");
  const period = report.range.period === "week" ? "-weekly" : "";
  const cohort = report.filters.cohortQuestion !== null ? `-${safe(report.filters.cohortQuestion)}-${safe(report.filters.cohort ?? "")}` : "";
  return `${report.program.slug}-analytics-${report.range.from}-to-${report.range.to}${period}${cohort}.csv`;
}
