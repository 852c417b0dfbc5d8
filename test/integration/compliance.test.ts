/**
 * Screening and training gate matching, and the compliance report (issue #8).
 * In a program that requires screening, approved mentors stay out of matching
 * until every required step is complete, and leave it again when their
 * background check expires (a proposal made before the expiry cannot be
 * approved after it). The compliance report lists every mentor's steps with
 * dates and every match's coordinator contacts per month against the youth
 * frequency (twice in the first month, then monthly), as JSON and CSV; only
 * staff who manage screening may read it, and each read is audited.
 */
import { eq } from "drizzle-orm";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { schema } from "@tandem/db";
import { addMonths } from "@tandem/safeguarding";
import { type Agent, inviteAndAccept, signUpAndSignIn } from "./agent.js";
import { peerCohort } from "./fixtures/cohort.js";
import { DAY, db, json, localDay, pairedProgram } from "./fixtures/pairs.js";

let owner: Agent;
let slug: string;

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
});

interface Pool {
  pool: { mentors: number; mentorsNotReady: number; waitingMentees: number };
}
const poolOf = async (program: string) => (await json<Pool>(await owner.get(`/api/v1/t/${slug}/programs/${program}/matching/settings`), 200)).pool;
const screen = (program: string, applicationId: string, body: unknown) => owner.request("PATCH", `/api/v1/t/${slug}/programs/${program}/screening/${applicationId}`, body);
const clearedCheck = (clearedDaysAgo: number, expiresOn?: string) => ({
  backgroundCheck: { provider: "Sterling", requestedOn: localDay(-clearedDaysAgo - 5), status: "cleared", clearedOn: localDay(-clearedDaysAgo), ...(expiresOn ? { expiresOn } : {}) },
});

describe("screening gates matching", () => {
  it("keeps mentors out until screened, and takes them out again when their background check expires", async () => {
    const program = `gate-${crypto.randomUUID().slice(0, 6)}`;
    const cohort = await peerCohort(owner, slug, program, { mentees: 2, mentors: 3, capacity: 1 });
    expect(await poolOf(program)).toMatchObject({ mentors: 3, mentorsNotReady: 0 });

    await json(await owner.request("PATCH", `/api/v1/t/${slug}/programs/${program}/safeguarding`, { screeningRequired: true, screeningSteps: ["interview", "background_check"] }), 200);
    expect(await poolOf(program)).toMatchObject({ mentors: 0, mentorsNotReady: 3 });
    // With no mentor ready, a run says why instead of proposing nothing.
    const empty = await owner.post(`/api/v1/t/${slug}/programs/${program}/matching/runs`, {});
    expect(empty.status).toBe(409);
    expect(await empty.json()).toMatchObject({ type: expect.stringContaining("no-mentors-ready"), detail: expect.stringContaining("all 3 approved mentors have not finished") });

    const [first, second] = cohort.mentorIds;
    await json(await screen(program, first!, { interview: { on: localDay(-3), interviewer: "Jo Coordinator" }, ...clearedCheck(2) }), 200);
    // Half done is not done.
    await json(await screen(program, second!, { interview: { on: localDay(-3), interviewer: "Jo Coordinator" } }), 200);
    expect(await poolOf(program)).toMatchObject({ mentors: 1, mentorsNotReady: 2 });

    // A proposal made while the check was valid cannot be approved once it has expired.
    const run = await json<{ run: { id: string } }>(await owner.post(`/api/v1/t/${slug}/programs/${program}/matching/runs`, {}), 201);
    await json(await screen(program, first!, clearedCheck(730, localDay(0))), 200);
    expect(await poolOf(program)).toMatchObject({ mentors: 0, mentorsNotReady: 3 });
    const refused = await owner.post(`/api/v1/t/${slug}/programs/${program}/matching/runs/${run.run.id}/approve`);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ detail: expect.stringContaining("screening or training") });
    expect(await db.select().from(schema.matches).where(eq(schema.matches.mentorApplicationId, first!))).toEqual([]);

    // A renewed check brings them back.
    await json(await screen(program, first!, clearedCheck(1)), 200);
    expect(await poolOf(program)).toMatchObject({ mentors: 1, mentorsNotReady: 2 });
  });
});

describe("the compliance report", () => {
  let program: string;
  let pairs: Awaited<ReturnType<typeof pairedProgram>>["pairs"];
  const started = 45;

  beforeAll(async () => {
    ({ program, pairs } = await pairedProgram(owner, slug, { pairs: 2, youth: true, startedDaysAgo: started }));
    // The pairs were matched 45 days ago (the tests own their rows).
    for (const pair of pairs) await db.update(schema.matches).set({ startedAt: new Date(Date.now() - started * DAY) }).where(eq(schema.matches.id, pair.matchId));
    await json(await owner.request("PATCH", `/api/v1/t/${slug}/programs/${program}/safeguarding`, { screeningRequired: true, screeningSteps: ["interview", "background_check"] }), 200);
    await json(await screen(program, pairs[0]!.mentor.id, { interview: { on: localDay(-60), interviewer: "Jo Coordinator" }, ...clearedCheck(50) }), 200);
    // Pair 1: twice in the first month and once in the second; pair 2: once in the first month only.
    for (const [pair, days] of [
      [pairs[0]!, [-44, -30, -10]],
      [pairs[1]!, [-40]],
    ] as const) {
      for (const day of days) {
        await json(await owner.post(`/api/v1/t/${slug}/matches/${pair.matchId}/support-contacts`, { contactedOn: localDay(day), note: "Called the family", parties: ["mentor", "mentee", "guardian"] }), 201);
      }
    }
  });

  it("lists each mentor's screening steps with dates, and each match's contacts per month against the youth frequency", async () => {
    const report = await json<any>(await owner.get(`/api/v1/t/${slug}/programs/${program}/compliance`), 200);
    expect(report.program).toMatchObject({ slug: program, youth: true });
    expect(report.requirements).toMatchObject({ screeningRequired: true, contactFrequency: "Twice in the first month, then monthly, with the mentor, the mentee and (for a mentee with one) the guardian" });
    const screened = report.mentors.find((mentor: any) => mentor.id === pairs[0]!.mentor.id);
    expect(screened).toMatchObject({ screened: true, ready: true });
    const step = (mentor: any, key: string) => mentor.steps.find((entry: any) => entry.key === key);
    expect(step(screened, "interview")).toMatchObject({ required: true, state: "complete", date: localDay(-60), detail: "by Jo Coordinator" });
    expect(step(screened, "background_check")).toMatchObject({ required: true, state: "complete", date: localDay(-50), detail: expect.stringContaining(`expires ${addMonths(localDay(-50), 24)}`) });
    expect(step(screened, "references")).toMatchObject({ required: false });
    const unscreened = report.mentors.find((mentor: any) => mentor.id === pairs[1]!.mentor.id);
    expect(unscreened).toMatchObject({ screened: false, ready: false });
    expect(step(unscreened, "background_check")).toMatchObject({ state: "missing", date: null });

    const matchOf = (id: string) => report.matches.find((match: any) => match.id === id);
    const first = matchOf(pairs[0]!.matchId);
    expect(first.months.map((month: any) => [month.required, month.made, month.met, month.inProgress])).toEqual([
      [2, 2, true, false],
      [1, 1, true, true],
    ]);
    expect(first.missedMonths).toBe(0);
    const second = matchOf(pairs[1]!.matchId);
    expect(second.months.map((month: any) => [month.required, month.made, month.met])).toEqual([
      [2, 1, false],
      [1, 0, false],
    ]);
    expect(second.missedMonths).toBe(1);
    expect(report.summary).toMatchObject({ mentors: expect.any(Number), screened: 1, matches: 2, monthsEnded: 2, monthsMet: 1, contactRate: 0.5 });
  });

  it("exports mentors and matches as CSV", async () => {
    const mentors = await owner.get(`/api/v1/t/${slug}/programs/${program}/compliance.csv`);
    expect(mentors.status).toBe(200);
    expect(mentors.headers.get("content-type")).toContain("text/csv");
    expect(mentors.headers.get("content-disposition")).toMatch(new RegExp(`${program}-compliance-mentors-\\d{4}-\\d{2}-\\d{2}\\.csv`));
    const mentorRows = Papa.parse<Record<string, string>>(await mentors.text(), { header: true }).data;
    const row = mentorRows.find((entry) => entry.email === pairs[0]!.mentor.email)!;
    expect(row).toMatchObject({ screened: "true", interview_state: "complete", interview_date: localDay(-60), background_check_date: localDay(-50) });

    const matches = await owner.get(`/api/v1/t/${slug}/programs/${program}/compliance.csv?part=matches`);
    const matchRows = Papa.parse<Record<string, string>>(await matches.text(), { header: true }).data;
    expect(matchRows.find((entry) => entry.mentor === `${pairs[1]!.mentor.firstName} ${pairs[1]!.mentor.lastName}`)).toMatchObject({ month_1_contacts: "1", month_1_required: "2", months_missed: "1" });
    expect((await owner.get(`/api/v1/t/${slug}/programs/${program}/compliance.csv?part=people`)).status).toBe(400);
  });

  it("is for staff who manage screening, and every read is audited", async () => {
    const { member: viewer } = await inviteAndAccept(owner, slug, "viewer");
    expect((await viewer.get(`/api/v1/t/${slug}/programs/${program}/compliance`)).status).toBe(403);
    expect((await viewer.get(`/api/v1/t/${slug}/programs/${program}/compliance.csv`)).status).toBe(403);
    const { member: stranger } = await inviteAndAccept(owner, slug, "coordinator");
    expect((await stranger.get(`/api/v1/t/${slug}/programs/${program}/compliance`)).status).toBe(404);
    const { events } = await json<{ events: { action: string }[] }>(await owner.get(`/api/v1/t/${slug}/audit?limit=20`), 200);
    expect(events.map((event) => event.action)).toEqual(expect.arrayContaining(["compliance.report_viewed", "compliance.report_exported"]));
  });
});
