/** Enforces rate limits: counts the request against every policy, refuses with 429 if any is over. */
import type { Database } from "@tandem/db";
import { decide, type RateLimitPolicy, windowFor } from "@tandem/rate-limit";
import { incrementCounters } from "../data/rate-limits.js";
import { AppError } from "../errors.js";

export interface RateLimitCheck {
  policy: RateLimitPolicy;
  /** An IP address or a normalised email. */
  subject: string;
}

export async function enforceRateLimits(db: Database, checks: RateLimitCheck[], now = Date.now()): Promise<void> {
  const windows = checks.map((check) => windowFor(check.policy, check.subject, now));
  const counts = await incrementCounters(db, windows.map((window) => ({ key: window.key, expiresAt: new Date(window.endsAt) })));
  let retryAfterSeconds = 0;
  checks.forEach((check, index) => {
    const decision = decide(check.policy, counts[index], windows[index], now);
    if (!decision.allowed) retryAfterSeconds = Math.max(retryAfterSeconds, decision.retryAfterSeconds);
  });
  if (retryAfterSeconds > 0) throw AppError.tooManyRequests(retryAfterSeconds);
}
