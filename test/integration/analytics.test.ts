/**
 * Program analytics (issue #7), in workerd: a program whose every row the
 * test writes — two pairs matched through the API (`pairedProgram`), four
 * seeded (`seedPairs`), then applications, check-ins, surveys and closures
 * dated in autumn 2025 — and the exact figures the API gives for it, for the
 * whole term, for October alone, by ISO week and for one cohort (the mentees
 * who want help with study habits); the CSV export; bad queries; coordinators
 * kept to their programs. Then a program matched by a real run that leaves
 * mentees out (why each is unmatched), and one in 2030 whose daily health
 * snapshots the real cron and queue write (health over time). The
 * institution is in America/Chicago.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { addYears, weekOf } from "@tandem/analytics";
import { schema } from "@tandem/db";
import { type Agent, inviteAndAccept, signUpAndSignIn, userIdOf } from "./agent.js";
import { peerCohort } from "./fixtures/cohort.js";
import { db, json, localDay, type Pair, pairedProgram, seedPairs, tenantIdOf } from "./fixtures/pairs.js";
import { cronTick, pair as insertPair, program as insertProgram } from "./fixtures/reminders.js";

/** Noon in Chicago on a 2025 date (17:00 UTC in daylight time, 18:00 after 2 November). */
const noon = (date: string) => new Date(`${date}T${date >= "2025-11-02" ? "18" : "17"}:00:00Z`);

let owner: Agent;
let slug: string;
let tenantId: string;
let program: string;
let programId: string;

const figures = async (query: string) => json<any>(await owner.get(`/api/v1/t/${slug}/programs/${program}/analytics${query}`), 200);

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  tenantId = await tenantIdOf(slug);
  let pairs: Pair[];
  ({ program, pairs } = await pairedProgram(owner, slug, { pairs: 2 }));
  const seeded = await seedPairs(tenantId, program, { count: 4, startedDaysAgo: 10, meetings: 0, reflection: "" });
  const [programRow] = await db.select().from(schema.programs).where(eq(schema.programs.slug, program));
  programId = programRow!.id;
  // The term: 1 September to 15 December 2025, a meeting expected every 14 days.
  await db.update(schema.programs).set({ startsOn: "2025-09-01", endsOn: "2025-12-15", checkinCadenceDays: 14 }).where(eq(schema.programs.id, programId));
  // Everyone so far applied on 5 September (6 mentees, 8 mentors, all approved).
  await db.update(schema.applications).set({ createdAt: noon("2025-09-05") }).where(eq(schema.applications.programId, programId));
  // In October: one more approved mentee (never matched), one waitlisted, one rejected, and a mentor still to review.
  const extra = (role: "mentor" | "mentee", status: "approved" | "waitlisted" | "rejected" | "submitted") => ({
    id: crypto.randomUUID(), tenantId, programId, role, status, firstName: "Late", lastName: status, email: `${role}-${status}-${crypto.randomUUID().slice(0, 6)}@example.test`, createdAt: noon("2025-10-02"),
  });
  await db.insert(schema.applications).values([extra("mentee", "approved"), extra("mentee", "waitlisted"), extra("mentee", "rejected"), extra("mentor", "submitted")]);

  const matchRows = await db.select().from(schema.matches).where(eq(schema.matches.programId, programId));
  const byId = new Map(matchRows.map((row) => [row.id, row]));
  const ids = [pairs[0]!.matchId, pairs[1]!.matchId, ...seeded];
  const [p1, p2, s1, s2, s3, s4] = ids.map((id) => byId.get(id)!);
  // Matched 3, 5, 10, 10, 15 and 20 days after applying; scores known.
  const plan: [typeof p1, string, number][] = [[p1, "2025-09-08", 0.9], [p2, "2025-09-10", 0.85], [s1, "2025-09-15", 0.72], [s2, "2025-09-15", 0.7], [s3, "2025-09-20", 0.55], [s4, "2025-09-25", 0.5]];
  for (const [match, startedOn, score] of plan) await db.update(schema.matches).set({ startedAt: noon(startedOn), score }).where(eq(schema.matches.id, match!.id));

  const checkin = (match: typeof p1, outcome: "met" | "not_yet" | "need_help", on: string) => ({
    id: crypto.randomUUID(), tenantId, matchId: match!.id, authorApplicationId: match!.menteeApplicationId, source: "portal" as const, outcome, meetingOn: outcome === "met" ? on : null, createdAt: noon(on),
  });
  await db.insert(schema.checkins).values([
    checkin(p1, "met", "2025-09-20"), checkin(p1, "met", "2025-10-05"), checkin(p1, "met", "2025-12-20"),
    checkin(p2, "met", "2025-10-10"), checkin(p2, "not_yet", "2025-12-22"),
    checkin(s1, "met", "2025-11-01"), checkin(s1, "met", "2025-12-10"),
    checkin(s2, "need_help", "2025-11-05"), checkin(s2, "met", "2026-01-05"),
    checkin(s3, "met", "2025-10-20"),
    checkin(s4, "met", "2025-09-28"),
  ]);

  const response = (match: typeof p1, by: "mentor" | "mentee", surveyKey: string, on: string, answers: Record<string, unknown>) => ({
    id: crypto.randomUUID(), tenantId, programId, matchId: match!.id, applicationId: by === "mentor" ? match!.mentorApplicationId : match!.menteeApplicationId, surveyKey, rating: answers.rating as number, answers, createdAt: noon(on), updatedAt: noon(on),
  });
  await db.insert(schema.surveyResponses).values([
    response(p1, "mentor", "pulse-1", "2025-10-03", { rating: 2 }),
    response(p1, "mentor", "pulse-2", "2025-11-03", { rating: 5 }),
    response(p1, "mentee", "pulse-1", "2025-10-04", { rating: 4 }),
    response(p2, "mentee", "pulse-1", "2025-10-05", { rating: 3 }),
    response(s1, "mentor", "pulse-2", "2025-11-06", { rating: 4 }),
    response(p1, "mentee", "midpoint", "2025-10-30", { rating: 4, meeting_frequency: "as_expected", goals_progress: 3, going_well: "Talking it through" }),
    response(p2, "mentor", "midpoint", "2025-10-31", { rating: 3, meeting_frequency: "less", goals_progress: 2 }),
    response(s1, "mentee", "midpoint", "2025-10-31", { rating: 5, meeting_frequency: "as_expected", goals_progress: 4 }),
    response(p1, "mentee", "final", "2025-12-10", { rating: 5, goals_progress: 4, confidence: 5, recommend: "yes", recommend_score: 10 }),
    response(p1, "mentor", "final", "2025-12-10", { rating: 4, mentor_again: "yes", recommend: "yes", recommend_score: 9 }),
    response(s4, "mentee", "final", "2025-12-11", { rating: 3, recommend: "maybe", recommend_score: 6 }),
    response(s4, "mentor", "final", "2025-12-11", { rating: 2, mentor_again: "no", recommend: "no" }),
    response(s1, "mentee", "final", "2026-01-03", { rating: 1, recommend: "no", recommend_score: 8 }),
    // S3's mentee, who left early, answers the closure survey: a detractor the NPS must hear, not only those who stayed.
    response(s3, "mentee", "closure", "2025-11-16", { rating: 2, recommend: "no", recommend_score: 3 }),
  ]);

  // S3 ended early (lost contact) on 15 November; S4 completed the day after the program's end.
  for (const [match, on, reason] of [[s3, "2025-11-15", "lost_contact"], [s4, "2025-12-16", "completed"]] as const) {
    await db.update(schema.matches).set({ status: "closed", closedAt: noon(on) }).where(eq(schema.matches.id, match!.id));
    await db
      .insert(schema.matchRelationships)
      .values({ tenantId, matchId: match!.id, closeReason: reason, closedBy: "coordinator" })
      .onConflictDoUpdate({ target: [schema.matchRelationships.tenantId, schema.matchRelationships.matchId], set: { closeReason: reason, closedBy: "coordinator" } });
  }

  // The cohort: "What would you like help with?" (multiple choice `goals`, on both forms). P1's and S1's mentees and
  // October's late approved mentee want help with study habits; the other mentees and every mentor but P2's do not.
  const people = await db.select().from(schema.applications).where(eq(schema.applications.programId, programId));
  const studyHabits = new Set([p1!.menteeApplicationId, s1!.menteeApplicationId, p2!.mentorApplicationId, ...people.filter((row) => row.role === "mentee" && row.status === "approved" && row.lastName === "approved").map((row) => row.id)]);
  for (const person of people.filter((row) => row.status === "approved")) {
    const goals = studyHabits.has(person.id) ? (person.id === p1!.menteeApplicationId ? ["make_friends", "study_habits"] : ["study_habits"]) : ["make_friends"];
    await db.update(schema.applications).set({ answers: { ...person.answers, goals } }).where(eq(schema.applications.id, person.id));
  }
}, 180_000);

describe("program analytics", () => {
  it("gives the term's figures as the database holds them", async () => {
    const report = await figures("?to=2025-12-31");
    expect(report.range).toEqual({ from: "2025-09-01", to: "2025-12-31", period: "month", periods: ["2025-09", "2025-10", "2025-11", "2025-12"] });
    expect(report.filters).toMatchObject({ cohortQuestion: null, cohort: null });

    expect(report.participation).toEqual({
      applications: 18,
      byRole: {
        mentor: { pending_consent: 0, submitted: 1, approved: 8, waitlisted: 0, rejected: 0, withdrawn: 0 },
        mentee: { pending_consent: 0, submitted: 0, approved: 7, waitlisted: 1, rejected: 1, withdrawn: 0 },
      },
      byPeriod: [
        { period: "2025-09", role: "mentor", status: "approved", n: 8 },
        { period: "2025-09", role: "mentee", status: "approved", n: 6 },
        { period: "2025-10", role: "mentor", status: "submitted", n: 1 },
        { period: "2025-10", role: "mentee", status: "approved", n: 1 },
        { period: "2025-10", role: "mentee", status: "waitlisted", n: 1 },
        { period: "2025-10", role: "mentee", status: "rejected", n: 1 },
      ],
      approvalRate: 88.2, // 15 approved of 17 decided
      approved: { mentors: 8, mentees: 7, menteesPerMentor: 0.88 },
      waitlist: { mentors: 0, mentees: 1, total: 1 },
    });

    expect(report.matching).toEqual({
      approvedMentees: 7,
      matchedMentees: 6,
      unmatchedMentees: 1,
      matchRate: 85.7,
      matches: 6,
      medianDaysToMatch: 10, // 3, 5, 10, 10, 15, 20
      scoreAverage: 0.7, // 4.22 / 6
      scoreDistribution: [0, 0, 0, 0, 0, 2, 0, 2, 1, 1].map((n, bucket) => ({ from: bucket / 10, to: (bucket + 1) / 10, n })),
      // October's late mentee came after the run that matched the pairs; the two spare mentors and S3's and S4's (closed) have room.
      unmatched: { total: 1, reasons: [{ reason: "not_in_a_run", label: "Approved after the last matching run", n: 1 }], mentorsWithOpenCapacity: 4 },
    });

    expect(report.engagement.checkinsPerMatch).toEqual([
      { period: "2025-09", checkins: 2, activeMatches: 6, perMatch: 0.33 },
      { period: "2025-10", checkins: 3, activeMatches: 6, perMatch: 0.5 },
      { period: "2025-11", checkins: 1, activeMatches: 6, perMatch: 0.17 },
      { period: "2025-12", checkins: 2, activeMatches: 5, perMatch: 0.4 },
    ]);
    // At the range's end four pairs are open; P1 (20 Dec) and S1 (10 Dec) met in the last 30 days.
    expect(report.engagement.recentlyMet).toEqual({ activeMatches: 4, withMeeting: 2, share: 50 });
    // P1 on track (its mentor's low pulse was followed by higher ones); S1 22 days silent; P2 and S2 silent for long.
    expect(report.engagement.health).toEqual({
      asOf: "2026-01-01T06:00:00.000Z",
      counts: { on_track: 1, needs_attention: 1, at_risk: 2 },
      shares: { on_track: 25, needs_attention: 25, at_risk: 50 },
    });
    // No daily snapshot in 2025 (the scan never ran then): December's point is the live mix, the other months are left out.
    expect(report.engagement.healthOverTime).toEqual([{ period: "2025-12", onTrack: 1, needsAttention: 1, atRisk: 2 }]);
    expect(report.engagement.healthOverTimeNote).toBe("Health is recorded once a day by the reminder scan; 3 of the 4 months have no record and are left out.");

    expect(report.satisfaction.pulseByPeriod).toEqual([
      { period: "2025-09", average: null, responses: 0 },
      { period: "2025-10", average: 3, responses: 3 },
      { period: "2025-11", average: 4.5, responses: 2 },
      { period: "2025-12", average: null, responses: 0 },
    ]);
    const question = (survey: string, key: string) => report.satisfaction.surveys[survey].find((entry: { key: string }) => entry.key === key);
    expect(question("midpoint", "rating")).toMatchObject({ type: "scale", responses: 3, average: 4 });
    expect(question("midpoint", "goals_progress")).toMatchObject({ responses: 3, average: 3 });
    expect(question("midpoint", "meeting_frequency").choices.map((choice: { value: string; n: number; share: number }) => [choice.value, choice.n, choice.share])).toEqual([
      ["more", 0, 0],
      ["as_expected", 2, 66.7],
      ["less", 1, 33.3],
      ["not_yet", 0, 0],
    ]);
    expect(question("final", "rating")).toMatchObject({ responses: 4, average: 3.5, distribution: [1, 2, 3, 4, 5].map((value) => ({ value, n: value === 1 ? 0 : 1 })) });
    expect(question("final", "confidence")).toMatchObject({ responses: 1, average: 5 });
    expect(question("final", "mentor_again").choices.map((choice: { n: number }) => choice.n)).toEqual([1, 0, 1]);
    expect(report.satisfaction.surveys.midpoint.map((entry: { key: string }) => entry.key)).not.toContain("going_well");
    // The January final survey is after the range.
    expect(report.satisfaction.recommendation).toEqual({ responses: 4, yes: 2, maybe: 1, no: 1, yesShare: 50, maybeShare: 25, noShare: 25, net: 25 });
    // 0–10: 10 and 9 promote, 6 (final) and 3 (S3's closure survey) detract (S4's mentor answered before the question existed): 2 of 4 − 2 of 4 = 0.
    expect(report.satisfaction.nps).toEqual({ responses: 4, promoters: 2, passives: 0, detractors: 2, score: 0 });
    expect(report.satisfaction.surveys.final.map((entry: { key: string }) => entry.key)).not.toContain("recommend_score");

    expect(report.retention).toEqual({
      matches: 6,
      closedEarly: 1,
      earlyClosureRate: 16.7,
      reasons: [{ reason: "lost_contact", label: "We lost contact", n: 1, share: 100 }],
      // At the program's end (the midnight after 15 December), five of the six mentees were still matched.
      stillActive: { at: "2025-12-16T06:00:00.000Z", mentees: 6, active: 5, share: 83.3 },
    });
  });

  it("counts only October when asked for October", async () => {
    const report = await figures("?from=2025-10-01&to=2025-10-31");
    expect(report.range).toEqual({ from: "2025-10-01", to: "2025-10-31", period: "month", periods: ["2025-10"] });
    expect(report.participation).toMatchObject({ applications: 4, approvalRate: 33.3, approved: { mentors: 0, mentees: 1, menteesPerMentor: null } });
    // October's one approved mentee is not matched: the September cohort's matches are not October's.
    expect(report.matching).toMatchObject({ approvedMentees: 1, matchedMentees: 0, matchRate: 0, matches: 0, medianDaysToMatch: null, scoreAverage: null });
    expect(report.engagement.checkinsPerMatch).toEqual([{ period: "2025-10", checkins: 3, activeMatches: 6, perMatch: 0.5 }]);
    // On 1 November all six were open; P1 (5 Oct), P2 (10 Oct) and S3 (20 Oct) had met within 30 days.
    expect(report.engagement.recentlyMet).toEqual({ activeMatches: 6, withMeeting: 3, share: 50 });
    expect(report.satisfaction.pulseByPeriod).toEqual([{ period: "2025-10", average: 3, responses: 3 }]);
    expect(question(report, "midpoint", "rating")).toMatchObject({ responses: 3, average: 4 });
    expect(report.satisfaction.recommendation).toMatchObject({ responses: 0, yesShare: null, net: null });
    expect(report.satisfaction.nps).toEqual({ responses: 0, promoters: 0, passives: 0, detractors: 0, score: null });
    expect(report.retention).toMatchObject({ matches: 0, closedEarly: 0, earlyClosureRate: null, reasons: [] });
  });

  it("exports the same figures as CSV rows", async () => {
    const response = await owner.get(`/api/v1/t/${slug}/programs/${program}/analytics.csv?to=2025-12-31`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${program}-analytics-2025-09-01-to-2025-12-31.csv"`);
    const lines = (await response.text()).split("\r\n");
    expect(lines[0]).toBe("metric,period,value");
    expect(lines).toEqual(
      expect.arrayContaining([
        "applications,2025-09-01..2025-12-31,18",
        "approval_rate_percent,2025-09-01..2025-12-31,88.2",
        "match_rate_percent,2025-09-01..2025-12-31,85.7",
        "median_days_to_match,2025-09-01..2025-12-31,10",
        "checkins_per_match,2025-12,0.4",
        "pulse_average,2025-09,",
        "health.at_risk,2026-01-01,2",
        "would_recommend.yes_percent,2025-09-01..2025-12-31,50",
        "early_closure_rate_percent,2025-09-01..2025-12-31,16.7",
        "closed_early.lost_contact,2025-09-01..2025-12-31,1",
        "unmatched.total,2025-09-01..2025-12-31,1",
        "unmatched.not_in_a_run,2025-09-01..2025-12-31,1",
        "mentors_with_open_capacity,2025-09-01..2025-12-31,4",
        "health_over_time.at_risk,2025-12,2",
        "nps.score,2025-09-01..2025-12-31,0",
        "nps.responses,2025-09-01..2025-12-31,4",
        "applications_answering.goals.study_habits,2025-09-01..2025-12-31,4",
      ]),
    );
    expect(lines.some((line) => line.startsWith("cohort_filter,"))).toBe(false);
  });

  it("exports a week's and a cohort's figures, named for them", async () => {
    const response = await owner.get(`/api/v1/t/${slug}/programs/${program}/analytics.csv?from=2025-09-29&to=2025-10-26&period=week&cohortQuestion=goals&cohort=study_habits`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${program}-analytics-2025-09-29-to-2025-10-26-weekly-goals-study_habits.csv"`);
    const lines = (await response.text()).split("\r\n");
    expect(lines[1]).toBe("cohort_filter,2025-09-29..2025-10-26,goals=study_habits");
    // P1 met on Sunday 5 October: the week that began on Monday 29 September. S1 did not meet in October.
    expect(lines).toEqual(expect.arrayContaining(["checkins_met,2025-09-29,1", "active_matches,2025-09-29,2", "checkins_per_match,2025-09-29,0.5", "checkins_met,2025-10-06,0", "pulse_average,2025-09-29,3"]));
  });

  it("gives weekly periods, Monday to Sunday, labelled by their Monday", async () => {
    const report = await figures("?from=2025-09-29&to=2025-10-26&period=week");
    expect(report.range).toEqual({ from: "2025-09-29", to: "2025-10-26", period: "week", periods: ["2025-09-29", "2025-10-06", "2025-10-13", "2025-10-20"] });
    // October's four late applications came on Thursday 2 October.
    expect(report.participation.byPeriod).toEqual([
      { period: "2025-09-29", role: "mentor", status: "submitted", n: 1 },
      { period: "2025-09-29", role: "mentee", status: "approved", n: 1 },
      { period: "2025-09-29", role: "mentee", status: "waitlisted", n: 1 },
      { period: "2025-09-29", role: "mentee", status: "rejected", n: 1 },
    ]);
    // P1 met on Sunday 5 October, P2 on Friday 10, S3 on Monday 20.
    expect(report.engagement.checkinsPerMatch).toEqual([
      { period: "2025-09-29", checkins: 1, activeMatches: 6, perMatch: 0.17 },
      { period: "2025-10-06", checkins: 1, activeMatches: 6, perMatch: 0.17 },
      { period: "2025-10-13", checkins: 0, activeMatches: 6, perMatch: 0 },
      { period: "2025-10-20", checkins: 1, activeMatches: 6, perMatch: 0.17 },
    ]);
    // Pulses on Friday 3, Saturday 4 and Sunday 5 October: one week.
    expect(report.satisfaction.pulseByPeriod).toEqual([
      { period: "2025-09-29", average: 3, responses: 3 },
      { period: "2025-10-06", average: null, responses: 0 },
      { period: "2025-10-13", average: null, responses: 0 },
      { period: "2025-10-20", average: null, responses: 0 },
    ]);
    expect(report.engagement.healthOverTime.map((point: { period: string }) => point.period)).toEqual(["2025-10-20"]);
    // Without `from`, weeks start with the Monday of the first one with anything in it: the program's start, Monday 1 September.
    expect((await figures("?to=2025-09-14&period=week")).range).toEqual({ from: "2025-09-01", to: "2025-09-14", period: "week", periods: ["2025-09-01", "2025-09-08"] });
  });

  it("restricts every figure to a cohort: applications by their own answer, matches by their mentee's", async () => {
    const whole = await figures("?to=2025-12-31");
    const goals = whole.filters.available.find((question: { question: string }) => question.question === "goals");
    expect(goals.label).toBe("What would you like help with this year?");
    const count = (value: string) => goals.options.find((option: { value: string }) => option.value === value).n;
    // Both roles, a multiple choice answer counted under each option it holds: three mentees and P2's mentor want help
    // with study habits; P1's mentee (who wants both), the four other matched mentees' and seven mentors with making friends.
    expect([count("study_habits"), count("make_friends"), count("budgeting")]).toEqual([4, 12, 0]);
    expect(whole.filters.available.map((question: { question: string }) => question.question)).toEqual(expect.arrayContaining(["major", "goals", "interests"]));

    const report = await figures("?to=2025-12-31&cohortQuestion=goals&cohort=study_habits");
    expect(report.filters).toMatchObject({ cohortQuestion: "goals", cohort: "study_habits" });
    // The options count the whole range whatever the filter, so the other cohorts can be chosen.
    expect(report.filters.available).toEqual(whole.filters.available);
    expect(report.participation).toMatchObject({ applications: 4, approvalRate: 100, approved: { mentors: 1, mentees: 3, menteesPerMentor: 3 } });
    expect(report.matching).toMatchObject({
      approvedMentees: 3,
      matchedMentees: 2,
      unmatchedMentees: 1,
      matchRate: 66.7,
      matches: 2,
      medianDaysToMatch: 6.5, // P1 3 days, S1 10
      scoreAverage: 0.81, // 0.9 and 0.72
      unmatched: { total: 1, reasons: [{ reason: "not_in_a_run", label: "Approved after the last matching run", n: 1 }], mentorsWithOpenCapacity: 4 },
    });
    expect(report.engagement.checkinsPerMatch).toEqual([
      { period: "2025-09", checkins: 1, activeMatches: 2, perMatch: 0.5 },
      { period: "2025-10", checkins: 1, activeMatches: 2, perMatch: 0.5 },
      { period: "2025-11", checkins: 1, activeMatches: 2, perMatch: 0.5 },
      { period: "2025-12", checkins: 2, activeMatches: 2, perMatch: 1 },
    ]);
    // P1 on track; S1 silent for 22 days.
    expect(report.engagement.health.counts).toEqual({ on_track: 1, needs_attention: 1, at_risk: 0 });
    expect(report.engagement.healthOverTime).toEqual([{ period: "2025-12", onTrack: 1, needsAttention: 1, atRisk: 0 }]);
    expect(report.engagement.healthOverTimeNote).toBe("Health is recorded daily for the whole program, not per cohort: only the latest mix is shown for this cohort.");
    // Both sides of the cohort's pairs: P1's mentor (2, then 5) and mentee (4), S1's mentor (4).
    expect(report.satisfaction.pulseByPeriod.map((row: { average: number | null; responses: number }) => [row.average, row.responses])).toEqual([[null, 0], [3, 2], [4.5, 2], [null, 0]]);
    expect(report.satisfaction.recommendation).toMatchObject({ responses: 2, yes: 2, net: 100 });
    expect(report.satisfaction.nps).toEqual({ responses: 2, promoters: 2, passives: 0, detractors: 0, score: 100 });
    expect(report.retention).toMatchObject({ matches: 2, closedEarly: 0, stillActive: { mentees: 2, active: 2 } });

    // Another cohort, which P1's mentee (who wants help with both) is in too: S3's early closure and S4's detractor are theirs.
    const others = await figures("?to=2025-12-31&cohortQuestion=goals&cohort=make_friends");
    expect(others.participation.approved).toEqual({ mentors: 7, mentees: 5, menteesPerMentor: 0.71 });
    expect(others.matching).toMatchObject({ approvedMentees: 5, matchedMentees: 5, unmatched: { total: 0, reasons: [] } });
    expect(others.retention).toMatchObject({ matches: 5, closedEarly: 1, reasons: [{ reason: "lost_contact", n: 1, share: 100 }] });
    // P1's promoters (10, 9), S4's final 6 and S3's closure-survey 3: 2 of 4 − 2 of 4.
    expect(others.satisfaction.nps).toEqual({ responses: 4, promoters: 2, passives: 0, detractors: 2, score: 0 });
    // An option nobody chose: nothing, honestly empty.
    const nobody = await figures("?to=2025-12-31&cohortQuestion=goals&cohort=budgeting");
    expect(nobody.participation.applications).toBe(0);
    expect(nobody.matching).toMatchObject({ approvedMentees: 0, matchRate: null, unmatched: { total: 0, reasons: [] } });
    expect(nobody.engagement.health.counts).toEqual({ on_track: 0, needs_attention: 0, at_risk: 0 });
  });

  it("refuses a bad range with a problem listing each bad field", async () => {
    const bad = await owner.get(`/api/v1/t/${slug}/programs/${program}/analytics?from=2025-02-30&to=soon`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await bad.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors.map((error) => error.path).sort()).toEqual(["query.from", "query.to"]);
    const backwards = await owner.get(`/api/v1/t/${slug}/programs/${program}/analytics.csv?from=2025-12-01&to=2025-11-01`);
    expect(backwards.status).toBe(400);
    expect(((await backwards.json()) as { errors: unknown[] }).errors).toEqual([{ path: "query.from", message: "must not be after to" }]);
  });

  it("refuses a range it cannot report on, with a problem on each field, before counting anything", async () => {
    const errorsOf = async (query: string, csv = false) => {
      const response = await owner.get(`/api/v1/t/${slug}/programs/${program}/analytics${csv ? ".csv" : ""}${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      return ((await response.json()) as { errors: { path: string; message: string }[] }).errors;
    };
    const [today, yearAhead] = [localDay(0), addYears(localDay(0), 1)];
    // 7,000 years (once 4.5 s of CPU and a statement of megabytes), years before 2000 (once cut short without a word).
    expect(await errorsOf("?from=2000-01-01&to=9000-12-31")).toEqual([{ path: "query.from", message: "must be at most 10 years before to: 8990-12-31 or later" }]);
    expect(await errorsOf("?from=1900-01-01&to=1999-12-31", true)).toEqual([
      { path: "query.from", message: "must be in 2000 or later" },
      { path: "query.to", message: "must be in 2000 or later" },
    ]);
    expect(await errorsOf("?from=2015-12-30&to=2025-12-31&period=week")).toEqual([{ path: "query.from", message: "must be at most 10 years before to: 2015-12-31 or later" }]);
    // Against the institution's today: `to` far ahead (once a 500), `from` in the future or long ago without `to`.
    expect(await errorsOf("?to=9999-12-31")).toEqual([{ path: "query.to", message: `must be at most a year after today: ${yearAhead} or earlier` }]);
    expect(await errorsOf("?from=1900-01-01")).toEqual([{ path: "query.from", message: "must be in 2000 or later" }]);
    expect(await errorsOf(`?from=${localDay(30)}`, true)).toEqual([{ path: "query.from", message: `must not be after today (${today}), the default for to` }]);
    expect(await errorsOf("?from=2000-01-01")).toEqual([{ path: "query.from", message: `must be at most 10 years before today (${today}), the default for to: ${addYears(today, -10)} or later` }]);
    // With a bad cohort, in one problem.
    expect(await errorsOf(`?to=${addYears(yearAhead, 1)}&cohortQuestion=goals&cohort=astrophysics`)).toEqual([
      { path: "query.to", message: `must be at most a year after today: ${yearAhead} or earlier` },
      { path: "query.cohort", message: expect.stringContaining("is not an option of goals") },
    ]);

    // The longest range, by week: every week of the ten years, none cut.
    const decade = await figures("?from=2015-12-31&to=2025-12-31&period=week");
    expect(decade.range).toMatchObject({ from: "2015-12-31", to: "2025-12-31" });
    expect(decade.range.periods).toHaveLength(523);
    expect([decade.range.periods[0], decade.range.periods.at(-1)]).toEqual(["2015-12-28", "2025-12-29"]);
    expect(decade.participation.applications).toBe(18);
    expect((await figures(`?from=${addYears(today, -10)}`)).range).toMatchObject({ from: addYears(today, -10), to: today });
    expect((await figures(`?to=${yearAhead}`)).range.to).toBe(yearAhead);
  });

  it("starts a report without from at most ten years before its end, whenever the program says it began", async () => {
    // A program dated 1900: its months up to today once ran past the 1,200 listed, and the series stopped in 1999.
    const old = await insertProgram(db, tenantId, { startsOn: "1900-01-01", endsOn: "2030-06-30", slug: `old-${crypto.randomUUID().slice(0, 6)}` });
    const today = localDay(0);
    const monthly = await json<any>(await owner.get(`/api/v1/t/${slug}/programs/${old.slug}/analytics`), 200);
    expect(monthly.range).toMatchObject({ from: `${addYears(today, -10).slice(0, 7)}-01`, to: today });
    expect(monthly.range.periods).toHaveLength(121);
    expect(monthly.range.periods.at(-1)).toBe(today.slice(0, 7));
    const weekly = await json<any>(await owner.get(`/api/v1/t/${slug}/programs/${old.slug}/analytics?period=week&to=2025-12-31`), 200);
    expect(weekly.range).toMatchObject({ from: weekOf("2015-12-31"), to: "2025-12-31" });
    expect(weekly.range.periods.at(-1)).toBe("2025-12-29");
  });

  it("refuses a bad period or cohort with a problem per field, and changes nothing", async () => {
    const before = await figures("?to=2025-12-31");
    const errorsOf = async (query: string, csv = false) => {
      const response = await owner.get(`/api/v1/t/${slug}/programs/${program}/analytics${csv ? ".csv" : ""}${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      return ((await response.json()) as { errors: { path: string; message: string }[] }).errors;
    };
    expect(await errorsOf("?period=day&cohortQuestion=Year%20of%20study&from=2025-13-01")).toEqual([
      { path: "query.from", message: "must be a date like 2026-09-01" },
      { path: "query.period", message: 'must be "month" or "week"' },
      { path: "query.cohortQuestion", message: "must be a question key such as year_of_study" },
    ]);
    // Both or neither, reported together with a bad range.
    expect(await errorsOf("?cohortQuestion=goals&from=2025-12-01&to=2025-11-01")).toEqual([
      { path: "query.from", message: "must not be after to" },
      { path: "query.cohort", message: "is required with cohortQuestion" },
    ]);
    expect(await errorsOf("?cohort=study_habits", true)).toEqual([{ path: "query.cohort", message: "needs cohortQuestion, the question it answers" }]);
    // Well-formed, but not a choice question of this program's forms, or not one of its options.
    const unknown = await errorsOf("?cohortQuestion=favourite_colour&cohort=blue");
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.path).toBe("query.cohortQuestion");
    expect(unknown[0]!.message).toMatch(/^is not a choice question of this program's mentee form \(major, goals, interests/);
    expect(await errorsOf("?cohortQuestion=year&cohort=1", true)).toEqual([{ path: "query.cohortQuestion", message: expect.stringContaining("is not a choice question") }]);
    expect(await errorsOf("?cohortQuestion=goals&cohort=astrophysics")).toEqual([{ path: "query.cohort", message: expect.stringMatching(/^is not an option of goals on the mentee form \(make_friends, study_habits, /) }]);
    expect(await figures("?to=2025-12-31")).toEqual(before);
  });

  it("takes cohorts from the mentee form only: a mentor-only question or option is refused, not a report of zeros", async () => {
    const before = await figures("?to=2025-12-31");
    // The mentor form asks the starter questions, a choice only mentors answer, and offers mentors one more goal.
    const formUrl = `/api/v1/t/${slug}/programs/${program}/forms/mentor`;
    const { form } = await json<{ form: { definition: { version: number; questions: { key: string; choices?: { value: string; label: string }[] }[] } } }>(await owner.get(formUrl), 200);
    const questions = form.definition.questions.map((question) =>
      question.key === "goals" ? { ...question, choices: [...question.choices!, { value: "career_change", label: "Changing careers" }] } : question,
    );
    const track = { key: "mentor_track", type: "single_choice", label: "Which track do you mentor in?", required: false, choices: [{ value: "research", label: "Research" }, { value: "industry", label: "Industry" }] };
    await json(await owner.request("PUT", formUrl, { version: form.definition.version, questions: [...questions, track] }), 200);
    try {
      const mentorIds = (await db.select().from(schema.applications).where(and(eq(schema.applications.programId, programId), eq(schema.applications.role, "mentor")))).map((row) => row.id);
      await db.update(schema.applications).set({ answers: sql`json_set(${schema.applications.answers}, '$.mentor_track', 'research')` }).where(inArray(schema.applications.id, mentorIds));

      // Offered: the mentee form's questions with its options, as before.
      const whole = await figures("?to=2025-12-31");
      expect(whole.filters.available).toEqual(before.filters.available);
      expect(whole.filters.available.map((question: { question: string }) => question.question)).not.toContain("mentor_track");
      const errorsOf = async (query: string) => {
        const response = await owner.get(`/api/v1/t/${slug}/programs/${program}/analytics${query}`);
        expect(response.status, query).toBe(400);
        return ((await response.json()) as { errors: { path: string; message: string }[] }).errors;
      };
      // Every mentor answered "research": as a cohort it would have counted their applications and no match at all.
      expect(await errorsOf("?to=2025-12-31&cohortQuestion=mentor_track&cohort=research")).toEqual([
        { path: "query.cohortQuestion", message: "is asked only on the mentor form: a cohort is a group of mentees, so cohorts come from the mentee form's choice questions (major, goals, interests)" },
      ]);
      expect(await errorsOf("?to=2025-12-31&cohortQuestion=goals&cohort=career_change")).toEqual([
        { path: "query.cohort", message: expect.stringMatching(/^is not an option of goals on the mentee form \((?!.*career_change)/) },
      ]);
      // A question both forms ask still counts each application by its own answer: P2's mentor is in the study-habits cohort.
      expect((await figures("?to=2025-12-31&cohortQuestion=goals&cohort=study_habits")).participation.approved).toEqual({ mentors: 1, mentees: 3, menteesPerMentor: 3 });
    } finally {
      await db.delete(schema.programForms).where(and(eq(schema.programForms.programId, programId), eq(schema.programForms.role, "mentor")));
    }
  });

  it("keeps coordinators to the programs they run", async () => {
    const { member: coordinator } = await inviteAndAccept(owner, slug, "coordinator");
    expect((await coordinator.get(`/api/v1/t/${slug}/programs/${program}/analytics`)).status).toBe(404);
    expect((await coordinator.get(`/api/v1/t/${slug}/programs/${program}/analytics.csv`)).status).toBe(404);
    await json(await owner.request("PUT", `/api/v1/t/${slug}/programs/${program}/coordinators`, { userIds: [await userIdOf(coordinator)] }), 200);
    const report = await json<{ matching: { matchedMentees: number } }>(await coordinator.get(`/api/v1/t/${slug}/programs/${program}/analytics?to=2025-12-31`), 200);
    expect(report.matching.matchedMentees).toBe(6);
  });

  it("is readable by viewers, who read reports but change nothing", async () => {
    const { member: viewer } = await inviteAndAccept(owner, slug, "viewer");
    const report = await json<{ matching: { matchedMentees: number } }>(await viewer.get(`/api/v1/t/${slug}/programs/${program}/analytics?to=2025-12-31`), 200);
    expect(report.matching.matchedMentees).toBe(6);
    expect((await viewer.get(`/api/v1/t/${slug}/programs/${program}/analytics.csv?to=2025-12-31`)).status).toBe(200);
  });
});

function question(report: any, survey: string, key: string) {
  return report.satisfaction.surveys[survey].find((entry: { key: string }) => entry.key === key);
}

describe("why approved mentees are unmatched", () => {
  let cohortProgram: string;
  let runId: string;
  let unmatched: { mentee: { id: string }; reason: string }[];
  const report = async (query = "") => json<any>(await owner.get(`/api/v1/t/${slug}/programs/${cohortProgram}/analytics${query}`), 200);

  beforeAll(async () => {
    cohortProgram = `unmatched-${crypto.randomUUID().slice(0, 6)}`;
    // Six mentees for two mentors with two places each; one mentee speaks only Swahili, which no mentor does.
    await peerCohort(owner, slug, cohortProgram, { mentees: 6, mentors: 2, capacity: 2, unmatchable: 1 });
    runId = (await json<{ run: { id: string } }>(await owner.post(`/api/v1/t/${slug}/programs/${cohortProgram}/matching/runs`, {}), 201)).run.id;
    ({ proposal: { unmatched } } = await json<{ proposal: { unmatched: { mentee: { id: string }; reason: string }[] } }>(await owner.get(`/api/v1/t/${slug}/programs/${cohortProgram}/matching/runs/${runId}`), 200));
  }, 120_000);

  it("gives the latest run's reason for each mentee it left out, while its proposal waits for approval", async () => {
    // What the engine said, as the coordinator read it on the proposal.
    expect(unmatched.map((entry) => entry.reason).sort()).toEqual(["all compatible mentors are at capacity", "no mentor shares the required languages"]);
    const { matching } = await report();
    expect(matching).toMatchObject({ approvedMentees: 6, matchedMentees: 0, unmatchedMentees: 6 });
    expect(matching.unmatched).toEqual({
      total: 6,
      reasons: [
        { reason: "proposed_not_approved", label: "Paired in a proposal not approved yet", n: 4 },
        { reason: "no_compatible_mentor", label: "No mentor meets the required matching criteria", n: 1 },
        { reason: "no_mentor_capacity", label: "Every compatible mentor was full", n: 1 },
      ],
      mentorsWithOpenCapacity: 2,
    });
  });

  it("keeps the run's reasons after approval, and tells late and waiting mentees apart", async () => {
    await json(await owner.post(`/api/v1/t/${slug}/programs/${cohortProgram}/matching/runs/${runId}/approve`), 200);
    const [programRow] = await db.select().from(schema.programs).where(eq(schema.programs.slug, cohortProgram));
    const full = unmatched.find((entry) => entry.reason.includes("capacity"))!.mentee.id;
    const [mentor] = await db.select().from(schema.applications).where(and(eq(schema.applications.programId, programRow!.id), eq(schema.applications.role, "mentor")));
    // A mentee approved after the run, and the one the full mentors could not take asking a mentor directly.
    await db.insert(schema.applications).values({ id: crypto.randomUUID(), tenantId, programId: programRow!.id, role: "mentee", status: "approved", firstName: "Late", lastName: "Joiner", email: `late-${crypto.randomUUID().slice(0, 6)}@example.test` });
    const before = (await report()).matching.unmatched;
    expect(before).toEqual({
      total: 3,
      reasons: [
        { reason: "no_compatible_mentor", label: "No mentor meets the required matching criteria", n: 1 },
        { reason: "no_mentor_capacity", label: "Every compatible mentor was full", n: 1 },
        { reason: "not_in_a_run", label: "Approved after the last matching run", n: 1 },
      ],
      mentorsWithOpenCapacity: 0,
    });
    await db.insert(schema.matchRequests).values({ id: crypto.randomUUID(), tenantId, programId: programRow!.id, mentorApplicationId: mentor!.id, menteeApplicationId: full, status: "pending", expiresAt: new Date(Date.now() + 7 * 86_400_000) });
    const { matching } = await report();
    expect(matching).toMatchObject({ approvedMentees: 7, matchedMentees: 4, unmatchedMentees: 3, matchRate: 57.1 });
    expect(matching.unmatched.reasons.map((reason: { reason: string; n: number }) => [reason.reason, reason.n])).toEqual([
      ["no_compatible_mentor", 1],
      ["awaiting_mentor_reply", 1],
      ["not_in_a_run", 1],
    ]);
    const csv = await (await owner.get(`/api/v1/t/${slug}/programs/${cohortProgram}/analytics.csv`)).text();
    expect(csv).toMatch(/\r\nunmatched\.total,[0-9-]+\.\.[0-9-]+,3\r\n/);
    expect(csv).toMatch(/\r\nunmatched\.awaiting_mentor_reply,[0-9-]+\.\.[0-9-]+,1\r\n/);
    expect(csv).toMatch(/\r\nmentors_with_open_capacity,[0-9-]+\.\.[0-9-]+,0\r\n/);
  });
});

describe("health over time, from the daily snapshots the reminder scan writes", () => {
  let healthProgram: { id: string; slug: string };
  let pairs: { matchId: string; menteeId: string }[];
  /** A cron tick at `iso` through the real `scheduled` and `queue` handlers, as far as this institution's reminder scan. */
  const tick = (iso: string) => cronTick(new Date(iso), [tenantId]);
  const met = (matchId: string, meetingOn: string | null, createdAt: string) => ({
    id: crypto.randomUUID(), tenantId, matchId, authorApplicationId: pairs.find((entry) => entry.matchId === matchId)!.menteeId, source: "portal" as const, outcome: "met" as const, meetingOn, createdAt: new Date(createdAt),
  });
  const stored = () => db.select().from(schema.programHealthSnapshots).where(eq(schema.programHealthSnapshots.programId, healthProgram.id)).orderBy(schema.programHealthSnapshots.day);
  const report = async (query: string) => json<any>(await owner.get(`/api/v1/t/${slug}/programs/${healthProgram.slug}/analytics${query}`), 200);

  beforeAll(async () => {
    // Three pairs matched at noon on Monday 8 January 2024, the program's first day; a meeting expected every 14 days.
    healthProgram = await insertProgram(db, tenantId, { startsOn: "2024-01-08", endsOn: "2024-06-28", cadenceDays: 14, slug: `health-${crypto.randomUUID().slice(0, 6)}` });
    pairs = [];
    for (let n = 0; n < 3; n++) {
      const created = await insertPair(db, tenantId, healthProgram.id, { startedAt: new Date("2024-01-08T18:00:00Z") });
      pairs.push({ matchId: created.matchId, menteeId: created.mentee.id });
    }
    const [a, b, c] = pairs.map((entry) => entry.matchId) as [string, string, string];
    // Monday 15 January: a week in, all on track.
    await tick("2024-01-15T18:00:00Z");
    // A meets on Sunday 21 January. Tuesday 30 January at noon: B and C have been silent 22 days (1.5 × 14).
    await db.insert(schema.checkins).values(met(a, "2024-01-21", "2024-01-21T20:00:00Z"));
    await tick("2024-01-30T18:00:00Z");
    // B meets that day; the 16:00 scan finds the day's row and leaves it.
    await db.insert(schema.checkins).values(met(b, "2024-01-30", "2024-01-30T21:00:00Z"));
    await tick("2024-01-30T22:00:00Z");
    // C logs a meeting without a date at 23:30 on Sunday 4 February (05:30 UTC on the 5th); B's mentee answers a pulse with 2.
    await db.insert(schema.checkins).values(met(c, null, "2024-02-05T05:30:00Z"));
    await db.insert(schema.surveyResponses).values({
      id: crypto.randomUUID(), tenantId, programId: healthProgram.id, matchId: b, applicationId: pairs[1]!.menteeId, surveyKey: "pulse-1", rating: 2, answers: { rating: 2 }, createdAt: new Date("2024-02-11T18:00:00Z"), updatedAt: new Date("2024-02-11T18:00:00Z"),
    });
    // Tuesday 13 February: A 23 days silent, B's low pulse, C met 9 days ago.
    await tick("2024-02-13T18:00:00Z");
  }, 120_000);

  it("records one row per program and local day, from the day's first scan, and a re-run changes nothing", async () => {
    const rows = (await stored()).map((row) => [row.day, row.onTrack, row.needsAttention, row.atRisk]);
    expect(rows).toEqual([
      ["2024-01-15", 3, 0, 0],
      ["2024-01-30", 1, 2, 0],
      ["2024-02-13", 1, 2, 0],
    ]);
    await tick("2024-02-13T18:30:00Z");
    expect((await stored()).map((row) => [row.day, row.onTrack, row.needsAttention, row.atRisk])).toEqual(rows);
  });

  it("gives each period's last snapshot and the live mix for the last one", async () => {
    const weekly = await report("?from=2024-01-08&to=2024-02-18&period=week");
    expect(weekly.range.periods).toEqual(["2024-01-08", "2024-01-15", "2024-01-22", "2024-01-29", "2024-02-05", "2024-02-12"]);
    // At the end of Sunday 18 February: A 29 days silent (at risk), B's low pulse, C on track; this replaces the 13 February snapshot.
    expect(weekly.engagement.health.counts).toEqual({ on_track: 1, needs_attention: 1, at_risk: 1 });
    expect(weekly.engagement.healthOverTime).toEqual([
      { period: "2024-01-15", onTrack: 3, needsAttention: 0, atRisk: 0 },
      { period: "2024-01-29", onTrack: 1, needsAttention: 2, atRisk: 0 },
      { period: "2024-02-12", onTrack: 1, needsAttention: 1, atRisk: 1 },
    ]);
    expect(weekly.engagement.healthOverTimeNote).toBe("Health is recorded once a day by the reminder scan; 3 of the 6 weeks have no record and are left out.");
    expect(weekly.engagement.checkinsPerMatch.map((row: { period: string; checkins: number }) => [row.period, row.checkins])).toEqual([
      ["2024-01-08", 0],
      ["2024-01-15", 1],
      ["2024-01-22", 0],
      ["2024-01-29", 2],
      ["2024-02-05", 0],
      ["2024-02-12", 0],
    ]);

    const monthly = await report("?from=2024-01-01&to=2024-02-18");
    expect(monthly.engagement.healthOverTime).toEqual([
      { period: "2024-01", onTrack: 1, needsAttention: 2, atRisk: 0 },
      { period: "2024-02", onTrack: 1, needsAttention: 1, atRisk: 1 },
    ]);
    expect(monthly.engagement.healthOverTimeNote).toBeNull();
    const csv = await (await owner.get(`/api/v1/t/${slug}/programs/${healthProgram.slug}/analytics.csv?from=2024-01-08&to=2024-02-18&period=week`)).text();
    expect(csv.split("\r\n")).toEqual(expect.arrayContaining(["health_over_time.on_track,2024-01-15,3", "health_over_time.needs_attention,2024-01-29,2", "health_over_time.at_risk,2024-02-12,1"]));
  });

  it("puts a meeting logged late on a Sunday in that week, in winter time, in a report that ends in summer time", async () => {
    // Chicago moves to daylight time on 10 March 2024; C's meeting at 23:30 CST on Sunday 4 February is still that Sunday's.
    const report_ = await report("?from=2024-01-29&to=2024-03-17&period=week");
    expect(report_.engagement.checkinsPerMatch.slice(0, 2).map((row: { period: string; checkins: number }) => [row.period, row.checkins])).toEqual([
      ["2024-01-29", 2],
      ["2024-02-05", 0],
    ]);
  });
});
