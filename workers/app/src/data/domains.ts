/** Custom domains of institutions. */
import { eq } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";

/**
 * Which institution a hostname belongs to. Keyed by hostname, not tenant: this
 * is how a request on a custom domain finds its tenant in the first place.
 */
export async function findTenantSlugByHostname(db: Database, hostname: string): Promise<string | null> {
  const [row] = await db
    .select({ slug: schema.tenants.slug })
    .from(schema.tenantDomains)
    .innerJoin(schema.tenants, eq(schema.tenants.id, schema.tenantDomains.tenantId))
    .where(eq(schema.tenantDomains.hostname, hostname))
    .limit(1);
  return row?.slug ?? null;
}
