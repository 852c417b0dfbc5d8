/** Who is asking: the signed-in user, their institution and role, and CSRF protection. */
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { can, type Permission, SlugSchema, type StaffRole } from "@tandem/tenancy";
import * as v from "valibot";
import { TenantData } from "../data/tenant-data.js";
import { findTenantBySlug } from "../data/tenants.js";
import type { UserSummary } from "../data/users.js";
import { AppError } from "../errors.js";
import { JOIN_PATH } from "./embed-cors.js";
import { type AuthContext, currentUser } from "../services/auth.js";
import { coordinatorMayRun } from "../services/program-staff.js";
import { findMembership } from "../services/staff.js";
import type { AppEnv } from "./request-context.js";

export type SignedInEnv = AppEnv & { Variables: { user: UserSummary } };
export type TenantEnv = SignedInEnv & { Variables: { tenantData: TenantData; role: StaffRole } };

export function authContextOf<E extends AppEnv>(c: Context<E>): AuthContext {
  return {
    db: c.var.db(),
    config: c.var.config,
    origin: new URL(c.req.url).origin,
    headers: c.req.raw.headers,
    mailer: c.var.mailer(),
    jobs: c.env.JOBS,
    waitUntil: (promise) => c.executionCtx.waitUntil(promise),
  };
}

/** Appends Set-Cookie headers to whatever response the handler produced. */
export function forwardCookies(c: Context, setCookies: string[]): void {
  for (const cookie of setCookies) c.res.headers.append("set-cookie", cookie);
}

export const requireUser = createMiddleware<SignedInEnv>(async (c, next) => {
  const { value: user, setCookies } = await currentUser(authContextOf(c));
  if (!user) throw new AppError(401, "not-signed-in", "Sign in to continue.");
  c.set("user", user);
  await next();
  forwardCookies(c, setCookies);
});

/**
 * Resolves `:slug` to an institution the signed-in user is staff of, with a
 * role allowed `permission`. An unknown institution and one the user does not
 * belong to get the same 404, so nobody learns which addresses exist; a member
 * whose role is not enough gets 403.
 */
export function staffOf(permission: Permission) {
  return createMiddleware<TenantEnv>(async (c, next) => {
    const slug = c.req.param("slug") ?? "";
    const notFound = AppError.notFound(`No institution has the address "${slug}".`);
    // Routes validate params first; should one not, a malformed slug is simply no institution.
    const tenant = v.is(SlugSchema, slug) ? await findTenantBySlug(c.var.db(), slug) : null;
    if (!tenant) throw notFound;
    const { value: user, setCookies } = await currentUser(authContextOf(c));
    if (!user) throw new AppError(401, "not-signed-in", "Sign in to continue.");
    const tenantData = new TenantData(tenant, c.var.db(), { userId: user.id, requestId: c.var.requestId });
    const membership = await findMembership(tenantData, user.id);
    if (!membership) throw notFound;
    if (!can(membership.role, permission)) {
      throw new AppError(403, "forbidden", `Your role (${membership.role}) cannot do this. Ask an owner or admin of ${tenant.name}.`);
    }
    // Coordinators run the programs assigned to them; another program is as good as absent.
    const programSlug = c.req.param("program");
    if (programSlug && membership.role === "coordinator" && !(await coordinatorMayRun(tenantData, user.id, programSlug))) {
      throw AppError.notFound(`There is no program at "${programSlug}".`);
    }
    c.set("user", user);
    c.set("tenantData", tenantData);
    c.set("role", membership.role);
    await next();
    forwardCookies(c, setCookies);
  });
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Does the request carry our session cookie (better-auth's `tandem.` prefix, with or without `__Secure-`)? */
function hasSessionCookie(cookieHeader: string | undefined): boolean {
  return /(?:^|;\s*)(?:__Secure-)?tandem\./.test(cookieHeader ?? "");
}

/**
 * RFC 8058 one-click unsubscribe: mail providers post it from their servers or
 * the reader's webmail page, from any origin. It acts only by the signed token
 * in its URL and reads no session, so a forged request can do nothing a leaked link could not.
 */
const ONE_CLICK_UNSUBSCRIBE_PATH = /^\/api\/v1\/t\/[^/]+\/unsubscribe$/;

/**
 * CSRF protection. Browsers send `Origin` on every cross-site POST, PUT, PATCH
 * and DELETE, so a write whose Origin is not ours is refused — with or without
 * a session cookie, which also stops login CSRF (a foreign page signing a
 * victim into the attacker's account). A cookie-carrying write must name our
 * origin. (Cookies are also SameSite=Lax, and bodies must be JSON.) Routes
 * that other sites may post to opt in: the embed widget's enrollment, and the
 * one-click unsubscribe.
 */
export const sameOriginWrites = createMiddleware<AppEnv>(async (c, next) => {
  // Enrollment is posted from institutions' own websites; embedCors checks those origins instead.
  const hasSession = hasSessionCookie(c.req.header("cookie"));
  const embeddable = JOIN_PATH.test(c.req.path) && !hasSession;
  const oneClickUnsubscribe = c.req.method === "POST" && ONE_CLICK_UNSUBSCRIBE_PATH.test(c.req.path);
  if (!SAFE_METHODS.has(c.req.method) && !embeddable && !oneClickUnsubscribe) {
    const origin = c.req.header("origin");
    const ours = new URL(c.req.url).origin;
    if ((origin && origin !== ours) || (hasSession && origin !== ours)) {
      throw new AppError(403, "cross-site-request", "This request came from another site and was refused. Use Tandem's own pages.");
    }
  }
  await next();
});
