import { describe, expect, it } from "vitest";
import { type ApplicationCountRow, csvRows, engagement, type MatchFacts, matching, participation, retention, satisfaction, toCsv } from "./index.js";

const DAY = 86_400_000;
const UTC = "UTC";
const at = (date: string) => Date.parse(`${date}T00:00:00Z`);

describe("participation", () => {
  const rows: ApplicationCountRow[] = [
    { period: "2026-09", role: "mentee", status: "approved", n: 6 },
    { period: "2026-10", role: "mentee", status: "approved", n: 2 },
    { period: "2026-09", role: "mentee", status: "rejected", n: 1 },
    { period: "2026-09", role: "mentee", status: "waitlisted", n: 1 },
    { period: "2026-09", role: "mentee", status: "submitted", n: 3 },
    { period: "2026-09", role: "mentor", status: "approved", n: 4 },
    { period: "2026-09", role: "mentor", status: "withdrawn", n: 1 },
  ];
  it("counts by role and status, and defines the approval rate over decided applications", () => {
    const result = participation(rows);
    expect(result.applications).toBe(18);
    expect(result.byRole.mentee).toEqual({ pending_consent: 0, submitted: 3, approved: 8, waitlisted: 1, rejected: 1, withdrawn: 0 });
    // 12 approved of 14 decided (approved, waitlisted, rejected): pending and withdrawn do not count.
    expect(result.approvalRate).toBe(85.7);
    expect(result.approved).toEqual({ mentors: 4, mentees: 8, menteesPerMentor: 2 });
    expect(result.waitlist).toEqual({ mentors: 0, mentees: 1, total: 1 });
    expect(result.byPeriod.map((row) => `${row.period} ${row.role} ${row.status} ${row.n}`)).toEqual([
      "2026-09 mentor approved 4",
      "2026-09 mentor withdrawn 1",
      "2026-09 mentee submitted 3",
      "2026-09 mentee approved 6",
      "2026-09 mentee waitlisted 1",
      "2026-09 mentee rejected 1",
      "2026-10 mentee approved 2",
    ]);
  });
  it("has no rates without decisions or mentors", () => {
    const result = participation([{ period: "2026-09", role: "mentee", status: "submitted", n: 2 }]);
    expect(result.approvalRate).toBeNull();
    expect(result.approved.menteesPerMentor).toBeNull();
  });
});

describe("matching", () => {
  it("gives the match rate, the median days from a histogram, and ten score buckets", () => {
    const result = matching({
      approvedMentees: 8,
      matchedMentees: 6,
      daysToMatch: [{ days: 3, n: 2 }, { days: 10, n: 3 }, { days: 1, n: 1 }],
      scoreAverage: 0.7349,
      scoreBuckets: [{ bucket: 7, n: 4 }, { bucket: 9, n: 2 }],
    });
    expect(result).toMatchObject({ matchRate: 75, unmatchedMentees: 2, matches: 6, medianDaysToMatch: 6.5, scoreAverage: 0.73 });
    expect(result.scoreDistribution).toHaveLength(10);
    expect(result.scoreDistribution[7]).toEqual({ from: 0.7, to: 0.8, n: 4 });
    expect(result.scoreDistribution[9]).toEqual({ from: 0.9, to: 1, n: 2 });
  });
  it("is empty without approved mentees", () => {
    expect(matching({ approvedMentees: 0, matchedMentees: 0, daysToMatch: [], scoreAverage: null, scoreBuckets: [] })).toMatchObject({ matchRate: null, medianDaysToMatch: null, scoreAverage: null, matches: 0 });
  });
});

const match = (overrides: Partial<MatchFacts>): MatchFacts => ({
  menteeId: crypto.randomUUID(),
  startedAt: at("2026-09-01"),
  clockStartedAt: at("2026-09-01"),
  closedAt: null,
  closeReason: null,
  lastMetAt: null,
  pulses: [],
  ...overrides,
});

describe("engagement", () => {
  const asOf = at("2026-11-01");
  const matches = [
    match({ lastMetAt: at("2026-10-25") }),
    match({ lastMetAt: at("2026-09-20") }),
    match({ lastMetAt: at("2026-10-28"), pulses: [{ by: "mentee", at: at("2026-10-20"), score: 2 }] }),
    match({ startedAt: at("2026-10-10"), clockStartedAt: at("2026-10-10"), lastMetAt: null }),
    match({ closedAt: at("2026-09-15"), closeReason: "lost_contact" }),
  ];
  const result = engagement({ matches, metByMonth: [{ period: "2026-09", n: 8 }, { period: "2026-10", n: 9 }], months: ["2026-09", "2026-10"], timeZone: UTC, checkinCadenceDays: 14, asOf });
  it("divides each month's meetings by the matches active in it", () => {
    expect(result.checkinsPerMatch).toEqual([
      { period: "2026-09", checkins: 8, activeMatches: 4, perMatch: 2 },
      { period: "2026-10", checkins: 9, activeMatches: 4, perMatch: 2.25 },
    ]);
  });
  it("counts active matches that met in the last 30 days", () => {
    expect(result.recentlyMet).toEqual({ activeMatches: 4, withMeeting: 2, share: 50 });
  });
  it("gives the health mix of active matches with matchHealth", () => {
    // 25 Oct: on track; 20 Sep: 42 days ≥ 2×14 → at risk; low pulse → needs attention; started 10 Oct, 22 days ≥ 1.5×14 → needs attention.
    expect(result.health.counts).toEqual({ on_track: 1, needs_attention: 2, at_risk: 1 });
    expect(result.health.shares).toEqual({ on_track: 25, needs_attention: 50, at_risk: 25 });
  });
});

describe("satisfaction", () => {
  const result = satisfaction({
    months: ["2026-09", "2026-10"],
    pulseByMonth: [{ period: "2026-10", average: 3.666666, n: 3 }],
    answers: [
      { survey: "final", question: "rating", value: 5, n: 3 },
      { survey: "final", question: "rating", value: 2, n: 1 },
      { survey: "final", question: "recommend", value: "yes", n: 5 },
      { survey: "final", question: "recommend", value: "maybe", n: 2 },
      { survey: "final", question: "recommend", value: "no", n: 1 },
      { survey: "midpoint", question: "meeting_frequency", value: "as_expected", n: 3 },
      { survey: "midpoint", question: "meeting_frequency", value: "less", n: 1 },
    ],
  });
  it("averages pulses per month, with empty months", () => {
    expect(result.pulseByMonth).toEqual([{ period: "2026-09", average: null, responses: 0 }, { period: "2026-10", average: 3.67, responses: 3 }]);
  });
  it("averages scale questions and counts choices", () => {
    const rating = result.surveys.final.find((question) => question.key === "rating")!;
    expect(rating).toMatchObject({ type: "scale", responses: 4, average: 4.25 });
    const frequency = result.surveys.midpoint.find((question) => question.key === "meeting_frequency")!;
    expect(frequency.type === "choice" && frequency.choices.map((choice) => [choice.value, choice.n, choice.share])).toEqual([["more", 0, 0], ["as_expected", 3, 75], ["less", 1, 25], ["not_yet", 0, 0]]);
    expect(result.surveys.final.map((question) => question.key)).toEqual(["rating", "goals_progress", "confidence", "recommend", "mentor_again"]);
  });
  it("reports would-recommend shares and their net", () => {
    expect(result.recommendation).toEqual({ responses: 8, yes: 5, maybe: 2, no: 1, yesShare: 62.5, maybeShare: 25, noShare: 12.5, net: 50 });
  });
});

describe("retention", () => {
  it("counts early closures by reason and mentees still matched at the program's end", () => {
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    const result = retention({
      matches: [
        match({ menteeId: a, closedAt: at("2026-09-20"), closeReason: "lost_contact" }),
        match({ menteeId: a, startedAt: at("2026-09-25") }), // rematched: still active
        match({ menteeId: b, closedAt: at("2026-10-01"), closeReason: "schedule_conflict" }),
        match({ closedAt: at("2026-12-01"), closeReason: "completed" }),
        match({ closedAt: at("2026-10-02"), closeReason: "lost_contact" }),
      ],
      programEndsAt: at("2026-12-01"),
      asOf: at("2027-01-15"),
    });
    expect(result).toMatchObject({ matches: 5, closedEarly: 3, earlyClosureRate: 60 });
    expect(result.reasons).toEqual([{ reason: "lost_contact", n: 2, share: 66.7 }, { reason: "schedule_conflict", n: 1, share: 33.3 }]);
    expect(result.stillActive).toEqual({ at: "2026-12-01T00:00:00.000Z", mentees: 4, active: 2, share: 50 });
  });
});

describe("CSV", () => {
  it("flattens a report into metric, period, value rows and escapes fields", () => {
    const months = ["2026-10"];
    const report = {
      program: { slug: "p", name: "P" },
      range: { from: "2026-10-01", to: "2026-10-31", months },
      participation: participation([{ period: "2026-10", role: "mentee", status: "approved", n: 2 }]),
      matching: matching({ approvedMentees: 2, matchedMentees: 1, daysToMatch: [{ days: 4, n: 1 }], scoreAverage: 0.5, scoreBuckets: [{ bucket: 5, n: 1 }] }),
      engagement: engagement({ matches: [], metByMonth: [], months, timeZone: UTC, checkinCadenceDays: 14, asOf: at("2026-11-01") }),
      satisfaction: satisfaction({ pulseByMonth: [], answers: [], months }),
      retention: retention({ matches: [], programEndsAt: null, asOf: at("2026-11-01") }),
    };
    const rows = csvRows(report);
    expect(rows).toContainEqual(["match_rate_percent", "2026-10-01..2026-10-31", 50]);
    expect(rows).toContainEqual(["median_days_to_match", "2026-10-01..2026-10-31", 4]);
    expect(rows).toContainEqual(["checkins_per_match", "2026-10", null]);
    expect(rows).toContainEqual(["health.on_track", "2026-11-01", 0]);
    const csv = toCsv([["a,b", "=cmd", null], ['say "hi"', "p", 1.5]]);
    expect(csv).toBe('metric,period,value\r\n"a,b",\'=cmd,\r\n"say ""hi""",p,1.5\r\n');
  });
});
