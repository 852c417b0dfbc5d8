import { sql } from "drizzle-orm";
import type { Database } from "@tandem/db";

/** One round trip to the database. */
export async function pingDatabase(db: Database): Promise<void> {
  await db.run(sql`SELECT 1`);
}
