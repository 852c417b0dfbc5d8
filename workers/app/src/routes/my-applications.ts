/**
 * All of one person's applications at an institution, `/api/v1/t/:slug/my…`,
 * without an account: `POST …/my/link` emails a signed link (the same answer
 * for any address), and `GET …/my/applications` reads the list with that
 * link's token as `Authorization: Bearer <token>`. No cookie is involved.
 */
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { describeRoute } from "hono-openapi";
import { EmailSchema, SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { authContextOf } from "../middleware/auth.js";
import type { AppEnv } from "../middleware/request-context.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { type MyApplicationsSession, myApplicationsView, openMyApplications, requestMyApplicationsLink } from "../services/my-applications.js";
import { tenantDataForPublic } from "../services/public-tenant.js";

type MyEnv = AppEnv & { Variables: { mine: MyApplicationsSession } };

const Params = v.object({ slug: SlugSchema });

// Response bodies, for the OpenAPI document.
const MatchSchema = v.object({
  partnerFirstName: v.string(),
  startedAt: v.string(),
  status: v.picklist(["active", "closed"]),
  closedAt: v.nullable(v.string()),
  portalUrl: v.pipe(v.nullable(v.string()), v.description("A fresh link to this person's mentoring space for the match (as the introduction email carries); null once a closed match is more than 60 days past")),
});
const ApplicationSchema = v.object({
  id: v.string(),
  program: v.object({ name: v.string(), slug: v.string(), type: v.picklist(["peer", "faculty_student", "community"]), startsOn: v.nullable(v.string()), endsOn: v.nullable(v.string()) }),
  role: v.picklist(["mentor", "mentee"]),
  status: v.picklist(["pending_consent", "submitted", "approved", "waitlisted", "rejected", "withdrawn"]),
  statusLabel: v.pipe(v.string(), v.description("Where it stands, for a badge: the status in words, or Matched / Match ended once approved")),
  submittedAt: v.string(),
  nextStep: v.pipe(v.string(), v.description("What happens next, in plain English")),
  match: v.pipe(v.nullable(MatchSchema), v.description("The newest match (an active one first), or null")),
  matches: v.pipe(v.array(MatchSchema), v.description("Every match of this application (a mentor may have several), in the same order")),
});
const MyApplicationsSchema = v.object({
  email: v.string(),
  institution: v.object({ name: v.string(), logoUrl: v.nullable(v.string()), brandColor: v.string() }),
  applications: v.pipe(v.array(ApplicationSchema), v.description("Newest first")),
});
/** The signed link's token, as `Authorization: Bearer <token>` (the `myApplicationsLink` scheme in the OpenAPI document). */
const myApplicationsLink = [{ myApplicationsLink: [] }];

/** The session from the Bearer token: 401 when missing, bad, expired or another institution's. */
const withToken = createMiddleware<MyEnv>(async (c, next) => {
  const token = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1] ?? null;
  c.set("mine", await openMyApplications(c.var.db(), c.var.config, c.req.param("slug") ?? "", token, c.var.requestId));
  await next();
});

export const myApplicationsRoutes = new Hono<MyEnv>()
  .post(
    "/api/v1/t/:slug/my/link",
    describeRoute({
      operationId: "requestMyApplicationsLink",
      tags: ["enrollment"],
      summary: "Email me a link to all my applications here (valid 7 days); the same answer for any address",
      responses: { 202: jsonResponse("Accepted", v.object({ message: v.string() })), 400: ref("ValidationFailed"), 404: ref("NotFound"), 429: ref("TooManyRequests") },
    }),
    validated("param", Params),
    validated("json", v.object({ email: EmailSchema })),
    async (c) => {
      const tenantData = await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId);
      const ctx = { ...authContextOf(c), waitUntil: (work: Promise<unknown>) => c.executionCtx.waitUntil(work) };
      return c.json(await requestMyApplicationsLink(ctx, tenantData, c.req.valid("json").email, c.req.header("cf-connecting-ip") ?? "unknown"), 202);
    },
  )
  .get(
    "/api/v1/t/:slug/my/applications",
    describeRoute({
      operationId: "getMyApplications",
      tags: ["enrollment"],
      summary: "All my applications here, newest first: where each stands, the next step, and a link to the mentoring space of each match",
      security: myApplicationsLink,
      responses: { 200: jsonResponse("My applications", MyApplicationsSchema), 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 404: ref("NotFound") },
    }),
    validated("param", Params),
    withToken,
    async (c) => {
      c.header("cache-control", "no-store");
      return c.json(await myApplicationsView(c.var.mine, { secret: c.var.config.authSecret, origin: new URL(c.req.url).origin }));
    },
  );
