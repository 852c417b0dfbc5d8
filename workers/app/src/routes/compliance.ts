/**
 * A program's compliance report (issue #8): `/api/v1/t/:slug/programs/:program/compliance`
 * (JSON, for the printable page) and `…/compliance.csv?part=mentors|matches`.
 * It carries screening facts, so only staff who manage screening see it
 * (owners, admins, the program's coordinators); every view is audited.
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { ProgramSlugSchema } from "@tandem/programs";
import { SCREENING_STEPS } from "@tandem/safeguarding";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { staffOf, type TenantEnv } from "../middleware/auth.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { complianceCsv, complianceReport } from "../services/compliance.js";

const ProgramParams = v.object({ slug: SlugSchema, program: ProgramSlugSchema });
const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound") } as const;
const STEP_STATES = ["complete", "missing", "pending", "flagged", "expired"] as const;
const MODULE_STATES = ["not_started", "in_progress", "completed", "quiz_failed", "passed", "attended"] as const;
const Name = v.object({ firstName: v.string(), lastName: v.string() });

const ReportSchema = v.object({
  program: v.object({ slug: v.string(), name: v.string(), type: v.string(), youth: v.boolean() }),
  institution: v.object({ name: v.string() }),
  generatedOn: v.string(),
  requirements: v.object({
    screeningRequired: v.boolean(),
    trainingRequired: v.boolean(),
    minTrainingMinutes: v.number(),
    referencesRequired: v.number(),
    backgroundCheckValidMonths: v.number(),
    contactFrequency: v.string(),
  }),
  steps: v.array(v.object({ key: v.picklist(SCREENING_STEPS), label: v.string(), required: v.boolean() })),
  modules: v.array(v.object({ id: v.string(), title: v.string(), required: v.boolean(), durationMinutes: v.number(), hasQuiz: v.boolean() })),
  summary: v.object({
    mentors: v.number(),
    screened: v.number(),
    trained: v.number(),
    ready: v.number(),
    matches: v.number(),
    monthsEnded: v.number(),
    monthsMet: v.number(),
    contactRate: v.pipe(v.nullable(v.number()), v.description("Share of ended match-months with the required coordinator contacts, 0–1")),
  }),
  mentors: v.array(
    v.object({
      id: v.string(),
      ...Name.entries,
      email: v.string(),
      status: v.string(),
      screened: v.pipe(v.nullable(v.boolean()), v.description("Null when the program does not require screening")),
      trained: v.pipe(v.nullable(v.boolean()), v.description("Null when the program does not require training")),
      ready: v.boolean(),
      blockers: v.array(v.string()),
      steps: v.array(v.object({ key: v.picklist(SCREENING_STEPS), required: v.boolean(), state: v.picklist(STEP_STATES), date: v.nullable(v.string()), detail: v.string() })),
      training: v.array(v.object({ moduleId: v.string(), state: v.picklist(MODULE_STATES), date: v.nullable(v.string()), bestScore: v.nullable(v.number()) })),
      minutesDone: v.number(),
    }),
  ),
  matches: v.array(
    v.object({
      id: v.string(),
      mentor: Name,
      mentee: Name,
      status: v.picklist(["active", "paused", "closed"]),
      startedOn: v.string(),
      closedOn: v.nullable(v.string()),
      months: v.array(
        v.object({
          index: v.number(),
          from: v.string(),
          to: v.string(),
          required: v.number(),
          made: v.pipe(v.number(), v.description("Contacts that count: the fewest any one party (mentor, mentee, and in youth programs the guardian) had")),
          byParty: v.record(v.string(), v.number()),
          met: v.boolean(),
          inProgress: v.boolean(),
        }),
      ),
      missedMonths: v.number(),
      closure: v.nullable(
        v.object({
          conversationOn: v.nullable(v.string()),
          mentorNextStep: v.nullable(v.string()),
          menteeNextStep: v.nullable(v.string()),
          surveySentOn: v.pipe(v.nullable(v.string()), v.description("Local date the closure survey had been emailed to both; null until then")),
        }),
      ),
    }),
  ),
});

export const complianceRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/programs/:program/compliance",
    describeRoute({
      operationId: "getComplianceReport",
      tags: ["safeguarding"],
      summary: "Every mentor's screening and training steps with dates, and every match's coordinator contacts per month against the required frequency (audited)",
      responses: { 200: jsonResponse("The report", ReportSchema), ...errors },
    }),
    validated("param", ProgramParams),
    staffOf("manageScreening"),
    async (c) => c.json(await complianceReport(c.var.tenantData, c.req.valid("param").program)),
  )
  .get(
    "/api/v1/t/:slug/programs/:program/compliance.csv",
    describeRoute({
      operationId: "exportComplianceReport",
      tags: ["safeguarding"],
      summary: "The compliance report as CSV: one row per mentor (part=mentors) or per match (part=matches) (audited)",
      responses: { 200: { description: "CSV", content: { "text/csv": { schema: { type: "string" } } } }, ...errors },
    }),
    validated("param", ProgramParams),
    validated("query", v.object({ part: v.optional(v.picklist(["mentors", "matches"], "must be mentors or matches"), "mentors") })),
    staffOf("manageScreening"),
    async (c) => {
      const { filename, csv } = await complianceCsv(c.var.tenantData, c.req.valid("param").program, c.req.valid("query").part);
      return c.body(csv, 200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` });
    },
  );
