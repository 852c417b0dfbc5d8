/** Finding a tenant (not tenant-scoped: this is how a request finds its tenant). */
import { eq } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";
import type { TenantRef } from "./tenant-data.js";

const tenantColumns = {
  id: schema.tenants.id,
  slug: schema.tenants.slug,
  name: schema.tenants.name,
  kind: schema.tenants.kind,
  timezone: schema.tenants.timezone,
};

export async function findTenantBySlug(db: Database, slug: string): Promise<TenantRef | null> {
  const [tenant] = await db.select(tenantColumns).from(schema.tenants).where(eq(schema.tenants.slug, slug)).limit(1);
  return tenant ?? null;
}

export function insertTenant(db: Database, tenant: TenantRef) {
  return db.insert(schema.tenants).values(tenant);
}

/** What anyone may know about an institution: name, kind, time zone, branding. */
export async function findPublicProfile(db: Database, slug: string) {
  const [profile] = await db
    .select({ slug: schema.tenants.slug, name: schema.tenants.name, kind: schema.tenants.kind, timezone: schema.tenants.timezone, brandColor: schema.tenants.brandColor, logoUrl: schema.tenants.logoUrl })
    .from(schema.tenants)
    .where(eq(schema.tenants.slug, slug))
    .limit(1);
  return profile ?? null;
}

export async function findEmbedOrigins(db: Database, slug: string): Promise<string[] | null> {
  const [row] = await db.select({ origins: schema.tenants.allowedEmbedOrigins }).from(schema.tenants).where(eq(schema.tenants.slug, slug)).limit(1);
  return row?.origins ?? null;
}

/** For background jobs, which carry the tenant's id rather than a request's slug. */
export async function findTenantById(db: Database, id: string): Promise<TenantRef | null> {
  const [tenant] = await db.select(tenantColumns).from(schema.tenants).where(eq(schema.tenants.id, id)).limit(1);
  return tenant ?? null;
}
