/**
 * Fixed-window rate limits as plain data: which window a request falls in,
 * and whether a count is over the limit and for how long. The Worker keeps
 * the counters in the database (one upsert per check).
 */

export interface RateLimitPolicy {
  /** Names the limit, e.g. `signup:ip`; part of the counter key. */
  name: string;
  limit: number;
  windowSeconds: number;
}

/** Limits on actions that send email or create accounts: per client IP, and per email address. */
export const POLICIES = {
  signupPerIp: { name: "signup:ip", limit: 10, windowSeconds: 3600 },
  signupPerEmail: { name: "signup:email", limit: 3, windowSeconds: 3600 },
  signInLinkPerIp: { name: "sign-in-link:ip", limit: 30, windowSeconds: 3600 },
  signInLinkPerEmail: { name: "sign-in-link:email", limit: 5, windowSeconds: 900 },
  passwordSignInPerIp: { name: "password-sign-in:ip", limit: 30, windowSeconds: 900 },
  passwordSignInPerEmail: { name: "password-sign-in:email", limit: 10, windowSeconds: 900 },
  invitationPerIp: { name: "invitation:ip", limit: 60, windowSeconds: 3600 },
  // A classroom or computer lab applies from one address: generous per IP, a ceiling per program.
  applicationPerIp: { name: "application:ip", limit: 60, windowSeconds: 3600 },
  applicationPerProgram: { name: "application:program", limit: 2000, windowSeconds: 3600 },
  invitationPerEmail: { name: "invitation:email", limit: 5, windowSeconds: 3600 },
} as const satisfies Record<string, RateLimitPolicy>;

export interface RateLimitWindow {
  /** The counter's key: policy, subject and window start. */
  key: string;
  startsAt: number;
  endsAt: number;
}

/** The window `now` (ms) falls in, for `subject` (an IP address or a normalised email). */
export function windowFor(policy: RateLimitPolicy, subject: string, now: number): RateLimitWindow {
  const size = policy.windowSeconds * 1000;
  const startsAt = Math.floor(now / size) * size;
  return { key: `${policy.name}:${subject}:${startsAt}`, startsAt, endsAt: startsAt + size };
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** `count` includes the request being decided. */
export function decide(policy: RateLimitPolicy, count: number, window: RateLimitWindow, now: number): RateLimitDecision {
  if (count <= policy.limit) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.endsAt - now) / 1000)) };
}

/** Emails are limited case- and space-insensitively, so `A@x.org ` and `a@x.org` share a counter. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
