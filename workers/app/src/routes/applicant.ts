/**
 * For applicants and guardians, without an account: `/api/v1/t/:slug/applications/status`
 * (see, edit, withdraw), `/consent` (review and consent), `/consent/manage` and
 * `/consent/withdraw` (the guardian's link from their receipt).
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { PersonNameSchema, SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { authContextOf } from "../middleware/auth.js";
import type { AppEnv } from "../middleware/request-context.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { editApplication, getApplicationStatus, getConsentRequest, giveConsent, withdrawApplication } from "../services/applicant.js";
import { getConsentManagement, withdrawConsent } from "../services/guardian.js";
import { tenantDataForPublic } from "../services/public-tenant.js";
import { Text } from "./relationships.js";

const Params = v.object({ slug: SlugSchema });
const Token = v.pipe(v.string(), v.minLength(10, "is not a valid link token"), v.maxLength(200));
const StatusSchema = v.object({
  program: v.object({ slug: v.string(), name: v.string() }),
  role: v.string(),
  status: v.string(),
  firstName: v.string(),
  answers: v.record(v.string(), v.unknown()),
  answerList: v.array(v.object({ key: v.string(), label: v.string(), value: v.string() })),
  canWithdraw: v.boolean(),
  canEdit: v.boolean(),
  /** The form to edit the answers in (the program's current questions), while they can change; else null. */
  form: v.nullable(v.object({ program: v.object({ slug: v.string(), name: v.string() }), role: v.string(), questions: v.array(v.record(v.string(), v.unknown())) })),
  submittedAt: v.string(),
  /** Once the applicant has an active match: a fresh link to their mentoring space (the newest match's). */
  portalUrl: v.nullable(v.string()),
  portals: v.array(v.object({ matchId: v.string(), partnerFirstName: v.string(), url: v.string() })),
});
const errors = { 400: ref("ValidationFailed"), 404: ref("NotFound"), 409: ref("Conflict") } as const;
const ProgramSummary = v.object({ name: v.string(), description: v.string(), expectations: v.string(), startsOn: v.nullable(v.string()), endsOn: v.nullable(v.string()) });
const ConsentRecord = v.object({
  institution: v.object({ name: v.string() }),
  program: ProgramSummary,
  applicant: v.object({ firstName: v.string(), lastName: v.string() }),
  guardianName: v.string(),
  signature: v.nullable(v.string()),
  consentedAt: v.nullable(v.string()),
  withdrawnAt: v.pipe(v.nullable(v.string()), v.description("When the guardian withdrew consent; null while it stands")),
  match: v.pipe(v.picklist(["none", "active", "paused"]), v.description("Whether the mentee is matched, and whether the match is paused; never who the mentor is")),
});
const WithdrawBody = v.object({
  token: Token,
  confirm: v.literal(true, "must be checked to withdraw consent"),
  reason: v.optional(Text(1000)),
});
const EditBody = v.object({
  token: Token,
  /** Every answer, as for a new application; `email` may be left out, and cannot change. */
  answers: v.record(v.string(), v.unknown(), "must be an object of answers by question key"),
});

export const applicantRoutes = new Hono<AppEnv>()
  .get(
    "/api/v1/t/:slug/applications/status",
    describeRoute({ operationId: "getApplicationStatus", tags: ["enrollment"], summary: "An applicant's own application, by the token in their confirmation email", responses: { 200: jsonResponse("The application", StatusSchema), ...errors } }),
    validated("param", Params),
    validated("query", v.object({ token: Token })),
    async (c) => {
      const tenantData = await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId);
      return c.json(await getApplicationStatus(tenantData, c.req.valid("query").token, { secret: c.var.config.authSecret, origin: new URL(c.req.url).origin }));
    },
  )
  .put(
    "/api/v1/t/:slug/applications/status",
    describeRoute({
      operationId: "editApplication",
      tags: ["enrollment"],
      summary: "Change one's own answers before review, checked against the program's current form; the email cannot change",
      responses: { 200: jsonResponse("Saved", v.object({ ...StatusSchema.entries, message: v.string() })), ...errors, 429: ref("TooManyRequests") },
    }),
    validated("param", Params),
    validated("json", EditBody),
    async (c) => {
      const { token, answers } = c.req.valid("json");
      const tenantData = await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId);
      return c.json(await editApplication(authContextOf(c), tenantData, token, answers, c.req.header("cf-connecting-ip") ?? "unknown"));
    },
  )
  .post(
    "/api/v1/t/:slug/applications/status/withdraw",
    describeRoute({ operationId: "withdrawApplication", tags: ["enrollment"], summary: "Withdraw one's own application before it is reviewed", responses: { 200: jsonResponse("Withdrawn", StatusSchema), ...errors } }),
    validated("param", Params),
    validated("json", v.object({ token: Token })),
    async (c) => c.json(await withdrawApplication(await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId), c.req.valid("json").token)),
  )
  .get(
    "/api/v1/t/:slug/consent",
    describeRoute({
      operationId: "getConsentRequest",
      tags: ["enrollment"],
      summary: "What a guardian reviews before consenting: the program, its expectations, the applicant",
      responses: {
        200: jsonResponse(
          "The request",
          v.object({ institution: v.object({ name: v.string() }), program: ProgramSummary, applicant: v.object({ firstName: v.string(), lastName: v.string() }), guardianName: v.string(), consented: v.boolean(), consentingAgain: v.boolean() }),
        ),
        ...errors,
      },
    }),
    validated("param", Params),
    validated("query", v.object({ token: Token })),
    async (c) => c.json(await getConsentRequest(await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId), c.req.valid("query").token)),
  )
  .post(
    "/api/v1/t/:slug/consent",
    describeRoute({
      operationId: "giveConsent",
      tags: ["enrollment"],
      summary: "A guardian consents, signing with their typed name; the application goes to review (or, consenting again, its paused match resumes). The guardian is emailed a receipt with a link to withdraw",
      responses: { 200: jsonResponse("Consented", v.object({ status: v.picklist(["submitted", "approved"]), signedAt: v.string(), resumed: v.boolean() })), ...errors },
    }),
    validated("param", Params),
    validated("json", v.object({ token: Token, signature: PersonNameSchema, consent: v.literal(true, "must be checked to give consent") })),
    async (c) => {
      const { token, signature } = c.req.valid("json");
      const tenantData = await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId);
      return c.json(await giveConsent(authContextOf(c), tenantData, token, signature, c.req.header("cf-connecting-ip") ?? "unknown"));
    },
  )
  .get(
    "/api/v1/t/:slug/consent/manage",
    describeRoute({
      operationId: "getConsentRecord",
      tags: ["enrollment"],
      summary: "A guardian's consent on record, by the link in their receipt: who signed, when, whether it was withdrawn",
      responses: { 200: jsonResponse("The consent", ConsentRecord), ...errors },
    }),
    validated("param", Params),
    validated("query", v.object({ token: Token })),
    async (c) => c.json(await getConsentManagement(await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId), c.req.valid("query").token)),
  )
  .post(
    "/api/v1/t/:slug/consent/withdraw",
    describeRoute({
      operationId: "withdrawConsent",
      tags: ["enrollment"],
      summary: "A guardian withdraws consent: the application waits for consent again and the mentee's match is paused; the coordinators and the mentor are told (409 if already withdrawn)",
      responses: { 200: jsonResponse("Withdrawn: the consent as it now stands", ConsentRecord), ...errors },
    }),
    validated("param", Params),
    validated("json", WithdrawBody),
    async (c) => {
      const { token, reason } = c.req.valid("json");
      const tenantData = await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId);
      return c.json(await withdrawConsent(authContextOf(c), tenantData, token, reason));
    },
  );
