/**
 * Program analytics (issue #7), in workerd: a program whose every row the
 * test writes — two pairs matched through the API (`pairedProgram`), four
 * seeded (`seedPairs`), then applications, check-ins, surveys and closures
 * dated in autumn 2025 — and the exact figures the API gives for it, for the
 * whole term and for October alone; the CSV export; bad queries; coordinators
 * kept to their programs. The institution is in America/Chicago.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { schema } from "@tandem/db";
import { type Agent, inviteAndAccept, signUpAndSignIn, userIdOf } from "./agent.js";
import { db, json, type Pair, pairedProgram, seedPairs, tenantIdOf } from "./fixtures/pairs.js";

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
    response(p1, "mentee", "final", "2025-12-10", { rating: 5, goals_progress: 4, confidence: 5, recommend: "yes" }),
    response(p1, "mentor", "final", "2025-12-10", { rating: 4, mentor_again: "yes", recommend: "yes" }),
    response(s4, "mentee", "final", "2025-12-11", { rating: 3, recommend: "maybe" }),
    response(s4, "mentor", "final", "2025-12-11", { rating: 2, mentor_again: "no", recommend: "no" }),
    response(s1, "mentee", "final", "2026-01-03", { rating: 1, recommend: "no" }),
  ]);

  // S3 ended early (lost contact) on 15 November; S4 completed the day after the program's end.
  for (const [match, on, reason] of [[s3, "2025-11-15", "lost_contact"], [s4, "2025-12-16", "completed"]] as const) {
    await db.update(schema.matches).set({ status: "closed", closedAt: noon(on) }).where(eq(schema.matches.id, match!.id));
    await db
      .insert(schema.matchRelationships)
      .values({ tenantId, matchId: match!.id, closeReason: reason, closedBy: "coordinator" })
      .onConflictDoUpdate({ target: [schema.matchRelationships.tenantId, schema.matchRelationships.matchId], set: { closeReason: reason, closedBy: "coordinator" } });
  }
}, 180_000);

describe("program analytics", () => {
  it("gives the term's figures as the database holds them", async () => {
    const report = await figures("?to=2025-12-31");
    expect(report.range).toEqual({ from: "2025-09-01", to: "2025-12-31", months: ["2025-09", "2025-10", "2025-11", "2025-12"] });

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

    expect(report.satisfaction.pulseByMonth).toEqual([
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

    expect(report.retention).toEqual({
      matches: 6,
      closedEarly: 1,
      earlyClosureRate: 16.7,
      reasons: [{ reason: "lost_contact", n: 1, share: 100 }],
      // At the program's end (the midnight after 15 December), five of the six mentees were still matched.
      stillActive: { at: "2025-12-16T06:00:00.000Z", mentees: 6, active: 5, share: 83.3 },
    });
  });

  it("counts only October when asked for October", async () => {
    const report = await figures("?from=2025-10-01&to=2025-10-31");
    expect(report.range).toEqual({ from: "2025-10-01", to: "2025-10-31", months: ["2025-10"] });
    expect(report.participation).toMatchObject({ applications: 4, approvalRate: 33.3, approved: { mentors: 0, mentees: 1, menteesPerMentor: null } });
    // October's one approved mentee is not matched: the September cohort's matches are not October's.
    expect(report.matching).toMatchObject({ approvedMentees: 1, matchedMentees: 0, matchRate: 0, matches: 0, medianDaysToMatch: null, scoreAverage: null });
    expect(report.engagement.checkinsPerMatch).toEqual([{ period: "2025-10", checkins: 3, activeMatches: 6, perMatch: 0.5 }]);
    // On 1 November all six were open; P1 (5 Oct), P2 (10 Oct) and S3 (20 Oct) had met within 30 days.
    expect(report.engagement.recentlyMet).toEqual({ activeMatches: 6, withMeeting: 3, share: 50 });
    expect(report.satisfaction.pulseByMonth).toEqual([{ period: "2025-10", average: 3, responses: 3 }]);
    expect(question(report, "midpoint", "rating")).toMatchObject({ responses: 3, average: 4 });
    expect(report.satisfaction.recommendation).toMatchObject({ responses: 0, yesShare: null, net: null });
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
      ]),
    );
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
