/**
 * Enrollment: the public form of an enrolling program, and applications to
 * it. A submission is validated against the program's own form; nothing is
 * stored unless every answer passes.
 */
import { and, eq } from "drizzle-orm";
import { schema } from "@tandem/db";
import { builtInFields, needsGuardianConsent, type ParticipantRole, submissionSchema } from "@tandem/forms";
import { POLICIES as LIMITS } from "@tandem/rate-limit";
import type { TenantData } from "../data/tenant-data.js";
import { renderEmail } from "../email/render.js";
import { AppError, validate } from "../errors.js";
import type { AuthContext } from "./auth.js";
import { findProgramBySlug, formDefinitionOf, localToday, type ProgramRow } from "./forms.js";
import { enforceRateLimits } from "./rate-limits.js";
import { hashToken, newToken } from "./tokens.js";

/** Humans take longer than this to fill a form; scripts usually do not. */
export const MIN_FILL_MS = 3_000;
const ROLE_WORDS: Record<ParticipantRole, string> = { mentor: "a mentor", mentee: "a mentee" };

function assertEnrolling(program: ProgramRow, today: string): void {
  if (program.status !== "enrolling") {
    throw new AppError(409, "not-enrolling", `${program.name} is not taking applications right now.`, { extensions: { programStatus: program.status } });
  }
  if (program.enrollmentOpensOn && today < program.enrollmentOpensOn) {
    throw new AppError(409, "not-enrolling", `${program.name} opens for applications on ${program.enrollmentOpensOn}.`);
  }
  if (program.enrollmentClosesOn && today > program.enrollmentClosesOn) {
    throw new AppError(409, "not-enrolling", `Applications to ${program.name} closed on ${program.enrollmentClosesOn}.`);
  }
}

/** What the hosted form page and the embed widget show. */
export async function getPublicForm(tenantData: TenantData, programSlug: string, role: ParticipantRole) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const today = localToday(tenantData.tenant.timezone);
  assertEnrolling(program, today);
  const { definition } = await formDefinitionOf(tenantData, program, role);
  const profile = await tenantData.settings();
  return {
    institution: { slug: profile.slug, name: profile.name, brandColor: profile.brandColor, logoUrl: profile.logoUrl },
    program: { slug: program.slug, name: program.name, type: program.type, description: program.description, expectations: program.expectations, enrollmentClosesOn: program.enrollmentClosesOn },
    role,
    questions: [...builtInFields({ role, guardianConsentUnderAge: program.guardianConsentUnderAge, today }), ...definition.questions],
    minimumFillSeconds: MIN_FILL_MS / 1000,
  };
}

export interface SubmissionRequest {
  body: { answers?: unknown; website?: string; startedAt?: number };
  ip: string;
}

export async function submitApplication(ctx: AuthContext, tenantData: TenantData, programSlug: string, role: ParticipantRole, request: SubmissionRequest) {
  // Bots fill the hidden field, or post faster than anyone can type. Store nothing, say little.
  if (request.body.website) throw new AppError(400, "submission-refused", "This submission was refused as automated. If you are a person, reload the form and try again.");
  // startedAt is the browser's clock: a negative age means its clock runs ahead of ours, not a fast bot.
  const formAgeMs = request.body.startedAt === undefined ? undefined : Date.now() - request.body.startedAt;
  if (formAgeMs !== undefined && formAgeMs >= 0 && formAgeMs < MIN_FILL_MS) {
    throw new AppError(400, "submission-refused", "That was quicker than a person can fill the form. Check your answers and send it again.");
  }
  await enforceRateLimits(ctx.db, [
    { policy: LIMITS.applicationPerIp, subject: request.ip },
    { policy: LIMITS.applicationPerProgram, subject: `${tenantData.tenant.id}:${programSlug}` },
  ]);
  const program = await findProgramBySlug(tenantData, programSlug);
  const today = localToday(tenantData.tenant.timezone);
  assertEnrolling(program, today);
  const { definition } = await formDefinitionOf(tenantData, program, role);
  const { answers } = validate("body", submissionSchema(definition, { role, guardianConsentUnderAge: program.guardianConsentUnderAge, today }), { answers: request.body.answers });

  const email = String(answers.email);
  const status = needsGuardianConsent(answers, { guardianConsentUnderAge: program.guardianConsentUnderAge, today }) ? "pending_consent" : "submitted";
  const token = newToken();
  const consentToken = status === "pending_consent" ? newToken() : null;
  const fields = {
    firstName: String(answers.first_name),
    lastName: String(answers.last_name),
    email,
    answers,
    status,
    statusTokenHash: await hashToken(token),
    consentTokenHash: consentToken ? await hashToken(consentToken) : null,
  } as const;
  const same = and(eq(schema.applications.programId, program.id), eq(schema.applications.role, role), eq(schema.applications.email, email))!;
  const earlier = await tenantData.findOne(schema.applications, same);

  let id: string;
  if (earlier && (earlier.status === "approved" || earlier.status === "waitlisted" || earlier.status === "rejected")) {
    throw new AppError(409, "already-reviewed", `You already applied to ${program.name} as ${ROLE_WORDS[role]}, and it has been reviewed. Contact the program's coordinator to change anything.`);
  }
  if (earlier) {
    id = earlier.id;
    await tenantData.write(
      [tenantData.update(schema.applications, { ...fields, updatedAt: new Date() }, eq(schema.applications.id, id))],
      [{ action: "application.resubmitted", entityType: "application", entityId: id, before: { status: earlier.status }, after: { status } }],
    );
  } else {
    id = crypto.randomUUID();
    await tenantData.write([tenantData.insert(schema.applications, { id, programId: program.id, role, ...fields })], [{ action: "application.submitted", entityType: "application", entityId: id, after: { role, status } }]);
  }

  const statusUrl = `${ctx.origin}/t/${tenantData.tenant.slug}/applications/status?token=${encodeURIComponent(token)}`;
  const { text, html } = renderEmail({
    greeting: `Hi ${fields.firstName},`,
    paragraphs: [
      earlier ? `We updated your application to ${program.name} as ${ROLE_WORDS[role]}.` : `Thank you for applying to ${program.name} as ${ROLE_WORDS[role]}.`,
      status === "pending_consent"
        ? "Because you are under the program's age limit, we have asked your parent or guardian to give their consent. Your application goes ahead once they do."
        : "The program's coordinator will review it and let you know.",
    ],
    action: { label: "See or change your application", url: statusUrl },
    footnote: "Keep this email: the link is how you see, edit or withdraw your application.",
  });
  await ctx.mailer.send({ to: email, subject: `Your application to ${program.name} — ${tenantData.tenant.name}`, text, html, kind: "enrollment.confirmation", tenantId: tenantData.tenant.id });
  if (consentToken) await emailGuardian(ctx, tenantData, program, fields.firstName, answers, consentToken);

  return {
    updated: Boolean(earlier),
    application: { id, status, role, program: program.slug },
    message: earlier ? "We updated your earlier application instead of adding a second one." : "Your application was received. We emailed you a confirmation.",
  };
}

/** Asks a minor's guardian to review the program and consent, with a one-time link. */
export async function emailGuardian(ctx: AuthContext, tenantData: TenantData, program: ProgramRow, applicantName: string, answers: Record<string, unknown>, consentToken: string) {
  const url = `${ctx.origin}/consent.html?tenant=${encodeURIComponent(tenantData.tenant.slug)}&token=${encodeURIComponent(consentToken)}`;
  const { text, html } = renderEmail({
    greeting: `Dear ${String(answers.guardian_name)},`,
    paragraphs: [
      `${applicantName} applied to ${program.name}, a mentoring program run by ${tenantData.tenant.name}, and named you as their parent or guardian.`,
      "Please read about the program and what mentors and mentees agree to, and give your consent if you are happy for them to take part. Nothing goes ahead without it.",
    ],
    action: { label: "Review the program and consent", url },
    footnote: "If you did not expect this email, you can ignore it: without your consent the application does not proceed.",
  });
  await ctx.mailer.send({ to: String(answers.guardian_email), subject: `Your consent for ${applicantName} to join ${program.name}`, text, html, kind: "enrollment.guardian_consent", tenantId: tenantData.tenant.id });
}
