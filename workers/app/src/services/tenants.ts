/** Reads about institutions that anyone may see (name and branding for public pages and the embed widget). */
import type { Database } from "@tandem/db";
import { findPublicProfile } from "../data/tenants.js";

export type PublicInstitution = NonNullable<Awaited<ReturnType<typeof findPublicProfile>>>;

export function getPublicInstitution(db: Database, slug: string): Promise<PublicInstitution | null> {
  return findPublicProfile(db, slug);
}
