/**
 * On an institution's own host ({slug}.<base domain> or a custom domain),
 * the host decides the institution: its home page is at `/`, and the API
 * refuses to address any other institution from there (404).
 */
import { createMiddleware } from "hono/factory";
import { AppError } from "../errors.js";
import { resolveHostTenant } from "../services/host-tenant.js";
import type { AppEnv } from "./request-context.js";

export type HostEnv = AppEnv & { Variables: { hostTenantSlug: string | null } };

export const hostTenant = createMiddleware<HostEnv>(async (c, next) => {
  // The health check answers the same on every host, without a lookup.
  if (c.req.path === "/healthz") {
    c.set("hostTenantSlug", null);
    return next();
  }
  const slug = await resolveHostTenant(c.var.db, new URL(c.req.url).hostname, c.var.config.baseDomain);
  c.set("hostTenantSlug", slug);
  const addressed = /^\/(?:api\/v1\/)?t\/([^/]+)/.exec(c.req.path)?.[1];
  // Slugs are lowercase; an old link may not be (the /t/:slug redirect lowercases it).
  if (slug && addressed && addressed.toLowerCase() !== slug) throw AppError.notFound(`There is nothing at ${c.req.method} ${c.req.path}.`);
  await next();
});
