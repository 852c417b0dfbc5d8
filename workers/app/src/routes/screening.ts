/**
 * Volunteer screening (issue #8).
 * Staff: `/api/v1/t/:slug/programs/:program/screening…` — each mentor's
 * checklist, interview, background check and references. Sensitive: owners,
 * admins and the program's coordinators only (`manageScreening`); every view
 * and change is audited.
 * Public: `/api/v1/t/:slug/references` — the referee's form, by the one-time
 * token in their email, without an account.
 */
import { type Context, Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { ProgramSlugSchema } from "@tandem/programs";
import { SCREENING_STEPS } from "@tandem/safeguarding";
import { EmailSchema, PersonNameSchema, SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { authContextOf, staffOf, type TenantEnv } from "../middleware/auth.js";
import type { AppEnv } from "../middleware/request-context.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { tenantDataForPublic } from "../services/public-tenant.js";
import {
  addReference,
  deleteReference,
  getReferenceRequest,
  getScreening,
  KNOWN_FOR,
  listScreening,
  RECOMMEND,
  resendReference,
  submitReference,
  SUITABLE,
  updateReference,
  updateScreening,
} from "../services/screening.js";
import { IsoDate, Text } from "./relationships.js";

const uuid = (what: string) => v.pipe(v.string(), v.uuid(`must be ${what} id`));
const ProgramParams = v.object({ slug: SlugSchema, program: ProgramSlugSchema });
const MentorParams = v.object({ ...ProgramParams.entries, applicationId: uuid("an application") });
const ReferenceParams = v.object({ ...MentorParams.entries, referenceId: uuid("a reference") });
const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound") } as const;
const Required = (max: number) => v.pipe(Text(max), v.minLength(1, "is required"));
const APPLICATION_STATUSES = ["pending_consent", "submitted", "approved", "waitlisted", "rejected", "withdrawn"] as const;
const BACKGROUND_CHECK_STATUSES = ["pending", "cleared", "flagged"] as const;

// ---------------------------------------------------------------- response shapes

const Settings = v.object({
  screeningRequired: v.boolean(),
  screeningSteps: v.array(v.picklist(SCREENING_STEPS)),
  referencesRequired: v.number(),
  backgroundCheckValidMonths: v.number(),
  commitmentMonths: v.number(),
  trainingRequired: v.boolean(),
  minTrainingMinutes: v.number(),
});
const Status = v.object({
  screened: v.pipe(v.boolean(), v.description("Every required step complete and nothing expired; true when the program does not require screening")),
  steps: v.array(
    v.object({
      key: v.picklist(SCREENING_STEPS),
      label: v.string(),
      required: v.boolean(),
      state: v.picklist(["complete", "missing", "pending", "flagged", "expired"]),
      detail: v.pipe(v.string(), v.description("What is missing or wrong, in a sentence; empty when complete")),
    }),
  ),
  expiresOn: v.pipe(v.nullable(v.string()), v.description("When the cleared background check stops counting (local date), if the program requires one")),
  training: v.object({ complete: v.boolean(), requiredDone: v.number(), requiredModules: v.number(), minutesDone: v.number(), minMinutes: v.number(), missing: v.array(v.string()) }),
  ready: v.pipe(v.boolean(), v.description("May enter matching: screened and trained, as far as the program requires")),
  blockers: v.array(v.string()),
});
const ListResponse = v.object({
  program: v.object({ slug: v.string(), name: v.string() }),
  settings: Settings,
  today: v.pipe(v.string(), v.description("The institution's local date the statuses are computed for")),
  counts: v.object({ mentors: v.number(), screened: v.number(), ready: v.number() }),
  mentors: v.array(v.object({ applicationId: v.string(), firstName: v.string(), lastName: v.string(), email: v.string(), status: v.picklist(APPLICATION_STATUSES), ...Status.entries })),
});
const ReferenceView = v.object({
  id: v.string(),
  name: v.string(),
  email: v.string(),
  relationship: v.string(),
  notes: v.string(),
  requestedAt: v.nullable(v.string()),
  receivedAt: v.nullable(v.string()),
  linkOpen: v.pipe(v.boolean(), v.description("Whether the emailed form link still works")),
  response: v.pipe(
    v.nullable(v.object({ answers: v.record(v.string(), v.unknown()), signature: v.string(), submittedAt: v.string() })),
    v.description("The referee's answers from the form; null when none (not yet, or received another way)"),
  ),
  createdAt: v.string(),
});
const Detail = v.object({
  program: v.object({ slug: v.string(), name: v.string() }),
  settings: Settings,
  today: v.string(),
  mentor: v.object({ applicationId: v.string(), firstName: v.string(), lastName: v.string(), email: v.string(), status: v.picklist(APPLICATION_STATUSES), submittedAt: v.string() }),
  record: v.object({
    applicationReviewedAt: v.nullable(v.string()),
    applicationReviewedBy: v.nullable(v.object({ id: v.string(), name: v.string() })),
    interview: v.nullable(v.object({ on: v.string(), interviewer: v.string(), notes: v.string() })),
    backgroundCheck: v.nullable(v.object({ provider: v.string(), requestedOn: v.string(), status: v.picklist(BACKGROUND_CHECK_STATUSES), clearedOn: v.nullable(v.string()), expiresOn: v.nullable(v.string()) })),
    codeOfConduct: v.nullable(v.object({ signature: v.string(), signedAt: v.string(), ip: v.nullable(v.string()), text: v.string() })),
    commitment: v.nullable(v.object({ months: v.number(), acceptedAt: v.string() })),
    expiryNotifiedOn: v.nullable(v.string()),
    updatedAt: v.nullable(v.string()),
  }),
  references: v.array(ReferenceView),
  status: Status,
});

// ---------------------------------------------------------------- request bodies

const UpdateBody = v.object(
  {
    applicationReviewed: v.optional(v.boolean("must be true or false")),
    interview: v.optional(v.nullable(v.object({ on: IsoDate, interviewer: Required(120), notes: v.optional(Text(5000)) }, "is required"))),
    backgroundCheck: v.optional(
      v.nullable(
        v.object(
          {
            provider: Required(120),
            requestedOn: IsoDate,
            status: v.picklist(BACKGROUND_CHECK_STATUSES, `must be one of ${BACKGROUND_CHECK_STATUSES.join(", ")}`),
            clearedOn: v.optional(v.nullable(IsoDate)),
            expiresOn: v.optional(v.nullable(IsoDate)),
          },
          "is required",
        ),
      ),
    ),
  },
  "is required",
);
const NewReferenceBody = v.object({ name: PersonNameSchema, email: EmailSchema, relationship: v.optional(Text(200)), send: v.optional(v.boolean("must be true or false"), true) }, "is required");
const ReferenceChangeBody = v.object({ received: v.optional(v.boolean("must be true or false")), notes: v.optional(Text(2000)) }, "is required");

const Token = v.pipe(v.string("is required"), v.minLength(10, "is not a valid link token"), v.maxLength(200));
const ReferenceAnswersSchema = v.object(
  {
    knownFor: v.picklist(KNOWN_FOR, "choose how long you have known them"),
    relationship: Required(200),
    suitableWithYoungPeople: v.picklist(SUITABLE, "choose yes, no or not sure"),
    concerns: v.optional(Text(2000), ""),
    recommend: v.picklist(RECOMMEND, "choose yes or no"),
    comments: v.optional(Text(2000), ""),
  },
  "is required",
);
const Question = v.object({
  key: v.string(),
  type: v.picklist(["single_choice", "short_text", "long_text"]),
  label: v.string(),
  help: v.optional(v.string()),
  required: v.boolean(),
  max: v.optional(v.number()),
  choices: v.optional(v.array(v.object({ value: v.string(), label: v.string() }))),
});

function mailingOf<E extends AppEnv>(c: Context<E>) {
  const context = authContextOf(c);
  return { mailer: context.mailer, origin: context.origin };
}

// ---------------------------------------------------------------- staff routes

const BASE = "/api/v1/t/:slug/programs/:program/screening";

export const screeningRoutes = new Hono<TenantEnv>()
  .get(
    BASE,
    describeRoute({
      operationId: "listScreening",
      tags: ["safeguarding"],
      summary: "The program's volunteer mentors (not withdrawn or rejected) with each screening step, training, and whether they may enter matching. Every view is audited",
      responses: { 200: jsonResponse("Mentors", ListResponse), ...errors },
    }),
    validated("param", ProgramParams),
    staffOf("manageScreening"),
    async (c) => c.json(await listScreening(c.var.tenantData, c.req.valid("param").program)),
  )
  .get(
    `${BASE}/:applicationId`,
    describeRoute({
      operationId: "getScreening",
      tags: ["safeguarding"],
      summary: "One mentor's screening record: review, interview notes, background check, code of conduct signature, commitment, references with the referees' answers. Every view is audited",
      responses: { 200: jsonResponse("The record", Detail), ...errors },
    }),
    validated("param", MentorParams),
    staffOf("manageScreening"),
    async (c) => {
      const { program, applicationId } = c.req.valid("param");
      return c.json(await getScreening(c.var.tenantData, program, applicationId));
    },
  )
  .patch(
    `${BASE}/:applicationId`,
    describeRoute({
      operationId: "updateScreening",
      tags: ["safeguarding"],
      summary:
        "Record the application review, the interview or the background check (each replaced whole; null clears it). A cleared check needs its date and expires after the program's validity unless `expiresOn` is given",
      responses: { 200: jsonResponse("Saved", Detail), ...errors },
    }),
    validated("param", MentorParams),
    validated("json", UpdateBody),
    staffOf("manageScreening"),
    async (c) => {
      const { program, applicationId } = c.req.valid("param");
      return c.json(await updateScreening(c.var.tenantData, program, applicationId, c.req.valid("json"), c.var.user.id));
    },
  )
  .post(
    `${BASE}/:applicationId/references`,
    describeRoute({
      operationId: "addReference",
      tags: ["safeguarding"],
      summary: `Add a referee (at most 10 per mentor); unless \`send\` is false, they are emailed a one-time link to the reference form`,
      responses: { 201: jsonResponse("Added", Detail), ...errors, 409: ref("Conflict") },
    }),
    validated("param", MentorParams),
    validated("json", NewReferenceBody),
    staffOf("manageScreening"),
    async (c) => {
      const { program, applicationId } = c.req.valid("param");
      return c.json(await addReference(mailingOf(c), c.var.tenantData, program, applicationId, c.req.valid("json")), 201);
    },
  )
  .patch(
    `${BASE}/:applicationId/references/:referenceId`,
    describeRoute({
      operationId: "updateReference",
      tags: ["safeguarding"],
      summary: "Mark a reference received another way (by phone, on paper; its link stops working) or not received, and keep notes",
      responses: { 200: jsonResponse("Saved", Detail), ...errors },
    }),
    validated("param", ReferenceParams),
    validated("json", ReferenceChangeBody),
    staffOf("manageScreening"),
    async (c) => {
      const { program, applicationId, referenceId } = c.req.valid("param");
      return c.json(await updateReference(c.var.tenantData, program, applicationId, referenceId, c.req.valid("json")));
    },
  )
  .post(
    `${BASE}/:applicationId/references/:referenceId/resend`,
    describeRoute({
      operationId: "resendReference",
      tags: ["safeguarding"],
      summary: "Email the referee a new link; the earlier link stops working. Not for a reference already received",
      responses: { 200: jsonResponse("Sent", Detail), ...errors, 409: ref("Conflict") },
    }),
    validated("param", ReferenceParams),
    staffOf("manageScreening"),
    async (c) => {
      const { program, applicationId, referenceId } = c.req.valid("param");
      return c.json(await resendReference(mailingOf(c), c.var.tenantData, program, applicationId, referenceId));
    },
  )
  .delete(
    `${BASE}/:applicationId/references/:referenceId`,
    describeRoute({ operationId: "deleteReference", tags: ["safeguarding"], summary: "Remove a reference (its link stops working)", responses: { 200: jsonResponse("Removed", Detail), ...errors } }),
    validated("param", ReferenceParams),
    staffOf("manageScreening"),
    async (c) => {
      const { program, applicationId, referenceId } = c.req.valid("param");
      return c.json(await deleteReference(c.var.tenantData, program, applicationId, referenceId));
    },
  );

// ---------------------------------------------------------------- the referee's form

/** The referee's form, without an account. */
export const referenceRoutes = new Hono<AppEnv>()
  .get(
    "/api/v1/t/:slug/references",
    describeRoute({
      operationId: "getReferenceRequest",
      tags: ["safeguarding"],
      summary: "What a referee sees from their emailed link: who asks, about whom (first name and last initial), and the questions",
      responses: {
        200: jsonResponse(
          "The request",
          v.object({
            institution: v.object({ name: v.string() }),
            program: v.object({ name: v.string() }),
            mentor: v.object({ firstName: v.string(), lastInitial: v.string() }),
            refereeName: v.string(),
            questions: v.array(Question),
            submitted: v.boolean(),
          }),
        ),
        400: ref("ValidationFailed"),
        404: ref("NotFound"),
      },
    }),
    validated("param", v.object({ slug: SlugSchema })),
    validated("query", v.object({ token: Token })),
    async (c) => c.json(await getReferenceRequest(await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId), c.req.valid("query").token)),
  )
  .post(
    "/api/v1/t/:slug/references",
    describeRoute({
      operationId: "submitReference",
      tags: ["safeguarding"],
      summary: "A referee answers and signs with their typed name; the link works once, and the program's coordinators are told a reference arrived",
      responses: { 200: jsonResponse("Received", v.object({ submitted: v.literal(true), receivedAt: v.string() })), 400: ref("ValidationFailed"), 404: ref("NotFound") },
    }),
    validated("param", v.object({ slug: SlugSchema })),
    validated("json", v.object({ token: Token, answers: ReferenceAnswersSchema, signature: PersonNameSchema }, "is required")),
    async (c) => {
      const { token, answers, signature } = c.req.valid("json");
      const tenantData = await tenantDataForPublic(c.var.db(), c.req.valid("param").slug, c.var.requestId);
      return c.json(await submitReference(mailingOf(c), tenantData, token, answers, signature, c.req.header("cf-connecting-ip") ?? "unknown"));
    },
  );
