/** Coordinators review applications: filter and search, decide in bulk, export. */
import { and, asc, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { schema } from "@tandem/db";
import Papa from "papaparse";
import type { TenantData } from "../data/tenant-data.js";
import { AppError } from "../errors.js";
import { findProgramBySlug } from "./forms.js";

export const REVIEW_DECISIONS = ["approved", "waitlisted", "rejected"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
type Status = (typeof schema.APPLICATION_STATUSES)[number];
type Role = (typeof schema.PARTICIPANT_ROLES)[number];

export interface ApplicationFilter {
  role?: Role;
  status?: Status;
  /** Matches first name, last name or email, case-insensitively. */
  search?: string;
  limit: number;
  offset: number;
}

function conditions(programId: string, filter: Omit<ApplicationFilter, "limit" | "offset">): SQL {
  const parts: SQL[] = [eq(schema.applications.programId, programId)];
  if (filter.role) parts.push(eq(schema.applications.role, filter.role));
  if (filter.status) parts.push(eq(schema.applications.status, filter.status));
  if (filter.search) {
    // LIKE is case-insensitive for ASCII in SQLite. The wildcards people type are escaped,
    // which SQLite honours only with an ESCAPE clause (drizzle's like() has none).
    const pattern = `%${filter.search.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
    const contains = (column: SQLiteColumn) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;
    parts.push(or(contains(schema.applications.firstName), contains(schema.applications.lastName), contains(schema.applications.email))!);
  }
  return and(...parts)!;
}

const view = (row: typeof schema.applications.$inferSelect) => ({
  id: row.id,
  role: row.role,
  status: row.status,
  firstName: row.firstName,
  lastName: row.lastName,
  email: row.email,
  answers: row.answers,
  submittedAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export async function listApplications(tenantData: TenantData, programSlug: string, filter: ApplicationFilter) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const where = conditions(program.id, filter);
  const [rows, total] = await Promise.all([
    tenantData.find(schema.applications, where, { orderBy: [asc(schema.applications.createdAt), asc(schema.applications.id)], limit: filter.limit, offset: filter.offset }),
    tenantData.count(schema.applications, where),
  ]);
  return { total, applications: rows.map(view) };
}

/**
 * Approve, waitlist or reject many at once; all of them or none. Withdrawn or consent-pending ones are not decided.
 * Approving mentors also ticks their screening step "application reviewed" (by `reviewerId`), in the same batch.
 */
export async function decideApplications(tenantData: TenantData, programSlug: string, ids: string[], decision: ReviewDecision, reviewerId: string | null = null) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const rows = await tenantData.find(schema.applications, and(eq(schema.applications.programId, program.id), inArray(schema.applications.id, ids))!);
  const found = new Set(rows.map((row) => row.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw AppError.notFound(`${missing.length} of these applications are not in ${program.name}: ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? "…" : ""}.`);
  const blocked = rows.filter((row) => row.status === "withdrawn" || row.status === "pending_consent");
  if (blocked.length > 0) {
    throw new AppError(409, "cannot-decide", `${blocked.length} of these cannot be decided yet: withdrawn applications, and minors waiting for a guardian's consent. Leave them out and try again.`, {
      extensions: { blocked: blocked.map((row) => ({ id: row.id, status: row.status })) },
    });
  }
  const now = new Date();
  const reviewed = decision === "approved" ? rows.filter((row) => row.role === "mentor") : [];
  const review = { applicationReviewedAt: now, applicationReviewedBy: reviewerId, updatedAt: now };
  await tenantData.write(
    [
      tenantData.update(schema.applications, { status: decision, updatedAt: now }, and(eq(schema.applications.programId, program.id), inArray(schema.applications.id, ids))!),
      ...(reviewed.length > 0
        ? [
            tenantData
              .insert(schema.mentorScreenings, reviewed.map((row) => ({ applicationId: row.id, programId: program.id, ...review })))
              // The first review stands: approving again (after a waitlist, say) does not rewrite who reviewed and when.
              .onConflictDoUpdate({ target: [schema.mentorScreenings.tenantId, schema.mentorScreenings.applicationId], set: review, setWhere: isNull(schema.mentorScreenings.applicationReviewedAt) }),
          ]
        : []),
    ],
    rows.map((row) => ({ action: `application.${decision}`, entityType: "application", entityId: row.id, before: { status: row.status }, after: { status: decision } })),
  );
  return { updated: rows.length, status: decision };
}

/** CSV of a program's applications, with one column per answer key (lists joined by "; "). */
export async function exportApplicationsCsv(tenantData: TenantData, programSlug: string, filter: Omit<ApplicationFilter, "limit" | "offset">): Promise<{ filename: string; csv: string }> {
  const program = await findProgramBySlug(tenantData, programSlug);
  const rows = await tenantData.find(schema.applications, conditions(program.id, filter), { orderBy: [asc(schema.applications.createdAt), asc(schema.applications.id)] });
  const answerKeys = [...new Set(rows.flatMap((row) => Object.keys(row.answers)))].filter((key) => !["first_name", "last_name", "email"].includes(key));
  const data = rows.map((row) => [
    row.role,
    row.status,
    row.firstName,
    row.lastName,
    row.email,
    row.createdAt.toISOString(),
    ...answerKeys.map((key) => {
      const value = row.answers[key];
      return Array.isArray(value) ? value.join("; ") : value === undefined || value === null ? "" : String(value);
    }),
  ]);
  // escapeFormulae: a cell starting with = + - @ must not run as a formula in a spreadsheet.
  const csv = Papa.unparse({ fields: ["role", "status", "first_name", "last_name", "email", "submitted_at", ...answerKeys], data }, { escapeFormulae: true });
  return { filename: `${program.slug}-applications.csv`, csv };
}
