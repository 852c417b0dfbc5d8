/**
 * Mentor training for coordinators (issue #8): `/api/v1/t/:slug/programs/:program/training/…`.
 * The program's modules (text, duration, optional quiz), their order, the
 * starter set, and each mentor's progress with in-person attendance.
 * A module or mentor of another program is as good as absent (404).
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { ProgramSlugSchema } from "@tandem/programs";
import { QuizSchema } from "@tandem/safeguarding";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { staffOf, type TenantEnv } from "../middleware/auth.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import {
  addStarterModules,
  clearAttendance,
  createModule,
  deleteModule,
  listModules,
  markAttendance,
  MODULE_STATES,
  reorderModules,
  trainingProgressOf,
  updateModule,
} from "../services/training.js";
import { IsoDate } from "./relationships.js";

const ProgramParams = v.object({ slug: SlugSchema, program: ProgramSlugSchema });
const ModuleId = v.pipe(v.string(), v.uuid("must be a module id"));
const ModuleParams = v.object({ ...ProgramParams.entries, moduleId: ModuleId });
const AttendanceParams = v.object({ ...ProgramParams.entries, applicationId: v.pipe(v.string(), v.uuid("must be an application id")), moduleId: ModuleId });
const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound") } as const;

const Title = v.pipe(v.string("must be text"), v.trim(), v.minLength(1, "is required"), v.maxLength(120, "must be at most 120 characters"));
const Content = v.pipe(v.string("must be text"), v.trim(), v.maxLength(20_000, "must be at most 20,000 characters"));
const Duration = v.pipe(v.number("must be a number of minutes"), v.integer("must be a whole number of minutes"), v.minValue(1, "must be from 1 to 600 minutes"), v.maxValue(600, "must be from 1 to 600 minutes"));
const Required = v.boolean("must be true or false");
const ModuleQuiz = v.nullable(QuizSchema);

const CreateBody = v.object({
  title: Title,
  content: v.optional(Content, ""),
  durationMinutes: Duration,
  required: v.optional(Required, true),
  quiz: v.optional(ModuleQuiz, null),
});
const UpdateBody = v.object({ title: v.optional(Title), content: v.optional(Content), durationMinutes: v.optional(Duration), required: v.optional(Required), quiz: v.optional(ModuleQuiz) });

const QuizOut = v.object({ passMark: v.number(), questions: v.array(v.object({ id: v.string(), prompt: v.string(), options: v.array(v.string()), answer: v.pipe(v.number(), v.description("Index of the right option")) })) });
const ModuleOut = v.object({
  id: v.string(),
  position: v.number(),
  title: v.string(),
  content: v.pipe(v.string(), v.description("As written: a small Markdown subset")),
  html: v.pipe(v.string(), v.description("The content as mentors see it: safe HTML (raw HTML escaped, http(s)/mailto links only, YouTube/Vimeo lines as embedded players)")),
  durationMinutes: v.number(),
  required: v.boolean(),
  quiz: v.nullable(QuizOut),
  createdAt: v.string(),
  updatedAt: v.string(),
});
const ListOut = v.object({
  program: v.object({ slug: v.string(), name: v.string(), type: v.string() }),
  modules: v.array(ModuleOut),
  totalMinutes: v.number(),
});
const MentorProgressOut = v.object({
  applicationId: v.string(),
  firstName: v.string(),
  lastName: v.string(),
  email: v.string(),
  applicationStatus: v.string(),
  complete: v.pipe(v.boolean(), v.description("Every required module done and the program's minimum minutes reached")),
  started: v.boolean(),
  doneModules: v.number(),
  requiredModules: v.number(),
  requiredDone: v.number(),
  minutesDone: v.number(),
  stuck: v.pipe(v.boolean(), v.description(`A module started ≥ 7 days ago and not done, or its quiz failed ≥ 3 times`)),
  stuckReasons: v.array(v.string()),
  modules: v.array(
    v.object({
      moduleId: v.string(),
      state: v.picklist(MODULE_STATES),
      bestScore: v.nullable(v.number()),
      attempts: v.number(),
      failedAttempts: v.number(),
      startedAt: v.nullable(v.string()),
      completedAt: v.nullable(v.string()),
      quizPassedAt: v.nullable(v.string()),
      attendedOn: v.nullable(v.string()),
      stuck: v.boolean(),
    }),
  ),
});
const ProgressOut = v.object({
  program: v.object({ slug: v.string(), name: v.string(), type: v.string() }),
  today: v.pipe(v.string(), v.description("The institution's local date (YYYY-MM-DD): the latest day attendance can be recorded on")),
  requirement: v.object({ required: v.boolean(), minMinutes: v.number(), dueOn: v.nullable(v.string()) }),
  modules: v.array(v.object({ id: v.string(), title: v.string(), durationMinutes: v.number(), required: v.boolean(), hasQuiz: v.boolean() })),
  counts: v.object({ mentors: v.number(), done: v.number(), inProgress: v.number(), notStarted: v.number(), stuck: v.number() }),
  mentors: v.array(MentorProgressOut),
});

const base = "/api/v1/t/:slug/programs/:program/training";

export const trainingRoutes = new Hono<TenantEnv>()
  .get(
    `${base}/modules`,
    describeRoute({ operationId: "listTrainingModules", tags: ["safeguarding"], summary: "The program's training modules in order, with quiz answers (staff only)", responses: { 200: jsonResponse("Modules", ListOut), ...errors } }),
    validated("param", ProgramParams),
    staffOf("readReports"),
    async (c) => c.json(await listModules(c.var.tenantData, c.req.valid("param").program)),
  )
  .post(
    `${base}/modules`,
    describeRoute({ operationId: "createTrainingModule", tags: ["safeguarding"], summary: "Add a module at the end: title, content, duration, whether it is required, an optional quiz", responses: { 201: jsonResponse("Added", v.object({ module: ModuleOut })), ...errors } }),
    validated("param", ProgramParams),
    validated("json", CreateBody),
    staffOf("managePrograms"),
    async (c) => c.json(await createModule(c.var.tenantData, c.req.valid("param").program, c.req.valid("json")), 201),
  )
  .patch(
    `${base}/modules/:moduleId`,
    describeRoute({ operationId: "updateTrainingModule", tags: ["safeguarding"], summary: "Change a module; what is left out stays as it is (`quiz: null` removes the quiz)", responses: { 200: jsonResponse("Saved", v.object({ module: ModuleOut })), ...errors } }),
    validated("param", ModuleParams),
    validated("json", UpdateBody),
    staffOf("managePrograms"),
    async (c) => {
      const { program, moduleId } = c.req.valid("param");
      return c.json(await updateModule(c.var.tenantData, program, moduleId, c.req.valid("json")));
    },
  )
  .delete(
    `${base}/modules/:moduleId`,
    describeRoute({ operationId: "deleteTrainingModule", tags: ["safeguarding"], summary: "Remove a module, with every mentor's progress and quiz attempts on it", responses: { 204: { description: "Removed" }, ...errors } }),
    validated("param", ModuleParams),
    staffOf("managePrograms"),
    async (c) => {
      const { program, moduleId } = c.req.valid("param");
      await deleteModule(c.var.tenantData, program, moduleId);
      return c.body(null, 204);
    },
  )
  .put(
    `${base}/order`,
    describeRoute({ operationId: "reorderTrainingModules", tags: ["safeguarding"], summary: "Put the modules in this order; the list names every module of the program once", responses: { 200: jsonResponse("Reordered", ListOut), ...errors } }),
    validated("param", ProgramParams),
    validated("json", v.object({ moduleIds: v.pipe(v.array(ModuleId, "must be a list of module ids"), v.maxLength(200, "lists too many modules")) })),
    staffOf("managePrograms"),
    async (c) => c.json(await reorderModules(c.var.tenantData, c.req.valid("param").program, c.req.valid("json").moduleIds)),
  )
  .post(
    `${base}/starter-modules`,
    describeRoute({
      operationId: "addStarterTrainingModules",
      tags: ["safeguarding"],
      summary: "Append the starter modules for the program's type (expectations, boundaries and safety, active listening, goal setting); 409 when modules of those titles exist",
      responses: { 201: jsonResponse("Added", ListOut), ...errors, 409: ref("Conflict") },
    }),
    validated("param", ProgramParams),
    staffOf("managePrograms"),
    async (c) => c.json(await addStarterModules(c.var.tenantData, c.req.valid("param").program), 201),
  )
  .get(
    `${base}/progress`,
    describeRoute({
      operationId: "getTrainingProgress",
      tags: ["safeguarding"],
      summary: "Every mentor still in the program (not withdrawn or rejected) with each module's state, who is done, in progress, not started or stuck",
      responses: { 200: jsonResponse("Progress", ProgressOut), ...errors },
    }),
    validated("param", ProgramParams),
    staffOf("managePrograms"),
    async (c) => c.json(await trainingProgressOf(c.var.tenantData, c.req.valid("param").program)),
  )
  .post(
    `${base}/progress/:applicationId/:moduleId/attendance`,
    describeRoute({ operationId: "markTrainingAttendance", tags: ["safeguarding"], summary: "Record that the mentor attended this module in person, on a date up to today", responses: { 200: jsonResponse("The mentor's progress", v.object({ mentor: MentorProgressOut })), ...errors, 409: ref("Conflict") } }),
    validated("param", AttendanceParams),
    validated("json", v.object({ attendedOn: IsoDate })),
    staffOf("managePrograms"),
    async (c) => {
      const { program, applicationId, moduleId } = c.req.valid("param");
      return c.json(await markAttendance(c.var.tenantData, program, applicationId, moduleId, c.req.valid("json").attendedOn, c.var.user.id));
    },
  )
  .delete(
    `${base}/progress/:applicationId/:moduleId/attendance`,
    describeRoute({ operationId: "clearTrainingAttendance", tags: ["safeguarding"], summary: "Take back an in-person attendance recorded by mistake", responses: { 200: jsonResponse("The mentor's progress", v.object({ mentor: MentorProgressOut })), ...errors, 409: ref("Conflict") } }),
    validated("param", AttendanceParams),
    staffOf("managePrograms"),
    async (c) => {
      const { program, applicationId, moduleId } = c.req.valid("param");
      return c.json(await clearAttendance(c.var.tenantData, program, applicationId, moduleId));
    },
  );
