/**
 * The one cross-tenant read of the self-match sweep: which institutions have
 * requests whose answer is overdue. Tenant ids only; the sweep then does each
 * institution's work through its own TenantData.
 */
import { and, eq, gt, lte } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";

/** Pending requests that expired in (`since`, `now`]. */
export async function tenantsWithOverdueRequests(db: Database, since: Date, now: Date): Promise<string[]> {
  const rows = await db
    .selectDistinct({ tenantId: schema.matchRequests.tenantId })
    .from(schema.matchRequests)
    .where(and(eq(schema.matchRequests.status, "pending"), gt(schema.matchRequests.expiresAt, since), lte(schema.matchRequests.expiresAt, now)));
  return rows.map((row) => row.tenantId);
}
