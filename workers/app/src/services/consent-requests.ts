/**
 * Coordinators ask guardians for consent on applications that are waiting
 * for it — typically minors imported from a CSV, which sends no email by
 * itself. Each request issues a fresh one-time link; older links stop working.
 */
import { and, eq, inArray } from "drizzle-orm";
import { schema } from "@tandem/db";
import type { TenantData } from "../data/tenant-data.js";
import { AppError } from "../errors.js";
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
  const tokens = await Promise.all(withGuardian.map(async (application) => {
    const token = newToken();
    return { application, token, tokenHash: await hashToken(token) };
  }));
  if (tokens.length > 0) {
    // Query builders are thenable: build them without awaiting, so they run in the one batch.
    await tenantData.write(
      tokens.map(({ application, tokenHash }) => tenantData.update(schema.applications, { consentTokenHash: tokenHash }, eq(schema.applications.id, application.id))),
      [{ action: "consent.requested", entityType: "program", entityId: program.id, after: { applications: tokens.length } }],
    );
  }
  for (const { application, token } of tokens) {
    await emailGuardian(ctx, tenantData, program, application.firstName, application.answers, token);
  }
  return { sent: tokens.length, withoutGuardianEmail: applications.length - withGuardian.length };
}
