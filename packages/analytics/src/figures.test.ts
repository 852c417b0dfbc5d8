import { describe, expect, it } from "vitest";
import { surveyQuestions } from "@tandem/relationships";
import { type ApplicationCountRow, csvRows, engagement, type MatchFacts, matching, nps, npsOf, participation, RECOMMEND_SCORE_KEY, retention, satisfaction, toCsv, UNMATCHED_REASONS, unmatchedMentees, unmatchedReasonOf } from "./index.js";

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
  it("keeps only a row's own fields", () => {
    const extra = { period: "2026-09", role: "mentee", status: "approved", n: 2, o0: 1 } as ApplicationCountRow;
    expect(participation([extra]).byPeriod).toEqual([{ period: "2026-09", role: "mentee", status: "approved", n: 2 }]);
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
  const result = engagement({ matches, metByPeriod: [{ period: "2026-09", n: 8 }, { period: "2026-10", n: 9 }], periods: ["2026-09", "2026-10"], timeZone: UTC, checkinCadenceDays: 14, asOf });
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
  it("ends its health over time with the live mix, in the period holding the last moment before asOf", () => {
    // asOf is 1 November 00:00: the mix describes October's end, so it is October's point; September has no snapshot.
    expect(result.healthOverTime).toEqual([{ period: "2026-10", onTrack: 1, needsAttention: 2, atRisk: 1 }]);
    expect(result.healthOverTimeNote).toBe("Health is recorded once a day by the reminder scan; 1 of the 2 months has no record and is left out.");
  });
  it("counts active matches per ISO week, Monday to Sunday", () => {
    const weekly = engagement({
      matches: [match({ startedAt: at("2026-09-30"), clockStartedAt: at("2026-09-30") }), match({ startedAt: at("2026-09-21"), closedAt: Date.parse("2026-09-27T12:00:00Z") })],
      metByPeriod: [{ period: "2026-09-28", n: 3 }],
      periods: ["2026-09-21", "2026-09-28"],
      period: "week",
      timeZone: UTC,
      checkinCadenceDays: 14,
      asOf: at("2026-10-05"),
    });
    // Week of 21 Sep: only the second (closed on Sunday 27th); week of 28 Sep: only the first (started Wednesday 30th).
    expect(weekly.checkinsPerMatch).toEqual([
      { period: "2026-09-21", checkins: 0, activeMatches: 1, perMatch: 0 },
      { period: "2026-09-28", checkins: 3, activeMatches: 1, perMatch: 3 },
    ]);
    expect(weekly.healthOverTime).toEqual([{ period: "2026-09-28", onTrack: 1, needsAttention: 0, atRisk: 0 }]);
  });
});

describe("satisfaction", () => {
  const result = satisfaction({
    periods: ["2026-09", "2026-10"],
    pulseByPeriod: [{ period: "2026-10", average: 3.666666, n: 3 }],
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
  it("merges the days of a week into one mean, weighted by their answers", () => {
    const weekly = satisfaction({ periods: ["2026-09-28"], pulseByPeriod: [{ period: "2026-09-28", average: 2, n: 1 }, { period: "2026-09-28", average: null, n: 0 }, { period: "2026-09-28", average: 4.5, n: 2 }], answers: [] });
    expect(weekly.pulseByPeriod).toEqual([{ period: "2026-09-28", average: 3.67, responses: 3 }]);
  });
  it("averages pulses per period, with empty periods", () => {
    expect(result.pulseByPeriod).toEqual([{ period: "2026-09", average: null, responses: 0 }, { period: "2026-10", average: 3.67, responses: 3 }]);
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
  it("has no NPS without 0–10 answers, and leaves the 0–10 question out of the survey figures", () => {
    expect(result.nps).toEqual({ responses: 0, promoters: 0, passives: 0, detractors: 0, score: null });
    expect(result.surveys.final.map((question) => question.key)).not.toContain(RECOMMEND_SCORE_KEY);
  });
});

describe("nps", () => {
  it("is the final survey's 0–10 question of both sides", () => {
    for (const role of ["mentor", "mentee"] as const) expect(surveyQuestions("final", role).find((question) => question.key === RECOMMEND_SCORE_KEY)).toMatchObject({ type: "number", min: 0, max: 10 });
  });
  it("splits 9–10, 7–8 and 0–6, and rounds the score half away from zero", () => {
    const rows = [0, 6, 7, 8, 9, 10].map((value) => ({ value, n: 1 }));
    // 2 promoters, 2 passives, 2 detractors: 0.
    expect(nps(rows)).toEqual({ responses: 6, promoters: 2, passives: 2, detractors: 2, score: 0 });
    // 1 promoter, 7 detractors of 8: 12.5 − 87.5 = −75; 3 of 8 against 2 of 8: 12.5 → 13; the other way −13.
    expect(nps([{ value: 10, n: 1 }, { value: 3, n: 7 }]).score).toBe(-75);
    expect(nps([{ value: 9, n: 3 }, { value: 5, n: 2 }, { value: 8, n: 3 }]).score).toBe(13);
    expect(nps([{ value: 9, n: 2 }, { value: 5, n: 3 }, { value: 8, n: 3 }]).score).toBe(-13);
  });
  it("comes from counts by class as the database makes them", () => {
    expect(npsOf({ promoters: 5, passives: 3, detractors: 2 })).toEqual({ responses: 10, promoters: 5, passives: 3, detractors: 2, score: 30 });
    expect(npsOf({ promoters: 0, passives: 0, detractors: 0 }).score).toBeNull();
    // Sums of nothing come back from SQL as null.
    expect(npsOf({ promoters: null as unknown as number, passives: 1, detractors: 0 })).toMatchObject({ responses: 1, score: 0 });
  });
  it("is 100 or −100 at the ends, null without answers, and ignores values that are not answers", () => {
    expect(nps([{ value: 10, n: 4 }]).score).toBe(100);
    expect(nps([{ value: 0, n: 4 }]).score).toBe(-100);
    expect(nps([])).toEqual({ responses: 0, promoters: 0, passives: 0, detractors: 0, score: null });
    expect(nps([{ value: 11, n: 1 }, { value: -1, n: 1 }, { value: 7.5, n: 1 }, { value: 9, n: 0 }])).toMatchObject({ responses: 0, score: null });
    // The database may hand back text.
    expect(nps([{ value: "9" as unknown as number, n: 2 }]).promoters).toBe(2);
  });
});

describe("unmatched mentees", () => {
  it("reads the engine's reason back from its code or its stored sentence", () => {
    expect(unmatchedReasonOf({ code: "capacity", reason: "whatever" })).toBe("no_mentor_capacity");
    expect(unmatchedReasonOf({ reason: "all compatible mentors are at capacity" })).toBe("no_mentor_capacity");
    expect(unmatchedReasonOf({ reason: "no mentor shares the required Languages" })).toBe("no_compatible_mentor");
    expect(unmatchedReasonOf({ reason: "no mentor is close enough on the required Year" })).toBe("no_compatible_mentor");
    expect(unmatchedReasonOf({ reason: "no mentor's Bio has words in common with this mentee's, and Bio is required" })).toBe("no_compatible_mentor");
    expect(unmatchedReasonOf({ reason: "no mentor meets all the required criteria at once (Languages, Availability)" })).toBe("no_compatible_mentor");
    expect(unmatchedReasonOf({ reason: "this mentee has no answer for the required Languages" })).toBe("missing_required_answer");
    expect(unmatchedReasonOf({ reason: "every mentor is excluded for this mentee" })).toBe("all_mentors_excluded");
    expect(unmatchedReasonOf({ reason: "no mentors in the program" })).toBe("no_mentors");
    expect(unmatchedReasonOf({ reason: "Unassigned by a coordinator" })).toBe("unassigned_by_coordinator");
    expect(unmatchedReasonOf({ reason: "the moon was full" })).toBe("other");
    expect(unmatchedReasonOf({ reason: null })).toBe("other");
  });
  const base = { awaitingMentorReply: 0, proposed: 0, runReasons: [], hasRun: true, selfMatch: false, mentorsWithOpenCapacity: 3 };
  it("gives the run's reasons to those it left out, and the rest were approved after it", () => {
    const result = unmatchedMentees({
      ...base,
      total: 9,
      awaitingMentorReply: 1,
      runReasons: [
        { reason: "no mentor shares the required Languages", n: 2 },
        { reason: "no mentor shares the required Availability", n: 1 },
        { reason: "all compatible mentors are at capacity", code: "capacity", n: 3 },
      ],
    });
    expect(result).toEqual({
      total: 9,
      reasons: [
        { reason: "no_compatible_mentor", label: UNMATCHED_REASONS.no_compatible_mentor, n: 3 },
        { reason: "no_mentor_capacity", label: "Every compatible mentor was full", n: 3 },
        { reason: "not_in_a_run", label: "Approved after the last matching run", n: 2 },
        { reason: "awaiting_mentor_reply", label: UNMATCHED_REASONS.awaiting_mentor_reply, n: 1 },
      ],
      mentorsWithOpenCapacity: 3,
    });
  });
  it("says why when there is no run, in self-match programs, and for a proposal not approved", () => {
    expect(unmatchedMentees({ ...base, total: 4, hasRun: false }).reasons).toEqual([{ reason: "no_run_yet", label: "No matching run yet", n: 4 }]);
    expect(unmatchedMentees({ ...base, total: 4, hasRun: false, selfMatch: true, awaitingMentorReply: 1 }).reasons.map((reason) => [reason.reason, reason.n])).toEqual([
      ["not_chosen_yet", 3],
      ["awaiting_mentor_reply", 1],
    ]);
    expect(unmatchedMentees({ ...base, total: 2, proposed: 2 }).reasons).toEqual([{ reason: "proposed_not_approved", label: UNMATCHED_REASONS.proposed_not_approved, n: 2 }]);
  });
  it("is empty when everyone is matched, and never negative when two reads disagree", () => {
    expect(unmatchedMentees({ ...base, total: 0 })).toEqual({ total: 0, reasons: [], mentorsWithOpenCapacity: 3 });
    expect(unmatchedMentees({ ...base, total: 1, runReasons: [{ reason: "no mentors in the program", n: 2 }] })).toMatchObject({ total: 2, reasons: [{ reason: "no_mentors", n: 2 }] });
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
    expect(result.reasons).toEqual([{ reason: "lost_contact", label: "We lost contact", n: 2, share: 66.7 }, { reason: "schedule_conflict", label: "We could not find time to meet", n: 1, share: 33.3 }]);
    expect(result.stillActive).toEqual({ at: "2026-12-01T00:00:00.000Z", mentees: 4, active: 2, share: 50 });
  });
});

describe("CSV", () => {
  it("flattens a report into metric, period, value rows and escapes fields", () => {
    const periods = ["2026-10"];
    const report = {
      program: { slug: "p", name: "P" },
      range: { from: "2026-10-01", to: "2026-10-31", period: "month" as const, periods },
      filters: { cohortQuestion: "year", cohort: "first", available: [{ question: "year", label: "Year", options: [{ value: "first", label: "First", n: 2 }] }] },
      participation: participation([{ period: "2026-10", role: "mentee", status: "approved", n: 2 }]),
      matching: {
        ...matching({ approvedMentees: 2, matchedMentees: 1, daysToMatch: [{ days: 4, n: 1 }], scoreAverage: 0.5, scoreBuckets: [{ bucket: 5, n: 1 }] }),
        unmatched: unmatchedMentees({ total: 1, awaitingMentorReply: 0, proposed: 0, runReasons: [{ reason: "all compatible mentors are at capacity", n: 1 }], hasRun: true, selfMatch: false, mentorsWithOpenCapacity: 0 }),
      },
      engagement: engagement({ matches: [], metByPeriod: [], periods, timeZone: UTC, checkinCadenceDays: 14, asOf: at("2026-11-01"), healthSnapshots: null }),
      satisfaction: satisfaction({ pulseByPeriod: [], answers: [], periods, npsCounts: { promoters: 3, passives: 0, detractors: 1 } }),
      retention: retention({ matches: [], programEndsAt: null, asOf: at("2026-11-01") }),
    };
    const rows = csvRows(report);
    expect(rows[0]).toEqual(["cohort_filter", "2026-10-01..2026-10-31", "year=first"]);
    expect(rows).toContainEqual(["match_rate_percent", "2026-10-01..2026-10-31", 50]);
    expect(rows).toContainEqual(["median_days_to_match", "2026-10-01..2026-10-31", 4]);
    expect(rows).toContainEqual(["checkins_per_match", "2026-10", null]);
    expect(rows).toContainEqual(["health.on_track", "2026-11-01", 0]);
    expect(rows).toContainEqual(["health_over_time.at_risk", "2026-10", 0]);
    expect(rows).toContainEqual(["unmatched.total", "2026-10-01..2026-10-31", 1]);
    expect(rows).toContainEqual(["unmatched.no_mentor_capacity", "2026-10-01..2026-10-31", 1]);
    expect(rows).toContainEqual(["mentors_with_open_capacity", "2026-10-01..2026-10-31", 0]);
    expect(rows).toContainEqual(["nps.score", "2026-10-01..2026-10-31", 50]);
    expect(rows).toContainEqual(["nps.detractors", "2026-10-01..2026-10-31", 1]);
    expect(rows).toContainEqual(["applications_answering.year.first", "2026-10-01..2026-10-31", 2]);
    const csv = toCsv([["a,b", "=cmd", null], ['say "hi"', "p", 1.5]]);
    expect(csv).toBe('metric,period,value\r\n"a,b",\'=cmd,\r\n"say ""hi""",p,1.5\r\n');
  });
});
