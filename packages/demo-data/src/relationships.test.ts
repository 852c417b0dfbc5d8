/**
 * The demo's mentoring relationships, checked against the real rules they
 * must satisfy: match health and the survey calendar from
 * @tandem/relationships, the survey questions' answer schemas, the database's
 * enums, and the limits the API puts on what participants write.
 */
import { Faker, base, en } from "@faker-js/faker";
import { defaultForm, matchingCriteria } from "@tandem/forms";
import { schema } from "@tandem/db";
import {
  CHECKIN_DURATIONS,
  checkinClockStart,
  closureSurvey,
  type HealthStatus,
  matchHealth,
  startOfLocalDay,
  surveyAnswersSchema,
  surveyQuestions,
  surveySchedule,
} from "@tandem/relationships";
import { describe, expect, it } from "vitest";
import { addDays } from "./dates.js";
import { type DemoInstitution, type DemoMatch, type DemoProgram, generateDemoInstitution } from "./index.js";
import { generateRelationships } from "./relationships.js";

const TODAY = "2026-09-15";
const SEEDS = [2026, 1, 7, 42, 99];
/** Today in the tenant's zone starts between 00:00 and 23:59 UTC of `today`: health must read the same at either end. */
const nowsOn = (today: string) => [`${today}T00:00:00.000Z`, `${today}T12:00:00.000Z`, `${today}T23:59:59.999Z`].map(Date.parse);

const institution = generateDemoInstitution({ today: TODAY });

function activeProgram(demo: DemoInstitution): DemoProgram {
  const program = demo.programs.find((candidate) => candidate.status === "active");
  if (!program) throw new Error("no active program");
  return program;
}

function healthOf(demo: DemoInstitution, program: DemoProgram, match: DemoMatch, now: number): HealthStatus {
  const timeZone = demo.tenant.timezone;
  const met = match.checkins.filter((checkin) => checkin.outcome === "met").map((checkin) => startOfLocalDay(checkin.meetingOn!, timeZone));
  return matchHealth({
    startedAt: checkinClockStart(Date.parse(match.startedAt), program.startsOn, timeZone),
    checkinCadenceDays: program.checkinCadenceDays,
    lastCheckinAt: met.length === 0 ? null : Math.max(...met),
    pulses: match.surveyResponses.filter((response) => response.surveyKey !== "closure").map((response) => ({ by: response.by, at: Date.parse(response.updatedAt), score: response.rating })),
    now,
  }).status;
}

/** Each active match's health, the same at every hour of `today` (or an error naming the match that flips). */
function healthMix(demo: DemoInstitution, today: string, matches = demo.matches): Record<HealthStatus, number> {
  const program = activeProgram(demo);
  const mix: Record<HealthStatus, number> = { on_track: 0, needs_attention: 0, at_risk: 0 };
  for (const match of matches.filter((candidate) => candidate.status === "active")) {
    const statuses = new Set(nowsOn(today).map((now) => healthOf(demo, program, match, now)));
    expect([...statuses], `${match.menteeEmail}: health changes during ${today}`).toHaveLength(1);
    mix[[...statuses][0]!] += 1;
  }
  return mix;
}

/** Every instant and date a match carries, with what it is. */
function timestampsOf(match: DemoMatch): { what: string; instant: string }[] {
  return [
    { what: "startedAt", instant: match.startedAt },
    ...(match.closedAt ? [{ what: "closedAt", instant: match.closedAt }] : []),
    ...[match.agreement.mentorAcknowledgedAt, match.agreement.menteeAcknowledgedAt].flatMap((instant) => (instant ? [{ what: "acknowledgement", instant }] : [])),
    ...match.goals.flatMap((goal) => [goal.createdAt, goal.updatedAt, ...(goal.completedAt ? [goal.completedAt] : [])].map((instant) => ({ what: `goal ${goal.title}`, instant }))),
    ...match.checkins.flatMap((checkin) => [checkin.createdAt, ...(checkin.resolvedAt ? [checkin.resolvedAt] : [])].map((instant) => ({ what: `check-in ${checkin.outcome}`, instant }))),
    ...match.surveyResponses.flatMap((response) => [response.createdAt, response.updatedAt].map((instant) => ({ what: `survey ${response.surveyKey}`, instant }))),
    ...match.supportContacts.map((contact) => ({ what: "support contact", instant: contact.createdAt })),
  ];
}

describe("demo relationships", () => {
  it("pairs approved mentors and mentees of the active program only, within each mentor's capacity", () => {
    for (const seed of SEEDS) {
      const demo = generateDemoInstitution({ today: TODAY, seed });
      const program = activeProgram(demo);
      const approved = (role: "mentor" | "mentee") =>
        new Set(demo.applications.filter((application) => application.programSlug === program.slug && application.role === role && application.status === "approved").map((application) => application.email));
      const mentors = approved("mentor");
      const mentees = approved("mentee");
      expect(new Set(demo.matches.map((match) => match.programSlug))).toEqual(new Set([program.slug]));
      for (const match of demo.matches) {
        expect(mentors.has(match.mentorEmail), match.mentorEmail).toBe(true);
        expect(mentees.has(match.menteeEmail), match.menteeEmail).toBe(true);
        expect(match.startedAt.slice(0, 10)).toBe(program.startsOn);
      }
      const menteeEmails = demo.matches.map((match) => match.menteeEmail);
      expect(new Set(menteeEmails).size).toBe(menteeEmails.length);
      const perMentor = new Map<string, number>();
      for (const match of demo.matches) perMentor.set(match.mentorEmail, (perMentor.get(match.mentorEmail) ?? 0) + 1);
      expect(Math.max(...perMentor.values())).toBeLessThanOrEqual(program.mentorCapacity);
      // Nearly every approved mentee has a mentor; one a required criterion rules out keeps waiting.
      expect(demo.matches.length / mentees.size, `seed ${seed}`).toBeGreaterThanOrEqual(0.8);
    }
  });

  it("scores pairs on the starter form's criteria, never pairing people a required criterion keeps apart", () => {
    const program = activeProgram(institution);
    const criteria = matchingCriteria(defaultForm(program.type, "mentee"));
    for (const match of institution.matches) {
      expect(match.reasons.map((reason) => reason.key)).toEqual(criteria.map((criterion) => criterion.key));
      expect(match.score).toBeGreaterThan(0);
      expect(match.score).toBeLessThanOrEqual(1);
      expect(match.reasons.reduce((sum, reason) => sum + reason.contribution, 0)).toBeCloseTo(match.score, 4);
      for (const criterion of criteria.filter((candidate) => candidate.required)) {
        expect(match.reasons.find((reason) => reason.key === criterion.key)!.similarity).toBeGreaterThan(0);
      }
    }
  });

  it("gives a realistic health mix that holds at every hour of today", () => {
    for (const today of [TODAY, "2028-02-29", "2027-01-01", "2026-03-20"]) {
      for (const seed of SEEDS) {
        const demo = generateDemoInstitution({ today, seed });
        const mix = healthMix(demo, today);
        const active = mix.on_track + mix.needs_attention + mix.at_risk;
        const label = `${today}, seed ${seed}: ${JSON.stringify(mix)}`;
        expect(mix.on_track / active, label).toBeGreaterThanOrEqual(0.5);
        expect(mix.needs_attention, label).toBeGreaterThanOrEqual(2);
        expect(mix.at_risk, label).toBeGreaterThanOrEqual(2);
        expect(mix.at_risk, label).toBeLessThan(mix.needs_attention + mix.on_track);
        const closed = demo.matches.filter((match) => match.status === "closed").length;
        expect(closed, label).toBeGreaterThanOrEqual(1);
        expect(closed, label).toBeLessThanOrEqual(3);
      }
    }
  });

  it("puts at-risk pairs there by long silence or two low pulses, and needs-attention ones by lateness or one low pulse", () => {
    const program = activeProgram(institution);
    const now = Date.parse(`${TODAY}T12:00:00Z`);
    const reasonsOf = (status: HealthStatus) =>
      institution.matches
        .filter((match) => match.status === "active" && healthOf(institution, program, match, now) === status)
        .map((match) => {
          const pulses = match.surveyResponses.filter((response) => response.surveyKey !== "closure");
          return pulses.length > 0 && pulses.filter((response) => response.rating <= 2).length >= 2 ? "low pulses" : pulses.some((response) => response.rating <= 2) ? "low pulse" : "silence";
        });
    expect(new Set(reasonsOf("at_risk"))).toEqual(new Set(["silence", "low pulses"]));
    expect(new Set(reasonsOf("needs_attention"))).toEqual(new Set(["silence", "low pulse"]));
    // A pair that never met at all, and one that met once early on, are both among the silent ones.
    const silent = institution.matches.filter((match) => match.status === "active" && healthOf(institution, program, match, now) === "at_risk");
    const meetings = silent.map((match) => match.checkins.filter((checkin) => checkin.outcome === "met").length);
    expect(meetings).toContain(0);
  });

  it("dates nothing in the future, nor before the match started or after it closed", () => {
    for (const today of [TODAY, "2028-02-29", "2026-03-20"]) {
      const demo = generateDemoInstitution({ today, seed: 1 });
      const program = activeProgram(demo);
      const startOfToday = `${today}T00:00:00.000Z`;
      const yesterday = addDays(today, -1);
      for (const match of demo.matches) {
        for (const { what, instant } of timestampsOf(match)) {
          expect(instant, what).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
          expect(instant < startOfToday, `${what} at ${instant}`).toBe(true);
          expect(instant >= match.startedAt, `${what} at ${instant}, before the match started`).toBe(true);
          // Between 14:00 and 23:59 UTC: the same calendar day in Chicago.
          expect(Number(instant.slice(11, 13)), what).toBeGreaterThanOrEqual(14);
          if (match.closedAt && !what.startsWith("survey closure") && what !== "closedAt") expect(instant < match.closedAt, `${what} at ${instant}, after closing`).toBe(true);
        }
        const lastDay = match.closedAt ? addDays(match.closedAt.slice(0, 10), -1) : yesterday;
        for (const checkin of match.checkins) {
          if (checkin.meetingOn !== null) {
            expect(checkin.meetingOn >= program.startsOn && checkin.meetingOn <= lastDay, checkin.meetingOn).toBe(true);
            expect(checkin.createdAt.slice(0, 10) >= checkin.meetingOn).toBe(true);
          }
          if (checkin.resolvedAt) expect(checkin.resolvedAt > checkin.createdAt).toBe(true);
        }
        for (const contact of match.supportContacts) expect(contact.contactedOn >= program.startsOn && contact.contactedOn <= lastDay, contact.contactedOn).toBe(true);
        for (const goal of match.goals) expect(goal.updatedAt >= goal.createdAt).toBe(true);
      }
    }
  });

  it("answers only surveys that were open, on a day they were open, once per person", () => {
    for (const seed of SEEDS) {
      const demo = generateDemoInstitution({ today: TODAY, seed });
      const program = activeProgram(demo);
      const surveys = surveySchedule({ startsOn: program.startsOn, endsOn: program.endsOn });
      for (const match of demo.matches) {
        const keys = match.surveyResponses.map((response) => `${response.by}/${response.surveyKey}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const response of match.surveyResponses) {
          const survey = response.surveyKey === "closure" ? closureSurvey(match.closedAt!.slice(0, 10)) : surveys.find((candidate) => candidate.key === response.surveyKey);
          expect(survey, response.surveyKey).toBeDefined();
          for (const instant of [response.createdAt, response.updatedAt]) {
            const day = instant.slice(0, 10);
            expect(day >= survey!.opensOn && day <= survey!.closesOn, `${response.surveyKey} answered on ${day}`).toBe(true);
          }
        }
      }
      // The first pulse survey has already run: most people answered it.
      const pulse = demo.matches.flatMap((match) => match.surveyResponses.filter((response) => response.surveyKey === "pulse-1"));
      expect(pulse.length).toBeGreaterThan(demo.matches.length);
    }
  });

  it("stores survey answers exactly as the survey's questions check them, with the rating alongside", () => {
    const older = olderProgramMatches();
    const responses = [...institution.matches, ...older.matches].flatMap((match) => match.surveyResponses);
    const kinds = new Set<string>();
    for (const response of responses) {
      const kind = response.surveyKey === "closure" ? "closure" : response.surveyKey.startsWith("pulse-") ? "pulse" : (response.surveyKey as "midpoint" | "final");
      kinds.add(kind);
      // Through the schema's Standard Schema interface: valibot itself is not a dependency here.
      const parsed = surveyAnswersSchema(surveyQuestions(kind, response.by))["~standard"].validate(response.answers);
      if (parsed instanceof Promise) throw new Error("survey answers are checked synchronously");
      expect(parsed.issues?.map((issue) => issue.message), JSON.stringify(response.answers)).toBeUndefined();
      expect("value" in parsed ? parsed.value : undefined).toEqual(response.answers);
      expect(response.answers["rating"]).toBe(response.rating);
    }
    expect(kinds).toEqual(new Set(["pulse", "midpoint", "closure"]));
  });

  it("logs check-ins as the portal and the one-click emails record them", () => {
    const checkins = institution.matches.flatMap((match) => match.checkins);
    for (const checkin of checkins) {
      if (checkin.outcome !== "met") {
        expect(checkin).toMatchObject({ source: "email_link", meetingOn: null, durationMinutes: null, rating: null });
      } else if (checkin.source === "email_link") {
        expect(CHECKIN_DURATIONS).toContain(checkin.durationMinutes);
        expect(checkin).toMatchObject({ mode: null, topics: [], sharedNote: "", privateReflection: "", rating: null });
      } else {
        expect(checkin.durationMinutes).toBeGreaterThanOrEqual(5);
        expect(checkin.durationMinutes).toBeLessThanOrEqual(480);
        expect(schema.MEETING_MODES).toContain(checkin.mode);
        expect(checkin.topics.length).toBeGreaterThanOrEqual(1);
        expect(checkin.topics.length).toBeLessThanOrEqual(10);
        for (const topic of checkin.topics) expect(topic.length).toBeLessThanOrEqual(60);
        expect(checkin.sharedNote.length).toBeGreaterThan(20);
        expect(checkin.sharedNote.length).toBeLessThanOrEqual(2000);
        expect(checkin.privateReflection.length).toBeLessThanOrEqual(4000);
        expect(checkin.rating).toBeGreaterThanOrEqual(1);
        expect(checkin.rating).toBeLessThanOrEqual(5);
      }
    }
    const portal = checkins.filter((checkin) => checkin.source === "portal");
    const reflected = portal.filter((checkin) => checkin.privateReflection !== "").length;
    expect(reflected).toBeGreaterThan(0);
    expect(reflected).toBeLessThan(portal.length / 2);
    expect(new Set(checkins.map((checkin) => checkin.source))).toEqual(new Set(["portal", "email_link"]));
    expect(new Set(portal.map((checkin) => checkin.mode)).size).toBeGreaterThanOrEqual(3);
    // Check-ins come oldest first.
    for (const match of institution.matches) expect(match.checkins.map((checkin) => checkin.createdAt)).toEqual(match.checkins.map((checkin) => checkin.createdAt).sort());
  });

  it("leaves one or two calls for help open, and closes a couple of matches early with a reason and a note", () => {
    for (const seed of SEEDS) {
      const demo = generateDemoInstitution({ today: TODAY, seed });
      const open = demo.matches.filter((match) => match.status === "active" && match.checkins.some((checkin) => checkin.outcome === "need_help" && checkin.resolvedAt === null));
      expect(open.length).toBeGreaterThanOrEqual(1);
      expect(open.length).toBeLessThanOrEqual(2);
      for (const match of demo.matches) {
        if (match.status === "active") {
          expect(match.closedAt).toBeNull();
          expect(match.closure).toBeNull();
        } else {
          expect(match.closedAt).not.toBeNull();
          expect(schema.MATCH_CLOSE_REASONS).toContain(match.closure!.reason);
          expect(match.closure!.reason).not.toBe("completed");
          expect(schema.MATCH_CLOSED_BY).toContain(match.closure!.closedBy);
          expect(match.closure!.note.length).toBeGreaterThan(10);
        }
      }
    }
  });

  it("sets goals with milestones in various states", () => {
    const goals = institution.matches.flatMap((match) => match.goals);
    for (const match of institution.matches) expect(match.goals.length).toBeLessThanOrEqual(20);
    for (const goal of goals) {
      expect(goal.title.length).toBeLessThanOrEqual(120);
      expect(goal.why.length).toBeLessThanOrEqual(1000);
      expect(goal.milestones.length).toBeGreaterThanOrEqual(2);
      expect(goal.milestones.length).toBeLessThanOrEqual(10);
      expect(goal.progress).toBeGreaterThanOrEqual(0);
      expect(goal.progress).toBeLessThanOrEqual(100);
      expect(goal.completedAt === null).toBe(goal.status === "open");
      if (goal.status === "achieved") {
        expect(goal.progress).toBe(100);
        expect(goal.milestones.every((milestone) => milestone.done)).toBe(true);
      }
    }
    expect(new Set(goals.map((goal) => goal.status))).toEqual(new Set(["open", "achieved", "dropped"]));
    const done = goals.map((goal) => goal.milestones.filter((milestone) => milestone.done).length);
    expect(done).toContain(0);
    expect(goals.some((goal, index) => done[index]! > 0 && done[index]! < goal.milestones.length)).toBe(true);
    // A pair that never met has set no goals.
    for (const match of institution.matches) if (!match.checkins.some((checkin) => checkin.outcome === "met")) expect(match.goals).toEqual([]);
  });

  it("has most pairs acknowledge the agreement, some not yet, and the coordinator in touch with about half", () => {
    for (const seed of SEEDS) {
      const demo = generateDemoInstitution({ today: TODAY, seed });
      const both = demo.matches.filter((match) => match.agreement.mentorAcknowledgedAt && match.agreement.menteeAcknowledgedAt).length;
      expect(both / demo.matches.length).toBeGreaterThan(0.55);
      expect(both).toBeLessThan(demo.matches.length);
      const contacted = demo.matches.filter((match) => match.supportContacts.length > 0).length;
      expect(contacted / demo.matches.length, `seed ${seed}`).toBeGreaterThanOrEqual(0.3);
      expect(contacted / demo.matches.length, `seed ${seed}`).toBeLessThanOrEqual(0.7);
      for (const match of demo.matches) {
        if (match.meetingUrl !== null) expect(match.meetingUrl).toMatch(/^https:\/\/meet\.demo\.tandem\.test\/[a-z0-9]+$/);
      }
    }
  });

  it("is deterministic, changes with the seed, and leaves the applicants as they were", () => {
    expect(generateDemoInstitution({ today: TODAY }).matches).toEqual(institution.matches);
    expect(generateDemoInstitution({ today: TODAY, seed: 1 }).matches).not.toEqual(institution.matches);
    const { matches: _matches, ...withoutMatches } = institution;
    expect(withoutMatches.applications).toHaveLength(3 * (12 + 30));
    expect(generateDemoInstitution({ today: TODAY, mentorsPerProgram: 0 }).matches).toEqual([]);
    expect(generateDemoInstitution({ today: TODAY, menteesPerProgram: 0 }).matches).toEqual([]);
  });

  it("fills every mentor's places in a large cohort", () => {
    const big = generateDemoInstitution({ today: TODAY, menteesPerProgram: 2000 });
    const program = activeProgram(big);
    const mentors = big.applications.filter((application) => application.programSlug === program.slug && application.role === "mentor" && application.status === "approved");
    expect(big.matches).toHaveLength(mentors.length * program.mentorCapacity);
  });


  it("also tells the stories of a program well past its midpoint", () => {
    const older = olderProgramMatches();
    expect(older.matches.some((match) => match.surveyResponses.some((response) => response.surveyKey === "midpoint"))).toBe(true);
    const mix = healthMix(older.demo, TODAY, older.matches);
    expect(mix.on_track).toBeGreaterThan(mix.needs_attention + mix.at_risk);
    expect(mix.needs_attention).toBeGreaterThanOrEqual(2);
    expect(mix.at_risk).toBeGreaterThanOrEqual(2);
  });
});

/** The active program as if it had started 150 days ago: the midpoint evaluation has run. */
function olderProgramMatches(): { demo: DemoInstitution; matches: DemoMatch[] } {
  const program = activeProgram(institution);
  const older: DemoProgram = { ...program, startsOn: addDays(TODAY, -150), endsOn: addDays(TODAY, 100) };
  const faker = new Faker({ locale: [en, base] });
  faker.seed(7);
  const demo: DemoInstitution = { ...institution, programs: institution.programs.map((candidate) => (candidate.slug === program.slug ? older : candidate)) };
  return { demo, matches: generateRelationships(faker, older, institution.applications, TODAY) };
}
