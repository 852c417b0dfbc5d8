/** `GET /api/v1/t/:slug`: an institution's public profile. */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { AppError } from "../errors.js";
import type { AppEnv } from "../middleware/request-context.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { getPublicInstitution } from "../services/tenants.js";
import { PublicInstitutionSchema } from "./schemas.js";

export const TenantParams = v.object({ slug: SlugSchema });

export const institutionRoutes = new Hono<AppEnv>().get(
  "/api/v1/t/:slug",
  describeRoute({
    operationId: "getInstitution",
    tags: ["institutions"],
    summary: "An institution's public profile (name, kind, time zone, branding)",
    responses: { 200: jsonResponse("The institution", PublicInstitutionSchema), 400: ref("ValidationFailed"), 404: ref("NotFound") },
  }),
  validated("param", TenantParams),
  async (c) => {
    const { slug } = c.req.valid("param");
    const institution = await getPublicInstitution(c.var.db(), slug);
    if (!institution) throw AppError.notFound(`No institution has the address "${slug}".`);
    return c.json(institution);
  },
);
