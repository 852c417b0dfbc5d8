/**
 * The reminder cron (issue #6). Every tick, `enqueueTenantScans` finds the
 * institutions that may have something due and enqueues one scan each; the
 * scan (`scanTenantReminders`) reads that institution's relationships in a
 * few grouped queries, asks @tandem/relationships what is due and how to fold
 * it into emails (daily cap, quiet hours, opt-outs), and enqueues one
 * `reminders.deliver` message per email. It sends nothing itself and writes
 * nothing for reminders: a reminder it does not plan (deferred) stays due, and
 * the next tick finds it again. Its one write is the day's program health
 * snapshot, once a day per program (`health-snapshots.ts`), from the matches
 * it has read anyway.
 */
import { and, eq, gt, gte, inArray, isNotNull, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";
import { inSendBatches, inSendBatchesBySize, type JobMessage } from "@tandem/jobs";
import {
  addDays,
  checkinClockStart,
  dedupeKey,
  digestKey,
  dueReminders,
  localDate,
  type MatchState,
  openSurvey,
  planDeliveries,
  type ProgramState,
  type Recipient,
  type Reminder,
  REMINDER_RULES,
  reminderPreferences,
  resolveSurveySettings,
  startOfLocalDay,
  pairSupportPolicy,
  SUPPORT_POLICIES,
  type SupportContact,
  supportContactAt,
  supportDueByParty,
  type Survey,
  surveySchedule,
  surveyTitle,
} from "@tandem/relationships";
import { tenantsWithReminderWork } from "../data/reminder-scan.js";
import type { TenantData } from "../data/tenant-data.js";
import { findUsersByIds, type UserSummary } from "../data/users.js";
import { describeError, log } from "../log.js";
import { findIn } from "./find-in.js";
import { mentorReadinessOf } from "./safeguarding.js";
import { healthSnapshotRows, insertHealthSnapshots, latestPulses, programsRecordedOn, programsToSnapshot } from "./health-snapshots.js";
import { MAX_ITEMS_PER_EMAIL, type ReminderContext, type ReminderDeliveryPayload, type ReminderItem } from "./reminder-payload.js";

type ProgramRow = typeof schema.programs.$inferSelect;
type MatchRow = typeof schema.matches.$inferSelect;
type ApplicationRow = typeof schema.applications.$inferSelect;
type RequestRow = typeof schema.matchRequests.$inferSelect;
type GoalRow = typeof schema.matchGoals.$inferSelect;

const OPEN_PROGRAM_STATUSES = ["enrolling", "matching", "active"] as const;

// ---------------------------------------------------------------- the tick

/** The per-institution scans of the tick at `now`, keyed by institution and tick: a second run of the same tick changes nothing. */
export async function enqueueTenantScans(db: Database, jobs: Queue<JobMessage>, now: number): Promise<number> {
  // Local dates differ from UTC's by up to a day: look a day wider than the program rule on each side.
  const today = new Date(now).toISOString().slice(0, 10);
  const window = { from: addDays(today, -1), to: addDays(today, REMINDER_RULES.programDaysBefore + 1) };
  const trainingWindow = { from: addDays(today, -1), to: addDays(today, REMINDER_RULES.trainingDaysBefore + 1) };
  const tenantIds = await tenantsWithReminderWork(db, new Date(now), window, trainingWindow);
  const tick = new Date(now).toISOString();
  const scans: JobMessage[] = tenantIds.map((tenantId) => ({ kind: "reminders.scan_tenant", key: `reminders.scan_tenant:${tenantId}:${tick}`, payload: { tenantId, now }, enqueuedAt: now }));
  for (const batch of inSendBatches(scans)) await jobs.sendBatch(batch.map((body) => ({ body, contentType: "json" as const })));
  log("info", "reminder scans enqueued", { tick, tenants: scans.length });
  return scans.length;
}

// ---------------------------------------------------------------- one institution

export interface ReminderScanCounts {
  /** Reminders due now or later, before the daily cap, quiet hours and opt-outs. */
  due: number;
  /** Emails enqueued, and the reminders they carry. */
  emails: number;
  items: number;
  /** Left for a later tick: quiet hours, the daily cap, not due yet, or over one email's size. */
  deferred: number;
  /** Already sent, or opted out of. */
  dropped: number;
  /** Recipients we could not address (their application or account is gone). */
  unaddressable: number;
  /** `sendBatch` calls made. */
  batches: number;
}

export interface ReminderScanContext {
  tenantData: TenantData;
  jobs: Queue<JobMessage>;
}

/** Where a due reminder came from: the program, and the match when it is about one. */
interface Origin {
  program: ProgramRow;
  match: MatchRow | null;
}

export async function scanTenantReminders(context: ReminderScanContext, now: number): Promise<ReminderScanCounts> {
  const { tenantData } = context;
  const timeZone = tenantData.tenant.timezone;
  const snapshot = await loadSnapshot(tenantData, now);
  const { reminders, origins } = findDue(snapshot, timeZone, now);
  await recordHealth(tenantData, snapshot, now);

  const today = localDate(now, timeZone);
  const recipients = uniqueRecipients(reminders);
  const candidateKeys = [...reminders.map((reminder) => dedupeKey(reminder)), ...recipients.map((recipient) => digestKey(recipient, today))];
  const participantIds = new Set<string>();
  for (const reminder of reminders) {
    if (reminder.recipient.role !== "coordinator") participantIds.add(reminder.recipient.personId);
    const match = origins.get(reminder)?.match;
    if (match) participantIds.add(match.mentorApplicationId).add(match.menteeApplicationId);
  }
  for (const request of snapshot.requests.values()) participantIds.add(request.menteeApplicationId);
  const coordinatorIds = recipients.filter((recipient) => recipient.role === "coordinator").map((recipient) => recipient.personId);
  const [ledger, people, users] = await Promise.all([
    findIn(tenantData, schema.reminderDeliveries, schema.reminderDeliveries.key, candidateKeys),
    findIn(tenantData, schema.applications, schema.applications.id, [...participantIds]),
    findUsersByIds(tenantData.db, coordinatorIds),
  ]);

  const plan = planDeliveries(reminders, new Set(ledger.map((row) => row.key)), now, timeZone, reminderPreferences(snapshot.preferences));
  const lookups: Lookups = {
    timeZone,
    now,
    people: new Map(people.map((person) => [person.id, person])),
    users: new Map(users.map((user) => [user.id, user])),
    snapshot,
    origins,
  };

  let unaddressable = 0;
  let oversize = 0;
  const messages: JobMessage[] = [];
  for (const email of plan.send) {
    const address = addressOf(email.recipient, lookups);
    if (!address) {
      unaddressable += 1;
      continue;
    }
    const items = email.items.slice(0, MAX_ITEMS_PER_EMAIL).map(({ reminder, dedupeKey }): ReminderItem => ({
      dedupeKey,
      kind: reminder.kind,
      subject: reminder.subject,
      period: reminder.period,
      dueAt: reminder.dueAt,
      context: contextOf(reminder, lookups),
    }));
    oversize += email.items.length - items.length;
    const payload: ReminderDeliveryPayload = {
      tenantId: tenantData.tenant.id,
      claimToken: crypto.randomUUID(),
      recipient: { ...email.recipient, ...address },
      localDate: email.localDate,
      digestKey: email.digestKey,
      timeZone,
      plannedAt: now,
      items,
    };
    messages.push({ kind: "reminders.deliver", key: `reminders.deliver:${email.digestKey}`, payload: payload as unknown as Record<string, unknown>, enqueuedAt: now });
  }

  const batches = inSendBatchesBySize(messages);
  for (const batch of batches) await context.jobs.sendBatch(batch.map((body) => ({ body, contentType: "json" as const })));

  const counts: ReminderScanCounts = {
    due: reminders.length,
    emails: messages.length,
    items: messages.reduce((sum, message) => sum + (message.payload.items as unknown[]).length, 0),
    deferred: plan.deferred.length + oversize,
    dropped: plan.dropped.length,
    unaddressable,
    batches: batches.length,
  };
  log("info", "reminder scan", { tenantId: tenantData.tenant.id, at: new Date(now).toISOString(), matches: snapshot.matches.length, ...counts });
  return counts;
}

/**
 * The day's health snapshot of each open program that has none yet: the first
 * scan of the local day reads the ratings and writes the rows (one read, one
 * statement); later ones find them (`healthRecorded`) and do nothing. A
 * failure — of that read or write, or of `loadSnapshot`'s read of which
 * programs have the day's row — is logged, not thrown: reminders must not wait
 * for a report's rollup, and the next tick tries the day's rows again.
 */
async function recordHealth(tenantData: TenantData, snapshot: Snapshot, now: number): Promise<void> {
  try {
    if (snapshot.healthRecorded instanceof Error) throw snapshot.healthRecorded;
    const recorded = snapshot.healthRecorded;
    const programs = snapshot.snapshotPrograms.filter((program) => !recorded.has(program.id));
    if (programs.length === 0) return;
    const pulses = await latestPulses(tenantData, programs.map((program) => program.id), snapshot.matches, now);
    const rows = healthSnapshotRows({ programs, matches: snapshot.matches, lastMetAt: snapshot.lastMetDay, pulses, timeZone: tenantData.tenant.timezone, now });
    const statement = insertHealthSnapshots(tenantData, rows);
    if (statement) await tenantData.write([statement]);
  } catch (error) {
    log("warn", "program health snapshot not recorded", { tenantId: tenantData.tenant.id, at: new Date(now).toISOString(), error: describeError(error) });
  }
}

// ---------------------------------------------------------------- reading the institution

interface Snapshot {
  programs: Map<string, ProgramRow>;
  /** Each open program's state as the reminder rules take it, and its survey calendar. */
  states: Map<string, { state: ProgramState; schedule: Survey[] }>;
  matches: MatchRow[];
  requests: Map<string, RequestRow>;
  /** Approved, unmatched participants of programs starting soon (they hear that it starts too). */
  waiting: ApplicationRow[];
  goals: Map<string, GoalRow>;
  lastCheckinAt: Map<string, number>;
  /** For health snapshots: the start of the local day of each match's latest meeting (a meeting without a date: the day it was logged). */
  lastMetDay: Map<string, number>;
  /** The open programs a daily health snapshot is kept for, and those that have today's already (or why that could not be read: `recordHealth` logs it and records nothing). */
  snapshotPrograms: ProgramRow[];
  healthRecorded: Set<string> | Error;
  /** Each match's latest support contacts with each party (see `noLaterContact`), each from when it counts (`supportContactAt`). */
  supportContacts: Map<string, SupportContact[]>;
  /** Matched mentees of youth programs whose guardian consented: contacts must reach the guardian too. */
  menteesWithGuardian: Set<string>;
  acknowledged: Map<string, { mentor: number | null; mentee: number | null }>;
  /** `<match id>:<application id>` → survey keys answered. */
  answered: Map<string, string[]>;
  preferences: { recipientId: string; kind: string }[];
  /** Programs whose required training is due soon: the due date and the mentors who have not finished it. */
  training: Map<string, { dueOn: string; mentorIds: string[] }>;
}

/**
 * Everything the rules need, in three rounds of parallel queries whatever the
 * number of matches: the programs, matches, requests and staff; then, for
 * those matches, the latest check-in and support contact, acknowledgements
 * and answers to the open surveys; then (in the caller) the ledger and names.
 */
async function loadSnapshot(tenantData: TenantData, now: number): Promise<Snapshot> {
  const timeZone = tenantData.tenant.timezone;
  const today = localDate(now, timeZone);
  const [programs, allMatches, allRequests, memberships, assignments, settings, preferences, goals, trainingSettings] = await Promise.all([
    tenantData.find(schema.programs, inArray(schema.programs.status, [...OPEN_PROGRAM_STATUSES])),
    tenantData.find(schema.matches, eq(schema.matches.status, "active")),
    tenantData.find(schema.matchRequests, and(eq(schema.matchRequests.status, "pending"), gt(schema.matchRequests.expiresAt, new Date(now)))!),
    tenantData.find(schema.memberships),
    tenantData.find(schema.programCoordinators),
    tenantData.find(schema.programRelationshipSettings),
    tenantData.find(schema.reminderPreferences),
    // Only goals whose target date is near can be due.
    tenantData.find(
      schema.matchGoals,
      and(eq(schema.matchGoals.status, "open"), isNull(schema.matchGoals.completedAt), gte(schema.matchGoals.targetOn, today), lte(schema.matchGoals.targetOn, addDays(today, REMINDER_RULES.goalDaysBefore)))!,
    ),
    tenantData.find(schema.programSafeguarding, eq(schema.programSafeguarding.trainingRequired, true)),
  ]);

  const programsById = new Map(programs.map((program) => [program.id, program]));
  // A paused match (a guardian withdrew consent) gets no reminders until it resumes.
  const matches = allMatches.filter((match) => programsById.has(match.programId) && match.pausedAt === null);
  const requests = allRequests.filter((request) => programsById.has(request.programId));
  const members = new Map(memberships.map((membership) => [membership.userId, membership.role]));
  const admins = memberships.filter((membership) => membership.role === "owner" || membership.role === "admin").map((membership) => membership.userId);
  const surveySettings = new Map(settings.map((row) => [row.programId, row.surveys]));

  const states = new Map<string, { state: ProgramState; schedule: Survey[] }>();
  for (const program of programs) {
    // Coordinators assigned to the program (still on the staff), else the institution's owners and admins.
    const assigned = assignments.filter((row) => row.programId === program.id && members.has(row.userId)).map((row) => row.userId);
    const state: ProgramState = {
      id: program.id,
      startsOn: program.startsOn,
      endsOn: program.endsOn,
      checkinCadenceDays: program.checkinCadenceDays,
      surveys: resolveSurveySettings(surveySettings.get(program.id)),
      supportPolicy: program.guardianConsentUnderAge !== null ? SUPPORT_POLICIES.youth : SUPPORT_POLICIES.standard,
      coordinatorIds: assigned.length > 0 ? assigned : admins,
    };
    try {
      if (!(program.checkinCadenceDays > 0)) throw new RangeError(`checkin cadence ${program.checkinCadenceDays}`);
      states.set(program.id, { state, schedule: surveySchedule(state) });
    } catch (error) {
      // One program's bad settings must not silence the institution's other programs.
      log("warn", "program skipped by the reminder scan", { tenantId: tenantData.tenant.id, programId: program.id, error: describeError(error) });
    }
  }

  const matchIds = matches.map((match) => match.id);
  // The open survey of each program (at most one at a time): only answers to it matter.
  const openSurveys = [...states.entries()].flatMap(([programId, { schedule }]) => {
    const survey = openSurvey(schedule, today);
    return survey ? [{ programId, key: survey.key }] : [];
  });
  const startingSoon = programs.filter((program) => program.startsOn && today >= addDays(program.startsOn, -REMINDER_RULES.programDaysBefore) && today < program.startsOn);

  const snapshotPrograms = programsToSnapshot([...states.keys()].map((id) => programsById.get(id)!), matches);
  const youthPrograms = programs.filter((program) => program.guardianConsentUnderAge !== null);
  const [checkins, contacts, relationships, responses, approved, healthRecorded, guarded] = await Promise.all([
    findIn(tenantData, schema.checkins, schema.checkins.matchId, matchIds, and(eq(schema.checkins.outcome, "met"), noLaterMeeting)),
    findIn(tenantData, schema.supportContacts, schema.supportContacts.matchId, matchIds, noLaterContact),
    findIn(tenantData, schema.matchRelationships, schema.matchRelationships.matchId, matchIds),
    openSurveys.length === 0
      ? []
      : tenantData.find(schema.surveyResponses, or(...openSurveys.map(({ programId, key }) => and(eq(schema.surveyResponses.programId, programId), eq(schema.surveyResponses.surveyKey, key))))),
    startingSoon.length === 0
      ? []
      : tenantData.find(schema.applications, and(inArray(schema.applications.programId, startingSoon.map((program) => program.id)), eq(schema.applications.status, "approved"))!),
    // Best effort, like the snapshot's write: a failure here (the table not migrated yet, a lock) must not fail the scan.
    programsRecordedOn(tenantData, snapshotPrograms.map((program) => program.id), today).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
    // Youth programs: the matched mentees with a consenting guardian, whom support contacts must reach too.
    youthPrograms.length === 0
      ? []
      : tenantData.aggregate(
          schema.applications,
          { id: schema.applications.id },
          and(inArray(schema.matches.programId, youthPrograms.map((program) => program.id)), eq(schema.matches.status, "active"), isNotNull(schema.applications.guardianConsentedAt)),
          { join: { table: schema.matches, on: eq(schema.matches.menteeApplicationId, schema.applications.id) } },
        ),
  ]);

  const lastCheckinAt = new Map<string, number>();
  const lastMetDay = new Map<string, number>();
  for (const checkin of checkins) {
    // A meeting counts from its day (it may be logged days later); without a date, from when it was logged.
    const at = checkin.meetingOn ? startOfLocalDay(checkin.meetingOn, timeZone) : checkin.createdAt.getTime();
    lastCheckinAt.set(checkin.matchId, Math.max(at, lastCheckinAt.get(checkin.matchId) ?? -Infinity));
    // Health reads the meeting's day either way, as program analytics does.
    const day = checkin.meetingOn ? at : startOfLocalDay(localDate(at, timeZone), timeZone);
    lastMetDay.set(checkin.matchId, Math.max(day, lastMetDay.get(checkin.matchId) ?? -Infinity));
  }
  const startedAt = new Map(matches.map((match) => [match.id, match.startedAt.getTime()]));
  const supportContacts = new Map<string, SupportContact[]>();
  for (const contact of contacts) {
    const matchStart = startedAt.get(contact.matchId);
    if (matchStart === undefined) continue;
    const entry = { at: supportContactAt(contact.contactedOn, matchStart, timeZone), parties: contact.parties };
    supportContacts.set(contact.matchId, [...(supportContacts.get(contact.matchId) ?? []), entry]);
  }
  const acknowledged = new Map(relationships.map((row) => [row.matchId, { mentor: row.mentorAcknowledgedAt?.getTime() ?? null, mentee: row.menteeAcknowledgedAt?.getTime() ?? null }]));
  const answered = new Map<string, string[]>();
  for (const response of responses) {
    const key = `${response.matchId}:${response.applicationId}`;
    answered.set(key, [...(answered.get(key) ?? []), response.surveyKey]);
  }
  const matched = new Set(matches.flatMap((match) => [match.mentorApplicationId, match.menteeApplicationId]));
  const waiting = approved.filter((application) => !matched.has(application.id));
  const training = await unfinishedTraining(tenantData, programsById, trainingSettings, today);

  return {
    programs: programsById,
    states,
    matches,
    requests: new Map(requests.map((request) => [request.id, request])),
    waiting,
    goals: new Map(goals.map((goal) => [goal.id, goal])),
    lastCheckinAt,
    lastMetDay,
    snapshotPrograms,
    healthRecorded,
    supportContacts,
    menteesWithGuardian: new Set(guarded.map((row) => row.id)),
    acknowledged,
    answered,
    preferences,
    training,
  };
}

/**
 * Programs whose required training falls due within the reminder window (its
 * own due date, or the program's start), with the mentors still applying or
 * approved who have not finished it. Readiness is read per such program only.
 */
async function unfinishedTraining(tenantData: TenantData, programs: Map<string, ProgramRow>, settings: (typeof schema.programSafeguarding.$inferSelect)[], today: string) {
  const due = new Map<string, { dueOn: string; mentorIds: string[] }>();
  for (const row of settings) {
    const program = programs.get(row.programId);
    const dueOn = row.trainingDueOn ?? program?.startsOn ?? null;
    if (!program || !dueOn || today < addDays(dueOn, -REMINDER_RULES.trainingDaysBefore) || today > dueOn) continue;
    const mentors = await tenantData.find(schema.applications, and(eq(schema.applications.programId, program.id), eq(schema.applications.role, "mentor"), inArray(schema.applications.status, ["submitted", "approved"]))!);
    if (mentors.length === 0) continue;
    const readiness = await mentorReadinessOf(tenantData, program, mentors.map((mentor) => mentor.id));
    const mentorIds = [...readiness.values()].filter((entry) => !entry.training.complete).map((entry) => entry.applicationId);
    if (mentorIds.length) due.set(program.id, { dueOn, mentorIds });
  }
  return due;
}

/** The latest `met` check-in of its match (ties kept; the caller takes the latest). */
const noLaterMeeting: SQL = sql`NOT EXISTS (SELECT 1 FROM ${schema.checkins} AS later WHERE later.tenant_id = ${schema.checkins.tenantId} AND later.match_id = ${schema.checkins.matchId} AND later.outcome = 'met' AND (later.meeting_on > ${schema.checkins.meetingOn} OR (later.meeting_on = ${schema.checkins.meetingOn} AND later.created_at > ${schema.checkins.createdAt})))`;
/**
 * The support contacts that still say when a party was last reached: those with
 * no later contact reaching everyone they reached (an empty list reached
 * everyone). Same-day contacts are all kept; a few more than needed may be.
 */
const noLaterContact: SQL = sql`NOT EXISTS (SELECT 1 FROM ${schema.supportContacts} AS later WHERE later.tenant_id = ${schema.supportContacts.tenantId} AND later.match_id = ${schema.supportContacts.matchId} AND later.contacted_on > ${schema.supportContacts.contactedOn}
  AND (json_array_length(later.parties) = 0 OR (json_array_length(${schema.supportContacts.parties}) > 0 AND NOT EXISTS (SELECT 1 FROM json_each(${schema.supportContacts.parties}) AS reached WHERE reached.value NOT IN (SELECT value FROM json_each(later.parties))))))`;

// ---------------------------------------------------------------- what is due

function findDue(snapshot: Snapshot, timeZone: string, now: number): { reminders: Reminder[]; origins: Map<Reminder, Origin> } {
  const reminders: Reminder[] = [];
  const origins = new Map<Reminder, Origin>();
  const collect = (found: Reminder[], origin: Origin) => {
    for (const reminder of found) {
      reminders.push(reminder);
      origins.set(reminder, origin);
    }
  };

  const goalsByMatch = new Map<string, GoalRow[]>();
  for (const goal of snapshot.goals.values()) goalsByMatch.set(goal.matchId, [...(goalsByMatch.get(goal.matchId) ?? []), goal]);
  const person = (match: MatchRow, id: string, role: "mentor" | "mentee") => ({
    id,
    acknowledgedAt: snapshot.acknowledged.get(match.id)?.[role] ?? null,
    answeredSurveys: snapshot.answered.get(`${match.id}:${id}`) ?? [],
  });

  for (const match of snapshot.matches) {
    const program = snapshot.programs.get(match.programId)!;
    const entry = snapshot.states.get(match.programId);
    if (!entry) continue;
    const state: MatchState = {
      id: match.id,
      startedAt: match.startedAt.getTime(),
      mentor: person(match, match.mentorApplicationId, "mentor"),
      mentee: person(match, match.menteeApplicationId, "mentee"),
      lastCheckinAt: snapshot.lastCheckinAt.get(match.id) ?? null,
      supportContacts: snapshot.supportContacts.get(match.id) ?? [],
      menteeHasGuardian: snapshot.menteesWithGuardian.has(match.menteeApplicationId),
      goals: (goalsByMatch.get(match.id) ?? []).map((goal) => ({ id: goal.id, targetOn: goal.targetOn, completedAt: goal.completedAt?.getTime() ?? null })),
    };
    collect(dueReminders({ timeZone, program: entry.state, match: state }, now), { program, match });
  }

  // Per program: who waits for a start, and self-match requests waiting for their mentor.
  const waitingByProgram = groupBy(snapshot.waiting, (application) => application.programId);
  const requestsByProgram = groupBy([...snapshot.requests.values()], (request) => request.programId);
  for (const [programId, { state }] of snapshot.states) {
    const participants = (waitingByProgram.get(programId) ?? []).map((application) => ({ id: application.id, role: application.role }));
    const pendingRequests = (requestsByProgram.get(programId) ?? []).map((request) => ({
      id: request.id,
      mentorId: request.mentorApplicationId,
      createdAt: request.createdAt.getTime(),
      expiresAt: request.expiresAt.getTime(),
    }));
    const training = snapshot.training.get(programId) ?? null;
    if (participants.length === 0 && pendingRequests.length === 0 && !training) continue;
    collect(dueReminders({ timeZone, program: state, participants, pendingRequests, training }, now), { program: snapshot.programs.get(programId)!, match: null });
  }
  return { reminders, origins };
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

function uniqueRecipients(reminders: readonly Reminder[]): Recipient[] {
  const seen = new Map<string, Recipient>();
  for (const { recipient } of reminders) seen.set(`${recipient.role}:${recipient.personId}`, recipient);
  return [...seen.values()];
}

// ---------------------------------------------------------------- what each email says

interface Lookups {
  timeZone: string;
  /** The scan's time: what an item says is as of now, as the pairs page would say it. */
  now: number;
  people: Map<string, ApplicationRow>;
  users: Map<string, UserSummary>;
  snapshot: Snapshot;
  origins: Map<Reminder, Origin>;
}

/** The recipient's address and first name, or null when they are gone. */
function addressOf(recipient: Recipient, lookups: Lookups): { email: string; firstName: string } | null {
  if (recipient.role === "coordinator") {
    const user = lookups.users.get(recipient.personId);
    return user ? { email: user.email, firstName: user.name.trim().split(/\s+/)[0] || user.name } : null;
  }
  const person = lookups.people.get(recipient.personId);
  return person ? { email: person.email, firstName: person.firstName } : null;
}

/** The names and dates one item's text needs. */
function contextOf(reminder: Reminder, lookups: Lookups): ReminderContext {
  const { timeZone, people, snapshot } = lookups;
  const { program, match } = lookups.origins.get(reminder)!;
  const context: ReminderContext = { programId: program.id, programSlug: program.slug, programName: program.name };
  const firstName = (id: string) => people.get(id)?.firstName;

  if (match) {
    context.matchId = match.id;
    context.matchStartedOn = localDate(match.startedAt.getTime(), timeZone);
    if (reminder.recipient.role === "coordinator") {
      context.mentorFirstName = firstName(match.mentorApplicationId);
      context.menteeFirstName = firstName(match.menteeApplicationId);
    } else {
      context.partnerFirstName = firstName(reminder.recipient.personId === match.mentorApplicationId ? match.menteeApplicationId : match.mentorApplicationId);
    }
  }

  switch (reminder.kind) {
    case "checkin.due": {
      const last = match ? snapshot.lastCheckinAt.get(match.id) : undefined;
      context.lastMetOn = last === undefined ? null : localDate(last, timeZone);
      if (match) context.sinceOn = localDate(checkinClockStart(match.startedAt.getTime(), program.startsOn, timeZone), timeZone);
      context.cadenceDays = program.checkinCadenceDays;
      break;
    }
    case "goal.target_near": {
      const goal = snapshot.goals.get(reminder.subject.id);
      if (goal) {
        context.goalTitle = goal.title;
        context.targetOn = goal.targetOn ?? undefined;
      }
      break;
    }
    case "survey.open":
    case "survey.closing": {
      const key = reminder.subject.id.slice(program.id.length + 1);
      const survey = snapshot.states.get(program.id)?.schedule.find((candidate) => candidate.key === key);
      if (survey) {
        context.surveyTitle = surveyTitle(survey.key, survey.kind);
        context.closesOn = survey.closesOn;
      }
      break;
    }
    case "support.overdue": {
      if (!match) break;
      const programPolicy = snapshot.states.get(program.id)?.state.supportPolicy ?? SUPPORT_POLICIES.standard;
      const policy = pairSupportPolicy(programPolicy, snapshot.menteesWithGuardian.has(match.menteeApplicationId));
      const support = supportDueByParty(snapshot.supportContacts.get(match.id) ?? [], match.startedAt.getTime(), lookups.now, policy);
      context.lastContactOn = support.lastContactAt === null ? null : localDate(support.lastContactAt, timeZone);
      context.notReached = support.waitingOn;
      break;
    }
    case "program.starting":
      context.startsOn = program.startsOn ?? undefined;
      break;
    case "program.ending":
      context.endsOn = program.endsOn ?? undefined;
      break;
    case "self_match.unanswered": {
      const request = snapshot.requests.get(reminder.subject.id);
      if (request) {
        context.menteeFirstName = firstName(request.menteeApplicationId);
        // The last whole day to answer: the request lapses during the day after.
        context.expiresOn = localDate(request.expiresAt.getTime() - 1, timeZone);
      }
      break;
    }
    case "training.unfinished":
      context.trainingDueOn = snapshot.training.get(program.id)?.dueOn;
      break;
    case "agreement.unacknowledged":
      break;
  }
  return context;
}
