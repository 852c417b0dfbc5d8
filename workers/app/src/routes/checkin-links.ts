/**
 * One-click check-ins from reminder emails: `POST /api/v1/t/:slug/checkin-links`.
 * The email's buttons open a page that POSTs the signed link on load, so a mail
 * scanner that prefetches GET links never uses one up. No account, no cookie.
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { authContextOf } from "../middleware/auth.js";
import type { AppEnv } from "../middleware/request-context.js";
import { jsonResponse, ProblemDetailsSchema, ref, responseSchema, validated } from "../openapi.js";
import { recordCheckinLink } from "../services/checkins.js";
import { tenantDataForPublic } from "../services/public-tenant.js";

const Recorded = v.object({
  recorded: v.pipe(v.boolean(), v.description("false: this email's buttons were used already, and nothing new was recorded")),
  answer: v.pipe(v.picklist(["met", "not_yet", "need_help"]), v.description("What was recorded (by the first click, when `recorded` is false)")),
  minutes: v.nullable(v.number()),
  match: v.object({ partnerFirstName: v.string(), programName: v.string() }),
  portalUrl: v.pipe(v.string(), v.description("A fresh link to the person's portal, for the full check-in form")),
});

export const checkinLinkRoutes = new Hono<AppEnv>().post(
  "/api/v1/t/:slug/checkin-links",
  describeRoute({
    operationId: "recordCheckinLink",
    tags: ["relationships"],
    summary: "Record a one-click check-in answer from a reminder email (the first click of an email wins); \"We need help\" alerts the coordinators",
    responses: {
      200: jsonResponse("Recorded, or already recorded", Recorded),
      400: ref("ValidationFailed"),
      404: ref("NotFound"),
      409: ref("Conflict"),
      410: { description: "The link has expired (`link-expired`)", content: { "application/problem+json": { schema: responseSchema(ProblemDetailsSchema) } } },
    },
  }),
  validated("param", v.object({ slug: SlugSchema })),
  validated("json", v.object({ link: v.pipe(v.string("is required"), v.minLength(10, "is not a check-in link"), v.maxLength(600, "is not a check-in link")) })),
  async (c) => {
    const tenantData = await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId);
    return c.json(await recordCheckinLink(authContextOf(c), tenantData, c.req.valid("json").link));
  },
);
