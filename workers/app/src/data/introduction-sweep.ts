/**
 * The one cross-tenant read of the introduction sweep: active matches whose
 * introduction never went out (its job was lost between the approval's commit
 * and the queue). Ids only; each is then redone through its own TenantData.
 */
import { and, asc, eq, gt, isNull, lt } from "drizzle-orm";
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
