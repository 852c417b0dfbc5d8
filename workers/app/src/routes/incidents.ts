/**
 * Safeguarding incident reports (issue #8): `/api/v1/t/:slug/incidents…` and
 * `/api/v1/t/:slug/programs/:program/incidents`. Owners and admins only
 * (`manageIncidents`): coordinators and viewers get 403, another institution
 * 404. Every list, view and change is in the audit log.
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { ProgramSlugSchema } from "@tandem/programs";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { staffOf, type TenantEnv } from "../middleware/auth.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { createIncident, getIncident, INCIDENT_STATUSES, listIncidents, updateIncident } from "../services/incidents.js";
import { IsoDate, Text } from "./relationships.js";

const TenantParams = v.object({ slug: SlugSchema });
const ProgramParams = v.object({ slug: SlugSchema, program: ProgramSlugSchema });
const IncidentParams = v.object({ slug: SlugSchema, incidentId: v.pipe(v.string(), v.uuid("must be an incident report id")) });
const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound") } as const;

const Status = v.picklist(INCIDENT_STATUSES, `must be one of ${INCIDENT_STATUSES.join(", ")}`);
const Description = v.pipe(Text(5000), v.minLength(1, "must say what happened"));
const MatchId = v.pipe(v.string(), v.uuid("must be a match id"));
const Fields = {
  occurredOn: v.pipe(IsoDate, v.description("Local date it happened; not in the future")),
  matchId: v.pipe(v.nullish(MatchId), v.description("The pair it concerns, a match of this program (optional)")),
  description: Description,
  actionsTaken: Text(5000),
  followUp: Text(5000),
  followUpOn: v.pipe(v.nullish(IsoDate), v.description("When the follow-up is due (optional)")),
};
const CreateBody = v.object({
  occurredOn: Fields.occurredOn,
  matchId: v.optional(Fields.matchId),
  description: Fields.description,
  actionsTaken: v.optional(Fields.actionsTaken, ""),
  followUp: v.optional(Fields.followUp, ""),
  followUpOn: v.optional(Fields.followUpOn),
});
const UpdateBody = v.object({
  occurredOn: v.optional(Fields.occurredOn),
  matchId: v.optional(Fields.matchId),
  description: v.optional(Fields.description),
  actionsTaken: v.optional(Fields.actionsTaken),
  followUp: v.optional(Fields.followUp),
  followUpOn: v.optional(Fields.followUpOn),
  status: v.optional(Status),
});

const Person = v.object({ id: v.string(), firstName: v.string(), lastName: v.string() });
const Incident = v.object({
  id: v.string(),
  program: v.object({ slug: v.string(), name: v.string() }),
  match: v.nullable(v.object({ id: v.string(), status: v.string(), mentor: Person, mentee: Person })),
  occurredOn: v.string(),
  description: v.string(),
  actionsTaken: v.string(),
  followUp: v.string(),
  followUpOn: v.nullable(v.string()),
  status: Status,
  reportedBy: v.pipe(v.nullable(v.object({ name: v.string() })), v.description("Who recorded it; null if their account is gone")),
  createdAt: v.string(),
  updatedAt: v.string(),
});
const One = v.object({ incident: Incident });
const List = v.object({
  today: v.pipe(v.string(), v.description("The institution's local date (YYYY-MM-DD): no incident happens after it, and follow-ups before it are overdue")),
  counts: v.pipe(v.object({ open: v.number(), resolved: v.number() }), v.description("Over the program asked for (or all programs), whatever the status filter")),
  incidents: v.pipe(v.array(Incident), v.description("Open first, then by the date they happened, newest first")),
});

export const incidentRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/incidents",
    describeRoute({ operationId: "listIncidents", tags: ["safeguarding"], summary: "The institution's incident reports, optionally one program's or one status (owners and admins; audited)", responses: { 200: jsonResponse("Incident reports", List), ...errors } }),
    validated("param", TenantParams),
    validated("query", v.object({ program: v.optional(ProgramSlugSchema), status: v.optional(Status) })),
    staffOf("manageIncidents"),
    async (c) => c.json(await listIncidents(c.var.tenantData, c.req.valid("query"))),
  )
  .post(
    "/api/v1/t/:slug/programs/:program/incidents",
    describeRoute({
      operationId: "createIncident",
      tags: ["safeguarding"],
      summary: "Record an incident in a program: when, what happened, actions taken, follow-up (owners and admins; audited)",
      responses: { 201: jsonResponse("Recorded", One), ...errors },
    }),
    validated("param", ProgramParams),
    validated("json", CreateBody),
    staffOf("manageIncidents"),
    async (c) => c.json(await createIncident(c.var.tenantData, c.req.valid("param").program, c.var.user.id, c.req.valid("json")), 201),
  )
  .get(
    "/api/v1/t/:slug/incidents/:incidentId",
    describeRoute({ operationId: "getIncident", tags: ["safeguarding"], summary: "One incident report (owners and admins; the view is audited)", responses: { 200: jsonResponse("The report", One), ...errors } }),
    validated("param", IncidentParams),
    staffOf("manageIncidents"),
    async (c) => c.json(await getIncident(c.var.tenantData, c.req.valid("param").incidentId)),
  )
  .patch(
    "/api/v1/t/:slug/incidents/:incidentId",
    describeRoute({ operationId: "updateIncident", tags: ["safeguarding"], summary: "Change an incident report or resolve it; what is left out stays (owners and admins; audited)", responses: { 200: jsonResponse("Saved", One), ...errors } }),
    validated("param", IncidentParams),
    validated("json", UpdateBody),
    staffOf("manageIncidents"),
    async (c) => c.json(await updateIncident(c.var.tenantData, c.req.valid("param").incidentId, c.req.valid("json"))),
  );
