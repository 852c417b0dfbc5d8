/**
 * Unsubscribing from reminder emails, by the signed token in their links:
 * `GET` shows what the link stops (for the page, which confirms with a button),
 * `POST` stops it (also RFC 8058 one-click, posted by mail providers with
 * `List-Unsubscribe=One-Click` and no cookies), and `…/resubscribe` undoes it.
 * The `List-Unsubscribe` URL is this API path; a mail client without one-click
 * opens it in a browser instead, which is sent on to the page (a GET never unsubscribes).
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import type { AppEnv } from "../middleware/request-context.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { tenantDataForPublic } from "../services/public-tenant.js";
import { getUnsubscribe, resubscribe, unsubscribe } from "../services/unsubscribe.js";

const Params = v.object({ slug: SlugSchema });
const Token = v.pipe(v.string("is required"), v.minLength(10, "is not a valid unsubscribe link"), v.maxLength(600, "is not a valid unsubscribe link"));
const View = v.object({
  kind: v.pipe(v.string(), v.description("A reminder kind, or `all`")),
  kindLabel: v.pipe(v.string(), v.description('What the link stops, e.g. "check-in reminders"')),
  institution: v.string(),
  unsubscribed: v.boolean(),
});
const errors = { 400: ref("ValidationFailed"), 404: ref("NotFound") } as const;

export const unsubscribeRoutes = new Hono<AppEnv>()
  .get(
    "/api/v1/t/:slug/unsubscribe",
    describeRoute({
      operationId: "getUnsubscribe",
      tags: ["reminders"],
      summary: "What an unsubscribe link stops, and whether it is stopped already (changes nothing: mail scanners open links). A browser (Accept: text/html) is redirected to the unsubscribe page",
      responses: { 200: jsonResponse("The link's reminders", View), 303: { description: "To the unsubscribe page, for a browser" }, ...errors },
    }),
    validated("param", Params),
    validated("query", v.object({ token: Token })),
    async (c) => {
      const { slug } = c.req.valid("param");
      const { token } = c.req.valid("query");
      if (c.req.header("accept")?.includes("text/html")) return c.redirect(`/unsubscribe?t=${encodeURIComponent(slug)}&token=${encodeURIComponent(token)}`, 303);
      return c.json(await getUnsubscribe(c.var.config, await tenantDataForPublic(c.var.db(), slug, c.var.requestId), token));
    },
  )
  .post(
    "/api/v1/t/:slug/unsubscribe",
    describeRoute({
      operationId: "unsubscribe",
      tags: ["reminders"],
      summary: "Stop the link's reminders at once. Also the RFC 8058 one-click target of `List-Unsubscribe` (body `List-Unsubscribe=One-Click`, from any origin, no cookies needed)",
      responses: { 200: jsonResponse("Stopped", View), ...errors },
    }),
    validated("param", Params),
    validated("query", v.object({ token: Token })),
    async (c) => c.json(await unsubscribe(c.var.config, await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId), c.req.valid("query").token)),
  )
  .post(
    "/api/v1/t/:slug/unsubscribe/resubscribe",
    describeRoute({
      operationId: "resubscribe",
      tags: ["reminders"],
      summary: "Undo an unsubscribe: the link's reminders come again",
      responses: { 200: jsonResponse("Subscribed again", View), ...errors },
    }),
    validated("param", Params),
    validated("json", v.object({ token: Token })),
    async (c) => c.json(await resubscribe(c.var.config, await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId), c.req.valid("json").token)),
  );
