/** Signing in with an emailed link, signing out, and who am I. */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { POLICIES, normaliseEmail } from "@tandem/rate-limit";
import { EmailSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { listMembershipsOf } from "../services/account.js";
import { authContextOf, forwardCookies, requireUser, type SignedInEnv } from "../middleware/auth.js";
import type { AppEnv } from "../middleware/request-context.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { emailSignInLink, setPassword, signInWithPassword, signInWithToken, signOut } from "../services/auth.js";
import { enforceRateLimits } from "../services/rate-limits.js";
import { MembershipSchema, MessageSchema, UserSchema } from "./schemas.js";

const PasswordSchema = v.pipe(v.string(), v.minLength(12, "must be at least 12 characters"), v.maxLength(128, "must be at most 128 characters"));

const NextPath = v.pipe(v.string(), v.regex(/^\/(?!\/)[\w\-./?=&%]*$/, "must be a path on this site, starting with /"), v.maxLength(300));

export const authRoutes = new Hono<AppEnv>()
  .post(
    "/api/v1/auth/sign-in-link",
    describeRoute({
      operationId: "requestSignInLink",
      tags: ["accounts"],
      summary: "Email a one-time sign-in link (same answer whether or not the address has an account)",
      responses: { 202: jsonResponse("If the address has an account, a link is on its way", MessageSchema), 400: ref("ValidationFailed"), 429: ref("TooManyRequests") },
    }),
    validated("json", v.object({ email: EmailSchema, next: v.optional(NextPath) })),
    async (c) => {
      const { email, next } = c.req.valid("json");
      const ctx = authContextOf(c);
      await enforceRateLimits(ctx.db, [
        { policy: POLICIES.signInLinkPerIp, subject: c.req.header("cf-connecting-ip") ?? "unknown" },
        { policy: POLICIES.signInLinkPerEmail, subject: normaliseEmail(email) },
      ]);
      await emailSignInLink(ctx, email, {
        subject: "Your sign-in link for Tandem",
        paragraphs: ["Here is the link you asked for to sign in to Tandem."],
        actionLabel: "Sign in",
        // Without a page to go back to, staff start in the web console (which goes straight to their institution if they have one).
        next: next ?? "/console/",
        kind: "auth.sign_in_link",
      });
      return c.json({ message: `If ${email} has a Tandem account, a sign-in link is on its way. It works once, for 15 minutes.` }, 202);
    },
  )
  .post(
    "/api/v1/auth/verify",
    describeRoute({
      operationId: "signInWithLink",
      tags: ["accounts"],
      summary: "Spend a sign-in link's token and start a session (sets the session cookie)",
      responses: { 200: jsonResponse("Signed in", v.object({ user: UserSchema })), 400: ref("ValidationFailed") },
    }),
    validated("json", v.object({ token: v.pipe(v.string(), v.minLength(10, "is not a sign-in token"), v.maxLength(500)) })),
    async (c) => {
      const { value: user, setCookies } = await signInWithToken(authContextOf(c), c.req.valid("json").token);
      const response = c.json({ user });
      forwardCookies(c, setCookies);
      return response;
    },
  )
  .post(
    "/api/v1/auth/sign-in-password",
    describeRoute({
      operationId: "signInWithPassword",
      tags: ["accounts"],
      summary: "Sign in with email and password (staff who set one); sets the session cookie",
      responses: { 200: jsonResponse("Signed in", v.object({ user: UserSchema })), 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 429: ref("TooManyRequests") },
    }),
    validated("json", v.object({ email: EmailSchema, password: v.pipe(v.string(), v.minLength(1, "is required"), v.maxLength(128)) })),
    async (c) => {
      const { email, password } = c.req.valid("json");
      const ctx = authContextOf(c);
      await enforceRateLimits(ctx.db, [
        { policy: POLICIES.passwordSignInPerIp, subject: c.req.header("cf-connecting-ip") ?? "unknown" },
        { policy: POLICIES.passwordSignInPerEmail, subject: normaliseEmail(email) },
      ]);
      const { value: user, setCookies } = await signInWithPassword(ctx, email, password);
      const response = c.json({ user });
      forwardCookies(c, setCookies);
      return response;
    },
  )
  .post(
    "/api/v1/auth/sign-out",
    describeRoute({
      operationId: "signOut",
      tags: ["accounts"],
      summary: "End the session on the server and clear its cookie",
      responses: { 204: { description: "Signed out" }, 403: ref("Forbidden") },
    }),
    async (c) => {
      const setCookies = await signOut(authContextOf(c));
      const response = c.body(null, 204);
      forwardCookies(c, setCookies);
      return response;
    },
  );

export const meRoutes = new Hono<SignedInEnv>()
  .post(
    "/api/v1/me/password",
    describeRoute({
      operationId: "setPassword",
      tags: ["accounts"],
      summary: "Set a password (optional: sign-in links always work), or change it by giving the current one",
      responses: { 204: { description: "Saved" }, 400: ref("ValidationFailed"), 401: ref("Unauthorized") },
    }),
    validated("json", v.object({ newPassword: PasswordSchema, currentPassword: v.optional(v.pipe(v.string(), v.maxLength(128))) })),
    requireUser,
    async (c) => {
      const { newPassword, currentPassword } = c.req.valid("json");
      await setPassword(authContextOf(c), newPassword, currentPassword);
      return c.body(null, 204);
    },
  )
  .get(
  "/api/v1/me",
  describeRoute({
    operationId: "getMe",
    tags: ["accounts"],
    summary: "The signed-in person and the institutions they are staff of",
    responses: { 200: jsonResponse("You", v.object({ user: UserSchema, memberships: v.array(MembershipSchema) })), 401: ref("Unauthorized") },
  }),
  requireUser,
  async (c) => c.json({ user: c.var.user, memberships: await listMembershipsOf(c.var.db(), c.var.user.id) }),
);
