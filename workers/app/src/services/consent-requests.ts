/**
 * Coordinators ask guardians for consent on applications that are waiting
 * for it — typically minors imported from a CSV, which sends no email by
 * itself. Each guardian's email is a job on the queue (a program may have
 * hundreds: a request could not send them all, nor retry a failed one), and
 * each job issues a fresh one-time link, so older links stop working.
 */
import { and, eq, inArray } from "drizzle-orm";
import { schema } from "@tandem/db";
import { inSendBatches, type JobMessage } from "@tandem/jobs";
import type { TenantData } from "../data/tenant-data.js";
import type { Mailer } from "../email/mailer.js";
import { AppError } from "../errors.js";
import { log } from "../log.js";
import { emailGuardian } from "./applications.js";
import type { AuthContext } from "./auth.js";
import { findProgramBySlug } from "./forms.js";
import { hashToken, newToken } from "./tokens.js";

export async function sendConsentRequests(ctx: AuthContext, tenantData: TenantData, programSlug: string, ids?: string[]) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const pending = and(eq(schema.applications.programId, program.id), eq(schema.applications.status, "pending_consent"), ids ? inArray(schema.applications.id, ids) : undefined)!;
  const applications = await tenantData.find(schema.applications, pending);
  if (ids && applications.length !== new Set(ids).size) {
    throw new AppError(409, "not-pending-consent", "Some of these applications are not waiting for a guardian's consent in this program. Choose only those that are.");
  }
  const withGuardian = applications.filter((application) => typeof application.answers.guardian_email === "string" && application.answers.guardian_email);
  if (withGuardian.length > 0) {
    // Each request is a new round of emails: the key names this request, so a redelivered message still sends only once.
    const round = crypto.randomUUID();
    const jobs: JobMessage[] = withGuardian.map((application) => ({
      kind: "consent.request",
      key: `consent.request:${application.id}:${round}`,
      payload: { tenantId: tenantData.tenant.id, applicationId: application.id, origin: ctx.origin },
      enqueuedAt: Date.now(),
    }));
    await tenantData.write([], [{ action: "consent.requested", entityType: "program", entityId: program.id, after: { applications: withGuardian.length } }]);
    for (const batch of inSendBatches(jobs)) await ctx.jobs.sendBatch(batch.map((body) => ({ body, contentType: "json" as const })));
  }
  return { queued: withGuardian.length, withoutGuardianEmail: applications.length - withGuardian.length };
}

/** The job: a fresh link for one guardian, unless consent came in meanwhile. */
export async function emailConsentRequest(context: { tenantData: TenantData; mailer: Mailer; origin: string }, applicationId: string): Promise<void> {
  const { tenantData } = context;
  const application = await tenantData.findOne(schema.applications, eq(schema.applications.id, applicationId));
  if (!application || application.status !== "pending_consent" || typeof application.answers.guardian_email !== "string") {
    log("info", "consent request no longer needed", { applicationId, status: application?.status ?? "deleted" });
    return;
  }
  const program = await tenantData.findOne(schema.programs, eq(schema.programs.id, application.programId));
  if (!program) return;
  const token = newToken();
  await tenantData.write([tenantData.update(schema.applications, { consentTokenHash: await hashToken(token) }, eq(schema.applications.id, application.id))]);
  await emailGuardian({ origin: context.origin, mailer: context.mailer }, tenantData, program, application.firstName, application.answers, token);
}
