import type { Database } from "@tandem/db";
import { findEmbedOrigins } from "../data/tenants.js";

/** The origins allowed to embed an institution's forms (none for an unknown institution). */
export async function allowedEmbedOrigins(db: Database, slug: string): Promise<string[]> {
  return (await findEmbedOrigins(db, slug)) ?? [];
}
