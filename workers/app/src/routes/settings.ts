/** An institution's settings: `/api/v1/t/:slug/settings`. */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { SettingsSchema, SlugSchema, TENANT_KINDS } from "@tandem/tenancy";
import * as v from "valibot";
import { staffOf, type TenantEnv } from "../middleware/auth.js";
import { jsonResponse, ProblemDetailsSchema, ref, responseSchema, validated } from "../openapi.js";
import { getSettings, updateSettings } from "../services/settings.js";

const SettingsViewSchema = v.object({
  slug: v.string(),
  name: v.string(),
  kind: v.picklist(TENANT_KINDS),
  timezone: v.string(),
  brandColor: v.string(),
  logoUrl: v.nullable(v.string()),
  allowedEmbedOrigins: v.array(v.string()),
  turnstileEnabled: v.boolean(),
  turnstileSiteKey: v.nullable(v.string()),
  /** The secret key is write-only: whether one is stored. */
  turnstileSecretSet: v.boolean(),
});
const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound") } as const;
const Params = v.object({ slug: SlugSchema });

export const settingsRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/settings",
    describeRoute({ operationId: "getSettings", tags: ["institutions"], summary: "The institution's settings (owners and admins)", responses: { 200: jsonResponse("Settings", v.object({ settings: SettingsViewSchema })), ...errors } }),
    validated("param", Params),
    staffOf("manageSettings"),
    async (c) => c.json({ settings: await getSettings(c.var.tenantData) }),
  )
  .patch(
    "/api/v1/t/:slug/settings",
    describeRoute({
      operationId: "updateSettings",
      tags: ["institutions"],
      summary: "Change the name, time zone, branding, embed origins or Turnstile (its widget's site key and write-only secret key)",
      responses: {
        200: jsonResponse("Updated", v.object({ settings: SettingsViewSchema })),
        ...errors,
        422: {
          description: "Turnstile would be on without both keys of the institution's widget; `errors` names the missing ones.",
          content: { "application/problem+json": { schema: responseSchema(ProblemDetailsSchema) } },
        },
      },
    }),
    validated("param", Params),
    validated("json", SettingsSchema),
    staffOf("manageSettings"),
    async (c) => c.json({ settings: await updateSettings(c.var.tenantData, c.req.valid("json")) }),
  );
