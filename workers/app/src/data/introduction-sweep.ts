/**
 * The cross-tenant reads of the hourly sweep for emails whose job was lost
 * between a commit and the queue: active matches never introduced, and closed
 * matches whose closure surveys never went out. Ids only; each is then redone
 * through its own TenantData, under the job's own key.
 */
import { and, asc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";

/** Matches created in (`since`, `before`) with no introduction yet, oldest first, at most `limit`. */
export async function matchesNeverIntroduced(db: Database, since: Date, before: Date, limit = 1_000): Promise<{ tenantId: string; matchId: string }[]> {
  return db
    .select({ tenantId: schema.matches.tenantId, matchId: schema.matches.id })
    .from(schema.matches)
    .where(and(isNull(schema.matches.introducedAt), eq(schema.matches.status, "active"), gt(schema.matches.createdAt, since), lt(schema.matches.createdAt, before)))
    .orderBy(asc(schema.matches.createdAt))
    .limit(limit);
}

/**
 * Matches closed in (`since`, `before`) whose `match.closed` job (the closure
 * surveys) never completed: its key is not in the job ledger. Oldest first, at most `limit`.
 */
export async function matchesClosedWithoutSurveys(db: Database, since: Date, before: Date, limit = 1_000): Promise<{ tenantId: string; matchId: string }[]> {
  return db
    .select({ tenantId: schema.matches.tenantId, matchId: schema.matches.id })
    .from(schema.matches)
    .leftJoin(schema.processedJobs, eq(schema.processedJobs.idempotencyKey, sql`'match.closed:' || ${schema.matches.id}`))
    .where(and(eq(schema.matches.status, "closed"), gt(schema.matches.closedAt, since), lt(schema.matches.closedAt, before), isNull(schema.processedJobs.idempotencyKey)))
    .orderBy(asc(schema.matches.closedAt))
    .limit(limit);
}
