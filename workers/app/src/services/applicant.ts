/**
 * What applicants and their guardians do without an account, proven by the
 * one-time tokens in their emails: see, edit, withdraw, and consent.
 */
import { and, desc, eq, inArray, or } from "drizzle-orm";
import { schema } from "@tandem/db";
import { builtInFields, needsGuardianConsent, readableAnswers, submissionSchema } from "@tandem/forms";
import { POLICIES as LIMITS } from "@tandem/rate-limit";
import * as v from "valibot";
import type { TenantData } from "../data/tenant-data.js";
import { renderEmail } from "../email/render.js";
import { AppError, fieldErrors } from "../errors.js";
import { emailGuardian } from "./applications.js";
import type { AuthContext } from "./auth.js";
import { formDefinitionOf, localToday } from "./forms.js";
import { emailConsentConfirmation, type MailContext, matchesPausedForConsent, newManageToken, resumeStatements, tellOfResumption } from "./guardian.js";
import { enforceRateLimits } from "./rate-limits.js";
import { portalUrl } from "./relationship-emails.js";
import { hashToken, newToken } from "./tokens.js";

type ApplicationRow = typeof schema.applications.$inferSelect;
const REVIEWED = new Set(["approved", "waitlisted", "rejected"]);
/** Before review, the applicant may still change or withdraw the application. */
const OPEN = new Set(["submitted", "pending_consent"]);
/** Open, and not on hold: after a guardian withdrew consent, only the coordinator and the guardian move it on. */
const isOpen = (application: ApplicationRow) => OPEN.has(application.status) && application.guardianConsentWithdrawnAt === null;

async function byToken(tenantData: TenantData, column: typeof schema.applications.statusTokenHash | typeof schema.applications.consentTokenHash, token: string, what: string): Promise<{ application: ApplicationRow; program: typeof schema.programs.$inferSelect }> {
  const application = await tenantData.findOne(schema.applications, eq(column, await hashToken(token)));
  if (!application) throw new AppError(404, "link-not-recognised", `This ${what} link is not recognised. Use the newest email you received, or contact the program's coordinator.`);
  const program = await tenantData.findOne(schema.programs, eq(schema.programs.id, application.programId));
  if (!program) throw AppError.notFound("The program of this application no longer exists.");
  return { application, program };
}

/** What a portal link needs: the signing secret, and the origin the link points to. */
export interface PortalLinks {
  secret: string;
  origin: string;
}

/**
 * Links to the applicant's mentoring space for each of their active matches
 * (a mentor may have several), newest first; empty without `links`.
 */
async function portalsOf(tenantData: TenantData, application: ApplicationRow, links: PortalLinks | undefined) {
  if (!links || application.status !== "approved") return [];
  const matches = await tenantData.find(
    schema.matches,
    and(eq(schema.matches.status, "active"), or(eq(schema.matches.mentorApplicationId, application.id), eq(schema.matches.menteeApplicationId, application.id)))!,
    { orderBy: [desc(schema.matches.startedAt)] },
  );
  const partnerOf = (match: (typeof matches)[number]) => (match.mentorApplicationId === application.id ? match.menteeApplicationId : match.mentorApplicationId);
  const partners = matches.length === 0 ? [] : await tenantData.find(schema.applications, inArray(schema.applications.id, matches.map(partnerOf)));
  const now = Date.now();
  return Promise.all(
    matches.map(async (match) => {
      const partnerId = partnerOf(match);
      return { matchId: match.id, partnerFirstName: partners.find((partner) => partner.id === partnerId)?.firstName ?? "", url: await portalUrl(links.secret, links.origin, tenantData.tenant, match.id, application.id, now) };
    }),
  );
}

export async function getApplicationStatus(tenantData: TenantData, token: string, links?: PortalLinks) {
  const { application, program } = await byToken(tenantData, schema.applications.statusTokenHash, token, "application");
  const portals = await portalsOf(tenantData, application, links);
  const { definition } = await formDefinitionOf(tenantData, program, application.role);
  const context = { role: application.role, guardianConsentUnderAge: program.guardianConsentUnderAge, today: localToday(tenantData.tenant.timezone) };
  const open = isOpen(application);
  return {
    program: { slug: program.slug, name: program.name },
    role: application.role,
    status: application.status,
    firstName: application.firstName,
    answers: application.answers,
    /** The same answers as a person reads them, in form order. */
    answerList: readableAnswers(application.answers, definition, context),
    canWithdraw: open,
    canEdit: open,
    /** While the answers can change: the program's form as it is now (an edit is checked against it), else null. */
    form: open ? { program: { slug: program.slug, name: program.name }, role: application.role, questions: [...builtInFields(context), ...definition.questions] } : null,
    submittedAt: application.createdAt.toISOString(),
    /** Once matched: a fresh link to the mentoring space of the newest active match; `portals` has one per active match. */
    portalUrl: portals[0]?.url ?? null,
    portals,
  };
}

function notOpenError(application: ApplicationRow, doing: "changed" | "withdrawn"): AppError {
  const { status } = application;
  if (application.guardianConsentWithdrawnAt && OPEN.has(status)) {
    return new AppError(409, "guardian-consent-withdrawn", `Your parent or guardian withdrew their consent, so your application is on hold and can't be ${doing} here. Contact the program's coordinator.`);
  }
  if (status === "withdrawn") {
    return new AppError(409, "application-withdrawn", "You withdrew this application, so it can no longer be changed. To take part, apply again while the program is taking applications.");
  }
  return new AppError(409, "already-reviewed", `Your application has already been reviewed, so it can no longer be ${doing} here. Contact the program's coordinator.`);
}

const EMAIL_IS_IDENTITY = "cannot be changed here: it identifies your application. To use another address, withdraw this application and apply again with it";

/**
 * The applicant changes their answers before review. They are checked against
 * the program's current form exactly as a new application is; the email stays
 * (it is the application's identity: one per email, program and role).
 *
 * Guardian consent follows the new answers:
 * - no longer needed (date of birth now over the age) → `submitted`, and the guardian's pending link stops working;
 * - needed, and already given by the same guardian email → stays given;
 * - needed, still waiting on the same guardian email → still waiting, on the same link (no second email);
 * - otherwise (newly a minor, or another guardian) → `pending_consent`, and the named guardian is emailed a new link.
 */
export async function editApplication(ctx: AuthContext, tenantData: TenantData, token: string, submitted: Record<string, unknown>, ip: string) {
  // Each edit may email a guardian at an address the editor types: limited like applications.
  await enforceRateLimits(ctx.db, [{ policy: LIMITS.applicationPerIp, subject: ip }]);
  const { application, program } = await byToken(tenantData, schema.applications.statusTokenHash, token, "application");
  if (!isOpen(application)) throw notOpenError(application, "changed");

  const policy = { guardianConsentUnderAge: program.guardianConsentUnderAge, today: localToday(tenantData.tenant.timezone) };
  const { definition } = await formDefinitionOf(tenantData, program, application.role);
  const result = v.safeParse(submissionSchema(definition, { role: application.role, ...policy }), { answers: { ...submitted, email: application.email } }, { abortPipeEarly: true });
  const errors = result.success ? [] : fieldErrors("body", result.issues);
  const givenEmail = submitted.email;
  if (givenEmail !== undefined && (typeof givenEmail !== "string" || givenEmail.trim().toLowerCase() !== application.email)) {
    errors.unshift({ path: "body.answers.email", message: EMAIL_IS_IDENTITY });
  }
  if (!result.success || errors.length > 0) throw AppError.validation(errors);
  const answers = result.output.answers;

  const before = application.answers;
  const changed = [...new Set([...Object.keys(before), ...Object.keys(answers)])].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(answers[key]));
  if (changed.length === 0) return { ...(await getApplicationStatus(tenantData, token)), message: "Nothing changed: your answers are as they were." };

  const sameGuardian = typeof answers.guardian_email === "string" && answers.guardian_email === before.guardian_email;
  let status: "submitted" | "pending_consent" = "submitted";
  let consentToken: string | null = null;
  let consent: Partial<ApplicationRow> = {};
  if (!needsGuardianConsent(answers, policy)) {
    // No guardian to ask, and none to manage a consent: their links stop working.
    consent = { consentTokenHash: null, guardianTokenHash: null };
  } else if (application.guardianConsentedAt && !application.guardianConsentWithdrawnAt && sameGuardian) {
    status = "submitted";
  } else if (application.status === "pending_consent" && sameGuardian && application.consentTokenHash) {
    status = "pending_consent";
  } else {
    status = "pending_consent";
    consentToken = newToken();
    // A consent given earlier was another guardian's, or for an adult applicant; it does not carry over.
    consent = { consentTokenHash: await hashToken(consentToken), guardianSignature: null, guardianConsentedAt: null, guardianConsentIp: null, guardianTokenHash: null, guardianConsentWithdrawnAt: null };
  }

  // Only if nobody reviewed, withdrew or consented to it since we read it: checked and written together,
  // and the audit row only for an edit that happened.
  const saved = await tenantData.transaction(async (txData) => {
    const [rows] = (await txData.write([
      txData
        .update(
          schema.applications,
          { firstName: String(answers.first_name), lastName: String(answers.last_name), answers, status, ...consent, updatedAt: new Date() },
          and(eq(schema.applications.id, application.id), eq(schema.applications.status, application.status), eq(schema.applications.updatedAt, application.updatedAt))!,
        )
        .returning({ id: schema.applications.id }),
    ])) as { id: string }[][];
    if (!rows?.length) return false;
    await txData.write([], [{ action: "application.edited", entityType: "application", entityId: application.id, before: { status: application.status }, after: { status, changed } }]);
    return true;
  });
  if (!saved) {
    throw new AppError(409, "changed-meanwhile", "Your application changed while you were editing it, so your changes were not saved. Reload the page to see where it stands.");
  }

  const statusUrl = `${ctx.origin}/t/${tenantData.tenant.slug}/applications/status?token=${encodeURIComponent(token)}`;
  const firstName = String(answers.first_name);
  const { text, html } = renderEmail({
    greeting: `Hi ${firstName},`,
    paragraphs: [
      `Your answers in your application to ${program.name} were changed just now from your application's page.`,
      consentToken ? "Because of the changes, the program needs your parent or guardian's consent: we have emailed them a link." : "The program's coordinator will review the application as it is now.",
    ],
    action: { label: "See your application", url: statusUrl },
    footnote: "If you did not make this change, contact the program's coordinator.",
  });
  await ctx.mailer.send({ to: application.email, subject: `Your application to ${program.name} was changed — ${tenantData.tenant.name}`, text, html, kind: "enrollment.edited", tenantId: tenantData.tenant.id });
  if (consentToken) await emailGuardian(ctx, tenantData, program, firstName, answers, consentToken);

  const message = consentToken
    ? "Your changes are saved. Because of them, the program needs your parent or guardian's consent: we emailed them a link."
    : application.status === "pending_consent" && status === "submitted"
      ? "Your changes are saved. Your application no longer waits for a guardian's consent and goes to review."
      : "Your changes are saved.";
  return { ...(await getApplicationStatus(tenantData, token)), message };
}

export async function withdrawApplication(tenantData: TenantData, token: string) {
  const { application } = await byToken(tenantData, schema.applications.statusTokenHash, token, "application");
  if (application.status === "withdrawn") return getApplicationStatus(tenantData, token);
  if (REVIEWED.has(application.status) || !isOpen(application)) throw notOpenError(application, "withdrawn");
  await tenantData.write(
    [tenantData.update(schema.applications, { status: "withdrawn", updatedAt: new Date() }, eq(schema.applications.id, application.id))],
    [{ action: "application.withdrawn", entityType: "application", entityId: application.id, before: { status: application.status }, after: { status: "withdrawn" } }],
  );
  return getApplicationStatus(tenantData, token);
}

export async function getConsentRequest(tenantData: TenantData, token: string) {
  const { application, program } = await byToken(tenantData, schema.applications.consentTokenHash, token, "consent");
  return {
    institution: { name: tenantData.tenant.name },
    program: { name: program.name, description: program.description, expectations: program.expectations, startsOn: program.startsOn, endsOn: program.endsOn },
    applicant: { firstName: application.firstName, lastName: application.lastName },
    guardianName: String(application.answers.guardian_name ?? ""),
    consented: application.guardianConsentedAt !== null && application.guardianConsentWithdrawnAt === null,
    /** True when this guardian withdrew an earlier consent and is asked again. */
    consentingAgain: application.guardianConsentWithdrawnAt !== null,
  };
}

/**
 * Records the guardian's electronic signature; the application then goes to
 * review. The link works once. The guardian is emailed a receipt with a link to
 * see or withdraw the consent later (a new one each time: it replaces the old).
 *
 * Consenting again after a withdrawal: if the withdrawal paused the mentee's
 * matches, they resume and the application is approved again, as it was;
 * otherwise it goes to review like a first consent.
 */
export async function giveConsent(ctx: MailContext, tenantData: TenantData, token: string, signature: string, ip: string) {
  const { application, program } = await byToken(tenantData, schema.applications.consentTokenHash, token, "consent");
  if (application.status !== "pending_consent") throw new AppError(409, "consent-not-pending", "This application is not waiting for consent any more.");
  const signedAt = new Date();
  const manage = await newManageToken();
  const signed = await tenantData.transaction(async (txData) => {
    const paused = await matchesPausedForConsent(txData, application.id);
    const status = paused.length > 0 ? ("approved" as const) : ("submitted" as const);
    const resume = resumeStatements(txData, paused, signedAt);
    const [rows] = (await txData.write([
      txData
        .update(
          schema.applications,
          {
            status,
            guardianSignature: signature,
            guardianConsentedAt: signedAt,
            guardianConsentIp: ip,
            consentTokenHash: null,
            guardianTokenHash: manage.hash,
            guardianConsentWithdrawnAt: null,
            updatedAt: signedAt,
          },
          // The token's own row, still: an edit may have switched guardians (and tokens) since it was read.
          and(eq(schema.applications.id, application.id), eq(schema.applications.consentTokenHash, application.consentTokenHash!), eq(schema.applications.status, "pending_consent"))!,
        )
        .returning({ id: schema.applications.id }),
    ])) as { id: string }[][];
    if (!rows?.length) return null;
    await txData.write(resume.statements, [
      {
        action: "application.guardian_consented",
        entityType: "application",
        entityId: application.id,
        before: { status: "pending_consent", withdrawnAt: application.guardianConsentWithdrawnAt?.toISOString() ?? null },
        after: { status, signature, signedAt: signedAt.toISOString(), resumedMatches: paused.map((match) => match.id) },
      },
      ...resume.audit,
    ]);
    return { status, resumed: paused };
  });
  if (!signed) throw new AppError(409, "consent-not-pending", "This consent link was replaced or used a moment ago. Use the newest email you received, or contact the program's coordinator.");
  await emailConsentConfirmation(ctx, tenantData, program, application, signature, signedAt, manage.token);
  await tellOfResumption(ctx, tenantData, program, application, signed.resumed);
  return { status: signed.status, signedAt: signedAt.toISOString(), resumed: signed.resumed.length > 0 };
}
