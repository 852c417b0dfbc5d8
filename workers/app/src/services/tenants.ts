/** Reads about institutions that anyone may see (name and branding for public pages and the embed widget). */
import { eq } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";

export interface PublicInstitution {
  slug: string;
  name: string;
  kind: (typeof schema.TENANT_KINDS)[number];
  timezone: string;
}

export async function getPublicInstitution(db: Database, slug: string): Promise<PublicInstitution | null> {
  const rows = await db
    .select({ slug: schema.tenants.slug, name: schema.tenants.name, kind: schema.tenants.kind, timezone: schema.tenants.timezone })
    .from(schema.tenants)
    .where(eq(schema.tenants.slug, slug))
    .limit(1);
  return rows[0] ?? null;
}
