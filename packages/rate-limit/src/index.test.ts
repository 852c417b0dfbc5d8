import { describe, expect, it } from "vitest";
import { decide, normaliseEmail, POLICIES, windowFor } from "./index.js";

const policy = { name: "test", limit: 3, windowSeconds: 60 };

describe("windowFor", () => {
  it("puts instants of the same minute in one window and names it by policy, subject and start", () => {
    const a = windowFor(policy, "1.2.3.4", Date.parse("2026-11-25T10:00:05Z"));
    const b = windowFor(policy, "1.2.3.4", Date.parse("2026-11-25T10:00:59.999Z"));
    const c = windowFor(policy, "1.2.3.4", Date.parse("2026-11-25T10:01:00Z"));
    expect(a).toEqual(b);
    expect(a.key).toBe(`test:1.2.3.4:${Date.parse("2026-11-25T10:00:00Z")}`);
    expect(c.startsAt).toBe(a.endsAt);
  });
});

describe("decide", () => {
  it("allows up to the limit, then says how long until the window ends", () => {
    const now = Date.parse("2026-11-25T10:00:20Z");
    const window = windowFor(policy, "x", now);
    expect(decide(policy, 3, window, now)).toEqual({ allowed: true });
    expect(decide(policy, 4, window, now)).toEqual({ allowed: false, retryAfterSeconds: 40 });
    expect(decide(policy, 4, window, window.endsAt - 1)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});

describe("policies", () => {
  it("limit per email more tightly than per IP (an office shares one IP)", () => {
    expect(POLICIES.signInLinkPerEmail.limit).toBeLessThan(POLICIES.signInLinkPerIp.limit);
    expect(normaliseEmail("  Dana@Example.ORG ")).toBe("dana@example.org");
  });
});
