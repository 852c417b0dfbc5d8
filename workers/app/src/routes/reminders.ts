/**
 * Reminders, for staff: `GET /api/v1/t/:slug/reminders/deliveries` (what was
 * sent to whom and why) and `…/reminders/failures` (reminder jobs that failed
 * for good). `reminderRoutes` also carries the public unsubscribe routes, so
 * the app registers every reminder route at once.
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { ProgramSlugSchema } from "@tandem/programs";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { staffOf, type TenantEnv } from "../middleware/auth.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { listReminderDeliveries, listReminderFailures } from "../services/reminder-log.js";
import { unsubscribeRoutes } from "./unsubscribe.js";

const Params = v.object({ slug: SlugSchema });
const Limit = v.optional(v.pipe(v.string(), v.toNumber("must be a number"), v.number(), v.integer("must be a whole number"), v.minValue(1), v.maxValue(200)), "50");
const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound") } as const;

const Item = v.object({
  key: v.string(),
  kind: v.string(),
  kindLabel: v.string(),
  subject: v.object({ type: v.nullable(v.string()), id: v.nullable(v.string()) }),
  period: v.nullable(v.string()),
  reason: v.pipe(v.string(), v.description("Why it was sent, in a sentence")),
  status: v.picklist(["sending", "sent"]),
});
const Delivery = v.object({
  key: v.string(),
  recipient: v.object({ id: v.string(), role: v.string(), name: v.nullable(v.string()), email: v.nullable(v.string()) }),
  program: v.nullable(v.object({ slug: v.string(), name: v.string() })),
  localDate: v.pipe(v.nullable(v.string()), v.description("The recipient's local day this email used up")),
  status: v.pipe(v.picklist(["sending", "sent"]), v.description("`sending`: claimed, not confirmed sent yet (it is being retried)")),
  attempts: v.number(),
  reason: v.string(),
  createdAt: v.string(),
  sentAt: v.nullable(v.string()),
  items: v.array(Item),
});
const Failure = v.object({
  id: v.string(),
  kind: v.nullable(v.string()),
  reason: v.string(),
  attempts: v.number(),
  failedAt: v.string(),
  recipient: v.nullable(v.object({ id: v.string(), role: v.string(), email: v.nullable(v.string()) })),
  localDate: v.nullable(v.string()),
  items: v.array(v.object({ kind: v.string(), kindLabel: v.string(), key: v.string() })),
});

const reminderLogRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/reminders/deliveries",
    describeRoute({
      operationId: "listReminderDeliveries",
      tags: ["reminders"],
      summary: "Reminder emails sent, newest first, each with the reminders it carried and why (coordinators see their programs)",
      responses: { 200: jsonResponse("Deliveries", v.object({ deliveries: v.array(Delivery) })), ...errors },
    }),
    validated("param", Params),
    validated(
      "query",
      v.object({
        program: v.optional(ProgramSlugSchema),
        recipient: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,100}$/, "must be a participant's or staff member's id"))),
        limit: Limit,
      }),
    ),
    staffOf("managePrograms"),
    async (c) => {
      const { program, recipient, limit } = c.req.valid("query");
      return c.json(await listReminderDeliveries(c.var.tenantData, { userId: c.var.user.id, role: c.var.role }, { programSlug: program, recipientId: recipient, limit }));
    },
  )
  .get(
    "/api/v1/t/:slug/reminders/failures",
    describeRoute({
      operationId: "listReminderFailures",
      tags: ["reminders"],
      summary: "Jobs of the institution that failed after every retry (reminder emails with their recipient and items), newest first",
      responses: { 200: jsonResponse("Failures", v.object({ failures: v.array(Failure) })), ...errors },
    }),
    validated("param", Params),
    validated("query", v.object({ limit: Limit })),
    staffOf("managePrograms"),
    async (c) => c.json(await listReminderFailures(c.var.tenantData, { userId: c.var.user.id, role: c.var.role }, { limit: c.req.valid("query").limit })),
  );

export const reminderRoutes = new Hono().route("/", unsubscribeRoutes).route("/", reminderLogRoutes);
