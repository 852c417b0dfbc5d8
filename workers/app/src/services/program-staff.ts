/** Which coordinators run which programs. Owners and admins run them all. */
import { and, eq, inArray } from "drizzle-orm";
import { schema } from "@tandem/db";
import type { TenantData } from "../data/tenant-data.js";
import { findUsersByIds } from "../data/users.js";
import { AppError } from "../errors.js";
import { findProgramBySlug } from "./forms.js";

export async function coordinatorMayRun(tenantData: TenantData, userId: string, programSlug: string): Promise<boolean> {
  const program = await tenantData.findOne(schema.programs, eq(schema.programs.slug, programSlug));
  if (!program) return false;
  return (await tenantData.count(schema.programCoordinators, and(eq(schema.programCoordinators.programId, program.id), eq(schema.programCoordinators.userId, userId))!)) > 0;
}

/** Ids of the programs a coordinator is assigned to. */
export async function programsRunBy(tenantData: TenantData, userId: string): Promise<Set<string>> {
  const rows = await tenantData.find(schema.programCoordinators, eq(schema.programCoordinators.userId, userId));
  return new Set(rows.map((row) => row.programId));
}

export async function listProgramCoordinators(tenantData: TenantData, programSlug: string) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const rows = await tenantData.find(schema.programCoordinators, eq(schema.programCoordinators.programId, program.id));
  const users = await findUsersByIds(tenantData.db, rows.map((row) => row.userId));
  return users.map((user) => ({ userId: user.id, name: user.name, email: user.email }));
}

/** Sets a program's coordinators (owners and admins); every one must be a coordinator of this institution. */
export async function setProgramCoordinators(tenantData: TenantData, programSlug: string, userIds: string[]) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const unique = [...new Set(userIds)];
  const members = unique.length === 0 ? [] : await tenantData.find(schema.memberships, and(inArray(schema.memberships.userId, unique), eq(schema.memberships.role, "coordinator"))!);
  const found = new Set(members.map((member) => member.userId));
  const problems = unique.map((id, index) => ({ id, index })).filter(({ id }) => !found.has(id));
  if (problems.length > 0) {
    throw AppError.validation(problems.map(({ index }) => ({ path: `body.userIds.${index}`, message: "is not a coordinator of this institution" })));
  }
  const before = await listProgramCoordinators(tenantData, programSlug);
  await tenantData.write(
    [
      tenantData.delete(schema.programCoordinators, eq(schema.programCoordinators.programId, program.id)),
      ...(unique.length > 0 ? [tenantData.insert(schema.programCoordinators, unique.map((userId) => ({ programId: program.id, userId })))] : []),
    ],
    [{ action: "program.coordinators_set", entityType: "program", entityId: program.id, before: { userIds: before.map((c) => c.userId) }, after: { userIds: unique } }],
  );
  return listProgramCoordinators(tenantData, programSlug);
}
