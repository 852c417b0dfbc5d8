/** Database-backed rate limits: exact counts, a 429 with Retry-After, per subject. */
import { describe, expect, it } from "vitest";
import { AppError } from "../../workers/app/src/errors.js";
import { enforceRateLimits } from "../../workers/app/src/services/rate-limits.js";
import { testDatabase } from "./factories.js";

const db = testDatabase();

describe("enforceRateLimits", () => {
  it("allows up to the limit, then refuses with the seconds left in the window", async () => {
    const policy = { name: `test-${crypto.randomUUID()}`, limit: 3, windowSeconds: 60 };
    const now = Date.parse("2026-11-25T10:00:15Z");
    for (let attempt = 1; attempt <= 3; attempt++) await enforceRateLimits(db, [{ policy, subject: "10.0.0.1" }], now);
    const refusal = await enforceRateLimits(db, [{ policy, subject: "10.0.0.1" }], now).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({ status: 429, options: { headers: { "retry-after": "45" } } });
    // Another subject has its own counter; the next window starts afresh.
    await enforceRateLimits(db, [{ policy, subject: "10.0.0.2" }], now);
    await enforceRateLimits(db, [{ policy, subject: "10.0.0.1" }], now + 60_000);
  });

  it("counts every policy of a request and refuses if any one is over", async () => {
    const perIp = { name: `ip-${crypto.randomUUID()}`, limit: 100, windowSeconds: 3600 };
    const perEmail = { name: `email-${crypto.randomUUID()}`, limit: 1, windowSeconds: 900 };
    const now = Date.parse("2026-11-25T10:00:00Z");
    const checks = [
      { policy: perIp, subject: "10.0.0.9" },
      { policy: perEmail, subject: "dana@example.test" },
    ];
    await enforceRateLimits(db, checks, now);
    await expect(enforceRateLimits(db, checks, now)).rejects.toMatchObject({ status: 429, options: { headers: { "retry-after": "900" } } });
  });
});
