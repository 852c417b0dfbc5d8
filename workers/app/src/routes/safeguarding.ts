/**
 * A program's safeguarding settings (issue #8): `/api/v1/t/:slug/programs/:program/safeguarding`.
 * Which screening steps and how much training a mentor needs before matching,
 * the code of conduct they sign, and what each side of a youth match sees.
 */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { ProgramSlugSchema } from "@tandem/programs";
import { CONTACT_SHARING, SafeguardingSettingsSchema, SCREENING_STEP_LABELS, SCREENING_STEPS } from "@tandem/safeguarding";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { staffOf, type TenantEnv } from "../middleware/auth.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { findProgramBySlug } from "../services/forms.js";
import { safeguardingSettingsOf, saveSafeguardingSettings } from "../services/safeguarding.js";

const ProgramParams = v.object({ slug: SlugSchema, program: ProgramSlugSchema });
const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound") } as const;

export const SafeguardingSettingsResponse = v.object({
  settings: v.object({
    screeningRequired: v.boolean(),
    screeningSteps: v.array(v.picklist(SCREENING_STEPS)),
    referencesRequired: v.number(),
    backgroundCheckValidMonths: v.number(),
    commitmentMonths: v.number(),
    codeOfConduct: v.string(),
    trainingRequired: v.boolean(),
    minTrainingMinutes: v.number(),
    trainingDueOn: v.nullable(v.string()),
    mentorSees: v.picklist(CONTACT_SHARING),
    menteeSees: v.picklist(CONTACT_SHARING),
  }),
  steps: v.pipe(v.array(v.object({ key: v.picklist(SCREENING_STEPS), label: v.string() })), v.description("The standard screening steps a program chooses from, in order")),
});

const stepList = SCREENING_STEPS.map((key) => ({ key, label: SCREENING_STEP_LABELS[key] }));

export const safeguardingRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/programs/:program/safeguarding",
    describeRoute({ operationId: "getSafeguardingSettings", tags: ["safeguarding"], summary: "What a mentor must complete before matching, the code of conduct, and contact sharing in youth programs", responses: { 200: jsonResponse("The settings", SafeguardingSettingsResponse), ...errors } }),
    validated("param", ProgramParams),
    staffOf("readReports"),
    async (c) => {
      const program = await findProgramBySlug(c.var.tenantData, c.req.valid("param").program);
      return c.json({ settings: await safeguardingSettingsOf(c.var.tenantData, program.id), steps: stepList });
    },
  )
  .patch(
    "/api/v1/t/:slug/programs/:program/safeguarding",
    describeRoute({ operationId: "updateSafeguardingSettings", tags: ["safeguarding"], summary: "Change the safeguarding settings; what is left out stays as it is", responses: { 200: jsonResponse("Saved", SafeguardingSettingsResponse), ...errors } }),
    validated("param", ProgramParams),
    validated("json", SafeguardingSettingsSchema),
    staffOf("managePrograms"),
    async (c) => {
      const program = await findProgramBySlug(c.var.tenantData, c.req.valid("param").program);
      return c.json({ settings: await saveSafeguardingSettings(c.var.tenantData, program, c.req.valid("json")), steps: stepList });
    },
  );
