/**
 * `GET /api/v1/dev/outbox`: the emails the app "sent", newest first, with the
 * links found in them — so a developer or a test can follow a sign-in link.
 * Exists only in development and test; anywhere else it is a 404.
 */
import { Hono } from "hono";
import * as v from "valibot";
import { listOutbox } from "../data/outbox.js";
import { extractLinks } from "../email/render.js";
import { AppError, validate } from "../errors.js";
import type { AppEnv } from "../middleware/request-context.js";

const OutboxQuery = v.object({
  to: v.optional(v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email("must be an email address"))),
  limit: v.optional(v.pipe(v.string(), v.transform(Number), v.integer("must be a whole number"), v.minValue(1), v.maxValue(200)), "50"),
});

export const devOutboxRoutes = new Hono<AppEnv>().get("/api/v1/dev/outbox", async (c) => {
  if (c.var.config.environment === "production") throw AppError.notFound(`There is nothing at GET ${c.req.path}.`);
  const query = validate("query", OutboxQuery, c.req.query());
  const emails = await listOutbox(c.var.db(), query.limit, query.to);
  return c.json({
    emails: emails.map((email) => ({
      id: email.id,
      to: email.to,
      subject: email.subject,
      kind: email.kind,
      text: email.text,
      html: email.html,
      links: extractLinks(`${email.text}\n${email.html}`),
      createdAt: email.createdAt.toISOString(),
    })),
  });
});
