/**
 * Which reminders are due (issue #6), from one match's or one person's state
 * as plain data. The cron calls `dueReminders` for every active match (and for
 * the people it must tell about a program's start), passes the result through
 * `planDeliveries`, and enqueues the emails; the dedupe keys make a second run
 * in the same period change nothing.
 *
 * A reminder stays due for its whole period (until the next check-in window,
 * until the goal's target date, until the survey closes …), so one that is
 * deferred by quiet hours or the daily cap is simply found again by a later run.
 */
import { pairSupportPolicy, SUPPORT_POLICIES, supportDueByParty, type ParticipantRole, type SupportContact, type SupportPolicy } from "./health.js";
import { surveySchedule, type SurveySettings } from "./surveys.js";
import { addDays, DAY_MS, localDate, startOfLocalDay } from "./time.js";

export const REMINDER_KINDS = [
  "checkin.due",
  "agreement.unacknowledged",
  "goal.target_near",
  "survey.open",
  "survey.closing",
  "support.overdue",
  "program.starting",
  "program.ending",
  "self_match.unanswered",
  "training.unfinished",
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export const RECIPIENT_ROLES = ["mentor", "mentee", "coordinator"] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

export const SUBJECT_TYPES = ["match", "goal", "survey", "program", "match_request"] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export interface Recipient {
  /** A participant's application id, or a coordinator's user id. */
  personId: string;
  role: RecipientRole;
}

export interface Reminder {
  recipient: Recipient;
  kind: ReminderKind;
  /** What the reminder is about. A survey's id is `<programId>/<survey key>` (see `surveySubjectId`). */
  subject: { type: SubjectType; id: string };
  /**
   * The due period: the tenant-local date (`YYYY-MM-DD`) on which this
   * occurrence fell due. The same reminder found again in the same period has
   * the same period, hence the same dedupe key; the next occurrence (the next
   * check-in window, the next weekly support nudge) has a later one.
   */
  period: string;
  /** When it fell due (ms). Date-based reminders fall due at the start of the local day. */
  dueAt: number;
}

/** The offsets of issue #6's reminders. */
export interface ReminderRules {
  /** An agreement not acknowledged this many days after the match started. */
  agreementAfterDays: number;
  /** A goal's target date this many days away. */
  goalDaysBefore: number;
  /** A survey closes in this many days. */
  surveyClosingDaysBefore: number;
  /** The program starts or ends in this many days. */
  programDaysBefore: number;
  /** While a support contact stays overdue, coordinators are reminded again this often. */
  supportRepeatDays: number;
  /** Required training unfinished this many days before it is due (issue #8) … */
  trainingDaysBefore: number;
  /** … and again this often until the due date. */
  trainingRepeatDays: number;
}

export const REMINDER_RULES: ReminderRules = {
  agreementAfterDays: 3,
  goalDaysBefore: 3,
  surveyClosingDaysBefore: 2,
  programDaysBefore: 7,
  supportRepeatDays: 7,
  trainingDaysBefore: 14,
  trainingRepeatDays: 7,
};

export interface ProgramState {
  id: string;
  /** Local calendar dates, `YYYY-MM-DD`, or null when not set. */
  startsOn: string | null;
  endsOn: string | null;
  checkinCadenceDays: number;
  /** The program's survey settings (the defaults fill gaps). */
  surveys?: Partial<SurveySettings> | null;
  /** How often coordinators must contact each pair; the standard (monthly) policy when absent. */
  supportPolicy?: SupportPolicy;
  /** Who is reminded of overdue support contacts (user ids). */
  coordinatorIds: readonly string[];
}

export interface MatchPersonState {
  /** Their application id. */
  id: string;
  /** When they acknowledged the agreement, or null. */
  acknowledgedAt: number | null;
  /** Keys of the program's surveys they have answered (`pulse-2`, `midpoint` …). */
  answeredSurveys: readonly string[];
}

export interface GoalState {
  id: string;
  /** Local calendar date, or null for a goal without one. */
  targetOn: string | null;
  /** When it was marked achieved (or dropped), or null while open. */
  completedAt: number | null;
}

export interface MatchState {
  id: string;
  startedAt: number;
  mentor: MatchPersonState;
  mentee: MatchPersonState;
  /** When the pair last met, per their latest check-in. */
  lastCheckinAt: number | null;
  /** The coordinators' contacts with the pair, each with who was reached (a contact on the match's first day at its start, not before it). */
  supportContacts: readonly SupportContact[];
  /** Whether the mentee has a guardian to keep in touch with (a youth program's guardian consented); false when absent. */
  menteeHasGuardian?: boolean;
  goals: readonly GoalState[];
}

/** A self-match request waiting for the mentor's answer. */
export interface PendingRequestState {
  id: string;
  /** The mentor's application id. */
  mentorId: string;
  createdAt: number;
  expiresAt: number;
}

export interface ReminderState {
  /** The tenant's IANA time zone: dates are its local dates. */
  timeZone: string;
  program: ProgramState;
  /** An active match of the program. */
  match?: MatchState | null;
  /** Others to tell that the program starts or ends soon (e.g. approved participants not matched yet). */
  participants?: readonly { id: string; role: ParticipantRole }[];
  /** Self-match requests awaiting an answer. */
  pendingRequests?: readonly PendingRequestState[];
  /** Mentors whose required training is unfinished, and the local date it is due by (issue #8). */
  training?: { dueOn: string; mentorIds: readonly string[] } | null;
  rules?: Partial<ReminderRules>;
}

/** A survey as a reminder's subject: its key is only unique within the program. */
export function surveySubjectId(programId: string, surveyKey: string): string {
  return `${programId}/${surveyKey}`;
}

/**
 * When a pair's check-in clock starts: the match's start, or the program's first
 * day if the pair was matched before it. `matchHealth` should be given the same.
 */
export function checkinClockStart(matchStartedAt: number, programStartsOn: string | null, timeZone: string): number {
  return programStartsOn ? Math.max(matchStartedAt, startOfLocalDay(programStartsOn, timeZone)) : matchStartedAt;
}

/**
 * The reminders due at `now`, one per recipient, kind, subject and period,
 * sorted by when they fell due. The rules (offsets from `REMINDER_RULES`):
 * - `checkin.due` — to both people, once per cadence window without a check-in:
 *   the n-th window starts n × cadence after the last check-in (or the start of
 *   the check-in clock, see `checkinClockStart`). Not before the program starts.
 * - `agreement.unacknowledged` — to each person who has not acknowledged it, 3
 *   days after the match started. Once.
 * - `goal.target_near` — to both people, from 3 days before an open goal's
 *   target date until that date.
 * - `survey.open` / `survey.closing` — to each person who has not answered an
 *   open survey, from its first day, then again from 2 days before it closes
 *   (when that is after its first day; the closing reminder replaces the
 *   opening one). Only for matches started by the day the survey opens.
 * - `support.overdue` — to each coordinator, when a support contact is due
 *   under the program's policy with any of its parties (`supportDueByParty`),
 *   and weekly while it stays due.
 * - `program.starting` / `program.ending` — to both people and to any other
 *   participants given, from 7 days before the first or last day until that day.
 * - `self_match.unanswered` — to the mentor, from halfway through the time they
 *   have to answer until the request expires.
 * - `training.unfinished` — to each mentor given, from 14 days before the training
 *   is due, weekly, until the due date itself.
 * Check-in, agreement, goal and support reminders stop after the program's last day.
 */
export function dueReminders(state: ReminderState, now: number): Reminder[] {
  const rules = { ...REMINDER_RULES, ...stripUndefined(state.rules ?? {}) };
  const { timeZone, program, match } = state;
  const today = localDate(now, timeZone);
  const ended = program.endsOn !== null && today > program.endsOn;
  const started = program.startsOn === null || today >= program.startsOn;
  const reminders: Reminder[] = [];
  const atDayStart = (date: string) => startOfLocalDay(date, timeZone);
  const add = (recipient: Recipient, kind: ReminderKind, subject: Reminder["subject"], dueAt: number, period = localDate(dueAt, timeZone)) =>
    reminders.push({ recipient, kind, subject, period, dueAt });

  if (match) {
    const people = [
      { person: match.mentor, recipient: { personId: match.mentor.id, role: "mentor" as const } },
      { person: match.mentee, recipient: { personId: match.mentee.id, role: "mentee" as const } },
    ];
    const matchSubject = { type: "match" as const, id: match.id };

    if (!ended) {
      // Check-in due, once per cadence window.
      const cadence = program.checkinCadenceDays * DAY_MS;
      if (!(cadence > 0)) throw new RangeError(`checkinCadenceDays must be positive, got ${program.checkinCadenceDays}`);
      const anchor = match.lastCheckinAt ?? checkinClockStart(match.startedAt, program.startsOn, timeZone);
      const windows = Math.floor((now - anchor) / cadence);
      if (started && windows >= 1) {
        for (const { recipient } of people) add(recipient, "checkin.due", matchSubject, anchor + windows * cadence);
      }

      // Agreement not acknowledged.
      const agreementDueAt = match.startedAt + rules.agreementAfterDays * DAY_MS;
      if (now >= agreementDueAt) {
        for (const { person, recipient } of people) if (person.acknowledgedAt === null) add(recipient, "agreement.unacknowledged", matchSubject, agreementDueAt);
      }

      // Goal target dates near.
      for (const goal of match.goals) {
        if (goal.completedAt !== null || goal.targetOn === null) continue;
        const from = addDays(goal.targetOn, -rules.goalDaysBefore);
        if (today < from || today > goal.targetOn) continue;
        for (const { recipient } of people) add(recipient, "goal.target_near", { type: "goal", id: goal.id }, atDayStart(from), from);
      }

      // Support contact overdue, to the coordinators, repeated while overdue.
      const policy = pairSupportPolicy(program.supportPolicy ?? SUPPORT_POLICIES.standard, match.menteeHasGuardian ?? false);
      const support = supportDueByParty(match.supportContacts, match.startedAt, now, policy);
      if (support.due) {
        const repeat = rules.supportRepeatDays * DAY_MS;
        const dueAt = support.dueAt + Math.floor((now - support.dueAt) / repeat) * repeat;
        for (const coordinatorId of program.coordinatorIds) add({ personId: coordinatorId, role: "coordinator" }, "support.overdue", matchSubject, dueAt);
      }
    }

    // Surveys, by their own dates (the final evaluation stays open after the program ends).
    const matchStartDate = localDate(match.startedAt, timeZone);
    for (const survey of surveySchedule(program)) {
      if (today < survey.opensOn || today > survey.closesOn || matchStartDate > survey.opensOn) continue;
      const subject = { type: "survey" as const, id: surveySubjectId(program.id, survey.key) };
      const closingFrom = addDays(survey.closesOn, -rules.surveyClosingDaysBefore);
      const closing = closingFrom > survey.opensOn && today >= closingFrom;
      for (const { person, recipient } of people) {
        if (person.answeredSurveys.includes(survey.key)) continue;
        if (closing) add(recipient, "survey.closing", subject, atDayStart(closingFrom), closingFrom);
        else add(recipient, "survey.open", subject, atDayStart(survey.opensOn), survey.opensOn);
      }
    }
  }

  // The program starting or ending soon.
  const audience: Recipient[] = [
    ...(match ? [{ personId: match.mentor.id, role: "mentor" as const }, { personId: match.mentee.id, role: "mentee" as const }] : []),
    ...(state.participants ?? []).map((participant) => ({ personId: participant.id, role: participant.role })),
  ];
  const programSubject = { type: "program" as const, id: program.id };
  for (const [kind, day] of [
    ["program.starting", program.startsOn],
    ["program.ending", program.endsOn],
  ] as const) {
    if (day === null) continue;
    const from = addDays(day, -rules.programDaysBefore);
    // Starting: until the day before the first day. Ending: until the last day itself.
    const until = kind === "program.starting" ? addDays(day, -1) : day;
    if (today < from || today > until) continue;
    for (const recipient of audience) add(recipient, kind, programSubject, atDayStart(from), from);
  }

  // Self-match requests waiting for the mentor, from halfway through their time to answer.
  for (const request of state.pendingRequests ?? []) {
    const dueAt = request.createdAt + Math.floor((request.expiresAt - request.createdAt) / 2);
    if (now >= dueAt && now < request.expiresAt) {
      add({ personId: request.mentorId, role: "mentor" }, "self_match.unanswered", { type: "match_request", id: request.id }, dueAt);
    }
  }

  // Required training unfinished as its due date nears: weekly from 14 days before, through the due date.
  const training = state.training;
  if (training && training.mentorIds.length > 0) {
    const from = addDays(training.dueOn, -rules.trainingDaysBefore);
    if (today >= from && today <= training.dueOn) {
      const repeat = Math.max(1, rules.trainingRepeatDays);
      const elapsed = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
      const period = addDays(from, Math.floor(elapsed / repeat) * repeat);
      for (const mentorId of training.mentorIds) add({ personId: mentorId, role: "mentor" }, "training.unfinished", programSubject, atDayStart(period), period);
    }
  }

  return uniqueSorted(reminders);
}

/** Drops repeats of the same reminder (a person listed twice) and sorts by due time, then kind, recipient and subject. */
function uniqueSorted(reminders: Reminder[]): Reminder[] {
  const seen = new Set<string>();
  const unique = reminders.filter((reminder) => {
    const key = [reminder.kind, reminder.subject.type, reminder.subject.id, reminder.recipient.role, reminder.recipient.personId, reminder.period].join("\u0000");
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return unique.sort(
    (a, b) =>
      a.dueAt - b.dueAt ||
      REMINDER_KINDS.indexOf(a.kind) - REMINDER_KINDS.indexOf(b.kind) ||
      order(a.recipient.personId, b.recipient.personId) ||
      order(a.recipient.role, b.recipient.role) ||
      order(a.subject.id, b.subject.id),
  );
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
