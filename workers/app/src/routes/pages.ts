/** Page routes the Worker answers from static assets (paths with no file of their own). */
import { Hono } from "hono";
import type { HostEnv } from "../middleware/host-tenant.js";

const asset = (url: string, path: string) => new Request(new URL(path, url));

export const pageRoutes = new Hono<HostEnv>()
  // On an institution's own host, its home is the institution's page; elsewhere, the landing page.
  .get("/", (c) => c.env.ASSETS.fetch(asset(c.req.url, c.var.hostTenantSlug ? "/dashboard" : "/index.html")))
  .get("/t/:slug", (c) => c.env.ASSETS.fetch(asset(c.req.url, "/dashboard")));
