/** Page routes the Worker answers from static assets (paths with no file of their own). */
import { Hono } from "hono";
import type { HostEnv } from "../middleware/host-tenant.js";

/** A static page, copied so our security headers can be added (asset responses are immutable). */
async function page(env: HostEnv["Bindings"], requestUrl: string, path: string): Promise<Response> {
  const asset = await env.ASSETS.fetch(new Request(new URL(path, requestUrl)));
  return new Response(asset.body, asset);
}

/** The web console's overview of an institution (slugs are lowercase; an old link may not be). */
const consoleOverview = (slug: string) => `/console/${encodeURIComponent(slug.toLowerCase())}`;

export const pageRoutes = new Hono<HostEnv>()
  // On an institution's own host, its home is the institution's page in the web console; elsewhere, the landing page.
  .get("/", (c) => (c.var.hostTenantSlug ? c.redirect(consoleOverview(c.var.hostTenantSlug), 302) : page(c.env, c.req.url, "/")))
  // The institution's old dashboard address (in emails and bookmarks): its page is now the web console's overview.
  .get("/t/:slug", (c) => c.redirect(consoleOverview(c.req.param("slug")), 302))
  .get("/t/:slug/", (c) => c.redirect(consoleOverview(c.req.param("slug")), 302))
  // The retired dashboard page itself, from old bookmarks.
  .get("/dashboard", (c) => c.redirect("/console/", 302))
  .get("/dashboard.html", (c) => c.redirect("/console/", 302))
  // The hosted enrollment form, for institutions without a website of their own.
  .get("/t/:slug/p/:program/join", (c) => page(c.env, c.req.url, "/join"))
  // An applicant's own application, from the link in their confirmation email.
  .get("/t/:slug/applications/status", (c) => page(c.env, c.req.url, "/application-status"))
  // The web console is a single-page app: any deeper console path is its index.html (the app routes it).
  // A missing build file stays a 404: an HTML page in place of a script would only fail obscurely.
  .get("/console/*", (c) => (c.req.path.startsWith("/console/assets/") ? c.notFound() : page(c.env, c.req.url, "/console/")));
