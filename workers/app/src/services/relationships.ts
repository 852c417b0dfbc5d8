/**
 * The mentoring relationship for coordinators (issue #6): each pair's health
 * and support rhythm in a list sorted by risk, one pair's whole story (never
 * a private reflection), support contacts, calls for help, closing a match,
 * and the program's survey calendar. Also the pieces the participant portal
 * shares: health inputs, closing, the first-meeting prompt.
 */
import { and, desc, eq, inArray, isNull, ne, or, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { schema } from "@tandem/db";
import { readableValue } from "@tandem/forms";
import { inSendBatches, type JobMessage } from "@tandem/jobs";
import { type EngineCriterion, resolveCriteria, resolveSettings, sharedGround } from "@tandem/programs";
import {
  CLOSE_REASON_LABELS as CLOSE_REASON_TEXT,
  checkinClockStart,
  localDate,
  type MatchHealth,
  matchHealth,
  type Pulse,
  resolveSurveySettings,
  sortByRisk,
  startOfLocalDay,
  pairSupportPolicy,
  supportContactAt,
  SUPPORT_PARTIES,
  SUPPORT_POLICIES,
  type SupportParty,
  supportDueByParty,
  type Survey,
  type SurveyQuestionKind,
  surveyQuestions,
  type SurveySettings,
  type SurveySettingsInput,
  surveySchedule,
  surveyTitle,
} from "@tandem/relationships";
import type { StaffRole } from "@tandem/tenancy";
import type { AuditEntry, TenantData } from "../data/tenant-data.js";
import { findUsersByIds } from "../data/users.js";
import { AppError } from "../errors.js";
import { findIn } from "./find-in.js";
import { findProgramBySlug, formsOf, type ProgramRow } from "./forms.js";

/** Audit actions that change an application's status: what a closure's "rematch" reads to undo its own "exit". */
const STATUS_CHANGES = [
  "application.withdrawn",
  "application.reinstated",
  "application.approved",
  "application.waitlisted",
  "application.rejected",
  "application.guardian_consented",
  "application.guardian_consent_withdrawn",
  "application.resubmitted",
];
import { matchClosedJob } from "./relationship-emails.js";

export type MatchRow = typeof schema.matches.$inferSelect;
export type ApplicationRow = typeof schema.applications.$inferSelect;
export type CheckinRow = typeof schema.checkins.$inferSelect;
export type GoalRow = typeof schema.matchGoals.$inferSelect;
type ResponseRow = typeof schema.surveyResponses.$inferSelect;
type ContactRow = typeof schema.supportContacts.$inferSelect;
export type CloseReason = (typeof schema.MATCH_CLOSE_REASONS)[number];
export type ClosedBy = (typeof schema.MATCH_CLOSED_BY)[number];
export type ParticipantRole = "mentor" | "mentee";

/** Why a match may close; `completed` is for a match that ran its course (coordinators and the program's end only). */
export const CLOSE_REASONS = schema.MATCH_CLOSE_REASONS;
export const MEETING_MODES = schema.MEETING_MODES;
export const GOAL_STATUSES = schema.GOAL_STATUSES;

/** The labels live with the pure relationship rules, so analytics and the console say the same. */
export const CLOSE_REASON_LABELS: Record<CloseReason, string> = CLOSE_REASON_TEXT;

export const MEETING_MODE_LABELS: Record<(typeof schema.MEETING_MODES)[number], string> = { in_person: "In person", video: "Video call", phone: "Phone call", chat: "Chat or messages" };

/** Who is asking, for the coordinator routes: coordinators see only the pairs of programs they run. */
export interface Staff {
  userId: string;
  role: StaffRole;
}

// ---------------------------------------------------------------- shared pieces

export function isoOrNull(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}

/** The program's relationship settings with the defaults filled in. */
export async function relationshipSettingsOf(tenantData: TenantData, programId: string) {
  const row = await tenantData.findOne(schema.programRelationshipSettings, eq(schema.programRelationshipSettings.programId, programId));
  return { stored: row?.surveys ?? {}, surveys: resolveSurveySettings(row?.surveys ?? {}), firstMeetingPrompt: row?.firstMeetingPrompt ?? "" };
}

/** The program's survey calendar (none without both dates). */
export function programSurveys(program: ProgramRow, surveys: SurveySettings): Survey[] {
  if (!program.startsOn || !program.endsOn) return [];
  return surveySchedule({ startsOn: program.startsOn, endsOn: program.endsOn, surveys });
}

/**
 * When the pair last met: the latest meeting date among their `met`
 * check-ins, at the start of that day where the institution is. The meeting's
 * own date rather than when it was logged, because health is about how often
 * the pair meets: a meeting logged days later, or an old one filled in
 * afterwards, must not look like a fresh one. (A one-click "We met" is dated
 * the day of the click.)
 */
export function lastMetAt(checkins: readonly Pick<CheckinRow, "outcome" | "meetingOn" | "createdAt">[], timeZone: string): number | null {
  let latest: number | null = null;
  for (const checkin of checkins) {
    if (checkin.outcome !== "met") continue;
    const at = checkin.meetingOn ? startOfLocalDay(checkin.meetingOn, timeZone) : checkin.createdAt.getTime();
    if (latest === null || at > latest) latest = at;
  }
  return latest;
}

/** Pulse answers for health: the 1–5 rating of either person's pulse, midpoint and final surveys (not the closure survey, which comes after). */
export function pulsesOf(match: MatchRow, responses: readonly ResponseRow[]): Pulse[] {
  return responses
    .filter((response) => response.matchId === match.id && response.surveyKey !== "closure" && response.rating !== null)
    .map((response) => ({ by: response.applicationId === match.mentorApplicationId ? ("mentor" as const) : ("mentee" as const), at: response.updatedAt.getTime(), score: response.rating! }));
}

/** A match's health now, or as it was when it closed; the clock starts as the reminders' does. */
export function healthOf(match: MatchRow, program: ProgramRow, timeZone: string, checkins: readonly CheckinRow[], responses: readonly ResponseRow[], now: number): MatchHealth {
  return matchHealth({
    startedAt: checkinClockStart(match.startedAt.getTime(), program.startsOn, timeZone),
    checkinCadenceDays: program.checkinCadenceDays,
    lastCheckinAt: lastMetAt(checkins, timeZone),
    pulses: pulsesOf(match, responses),
    now: match.closedAt ? Math.min(now, match.closedAt.getTime()) : now,
  });
}

/** Whether a pair's mentee has a guardian to keep in touch with: one consented (youth programs). */
export function menteeHasGuardian(mentee: Pick<ApplicationRow, "guardianConsentedAt"> | undefined): boolean {
  return Boolean(mentee?.guardianConsentedAt);
}

/**
 * The coordinator's contact rhythm with each of the pair (and in youth programs
 * the mentee's guardian): monthly, or in youth programs twice in the first month, then monthly.
 */
export function supportOf(match: MatchRow, program: ProgramRow, timeZone: string, contacts: readonly ContactRow[], now: number, mentee: ApplicationRow | undefined) {
  const lastContactOn = contacts.reduce<string | null>((latest, contact) => (latest === null || contact.contactedOn > latest ? contact.contactedOn : latest), null);
  const policy = pairSupportPolicy(program.guardianConsentUnderAge !== null ? SUPPORT_POLICIES.youth : SUPPORT_POLICIES.standard, menteeHasGuardian(mentee));
  const reached = contacts.map((contact) => ({ at: supportContactAt(contact.contactedOn, match.startedAt.getTime(), timeZone), parties: contact.parties }));
  const due = supportDueByParty(reached, match.startedAt.getTime(), now, policy);
  const open = match.status === "active";
  return { lastContactOn, due: open && due.due, dueOn: localDate(due.dueAt, timeZone), daysOverdue: open ? due.daysOverdue : 0, waitingOn: open ? due.waitingOn : [] };
}

/** What the pair has in common on the program's matching criteria, as people read it. */
export async function pairCommonGround(tenantData: TenantData, program: ProgramRow, match: MatchRow, mentor: ApplicationRow, mentee: ApplicationRow) {
  const forms = await formsOf(tenantData, program);
  const questions = new Map(forms.mentee.questions.map((question) => [question.key, question]));
  const run = match.matchingRunId ? await tenantData.findOne(schema.matchingRuns, eq(schema.matchingRuns.id, match.matchingRunId)) : null;
  // A run's pairs met on the criteria the run used; a self-match pair (no run) on the program's criteria as they are now.
  const criteria = run ? (((run.settings as { criteria?: EngineCriterion[] }).criteria ?? []) as EngineCriterion[]) : resolveCriteria(resolveSettings(program.matchingSettings), forms).criteria;
  return sharedGround(criteria, mentor.answers, mentee.answers, (key, value) => readableValue(questions.get(key), value));
}

/** The prompt for the pair's first meeting: the coordinator's, or one from what the two have in common. */
export async function firstMeetingPrompt(tenantData: TenantData, program: ProgramRow, match: MatchRow, mentor: ApplicationRow, mentee: ApplicationRow, stored: string): Promise<string> {
  if (stored.trim()) return stored;
  const common = await pairCommonGround(tenantData, program, match, mentor, mentee);
  const agree = `share what each of you hopes to get from ${program.name}, and agree when, where and how often you will meet.`;
  if (common.length === 0) return `Get to know each other: ${agree}`;
  const lines = common.map((item) => `${item.label.replace(/\?$/, "")}: ${item.values.join(", ")}`);
  return `Start with what you have in common (${lines.join("; ")}), then ${agree}`;
}

/** Goals as both people and coordinators see them. */
export function goalView(goal: GoalRow) {
  return {
    id: goal.id,
    title: goal.title,
    why: goal.why,
    targetOn: goal.targetOn,
    status: goal.status,
    progress: goal.progress,
    milestones: goal.milestones,
    createdAt: goal.createdAt.toISOString(),
    updatedAt: goal.updatedAt.toISOString(),
  };
}

/** A check-in without its private reflection: the only shape in which one leaves its author. */
export function sharedCheckin(checkin: CheckinRow) {
  return {
    id: checkin.id,
    outcome: checkin.outcome,
    meetingOn: checkin.meetingOn,
    durationMinutes: checkin.durationMinutes,
    mode: checkin.mode,
    topics: checkin.topics,
    sharedNote: checkin.sharedNote,
    rating: checkin.rating,
    source: checkin.source,
    createdAt: checkin.createdAt.toISOString(),
  };
}

/**
 * Closes an active match: the match and its closure (reason, note, who) in
 * one transaction, guarded so a match closed meanwhile stays as it was closed;
 * then both people's closure survey goes on the queue.
 */
export async function closeMatch(
  tenantData: TenantData,
  jobs: Queue<JobMessage>,
  matchId: string,
  closure: { reason: CloseReason; note: string; closedBy: ClosedBy },
  now = new Date(),
  procedure: ClosureProcedure = {},
): Promise<void> {
  await tenantData.transaction(async (txData) => {
    const match = await txData.findOne(schema.matches, eq(schema.matches.id, matchId));
    if (!match) throw AppError.notFound("There is no such match.");
    if (match.status !== "active") throw matchClosedError();
    // The closure conversation and next steps, when the coordinator records them with the close: after the close's upsert of the row.
    const relationship = await txData.findOne(schema.matchRelationships, eq(schema.matchRelationships.matchId, matchId));
    const recorded = await closureProcedureWrites(txData, match, relationship, procedure, now);
    await txData.write(
      [...closeStatements(txData, [matchId], closure, now), ...recorded.statements],
      [{ action: "match.closed", entityType: "match", entityId: matchId, before: { status: "active" }, after: { status: "closed", reason: closure.reason, closedBy: closure.closedBy } }, ...recorded.audit],
    );
  });
  // The closure survey: both people are emailed from the queue (`sendClosureSurveys`); the hourly sweep redoes a lost job.
  await jobs.send(matchClosedJob(tenantData.tenant.id, matchId, now.getTime()), { contentType: "json" });
}

// ---------------------------------------------------------------- the closure procedure (issue #8)

export const CLOSURE_NEXT_STEPS = schema.CLOSURE_NEXT_STEPS;
export type NextStep = (typeof schema.CLOSURE_NEXT_STEPS)[number];
type RelationshipRow = typeof schema.matchRelationships.$inferSelect;

/** What a coordinator records of a closure: the closing conversation, and each side's next step. */
export interface ClosureProcedure {
  closureConversationOn?: string;
  closureConversationNote?: string;
  mentorNextStep?: NextStep;
  menteeNextStep?: NextStep;
}
const PROCEDURE_FIELDS = ["closureConversationOn", "closureConversationNote", "mentorNextStep", "menteeNextStep"] as const;

/** The closure conversation can be neither in the future nor before the pair began. */
function checkConversationOn(tenantData: TenantData, match: MatchRow, procedure: ClosureProcedure, now: number): void {
  const on = procedure.closureConversationOn;
  if (on === undefined) return;
  const timeZone = tenantData.tenant.timezone;
  const today = localDate(now, timeZone);
  const startedOn = localDate(match.startedAt.getTime(), timeZone);
  if (on > today) throw AppError.validation([{ path: "body.closureConversationOn", message: `cannot be in the future (today is ${today})` }]);
  if (on < startedOn) throw AppError.validation([{ path: "body.closureConversationOn", message: `cannot be before the match started (${startedOn})` }]);
}

/**
 * The writes that record a closure procedure on a match (closing, or closed):
 * the changed fields on its relationship row, and each side's next step acted
 * on. `exit` withdraws that person's application unless they have another
 * active match; `rematch` leaves it approved, so a mentee waits in the
 * matching pool again (and a mentor's place is free). Changing an `exit` back
 * to `rematch` restores an application this closure withdrew. Audited.
 */
async function closureProcedureWrites(txData: TenantData, match: MatchRow, relationship: RelationshipRow | null, procedure: ClosureProcedure, now: Date) {
  const changed: Partial<Record<(typeof PROCEDURE_FIELDS)[number], string>> = {};
  for (const field of PROCEDURE_FIELDS) {
    const value = procedure[field];
    if (value !== undefined && value !== (relationship?.[field] ?? null)) changed[field] = value;
  }
  const statements: BatchItem<"sqlite">[] = [];
  const audit: AuditEntry[] = [];
  if (Object.keys(changed).length === 0) return { statements, audit };
  const set = { ...(changed as Partial<Pick<RelationshipRow, (typeof PROCEDURE_FIELDS)[number]>>), updatedAt: now };
  statements.push(
    txData.insert(schema.matchRelationships, { matchId: match.id, ...set }).onConflictDoUpdate({ target: [schema.matchRelationships.tenantId, schema.matchRelationships.matchId], set }),
  );
  audit.push({
    action: "match.closure_recorded",
    entityType: "match",
    entityId: match.id,
    before: Object.fromEntries(Object.keys(changed).map((field) => [field, relationship?.[field as keyof typeof changed] ?? null])),
    after: changed,
  });
  for (const side of ["mentor", "mentee"] as const) {
    const step = changed[`${side}NextStep`];
    if (!step) continue;
    const applicationId = side === "mentor" ? match.mentorApplicationId : match.menteeApplicationId;
    const application = await txData.findOne(schema.applications, eq(schema.applications.id, applicationId));
    if (!application) continue;
    if (step === "exit" && application.status !== "withdrawn") {
      const column = side === "mentor" ? schema.matches.mentorApplicationId : schema.matches.menteeApplicationId;
      const others = await txData.count(schema.matches, and(eq(column, applicationId), eq(schema.matches.status, "active"), ne(schema.matches.id, match.id))!);
      if (others > 0) continue;
      statements.push(txData.update(schema.applications, { status: "withdrawn", updatedAt: now }, eq(schema.applications.id, applicationId)));
      audit.push({ action: "application.withdrawn", entityType: "application", entityId: applicationId, before: { status: application.status }, after: { status: "withdrawn", reason: "closure_exit", matchId: match.id } });
    }
    if (step === "rematch" && application.status === "withdrawn") {
      // Only an application this closure withdrew comes back: one the person withdrew themselves stays withdrawn.
      // The newest change of the application's status (views and screening or training entries say nothing of it).
      const [latest] = await txData.find(schema.auditEvents, and(eq(schema.auditEvents.entityType, "application"), eq(schema.auditEvents.entityId, applicationId), inArray(schema.auditEvents.action, STATUS_CHANGES))!, {
        orderBy: [desc(schema.auditEvents.createdAt)],
        limit: 1,
      });
      const after = latest?.after ?? null;
      if (latest?.action !== "application.withdrawn" || after?.reason !== "closure_exit" || after.matchId !== match.id) continue;
      const status = (latest.before?.status as ApplicationRow["status"] | undefined) ?? "approved";
      statements.push(txData.update(schema.applications, { status, updatedAt: now }, eq(schema.applications.id, applicationId)));
      audit.push({ action: "application.reinstated", entityType: "application", entityId: applicationId, before: { status: "withdrawn" }, after: { status, reason: "closure_rematch", matchId: match.id } });
    }
  }
  return { statements, audit };
}

/** A closed match's closure as coordinators read it: how it closed, the conversation, next steps, and whether the procedure is complete. */
function closureView(match: MatchRow, relationship: RelationshipRow | null | undefined) {
  const conversationOn = relationship?.closureConversationOn ?? null;
  const mentorNextStep = relationship?.mentorNextStep ?? null;
  const menteeNextStep = relationship?.menteeNextStep ?? null;
  return {
    reason: relationship?.closeReason ?? null,
    reasonLabel: relationship?.closeReason ? CLOSE_REASON_LABELS[relationship.closeReason] : null,
    note: relationship?.closeNote ?? "",
    closedBy: relationship?.closedBy ?? null,
    closedAt: isoOrNull(match.closedAt),
    conversationOn,
    conversationNote: relationship?.closureConversationNote ?? "",
    mentorNextStep,
    menteeNextStep,
    surveySent: Boolean(relationship?.closureSurveySentAt),
    surveySentAt: isoOrNull(relationship?.closureSurveySentAt ?? null),
    complete: conversationOn !== null && mentorNextStep !== null && menteeNextStep !== null,
  };
}

/** Paused (a guardian withdrew consent) while active; null otherwise. */
function pausedView(match: MatchRow) {
  return match.status === "active" && match.pausedAt ? { since: match.pausedAt.toISOString(), reason: match.pauseReason ?? "guardian_consent_withdrawn" } : null;
}

export function matchClosedError(): AppError {
  return new AppError(409, "match-closed", "This match has been closed, so it cannot change any more. Closed matches are kept for the program's reports.");
}

/** The statements that close these (active) matches with one closure; for a transaction or one batch. */
export function closeStatements(tenantData: TenantData, matchIds: string[], closure: { reason: CloseReason; note: string; closedBy: ClosedBy }, now: Date) {
  const statements = [];
  for (let start = 0; start < matchIds.length; start += 100) {
    const chunk = matchIds.slice(start, start + 100);
    statements.push(
      tenantData.update(schema.matches, { status: "closed", closedAt: now }, and(inArray(schema.matches.id, chunk), eq(schema.matches.status, "active"))!),
      tenantData
        .insert(schema.matchRelationships, chunk.map((matchId) => ({ matchId, closeReason: closure.reason, closeNote: closure.note, closedBy: closure.closedBy, updatedAt: now })))
        .onConflictDoUpdate({
          target: [schema.matchRelationships.tenantId, schema.matchRelationships.matchId],
          set: { closeReason: closure.reason, closeNote: closure.note, closedBy: closure.closedBy, updatedAt: now },
        }),
    );
  }
  return statements;
}

/**
 * A program ends: in one transaction its status becomes `closed` and every
 * active match closes as `completed` by the system; then both people of each
 * get the closure survey from the queue.
 */
export async function closeProgramWithMatches(tenantData: TenantData, jobs: Queue<JobMessage> | undefined, program: ProgramRow, audit: AuditEntry, now = new Date()): Promise<number> {
  const closed = await tenantData.transaction(async (txData) => {
    // Checked again inside the transaction: two coordinators closing at once close the matches once.
    const current = await txData.findOne(schema.programs, eq(schema.programs.id, program.id));
    if (current?.status !== program.status) throw new AppError(409, "program-changed", "This program's status changed a moment ago. Reload it and try again.");
    const active = await txData.find(schema.matches, and(eq(schema.matches.programId, program.id), eq(schema.matches.status, "active"))!);
    const ids = active.map((match) => match.id);
    await txData.write(
      [
        txData.update(schema.programs, { status: "closed", updatedAt: now }, eq(schema.programs.id, program.id)),
        ...closeStatements(txData, ids, { reason: "completed", note: "", closedBy: "system" }, now),
      ],
      // One audit row for them all: a transaction runs its statements one by one, and a large program has hundreds of matches.
      [{ ...audit, after: { ...audit.after, matchesCompleted: ids.length } }, ...(ids.length > 0 ? [{ action: "program.matches_completed", entityType: "program", entityId: program.id, after: { reason: "completed", closedBy: "system", matchIds: ids } }] : [])],
    );
    return ids;
  });
  if (jobs) {
    for (const batch of inSendBatches(closed.map((id) => matchClosedJob(tenantData.tenant.id, id, now.getTime())))) {
      await jobs.sendBatch(batch.map((body) => ({ body, contentType: "json" as const })));
    }
  }
  return closed.length;
}

// ---------------------------------------------------------------- coordinators

/** A match the staff member may see: of a program they run (owners and admins run all). Anything else is absent. */
async function matchForStaff(tenantData: TenantData, staff: Staff, matchId: string): Promise<{ match: MatchRow; program: ProgramRow }> {
  const notFound = AppError.notFound("There is no such match.");
  const match = await tenantData.findOne(schema.matches, eq(schema.matches.id, matchId));
  if (!match) throw notFound;
  const program = await tenantData.findOne(schema.programs, eq(schema.programs.id, match.programId));
  if (!program) throw notFound;
  if (staff.role === "coordinator") {
    const runs = await tenantData.count(schema.programCoordinators, and(eq(schema.programCoordinators.programId, program.id), eq(schema.programCoordinators.userId, staff.userId))!);
    if (runs === 0) throw notFound;
  }
  return { match, program };
}

const person = (application: ApplicationRow | undefined) => ({ id: application?.id ?? "", firstName: application?.firstName ?? "", lastName: application?.lastName ?? "" });

/**
 * The program's pairs with their health, support rhythm, calls for help,
 * agreement and goals, most at risk first (active), or most recently closed
 * first (closed). Counts cover the whole program.
 */
export async function listRelationships(tenantData: TenantData, programSlug: string, status: "active" | "closed" = "active", now = Date.now()) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const timeZone = tenantData.tenant.timezone;
  const all = await tenantData.find(schema.matches, eq(schema.matches.programId, program.id));
  const ids = all.map((match) => match.id);
  // A constant number of rounds whatever the program's size: each table read once, in parallel chunks of ids.
  // Of the check-ins, only what the list reads: each pair's latest meeting and its open calls for help
  // (not a whole program's history of notes and private reflections).
  const [checkins, responses, contacts, relationships, goals, people] = await Promise.all([
    findIn(tenantData, schema.checkins, schema.checkins.matchId, ids, or(and(eq(schema.checkins.outcome, "met"), latestMeeting), and(eq(schema.checkins.outcome, "need_help"), isNull(schema.checkins.resolvedAt)))),
    tenantData.find(schema.surveyResponses, eq(schema.surveyResponses.programId, program.id)),
    findIn(tenantData, schema.supportContacts, schema.supportContacts.matchId, ids),
    findIn(tenantData, schema.matchRelationships, schema.matchRelationships.matchId, ids),
    findIn(tenantData, schema.matchGoals, schema.matchGoals.matchId, ids),
    findPeople(tenantData, all),
  ]);
  const grouped = <R extends { matchId: string }>(rows: R[]) => {
    const map = new Map<string, R[]>();
    for (const row of rows) {
      const list = map.get(row.matchId);
      if (list) list.push(row);
      else map.set(row.matchId, [row]);
    }
    return (id: string) => map.get(id) ?? [];
  };
  const checkinsOf = grouped(checkins);
  const responsesOf = grouped(responses);
  const contactsOf = grouped(contacts);
  const goalsOf = grouped(goals);
  const relationshipOf = new Map(relationships.map((row) => [row.matchId, row]));

  const rows = all.map((match) => {
    const matchCheckins = checkinsOf(match.id);
    const health = healthOf(match, program, timeZone, matchCheckins, responsesOf(match.id), now);
    const met = lastMetAt(matchCheckins, timeZone);
    const relationship = relationshipOf.get(match.id);
    const matchGoals = goalsOf(match.id);
    const view = {
      id: match.id,
      status: match.status,
      startedAt: match.startedAt.toISOString(),
      closedAt: isoOrNull(match.closedAt),
      closeReason: relationship?.closeReason ?? null,
      /** For a closed pair: whether the closure conversation and both next steps are recorded. */
      closureComplete: match.status === "closed" ? Boolean(relationship?.closureConversationOn && relationship.mentorNextStep && relationship.menteeNextStep) : null,
      paused: pausedView(match),
      mentor: person(people.get(match.mentorApplicationId)),
      mentee: person(people.get(match.menteeApplicationId)),
      health: { status: health.status, reasons: health.reasons.map(({ code, message }) => ({ code, message })), daysSinceCheckin: met === null ? null : health.daysSinceCheckin },
      lastCheckinAt: met === null ? null : new Date(met).toISOString(),
      lastCheckinOn: met === null ? null : localDate(met, timeZone),
      openHelpRequests: matchCheckins.filter((checkin) => checkin.outcome === "need_help" && !checkin.resolvedAt).length,
      support: supportOf(match, program, timeZone, contactsOf(match.id), now, people.get(match.menteeApplicationId)),
      agreement: { mentor: Boolean(relationship?.mentorAcknowledgedAt), mentee: Boolean(relationship?.menteeAcknowledgedAt) },
      goals: { open: matchGoals.filter((goal) => goal.status === "open").length, achieved: matchGoals.filter((goal) => goal.status === "achieved").length },
    };
    // `sortByRisk` ranks by the full health (days overdue too); the view carries the part people read.
    return { id: match.id, health, view };
  });
  const active = rows.filter((row) => row.view.status === "active");
  const closed = rows.filter((row) => row.view.status === "closed").map((row) => row.view);
  closed.sort((a, b) => (a.closedAt! < b.closedAt! ? 1 : a.closedAt! > b.closedAt! ? -1 : 0));
  const activeViews = active.map((row) => row.view);
  const counts = {
    on_track: activeViews.filter((row) => row.health.status === "on_track").length,
    needs_attention: activeViews.filter((row) => row.health.status === "needs_attention").length,
    at_risk: activeViews.filter((row) => row.health.status === "at_risk").length,
    closed: closed.length,
    supportOverdue: activeViews.filter((row) => row.support.due).length,
    helpRequested: activeViews.filter((row) => row.openHelpRequests > 0).length,
    paused: activeViews.filter((row) => row.paused !== null).length,
  };
  return {
    program: { slug: program.slug, name: program.name, checkinCadenceDays: program.checkinCadenceDays },
    counts,
    matches: status === "active" ? sortByRisk(active).map((row) => row.view) : closed,
  };
}

async function findPeople(tenantData: TenantData, matches: readonly MatchRow[]): Promise<Map<string, ApplicationRow>> {
  const rows = await findIn(tenantData, schema.applications, schema.applications.id, matches.flatMap((match) => [match.mentorApplicationId, match.menteeApplicationId]));
  return new Map(rows.map((row) => [row.id, row]));
}

/** A `met` check-in with no later meeting of its pair (same-day ties kept; `lastMetAt` takes the latest). */
const latestMeeting: SQL = sql`NOT EXISTS (SELECT 1 FROM ${schema.checkins} AS later WHERE later.tenant_id = ${schema.checkins.tenantId} AND later.match_id = ${schema.checkins.matchId} AND later.outcome = 'met' AND later.meeting_on > ${schema.checkins.meetingOn})`;

/** Answers as a coordinator reads them: each question's label and a readable value, in question order. */
function readableSurvey(kind: SurveyQuestionKind, role: ParticipantRole, answers: Record<string, unknown>) {
  const questions = surveyQuestions(kind, role);
  const known = questions.filter((question) => question.key in answers).map((question) => ({ key: question.key, label: question.label, value: readableValue(question, answers[question.key]) }));
  const extra = Object.keys(answers)
    .filter((key) => !questions.some((question) => question.key === key))
    .map((key) => ({ key, label: key.replace(/_/g, " "), value: readableValue(undefined, answers[key]) }));
  return [...known, ...extra];
}

export function surveyKindOf(key: string): SurveyQuestionKind {
  return key === "closure" ? "closure" : key === "midpoint" ? "midpoint" : key === "final" ? "final" : "pulse";
}

/** One pair for a coordinator: people, health, support, agreement, goals, check-ins (never a private reflection), survey answers and closure. */
export async function getMatchDetail(tenantData: TenantData, staff: Staff, matchId: string, now = Date.now()) {
  const { match, program } = await matchForStaff(tenantData, staff, matchId);
  const timeZone = tenantData.tenant.timezone;
  const [people, relationship, settings, goals, checkins, responses, contacts] = await Promise.all([
    findPeople(tenantData, [match]),
    tenantData.findOne(schema.matchRelationships, eq(schema.matchRelationships.matchId, match.id)),
    relationshipSettingsOf(tenantData, program.id),
    tenantData.find(schema.matchGoals, eq(schema.matchGoals.matchId, match.id), { orderBy: [schema.matchGoals.createdAt] }),
    tenantData.find(schema.checkins, eq(schema.checkins.matchId, match.id), { orderBy: [desc(schema.checkins.createdAt)] }),
    tenantData.find(schema.surveyResponses, eq(schema.surveyResponses.matchId, match.id), { orderBy: [schema.surveyResponses.createdAt] }),
    tenantData.find(schema.supportContacts, eq(schema.supportContacts.matchId, match.id), { orderBy: [desc(schema.supportContacts.contactedOn), desc(schema.supportContacts.createdAt)] }),
  ]);
  const mentor = people.get(match.mentorApplicationId)!;
  const mentee = people.get(match.menteeApplicationId)!;
  const health = healthOf(match, program, timeZone, checkins, responses, now);
  const met = lastMetAt(checkins, timeZone);
  const roleOf = (applicationId: string): ParticipantRole => (applicationId === match.mentorApplicationId ? "mentor" : "mentee");
  const authors = new Map((await findUsersByIds(tenantData.db, [...new Set(contacts.flatMap((contact) => (contact.userId ? [contact.userId] : [])))])).map((user) => [user.id, user]));
  const contactPerson = (application: ApplicationRow) => ({ id: application.id, firstName: application.firstName, lastName: application.lastName, email: application.email });
  return {
    match: {
      id: match.id,
      status: match.status,
      source: match.source,
      startedAt: match.startedAt.toISOString(),
      closedAt: isoOrNull(match.closedAt),
      meetingUrl: relationship?.meetingUrl ?? null,
    },
    paused: pausedView(match),
    program: { slug: program.slug, name: program.name, checkinCadenceDays: program.checkinCadenceDays, youth: program.guardianConsentUnderAge !== null },
    mentor: contactPerson(mentor),
    mentee: contactPerson(mentee),
    health: { status: health.status, reasons: health.reasons.map(({ code, message }) => ({ code, message })), daysSinceCheckin: met === null ? null : health.daysSinceCheckin },
    lastCheckinAt: met === null ? null : new Date(met).toISOString(),
    support: {
      ...supportOf(match, program, timeZone, contacts, now, mentee),
      contacts: contacts.map((contact) => ({
        id: contact.id,
        contactedOn: contact.contactedOn,
        note: contact.note,
        parties: contact.parties,
        by: contact.userId && authors.get(contact.userId) ? { name: authors.get(contact.userId)!.name } : null,
        createdAt: contact.createdAt.toISOString(),
      })),
    },
    agreement: {
      mentorAcknowledgedAt: isoOrNull(relationship?.mentorAcknowledgedAt),
      menteeAcknowledgedAt: isoOrNull(relationship?.menteeAcknowledgedAt),
      firstMeetingPrompt: await firstMeetingPrompt(tenantData, program, match, mentor, mentee, settings.firstMeetingPrompt),
    },
    goals: goals.map(goalView),
    checkins: checkins.map((checkin) => ({ ...sharedCheckin(checkin), author: roleOf(checkin.authorApplicationId), resolvedAt: isoOrNull(checkin.resolvedAt) })),
    surveys: responses.map((response) => {
      const kind = surveyKindOf(response.surveyKey);
      const by = roleOf(response.applicationId);
      return {
        key: response.surveyKey,
        kind,
        title: surveyTitle(response.surveyKey, kind),
        by,
        rating: response.rating,
        answers: response.answers,
        answerList: readableSurvey(kind, by, response.answers),
        updatedAt: response.updatedAt.toISOString(),
      };
    }),
    closure: match.status === "closed" ? closureView(match, relationship) : null,
    closeReasons: Object.entries(CLOSE_REASON_LABELS).map(([value, label]) => ({ value, label })),
  };
}

/**
 * A coordinator logs a contact with the pair: a date, who they reached
 * (mentor, mentee, and in youth programs the guardian; both people when a
 * client does not say) and a note.
 */
export async function addSupportContact(tenantData: TenantData, staff: Staff, matchId: string, input: { contactedOn: string; note: string; parties?: SupportParty[] }, now = Date.now()) {
  const { match, program } = await matchForStaff(tenantData, staff, matchId);
  if (match.status !== "active") throw matchClosedError();
  const timeZone = tenantData.tenant.timezone;
  const today = localDate(now, timeZone);
  const startedOn = localDate(match.startedAt.getTime(), timeZone);
  const problems = [];
  if (input.contactedOn > today) problems.push({ path: "body.contactedOn", message: `cannot be in the future (today is ${today})` });
  else if (input.contactedOn < startedOn) problems.push({ path: "body.contactedOn", message: `cannot be before the match started (${startedOn})` });
  const asked = new Set<SupportParty>(input.parties ?? ["mentor", "mentee"]);
  if (asked.has("guardian") && program.guardianConsentUnderAge === null) problems.push({ path: "body.parties", message: "guardian is only for youth programs, where a guardian consents" });
  if (problems.length > 0) throw AppError.validation(problems);
  const parties = SUPPORT_PARTIES.filter((party) => asked.has(party));
  const contact = { id: crypto.randomUUID(), matchId: match.id, userId: staff.userId, contactedOn: input.contactedOn, note: input.note, parties };
  await tenantData.write([tenantData.insert(schema.supportContacts, contact)], [{ action: "match.support_contact_logged", entityType: "match", entityId: match.id, after: { contactId: contact.id, contactedOn: contact.contactedOn, parties } }]);
  const saved = (await tenantData.findOne(schema.supportContacts, eq(schema.supportContacts.id, contact.id)))!;
  return { contact: { id: saved.id, contactedOn: saved.contactedOn, note: saved.note, parties: saved.parties, createdAt: saved.createdAt.toISOString() } };
}

/** A coordinator marks a pair's "We need help" handled. Doing it twice changes nothing. */
export async function resolveHelpRequest(tenantData: TenantData, staff: Staff, matchId: string, checkinId: string) {
  const { match } = await matchForStaff(tenantData, staff, matchId);
  const checkin = await tenantData.findOne(schema.checkins, and(eq(schema.checkins.id, checkinId), eq(schema.checkins.matchId, match.id), eq(schema.checkins.outcome, "need_help"))!);
  if (!checkin) throw AppError.notFound("This pair has no such request for help.");
  if (!checkin.resolvedAt) {
    const resolvedAt = new Date();
    await tenantData.write(
      [tenantData.update(schema.checkins, { resolvedAt }, eq(schema.checkins.id, checkin.id))],
      [{ action: "match.help_resolved", entityType: "checkin", entityId: checkin.id, after: { matchId: match.id, resolvedAt: resolvedAt.toISOString() } }],
    );
    checkin.resolvedAt = resolvedAt;
  }
  return { checkin: { ...sharedCheckin(checkin), author: checkin.authorApplicationId === match.mentorApplicationId ? "mentor" : "mentee", resolvedAt: isoOrNull(checkin.resolvedAt) } };
}

/**
 * A coordinator closes a match (early, or as completed); both people get the
 * closure survey. The closure conversation and each side's next step may be
 * recorded with it, or later with `recordClosure`.
 */
export async function closeMatchAsStaff(tenantData: TenantData, jobs: Queue<JobMessage>, staff: Staff, matchId: string, input: { reason: CloseReason; note: string } & ClosureProcedure, now = new Date()) {
  const { match } = await matchForStaff(tenantData, staff, matchId);
  const { reason, note, ...procedure } = input;
  checkConversationOn(tenantData, match, procedure, now.getTime());
  await closeMatch(tenantData, jobs, match.id, { reason, note, closedBy: "coordinator" }, now, procedure);
  return getMatchDetail(tenantData, staff, matchId);
}

/** Records or completes the closure procedure of a closed match (what is left out stays); an active match is 409. */
export async function recordClosure(tenantData: TenantData, staff: Staff, matchId: string, input: ClosureProcedure, now = new Date()) {
  const found = await matchForStaff(tenantData, staff, matchId);
  checkConversationOn(tenantData, found.match, input, now.getTime());
  await tenantData.transaction(async (txData) => {
    const match = await txData.findOne(schema.matches, eq(schema.matches.id, matchId));
    if (!match) throw AppError.notFound("There is no such match.");
    if (match.status !== "closed") throw new AppError(409, "match-not-closed", "This match is still running. Close it first; then record the closure conversation and next steps.");
    const relationship = await txData.findOne(schema.matchRelationships, eq(schema.matchRelationships.matchId, match.id));
    const { statements, audit } = await closureProcedureWrites(txData, match, relationship, input, now);
    await txData.write(statements, audit);
  });
  return getMatchDetail(tenantData, staff, matchId);
}

/** The program's survey settings (defaults filled in), the calendar they give, and the first-meeting prompt. */
export async function getRelationshipSettings(tenantData: TenantData, programSlug: string) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const settings = await relationshipSettingsOf(tenantData, program.id);
  return {
    surveys: settings.surveys,
    firstMeetingPrompt: settings.firstMeetingPrompt,
    /** The surveys these settings give the program's dates (empty until the program has both dates). */
    schedule: programSurveys(program, settings.surveys).map((survey) => ({ ...survey, title: surveyTitle(survey.key, survey.kind) })),
    defaults: resolveSurveySettings({}),
  };
}

/** Saves the survey settings (those given replace the stored ones; the defaults fill the rest) and the first-meeting prompt. */
export async function saveRelationshipSettings(tenantData: TenantData, programSlug: string, input: { surveys?: SurveySettingsInput; firstMeetingPrompt?: string }) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const before = await relationshipSettingsOf(tenantData, program.id);
  const surveys = input.surveys === undefined ? before.stored : (Object.fromEntries(Object.entries(input.surveys).filter(([, value]) => value !== undefined)) as Record<string, unknown>);
  const firstMeetingPrompt = input.firstMeetingPrompt ?? before.firstMeetingPrompt;
  await tenantData.write(
    [
      tenantData
        .insert(schema.programRelationshipSettings, { programId: program.id, surveys, firstMeetingPrompt })
        .onConflictDoUpdate({ target: [schema.programRelationshipSettings.tenantId, schema.programRelationshipSettings.programId], set: { surveys, firstMeetingPrompt, updatedAt: new Date() } }),
    ],
    [{ action: "program.relationship_settings_saved", entityType: "program", entityId: program.id, before: { surveys: before.stored, firstMeetingPrompt: before.firstMeetingPrompt }, after: { surveys, firstMeetingPrompt } }],
  );
  return getRelationshipSettings(tenantData, programSlug);
}
