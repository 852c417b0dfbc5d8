/**
 * Enrollment: the public form of an enrolling program, and applications to
 * it. A submission is validated against the program's own form (and, where
 * the institution turns it on, Cloudflare Turnstile); nothing is stored
 * unless every check passes.
 */
import { and, eq } from "drizzle-orm";
import { schema } from "@tandem/db";
import { builtInFields, needsGuardianConsent, type ParticipantRole, submissionSchema } from "@tandem/forms";
import { POLICIES as LIMITS } from "@tandem/rate-limit";
import type { TenantData } from "../data/tenant-data.js";
import { renderEmail } from "../email/render.js";
import { AppError, validate } from "../errors.js";
import { log } from "../log.js";
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

/**
 * The institution's Turnstile widget, when submissions must pass it. Rows that
 * were switched on before the keys could be stored have never been checked,
 * and stay unchecked until an admin adds the keys (the settings API refuses
 * Turnstile on without them).
 */
function turnstileOf(settings: { turnstileEnabled: boolean; turnstileSiteKey: string | null; turnstileSecretKey: string | null }) {
  const { turnstileEnabled, turnstileSiteKey: siteKey, turnstileSecretKey: secretKey } = settings;
  return turnstileEnabled && siteKey && secretKey ? { siteKey, secretKey } : null;
}

/** What the hosted form page and the embed widget show. */
export async function getPublicForm(tenantData: TenantData, programSlug: string, role: ParticipantRole) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const today = localToday(tenantData.tenant.timezone);
  assertEnrolling(program, today);
  const { definition } = await formDefinitionOf(tenantData, program, role);
  const profile = await tenantData.settings();
  const turnstile = turnstileOf(profile);
  return {
    institution: { slug: profile.slug, name: profile.name, brandColor: profile.brandColor, logoUrl: profile.logoUrl },
    program: { slug: program.slug, name: program.name, type: program.type, description: program.description, expectations: program.expectations, enrollmentClosesOn: program.enrollmentClosesOn },
    role,
    questions: [...builtInFields({ role, guardianConsentUnderAge: program.guardianConsentUnderAge, today }), ...definition.questions],
    minimumFillSeconds: MIN_FILL_MS / 1000,
    /** The widget to render before sending, or null when the institution does not use Turnstile. */
    turnstile: turnstile ? { siteKey: turnstile.siteKey } : null,
  };
}

export interface SubmissionRequest {
  body: { answers?: unknown; website?: string; startedAt?: number; turnstileToken?: string };
  ip: string;
}

/** How long we wait for siteverify before refusing the submission (it usually answers in well under a second). */
const TURNSTILE_TIMEOUT_MS = 5_000;

interface SiteverifyOutcome {
  success?: boolean;
  "error-codes"?: string[];
}

const turnstileUnavailable = () =>
  new AppError(503, "verification-unavailable", "We couldn't check that you are a person just now, so your application was not sent. Try again in a minute.", {
    headers: { "retry-after": "30" },
  });

/**
 * Asks Cloudflare's siteverify whether the token from the institution's
 * Turnstile widget is good; refuses the submission unless it says yes. No
 * answer is a refusal too (fail closed): a 503 the person can retry.
 *
 * The result's `hostname` is not compared with anything: the form runs on
 * every site the institution embeds it on and on our hosted page, and the
 * widget's own hostname list in Cloudflare already limits where its site key
 * works — keeping a second list here would only drift from that one.
 */
async function verifyTurnstile(ctx: AuthContext, secretKey: string, token: string | undefined, ip: string): Promise<void> {
  if (!token) {
    throw new AppError(400, "verification-required", "Confirm that you are a person with the check above the Send button, then send the form again.", {
      errors: [{ path: "body.turnstileToken", message: "is required: complete the check that you are a person" }],
    });
  }
  const form = new URLSearchParams({ secret: secretKey, response: token });
  if (ip !== "unknown") form.set("remoteip", ip);
  let outcome: SiteverifyOutcome;
  try {
    const response = await fetch(ctx.config.turnstile.verifyUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      signal: AbortSignal.timeout(TURNSTILE_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`siteverify answered HTTP ${response.status}`);
    outcome = (await response.json()) as SiteverifyOutcome;
  } catch (error) {
    log("warn", "turnstile siteverify unavailable", { error: error instanceof Error ? error.message : String(error) });
    throw turnstileUnavailable();
  }
  if (outcome.success === true) return;
  const codes = outcome["error-codes"] ?? [];
  if (codes.includes("missing-input-secret") || codes.includes("invalid-input-secret")) {
    // The institution's key is wrong: nothing the applicant can fix, and every submission fails until staff do.
    log("warn", "turnstile secret key refused", { codes });
    throw new AppError(503, "verification-misconfigured", "This form's check that you are a person is not set up correctly, so applications can't be sent right now. Please tell the program's coordinator.");
  }
  if (codes.includes("internal-error")) throw turnstileUnavailable();
  throw new AppError(400, "verification-failed", "The check that you are a person did not pass, or it expired. Complete the check again, then send the form again.", {
    errors: [{ path: "body.turnstileToken", message: "did not pass or has expired: complete the check that you are a person again" }],
  });
}

export async function submitApplication(ctx: AuthContext, tenantData: TenantData, programSlug: string, role: ParticipantRole, request: SubmissionRequest) {
  // Bots fill the hidden field, or post faster than anyone can type. Store nothing, say little.
  if (request.body.website) throw new AppError(400, "submission-refused", "This submission was refused as automated. If you are a person, reload the form and try again.");
  // startedAt is the browser's clock: a negative age means its clock runs ahead of ours, not a fast bot.
  const formAgeMs = request.body.startedAt === undefined ? undefined : Date.now() - request.body.startedAt;
  if (formAgeMs !== undefined && formAgeMs >= 0 && formAgeMs < MIN_FILL_MS) {
    throw new AppError(400, "submission-refused", "That was quicker than a person can fill the form. Check your answers and send it again.");
  }
  // Per IP first: it bounds everything after it, our siteverify calls included.
  await enforceRateLimits(ctx.db, [{ policy: LIMITS.applicationPerIp, subject: request.ip }]);
  const [program, settings] = await Promise.all([findProgramBySlug(tenantData, programSlug), tenantData.settings()]);
  const today = localToday(tenantData.tenant.timezone);
  assertEnrolling(program, today);
  const { definition } = await formDefinitionOf(tenantData, program, role);
  // Answers before the Turnstile token: a token is single-use, and a typo should not spend it.
  const { answers } = validate("body", submissionSchema(definition, { role, guardianConsentUnderAge: program.guardianConsentUnderAge, today }), { answers: request.body.answers });

  const turnstile = turnstileOf(settings);
  if (turnstile) await verifyTurnstile(ctx, turnstile.secretKey, request.body.turnstileToken, request.ip);
  // The program's ceiling counts only submissions that got this far, so a flood of
  // posts without a valid Turnstile token (or with invalid answers) cannot use up
  // the program's hour and lock real applicants out.
  await enforceRateLimits(ctx.db, [{ policy: LIMITS.applicationPerProgram, subject: `${tenantData.tenant.id}:${programSlug}` }]);

  // After Turnstile: whether an email has applied is not for unverified callers to probe.
  const email = String(answers.email);
  const same = and(eq(schema.applications.programId, program.id), eq(schema.applications.role, role), eq(schema.applications.email, email))!;
  const earlier = await tenantData.findOne(schema.applications, same);
  if (earlier && (earlier.status === "approved" || earlier.status === "waitlisted" || earlier.status === "rejected")) {
    throw new AppError(409, "already-reviewed", `You already applied to ${program.name} as ${ROLE_WORDS[role]}, and it has been reviewed. Contact the program's coordinator to change anything.`);
  }

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

  let id: string;
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
export async function emailGuardian(ctx: Pick<AuthContext, "origin" | "mailer">, tenantData: TenantData, program: ProgramRow, applicantName: string, answers: Record<string, unknown>, consentToken: string) {
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
