/** Reads about institutions that anyone may see (name and branding for public pages and the embed widget). */
import type { Database } from "@tandem/db";
import type { TenantRef } from "../data/tenant-data.js";
import { findTenantBySlug } from "../data/tenants.js";

export type PublicInstitution = Omit<TenantRef, "id">;

export async function getPublicInstitution(db: Database, slug: string): Promise<PublicInstitution | null> {
  const tenant = await findTenantBySlug(db, slug);
  if (!tenant) return null;
  const { id: _internalId, ...institution } = tenant;
  return institution;
}
