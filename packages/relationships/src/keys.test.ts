import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dedupeKey, digestKey, REMINDER_KINDS, SUBJECT_TYPES, type Reminder } from "./index.js";

const reminder = (overrides: Partial<Reminder> = {}): Reminder => ({
  recipient: { personId: "9f1c2d3e-0000-4000-8000-000000000002", role: "mentor" },
  kind: "checkin.due",
  subject: { type: "match", id: "0b6e4f00-0000-4000-8000-000000000001" },
  period: "2026-03-16",
  dueAt: 1,
  ...overrides,
});

describe("dedupeKey", () => {
  it("is kind, subject, recipient and period, readable", () => {
    expect(dedupeKey(reminder())).toBe("checkin.due:match:0b6e4f00-0000-4000-8000-000000000001:mentor:9f1c2d3e-0000-4000-8000-000000000002:2026-03-16");
  });

  it("ignores when the reminder fell due: the period identifies it", () => {
    expect(dedupeKey(reminder({ dueAt: 2 }))).toBe(dedupeKey(reminder({ dueAt: 1 })));
  });

  it("stays well under 200 characters with UUID ids and the longest kind and subject type", () => {
    const longest = reminder({
      kind: "agreement.unacknowledged",
      subject: { type: "match_request", id: `${crypto.randomUUID()}/midpoint` },
      recipient: { personId: crypto.randomUUID(), role: "coordinator" },
    });
    expect(dedupeKey(longest).length).toBeLessThan(160);
  });

  it("differs whenever any part differs, even when ids contain the separator", () => {
    const part = fc.string({ unit: fc.constantFrom("a", "b", ":", "%", "3", "A", "/"), maxLength: 6 });
    const reminders = fc.record({
      recipient: fc.record({ personId: part, role: fc.constantFrom("mentor" as const, "mentee" as const, "coordinator" as const) }),
      kind: fc.constantFrom(...REMINDER_KINDS),
      subject: fc.record({ type: fc.constantFrom(...SUBJECT_TYPES), id: part }),
      period: part,
      dueAt: fc.constant(0),
    });
    fc.assert(
      fc.property(reminders, reminders, (a, b) => {
        const same = JSON.stringify([a.recipient, a.kind, a.subject, a.period]) === JSON.stringify([b.recipient, b.kind, b.subject, b.period]);
        expect(dedupeKey(a) === dedupeKey(b)).toBe(same);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("digestKey", () => {
  it("names the recipient and their local day", () => {
    expect(digestKey({ personId: "mentee-1", role: "mentee" }, "2026-03-16")).toBe("digest:mentee:mentee-1:2026-03-16");
    expect(digestKey({ personId: "a:b", role: "coordinator" }, "2026-03-16")).toBe("digest:coordinator:a%3Ab:2026-03-16");
  });
});
