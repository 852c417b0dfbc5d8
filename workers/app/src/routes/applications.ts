/** Reviewing a program's applications: `/api/v1/t/:slug/programs/:program/applications…`. */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { PARTICIPANT_ROLES } from "@tandem/forms";
import { ProgramSlugSchema } from "@tandem/programs";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { authContextOf, staffOf, type TenantEnv } from "../middleware/auth.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { sendConsentRequests } from "../services/consent-requests.js";
import { decideApplications, exportApplicationsCsv, listApplications, REVIEW_DECISIONS } from "../services/review.js";

const STATUSES = ["pending_consent", "submitted", "approved", "waitlisted", "rejected", "withdrawn"] as const;
const Params = v.object({ slug: SlugSchema, program: ProgramSlugSchema });
const Filter = {
  role: v.optional(v.picklist(PARTICIPANT_ROLES, "must be mentor or mentee")),
  status: v.optional(v.picklist(STATUSES, `must be one of ${STATUSES.join(", ")}`)),
  search: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
};
const ListQuery = v.object({
  ...Filter,
  limit: v.optional(v.pipe(v.string(), v.toNumber("must be a number"), v.number(), v.integer(), v.minValue(1), v.maxValue(500)), "100"),
  offset: v.optional(v.pipe(v.string(), v.toNumber("must be a number"), v.number(), v.integer(), v.minValue(0)), "0"),
});
const ApplicationSchema = v.object({
  id: v.string(),
  role: v.picklist(PARTICIPANT_ROLES),
  status: v.picklist(STATUSES),
  firstName: v.string(),
  lastName: v.string(),
  email: v.string(),
  answers: v.record(v.string(), v.unknown()),
  submittedAt: v.string(),
  updatedAt: v.string(),
});
const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound") } as const;

export const applicationRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/programs/:program/applications",
    describeRoute({
      operationId: "listApplications",
      tags: ["programs"],
      summary: "A program's applications: filter by role and status, search by name or email",
      responses: { 200: jsonResponse("Applications", v.object({ total: v.number(), applications: v.array(ApplicationSchema) })), ...errors },
    }),
    validated("param", Params),
    validated("query", ListQuery),
    staffOf("managePrograms"),
    async (c) => c.json(await listApplications(c.var.tenantData, c.req.valid("param").program, c.req.valid("query"))),
  )
  .post(
    "/api/v1/t/:slug/programs/:program/applications/decisions",
    describeRoute({
      operationId: "decideApplications",
      tags: ["programs"],
      summary: "Approve, waitlist or reject applications in bulk (all or none)",
      responses: { 200: jsonResponse("Decided", v.object({ updated: v.number(), status: v.picklist(REVIEW_DECISIONS) })), ...errors, 409: ref("Conflict") },
    }),
    validated("param", Params),
    validated("json", v.object({ ids: v.pipe(v.array(v.pipe(v.string(), v.uuid("must be an application id"))), v.minLength(1, "choose at least one application"), v.maxLength(1000, "decide at most 1,000 at once")), decision: v.picklist(REVIEW_DECISIONS, "must be approved, waitlisted or rejected") })),
    staffOf("managePrograms"),
    async (c) => {
      const { ids, decision } = c.req.valid("json");
      return c.json(await decideApplications(c.var.tenantData, c.req.valid("param").program, [...new Set(ids)], decision, c.var.user.id));
    },
  )
  .post(
    "/api/v1/t/:slug/programs/:program/applications/consent-requests",
    describeRoute({
      operationId: "sendConsentRequests",
      tags: ["programs"],
      summary: "Email guardians a (new) consent link for applications waiting for consent — all of the program's, or the ids given",
      responses: { 200: jsonResponse("Queued: one email per guardian, sent from the job queue", v.object({ queued: v.number(), withoutGuardianEmail: v.number() })), ...errors, 409: ref("Conflict") },
    }),
    validated("param", Params),
    validated("json", v.object({ ids: v.optional(v.pipe(v.array(v.pipe(v.string(), v.uuid("must be an application id"))), v.minLength(1), v.maxLength(1000))) })),
    staffOf("managePrograms"),
    async (c) => c.json(await sendConsentRequests(authContextOf(c), c.var.tenantData, c.req.valid("param").program, c.req.valid("json").ids)),
  )
  .get(
    "/api/v1/t/:slug/programs/:program/applications/export",
    describeRoute({
      operationId: "exportApplications",
      tags: ["programs"],
      summary: "Download a program's applications as CSV (same filters as the list)",
      responses: { 200: { description: "CSV", content: { "text/csv": { schema: { type: "string" } } } }, ...errors },
    }),
    validated("param", Params),
    validated("query", v.object(Filter)),
    staffOf("managePrograms"),
    async (c) => {
      const { filename, csv } = await exportApplicationsCsv(c.var.tenantData, c.req.valid("param").program, c.req.valid("query"));
      return c.body(csv, 200, { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"` });
    },
  );
