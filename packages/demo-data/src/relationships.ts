/**
 * The mentoring relationships of a running program (issue #6): its approved
 * mentors and mentees paired (`pairing.ts`), each match started on the
 * program's first day, and what the pair has done since, up to yesterday —
 * never today, so nothing the demo writes lies in the future whatever the
 * hour the seed runs.
 *
 * Each pair is given a story, and its check-ins and pulse answers are placed so
 * that match health (`matchHealth` in @tandem/relationships) reads as the story
 * says on any hour of `today`: most pairs on track, some needing attention (late
 * or one low pulse), a few at risk (long silence or two low pulses), a couple
 * closed early. The tests check the result with the real `matchHealth`.
 *
 * Instants are placed between 14:00 and 23:59 UTC: daytime in the demo's
 * America/Chicago (08:00–17:59 in winter), so an instant always falls on the
 * same calendar day there as the date it was generated for.
 */
import type { Faker } from "@faker-js/faker";
import { addDays, daysBetween, instantOn } from "./dates.js";
import { DEMO_EMAIL_DOMAIN } from "./emails.js";
import { pairUp, type ScoredPair } from "./pairing.js";
import { allocateInProportion, chance, pickOne, type Weighted } from "./random.js";
import {
  EARLY_CLOSE_NOTES,
  FIRST_MEETING_NOTES,
  GENERAL_GOALS,
  GENERAL_TOPICS,
  type GoalTemplate,
  NOTE_ENDINGS,
  PEER_GOAL_TOPICS,
  PEER_GOALS,
  PRIVATE_REFLECTIONS,
  STRAINED_NOTES,
  SUPPORT_NOTES,
  SURVEY_COMMENTS,
  type TopicText,
} from "./relationship-texts.js";
import { HEALTH_RULES, type Survey as DemoSurvey, type SurveyKind as DemoSurveyKind, surveySchedule } from "@tandem/relationships";
import type {
  DemoApplication,
  DemoCheckin,
  DemoGoal,
  DemoMatch,
  DemoProgram,
  DemoSupportContact,
  DemoSurveyResponse,
  MatchClosedBy,
  MatchCloseReason,
  MeetingMode,
  ParticipantRole,
  ProgramType,
} from "./types.js";

/**
 * What the demo means a pair's health to be:
 * - `on_track`: meets about every cadence;
 * - `late` (needs attention): last met between 1.5× and 2× the cadence ago;
 * - `low_pulse` (needs attention): meets, but one person's latest pulse is ≤ 2;
 * - `silent` (at risk): no meeting for over 2× the cadence (never, or once early on);
 * - `low_pulses` (at risk): both people's latest pulses are ≤ 2;
 * - `closed_early`: met a little, then closed with a reason and a note.
 */
type Story = "on_track" | "late" | "low_pulse" | "silent" | "low_pulses" | "closed_early";
type Tone = "good" | "ok" | "strained";

const STORY_MIX: readonly Weighted<Story>[] = [
  { value: "on_track", weight: 60 },
  { value: "late", weight: 10 },
  { value: "low_pulse", weight: 8 },
  { value: "silent", weight: 8 },
  { value: "low_pulses", weight: 6 },
  { value: "closed_early", weight: 8 },
];

const NEEDS_ATTENTION_AFTER_CADENCES = HEALTH_RULES.needsAttentionAfterCadences;
const AT_RISK_AFTER_CADENCES = HEALTH_RULES.atRiskAfterCadences;

/**
 * Days since the last meeting (counted to `today`) that give each health on
 * any hour of `today`: health measures from the start of the meeting's day in
 * the institution's zone (05:00 or 06:00 UTC in Chicago) to now (any hour of
 * `today` in UTC), so a gap of `d` days is between d − ¼ and d + ⁴/₅ days.
 */
interface HealthWindows {
  onTrackMax: number;
  lateMin: number;
  lateMax: number;
  silentMin: number;
}

function healthWindows(cadence: number): HealthWindows {
  return {
    onTrackMax: Math.floor(NEEDS_ATTENTION_AFTER_CADENCES * cadence) - 1,
    lateMin: Math.ceil(NEEDS_ATTENTION_AFTER_CADENCES * cadence) + 1,
    lateMax: Math.ceil(AT_RISK_AFTER_CADENCES * cadence) - 1,
    silentMin: Math.ceil(AT_RISK_AFTER_CADENCES * cadence) + 1,
  };
}

const MODE_MIX: Record<ProgramType, readonly Weighted<MeetingMode>[]> = {
  peer: [
    { value: "in_person", weight: 60 },
    { value: "video", weight: 20 },
    { value: "chat", weight: 12 },
    { value: "phone", weight: 8 },
  ],
  faculty_student: [
    { value: "in_person", weight: 60 },
    { value: "video", weight: 35 },
    { value: "phone", weight: 5 },
  ],
  community: [
    { value: "in_person", weight: 70 },
    { value: "video", weight: 30 },
  ],
};

const DURATIONS: Record<Tone, readonly Weighted<number>[]> = {
  good: [
    { value: 30, weight: 20 },
    { value: 45, weight: 30 },
    { value: 60, weight: 40 },
    { value: 90, weight: 10 },
  ],
  ok: [
    { value: 30, weight: 40 },
    { value: 45, weight: 30 },
    { value: 60, weight: 30 },
  ],
  strained: [
    { value: 15, weight: 30 },
    { value: 30, weight: 50 },
    { value: 45, weight: 20 },
  ],
};

const CHECKIN_RATINGS: Record<Tone, readonly Weighted<number>[]> = {
  good: [
    { value: 5, weight: 50 },
    { value: 4, weight: 40 },
    { value: 3, weight: 10 },
  ],
  ok: [
    { value: 4, weight: 45 },
    { value: 3, weight: 45 },
    { value: 5, weight: 10 },
  ],
  strained: [
    { value: 3, weight: 45 },
    { value: 2, weight: 45 },
    { value: 1, weight: 10 },
  ],
};

/** Pulse ratings that keep a pair's health as its story says (≥ 3 is never low). */
const GOOD_PULSE: readonly Weighted<number>[] = [
  { value: 5, weight: 40 },
  { value: 4, weight: 45 },
  { value: 3, weight: 15 },
];
const FAIR_PULSE: readonly Weighted<number>[] = [
  { value: 4, weight: 50 },
  { value: 3, weight: 50 },
];
const LOW_PULSE_RATINGS: readonly Weighted<number>[] = [
  { value: 2, weight: 75 },
  { value: 1, weight: 25 },
];

const EARLY_CLOSE_REASONS: readonly Weighted<keyof typeof EARLY_CLOSE_NOTES>[] = [
  { value: "schedule_conflict", weight: 30 },
  { value: "lost_contact", weight: 25 },
  { value: "personal_circumstances", weight: 20 },
  { value: "not_a_good_fit", weight: 15 },
  { value: "left_program", weight: 10 },
];

interface Life {
  faker: Faker;
  program: DemoProgram;
  today: string;
  /** Yesterday: the last day anything happens. */
  lastDay: string;
  windows: HealthWindows;
  /** The program's surveys that opened by `lastDay`. */
  surveys: DemoSurvey[];
}

interface Twists {
  /** `silent` only: the pair never met (otherwise once, early on). */
  neverMet: boolean;
  /** An unresolved "We need help" from a few days ago. */
  needsHelp: boolean;
  /** A "We need help" a coordinator has since handled. */
  helpResolved: boolean;
}

/**
 * The matches of one running program, in its applications' order of mentees,
 * with everything the pairs and the coordinator did since the program started.
 * None when the program has not started by yesterday.
 */
export function generateRelationships(faker: Faker, program: DemoProgram, applications: readonly DemoApplication[], today: string): DemoMatch[] {
  const lastDay = addDays(today, -1);
  if (program.startsOn > lastDay) return [];
  const approved = (role: ParticipantRole) => applications.filter((application) => application.programSlug === program.slug && application.role === role && application.status === "approved");
  const pairs = pairUp(program, approved("mentor"), approved("mentee"));
  const life: Life = {
    faker,
    program,
    today,
    lastDay,
    windows: healthWindows(program.checkinCadenceDays),
    surveys: surveySchedule({ startsOn: program.startsOn, endsOn: program.endsOn }).filter((survey) => survey.opensOn <= lastDay),
  };
  // Without a pulse survey yet, health can only come from meetings; a program in its first days has no story to end early.
  const hasPulse = life.surveys.length > 0;
  const justStarted = daysBetween(program.startsOn, lastDay) < 10;
  const stories = allocateInProportion(faker, pairs.length, STORY_MIX).map((story): Story => {
    if (!hasPulse && story === "low_pulse") return "late";
    if (!hasPulse && story === "low_pulses") return "silent";
    if (justStarted && story === "closed_early") return "on_track";
    return story;
  });

  // One or two calls for help still open: a struggling pair's, and in a larger program an on-track pair's.
  const needsHelp = new Set<number>();
  const struggling = stories.findIndex((story) => story === "low_pulse" || story === "late");
  if (struggling >= 0) needsHelp.add(struggling);
  const onTrack = stories.indexOf("on_track");
  if (onTrack >= 0 && (needsHelp.size === 0 || pairs.length >= 10)) needsHelp.add(onTrack);
  const helpResolved = stories.indexOf("low_pulses");

  // Silent pairs alternate: the first never met, the next met once early on, and so on.
  const silent = stories.flatMap((story, index) => (story === "silent" ? [index] : []));
  return pairs.map((pair, index) =>
    buildMatch(life, pair, stories[index]!, { neverMet: stories[index] === "silent" && silent.indexOf(index) % 2 === 0, needsHelp: needsHelp.has(index), helpResolved: index === helpResolved }),
  );
}

function buildMatch(life: Life, pair: ScoredPair, story: Story, twists: Twists): DemoMatch {
  const { faker, program } = life;
  const startsOn = program.startsOn;
  const startedAt = instantOn(startsOn, 14, 0);
  const tone = toneOf(faker, story);
  const preferredMode = pickOne(faker, MODE_MIX[program.type]).value;

  let closedOn: string | null = null;
  if (story === "closed_early") {
    const span = daysBetween(startsOn, life.lastDay);
    const earliest = Math.min(10, span);
    closedOn = addDays(startsOn, faker.number.int({ min: earliest, max: Math.max(earliest, span - 2) }));
  }
  // The last day the pair can do anything: the day before it closed, or yesterday.
  const activeUntil = closedOn === null ? life.lastDay : addDays(closedOn, -1);

  const meetings = meetingDates(life, story, twists, activeUntil);
  const checkins = [
    ...meetings.map((meetingOn, index) => meetingCheckin(life, pair, tone, preferredMode, meetingOn, index === 0, activeUntil)),
    ...notYetCheckins(life, story, meetings, activeUntil),
    ...helpCheckins(life, twists, activeUntil),
  ].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));

  let closure: DemoMatch["closure"] = null;
  let closedAt: string | null = null;
  if (closedOn !== null) {
    const reason = pickOne(faker, EARLY_CLOSE_REASONS).value;
    const closedBy: MatchClosedBy =
      reason === "lost_contact" ? "coordinator" : pickOne(faker, [{ value: "mentee" as const, weight: 50 }, { value: "mentor" as const, weight: 30 }, { value: "coordinator" as const, weight: 20 }]).value;
    closure = { reason: reason satisfies MatchCloseReason, note: faker.helpers.arrayElement(EARLY_CLOSE_NOTES[reason]), closedBy };
    closedAt = instantOn(closedOn, faker.number.int({ min: 14, max: 16 }), faker.number.int({ min: 0, max: 11 }) * 5);
  }

  return {
    programSlug: program.slug,
    mentorEmail: pair.mentor.email,
    menteeEmail: pair.mentee.email,
    score: pair.score,
    reasons: pair.reasons,
    status: closedOn === null ? "active" : "closed",
    startedAt,
    closedAt,
    closure,
    agreement: agreement(life, story, twists, activeUntil),
    meetingUrl: preferredMode === "video" ? `https://meet.${DEMO_EMAIL_DOMAIN}/${faker.string.alphanumeric({ length: 10, casing: "lower" })}` : null,
    goals: goals(life, pair, story, tone, meetings),
    checkins,
    surveyResponses: [...pulseResponses(life, story, activeUntil), ...(closedOn === null ? [] : closureResponses(life, closure!.reason, closedOn))],
    supportContacts: supportContacts(life, story, activeUntil),
  };
}

/** How the pair's meetings go: mostly well on track, badly when both say so. */
function toneOf(faker: Faker, story: Story): Tone {
  switch (story) {
    case "on_track":
      return chance(faker, 0.75) ? "good" : "ok";
    case "low_pulses":
      return "strained";
    case "low_pulse":
    case "closed_early":
      return chance(faker, 0.5) ? "ok" : "strained";
    default:
      return "ok";
  }
}

// --- when the pair met --------------------------------------------------------

function meetingDates(life: Life, story: Story, twists: Twists, activeUntil: string): string[] {
  const { faker, program, today, windows } = life;
  const startsOn = program.startsOn;
  const daysRunning = daysBetween(startsOn, today);
  switch (story) {
    case "on_track":
    case "low_pulse":
    case "low_pulses":
      return regularMeetings(life, activeUntil, true);
    case "closed_early":
      return regularMeetings(life, activeUntil, false);
    case "late": {
      // Met early on, then nothing for between 1.5× and 2× the cadence.
      if (daysRunning - 1 < windows.lateMin) return regularMeetings(life, activeUntil, true);
      const last = addDays(today, -faker.number.int({ min: windows.lateMin, max: Math.min(windows.lateMax, daysRunning - 1) }));
      const dates = [last];
      for (let date = addDays(last, -cadenceStep(life)); date > startsOn; date = addDays(date, -cadenceStep(life))) dates.unshift(date);
      return dates;
    }
    case "silent": {
      // Never met, or once in the first days and not since: over twice the cadence of silence.
      if (twists.neverMet || daysRunning - 1 < windows.silentMin) return [];
      return [addDays(today, -faker.number.int({ min: windows.silentMin, max: daysRunning - 1 }))];
    }
  }
}

/** Days to the next meeting of a pair that keeps to the cadence, give or take a few. */
function cadenceStep(life: Life): number {
  return Math.max(1, life.program.checkinCadenceDays + life.faker.number.int({ min: -3, max: 2 }));
}

/** A first meeting in the first days, then about every cadence; `onTrack` adds a recent one if the last is too long ago. */
function regularMeetings(life: Life, until: string, onTrack: boolean): string[] {
  const { faker, program, today, windows } = life;
  const span = daysBetween(program.startsOn, until);
  if (span < 1) return [];
  const dates: string[] = [];
  for (let date = addDays(program.startsOn, faker.number.int({ min: 1, max: Math.min(5, span) })); date <= until; date = addDays(date, cadenceStep(life))) dates.push(date);
  const gap = daysBetween(dates.at(-1) ?? program.startsOn, today);
  if (onTrack && gap > windows.onTrackMax) dates.push(addDays(today, -faker.number.int({ min: 1, max: Math.min(windows.onTrackMax, gap - 1) })));
  return dates;
}

// --- check-ins ------------------------------------------------------------------

/** An afternoon instant on `date`, or on the next day if that is still allowed: people log a meeting the same day or the day after. */
function loggedAfter(faker: Faker, date: string, latest: string): string {
  const nextDay = addDays(date, 1);
  if (nextDay <= latest && chance(faker, 0.3)) return daytime(faker, nextDay);
  return instantOn(date, faker.number.int({ min: 20, max: 23 }), faker.number.int({ min: 0, max: 11 }) * 5);
}

function daytime(faker: Faker, date: string, fromHour = 14, toHour = 22): string {
  return instantOn(date, faker.number.int({ min: fromHour, max: toHour }), faker.number.int({ min: 0, max: 11 }) * 5);
}

function topicsFor(life: Life, pair: ScoredPair): TopicText[] {
  if (life.program.type !== "peer") return [...GENERAL_TOPICS[life.program.type]];
  const asked = pair.mentee.answers["goals"];
  return (Array.isArray(asked) ? asked : []).flatMap((goal) => (PEER_GOAL_TOPICS[goal] ? [PEER_GOAL_TOPICS[goal]!] : []));
}

function meetingCheckin(life: Life, pair: ScoredPair, tone: Tone, preferredMode: MeetingMode, meetingOn: string, first: boolean, activeUntil: string): DemoCheckin {
  const { faker, program } = life;
  const by: ParticipantRole = chance(faker, 0.6) ? "mentor" : "mentee";
  const base = { by, outcome: "met" as const, meetingOn, resolvedAt: null, createdAt: loggedAfter(faker, meetingOn, activeUntil) };
  if (!first && chance(faker, 0.2)) {
    // "We met" from a reminder email: the day of the click, a duration, nothing else.
    const durationMinutes = pickOne(faker, DURATIONS[tone]).value;
    return { ...base, source: "email_link", durationMinutes, mode: null, topics: [], sharedNote: "", privateReflection: "", rating: null, createdAt: daytime(faker, meetingOn, 15, 23) };
  }

  let topics: TopicText[];
  let sharedNote: string;
  if (first) {
    topics = [{ topic: "Getting to know each other", notes: [] }, { topic: "Program expectations", notes: [] }];
    sharedNote = faker.helpers.arrayElement(FIRST_MEETING_NOTES);
  } else {
    const asked = topicsFor(life, pair);
    const general = GENERAL_TOPICS[program.type];
    const pool = asked.length > 0 && chance(faker, 0.7) ? asked : general;
    topics = faker.helpers.arrayElements(pool, { min: 1, max: Math.min(2, pool.length) });
    if (chance(faker, 0.3)) topics.push(faker.helpers.arrayElement(general.filter((topic) => !topics.includes(topic))));
    sharedNote =
      tone === "strained" && chance(faker, 0.6)
        ? faker.helpers.arrayElement(STRAINED_NOTES)
        : [...topics.map((topic) => faker.helpers.arrayElement(topic.notes)), faker.helpers.arrayElement(NOTE_ENDINGS)].filter((part) => part !== "").join(" ");
  }
  return {
    ...base,
    source: "portal",
    durationMinutes: pickOne(faker, DURATIONS[first ? "good" : tone]).value,
    mode: chance(faker, 0.75) ? preferredMode : pickOne(faker, MODE_MIX[program.type]).value,
    topics: topics.map((topic) => topic.topic),
    sharedNote,
    privateReflection: chance(faker, 0.3) ? faker.helpers.arrayElement(PRIVATE_REFLECTIONS[by]) : "",
    rating: pickOne(faker, CHECKIN_RATINGS[tone]).value,
  };
}

function emailAnswer(faker: Faker, outcome: "not_yet" | "need_help", createdAt: string, resolvedAt: string | null = null): DemoCheckin {
  return {
    by: chance(faker, 0.6) ? "mentee" : "mentor",
    source: "email_link",
    outcome,
    meetingOn: null,
    durationMinutes: null,
    mode: null,
    topics: [],
    sharedNote: "",
    privateReflection: "",
    rating: null,
    resolvedAt,
    createdAt,
  };
}

/** "Not yet" clicked on check-in reminders of pairs that went quiet (a reminder goes out a cadence after the last meeting). */
function notYetCheckins(life: Life, story: Story, meetings: readonly string[], activeUntil: string): DemoCheckin[] {
  if (story !== "silent" && story !== "late") return [];
  const { faker, program } = life;
  const since = meetings.at(-1) ?? program.startsOn;
  const answers: DemoCheckin[] = [];
  for (let k = 1; ; k++) {
    const day = addDays(since, k * program.checkinCadenceDays + faker.number.int({ min: 0, max: 2 }));
    if (day > activeUntil) break;
    if (chance(faker, 0.7)) answers.push(emailAnswer(faker, "not_yet", daytime(faker, day)));
  }
  return answers;
}

function helpCheckins(life: Life, twists: Twists, activeUntil: string): DemoCheckin[] {
  const { faker, program, today } = life;
  const answers: DemoCheckin[] = [];
  if (twists.needsHelp) {
    const day = addDays(today, -faker.number.int({ min: 1, max: 3 }));
    if (day >= program.startsOn && day <= activeUntil) answers.push(emailAnswer(faker, "need_help", daytime(faker, day)));
  }
  if (twists.helpResolved) {
    const day = addDays(program.startsOn, faker.number.int({ min: 10, max: 20 }));
    const handled = addDays(day, 1);
    if (handled <= activeUntil) answers.push(emailAnswer(faker, "need_help", daytime(faker, day), daytime(faker, handled)));
  }
  return answers;
}

// --- agreement, goals ----------------------------------------------------------

function agreement(life: Life, story: Story, twists: Twists, activeUntil: string): DemoMatch["agreement"] {
  const { faker, program } = life;
  type Acks = "both" | "mentor" | "mentee" | "neither";
  const mix: readonly Weighted<Acks>[] =
    story === "on_track"
      ? [
          { value: "both", weight: 88 },
          { value: "mentor", weight: 8 },
          { value: "mentee", weight: 4 },
        ]
      : twists.neverMet
        ? [
            { value: "mentor", weight: 50 },
            { value: "neither", weight: 50 },
          ]
        : [
            { value: "both", weight: 65 },
            { value: "mentor", weight: 15 },
            { value: "mentee", weight: 10 },
            { value: "neither", weight: 10 },
          ];
  const acks = pickOne(faker, mix).value;
  const ackAt = () => {
    const day = addDays(program.startsOn, faker.number.int({ min: 0, max: 3 }));
    return daytime(faker, day < activeUntil ? day : activeUntil, 15, 23);
  };
  return {
    mentorAcknowledgedAt: acks === "both" || acks === "mentor" ? ackAt() : null,
    menteeAcknowledgedAt: acks === "both" || acks === "mentee" ? ackAt() : null,
  };
}

function goalTemplates(life: Life, pair: ScoredPair): GoalTemplate[] {
  const { faker, program } = life;
  const general = faker.helpers.shuffle([...GENERAL_GOALS[program.type]]);
  if (program.type !== "peer") return general;
  const asked = pair.mentee.answers["goals"];
  const fromForm = (Array.isArray(asked) ? asked : []).flatMap((goal) => (PEER_GOALS[goal] ? [PEER_GOALS[goal]!] : []));
  return [...fromForm, ...general];
}

/** Goals set at the pair's meetings (the first at the first meeting), with progress from the meetings since. */
function goals(life: Life, pair: ScoredPair, story: Story, tone: Tone, meetings: readonly string[]): DemoGoal[] {
  const { faker } = life;
  if (meetings.length === 0) return [];
  const wanted =
    story === "on_track"
      ? faker.number.int({ min: 1, max: 3 })
      : story === "closed_early"
        ? faker.number.int({ min: 0, max: 1 })
        : story === "silent"
          ? 1
          : faker.number.int({ min: 1, max: 2 });
  return goalTemplates(life, pair)
    .slice(0, wanted)
    .map((template, index) => {
      const createdOn = meetings[Math.min(index, meetings.length - 1)]!;
      const createdAt = instantOn(createdOn, faker.number.int({ min: 20, max: 22 }), faker.number.int({ min: 0, max: 11 }) * 5);
      const later = meetings.filter((date) => date > createdOn);
      const total = template.milestones.length;
      const done = Math.max(0, Math.min(total, later.length + faker.number.int({ min: -1, max: 1 }) - (tone === "strained" ? 1 : 0)));
      const status = done === total && chance(faker, 0.8) ? "achieved" : done < total && chance(faker, 0.06) ? "dropped" : "open";
      const progress =
        status === "achieved" ? 100 : done === 0 ? faker.number.int({ min: 0, max: 3 }) * 5 : Math.min(95, Math.round((done / total) * 20) * 5 + faker.number.int({ min: 0, max: 2 }) * 5);
      const updatedAt = later.length === 0 ? createdAt : instantOn(later.at(-1)!, 23, faker.number.int({ min: 0, max: 11 }) * 5);
      return {
        createdBy: chance(faker, 0.6) ? ("mentee" as const) : ("mentor" as const),
        title: template.title,
        why: template.why,
        targetOn: addDays(createdOn, faker.number.int({ min: 4, max: 12 }) * 7),
        status,
        progress,
        milestones: template.milestones.map((title, milestone) => ({ title, done: milestone < done })),
        createdAt,
        updatedAt,
        completedAt: status === "open" ? null : updatedAt,
      };
    });
}

// --- surveys ---------------------------------------------------------------------

const ROLES: readonly ParticipantRole[] = ["mentor", "mentee"];

/**
 * Pulse (and midpoint/final) answers of the surveys that opened while the
 * match was active. Ratings follow the story: the latest survey carries the
 * low answers of `low_pulse` (one person) and `low_pulses` (both); on-track
 * and late pairs never answer low.
 */
function pulseResponses(life: Life, story: Story, activeUntil: string): DemoSurveyResponse[] {
  const { faker } = life;
  const surveys = life.surveys.filter((survey) => survey.opensOn <= activeUntil);
  const lowRole: ParticipantRole = chance(faker, 0.7) ? "mentee" : "mentor";
  const responses: DemoSurveyResponse[] = [];
  surveys.forEach((survey, index) => {
    const latest = index === surveys.length - 1;
    for (const role of ROLES) {
      let answers: boolean;
      let ratings: readonly Weighted<number>[];
      if (latest && story === "low_pulses") [answers, ratings] = [true, LOW_PULSE_RATINGS];
      else if (latest && story === "low_pulse" && role === lowRole) [answers, ratings] = [true, LOW_PULSE_RATINGS];
      else if (story === "on_track") [answers, ratings] = [chance(faker, role === "mentee" ? 0.85 : 0.8), GOOD_PULSE];
      else if (story === "silent" || story === "closed_early") [answers, ratings] = [chance(faker, 0.45), [{ value: 3, weight: 1 }, { value: 2, weight: 1 }]];
      else [answers, ratings] = [chance(faker, 0.65), FAIR_PULSE];
      if (!answers) continue;
      const until = survey.closesOn < activeUntil ? survey.closesOn : activeUntil;
      responses.push(surveyResponse(faker, survey.key, survey.kind, role, pickOne(faker, ratings).value, survey.opensOn, until));
    }
  });
  return responses;
}

/** The closure survey, open from the day the match closed for two weeks (`closureSurvey` in @tandem/relationships). */
function closureResponses(life: Life, reason: MatchCloseReason, closedOn: string): DemoSurveyResponse[] {
  const { faker } = life;
  const closesOn = addDays(closedOn, 13);
  const until = closesOn < life.lastDay ? closesOn : life.lastDay;
  const firstDay = addDays(closedOn, 1);
  if (firstDay > until) return [];
  const ratings: readonly Weighted<number>[] =
    reason === "not_a_good_fit" || reason === "lost_contact" ? LOW_PULSE_RATINGS : [{ value: 3, weight: 60 }, { value: 4, weight: 40 }];
  return ROLES.filter(() => chance(faker, 0.6)).map((role) => surveyResponse(faker, "closure", "closure", role, pickOne(faker, ratings).value, firstDay, until));
}

function surveyResponse(faker: Faker, surveyKey: string, kind: DemoSurveyKind | "closure", by: ParticipantRole, rating: number, from: string, until: string): DemoSurveyResponse {
  const day = addDays(from, faker.number.int({ min: 0, max: daysBetween(from, until) }));
  const createdAt = daytime(faker, day, 15, 23);
  // Some people come back and change their answer before the survey closes.
  const editedOn = day < until && chance(faker, 0.15) ? addDays(day, faker.number.int({ min: 1, max: daysBetween(day, until) })) : null;
  return { by, surveyKey, rating, answers: surveyAnswers(faker, kind, by, rating), createdAt, updatedAt: editedOn ? daytime(faker, editedOn, 15, 23) : createdAt };
}

/** Answers as the survey's questions (`surveyQuestions` in @tandem/relationships) store them: `rating` first, optional ones sometimes. */
function surveyAnswers(faker: Faker, kind: DemoSurveyKind | "closure", role: ParticipantRole, rating: number): Record<string, string | number> {
  const mood = rating >= 4 ? "good" : rating === 3 ? "ok" : "low";
  const comment = (probability: number) => (chance(faker, probability) ? faker.helpers.arrayElement(SURVEY_COMMENTS[mood]) : undefined);
  const near = (value: number) => Math.max(1, Math.min(5, value + faker.number.int({ min: -1, max: 1 })));
  const yesMaybeNo = mood === "good" ? "yes" : mood === "ok" ? "maybe" : faker.helpers.arrayElement(["maybe", "no"]);
  let answers: Record<string, string | number | undefined>;
  switch (kind) {
    case "pulse":
      answers = { rating, comment: comment(mood === "low" ? 0.9 : 0.35) };
      break;
    case "midpoint":
      answers = {
        rating,
        meeting_frequency: mood === "good" ? faker.helpers.arrayElement(["as_expected", "more"]) : mood === "ok" ? faker.helpers.arrayElement(["as_expected", "less"]) : "less",
        goals_progress: near(rating),
        going_well: comment(0.5),
        change: comment(0.3),
      };
      break;
    case "final":
      answers = {
        rating,
        goals_progress: near(rating),
        ...(role === "mentee" ? { confidence: near(rating) } : { mentor_again: yesMaybeNo }),
        recommend: yesMaybeNo,
        recommend_score: mood === "good" ? faker.number.int({ min: 8, max: 10 }) : mood === "ok" ? faker.number.int({ min: 6, max: 9 }) : faker.number.int({ min: 2, max: 7 }),
        highlight: comment(0.5),
        improve: comment(0.3),
      };
      break;
    case "closure":
      answers = {
        rating,
        goals_progress: near(rating - 1),
        ...(role === "mentee" ? { recommend: yesMaybeNo } : { mentor_again: yesMaybeNo }),
        recommend_score: mood === "good" ? faker.number.int({ min: 8, max: 10 }) : mood === "ok" ? faker.number.int({ min: 6, max: 9 }) : faker.number.int({ min: 2, max: 7 }),
        what_worked: comment(0.4),
        improve: comment(0.4),
      };
      break;
  }
  return Object.fromEntries(Object.entries(answers).filter((entry): entry is [string, string | number] => entry[1] !== undefined));
}

// --- the coordinator ---------------------------------------------------------------

/** About half the pairs have heard from the coordinator; struggling ones more often, and more recently. */
function supportContacts(life: Life, story: Story, activeUntil: string): DemoSupportContact[] {
  const { faker, program } = life;
  const struggling = story !== "on_track" && story !== "closed_early";
  if (!chance(faker, story === "on_track" ? 0.4 : story === "closed_early" ? 0.5 : 0.75)) return [];
  const span = daysBetween(program.startsOn, activeUntil);
  if (span < 1) return [];
  const days = [faker.number.int({ min: Math.min(7, span), max: Math.min(16, span) })];
  if (span >= 28 && chance(faker, struggling ? 0.8 : 0.5)) days.push(faker.number.int({ min: 28, max: span }));
  return [...new Set(days)].map((day, index) => {
    const contactedOn = addDays(program.startsOn, day);
    const notes = struggling && index === days.length - 1 ? SUPPORT_NOTES.concern : SUPPORT_NOTES.routine;
    return { contactedOn, note: faker.helpers.arrayElement(notes), createdAt: daytime(faker, contactedOn) };
  });
}
