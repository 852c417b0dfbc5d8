import { describe, expect, it } from "vitest";
import {
  isUnsubscribeKind,
  lateDeliveryDelay,
  MAX_RETRY_DELAY_SECONDS,
  planDeliveries,
  REMINDER_KIND_LABELS,
  REMINDER_KINDS,
  reminderPreferences,
  type Reminder,
  UNSUBSCRIBE_ALL,
} from "./index.js";

const at = (iso: string) => Date.parse(iso);

describe("reminderPreferences", () => {
  it("reads stored opt-outs, with `all` standing for every kind and retired kinds ignored", () => {
    const preferences = reminderPreferences([
      { recipientId: "a", kind: "checkin.due" },
      { recipientId: "a", kind: "survey.open" },
      { recipientId: "b", kind: UNSUBSCRIBE_ALL },
      { recipientId: "c", kind: "newsletter.weekly" },
    ]);
    expect([...preferences.get("a")!].sort()).toEqual(["checkin.due", "survey.open"]);
    expect([...preferences.get("b")!].sort()).toEqual([...REMINDER_KINDS].sort());
    expect(preferences.get("c")?.size ?? 0).toBe(0);
  });

  it("is what planDeliveries drops", () => {
    const reminder = (personId: string): Reminder => ({ recipient: { personId, role: "mentee" }, kind: "checkin.due", subject: { type: "match", id: "m" }, period: "2026-03-16", dueAt: at("2026-03-16T07:00:00Z") });
    const plan = planDeliveries([reminder("a"), reminder("b"), reminder("c")], new Set(), at("2026-03-16T17:00:00Z"), "America/Los_Angeles", reminderPreferences([{ recipientId: "b", kind: "all" }]));
    expect(plan.send.map((email) => email.recipient.personId)).toEqual(["a", "c"]);
    expect(plan.dropped).toEqual([expect.objectContaining({ reason: "unsubscribed" })]);
  });
});

describe("unsubscribe kinds", () => {
  it("names every reminder kind and `all`, and recognises nothing else", () => {
    for (const kind of [...REMINDER_KINDS, UNSUBSCRIBE_ALL] as const) {
      expect(isUnsubscribeKind(kind)).toBe(true);
      expect(REMINDER_KIND_LABELS[kind]).toMatch(/^[a-z -]+$/);
    }
    expect(isUnsubscribeKind("digest")).toBe(false);
    expect(isUnsubscribeKind("")).toBe(false);
  });
});

describe("lateDeliveryDelay", () => {
  const LA = "America/Los_Angeles";
  const AUCKLAND = "Pacific/Auckland";

  it("sends an email that arrives within 15 minutes of its plan, even at 21:00", () => {
    const plannedAt = at("2026-03-17T03:59:00Z"); // 20:59 PDT
    expect(lateDeliveryDelay(plannedAt + 60_000, plannedAt, LA)).toBeNull();
    expect(lateDeliveryDelay(plannedAt + 15 * 60_000, plannedAt, LA)).toBeNull();
  });

  it("sends a late email during the day", () => {
    const plannedAt = at("2026-03-16T17:00:00Z"); // 10:00 PDT
    expect(lateDeliveryDelay(plannedAt + 5 * 3_600_000, plannedAt, LA)).toBeNull();
  });

  it("holds a late email that comes back at night until 08:00 local, in each zone", () => {
    const plannedAt = at("2026-03-17T03:30:00Z"); // 20:30 PDT on the 16th
    const now = at("2026-03-17T05:00:00Z"); // 22:00 PDT; 18:00 NZDT in Auckland
    expect(lateDeliveryDelay(now, plannedAt, LA)).toBe((at("2026-03-17T15:00:00Z") - now) / 1000); // 08:00 PDT on the 17th
    expect(lateDeliveryDelay(now, plannedAt, AUCKLAND)).toBeNull();
    const aucklandNight = at("2026-03-17T10:00:00Z"); // 23:00 NZDT
    expect(lateDeliveryDelay(aucklandNight, plannedAt, AUCKLAND)).toBe((at("2026-03-17T19:00:00Z") - aucklandNight) / 1000); // 08:00 NZDT on the 18th
  });

  it("counts a DST night in real seconds, within the queue's 12-hour limit", () => {
    // 21:00 PST on 7 March 2026; clocks spring forward at 02:00, so 08:00 PDT is 10 real hours later.
    const now = at("2026-03-08T05:00:00Z");
    expect(lateDeliveryDelay(now, now - 3_600_000, LA)).toBe(10 * 3600);
    expect(10 * 3600).toBeLessThanOrEqual(MAX_RETRY_DELAY_SECONDS);
  });
});
