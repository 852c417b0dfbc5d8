/**
 * Signing in and out, on top of better-auth's server API. Sign-in links are
 * emailed as links to a page that POSTs the token (so mail scanners that
 * prefetch links cannot use them up); requests for unknown addresses get the
 * same answer and no email (no account enumeration).
 */
import { isAPIError } from "better-auth/api";
import type { Database } from "@tandem/db";
import { createAuth, type DeliverSignInToken, SIGN_IN_LINK_MINUTES } from "../auth/better-auth.js";
import type { AppConfig } from "../config.js";
import { findUserByEmail, type UserSummary } from "../data/users.js";
import type { Mailer } from "../email/mailer.js";
import type { JobMessage } from "@tandem/jobs";
import { renderEmail } from "../email/render.js";
import { AppError } from "../errors.js";

export interface AuthContext {
  db: Database;
  config: AppConfig;
  /** The origin the request came to: links in emails point back to it. */
  origin: string;
  headers: Headers;
  mailer: Mailer;
  /** The job queue, for work that outlives the request (bulk email, large matching runs). */
  jobs: Queue<JobMessage>;
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** A result plus the Set-Cookie headers the response must carry. */
export interface WithCookies<T> {
  value: T;
  setCookies: string[];
}

function auth(ctx: AuthContext, deliverSignInToken: DeliverSignInToken = async () => {}) {
  return createAuth({ db: ctx.db, secret: ctx.config.authSecret, origin: ctx.origin, deliverSignInToken, waitUntil: ctx.waitUntil });
}

export function signInLinkUrl(origin: string, token: string, next: string): string {
  return `${origin}/auth/verify.html?token=${encodeURIComponent(token)}&next=${encodeURIComponent(next)}`;
}

export interface SignInEmail {
  subject: string;
  paragraphs: string[];
  actionLabel: string;
  next: string;
  tenantId?: string | null;
  kind: string;
}

/** Emails `email` a one-time sign-in link, if it belongs to someone. */
export async function emailSignInLink(ctx: AuthContext, email: string, content: SignInEmail): Promise<void> {
  const user = await findUserByEmail(ctx.db, email);
  if (!user) return;
  const deliver: DeliverSignInToken = async (to, token) => {
    const { text, html } = renderEmail({
      greeting: `Hi ${user.name},`,
      paragraphs: content.paragraphs,
      action: { label: content.actionLabel, url: signInLinkUrl(ctx.origin, token, content.next) },
      footnote: `This link works once, for ${SIGN_IN_LINK_MINUTES} minutes. If you did not ask for it, ignore this email.`,
    });
    await ctx.mailer.send({ to, subject: content.subject, text, html, kind: content.kind, tenantId: content.tenantId ?? null });
  };
  await auth(ctx, deliver).api.signInMagicLink({ body: { email }, headers: ctx.headers });
}

/** Spends a sign-in token and starts a session. Invalid, used or expired → 400. */
export async function signInWithToken(ctx: AuthContext, token: string): Promise<WithCookies<UserSummary>> {
  try {
    const { headers, response } = await auth(ctx).api.magicLinkVerify({ query: { token }, headers: ctx.headers, returnHeaders: true });
    const user = response.user;
    return { value: { id: user.id, email: user.email, name: user.name }, setCookies: headers.getSetCookie() };
  } catch (error) {
    if (isAPIError(error)) {
      throw new AppError(400, "invalid-sign-in-link", "This sign-in link is invalid, has expired, or was already used. Ask for a new one.");
    }
    throw error;
  }
}

/**
 * Starts a session for a person whose email was just proven another way
 * (they followed an invitation sent to it): issue a one-time token and spend it at once.
 */
export async function signInNow(ctx: AuthContext, email: string): Promise<WithCookies<UserSummary>> {
  let issued: string | undefined;
  await auth(ctx, async (_to, token) => {
    issued = token;
  }).api.signInMagicLink({ body: { email }, headers: ctx.headers });
  if (!issued) throw new Error(`No sign-in token was issued for a known user`);
  return signInWithToken(ctx, issued);
}

/** The signed-in user, or null. A session refreshed on the way carries a new cookie. */
export async function currentUser(ctx: AuthContext): Promise<WithCookies<UserSummary | null>> {
  const { headers, response } = await auth(ctx).api.getSession({ headers: ctx.headers, returnHeaders: true });
  const user = response?.user;
  return { value: user ? { id: user.id, email: user.email, name: user.name } : null, setCookies: headers.getSetCookie() };
}

/** Ends the session server-side (its row is deleted) and clears the cookie. */
export async function signOut(ctx: AuthContext): Promise<string[]> {
  try {
    const { headers } = await auth(ctx).api.signOut({ headers: ctx.headers, returnHeaders: true });
    return headers.getSetCookie();
  } catch (error) {
    // No session to end is still a successful sign-out.
    if (isAPIError(error)) return [];
    throw error;
  }
}

/** Signs in with email and password. A wrong password and an unknown email get the same answer. */
export async function signInWithPassword(ctx: AuthContext, email: string, password: string): Promise<WithCookies<UserSummary>> {
  try {
    const { headers, response } = await auth(ctx).api.signInEmail({ body: { email, password }, headers: ctx.headers, returnHeaders: true });
    const user = response.user;
    return { value: { id: user.id, email: user.email, name: user.name }, setCookies: headers.getSetCookie() };
  } catch (error) {
    if (isAPIError(error)) throw new AppError(401, "wrong-credentials", "That email and password do not match. Try again, or ask for a sign-in link by email.");
    throw error;
  }
}

/** Sets a first password, or changes it when the current one is given. Other sessions stay signed in. */
export async function setPassword(ctx: AuthContext, newPassword: string, currentPassword?: string): Promise<void> {
  try {
    if (currentPassword === undefined) {
      await auth(ctx).api.setPassword({ body: { newPassword }, headers: ctx.headers });
    } else {
      await auth(ctx).api.changePassword({ body: { newPassword, currentPassword }, headers: ctx.headers });
    }
  } catch (error) {
    if (!isAPIError(error)) throw error;
    const code = (error as { body?: { code?: string } }).body?.code ?? "";
    if (/ALREADY_HAS_PASSWORD|PASSWORD_ALREADY_SET/i.test(code)) {
      throw AppError.validation([{ path: "body.currentPassword", message: "you already have a password; give the current one to change it" }]);
    }
    if (/INVALID_PASSWORD|CREDENTIAL/i.test(code)) {
      throw AppError.validation([{ path: "body.currentPassword", message: "is not your current password" }]);
    }
    throw new AppError(400, "password-not-set", "The password could not be set. Check it has at least 12 characters and try again.");
  }
}
