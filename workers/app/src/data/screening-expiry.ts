/**
 * The one cross-tenant read of the screening expiry sweep: institutions with a
 * cleared background check that has expired (by `latestDate`, a day ahead of
 * UTC so every zone's today is covered) in a program that requires screening,
 * and whose coordinators were not told about that expiry yet. Tenant ids only; each institution's sweep reads its own rows.
 */
import { and, eq, isNull, lte, ne, or } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";

export async function tenantsWithExpiredScreenings(db: Database, latestDate: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ tenantId: schema.mentorScreenings.tenantId })
    .from(schema.mentorScreenings)
    .innerJoin(
      schema.programSafeguarding,
      and(eq(schema.programSafeguarding.tenantId, schema.mentorScreenings.tenantId), eq(schema.programSafeguarding.programId, schema.mentorScreenings.programId), eq(schema.programSafeguarding.screeningRequired, true)),
    )
    .where(
      and(
        eq(schema.mentorScreenings.backgroundCheckStatus, "cleared"),
        lte(schema.mentorScreenings.backgroundCheckExpiresOn, latestDate),
        or(isNull(schema.mentorScreenings.expiryNotifiedOn), ne(schema.mentorScreenings.expiryNotifiedOn, schema.mentorScreenings.backgroundCheckExpiresOn)),
      ),
    );
  return rows.map((row) => row.tenantId).sort();
}
