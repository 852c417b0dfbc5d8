/** Programs' enrollment forms (staff) and joining a program (public). */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { FormDefinitionSchema, PARTICIPANT_ROLES } from "@tandem/forms";
import { ProgramSlugSchema } from "@tandem/programs";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { authContextOf, staffOf, type TenantEnv } from "../middleware/auth.js";
import type { AppEnv } from "../middleware/request-context.js";
import { jsonResponse, ProblemDetailsSchema, ref, responseSchema, validated } from "../openapi.js";
import { getPublicForm, submitApplication } from "../services/applications.js";
import { getProgramForm, saveProgramForm } from "../services/forms.js";
import { tenantDataForPublic } from "../services/public-tenant.js";

const FormParams = v.object({ slug: SlugSchema, program: ProgramSlugSchema, role: v.picklist(PARTICIPANT_ROLES, "must be mentor or mentee") });
const QuestionList = v.array(v.record(v.string(), v.unknown()));
const FormView = v.object({ role: v.picklist(PARTICIPANT_ROLES), isStarter: v.boolean(), builtInFields: QuestionList, definition: v.record(v.string(), v.unknown()) });
const staffErrors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound") } as const;

export const formRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/programs/:program/forms/:role",
    describeRoute({ operationId: "getProgramForm", tags: ["programs"], summary: "A program's enrollment form for mentors or mentees (the starter form until one is saved)", responses: { 200: jsonResponse("The form", v.object({ form: FormView })), ...staffErrors } }),
    validated("param", FormParams),
    staffOf("readReports"),
    async (c) => {
      const { program, role } = c.req.valid("param");
      return c.json({ form: await getProgramForm(c.var.tenantData, program, role) });
    },
  )
  .put(
    "/api/v1/t/:slug/programs/:program/forms/:role",
    describeRoute({ operationId: "saveProgramForm", tags: ["programs"], summary: "Save a program's form: typed questions, and which feed matching", responses: { 200: jsonResponse("Saved", v.object({ form: FormView })), ...staffErrors } }),
    validated("param", FormParams),
    validated("json", FormDefinitionSchema),
    staffOf("managePrograms"),
    async (c) => {
      const { program, role } = c.req.valid("param");
      return c.json({ form: await saveProgramForm(c.var.tenantData, program, role, c.req.valid("json")) });
    },
  );

const PublicFormSchema = v.object({
  institution: v.object({ slug: v.string(), name: v.string(), brandColor: v.string(), logoUrl: v.nullable(v.string()) }),
  program: v.record(v.string(), v.unknown()),
  role: v.picklist(PARTICIPANT_ROLES),
  questions: QuestionList,
  minimumFillSeconds: v.number(),
  /** Present when the institution uses Cloudflare Turnstile: render its widget with this site key and send its token. */
  turnstile: v.nullable(v.object({ siteKey: v.string() })),
});
const SubmissionBody = v.object({
  answers: v.record(v.string(), v.unknown(), "must be an object of answers by question key"),
  /** Hidden from people; filled by bots. */
  website: v.optional(v.string()),
  /** When the form was shown (ms since the epoch). */
  startedAt: v.optional(v.pipe(v.number(), v.integer())),
  /** The Turnstile widget's token, required when the form has `turnstile` (Cloudflare's tokens are at most 2,048 characters). */
  turnstileToken: v.optional(v.pipe(v.string(), v.maxLength(2048, "is not a Turnstile token"))),
});

/** Joining needs no account: anyone may see an enrolling program's form and apply. */
export const joinRoutes = new Hono<AppEnv>()
  .get(
    "/api/v1/t/:slug/join/:program/:role",
    describeRoute({
      operationId: "getEnrollmentForm",
      tags: ["enrollment"],
      summary: "The enrollment form of an enrolling program, with the institution's branding",
      responses: { 200: jsonResponse("The form", PublicFormSchema), 400: ref("ValidationFailed"), 404: ref("NotFound"), 409: ref("Conflict") },
    }),
    validated("param", FormParams),
    async (c) => {
      const { slug, program, role } = c.req.valid("param");
      return c.json(await getPublicForm(await tenantDataForPublic(c.var.db(), slug, c.var.requestId), program, role));
    },
  )
  .post(
    "/api/v1/t/:slug/join/:program/:role",
    describeRoute({
      operationId: "applyToProgram",
      tags: ["enrollment"],
      summary: "Apply as a mentor or mentee; the same email again updates the pending application. With Turnstile on, send the widget's token as `turnstileToken`",
      responses: {
        201: jsonResponse("Received", v.object({ updated: v.boolean(), application: v.object({ id: v.string(), status: v.string(), role: v.string(), program: v.string() }), message: v.string() })),
        200: jsonResponse("An earlier application was updated", v.object({ updated: v.boolean(), message: v.string() })),
        400: ref("ValidationFailed"),
        404: ref("NotFound"),
        409: ref("Conflict"),
        429: ref("TooManyRequests"),
        503: {
          description: "The Turnstile check could not be made (Cloudflare did not answer, or the institution's keys are wrong); nothing was stored.",
          content: { "application/problem+json": { schema: responseSchema(ProblemDetailsSchema) } },
        },
      },
    }),
    validated("param", FormParams),
    validated("json", SubmissionBody),
    async (c) => {
      const { slug, program, role } = c.req.valid("param");
      const tenantData = await tenantDataForPublic(c.var.db(), slug, c.var.requestId);
      const result = await submitApplication(authContextOf(c), tenantData, program, role, { body: c.req.valid("json"), ip: c.req.header("cf-connecting-ip") ?? "unknown" });
      return c.json(result, result.updated ? 200 : 201);
    },
  );
