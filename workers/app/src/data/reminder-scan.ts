/**
 * The one cross-tenant read of the reminder cron: which institutions may have
 * something due. Tenant ids only; each institution's scan then reads its own
 * rows through its TenantData.
 */
import { and, between, eq, gt, inArray, sql } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";

/**
 * Institutions with an active match, a self-match request still waiting for
 * its mentor at `now`, an open program starting or ending within the
 * `programWindow` of UTC dates (a day wider than the reminder rule each side,
 * since every institution's local date may differ from UTC's by a day), or
 * required training falling due within the `trainingWindow`.
 */
export async function tenantsWithReminderWork(db: Database, now: Date, programWindow: { from: string; to: string }, trainingWindow: { from: string; to: string } = programWindow): Promise<string[]> {
  const openProgram = inArray(schema.programs.status, ["enrolling", "matching", "active"]);
  const trainingDueOn = sql`coalesce(${schema.programSafeguarding.trainingDueOn}, ${schema.programs.startsOn})`;
  const [withMatches, withRequests, starting, ending, training] = await db.batch([
    db.selectDistinct({ tenantId: schema.matches.tenantId }).from(schema.matches).where(eq(schema.matches.status, "active")),
    db.selectDistinct({ tenantId: schema.matchRequests.tenantId }).from(schema.matchRequests).where(and(eq(schema.matchRequests.status, "pending"), gt(schema.matchRequests.expiresAt, now))),
    db.selectDistinct({ tenantId: schema.programs.tenantId }).from(schema.programs).where(and(openProgram, between(schema.programs.startsOn, programWindow.from, programWindow.to))),
    db.selectDistinct({ tenantId: schema.programs.tenantId }).from(schema.programs).where(and(openProgram, between(schema.programs.endsOn, programWindow.from, programWindow.to))),
    db
      .selectDistinct({ tenantId: schema.programs.tenantId })
      .from(schema.programSafeguarding)
      .innerJoin(schema.programs, and(eq(schema.programs.tenantId, schema.programSafeguarding.tenantId), eq(schema.programs.id, schema.programSafeguarding.programId)))
      .where(and(openProgram, eq(schema.programSafeguarding.trainingRequired, true), between(trainingDueOn, trainingWindow.from, trainingWindow.to))),
  ]);
  return [...new Set([...withMatches, ...withRequests, ...starting, ...ending, ...training].map((row) => row.tenantId))].sort();
}
