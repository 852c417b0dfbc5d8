/**
 * What applicants and their guardians do without an account, proven by the
 * one-time tokens in their emails: see, withdraw, and consent.
 */
import { eq } from "drizzle-orm";
import { schema } from "@tandem/db";
import { readableAnswers } from "@tandem/forms";
import type { TenantData } from "../data/tenant-data.js";
import { AppError } from "../errors.js";
import { formDefinitionOf, localToday } from "./forms.js";
import { hashToken } from "./tokens.js";

type ApplicationRow = typeof schema.applications.$inferSelect;
const REVIEWED = new Set(["approved", "waitlisted", "rejected"]);

async function byToken(tenantData: TenantData, column: typeof schema.applications.statusTokenHash | typeof schema.applications.consentTokenHash, token: string, what: string): Promise<{ application: ApplicationRow; program: typeof schema.programs.$inferSelect }> {
  const application = await tenantData.findOne(schema.applications, eq(column, await hashToken(token)));
  if (!application) throw new AppError(404, "link-not-recognised", `This ${what} link is not recognised. Use the newest email you received, or contact the program's coordinator.`);
  const program = await tenantData.findOne(schema.programs, eq(schema.programs.id, application.programId));
  if (!program) throw AppError.notFound("The program of this application no longer exists.");
  return { application, program };
}

export async function getApplicationStatus(tenantData: TenantData, token: string) {
  const { application, program } = await byToken(tenantData, schema.applications.statusTokenHash, token, "application");
  const { definition } = await formDefinitionOf(tenantData, program, application.role);
  const context = { role: application.role, guardianConsentUnderAge: program.guardianConsentUnderAge, today: localToday(tenantData.tenant.timezone) };
  return {
    program: { slug: program.slug, name: program.name },
    role: application.role,
    status: application.status,
    firstName: application.firstName,
    answers: application.answers,
    /** The same answers as a person reads them, in form order. */
    answerList: readableAnswers(application.answers, definition, context),
    canWithdraw: application.status !== "withdrawn" && !REVIEWED.has(application.status),
    submittedAt: application.createdAt.toISOString(),
  };
}

export async function withdrawApplication(tenantData: TenantData, token: string) {
  const { application } = await byToken(tenantData, schema.applications.statusTokenHash, token, "application");
  if (application.status === "withdrawn") return getApplicationStatus(tenantData, token);
  if (REVIEWED.has(application.status)) {
    throw new AppError(409, "already-reviewed", "Your application has already been reviewed, so it can no longer be withdrawn here. Contact the program's coordinator.");
  }
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
    consented: application.guardianConsentedAt !== null,
  };
}

/** Records the guardian's electronic signature; the application then goes to review. The link works once. */
export async function giveConsent(tenantData: TenantData, token: string, signature: string, ip: string) {
  const { application } = await byToken(tenantData, schema.applications.consentTokenHash, token, "consent");
  if (application.status !== "pending_consent") throw new AppError(409, "consent-not-pending", "This application is not waiting for consent any more.");
  const signedAt = new Date();
  await tenantData.write(
    [
      tenantData.update(
        schema.applications,
        { status: "submitted", guardianSignature: signature, guardianConsentedAt: signedAt, guardianConsentIp: ip, consentTokenHash: null, updatedAt: signedAt },
        eq(schema.applications.id, application.id),
      ),
    ],
    [{ action: "application.guardian_consented", entityType: "application", entityId: application.id, before: { status: "pending_consent" }, after: { status: "submitted", signature, signedAt: signedAt.toISOString() } }],
  );
  return { status: "submitted" as const, signedAt: signedAt.toISOString() };
}
