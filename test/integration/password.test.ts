/** Password hashing stays within what production Workers allow. */
import { describe, expect, it } from "vitest";
import { hashPassword, PBKDF2_MAX_ITERATIONS_PER_CALL, verifyPassword } from "../../workers/app/src/auth/password.js";

describe("password hashing", () => {
  it("uses no more than 100,000 PBKDF2 iterations per call (production workerd refuses more; local workerd does not check)", async () => {
    const hash = await hashPassword("correct horse battery staple");
    const [, parameters] = hash.split("$");
    const [iterations, rounds] = parameters.split("x").map(Number);
    expect(iterations).toBeLessThanOrEqual(PBKDF2_MAX_ITERATIONS_PER_CALL);
    expect(iterations * rounds).toBeGreaterThanOrEqual(600_000);
  });

  it("verifies the right password only, and refuses hashes asking for more work than allowed", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(await verifyPassword({ hash, password: "correct horse battery staple" })).toBe(true);
    expect(await verifyPassword({ hash, password: "Correct horse battery staple" })).toBe(false);
    const greedy = hash.replace(/\$100000x6\$/, "$600000x1$");
    expect(await verifyPassword({ hash: greedy, password: "correct horse battery staple" })).toBe(false);
  });
});
