/** `GET /api/v1/t/:slug/audit`: who changed what, for owners and admins. */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { staffOf, type TenantEnv } from "../middleware/auth.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { listAuditEvents } from "../services/audit.js";

const AuditQuery = v.object({
  limit: v.optional(v.pipe(v.string(), v.toNumber("must be a number"), v.number(), v.integer("must be a whole number"), v.minValue(1), v.maxValue(200)), "50"),
  before: v.optional(v.pipe(v.string(), v.isoTimestamp("must be an ISO timestamp"), v.transform((value) => new Date(value)), v.date())),
});

const AuditEventSchema = v.object({
  id: v.string(),
  action: v.string(),
  entityType: v.string(),
  entityId: v.string(),
  actorUserId: v.nullable(v.string()),
  before: v.nullable(v.record(v.string(), v.unknown())),
  after: v.nullable(v.record(v.string(), v.unknown())),
  createdAt: v.string(),
});

export const auditRoutes = new Hono<TenantEnv>().get(
  "/api/v1/t/:slug/audit",
  describeRoute({
    operationId: "listAuditEvents",
    tags: ["staff"],
    summary: "The institution's audit log, newest first (owners and admins)",
    responses: { 200: jsonResponse("Events", v.object({ events: v.array(AuditEventSchema) })), 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound") },
  }),
  validated("param", v.object({ slug: SlugSchema })),
  validated("query", AuditQuery),
  staffOf("readAudit"),
  async (c) => {
    const { limit, before } = c.req.valid("query");
    return c.json({ events: await listAuditEvents(c.var.tenantData, { limit, before }) });
  },
);
