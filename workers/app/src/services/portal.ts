/**
 * The participant portal (issue #6): one person's view of one match, without
 * an account, proven by a signed portal token (see signed-links.ts). The
 * agreement, goals, check-ins, surveys, the meeting link and invite, closing,
 * and which reminders they get. A private reflection never leaves its author.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";
import type { JobMessage } from "@tandem/jobs";
import { normaliseEmail, type RateLimitPolicy } from "@tandem/rate-limit";
import {
  checkinClockStart,
  closureSurvey,
  DAY_MS,
  localDate,
  meetingIcs,
  openSurvey,
  REMINDER_KIND_LABELS,
  REMINDER_KINDS,
  type ReminderKind,
  UNSUBSCRIBE_ALL,
  surveyAnswersSchema,
  type SurveyQuestionKind,
  surveyQuestions,
  surveyRating,
  surveyTitle,
} from "@tandem/relationships";
import * as v from "valibot";
import type { AppConfig } from "../config.js";
import type { TenantData } from "../data/tenant-data.js";
import type { Mailer } from "../email/mailer.js";
import { AppError, fieldErrors } from "../errors.js";
import { describeError, log } from "../log.js";
import type { ProgramRow } from "./forms.js";
import { tenantDataForPublic } from "./public-tenant.js";
import { enforceRateLimits } from "./rate-limits.js";
import { emailPortalLinks } from "./relationship-emails.js";
import {
  type ApplicationRow,
  CLOSE_REASON_LABELS,
  type CloseReason,
  closeMatch,
  firstMeetingPrompt,
  type GoalRow,
  goalView,
  isoOrNull,
  lastMetAt,
  type MatchRow,
  matchClosedError,
  MEETING_MODE_LABELS,
  type ParticipantRole,
  programSurveys,
  relationshipSettingsOf,
  sharedCheckin,
  surveyKindOf,
} from "./relationships.js";
import { safeguardingSettingsOf } from "./safeguarding.js";
import { readPortalToken } from "./signed-links.js";

/** One person's portal session: who they are, in which match, as the token proves. */
export interface Portal {
  tenantData: TenantData;
  match: MatchRow;
  program: ProgramRow;
  me: ApplicationRow;
  partner: ApplicationRow;
  role: ParticipantRole;
}

const NEW_LINK = "Ask for a new link: enter your email address on the portal page and we will email you a fresh one.";

/**
 * Opens the portal for a token at the institution at `slug`. A bad or expired
 * token is 401 (the page then offers to email a new link); a token of another
 * institution is as good as absent (404).
 */
export async function openPortal(db: Database, config: AppConfig, slug: string, token: string | null, requestId: string, now = Date.now()): Promise<Portal> {
  const tenantData = await tenantDataForPublic(db, slug, requestId);
  const check = token ? await readPortalToken(config.authSecret, token, now) : ({ ok: false, reason: "invalid" } as const);
  if (!check.ok) {
    throw check.reason === "expired"
      ? new AppError(401, "portal-link-expired", `This link to your mentoring space has expired: links work for 30 days. ${NEW_LINK}`)
      : new AppError(401, "portal-link-invalid", `This link to your mentoring space is not valid (it may be incomplete). ${NEW_LINK}`);
  }
  const { grant } = check;
  const notFound = AppError.notFound("There is no such mentoring match here.");
  if (grant.tenantId !== tenantData.tenant.id) throw notFound;
  const match = await tenantData.findOne(schema.matches, eq(schema.matches.id, grant.matchId));
  if (!match || (match.mentorApplicationId !== grant.applicationId && match.menteeApplicationId !== grant.applicationId)) throw notFound;
  const role: ParticipantRole = match.mentorApplicationId === grant.applicationId ? "mentor" : "mentee";
  const [program, me, partner] = await Promise.all([
    tenantData.findOne(schema.programs, eq(schema.programs.id, match.programId)),
    tenantData.findOne(schema.applications, eq(schema.applications.id, grant.applicationId)),
    tenantData.findOne(schema.applications, eq(schema.applications.id, role === "mentor" ? match.menteeApplicationId : match.mentorApplicationId)),
  ]);
  if (!program || !me || !partner) throw notFound;
  return { tenantData, match, program, me, partner, role };
}

/** A paused match (a guardian withdrew consent) takes nothing new until the coordinator resumes it. */
export function matchPausedError(): AppError {
  return new AppError(409, "match-paused", "This match is paused while the program's coordinator follows up. Nothing can be added until it resumes.");
}

/** Whether the match is running: not closed (409 match-closed) and not paused (409 match-paused). */
export function assertRunning(match: Pick<MatchRow, "status" | "pausedAt">): void {
  if (match.status !== "active") throw matchClosedError();
  if (match.pausedAt) throw matchPausedError();
}

function assertActive(portal: Portal): void {
  assertRunning(portal.match);
}

/**
 * Whether `viewer` sees the partner's email. Outside youth programs, yes: the
 * pair is approved. In a youth program, as the coordinator chose for that side
 * in the program's safeguarding settings (by default, names only).
 */
export async function seesPartnerEmail(tenantData: TenantData, program: ProgramRow, viewer: ParticipantRole): Promise<boolean> {
  if (program.guardianConsentUnderAge === null) return true;
  const settings = await safeguardingSettingsOf(tenantData, program.id);
  return (viewer === "mentor" ? settings.mentorSees : settings.menteeSees) === "name_and_email";
}

// ---------------------------------------------------------------- the view

/** The survey this person can answer today: the open one of the program's calendar (for a pair matched by its first day), or after closure the closure survey. */
function currentSurvey(portal: Portal, surveys: ReturnType<typeof programSurveys>, today: string): { key: string; kind: SurveyQuestionKind; opensOn: string; closesOn: string } | null {
  const { match, tenantData } = portal;
  if (match.status === "closed") {
    const closure = closureSurvey(localDate(match.closedAt!.getTime(), tenantData.tenant.timezone));
    return today <= closure.closesOn ? closure : null;
  }
  const open = openSurvey(surveys, today);
  // As the reminders do: a pair matched after a survey opened is not asked how it is going yet.
  return open && localDate(match.startedAt.getTime(), tenantData.tenant.timezone) <= open.opensOn ? open : null;
}

/** Kinds of reminder a participant can get, named as the unsubscribe page names them; only mentors hear about unanswered self-match requests. */
function reminderKindsFor(role: ParticipantRole): { value: ReminderKind; label: string }[] {
  return REMINDER_KINDS.filter((kind) => kind !== "support.overdue" && ((kind !== "self_match.unanswered" && kind !== "training.unfinished") || role === "mentor")).map((kind) => {
    const label = REMINDER_KIND_LABELS[kind];
    return { value: kind, label: label.charAt(0).toUpperCase() + label.slice(1) };
  });
}

export function checkinFor(portal: Portal, checkin: typeof schema.checkins.$inferSelect) {
  const mine = checkin.authorApplicationId === portal.me.id;
  // The private reflection is its author's alone: the key is absent from anyone else's view.
  return { ...sharedCheckin(checkin), author: mine ? ("me" as const) : ("partner" as const), ...(mine ? { privateReflection: checkin.privateReflection } : {}) };
}

/** Everything the portal page shows, as one body. */
export async function portalView(portal: Portal, now = Date.now()) {
  const { tenantData, match, program, me, partner, role } = portal;
  const timeZone = tenantData.tenant.timezone;
  const today = localDate(now, timeZone);
  const [institution, relationship, settings, goals, checkins, showEmail] = await Promise.all([
    tenantData.settings(),
    tenantData.findOne(schema.matchRelationships, eq(schema.matchRelationships.matchId, match.id)),
    relationshipSettingsOf(tenantData, program.id),
    tenantData.find(schema.matchGoals, eq(schema.matchGoals.matchId, match.id), { orderBy: [schema.matchGoals.createdAt] }),
    tenantData.find(schema.checkins, eq(schema.checkins.matchId, match.id), { orderBy: [desc(schema.checkins.createdAt)] }),
    seesPartnerEmail(tenantData, program, role),
  ]);
  const mentor = role === "mentor" ? me : partner;
  const mentee = role === "mentor" ? partner : me;
  const survey = currentSurvey(portal, programSurveys(program, settings.surveys), today);
  const response = survey
    ? await tenantData.findOne(schema.surveyResponses, and(eq(schema.surveyResponses.matchId, match.id), eq(schema.surveyResponses.applicationId, me.id), eq(schema.surveyResponses.surveyKey, survey.key))!)
    : null;
  const myAck = role === "mentor" ? relationship?.mentorAcknowledgedAt : relationship?.menteeAcknowledgedAt;
  const partnerAck = role === "mentor" ? relationship?.menteeAcknowledgedAt : relationship?.mentorAcknowledgedAt;
  const clock = lastMetAt(checkins, timeZone) ?? checkinClockStart(match.startedAt.getTime(), program.startsOn, timeZone);
  return {
    institution: { name: institution?.name ?? tenantData.tenant.name, brandColor: institution?.brandColor ?? "#0b6e4f", logoUrl: institution?.logoUrl ?? null },
    me: { applicationId: me.id, role, firstName: me.firstName },
    program: { name: program.name, slug: program.slug, startsOn: program.startsOn, endsOn: program.endsOn, checkinCadenceDays: program.checkinCadenceDays, expectations: program.expectations },
    match: {
      id: match.id,
      status: match.status,
      startedAt: match.startedAt.toISOString(),
      closedAt: isoOrNull(match.closedAt),
      closeReason: match.status === "closed" ? (relationship?.closeReason ?? null) : null,
      // While paused (consent withdrawn) the pair has no way to reach each other through Tandem.
      meetingUrl: match.pausedAt ? null : (relationship?.meetingUrl ?? null),
      // In youth programs contact goes through the coordinator, unless the program lets this side see the email.
      partner: { firstName: partner.firstName, lastName: partner.lastName, email: showEmail && !match.pausedAt ? partner.email : null },
      /** While a guardian's consent is withdrawn: since when, and why; nothing can be added until it resumes. */
      paused: match.status === "active" && match.pausedAt ? { since: match.pausedAt.toISOString(), reason: match.pauseReason ?? "guardian_consent_withdrawn" } : null,
    },
    agreement: {
      expectations: program.expectations,
      firstMeetingPrompt: await firstMeetingPrompt(tenantData, program, match, mentor, mentee, settings.firstMeetingPrompt),
      acknowledgedByMe: Boolean(myAck),
      acknowledgedAt: isoOrNull(myAck),
      partnerAcknowledged: Boolean(partnerAck),
    },
    goals: goals.map(goalView),
    checkins: checkins.map((checkin) => checkinFor(portal, checkin)),
    survey: survey
      ? {
          key: survey.key,
          kind: survey.kind,
          title: surveyTitle(survey.key, survey.kind),
          opensOn: survey.opensOn,
          closesOn: survey.closesOn,
          questions: surveyQuestions(survey.kind, role),
          response: response ? { answers: response.answers, updatedAt: response.updatedAt.toISOString() } : null,
        }
      : null,
    nextCheckinDueOn: match.status === "active" ? localDate(clock + program.checkinCadenceDays * DAY_MS, timeZone) : null,
    /** Today where the institution is: the date a meeting may be logged up to (the reader's own calendar may be a day off). */
    today,
    closeReasons: Object.entries(CLOSE_REASON_LABELS)
      .filter(([value]) => value !== "completed")
      .map(([value, label]) => ({ value, label })),
    meetingModes: Object.entries(MEETING_MODE_LABELS).map(([value, label]) => ({ value, label })),
  };
}

// ---------------------------------------------------------------- the agreement

/** Acknowledges the program's expectations and the first-meeting prompt; the first acknowledgement's time stays. */
export async function acknowledgeAgreement(portal: Portal) {
  assertActive(portal);
  const { tenantData, match, role } = portal;
  const relationship = await tenantData.findOne(schema.matchRelationships, eq(schema.matchRelationships.matchId, match.id));
  const already = role === "mentor" ? relationship?.mentorAcknowledgedAt : relationship?.menteeAcknowledgedAt;
  if (!already) {
    const now = new Date();
    const ack = role === "mentor" ? { mentorAcknowledgedAt: now } : { menteeAcknowledgedAt: now };
    const column = role === "mentor" ? schema.matchRelationships.mentorAcknowledgedAt : schema.matchRelationships.menteeAcknowledgedAt;
    await tenantData.write(
      [
        tenantData
          .insert(schema.matchRelationships, { matchId: match.id, ...ack })
          // Set only while still unset: two clicks at once keep the first time.
          .onConflictDoUpdate({ target: [schema.matchRelationships.tenantId, schema.matchRelationships.matchId], set: { ...ack, updatedAt: now }, setWhere: isNull(column) }),
      ],
      [{ action: "match.agreement_acknowledged", entityType: "match", entityId: match.id, after: { by: role, at: now.toISOString() } }],
    );
  }
  return portalView(portal);
}

// ---------------------------------------------------------------- goals

export interface GoalInput {
  title: string;
  why?: string;
  targetOn?: string | null;
  milestones?: { title: string }[];
}

export interface GoalChanges {
  title?: string;
  why?: string;
  targetOn?: string | null;
  progress?: number;
  status?: "open" | "achieved" | "dropped";
  milestones?: { id?: string; title: string; done: boolean }[];
}

/** A pair sets itself this many goals at most: enough for any plan, and the page stays readable. */
export const MAX_GOALS = 20;

export async function createGoal(portal: Portal, input: GoalInput) {
  assertActive(portal);
  const { tenantData, match, me } = portal;
  const goal = {
    id: crypto.randomUUID(),
    matchId: match.id,
    title: input.title,
    why: input.why ?? "",
    targetOn: input.targetOn ?? null,
    milestones: (input.milestones ?? []).map((milestone) => ({ id: crypto.randomUUID(), title: milestone.title, done: false })),
    createdByApplicationId: me.id,
  };
  // Counted and added in one transaction: both people adding at once cannot pass the limit.
  await tenantData.transaction(async (txData) => {
    if ((await txData.count(schema.matchGoals, eq(schema.matchGoals.matchId, match.id))) >= MAX_GOALS) {
      throw new AppError(409, "too-many-goals", `A pair can keep at most ${MAX_GOALS} goals. Mark finished ones achieved or dropped and edit them instead.`);
    }
    await txData.write([txData.insert(schema.matchGoals, goal)], [{ action: "goal.created", entityType: "goal", entityId: goal.id, after: { matchId: match.id, title: goal.title, by: portal.role } }]);
  });
  return { goal: goalView((await tenantData.findOne(schema.matchGoals, eq(schema.matchGoals.id, goal.id)))!) };
}

/** Edits a goal of the pair; milestones are replaced by the list given (ids keep a milestone, none adds one). */
export async function updateGoal(portal: Portal, goalId: string, changes: GoalChanges) {
  assertActive(portal);
  const { tenantData, match } = portal;
  const goal = await tenantData.findOne(schema.matchGoals, and(eq(schema.matchGoals.id, goalId), eq(schema.matchGoals.matchId, match.id))!);
  if (!goal) throw AppError.notFound("This pair has no such goal.");
  const known = new Set(goal.milestones.map((milestone) => milestone.id));
  const kept = new Set<string>();
  const problems = (changes.milestones ?? []).flatMap((milestone, index) => {
    if (milestone.id === undefined) return [];
    const path = `body.milestones.${index}.id`;
    if (!known.has(milestone.id)) return [{ path, message: "is not a milestone of this goal" }];
    // One milestone kept twice would become two with one id: ticking one would tick both.
    if (kept.has(milestone.id)) return [{ path, message: "is in the list twice" }];
    kept.add(milestone.id);
    return [];
  });
  if (problems.length > 0) throw AppError.validation(problems);
  const now = new Date();
  const set: Partial<GoalRow> = { updatedAt: now };
  if (changes.title !== undefined) set.title = changes.title;
  if (changes.why !== undefined) set.why = changes.why;
  if (changes.targetOn !== undefined) set.targetOn = changes.targetOn;
  if (changes.progress !== undefined) set.progress = changes.progress;
  if (changes.milestones !== undefined) set.milestones = changes.milestones.map((milestone) => ({ id: milestone.id ?? crypto.randomUUID(), title: milestone.title, done: milestone.done }));
  if (changes.status !== undefined && changes.status !== goal.status) {
    set.status = changes.status;
    // Achieved or dropped stops the goal's reminders; reopening starts them again.
    set.completedAt = changes.status === "open" ? null : now;
    if (changes.status === "achieved" && changes.progress === undefined) set.progress = 100;
  }
  const changed = Object.keys(set).filter((key) => key !== "updatedAt");
  await tenantData.write([tenantData.update(schema.matchGoals, set, eq(schema.matchGoals.id, goal.id))], [{ action: "goal.updated", entityType: "goal", entityId: goal.id, after: { changed, by: portal.role } }]);
  return { goal: goalView((await tenantData.findOne(schema.matchGoals, eq(schema.matchGoals.id, goal.id)))!) };
}

// ---------------------------------------------------------------- surveys

/**
 * Answers (or changes the answers to) the survey open today. Another survey
 * — closed, not open yet, or for a pair matched after it opened — is 409;
 * answers are checked against the survey's questions like a form.
 */
export async function answerSurvey(portal: Portal, key: string, body: { answers: unknown }, now = Date.now()) {
  const { tenantData, match, program, me, role } = portal;
  // A closed match still takes its closure survey; a paused one takes nothing.
  if (match.status === "active" && match.pausedAt) throw matchPausedError();
  const settings = await relationshipSettingsOf(tenantData, program.id);
  const calendar = programSurveys(program, settings.surveys);
  const today = localDate(now, tenantData.tenant.timezone);
  const current = currentSurvey(portal, calendar, today);
  if (current?.key !== key) {
    if (key !== "closure" && !calendar.some((survey) => survey.key === key)) throw AppError.notFound(`${program.name} has no survey "${key}".`);
    const detail = current ? `This survey is not open; "${surveyTitle(current.key, current.kind)}" is, until ${current.closesOn}.` : "This survey is not open: answers are taken only while it is open, and can be changed until it closes.";
    throw new AppError(409, "survey-closed", detail);
  }
  const result = v.safeParse(v.object({ answers: surveyAnswersSchema(surveyQuestions(current.kind, role)) }), body);
  if (!result.success) throw AppError.validation(fieldErrors("body", result.issues));
  const { answers } = result.output;
  const rating = surveyRating(answers);
  const at = new Date(now);
  await tenantData.write(
    [
      tenantData
        .insert(schema.surveyResponses, { id: crypto.randomUUID(), programId: program.id, matchId: match.id, applicationId: me.id, surveyKey: key, rating, answers })
        .onConflictDoUpdate({
          target: [schema.surveyResponses.tenantId, schema.surveyResponses.matchId, schema.surveyResponses.applicationId, schema.surveyResponses.surveyKey],
          set: { answers, rating, updatedAt: at },
        }),
    ],
    // Which survey and who, not the answers: they are read on the pair's page.
    [{ action: "survey.answered", entityType: "match", entityId: match.id, after: { key, by: role } }],
  );
  const saved = (await tenantData.findOne(schema.surveyResponses, and(eq(schema.surveyResponses.matchId, match.id), eq(schema.surveyResponses.applicationId, me.id), eq(schema.surveyResponses.surveyKey, key))!))!;
  return { response: { key, kind: surveyKindOf(key), answers: saved.answers, rating: saved.rating, updatedAt: saved.updatedAt.toISOString() } };
}

// ---------------------------------------------------------------- meeting link and invite

export async function setMeetingLink(portal: Portal, url: string | null) {
  assertActive(portal);
  const { tenantData, match } = portal;
  const now = new Date();
  await tenantData.write(
    [
      tenantData
        .insert(schema.matchRelationships, { matchId: match.id, meetingUrl: url })
        .onConflictDoUpdate({ target: [schema.matchRelationships.tenantId, schema.matchRelationships.matchId], set: { meetingUrl: url, updatedAt: now } }),
    ],
    [{ action: "match.meeting_link_set", entityType: "match", entityId: match.id, after: { by: portal.role, set: url !== null } }],
  );
  return { meetingUrl: url };
}

/**
 * The next meeting as an `.ics` file to import; attendees are the pair (only
 * oneself in youth programs, unless the program lets this side see the
 * partner's email). None while the match is paused.
 */
export async function nextMeetingIcs(portal: Portal, start: number, durationMinutes: number, now = Date.now()) {
  const { tenantData, match, program, me, partner, role } = portal;
  if (match.status === "active" && match.pausedAt) throw matchPausedError();
  const [relationship, showEmail] = await Promise.all([tenantData.findOne(schema.matchRelationships, eq(schema.matchRelationships.matchId, match.id)), seesPartnerEmail(tenantData, program, role)]);
  const meetingUrl = relationship?.meetingUrl ?? undefined;
  const attendees = [{ email: me.email, name: `${me.firstName} ${me.lastName}` }, ...(showEmail ? [{ email: partner.email, name: `${partner.firstName} ${partner.lastName}` }] : [])];
  const body = meetingIcs({
    // Stable per match and start: downloading the same meeting again updates it instead of adding a copy.
    uid: `${match.id}-${start}@tandem`,
    start,
    durationMinutes,
    summary: `Mentoring: ${me.firstName} & ${partner.firstName}`,
    description: `${program.name} at ${tenantData.tenant.name}.${meetingUrl ? ` Join: ${meetingUrl}` : ""}`,
    ...(meetingUrl ? { url: meetingUrl } : {}),
    attendees,
    stamp: now,
  });
  return { filename: `mentoring-${localDate(start, tenantData.tenant.timezone)}.ics`, body };
}

// ---------------------------------------------------------------- closing

/** Either person closes the match early, with a reason; both get the closure survey. */
export async function closeFromPortal(portal: Portal, jobs: Queue<JobMessage>, input: { reason: Exclude<CloseReason, "completed">; note: string }) {
  assertActive(portal);
  await closeMatch(portal.tenantData, jobs, portal.match.id, { ...input, closedBy: portal.role });
  const match = (await portal.tenantData.findOne(schema.matches, eq(schema.matches.id, portal.match.id)))!;
  return portalView({ ...portal, match });
}

// ---------------------------------------------------------------- reminder preferences

export async function getPreferences(portal: Portal) {
  const rows = await portal.tenantData.find(schema.reminderPreferences, eq(schema.reminderPreferences.recipientId, portal.me.id));
  return { unsubscribed: rows.map((row) => row.kind).sort(), kinds: reminderKindsFor(portal.role) };
}

/** Replaces the kinds this person is unsubscribed from (`all` for every reminder); honoured from the next send. */
export async function savePreferences(portal: Portal, unsubscribed: string[]) {
  const { tenantData, me, role } = portal;
  const allowed = new Set<string>([UNSUBSCRIBE_ALL, ...reminderKindsFor(role).map((kind) => kind.value)]);
  const bad = unsubscribed.flatMap((kind, index) => (allowed.has(kind) ? [] : [{ path: `body.unsubscribed.${index}`, message: `is not a reminder you get; use one of ${[...allowed].join(", ")}` }]));
  if (bad.length > 0) throw AppError.validation(bad);
  const kinds = [...new Set(unsubscribed)];
  const before = await getPreferences(portal);
  await tenantData.write(
    [
      tenantData.delete(schema.reminderPreferences, eq(schema.reminderPreferences.recipientId, me.id)),
      ...(kinds.length > 0 ? [tenantData.insert(schema.reminderPreferences, kinds.map((kind) => ({ recipientId: me.id, kind })))] : []),
    ],
    [{ action: "reminders.preferences_saved", entityType: "application", entityId: me.id, before: { unsubscribed: before.unsubscribed }, after: { unsubscribed: kinds } }],
  );
  return getPreferences(portal);
}

// ---------------------------------------------------------------- a new link

const LINK_PER_IP: RateLimitPolicy = { name: "portal-link:ip", limit: 20, windowSeconds: 3600 };
const LINK_PER_EMAIL: RateLimitPolicy = { name: "portal-link:email", limit: 5, windowSeconds: 3600 };

export interface PortalLinkContext {
  db: Database;
  config: AppConfig;
  mailer: Mailer;
  origin: string;
  /** Keeps the request's work going after the response (the Worker's `executionCtx.waitUntil`). */
  waitUntil: (work: Promise<unknown>) => void;
}

/**
 * "Email me my portal link": the same answer whether or not the address is in
 * a pair here, so nobody learns who is — neither from the answer nor from how
 * long it takes: looking the address up and emailing happen after the response.
 */
export async function requestPortalLink(ctx: PortalLinkContext, tenantData: TenantData, email: string, ip: string, now = Date.now()) {
  const address = normaliseEmail(email);
  await enforceRateLimits(ctx.db, [
    { policy: LINK_PER_IP, subject: ip },
    { policy: LINK_PER_EMAIL, subject: `${tenantData.tenant.id}:${address}` },
  ]);
  ctx.waitUntil(
    emailPortalLinks({ tenantData, mailer: ctx.mailer, config: ctx.config, origin: ctx.origin }, address, now).catch((error: unknown) =>
      log("error", "portal link email failed", { tenantId: tenantData.tenant.id, error: describeError(error) }),
    ),
  );
  return { message: "If this address belongs to someone in a mentoring pair here, we have emailed them a link to their mentoring space. It can take a minute to arrive." };
}
