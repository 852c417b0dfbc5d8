/** An institution's programs: `/api/v1/t/:slug/programs…`. */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { CopyProgramSchema, CreateProgramSchema, PROGRAM_STATUSES, PROGRAM_TYPES, ProgramSlugSchema, UpdateProgramSchema } from "@tandem/programs";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { staffOf, type TenantEnv } from "../middleware/auth.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { listProgramCoordinators, programsRunBy, setProgramCoordinators } from "../services/program-staff.js";
import { changeProgramStatus, copyProgram, createProgram, getProgram, listPrograms, updateProgram } from "../services/programs.js";

const TenantParams = v.object({ slug: SlugSchema });
const ProgramParams = v.object({ slug: SlugSchema, program: ProgramSlugSchema });

const ProgramSchema = v.pipe(
  v.object({
    slug: v.string(),
    name: v.string(),
    type: v.picklist(PROGRAM_TYPES),
    status: v.picklist(PROGRAM_STATUSES),
    description: v.string(),
    objectives: v.array(v.string()),
    targetAudience: v.string(),
    expectations: v.string(),
    startsOn: v.nullable(v.string()),
    endsOn: v.nullable(v.string()),
    enrollmentOpensOn: v.nullable(v.string()),
    enrollmentClosesOn: v.nullable(v.string()),
    mentorCapacity: v.number(),
    checkinCadenceDays: v.number(),
    guardianConsentUnderAge: v.nullable(v.number()),
    allowedNextStatuses: v.array(v.picklist(PROGRAM_STATUSES)),
    createdAt: v.string(),
    updatedAt: v.string(),
  }),
  v.metadata({ ref: "Program" }),
);
const ProgramResponse = v.object({ program: ProgramSchema });
const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound") } as const;

export const programRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/programs",
    describeRoute({ operationId: "listPrograms", tags: ["programs"], summary: "The institution's programs, newest first (coordinators see the ones they run)", responses: { 200: jsonResponse("Programs", v.object({ programs: v.array(ProgramSchema) })), ...errors } }),
    validated("param", TenantParams),
    staffOf("readReports"),
    async (c) => {
      const onlyRunBy = c.var.role === "coordinator" ? await programsRunBy(c.var.tenantData, c.var.user.id) : undefined;
      return c.json({ programs: await listPrograms(c.var.tenantData, onlyRunBy) });
    },
  )
  .post(
    "/api/v1/t/:slug/programs",
    describeRoute({ operationId: "createProgram", tags: ["programs"], summary: "Create a program (a draft); unset settings take the type's defaults", responses: { 201: jsonResponse("Created", ProgramResponse), ...errors, 409: ref("Conflict") } }),
    validated("param", TenantParams),
    validated("json", CreateProgramSchema),
    staffOf("managePrograms"),
    async (c) => c.json({ program: await createProgram(c.var.tenantData, c.req.valid("json"), { userId: c.var.user.id, isCoordinator: c.var.role === "coordinator" }) }, 201),
  )
  .get(
    "/api/v1/t/:slug/programs/:program",
    describeRoute({ operationId: "getProgram", tags: ["programs"], summary: "One program, with the statuses it can move to", responses: { 200: jsonResponse("The program", ProgramResponse), ...errors } }),
    validated("param", ProgramParams),
    staffOf("readReports"),
    async (c) => c.json({ program: await getProgram(c.var.tenantData, c.req.valid("param").program) }),
  )
  .patch(
    "/api/v1/t/:slug/programs/:program",
    describeRoute({ operationId: "updateProgram", tags: ["programs"], summary: "Change a program's settings (not its type, address or status)", responses: { 200: jsonResponse("Updated", ProgramResponse), ...errors } }),
    validated("param", ProgramParams),
    validated("json", UpdateProgramSchema),
    staffOf("managePrograms"),
    async (c) => c.json({ program: await updateProgram(c.var.tenantData, c.req.valid("param").program, c.req.valid("json")) }),
  )
  .post(
    "/api/v1/t/:slug/programs/:program/status",
    describeRoute({
      operationId: "changeProgramStatus",
      tags: ["programs"],
      summary: "Move a program to its next status: draft → enrolling → matching → active → closed (closing completes its active matches and sends their closure surveys)",
      responses: { 200: jsonResponse("Moved", ProgramResponse), ...errors, 409: ref("Conflict") },
    }),
    validated("param", ProgramParams),
    validated("json", v.object({ status: v.picklist(PROGRAM_STATUSES, `must be one of ${PROGRAM_STATUSES.join(", ")}`) })),
    staffOf("managePrograms"),
    async (c) => c.json({ program: await changeProgramStatus(c.var.tenantData, c.req.valid("param").program, c.req.valid("json").status, c.env.JOBS) }),
  )
  .post(
    "/api/v1/t/:slug/programs/:program/copy",
    describeRoute({ operationId: "copyProgram", tags: ["programs"], summary: "Start next year's cohort from this program's settings (a new draft)", responses: { 201: jsonResponse("Copied", ProgramResponse), ...errors, 409: ref("Conflict") } }),
    validated("param", ProgramParams),
    validated("json", CopyProgramSchema),
    staffOf("managePrograms"),
    async (c) => c.json({ program: await copyProgram(c.var.tenantData, c.req.valid("param").program, c.req.valid("json")) }, 201),
  );

const CoordinatorsSchema = v.object({ coordinators: v.array(v.object({ userId: v.string(), name: v.string(), email: v.string() })) });

export const programCoordinatorRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/programs/:program/coordinators",
    describeRoute({ operationId: "listProgramCoordinators", tags: ["programs"], summary: "The coordinators who run a program", responses: { 200: jsonResponse("Coordinators", CoordinatorsSchema), ...errors } }),
    validated("param", ProgramParams),
    staffOf("readReports"),
    async (c) => c.json({ coordinators: await listProgramCoordinators(c.var.tenantData, c.req.valid("param").program) }),
  )
  .put(
    "/api/v1/t/:slug/programs/:program/coordinators",
    describeRoute({ operationId: "setProgramCoordinators", tags: ["programs"], summary: "Choose which coordinators run a program (owners and admins)", responses: { 200: jsonResponse("Set", CoordinatorsSchema), ...errors } }),
    validated("param", ProgramParams),
    validated("json", v.object({ userIds: v.pipe(v.array(v.pipe(v.string(), v.uuid("must be a user id"))), v.maxLength(50, "at most 50 coordinators")) })),
    staffOf("manageStaff"),
    async (c) => c.json({ coordinators: await setProgramCoordinators(c.var.tenantData, c.req.valid("param").program, c.req.valid("json").userIds) }),
  );
