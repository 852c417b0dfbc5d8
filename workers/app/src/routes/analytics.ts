/**
 * Program analytics (issue #7): `GET /api/v1/t/:slug/programs/:program/analytics`
 * (the figures as JSON) and `…/analytics.csv` (the same figures as
 * `metric, period, value` rows). All staff who read reports (viewers too); coordinators only
 * their own programs (another program is as good as absent: 404).
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { checkRange, csvRows, EARLIEST_REPORT_DATE, MAX_REPORT_YEARS, MAX_YEARS_AHEAD, PERIODS, toCsv, UNMATCHED_REASONS, type UnmatchedReason } from "@tandem/analytics";
import { ProgramSlugSchema } from "@tandem/programs";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { staffOf, type TenantEnv } from "../middleware/auth.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { analyticsFileName, programAnalytics } from "../services/analytics.js";
import { IsoDate } from "./relationships.js";

const Params = v.object({ slug: SlugSchema, program: ProgramSlugSchema });
const QUESTION_KEY = /^[a-z][a-z0-9_]{0,39}$/;
const Query = v.pipe(
  v.object({
    from: v.optional(
      v.pipe(
        IsoDate,
        v.description(
          `First local day counted (inclusive): ${EARLIEST_REPORT_DATE.slice(0, 4)} or later, not after \`to\` (or today) and at most ${MAX_REPORT_YEARS} years before it; default: the start of the first period with data (or the program's start), at most ${MAX_REPORT_YEARS} years before \`to\``,
        ),
      ),
    ),
    to: v.optional(v.pipe(IsoDate, v.description(`Last local day counted (inclusive): ${EARLIEST_REPORT_DATE.slice(0, 4)} or later and at most ${MAX_YEARS_AHEAD} year after the institution's today; default: today`))),
    period: v.optional(
      v.pipe(
        v.picklist(PERIODS, 'must be "month" or "week"'),
        v.description("The series' periods: calendar months (`YYYY-MM`, the default) or ISO weeks, Monday to Sunday, labelled by their Monday (`YYYY-MM-DD`); in the institution's time zone"),
      ),
      "month",
    ),
    cohortQuestion: v.optional(
      v.pipe(
        v.string("must be a question key"),
        v.regex(QUESTION_KEY, "must be a question key such as year_of_study"),
        v.description(
          "A single or multiple choice question of the program's mentee form (`filters.available[].question`): restrict every figure to one cohort, a group of mentees. A question only the mentor form asks is refused. Needs `cohort`",
        ),
      ),
    ),
    cohort: v.optional(
      v.pipe(
        v.string("must be an option's value"),
        v.minLength(1, "must be an option's value"),
        v.maxLength(200, "must be at most 200 characters"),
        v.description(
          "The cohort: a value of `cohortQuestion` on the mentee form (`filters.available[].options[].value`). Matches, with their check-ins, surveys and closures, count when their mentee's answer is (multiple choice: includes) it; applications when their own answer does (mentors' too, when the mentor form asks the same question). Needs `cohortQuestion`",
        ),
      ),
    ),
  }),
  // Every cross-field problem at once, each at its own field. What needs the institution's today (how far ahead `to`
  // may be; `from` without `to`) is checked by the service, once the institution is known.
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { from, to, cohortQuestion, cohort } = dataset.value;
    const at = (key: "from" | "to" | "cohort"): [v.IssuePathItem] => [{ type: "object", origin: "value", input: dataset.value, key, value: dataset.value[key] }];
    for (const problem of checkRange(from ?? null, to ?? null, null)) addIssue({ message: problem.message, path: at(problem.field) });
    if (cohortQuestion !== undefined && cohort === undefined) addIssue({ message: "is required with cohortQuestion", path: at("cohort") });
    if (cohort !== undefined && cohortQuestion === undefined) addIssue({ message: "needs cohortQuestion, the question it answers", path: at("cohort") });
  }),
);
const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound") } as const;

const Share = v.pipe(v.nullable(v.number()), v.description("Percent with one decimal; null when its whole is 0"));
const Counts = v.record(v.string(), v.number());
const PeriodLabel = v.pipe(v.string(), v.description("A period of `range.periods`: `YYYY-MM`, or a week's Monday `YYYY-MM-DD`"));
const Figures = v.object({
  program: v.object({ slug: v.string(), name: v.string() }),
  range: v.object({
    from: v.string(),
    to: v.string(),
    period: v.picklist(PERIODS),
    periods: v.pipe(v.array(v.string()), v.description("The report's periods, oldest first: every `period` field below is one of these")),
  }),
  filters: v.object({
    cohortQuestion: v.pipe(v.nullable(v.string()), v.description("The cohort filter in force, or null")),
    cohort: v.nullable(v.string()),
    available: v.pipe(
      v.array(v.object({ question: v.string(), label: v.string(), options: v.array(v.object({ value: v.string(), label: v.string(), n: v.pipe(v.number(), v.description("Applications in the range (both roles, whatever the filter) with this answer")) })) })),
      v.description("The single and multiple choice questions of the program's mentee form, with its options: what `cohortQuestion` and `cohort` can be"),
    ),
  }),
  participation: v.object({
    applications: v.number(),
    byRole: v.object({ mentor: Counts, mentee: Counts }),
    byPeriod: v.array(v.object({ period: PeriodLabel, role: v.string(), status: v.string(), n: v.number() })),
    approvalRate: v.pipe(Share, v.description("Approved ÷ decided (approved, waitlisted, rejected)")),
    approved: v.object({ mentors: v.number(), mentees: v.number(), menteesPerMentor: v.nullable(v.number()) }),
    waitlist: v.object({ mentors: v.number(), mentees: v.number(), total: v.number() }),
  }),
  matching: v.object({
    approvedMentees: v.number(),
    matchedMentees: v.number(),
    unmatchedMentees: v.number(),
    matchRate: Share,
    matches: v.number(),
    medianDaysToMatch: v.nullable(v.number()),
    scoreAverage: v.nullable(v.number()),
    scoreDistribution: v.array(v.object({ from: v.number(), to: v.number(), n: v.number() })),
    unmatched: v.pipe(
      v.object({
        total: v.pipe(v.number(), v.description("Approved mentees of the range (and cohort) with no match")),
        reasons: v.pipe(
          v.array(v.object({ reason: v.picklist(Object.keys(UNMATCHED_REASONS) as [UnmatchedReason, ...UnmatchedReason[]]), label: v.string(), n: v.number() })),
          v.description(
            "Most frequent first: the latest matching run's reason for those it left out (no_compatible_mentor, no_mentor_capacity, missing_required_answer, all_mentors_excluded, no_mentors, unassigned_by_coordinator), else where they stand (proposed_not_approved, awaiting_mentor_reply, not_chosen_yet, not_in_a_run, no_run_yet); `label` is for people",
          ),
        ),
        mentorsWithOpenCapacity: v.pipe(v.number(), v.description("Approved mentors with a place left (capacity − active matches − requests awaiting their answer); not filtered by cohort")),
      }),
      v.description("Why approved mentees are still without a mentor"),
    ),
  }),
  engagement: v.object({
    checkinsPerMatch: v.array(v.object({ period: PeriodLabel, checkins: v.number(), activeMatches: v.number(), perMatch: v.nullable(v.number()) })),
    recentlyMet: v.object({ activeMatches: v.number(), withMeeting: v.number(), share: Share }),
    health: v.object({ asOf: v.string(), counts: Counts, shares: v.record(v.string(), v.nullable(v.number())) }),
    healthOverTime: v.pipe(
      v.array(v.object({ period: PeriodLabel, onTrack: v.number(), needsAttention: v.number(), atRisk: v.number() })),
      v.description("The health mix of the open matches per period: the last daily snapshot in each period, and the live mix (`health`) for the period holding `health.asOf`; periods without a snapshot are left out. With a cohort filter, the live point only"),
    ),
    healthOverTimeNote: v.pipe(v.nullable(v.string()), v.description("Why periods are missing from healthOverTime (a cohort filter, no daily record yet), for people; null when none is")),
  }),
  satisfaction: v.object({
    pulseByPeriod: v.array(v.object({ period: PeriodLabel, average: v.nullable(v.number()), responses: v.number() })),
    surveys: v.object({ midpoint: v.array(v.record(v.string(), v.unknown())), final: v.array(v.record(v.string(), v.unknown())) }),
    recommendation: v.object({
      responses: v.number(),
      yes: v.number(),
      maybe: v.number(),
      no: v.number(),
      yesShare: Share,
      maybeShare: Share,
      noShare: Share,
      net: v.pipe(v.nullable(v.number()), v.description("Yes share − no share in points, from the older yes / maybe / no question; not the standard 0–10 NPS (see nps)")),
    }),
    nps: v.pipe(
      v.object({
        responses: v.number(),
        promoters: v.pipe(v.number(), v.description("Answers 9–10")),
        passives: v.pipe(v.number(), v.description("Answers 7–8")),
        detractors: v.pipe(v.number(), v.description("Answers 0–6")),
        score: v.pipe(v.nullable(v.number()), v.description("% promoters − % detractors, a whole number from −100 to 100; null without answers")),
      }),
      v.description("Net Promoter Score from the final survey's 0–10 \"How likely are you to recommend this program to a friend?\" (both sides)"),
    ),
  }),
  retention: v.object({
    matches: v.number(),
    closedEarly: v.number(),
    earlyClosureRate: Share,
    reasons: v.array(v.object({ reason: v.string(), label: v.pipe(v.string(), v.description("The reason as coordinators see it")), n: v.number(), share: Share })),
    stillActive: v.object({ at: v.string(), mentees: v.number(), active: v.number(), share: Share }),
  }),
});

export const analyticsRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/programs/:program/analytics",
    describeRoute({
      operationId: "getProgramAnalytics",
      tags: ["analytics"],
      summary: "The program's figures over a date range, by month or week, for the whole program or one cohort: participation, matching and why mentees are unmatched, engagement and health over time, satisfaction with NPS, retention",
      description:
        "The range is bounded: days in 2000 or later, `to` at most a year after the institution's today, `from` not after `to` (or today, without `to`) and at most 10 years before it; else 400 with the field. " +
        "A cohort filter (`cohortQuestion` and `cohort`, both or neither) must name a choice question of the program's mentee form and one of its options, else 400 with the field: a cohort is a group of mentees. Health over time comes from the daily snapshots the reminder scan records per program, so a cohort gets the live point only (`engagement.healthOverTimeNote` says so).",
      responses: { 200: jsonResponse("Figures", Figures), ...errors },
    }),
    validated("param", Params),
    validated("query", Query),
    staffOf("readReports"),
    async (c) => c.json(await programAnalytics(c.var.tenantData, c.req.valid("param").program, c.req.valid("query"))),
  )
  .get(
    "/api/v1/t/:slug/programs/:program/analytics.csv",
    describeRoute({
      operationId: "exportProgramAnalytics",
      tags: ["analytics"],
      summary: "The same figures as CSV rows: metric, period (a month or a week's Monday, a day, or from..to), value; a cohort filter first as cohort_filter",
      responses: { 200: { description: "CSV", content: { "text/csv": { schema: { type: "string" } } } }, ...errors },
    }),
    validated("param", Params),
    validated("query", Query),
    staffOf("readReports"),
    async (c) => {
      const report = await programAnalytics(c.var.tenantData, c.req.valid("param").program, c.req.valid("query"));
      return c.body(toCsv(csvRows(report)), 200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${analyticsFileName(report)}"` });
    },
  );
