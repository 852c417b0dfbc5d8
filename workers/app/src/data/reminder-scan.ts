/**
 * The one cross-tenant read of the reminder cron: which institutions may have
 * something due. Tenant ids only; each institution's scan then reads its own
 * rows through its TenantData.
 */
import { and, between, eq, gt, inArray } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";

/**
 * Institutions with an active match, a self-match request still waiting for
 * its mentor at `now`, or an open program starting or ending within the
 * `programWindow` of UTC dates (a day wider than the reminder rule each side,
 * since every institution's local date may differ from UTC's by a day).
 */
export async function tenantsWithReminderWork(db: Database, now: Date, programWindow: { from: string; to: string }): Promise<string[]> {
  const openProgram = inArray(schema.programs.status, ["enrolling", "matching", "active"]);
  const [withMatches, withRequests, starting, ending] = await db.batch([
    db.selectDistinct({ tenantId: schema.matches.tenantId }).from(schema.matches).where(eq(schema.matches.status, "active")),
    db.selectDistinct({ tenantId: schema.matchRequests.tenantId }).from(schema.matchRequests).where(and(eq(schema.matchRequests.status, "pending"), gt(schema.matchRequests.expiresAt, now))),
    db.selectDistinct({ tenantId: schema.programs.tenantId }).from(schema.programs).where(and(openProgram, between(schema.programs.startsOn, programWindow.from, programWindow.to))),
    db.selectDistinct({ tenantId: schema.programs.tenantId }).from(schema.programs).where(and(openProgram, between(schema.programs.endsOn, programWindow.from, programWindow.to))),
  ]);
  return [...new Set([...withMatches, ...withRequests, ...starting, ...ending].map((row) => row.tenantId))].sort();
}
