/**
 * `GET /api/v1/dev/outbox`: the emails the app "sent", newest first, with the
 * links found in them — so a developer or a test can follow a sign-in link.
 * Exists only in development and test; anywhere else it is a 404.
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import * as v from "valibot";
import { AppError } from "../errors.js";
import type { AppEnv } from "../middleware/request-context.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { listSentEmails } from "../services/outbox.js";

const OutboxQuery = v.object({
  to: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email("must be an email address"))),
  limit: v.optional(v.pipe(v.string(), v.toNumber("must be a number"), v.number(), v.integer("must be a whole number"), v.minValue(1), v.maxValue(200)), "50"),
});

const EmailSchema = v.object({
  id: v.string(),
  to: v.string(),
  subject: v.string(),
  kind: v.string(),
  text: v.string(),
  html: v.string(),
  links: v.array(v.string()),
  headers: v.pipe(v.record(v.string(), v.string()), v.description("Extra headers the email carried, e.g. List-Unsubscribe")),
  createdAt: v.string(),
});

export const devOutboxRoutes = new Hono<AppEnv>().get(
  "/api/v1/dev/outbox",
  describeRoute({
    operationId: "listOutbox",
    tags: ["operations"],
    summary: "Development and test only: emails the app sent, newest first, with their links",
    responses: { 200: jsonResponse("Emails", v.object({ emails: v.array(EmailSchema) })), 400: ref("ValidationFailed"), 404: ref("NotFound") },
  }),
  async (c, next) => {
    if (c.var.config.environment === "production") throw AppError.notFound(`There is nothing at GET ${c.req.path}.`);
    await next();
  },
  validated("query", OutboxQuery),
  async (c) => {
    const { to, limit } = c.req.valid("query");
    return c.json({ emails: await listSentEmails(c.var.db(), limit, to) });
  },
);
