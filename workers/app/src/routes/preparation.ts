/**
 * A volunteer mentor's preparation before matching (issue #8), without an
 * account, by the token in their application status link (or the signed link in a training reminder):
 * `/api/v1/t/:slug/applications/status/preparation` (training, code of
 * conduct, commitment, readiness) and the steps they take there.
 */
import { type Context, Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { PersonNameSchema, SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import type { AppEnv } from "../middleware/request-context.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { acceptCommitment, attemptQuiz, completeModule, getPreparation, preparationAccess, signCodeOfConduct } from "../services/preparation.js";
import { MODULE_STATES } from "../services/training.js";

const Params = v.object({ slug: SlugSchema });
const ModuleParams = v.object({ slug: SlugSchema, moduleId: v.pipe(v.string(), v.uuid("must be a module id")) });
const Token = v.pipe(v.string(), v.minLength(10, "is not a valid link token"), v.maxLength(400));
const errors = { 400: ref("ValidationFailed"), 404: ref("NotFound"), 409: ref("Conflict") } as const;

const PreparationOut = v.object({
  program: v.object({ slug: v.string(), name: v.string() }),
  applicationStatus: v.string(),
  canAct: v.pipe(v.boolean(), v.description("Whether the mentor can take the steps now (a submitted or approved application)")),
  training: v.object({
    required: v.boolean(),
    minMinutes: v.number(),
    minutesDone: v.number(),
    totalMinutes: v.number(),
    doneModules: v.number(),
    totalModules: v.number(),
    complete: v.pipe(v.boolean(), v.description("Every required module done and the minimum minutes reached")),
    dueOn: v.nullable(v.string()),
    modules: v.array(
      v.object({
        id: v.string(),
        title: v.string(),
        durationMinutes: v.number(),
        required: v.boolean(),
        html: v.pipe(v.string(), v.description("The module's content as safe HTML")),
        quiz: v.nullable(v.object({ passMark: v.number(), questions: v.array(v.object({ id: v.string(), prompt: v.string(), options: v.array(v.string()) })) })),
        state: v.picklist(MODULE_STATES),
        done: v.boolean(),
        bestScore: v.nullable(v.number()),
        attempts: v.number(),
        passedAt: v.nullable(v.string()),
        completedAt: v.nullable(v.string()),
        attendedOn: v.nullable(v.string()),
      }),
    ),
  }),
  codeOfConduct: v.object({ required: v.boolean(), text: v.string(), html: v.string(), signedAt: v.nullable(v.string()), signature: v.nullable(v.string()) }),
  commitment: v.object({ required: v.boolean(), months: v.number(), acceptedAt: v.nullable(v.string()), acceptedMonths: v.nullable(v.number()) }),
  ready: v.pipe(v.boolean(), v.description("Ready for matching: screened and trained as far as the program requires")),
  blockers: v.pipe(v.array(v.string()), v.description("What still stands between the mentor and matching, in the mentor's words")),
});
const StepOut = v.object({ message: v.string(), preparation: PreparationOut });

const base = "/api/v1/t/:slug/applications/status/preparation";
const ipOf = (header: string | undefined) => header ?? "unknown";

const preparing = (c: Context<AppEnv>, slug: string, token: string) => preparationAccess(c.var.db(), c.var.config.authSecret, slug, token, c.var.requestId);

export const preparationRoutes = new Hono<AppEnv>()
  .get(
    base,
    describeRoute({
      operationId: "getPreparation",
      tags: ["safeguarding"],
      summary: "A mentor's own preparation before matching, by their status link: training modules (quizzes without answers), code of conduct, commitment, readiness",
      responses: { 200: jsonResponse("The preparation", PreparationOut), ...errors },
    }),
    validated("param", Params),
    validated("query", v.object({ token: Token })),
    async (c) => {
      const { tenantData, who } = await preparing(c, c.req.valid("param").slug, c.req.valid("query").token);
      return c.json(await getPreparation(tenantData, who));
    },
  )
  .post(
    `${base}/modules/:moduleId/complete`,
    describeRoute({ operationId: "completeTrainingModule", tags: ["safeguarding"], summary: "Mark a module as read; one with a quiz is done once the quiz is passed", responses: { 200: jsonResponse("Recorded", StepOut), ...errors } }),
    validated("param", ModuleParams),
    validated("json", v.object({ token: Token })),
    async (c) => {
      const { slug, moduleId } = c.req.valid("param");
      const { tenantData, who } = await preparing(c, slug, c.req.valid("json").token);
      return c.json(await completeModule(tenantData, who, moduleId));
    },
  )
  .post(
    `${base}/modules/:moduleId/quiz`,
    describeRoute({
      operationId: "attemptTrainingQuiz",
      tags: ["safeguarding"],
      summary: "Answer a module's quiz (every question, by option index); each attempt is recorded with its score; at most 10 attempts per module in 24 hours",
      responses: {
        200: jsonResponse(
          "Graded",
          v.object({ score: v.pipe(v.number(), v.description("Percentage right, rounded down")), passed: v.boolean(), passMark: v.number(), correct: v.record(v.string(), v.boolean()), preparation: PreparationOut }),
        ),
        ...errors,
        429: ref("TooManyRequests"),
      },
    }),
    validated("param", ModuleParams),
    validated(
      "json",
      v.object({
        token: Token,
        answers: v.record(v.pipe(v.string(), v.maxLength(40)), v.pipe(v.number("must be the index of an option"), v.integer("must be the index of an option"), v.minValue(0, "must be the index of an option")), "must be an object of option indexes by question id"),
      }),
    ),
    async (c) => {
      const { slug, moduleId } = c.req.valid("param");
      const { token, answers } = c.req.valid("json");
      const { tenantData, who } = await preparing(c, slug, token);
      return c.json(await attemptQuiz(tenantData, who, moduleId, answers));
    },
  )
  .post(
    `${base}/code-of-conduct`,
    describeRoute({ operationId: "signCodeOfConduct", tags: ["safeguarding"], summary: "Sign the program's code of conduct with one's typed name; the text, time and IP are recorded. Once.", responses: { 200: jsonResponse("Signed", StepOut), ...errors } }),
    validated("param", Params),
    validated("json", v.object({ token: Token, signature: PersonNameSchema, agree: v.literal(true, "must be checked to sign") })),
    async (c) => {
      const { token, signature } = c.req.valid("json");
      const { tenantData, who } = await preparing(c, c.req.valid("param").slug, token);
      return c.json(await signCodeOfConduct(tenantData, who, signature, ipOf(c.req.header("cf-connecting-ip"))));
    },
  )
  .post(
    `${base}/commitment`,
    describeRoute({ operationId: "acceptCommitment", tags: ["safeguarding"], summary: "Accept the program's minimum commitment (in months)", responses: { 200: jsonResponse("Accepted", StepOut), ...errors } }),
    validated("param", Params),
    validated("json", v.object({ token: Token, accept: v.literal(true, "must be checked to accept") })),
    async (c) => {
      const { tenantData, who } = await preparing(c, c.req.valid("param").slug, c.req.valid("json").token);
      return c.json(await acceptCommitment(tenantData, who));
    },
  );
