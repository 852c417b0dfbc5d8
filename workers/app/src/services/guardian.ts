/**
 * A guardian's consent after it is given (issue #8): the "manage consent" link
 * sent with the confirmation, withdrawing consent at any time — which puts the
 * application back to waiting for consent and pauses the mentee's match — and,
 * when the guardian consents again, resuming what the withdrawal paused.
 *
 * Who hears what: the program's coordinators get the mentee's name and the
 * guardian's reason; the mentor only that the match is paused, never why.
 */
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { schema } from "@tandem/db";
import type { AuditEntry, TenantData } from "../data/tenant-data.js";
import { renderEmail } from "../email/render.js";
import { AppError } from "../errors.js";
import type { AuthContext } from "./auth.js";
import { coordinatorMatchUrl, coordinatorsOf } from "./relationship-emails.js";
import { hashToken, newToken } from "./tokens.js";

type ApplicationRow = typeof schema.applications.$inferSelect;
type ProgramRow = typeof schema.programs.$inferSelect;
type MatchRow = typeof schema.matches.$inferSelect;
export type MailContext = Pick<AuthContext, "origin" | "mailer">;

export const CONSENT_WITHDRAWN = "guardian_consent_withdrawn" as const;
/** Statuses a withdrawal puts back to waiting for consent; a withdrawn or rejected application stays as it is. */
const ON_HOLD_FROM = new Set<ApplicationRow["status"]>(["submitted", "approved", "waitlisted", "pending_consent"]);

const fullName = (person: Pick<ApplicationRow, "firstName" | "lastName">) => `${person.firstName} ${person.lastName}`;
const guardianNameOf = (application: ApplicationRow) => (typeof application.answers.guardian_name === "string" && application.answers.guardian_name.trim()) || null;
const guardianEmailOf = (application: ApplicationRow) => (typeof application.answers.guardian_email === "string" && application.answers.guardian_email) || null;

function formatDate(date: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: timezone }).format(date);
}

/**
 * The guardian's long-lived link. The token rides in the fragment, which browsers
 * never send to a server (no access logs, no Referer); consent.js moves it out of
 * the address bar at once.
 */
export function manageConsentUrl(origin: string, slug: string, token: string): string {
  return `${origin}/consent.html?tenant=${encodeURIComponent(slug)}#manage=${encodeURIComponent(token)}`;
}

/** A fresh manage-consent token and its hash, to store in `applications.guardianTokenHash` (replacing any earlier link). */
export async function newManageToken(): Promise<{ token: string; hash: string }> {
  const token = newToken();
  return { token, hash: await hashToken(token) };
}

/** The guardian's receipt: what they signed and when, and the link to withdraw at any time. */
export async function emailConsentConfirmation(ctx: MailContext, tenantData: TenantData, program: ProgramRow, application: ApplicationRow, signature: string, signedAt: Date, manageToken: string): Promise<void> {
  const to = guardianEmailOf(application);
  if (!to) return;
  const { text, html } = renderEmail({
    greeting: `Dear ${guardianNameOf(application) ?? "parent or guardian"},`,
    paragraphs: [
      `Thank you: ${application.firstName} may take part in ${program.name}, a mentoring program run by ${tenantData.tenant.name}.`,
      `You consented on ${formatDate(signedAt, tenantData.tenant.timezone)} as ${signature}. You can withdraw your consent at any time:`,
    ],
    action: { label: "See or withdraw your consent", url: manageConsentUrl(ctx.origin, tenantData.tenant.slug, manageToken) },
    footnote: `Keep this email: the link is how you manage your consent. If you withdraw it, ${application.firstName}'s mentoring is paused at once and the program's coordinator is told.`,
  });
  await ctx.mailer.send({ to, subject: `Your consent for ${application.firstName} to join ${program.name} is recorded`, text, html, kind: "enrollment.guardian_consent_recorded", tenantId: tenantData.tenant.id });
}

async function byManageToken(tenantData: TenantData, token: string): Promise<{ application: ApplicationRow; program: ProgramRow }> {
  const application = await tenantData.findOne(schema.applications, eq(schema.applications.guardianTokenHash, await hashToken(token)));
  if (!application) {
    throw new AppError(404, "link-not-recognised", "This consent link is not recognised. Use the newest email you received about your consent, or contact the program's coordinator.");
  }
  const program = await tenantData.findOne(schema.programs, eq(schema.programs.id, application.programId));
  if (!program) throw AppError.notFound("The program of this application no longer exists.");
  return { application, program };
}

const activeMatchesOf = (tenantData: TenantData, menteeId: string) =>
  tenantData.find(schema.matches, and(eq(schema.matches.menteeApplicationId, menteeId), eq(schema.matches.status, "active"))!);

// ---------------------------------------------------------------- seeing one's consent

/** What the guardian's manage link shows: the program, whom the consent is for, the signature, and whether mentoring is going on (no mentor's name or contact). */
export async function getConsentManagement(tenantData: TenantData, token: string) {
  const { application, program } = await byManageToken(tenantData, token);
  const matches = await activeMatchesOf(tenantData, application.id);
  const paused = matches.some((match) => match.pausedAt !== null);
  return {
    institution: { name: tenantData.tenant.name },
    program: { name: program.name, description: program.description, expectations: program.expectations, startsOn: program.startsOn, endsOn: program.endsOn },
    applicant: { firstName: application.firstName, lastName: application.lastName },
    guardianName: String(application.answers.guardian_name ?? ""),
    signature: application.guardianSignature,
    consentedAt: application.guardianConsentedAt?.toISOString() ?? null,
    withdrawnAt: application.guardianConsentWithdrawnAt?.toISOString() ?? null,
    /** `active`: a match is running; `paused`: one is paused (consent withdrawn); `none`: not matched. */
    match: matches.length === 0 ? ("none" as const) : paused ? ("paused" as const) : ("active" as const),
  };
}

// ---------------------------------------------------------------- withdrawing

/**
 * The guardian withdraws consent. In one transaction: the withdrawal is
 * recorded, the application goes back to waiting for consent (out of review
 * and of the matching pool, which takes only approved applications), the
 * mentee's running matches are paused, and a self-match request waiting on a
 * mentor is cancelled (with the suggestions that held mentors' places). Then
 * the coordinators and each paused match's mentor are told.
 */
export async function withdrawConsent(ctx: MailContext, tenantData: TenantData, token: string, reason: string | undefined) {
  const { application: found, program } = await byManageToken(tenantData, token);
  const already = () =>
    new AppError(409, "consent-already-withdrawn", "Your consent is already withdrawn: nothing goes ahead without it. To consent again, ask the program's coordinator to send you a new consent request.");
  if (found.guardianConsentWithdrawnAt) throw already();
  const now = new Date();
  const note = reason?.trim() ? reason.trim() : null;

  const { application, paused, cancelled } = await tenantData.transaction(async (txData) => {
    // Read again inside the transaction: the status it leaves is decided on the row as it is now.
    const application = await txData.findOne(schema.applications, eq(schema.applications.id, found.id));
    if (!application || application.guardianConsentWithdrawnAt || application.guardianTokenHash !== found.guardianTokenHash) throw already();
    const status = ON_HOLD_FROM.has(application.status) ? "pending_consent" : application.status;
    const running = (await activeMatchesOf(txData, application.id)).filter((match) => match.pausedAt === null);
    const requests = await txData.find(schema.matchRequests, and(eq(schema.matchRequests.menteeApplicationId, application.id), eq(schema.matchRequests.status, "pending"))!);
    const audit: AuditEntry[] = [
      {
        action: "application.guardian_consent_withdrawn",
        entityType: "application",
        entityId: application.id,
        before: { status: application.status },
        after: { status, withdrawnAt: now.toISOString(), reason: note, pausedMatches: running.map((match) => match.id) },
      },
      ...running.map((match): AuditEntry => ({ action: "match.paused", entityType: "match", entityId: match.id, before: { pausedAt: null }, after: { pausedAt: now.toISOString(), reason: CONSENT_WITHDRAWN } })),
      ...requests.map((request): AuditEntry => ({ action: "self_match.request_cancelled", entityType: "match_request", entityId: request.id, before: { status: "pending" }, after: { status: "cancelled", reason: CONSENT_WITHDRAWN } })),
    ];
    await txData.write(
      [
        txData.update(schema.applications, { status, guardianConsentWithdrawnAt: now, consentTokenHash: null, updatedAt: now }, eq(schema.applications.id, application.id)),
        ...(running.length > 0 ? [txData.update(schema.matches, { pausedAt: now, pauseReason: CONSENT_WITHDRAWN }, inArray(schema.matches.id, running.map((match) => match.id)))] : []),
        ...(requests.length > 0 ? [txData.update(schema.matchRequests, { status: "cancelled", respondedAt: now }, inArray(schema.matchRequests.id, requests.map((request) => request.id)))] : []),
        // Suggestions shown to the mentee hold mentors' places: they go with the request.
        txData.delete(schema.matchSuggestions, eq(schema.matchSuggestions.menteeApplicationId, application.id)),
      ],
      audit,
    );
    return { application, paused: running, cancelled: requests };
  });

  await tellOfWithdrawal(ctx, tenantData, program, application, paused, cancelled, note, now);
  return getConsentManagement(tenantData, token);
}

async function mentorsOf(tenantData: TenantData, ids: string[]): Promise<Map<string, ApplicationRow>> {
  if (ids.length === 0) return new Map();
  return new Map((await tenantData.find(schema.applications, inArray(schema.applications.id, ids))).map((row) => [row.id, row]));
}

async function tellOfWithdrawal(
  ctx: MailContext,
  tenantData: TenantData,
  program: ProgramRow,
  mentee: ApplicationRow,
  paused: MatchRow[],
  cancelled: (typeof schema.matchRequests.$inferSelect)[],
  reason: string | null,
  at: Date,
): Promise<void> {
  const tenantId = tenantData.tenant.id;
  const mentors = await mentorsOf(tenantData, [...new Set([...paused.map((match) => match.mentorApplicationId), ...cancelled.map((request) => request.mentorApplicationId)])]);
  const pairedWith = paused.map((match) => mentors.get(match.mentorApplicationId)).filter((mentor): mentor is ApplicationRow => Boolean(mentor));
  const mentee_ = fullName(mentee);
  const guardianName = guardianNameOf(mentee);
  const guardian = guardianName ? `${guardianName}, the parent or guardian of` : "The parent or guardian of";
  const pauseLine =
    pairedWith.length > 0
      ? `Their match with ${pairedWith.map(fullName).join(" and ")} is paused: nothing can be logged in the mentoring space and no reminders go out until consent is given again. ${pairedWith.length === 1 ? "The mentor has" : "The mentors have"} been told only that the match is paused and that you will be in touch.`
      : "They were not matched, so no match is paused.";
  const url = paused[0] ? coordinatorMatchUrl(ctx.origin, tenantData.tenant, program.slug, paused[0].id) : null;
  for (const coordinator of await coordinatorsOf(tenantData, program.id)) {
    const { text, html } = renderEmail({
      greeting: `Hi ${coordinator.name},`,
      paragraphs: [
        `${guardian} ${mentee_}, a mentee in ${program.name}, withdrew their consent on ${formatDate(at, tenantData.tenant.timezone)}.`,
        pauseLine,
        ...(reason ? [`Their reason: “${reason}”`] : ["They gave no reason."]),
        `${mentee.firstName}'s application is back to waiting for consent. Please contact the guardian; if they agree to continue, send them a new consent request from the program's applications, and the match resumes when they consent.`,
      ],
      action: url ? { label: "Open the pair's page", url } : undefined,
    });
    await ctx.mailer.send({ to: coordinator.email, subject: `Guardian consent withdrawn: ${mentee_} — ${program.name}`, text, html, kind: "enrollment.guardian_consent_withdrawn", tenantId });
  }
  for (const mentor of pairedWith) {
    // Neutral on purpose: the reason may be a safeguarding matter.
    const { text, html } = renderEmail({
      greeting: `Hi ${mentor.firstName},`,
      paragraphs: [`Your match with ${mentee.firstName} in ${program.name} is paused. The coordinator will be in touch.`, "Until then, please do not arrange meetings. Your mentoring space stays readable."],
    });
    await ctx.mailer.send({ to: mentor.email, subject: `Your match is paused — ${program.name}`, text, html, kind: "match.paused", tenantId });
  }
  for (const request of cancelled) {
    const mentor = mentors.get(request.mentorApplicationId);
    if (!mentor) continue;
    const { text, html } = renderEmail({
      greeting: `Hi ${mentor.firstName},`,
      paragraphs: [`The request from ${mentee.firstName} for you to be their mentor in ${program.name} was withdrawn, so there is nothing for you to answer. Thank you for being available.`],
    });
    await ctx.mailer.send({ to: mentor.email, subject: `${mentee.firstName}'s request was withdrawn — ${program.name}`, text, html, kind: "self_match.request_cancelled", tenantId });
  }
}

// ---------------------------------------------------------------- consenting again

/** The mentee's matches that a withdrawal paused and that are still running: consenting again resumes them. */
export function matchesPausedForConsent(tenantData: TenantData, menteeId: string): Promise<MatchRow[]> {
  return tenantData.find(
    schema.matches,
    and(eq(schema.matches.menteeApplicationId, menteeId), eq(schema.matches.status, "active"), isNotNull(schema.matches.pausedAt), eq(schema.matches.pauseReason, CONSENT_WITHDRAWN))!,
  );
}

/** The statements and audit rows that resume `matches` (to write in the consent's transaction). */
export function resumeStatements(tenantData: TenantData, matches: MatchRow[], at: Date) {
  if (matches.length === 0) return { statements: [], audit: [] as AuditEntry[] };
  return {
    statements: [tenantData.update(schema.matches, { pausedAt: null, pauseReason: null }, and(inArray(schema.matches.id, matches.map((match) => match.id)), eq(schema.matches.pauseReason, CONSENT_WITHDRAWN))!)],
    audit: matches.map((match): AuditEntry => ({ action: "match.resumed", entityType: "match", entityId: match.id, before: { pausedAt: match.pausedAt?.toISOString() ?? null, reason: match.pauseReason }, after: { pausedAt: null, at: at.toISOString() } })),
  };
}

/** After the guardian consents again: the coordinators (and each mentor) hear that the paused matches run again. */
export async function tellOfResumption(ctx: MailContext, tenantData: TenantData, program: ProgramRow, mentee: ApplicationRow, resumed: MatchRow[]): Promise<void> {
  if (resumed.length === 0) return;
  const tenantId = tenantData.tenant.id;
  const mentors = await mentorsOf(tenantData, resumed.map((match) => match.mentorApplicationId));
  const pairedWith = resumed.map((match) => mentors.get(match.mentorApplicationId)).filter((mentor): mentor is ApplicationRow => Boolean(mentor));
  const url = coordinatorMatchUrl(ctx.origin, tenantData.tenant, program.slug, resumed[0]!.id);
  for (const coordinator of await coordinatorsOf(tenantData, program.id)) {
    const { text, html } = renderEmail({
      greeting: `Hi ${coordinator.name},`,
      paragraphs: [
        `The parent or guardian of ${fullName(mentee)} in ${program.name} gave their consent again.`,
        `${mentee.firstName}'s application is approved again, and the paused match with ${pairedWith.map(fullName).join(" and ") || "their mentor"} has resumed: meetings can be logged and reminders go out as before.`,
      ],
      action: { label: "Open the pair's page", url },
    });
    await ctx.mailer.send({ to: coordinator.email, subject: `Match resumed: ${fullName(mentee)} — ${program.name}`, text, html, kind: "match.resumed", tenantId });
  }
  for (const mentor of pairedWith) {
    const { text, html } = renderEmail({
      greeting: `Hi ${mentor.firstName},`,
      paragraphs: [`Your match with ${mentee.firstName} in ${program.name} has resumed. You can log meetings in your mentoring space again; the coordinator will be in touch about next steps.`],
    });
    await ctx.mailer.send({ to: mentor.email, subject: `Your match has resumed — ${program.name}`, text, html, kind: "match.resumed", tenantId });
  }
}
