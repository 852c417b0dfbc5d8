/** `GET /api/v1/t/:slug`: an institution's public profile. */
import { Hono } from "hono";
import * as v from "valibot";
import { AppError, validate } from "../errors.js";
import type { AppEnv } from "../middleware/request-context.js";
import { getPublicInstitution } from "../services/tenants.js";

export const SlugSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$/, "must be 3–40 lowercase letters, digits or hyphens, not starting or ending with a hyphen"),
);

export const institutionRoutes = new Hono<AppEnv>().get("/api/v1/t/:slug", async (c) => {
  const { slug } = validate("params", v.object({ slug: SlugSchema }), c.req.param());
  const institution = await getPublicInstitution(c.var.db(), slug);
  if (!institution) throw AppError.notFound(`No institution has the address "${slug}".`);
  return c.json(institution);
});
