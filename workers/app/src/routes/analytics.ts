/**
 * Program analytics (issue #7): `GET /api/v1/t/:slug/programs/:program/analytics`
 * (the figures as JSON) and `…/analytics.csv` (the same figures as
 * `metric, period, value` rows). All staff who read reports (viewers too); coordinators only
 * their own programs (another program is as good as absent: 404).
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { csvRows, toCsv } from "@tandem/analytics";
import { ProgramSlugSchema } from "@tandem/programs";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { staffOf, type TenantEnv } from "../middleware/auth.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { analyticsFileName, programAnalytics } from "../services/analytics.js";
import { IsoDate } from "./relationships.js";

const Params = v.object({ slug: SlugSchema, program: ProgramSlugSchema });
const Range = v.pipe(
  v.object({
    from: v.optional(v.pipe(IsoDate, v.description("First local day counted (inclusive); default: the program's first data"))),
    to: v.optional(v.pipe(IsoDate, v.description("Last local day counted (inclusive); default: today"))),
  }),
  v.forward(
    v.partialCheck([["from"], ["to"]], (range) => !range.from || !range.to || range.from <= range.to, "must not be after to"),
    ["from"],
  ),
);
const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound") } as const;

const Share = v.pipe(v.nullable(v.number()), v.description("Percent with one decimal; null when its whole is 0"));
const Counts = v.record(v.string(), v.number());
const Figures = v.object({
  program: v.object({ slug: v.string(), name: v.string() }),
  range: v.object({ from: v.string(), to: v.string(), months: v.array(v.string()) }),
  participation: v.object({
    applications: v.number(),
    byRole: v.object({ mentor: Counts, mentee: Counts }),
    byPeriod: v.array(v.object({ period: v.string(), role: v.string(), status: v.string(), n: v.number() })),
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
  }),
  engagement: v.object({
    checkinsPerMatch: v.array(v.object({ period: v.string(), checkins: v.number(), activeMatches: v.number(), perMatch: v.nullable(v.number()) })),
    recentlyMet: v.object({ activeMatches: v.number(), withMeeting: v.number(), share: Share }),
    health: v.object({ asOf: v.string(), counts: Counts, shares: v.record(v.string(), v.nullable(v.number())) }),
  }),
  satisfaction: v.object({
    pulseByMonth: v.array(v.object({ period: v.string(), average: v.nullable(v.number()), responses: v.number() })),
    surveys: v.object({ midpoint: v.array(v.record(v.string(), v.unknown())), final: v.array(v.record(v.string(), v.unknown())) }),
    recommendation: v.object({
      responses: v.number(),
      yes: v.number(),
      maybe: v.number(),
      no: v.number(),
      yesShare: Share,
      maybeShare: Share,
      noShare: Share,
      net: v.pipe(v.nullable(v.number()), v.description("Yes share − no share in points; not the standard 0–10 NPS")),
    }),
  }),
  retention: v.object({
    matches: v.number(),
    closedEarly: v.number(),
    earlyClosureRate: Share,
    reasons: v.array(v.object({ reason: v.string(), n: v.number(), share: Share })),
    stillActive: v.object({ at: v.string(), mentees: v.number(), active: v.number(), share: Share }),
  }),
});

export const analyticsRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/programs/:program/analytics",
    describeRoute({
      operationId: "getProgramAnalytics",
      tags: ["analytics"],
      summary: "The program's figures over a date range: participation, matching, engagement and health, satisfaction, retention",
      responses: { 200: jsonResponse("Figures", Figures), ...errors },
    }),
    validated("param", Params),
    validated("query", Range),
    staffOf("readReports"),
    async (c) => c.json(await programAnalytics(c.var.tenantData, c.req.valid("param").program, c.req.valid("query"))),
  )
  .get(
    "/api/v1/t/:slug/programs/:program/analytics.csv",
    describeRoute({
      operationId: "exportProgramAnalytics",
      tags: ["analytics"],
      summary: "The same figures as CSV rows: metric, period (a month, a day, or from..to), value",
      responses: { 200: { description: "CSV", content: { "text/csv": { schema: { type: "string" } } } }, ...errors },
    }),
    validated("param", Params),
    validated("query", Range),
    staffOf("readReports"),
    async (c) => {
      const report = await programAnalytics(c.var.tenantData, c.req.valid("param").program, c.req.valid("query"));
      return c.body(toCsv(csvRows(report)), 200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${analyticsFileName(report)}"` });
    },
  );
