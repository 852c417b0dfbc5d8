/**
 * better-auth, for users, sessions, passwords and one-time sign-in links.
 * Institutions, memberships, invitations and roles are ours (data/), not its.
 *
 * We call its server API (`auth.api.*`) from our own routes, so every
 * response keeps our problem+json shape and our validation; its HTTP router
 * is not mounted. It is built per request (about 1 ms) because where a
 * sign-in link goes depends on the request: an email, or straight into a session.
 */
import { betterAuth } from "better-auth/minimal";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { magicLink } from "better-auth/plugins/magic-link";
import { type Database, schema } from "@tandem/db";
import { hashPassword, verifyPassword } from "./password.js";

export const SIGN_IN_LINK_MINUTES = 15;
export const SESSION_DAYS = 7;

/** Receives a freshly issued one-time token for `email` (to email it, or to use it at once). */
export type DeliverSignInToken = (email: string, token: string) => Promise<void>;

export interface AuthOptions {
  db: Database;
  secret: string;
  /** The origin the request came to; better-auth builds nothing user-facing from it. */
  origin: string;
  deliverSignInToken: DeliverSignInToken;
  waitUntil?: (promise: Promise<unknown>) => void;
}

export function createAuth(options: AuthOptions) {
  return betterAuth({
    appName: "Tandem",
    baseURL: options.origin,
    basePath: "/api/v1/auth",
    secret: options.secret,
    trustedOrigins: [options.origin],
    telemetry: { enabled: false },
    database: drizzleAdapter(options.db, {
      provider: "sqlite",
      schema: { users: schema.users, sessions: schema.sessions, accounts: schema.accounts, verifications: schema.verifications },
      usePlural: true,
    }),
    // No cookie cache: every request reads the session row, so signing out revokes at once.
    session: { expiresIn: SESSION_DAYS * 86_400, updateAge: 86_400, cookieCache: { enabled: false } },
    emailAndPassword: {
      enabled: true,
      // Accounts come from institution signup and invitations only.
      disableSignUp: true,
      minPasswordLength: 12,
      password: { hash: hashPassword, verify: verifyPassword },
    },
    // Our own limiter (services/rate-limits.ts) covers our routes; better-auth's only sees its router.
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: "tandem",
      useSecureCookies: true,
      defaultCookieAttributes: { httpOnly: true, secure: true, sameSite: "lax", path: "/" },
      ipAddress: { ipAddressHeaders: ["cf-connecting-ip"] },
      disableOriginCheck: false,
      disableCSRFCheck: false,
      backgroundTasks: options.waitUntil ? { handler: options.waitUntil } : undefined,
      database: { generateId: () => crypto.randomUUID(), joins: true },
    },
    plugins: [
      magicLink({
        expiresIn: SIGN_IN_LINK_MINUTES * 60,
        storeToken: "hashed",
        disableSignUp: true,
        sendMagicLink: ({ email, token }) => options.deliverSignInToken(email, token),
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
