/**
 * Self-match: in a program whose matching mode is `self_match`, an approved
 * mentee sees a few suggested mentors with the reasons and asks one; the
 * mentor accepts (a match, introduced by email) or declines, or lets the
 * request lapse. Nobody needs an account: a mentee proves who they are with
 * their status-page token, a mentor with the token in the request email.
 * The cron's sweep expires unanswered requests and pauses mentors who leave
 * too many unanswered, with a signed one-click link to resume.
 */
import { and, desc, eq, gt, inArray, isNotNull, isNull, lte, notInArray } from "drizzle-orm";
import { schema } from "@tandem/db";
import { type FormDefinition, type Question, readableValue } from "@tandem/forms";
import type { JobMessage } from "@tandem/jobs";
import { MatchingInputError, type MatchingInput, scorePairs } from "@tandem/matching";
import {
  chooseSuggestions,
  type EngineCriterion,
  type MatchingSettings,
  type MentorAvailability,
  openPlaces,
  type RequestHistoryEntry,
  resolveCriteria,
  resolveSettings,
  sharedGround,
  shouldPause,
  SUGGESTION_HOURS,
  unansweredInARow,
} from "@tandem/programs";
import { withoutContactDetails } from "@tandem/safeguarding";
import type { AppConfig } from "../config.js";
import type { AuditEntry, TenantData } from "../data/tenant-data.js";
import type { Mailer } from "../email/mailer.js";
import { renderEmail } from "../email/render.js";
import { AppError } from "../errors.js";
import { describeError, log } from "../log.js";
import type { AuthContext } from "./auth.js";
import { findIn } from "./find-in.js";
import { findProgramBySlug, formsOf, type ProgramRow } from "./forms.js";
import { engineInput, loadPool, type Pool } from "./matching.js";
import { tenantOrigin } from "./relationship-emails.js";
import { mentorsNotReady } from "./safeguarding.js";
import { hashToken, isUniqueViolation, newToken } from "./tokens.js";

type ApplicationRow = typeof schema.applications.$inferSelect;
type RequestRow = typeof schema.matchRequests.$inferSelect;
type Reason = { key: string; similarity: number; contribution: number };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const OPEN_PROGRAM_STATES = new Set(["enrolling", "matching", "active"]);
/**
 * How far back a sweep looks for overdue requests: far longer than any outage
 * we would sit out, and it keeps a mistaken far-future tick from expiring
 * today's requests.
 */
export const SWEEP_LOOKBACK_DAYS = 60;
/** The audit action of a resume: where the pause rule starts counting again (there is no column for it). */
const RESUMED = "self_match.mentor_resumed";

// ---------------------------------------------------------------- shared pieces

const shortName = (person: Pick<ApplicationRow, "firstName" | "lastName">) => {
  const initial = person.lastName.trim().charAt(0);
  return initial ? `${person.firstName} ${initial.toUpperCase()}.` : person.firstName;
};

const person = (application: ApplicationRow) => ({ id: application.id, firstName: application.firstName, lastName: application.lastName, email: application.email });

function formatDate(date: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: timezone }).format(date);
}

function statusUrl(origin: string, slug: string, token: string): string {
  return `${origin}/t/${slug}/applications/status?token=${encodeURIComponent(token)}`;
}

async function menteeByStatusToken(tenantData: TenantData, token: string): Promise<{ application: ApplicationRow; program: ProgramRow }> {
  const application = await tenantData.findOne(schema.applications, eq(schema.applications.statusTokenHash, await hashToken(token)));
  if (!application) {
    throw new AppError(404, "link-not-recognised", "This link is not recognised. Use the link in the newest email about your application, or contact the program's coordinator.");
  }
  const program = await tenantData.findOne(schema.programs, eq(schema.programs.id, application.programId));
  if (!program) throw AppError.notFound("The program of this application no longer exists.");
  return { application, program };
}

type NotAvailableCode = "not_mentee" | "coordinator_mode" | "program_not_open" | "not_approved";

/** Why this person cannot choose a mentor here, or null when they can. */
function notAvailable(application: ApplicationRow, program: ProgramRow, settings: MatchingSettings): { code: NotAvailableCode; reason: string } | null {
  if (application.role !== "mentee") return { code: "not_mentee", reason: "Mentees choose their mentor in this program; mentors are asked by email." };
  if (settings.mode !== "self_match") return { code: "coordinator_mode", reason: `In ${program.name} the coordinator matches mentors and mentees; you will hear about your match by email.` };
  if (!OPEN_PROGRAM_STATES.has(program.status)) {
    const when = program.status === "draft" ? "has not opened yet" : "has ended";
    return { code: "program_not_open", reason: `${program.name} ${when}, so there are no mentors to choose from.` };
  }
  if (application.status !== "approved") return { code: "not_approved", reason: "You can choose a mentor once your application is approved." };
  return null;
}

const questionsOf = (form: FormDefinition) => new Map(form.questions.map((question) => [question.key, question]));

/** What two people have in common on the program's criteria, each question as `viewer`'s form asked it. */
function commonGround(criteria: readonly EngineCriterion[], forms: { mentor: FormDefinition; mentee: FormDefinition }, mentor: ApplicationRow, mentee: ApplicationRow, viewer: "mentor" | "mentee") {
  const menteeQuestions = questionsOf(forms.mentee);
  const viewerQuestions = questionsOf(forms[viewer]);
  return sharedGround(criteria, mentor.answers, mentee.answers, (key, value) => readableValue(menteeQuestions.get(key), value)).map(({ key, label, values }) => ({
    key,
    label: viewerQuestions.get(key)?.label ?? label,
    values,
  }));
}

/**
 * Free text one side writes for the other before a match is approved. In youth
 * programs nobody reaches the other side outside the program until then, so
 * contact details written into it are removed (coordinators still see it whole).
 */
function beforeApproval(program: ProgramRow, text: string): string {
  return program.guardianConsentUnderAge !== null ? withoutContactDetails(text) : text;
}

async function programCommonGround(tenantData: TenantData, program: ProgramRow, mentor: ApplicationRow, mentee: ApplicationRow, viewer: "mentor" | "mentee") {
  const forms = await formsOf(tenantData, program);
  const { criteria } = resolveCriteria(resolveSettings(program.matchingSettings), forms);
  return commonGround(criteria, forms, mentor, mentee, viewer);
}

/** The pool and engine input, or null while the program's criteria cannot be used (stale settings, or none). */
async function scoringPool(tenantData: TenantData, program: ProgramRow): Promise<{ pool: Pool; input: MatchingInput } | null> {
  try {
    const pool = await loadPool(tenantData, program, { holdForPendingRequests: false });
    return { pool, input: engineInput(pool, [], []) };
  } catch (error) {
    if (error instanceof AppError && (error.code === "matching-settings-stale" || error.code === "no-matching-criteria")) return null;
    throw error;
  }
}

/** Engine scores of `mentors` for one mentee, against the whole pool (text similarity depends on the cohort). */
function explain(scoring: { pool: Pool; input: MatchingInput }, menteeId: string, mentorIds: string[]) {
  const inPool = new Set(scoring.pool.mentors.map((mentor) => mentor.id));
  const pairs = mentorIds.filter((id) => inPool.has(id)).map((mentor) => ({ mentor, mentee: menteeId }));
  if (pairs.length === 0 || !scoring.pool.mentees.some((mentee) => mentee.id === menteeId)) return [];
  try {
    return scorePairs(scoring.input, pairs);
  } catch (error) {
    // An answer the engine cannot read (e.g. text where a number is compared) leaves the mentee without scores, not the page broken.
    if (!(error instanceof MatchingInputError)) throw error;
    log("warn", "self-match scoring failed", { programId: scoring.pool.program.id, error: describeError(error) });
    return [];
  }
}

const plainReasons = (reasons: readonly Reason[]): Reason[] => reasons.map(({ key, similarity, contribution }) => ({ key, similarity, contribution }));

/** When each mentor last resumed being suggested (ms), from the audit trail. */
async function lastResumed(tenantData: TenantData, mentorIds: string[]): Promise<Map<string, number>> {
  const resumed = new Map<string, number>();
  if (mentorIds.length === 0) return resumed;
  const events = await tenantData.find(schema.auditEvents, and(eq(schema.auditEvents.action, RESUMED), inArray(schema.auditEvents.entityId, mentorIds))!, {
    orderBy: [desc(schema.auditEvents.createdAt)],
  });
  for (const event of events) if (!resumed.has(event.entityId)) resumed.set(event.entityId, event.createdAt.getTime());
  return resumed;
}

const historyEntry = (request: RequestRow, status: RequestRow["status"] = request.status): RequestHistoryEntry => ({
  status,
  createdAt: request.createdAt.getTime(),
  respondedAt: request.respondedAt?.getTime() ?? null,
});

// ---------------------------------------------------------------- the mentee

export type MenteeState = "choosing" | "waiting" | "matched" | "not_available";

/**
 * What a mentee sees: their state and, while choosing, up to the program's
 * number of suggested mentors with the reasons. Showing a mentor is recorded
 * (until it expires), so a mentor is offered to no more mentees at once than
 * they have open places, and a reload shows the same mentors.
 */
export async function getSuggestions(tenantData: TenantData, token: string, now = new Date()) {
  const { application: mentee, program } = await menteeByStatusToken(tenantData, token);
  const settings = resolveSettings(program.matchingSettings);
  const base = {
    program: { slug: program.slug, name: program.name },
    mentee: { firstName: mentee.firstName },
    responseDays: settings.responseDays,
    reason: null as string | null,
    code: null as NotAvailableCode | null,
    suggestions: [] as Suggestion[],
    request: null as null | { id: string; mentor: { name: string }; message: string; createdAt: string; expiresAt: string },
    match: null as null | { mentor: { name: string }; startedAt: string },
  };
  const problem = notAvailable(mentee, program, settings);
  if (problem) return { ...base, state: "not_available" as MenteeState, reason: problem.reason, code: problem.code };

  const match = await tenantData.findOne(schema.matches, and(eq(schema.matches.menteeApplicationId, mentee.id), eq(schema.matches.status, "active"))!);
  if (match) {
    const mentor = await tenantData.findOne(schema.applications, eq(schema.applications.id, match.mentorApplicationId));
    return { ...base, state: "matched" as MenteeState, match: { mentor: { name: mentor ? shortName(mentor) : "your mentor" }, startedAt: match.startedAt.toISOString() } };
  }
  const pending = await tenantData.findOne(schema.matchRequests, and(eq(schema.matchRequests.menteeApplicationId, mentee.id), eq(schema.matchRequests.status, "pending"))!);
  if (pending) {
    const mentor = await tenantData.findOne(schema.applications, eq(schema.applications.id, pending.mentorApplicationId));
    return {
      ...base,
      state: "waiting" as MenteeState,
      request: { id: pending.id, mentor: { name: mentor ? shortName(mentor) : "the mentor" }, message: pending.message, createdAt: pending.createdAt.toISOString(), expiresAt: pending.expiresAt.toISOString() },
    };
  }
  const { suggestions, emptyReason } = await currentSuggestions(tenantData, program, settings, mentee, now);
  return { ...base, state: "choosing" as MenteeState, suggestions, reason: suggestions.length === 0 ? emptyReason : null };
}

export interface Suggestion {
  mentor: { id: string; name: string };
  score: number;
  /** Every criterion, by its share of the score; `common` lists the answers both gave, where the criterion compares choices. */
  reasons: { key: string; label: string; similarity: number; contribution: number; common: string[] }[];
  /** The mentor's answers to what the criteria compare (free text aside), as the mentor's form asked them. */
  answers: { key: string; label: string; value: string }[];
  bio: string | null;
  shownUntil: string;
}

async function currentSuggestions(tenantData: TenantData, program: ProgramRow, settings: MatchingSettings, mentee: ApplicationRow, now: Date): Promise<{ suggestions: Suggestion[]; emptyReason: string }> {
  const [scoring, forms, earlier] = await Promise.all([
    scoringPool(tenantData, program),
    formsOf(tenantData, program),
    tenantData.find(schema.matchRequests, and(eq(schema.matchRequests.menteeApplicationId, mentee.id), inArray(schema.matchRequests.status, ["declined", "expired"]))!),
  ]);
  if (!scoring) return { suggestions: [], emptyReason: "The coordinator is still setting up how mentors are suggested. Check back in a day or two." };
  const { pool } = scoring;
  const explained = explain(scoring, mentee.id, pool.mentors.map((mentor) => mentor.id));
  const byMentor = new Map(explained.map((entry) => [entry.mentor, entry]));
  const excluded = new Set(earlier.map((request) => request.mentorApplicationId));

  // Reads, the choice, and the writes it needs; `write: false` only says whether any are needed.
  const decide = async (txData: TenantData, write: boolean) => {
    const shown = await txData.find(schema.matchSuggestions, and(eq(schema.matchSuggestions.programId, program.id), gt(schema.matchSuggestions.expiresAt, now))!);
    const pending = await txData.find(schema.matchRequests, and(eq(schema.matchRequests.programId, program.id), eq(schema.matchRequests.status, "pending"))!);
    const pendingPerMentor = new Map<string, number>();
    for (const request of pending) pendingPerMentor.set(request.mentorApplicationId, (pendingPerMentor.get(request.mentorApplicationId) ?? 0) + 1);
    const mentors = new Map<string, MentorAvailability & { shownTo: { mentee: string; shownAt: number }[] }>();
    for (const mentor of pool.mentors) {
      // pool.openPlaces is capacity less active matches; requests awaiting an answer hold a place too.
      const places = openPlaces(pool.openPlaces.get(mentor.id) ?? 0, 0, pendingPerMentor.get(mentor.id) ?? 0);
      mentors.set(mentor.id, { openPlaces: places, paused: mentor.suggestionsPausedAt !== null, shownTo: [] });
    }
    for (const row of shown) mentors.get(row.mentorApplicationId)?.shownTo.push({ mentee: row.menteeApplicationId, shownAt: row.shownAt.getTime() });
    const mine = shown.filter((row) => row.menteeApplicationId === mentee.id);
    const choice = chooseSuggestions({
      mentee: mentee.id,
      count: settings.suggestionCount,
      candidates: explained.map(({ mentor, score, feasible }) => ({ mentor, score, feasible })),
      mentors,
      current: mine.map((row) => row.mentorApplicationId),
      excluded,
    });
    const kept = choice.mentors.filter((id) => !choice.added.includes(id));
    const until = new Date(now.getTime() + SUGGESTION_HOURS * HOUR_MS);
    // Forget what is no longer shown (dropped, or expired), then record the new ones.
    const forget = and(eq(schema.matchSuggestions.menteeApplicationId, mentee.id), kept.length > 0 ? notInArray(schema.matchSuggestions.mentorApplicationId, kept) : undefined)!;
    const mineAll = await txData.count(schema.matchSuggestions, eq(schema.matchSuggestions.menteeApplicationId, mentee.id));
    const statements = [
      ...(mineAll > kept.length ? [txData.delete(schema.matchSuggestions, forget)] : []),
      ...(choice.added.length > 0
        ? [
            txData.insert(
              schema.matchSuggestions,
              choice.added.map((mentorId) => ({
                programId: program.id,
                menteeApplicationId: mentee.id,
                mentorApplicationId: mentorId,
                score: byMentor.get(mentorId)!.score,
                reasons: plainReasons(byMentor.get(mentorId)!.reasons),
                shownAt: now,
                expiresAt: until,
              })),
            ),
          ]
        : []),
    ];
    if (write && statements.length > 0) await txData.write(statements as Parameters<TenantData["write"]>[0]);
    const expiry = new Map<string, Date>([...mine.map((row) => [row.mentorApplicationId, row.expiresAt] as const), ...choice.added.map((id) => [id, until] as const)]);
    return { needsWrite: statements.length > 0, chosen: choice.mentors.map((id) => ({ id, until: expiry.get(id)! })) };
  };
  // A reload that changes nothing takes no write lock; a change is decided again inside one transaction, so two
  // mentees loading at once cannot both take a mentor's last place.
  let decided = await decide(tenantData, false);
  if (decided.needsWrite) decided = await tenantData.transaction((txData) => decide(txData, true));
  const { chosen } = decided;

  const mentorsById = new Map(pool.mentors.map((mentor) => [mentor.id, mentor]));
  const labels = new Map(pool.criteria.map((criterion) => [criterion.key, criterion.label]));
  const mentorQuestions = questionsOf(forms.mentor);
  const suggestions = chosen.map(({ id, until }): Suggestion => {
    const mentor = mentorsById.get(id)!;
    const explanation = byMentor.get(id)!;
    const common = new Map(commonGround(pool.criteria, forms, mentor, mentee, "mentee").map((item) => [item.key, item.values]));
    const bio = mentorQuestions.has("bio") && typeof mentor.answers.bio === "string" && mentor.answers.bio.trim() ? beforeApproval(program, mentor.answers.bio.trim()) : null;
    return {
      mentor: { id, name: shortName(mentor) },
      score: explanation.score,
      reasons: explanation.reasons.map((reason) => ({ ...plainReasons([reason])[0]!, label: labels.get(reason.key) ?? reason.key, common: common.get(reason.key) ?? [] })),
      answers: mentorAnswers(pool.criteria, mentorQuestions, mentor),
      bio,
      shownUntil: until.toISOString(),
    };
  });
  const anyFeasible = explained.some((entry) => entry.feasible && !excluded.has(entry.mentor));
  const emptyReason = anyFeasible
    ? "Every mentor who suits you is being considered by other mentees or has no open place right now. Suggestions change as places open up, so check back in a day or two."
    : "No mentor in the program meets the program's requirements for you yet (for example a language you share or a time you can both meet). Contact the program's coordinator, who can help.";
  return { suggestions, emptyReason };
}

function mentorAnswers(criteria: readonly EngineCriterion[], questions: Map<string, Question>, mentor: ApplicationRow) {
  return criteria.flatMap((criterion) => {
    const value = mentor.answers[criterion.key];
    // Free text reads better as the bio than as a criterion's answer.
    if (criterion.kind === "text" || value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0)) return [];
    const question = questions.get(criterion.key);
    return [{ key: criterion.key, label: question?.label ?? criterion.label, value: readableValue(question, value) }];
  });
}

/**
 * The mentee asks one of their suggested mentors. The mentor must still have
 * an open place; the request holds it until the mentor answers or it lapses
 * after the program's response days. The mentor gets an email with a link to
 * accept or decline.
 */
export async function requestMentor(ctx: AuthContext, tenantData: TenantData, token: string, mentorId: string, message: string) {
  const { application: mentee, program } = await menteeByStatusToken(tenantData, token);
  const settings = resolveSettings(program.matchingSettings);
  const problem = notAvailable(mentee, program, settings);
  if (problem) throw new AppError(409, "self-match-not-available", problem.reason);
  const now = new Date();
  const responseToken = newToken();
  const request = {
    id: crypto.randomUUID(),
    programId: program.id,
    mentorApplicationId: mentorId,
    menteeApplicationId: mentee.id,
    message,
    responseTokenHash: await hashToken(responseToken),
    expiresAt: new Date(now.getTime() + settings.responseDays * DAY_MS),
  };
  let mentor: ApplicationRow;
  try {
    mentor = await tenantData.transaction(async (txData) => {
      if ((await txData.count(schema.matches, and(eq(schema.matches.menteeApplicationId, mentee.id), eq(schema.matches.status, "active"))!)) > 0) {
        throw new AppError(409, "already-matched", "You already have a mentor in this program.");
      }
      if (await txData.findOne(schema.matchRequests, and(eq(schema.matchRequests.menteeApplicationId, mentee.id), eq(schema.matchRequests.status, "pending"))!)) throw pendingConflict();
      const suggested = await txData.findOne(
        schema.matchSuggestions,
        and(eq(schema.matchSuggestions.menteeApplicationId, mentee.id), eq(schema.matchSuggestions.mentorApplicationId, mentorId), gt(schema.matchSuggestions.expiresAt, now))!,
      );
      if (!suggested) throw new AppError(409, "not-suggested", "This mentor is not among your current suggestions. Reload the page to see the mentors you can ask now.");
      const found = await txData.findOne(schema.applications, and(eq(schema.applications.id, mentorId), eq(schema.applications.programId, program.id), eq(schema.applications.role, "mentor"))!);
      if (!found || found.status !== "approved" || found.suggestionsPausedAt || (await mentorsNotReady(txData, program, [mentorId])).size > 0) {
        throw new AppError(409, "mentor-unavailable", "This mentor is not taking requests right now. Choose another mentor from your suggestions.");
      }
      const [active, pending] = [
        await txData.count(schema.matches, and(eq(schema.matches.mentorApplicationId, mentorId), eq(schema.matches.status, "active"))!),
        await txData.count(schema.matchRequests, and(eq(schema.matchRequests.mentorApplicationId, mentorId), eq(schema.matchRequests.status, "pending"))!),
      ];
      if (openPlaces(program.mentorCapacity, active, pending) <= 0) {
        throw new AppError(409, "mentor-full", `${shortName(found)} has no open place right now. Choose another mentor from your suggestions.`);
      }
      await txData.write(
        [
          txData.insert(schema.matchRequests, request),
          // Waiting on one mentor, the mentee no longer holds the others' places.
          txData.delete(schema.matchSuggestions, eq(schema.matchSuggestions.menteeApplicationId, mentee.id)),
        ],
        [{ action: "self_match.requested", entityType: "match_request", entityId: request.id, after: { mentor: mentorId, mentee: mentee.id, expiresAt: request.expiresAt.toISOString() } }],
      );
      return found;
    });
  } catch (error) {
    // The one-pending-request index: a second tab asked someone a moment ago.
    if (isUniqueViolation(error)) throw pendingConflict();
    throw error;
  }

  const common = await programCommonGround(tenantData, program, mentor, mentee, "mentor");
  const url = `${ctx.origin}/self-match-respond.html?tenant=${encodeURIComponent(tenantData.tenant.slug)}&token=${encodeURIComponent(responseToken)}`;
  const { text, html } = renderEmail({
    greeting: `Hi ${mentor.firstName},`,
    paragraphs: [
      `${shortName(mentee)}, a mentee in ${program.name} at ${tenantData.tenant.name}, chose you from their suggested mentors and would like you to be their mentor.`,
      ...(message ? [`Their message: “${beforeApproval(program, message)}”`] : []),
      ...(common.length > 0 ? [`You have in common: ${common.map((item) => `${item.label.replace(/\?$/, "")}: ${item.values.join(", ")}`).join("; ")}.`] : []),
      `Please accept or decline by ${formatDate(request.expiresAt, tenantData.tenant.timezone)}. Without an answer the request lapses and ${mentee.firstName} chooses someone else; mentors who leave ${settings.pauseAfterUnanswered === 1 ? "a request" : `${settings.pauseAfterUnanswered} requests in a row`} unanswered stop being suggested until they resume.`,
    ],
    action: { label: "Accept or decline", url },
    footnote: "This link is for you alone: whoever has it can answer for you.",
  });
  await ctx.mailer.send({ to: mentor.email, subject: `${mentee.firstName} would like you as their mentor — ${program.name}`, text, html, kind: "self_match.request", tenantId: tenantData.tenant.id });
  return getSuggestions(tenantData, token);
}

const pendingConflict = () =>
  new AppError(409, "request-pending", "You have already asked a mentor and are waiting for their answer. Cancel that request first if you want to ask someone else.");

/** The mentee withdraws their pending request; the mentor is told there is nothing to answer. */
export async function cancelRequest(ctx: AuthContext, tenantData: TenantData, token: string) {
  const { application: mentee, program } = await menteeByStatusToken(tenantData, token);
  const request = await tenantData.transaction(async (txData) => {
    const pending = await txData.findOne(schema.matchRequests, and(eq(schema.matchRequests.menteeApplicationId, mentee.id), eq(schema.matchRequests.status, "pending"))!);
    if (!pending) throw new AppError(409, "no-pending-request", "You have no request waiting for an answer: it was answered or has lapsed. Reload the page to see where things stand.");
    await txData.write(
      [txData.update(schema.matchRequests, { status: "cancelled" }, eq(schema.matchRequests.id, pending.id))],
      [{ action: "self_match.request_cancelled", entityType: "match_request", entityId: pending.id, before: { status: "pending" }, after: { status: "cancelled" } }],
    );
    return pending;
  });
  const mentor = await tenantData.findOne(schema.applications, eq(schema.applications.id, request.mentorApplicationId));
  if (mentor) {
    const { text, html } = renderEmail({
      greeting: `Hi ${mentor.firstName},`,
      paragraphs: [`${shortName(mentee)} withdrew their request for you to be their mentor in ${program.name}, so there is nothing for you to answer. Thank you for being available.`],
    });
    await ctx.mailer.send({ to: mentor.email, subject: `${mentee.firstName} withdrew their request — ${program.name}`, text, html, kind: "self_match.request_cancelled", tenantId: tenantData.tenant.id });
  }
  return getSuggestions(tenantData, token);
}

// ---------------------------------------------------------------- the mentor

async function requestByResponseToken(tenantData: TenantData, token: string) {
  const request = await tenantData.findOne(schema.matchRequests, eq(schema.matchRequests.responseTokenHash, await hashToken(token)));
  const notFound = new AppError(404, "link-not-recognised", "This link is not recognised. Use the link in the email about the request, or contact the program's coordinator.");
  if (!request) throw notFound;
  const [program, people] = await Promise.all([
    tenantData.findOne(schema.programs, eq(schema.programs.id, request.programId)),
    tenantData.find(schema.applications, inArray(schema.applications.id, [request.mentorApplicationId, request.menteeApplicationId])),
  ]);
  const mentor = people.find((candidate) => candidate.id === request.mentorApplicationId);
  const mentee = people.find((candidate) => candidate.id === request.menteeApplicationId);
  if (!program || !mentor || !mentee) throw notFound;
  return { request, program, mentor, mentee };
}

/** A request the mentor can still answer, or the 409 that says why not. */
function assertAnswerable(request: RequestRow, mentee: ApplicationRow, timezone: string, now: Date): void {
  const expired = () => new AppError(409, "request-expired", `This request lapsed on ${formatDate(request.expiresAt, timezone)} without an answer, so ${mentee.firstName} can choose another mentor.`);
  switch (request.status) {
    case "accepted":
      throw new AppError(409, "request-answered", `You already accepted this request: you are ${mentee.firstName}'s mentor, and your introductions went out by email.`);
    case "declined":
      throw new AppError(409, "request-answered", `You already declined this request, and ${mentee.firstName} has been told to choose another mentor.`);
    case "cancelled":
      throw new AppError(409, "request-cancelled", `${mentee.firstName} withdrew this request, so there is nothing to answer.`);
    case "expired":
      throw expired();
    case "pending":
      if (request.expiresAt.getTime() <= now.getTime()) throw expired();
  }
}

/** What the mentor sees before answering: who asks, what they have in common, their message. */
export async function getMentorRequest(tenantData: TenantData, token: string) {
  const { request, program, mentor, mentee } = await requestByResponseToken(tenantData, token);
  assertAnswerable(request, mentee, tenantData.tenant.timezone, new Date());
  return {
    institution: { name: tenantData.tenant.name },
    program: { name: program.name, expectations: program.expectations },
    mentor: { firstName: mentor.firstName },
    mentee: { firstName: mentee.firstName, name: shortName(mentee) },
    message: beforeApproval(program, request.message),
    common: await programCommonGround(tenantData, program, mentor, mentee, "mentor"),
    requestedAt: request.createdAt.toISOString(),
    expiresAt: request.expiresAt.toISOString(),
  };
}

/**
 * The mentor's answer. Accepting re-checks, in one transaction, that the
 * mentor still has a place and the mentee no mentor, then creates the match
 * (scored by the engine) and queues both introductions. Declining frees the
 * mentee to choose again, and tells them so.
 */
export async function respondToRequest(ctx: AuthContext, tenantData: TenantData, token: string, decision: "accept" | "decline") {
  const { request, program, mentor, mentee } = await requestByResponseToken(tenantData, token);
  const timezone = tenantData.tenant.timezone;
  const now = new Date();
  assertAnswerable(request, mentee, timezone, now);
  const recheck = async (txData: TenantData) => {
    const current = await txData.findOne(schema.matchRequests, eq(schema.matchRequests.id, request.id));
    if (!current) throw AppError.notFound("This request no longer exists.");
    assertAnswerable(current, mentee, timezone, now);
  };

  if (decision === "decline") {
    const statusToken = newToken();
    await tenantData.transaction(async (txData) => {
      await recheck(txData);
      await txData.write(
        [
          txData.update(schema.matchRequests, { status: "declined", respondedAt: now }, eq(schema.matchRequests.id, request.id)),
          // A fresh status link for the email below; only its hash is kept, so the old one cannot be re-sent.
          txData.update(schema.applications, { statusTokenHash: await hashToken(statusToken) }, eq(schema.applications.id, mentee.id)),
        ],
        [{ action: "self_match.request_declined", entityType: "match_request", entityId: request.id, before: { status: "pending" }, after: { status: "declined" } }],
      );
    });
    const { text, html } = renderEmail({
      greeting: `Hi ${mentee.firstName},`,
      paragraphs: [`${shortName(mentor)} can't take you on as a mentee in ${program.name} right now. That is about their time, not about you.`, "You can now choose another mentor from your suggestions."],
      action: { label: "Choose another mentor", url: statusUrl(ctx.origin, tenantData.tenant.slug, statusToken) },
      footnote: "This link replaces the one in earlier emails about your application.",
    });
    await ctx.mailer.send({ to: mentee.email, subject: `Choose another mentor — ${program.name}`, text, html, kind: "self_match.declined", tenantId: tenantData.tenant.id });
    return { status: "declined" as const, mentee: { firstName: mentee.firstName }, program: { name: program.name } };
  }

  const scoring = await scoringPool(tenantData, program);
  const [explained] = scoring ? explain(scoring, mentee.id, [mentor.id]) : [];
  const matchId = crypto.randomUUID();
  let menteeAlreadyMatched = false;
  try {
    await tenantData.transaction(async (txData) => {
      await recheck(txData);
      const [menteeNow, mentorNow] = [
        await txData.findOne(schema.applications, eq(schema.applications.id, mentee.id)),
        await txData.findOne(schema.applications, eq(schema.applications.id, mentor.id)),
      ];
      if (menteeNow?.status !== "approved" || mentorNow?.status !== "approved" || (await mentorsNotReady(txData, program, [mentor.id])).size > 0) {
        throw new AppError(409, "not-in-program", "One of you is no longer taking part in the program, so this request can't be accepted. Contact the program's coordinator.");
      }
      if ((await txData.count(schema.matches, and(eq(schema.matches.menteeApplicationId, mentee.id), eq(schema.matches.status, "active"))!)) > 0) {
        // Matched meanwhile (a coordinator's run): the request is moot, and must stop holding the mentor's place.
        await txData.write(
          [txData.update(schema.matchRequests, { status: "cancelled", respondedAt: now }, and(eq(schema.matchRequests.id, request.id), eq(schema.matchRequests.status, "pending"))!)],
          [{ action: "self_match.request_cancelled", entityType: "match_request", entityId: request.id, before: { status: "pending" }, after: { status: "cancelled", reason: "mentee matched meanwhile" } }],
        );
        menteeAlreadyMatched = true;
        return;
      }
      const active = await txData.count(schema.matches, and(eq(schema.matches.mentorApplicationId, mentor.id), eq(schema.matches.status, "active"))!);
      if (active >= program.mentorCapacity) {
        throw new AppError(409, "mentor-full", `You already mentor as many mentees as ${program.name} allows (${program.mentorCapacity}). Decline this request, or ask the coordinator about taking one more.`);
      }
      await txData.write(
        [
          txData.insert(schema.matches, {
            id: matchId,
            programId: program.id,
            mentorApplicationId: mentor.id,
            menteeApplicationId: mentee.id,
            status: "active",
            source: "self_match",
            score: explained?.score ?? 0,
            reasons: explained ? plainReasons(explained.reasons) : [],
            startedAt: now,
          }),
          txData.update(schema.matchRequests, { status: "accepted", respondedAt: now }, eq(schema.matchRequests.id, request.id)),
          txData.delete(schema.matchSuggestions, eq(schema.matchSuggestions.menteeApplicationId, mentee.id)),
        ],
        [
          { action: "self_match.request_accepted", entityType: "match_request", entityId: request.id, before: { status: "pending" }, after: { status: "accepted", match: matchId } },
          { action: "match.created", entityType: "match", entityId: matchId, after: { source: "self_match", mentor: mentor.id, mentee: mentee.id, score: explained?.score ?? 0 } },
        ],
      );
    });
  } catch (error) {
    // The one-active-match index: the mentee was matched elsewhere a moment ago.
    if (isUniqueViolation(error)) throw menteeMatched(mentee);
    throw error;
  }
  if (menteeAlreadyMatched) throw menteeMatched(mentee);
  const job: JobMessage = { kind: "match.introduce", key: `match.introduce:${matchId}`, payload: { tenantId: tenantData.tenant.id, matchId, origin: ctx.origin }, enqueuedAt: now.getTime() };
  await ctx.jobs.send(job, { contentType: "json" });
  return { status: "accepted" as const, mentee: { firstName: mentee.firstName }, program: { name: program.name } };
}

const menteeMatched = (mentee: ApplicationRow) =>
  new AppError(409, "mentee-matched", `${mentee.firstName} has been matched with a mentor in the meantime, so this request no longer needs an answer. Thank you.`);

// ---------------------------------------------------------------- pausing and resuming

const base64url = (bytes: ArrayBuffer) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

function fromBase64url(text: string): Uint8Array | null {
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return null;
  }
}

async function resumeKey(secret: string) {
  return crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

/** Signed over the pause time, so the link stops working once the mentor resumes (or is paused again). */
const resumeMessage = (tenantId: string, applicationId: string, pausedAt: Date) => new TextEncoder().encode(`self-match-resume\n${tenantId}\n${applicationId}\n${pausedAt.getTime()}`);

export async function resumeToken(secret: string, tenantId: string, applicationId: string, pausedAt: Date): Promise<string> {
  const signature = await crypto.subtle.sign("HMAC", await resumeKey(secret), resumeMessage(tenantId, applicationId, pausedAt));
  return `${applicationId}.${base64url(signature)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function pausedMentorByToken(config: AppConfig, tenantData: TenantData, token: string) {
  // A used link and a forged one look the same: the pause it was signed over is gone.
  const notFound = new AppError(404, "link-not-recognised", "This link is not recognised or was already used. If mentees still can't find you, contact the program's coordinator.");
  const [applicationId, signature] = token.split(".");
  const bytes = signature ? fromBase64url(signature) : null;
  if (!applicationId || !UUID.test(applicationId) || !bytes) throw notFound;
  const mentor = await tenantData.findOne(schema.applications, and(eq(schema.applications.id, applicationId), eq(schema.applications.role, "mentor"))!);
  if (!mentor?.suggestionsPausedAt) throw notFound;
  const valid = await crypto.subtle.verify("HMAC", await resumeKey(config.authSecret), bytes, resumeMessage(tenantData.tenant.id, mentor.id, mentor.suggestionsPausedAt));
  if (!valid) throw notFound;
  const program = await tenantData.findOne(schema.programs, eq(schema.programs.id, mentor.programId));
  if (!program) throw notFound;
  return { mentor, program, pausedAt: mentor.suggestionsPausedAt };
}

async function unansweredOf(tenantData: TenantData, mentorIds: string[]): Promise<Map<string, number>> {
  if (mentorIds.length === 0) return new Map();
  const [requests, resumed] = await Promise.all([tenantData.find(schema.matchRequests, inArray(schema.matchRequests.mentorApplicationId, mentorIds)), lastResumed(tenantData, mentorIds)]);
  return new Map(
    mentorIds.map((id) => [id, unansweredInARow(requests.filter((request) => request.mentorApplicationId === id).map((request) => historyEntry(request)), resumed.get(id) ?? null)]),
  );
}

export async function getResume(config: AppConfig, tenantData: TenantData, token: string) {
  const { mentor, program, pausedAt } = await pausedMentorByToken(config, tenantData, token);
  return {
    institution: { name: tenantData.tenant.name },
    program: { name: program.name },
    mentor: { firstName: mentor.firstName },
    pausedAt: pausedAt.toISOString(),
    unanswered: (await unansweredOf(tenantData, [mentor.id])).get(mentor.id) ?? 0,
  };
}

function resumeStatements(tenantData: TenantData, mentor: ApplicationRow, pausedAt: Date, by: "mentor" | "coordinator") {
  return {
    // Only the pause this link or screen saw: a newer pause is left for its own link.
    statements: [tenantData.update(schema.applications, { suggestionsPausedAt: null, updatedAt: new Date() }, and(eq(schema.applications.id, mentor.id), eq(schema.applications.suggestionsPausedAt, pausedAt))!)],
    audit: [{ action: RESUMED, entityType: "application", entityId: mentor.id, before: { pausedAt: pausedAt.toISOString() }, after: { pausedAt: null, by } }] as AuditEntry[],
  };
}

/** The mentor's one click: suggested to mentees again. */
export async function resumeByToken(config: AppConfig, tenantData: TenantData, token: string) {
  const { mentor, program, pausedAt } = await pausedMentorByToken(config, tenantData, token);
  const { statements, audit } = resumeStatements(tenantData, mentor, pausedAt, "mentor");
  await tenantData.write(statements, audit);
  return { resumed: true as const, program: { name: program.name }, mentor: { firstName: mentor.firstName } };
}

// ---------------------------------------------------------------- coordinators

/** A program's self-match at a glance: requests waiting for mentors, paused mentors, and the counts. */
export async function getSelfMatchOverview(tenantData: TenantData, programSlug: string) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const settings = resolveSettings(program.matchingSettings);
  const inProgram = eq(schema.matchRequests.programId, program.id);
  const [pending, paused, counts, activeSelfMatches] = await Promise.all([
    tenantData.find(schema.matchRequests, and(inProgram, eq(schema.matchRequests.status, "pending"))!, { orderBy: [schema.matchRequests.expiresAt, schema.matchRequests.id] }),
    tenantData.find(schema.applications, and(eq(schema.applications.programId, program.id), eq(schema.applications.role, "mentor"), isNotNull(schema.applications.suggestionsPausedAt))!, {
      orderBy: [schema.applications.suggestionsPausedAt, schema.applications.id],
    }),
    Promise.all((["accepted", "declined", "expired", "cancelled"] as const).map(async (status) => [status, await tenantData.count(schema.matchRequests, and(inProgram, eq(schema.matchRequests.status, status))!)] as const)),
    tenantData.count(schema.matches, and(eq(schema.matches.programId, program.id), eq(schema.matches.source, "self_match"), eq(schema.matches.status, "active"))!),
  ]);
  const ids = [...new Set(pending.flatMap((request) => [request.mentorApplicationId, request.menteeApplicationId]))];
  const people = new Map((ids.length ? await tenantData.find(schema.applications, inArray(schema.applications.id, ids)) : []).map((application) => [application.id, application]));
  const unanswered = await unansweredOf(tenantData, paused.map((mentor) => mentor.id));
  const who = (id: string) => {
    const found = people.get(id);
    return found ? person(found) : null;
  };
  return {
    program: { slug: program.slug, name: program.name, status: program.status },
    mode: settings.mode,
    settings: { suggestionCount: settings.suggestionCount, responseDays: settings.responseDays, pauseAfterUnanswered: settings.pauseAfterUnanswered },
    counts: { pending: pending.length, ...Object.fromEntries(counts), pausedMentors: paused.length, activeSelfMatches } as Record<"pending" | "accepted" | "declined" | "expired" | "cancelled" | "pausedMentors" | "activeSelfMatches", number>,
    pending: pending.map((request) => ({
      id: request.id,
      mentee: who(request.menteeApplicationId),
      mentor: who(request.mentorApplicationId),
      message: request.message,
      createdAt: request.createdAt.toISOString(),
      expiresAt: request.expiresAt.toISOString(),
    })),
    paused: paused.map((mentor) => ({ mentor: person(mentor), pausedAt: mentor.suggestionsPausedAt!.toISOString(), unanswered: unanswered.get(mentor.id) ?? 0 })),
  };
}

/** A coordinator puts a paused mentor back into suggestions (e.g. after a call with them). */
export async function resumeMentor(tenantData: TenantData, programSlug: string, mentorId: string) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const mentor = await tenantData.findOne(schema.applications, and(eq(schema.applications.id, mentorId), eq(schema.applications.programId, program.id), eq(schema.applications.role, "mentor"))!);
  if (!mentor) throw AppError.notFound("There is no such mentor in this program.");
  if (!mentor.suggestionsPausedAt) throw new AppError(409, "not-paused", `${mentor.firstName} ${mentor.lastName} is not paused: mentees can already find them.`);
  const { statements, audit } = resumeStatements(tenantData, mentor, mentor.suggestionsPausedAt, "coordinator");
  await tenantData.write(statements, audit);
  return getSelfMatchOverview(tenantData, programSlug);
}

// ---------------------------------------------------------------- the sweep

export interface SweepContext {
  tenantData: TenantData;
  mailer: Mailer;
  config: AppConfig;
}

/**
 * One institution's overdue requests at `now` (the cron tick's time): each
 * lapses and its mentee is told they can choose again; a mentor who reached
 * the program's number of unanswered requests in a row is paused and told
 * why, with a link to resume. Emails go first, each recorded once in the job
 * ledger, then the changes in one batch — a retry after a failure part-way
 * decides the same (the tick's time is fixed) and sends only what is missing.
 */
export async function sweepSelfMatch(context: SweepContext, now: Date): Promise<{ expired: number; paused: number }> {
  const { tenantData, mailer, config } = context;
  const since = new Date(now.getTime() - SWEEP_LOOKBACK_DAYS * DAY_MS);
  const overdue = await tenantData.find(
    schema.matchRequests,
    and(eq(schema.matchRequests.status, "pending"), gt(schema.matchRequests.expiresAt, since), lte(schema.matchRequests.expiresAt, now))!,
    { orderBy: [schema.matchRequests.expiresAt, schema.matchRequests.id] },
  );
  if (overdue.length === 0) return { expired: 0, paused: 0 };

  const programIds = [...new Set(overdue.map((request) => request.programId))];
  const mentorIds = [...new Set(overdue.map((request) => request.mentorApplicationId))];
  const menteeIds = [...new Set(overdue.map((request) => request.menteeApplicationId))];
  const [programs, people, history, resumed] = await Promise.all([
    tenantData.find(schema.programs, inArray(schema.programs.id, programIds)),
    findIn(tenantData, schema.applications, schema.applications.id, [...mentorIds, ...menteeIds]),
    tenantData.find(schema.matchRequests, inArray(schema.matchRequests.mentorApplicationId, mentorIds)),
    lastResumed(tenantData, mentorIds),
  ]);
  const programsById = new Map(programs.map((program) => [program.id, program]));
  const peopleById = new Map(people.map((application) => [application.id, application]));
  const lapsing = new Set(overdue.map((request) => request.id));

  // Decide the pauses as if the overdue requests had already lapsed.
  const pauses = mentorIds.flatMap((id) => {
    const mentor = peopleById.get(id);
    const program = mentor && programsById.get(mentor.programId);
    if (!mentor || !program || mentor.suggestionsPausedAt) return [];
    const entries = history.filter((request) => request.mentorApplicationId === id).map((request) => historyEntry(request, lapsing.has(request.id) ? "expired" : request.status));
    const threshold = resolveSettings(program.matchingSettings).pauseAfterUnanswered;
    return shouldPause(entries, { resumedAt: resumed.get(id) ?? null, threshold }) ? [{ mentor, program, unanswered: unansweredInARow(entries, resumed.get(id) ?? null) }] : [];
  });

  const origin = tenantOrigin(config, tenantData.tenant.slug);
  // Change first, each row guarded, and email only for the changes this run made: an overlapping
  // or retried sweep then neither double-sends nor lets one failing address hold everything back.
  const { expired, paused } = await tenantData.transaction(async (txData) => {
    const expiredIds = new Set<string>();
    for (const request of overdue) {
      const rows = (await txData.write([txData.update(schema.matchRequests, { status: "expired" }, and(eq(schema.matchRequests.id, request.id), eq(schema.matchRequests.status, "pending"))!).returning({ id: schema.matchRequests.id })])) as { id: string }[][];
      if (rows[0]?.length) expiredIds.add(request.id);
    }
    const pausedIds = new Set<string>();
    for (const { mentor } of pauses) {
      const rows = (await txData.write([txData.update(schema.applications, { suggestionsPausedAt: now, updatedAt: now }, and(eq(schema.applications.id, mentor.id), isNull(schema.applications.suggestionsPausedAt))!).returning({ id: schema.applications.id })])) as { id: string }[][];
      if (rows[0]?.length) pausedIds.add(mentor.id);
    }
    const expired = overdue.filter((request) => expiredIds.has(request.id));
    const paused = pauses.filter(({ mentor }) => pausedIds.has(mentor.id));
    await txData.write(
      [],
      [
        ...expired.map((request) => ({ action: "self_match.request_expired", entityType: "match_request", entityId: request.id, before: { status: "pending" }, after: { status: "expired", expiresAt: request.expiresAt.toISOString() } })),
        ...paused.map(({ mentor, unanswered }) => ({ action: "self_match.mentor_paused", entityType: "application", entityId: mentor.id, after: { pausedAt: now.toISOString(), unanswered } })),
      ],
    );
    return { expired, paused };
  });

  const notify = async (what: string, id: string, send: () => Promise<void>) => {
    try {
      await send();
    } catch (error) {
      // The change stands; the person can still see it on their page. Log it for the coordinator's follow-up.
      log("error", "self-match notice not delivered", { what, id, tenantId: tenantData.tenant.id, error: describeError(error) });
    }
  };

  for (const request of expired) {
    const mentee = peopleById.get(request.menteeApplicationId);
    const mentor = peopleById.get(request.mentorApplicationId);
    const program = programsById.get(request.programId);
    if (!mentee || !mentor || !program) continue;
    await notify("expiry", request.id, async () => {
      let action: { label: string; url: string } | undefined;
      if (origin) {
        const statusToken = newToken();
        await tenantData.write([tenantData.update(schema.applications, { statusTokenHash: await hashToken(statusToken) }, eq(schema.applications.id, mentee.id))]);
        action = { label: "Choose another mentor", url: statusUrl(origin, tenantData.tenant.slug, statusToken) };
      }
      const days = resolveSettings(program.matchingSettings).responseDays;
      const { text, html } = renderEmail({
        greeting: `Hi ${mentee.firstName},`,
        paragraphs: [
          `${shortName(mentor)} did not answer your request in ${program.name} within ${days === 1 ? "a day" : `${days} days`}, so it has lapsed.`,
          action ? "You can now choose another mentor from your suggestions." : "You can now choose another mentor: open the page of your application from your confirmation email.",
        ],
        action,
        footnote: action ? "This link replaces the one in earlier emails about your application." : undefined,
      });
      await mailer.send({ to: mentee.email, subject: `Choose another mentor — ${program.name}`, text, html, kind: "self_match.expired", tenantId: tenantData.tenant.id });
    });
  }
  for (const { mentor, program, unanswered } of paused) {
    await notify("pause", mentor.id, async () => {
      const url = origin
        ? `${origin}/self-match-resume.html?tenant=${encodeURIComponent(tenantData.tenant.slug)}&token=${encodeURIComponent(await resumeToken(config.authSecret, tenantData.tenant.id, mentor.id, now))}`
        : null;
      const { text, html } = renderEmail({
        greeting: `Hi ${mentor.firstName},`,
        paragraphs: [
          `${unanswered === 1 ? "A mentee's request" : `${unanswered} mentees' requests`} in ${program.name} lapsed without an answer from you, so we have stopped suggesting you to mentees for now. Waiting without an answer is the hardest part of choosing a mentor, so we pause profiles that go quiet.`,
          url ? "When you are ready to take requests again, resume with one click." : "When you are ready to take requests again, ask the program's coordinator to resume your profile.",
        ],
        action: url ? { label: "Resume suggestions", url } : undefined,
        footnote: "If you can't mentor this term, tell the program's coordinator, who can take you off the program.",
      });
      await mailer.send({ to: mentor.email, subject: `You are paused from suggestions — ${program.name}`, text, html, kind: "self_match.paused", tenantId: tenantData.tenant.id });
    });
  }

  log("info", "self-match sweep", { tenantId: tenantData.tenant.id, expired: expired.length, paused: paused.length });
  return { expired: expired.length, paused: paused.length };
}
