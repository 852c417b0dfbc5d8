import { describe, expect, it } from "vitest";
import { compareByRisk, matchHealth, SUPPORT_POLICIES, sortByRisk, pairSupportPolicy, supportContactAt, supportContactDue, supportDueByParty, type MatchHealthInput, type Pulse } from "./index.js";

const DAY = 86_400_000;
const START = Date.parse("2026-02-02T15:00:00Z");
const day = (n: number) => START + n * DAY;

function health(overrides: Partial<MatchHealthInput> = {}) {
  return matchHealth({ startedAt: START, checkinCadenceDays: 14, lastCheckinAt: null, pulses: [], now: day(1), ...overrides });
}

describe("matchHealth: check-ins", () => {
  it("is on track inside the cadence, and says so", () => {
    expect(health({ lastCheckinAt: day(3), now: day(10) })).toEqual({
      status: "on_track",
      reasons: [{ code: "checkin_on_cadence", status: "on_track", message: "Last check-in 7 days ago; the pair is expected to meet every 14 days." }],
      daysSinceCheckin: 7,
      daysOverdue: 0,
    });
  });

  it("needs attention from 1.5× the cadence without a check-in", () => {
    expect(health({ lastCheckinAt: day(10), now: day(31) - 1 }).status).toBe("on_track");
    const result = health({ lastCheckinAt: day(10), now: day(31) });
    expect(result.status).toBe("needs_attention");
    expect(result.reasons).toEqual([
      { code: "checkin_late", status: "needs_attention", message: "No check-in for 21 days: the pair is expected to meet every 14 days." },
    ]);
    expect(result.daysOverdue).toBe(7);
  });

  it("is at risk from 2× the cadence without a check-in", () => {
    expect(health({ lastCheckinAt: day(10), now: day(38) - 1 }).status).toBe("needs_attention");
    const result = health({ lastCheckinAt: day(10), now: day(38) });
    expect(result).toMatchObject({ status: "at_risk", daysSinceCheckin: 28, daysOverdue: 14 });
    expect(result.reasons[0]).toEqual({
      code: "checkin_very_late",
      status: "at_risk",
      message: "No check-in for 28 days: the pair is expected to meet every 14 days, and twice that has passed.",
    });
  });

  it("counts from the match start when the pair has never checked in", () => {
    expect(health({ now: day(20) }).status).toBe("on_track");
    expect(health({ now: day(21) })).toMatchObject({
      status: "needs_attention",
      reasons: [{ code: "checkin_late", message: "No check-in since the match started 21 days ago: the pair is expected to meet every 14 days." }],
    });
    expect(health({ now: day(28) }).status).toBe("at_risk");
    expect(health({ now: day(2) }).reasons[0].message).toBe("No check-in yet; the match started 2 days ago; the pair is expected to meet every 14 days.");
  });

  it("scales with the cadence (weekly: attention after 10.5 days, at risk after 14)", () => {
    expect(health({ checkinCadenceDays: 7, now: day(10) + 11 * 3_600_000 }).status).toBe("on_track");
    expect(health({ checkinCadenceDays: 7, now: day(10) + 12 * 3_600_000 }).status).toBe("needs_attention");
    expect(health({ checkinCadenceDays: 7, now: day(14) }).status).toBe("at_risk");
  });

  it("is on track for a match that has not started yet", () => {
    expect(health({ now: START - 5 * DAY })).toMatchObject({ status: "on_track", daysSinceCheckin: 0, daysOverdue: 0 });
  });

  it("refuses a cadence that is not positive", () => {
    expect(() => health({ checkinCadenceDays: 0 })).toThrow(RangeError);
  });
});

describe("matchHealth: pulses", () => {
  const pulse = (by: Pulse["by"], at: number, score: number): Pulse => ({ by, at, score });

  it("needs attention when the latest pulse of either person is 2 or lower", () => {
    const result = health({ lastCheckinAt: day(1), now: day(5), pulses: [pulse("mentor", day(3), 5), pulse("mentee", day(2), 2)] });
    expect(result.status).toBe("needs_attention");
    expect(result.reasons).toEqual([{ code: "low_pulse", status: "needs_attention", message: "The mentee's latest pulse answer is 2/5." }]);
  });

  it("forgets a low pulse once that person answers higher", () => {
    const pulses = [pulse("mentee", day(2), 1), pulse("mentee", day(30), 4)];
    expect(health({ lastCheckinAt: day(29), now: day(31), pulses }).status).toBe("on_track");
  });

  it("treats 3 as not low", () => {
    expect(health({ lastCheckinAt: day(1), now: day(2), pulses: [pulse("mentee", day(2), 3)] }).status).toBe("on_track");
  });

  it("is at risk when the two most recent pulses, by anyone, are both low", () => {
    const both = health({ lastCheckinAt: day(1), now: day(5), pulses: [pulse("mentee", day(2), 2), pulse("mentor", day(3), 1)] });
    expect(both.status).toBe("at_risk");
    expect(both.reasons).toEqual([
      { code: "low_pulses", status: "at_risk", message: "The two latest pulse answers are both low: mentee 2/5, then mentor 1/5." },
    ]);
    const sameSide = [pulse("mentor", day(27), 5), pulse("mentee", day(28), 2), pulse("mentee", day(56), 1)];
    expect(health({ lastCheckinAt: day(55), now: day(57), pulses: sameSide }).status).toBe("at_risk");
  });

  it("is not at risk when a good pulse came between two low ones", () => {
    const pulses = [pulse("mentee", day(28), 2), pulse("mentor", day(40), 4), pulse("mentee", day(56), 1)];
    expect(health({ lastCheckinAt: day(55), now: day(57), pulses }).status).toBe("needs_attention");
  });

  it("names every reason, most severe first, and takes the worst status", () => {
    const result = health({ lastCheckinAt: day(0), now: day(30), pulses: [pulse("mentor", day(20), 2)] });
    expect(result.status).toBe("at_risk");
    expect(result.reasons.map((reason) => reason.code)).toEqual(["checkin_very_late", "low_pulse"]);
  });

  it("does not let a check-in clear a low pulse", () => {
    expect(health({ lastCheckinAt: day(29), now: day(30), pulses: [pulse("mentee", day(28), 1)] }).status).toBe("needs_attention");
  });
});

describe("sorting by risk", () => {
  const row = (id: string, lastCheckin: number | null, pulses: Pulse[] = []) => ({
    id,
    health: health({ lastCheckinAt: lastCheckin === null ? null : day(lastCheckin), now: day(60), pulses }),
  });

  it("puts at risk first, then needs attention, then the most overdue", () => {
    const rows = [
      row("on-track", 55),
      row("attention-low-pulse", 58, [{ by: "mentee", at: day(50), score: 2 }]),
      row("at-risk-long", 10),
      row("attention-late", 38),
      row("at-risk-short", 30),
      row("attention-later", 36),
      row("at-risk-pulses", 59, [
        { by: "mentee", at: day(50), score: 2 },
        { by: "mentor", at: day(51), score: 2 },
      ]),
    ];
    expect(sortByRisk(rows).map((r) => r.id)).toEqual([
      "at-risk-long",
      "at-risk-short",
      "at-risk-pulses",
      "attention-later",
      "attention-late",
      "attention-low-pulse",
      "on-track",
    ]);
  });

  it("breaks ties by id and leaves its input alone", () => {
    const rows = [row("b", 40), row("a", 40), row("c", 40)];
    expect(sortByRisk(rows).map((r) => r.id)).toEqual(["a", "b", "c"]);
    expect(rows.map((r) => r.id)).toEqual(["b", "a", "c"]);
    expect(compareByRisk(rows[0].health, rows[1].health)).toBe(0);
  });
});

describe("supportContactDue", () => {
  it("is due 30 days after the last contact under the standard policy", () => {
    expect(supportContactDue(day(10), START, day(39), SUPPORT_POLICIES.standard)).toEqual({ due: false, dueAt: day(40), daysOverdue: 0 });
    expect(supportContactDue(day(10), START, day(40), SUPPORT_POLICIES.standard)).toEqual({ due: true, dueAt: day(40), daysOverdue: 0 });
    expect(supportContactDue(day(10), START, day(45) + 1, SUPPORT_POLICIES.standard)).toEqual({ due: true, dueAt: day(40), daysOverdue: 5 });
  });

  it("counts from the match start when there has been no contact, and ignores contacts before it", () => {
    expect(supportContactDue(null, START, day(29), SUPPORT_POLICIES.standard)).toMatchObject({ due: false, dueAt: day(30) });
    expect(supportContactDue(START - 3 * DAY, START, day(30), SUPPORT_POLICIES.standard)).toMatchObject({ due: true, dueAt: day(30) });
  });

  describe("youth policy: twice in the first month, then monthly", () => {
    const youth = SUPPORT_POLICIES.youth;

    it("wants the first contact within 15 days", () => {
      expect(supportContactDue(null, START, day(14), youth)).toMatchObject({ due: false, dueAt: day(15) });
      expect(supportContactDue(null, START, day(16), youth)).toMatchObject({ due: true, daysOverdue: 1 });
    });

    it("wants the second in the second half of the first month", () => {
      // Two early contacts in the first half still leave the second half to cover.
      expect(supportContactDue(day(3), START, day(20), youth)).toMatchObject({ due: false, dueAt: day(30) });
      expect(supportContactDue(day(12), START, day(30), youth)).toMatchObject({ due: true, dueAt: day(30) });
    });

    it("goes monthly after a contact in the second half", () => {
      expect(supportContactDue(day(20), START, day(45), youth)).toMatchObject({ due: false, dueAt: day(50) });
      expect(supportContactDue(day(40), START, day(70), youth)).toMatchObject({ due: true, dueAt: day(70) });
    });

    it("takes a shorter monthly interval if it comes first", () => {
      const policy = { everyDays: 10, firstPeriod: { days: 60, contacts: 2 } };
      expect(supportContactDue(day(2), START, day(5), policy)).toMatchObject({ dueAt: day(12) });
    });
  });

  it("refuses a policy that makes no sense", () => {
    expect(() => supportContactDue(null, START, day(1), { everyDays: 0 })).toThrow(RangeError);
    expect(() => supportContactDue(null, START, day(1), { everyDays: 30, firstPeriod: { days: 30, contacts: 0 } })).toThrow(RangeError);
  });
});

describe("supportDueByParty: each party the policy names must be reached", () => {
  const contact = (at: number, ...parties: string[]) => ({ at, parties });

  it("leaves the mentee due when only the mentor was reached", () => {
    const contacts = [contact(day(10), "mentor")];
    expect(supportDueByParty(contacts, START, day(29), SUPPORT_POLICIES.standard)).toEqual({ due: false, dueAt: day(30), daysOverdue: 0, waitingOn: ["mentee"], lastContactAt: day(10) });
    expect(supportDueByParty(contacts, START, day(32), SUPPORT_POLICIES.standard)).toMatchObject({ due: true, dueAt: day(30), daysOverdue: 2, waitingOn: ["mentee"] });
    // Reaching the mentee too moves the next contact to 30 days after the earlier of the two.
    expect(supportDueByParty([...contacts, contact(day(20), "mentee")], START, day(32), SUPPORT_POLICIES.standard)).toMatchObject({ due: false, dueAt: day(40), waitingOn: ["mentor"] });
  });

  it("counts a contact that names no one (logged before parties were asked) for everyone", () => {
    expect(supportDueByParty([contact(day(10))], START, day(29), SUPPORT_POLICIES.youth)).toMatchObject({ due: false, dueAt: day(30), waitingOn: ["mentor", "mentee", "guardian"] });
  });

  it("asks youth programs for the guardian too, twice in the first month", () => {
    const both = [contact(day(5), "mentor", "mentee"), contact(day(20), "mentor", "mentee")];
    expect(supportDueByParty(both, START, day(16), SUPPORT_POLICIES.youth)).toMatchObject({ due: true, dueAt: day(15), daysOverdue: 1, waitingOn: ["guardian"] });
    const all = [...both, contact(day(6), "guardian"), contact(day(21), "guardian")];
    expect(supportDueByParty(all, START, day(45), SUPPORT_POLICIES.youth)).toMatchObject({ due: false, dueAt: day(50), waitingOn: ["mentor", "mentee"] });
  });

  it("asks for the guardian only where the mentee has one", () => {
    expect(pairSupportPolicy(SUPPORT_POLICIES.youth, true).parties).toEqual(["mentor", "mentee", "guardian"]);
    expect(pairSupportPolicy(SUPPORT_POLICIES.youth, false)).toEqual({ ...SUPPORT_POLICIES.youth, parties: ["mentor", "mentee"] });
    expect(pairSupportPolicy(SUPPORT_POLICIES.standard, true).parties).toEqual(["mentor", "mentee"]);
  });

  it("names every party due at the same moment, and ignores contacts before the match started", () => {
    const before = [contact(START - DAY, "mentor", "mentee")];
    expect(supportDueByParty(before, START, day(1), SUPPORT_POLICIES.standard)).toMatchObject({ due: false, dueAt: day(30), waitingOn: ["mentor", "mentee"] });
    // A contact at the very start counts (callers give a contact on the match's first day the start as its time).
    expect(supportDueByParty([contact(START, "mentor", "mentee", "guardian")], START, day(14), SUPPORT_POLICIES.youth)).toMatchObject({ due: false, dueAt: day(30) });
  });

  it("counts a contact on the match's first day from the match's start, later ones from their day's start", () => {
    const started = Date.parse("2031-03-02T18:00:00Z"); // 10:00 in Los Angeles
    expect(supportContactAt("2031-03-02", started, "America/Los_Angeles")).toBe(started);
    expect(supportContactAt("2031-03-03", started, "America/Los_Angeles")).toBe(Date.parse("2031-03-03T08:00:00Z"));
    // In Auckland it is already 3 March at the start.
    expect(supportContactAt("2031-03-03", started, "Pacific/Auckland")).toBe(started);
  });

  it("counts any contact when the policy names no parties", () => {
    expect(supportDueByParty([contact(day(10), "mentor")], START, day(39), { everyDays: 30 })).toEqual({ due: false, dueAt: day(40), daysOverdue: 0, waitingOn: [], lastContactAt: day(10) });
  });
});
