import { lt, sql } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";

/** Adds one to each window's counter in one round trip; returns the new counts in order. */
export async function incrementCounters(db: Database, windows: { key: string; expiresAt: Date }[]): Promise<number[]> {
  const statements = windows.map((window) =>
    db
      .insert(schema.rateLimitCounters)
      .values({ key: window.key, count: 1, expiresAt: window.expiresAt })
      .onConflictDoUpdate({ target: schema.rateLimitCounters.key, set: { count: sql`${schema.rateLimitCounters.count} + 1` } })
      .returning({ count: schema.rateLimitCounters.count }),
  );
  if (statements.length === 0) return [];
  const results = await db.batch(statements as [(typeof statements)[number], ...(typeof statements)[number][]]);
  return results.map(([row]) => row?.count ?? 0);
}

export async function pruneRateLimitCounters(db: Database, before: Date): Promise<void> {
  await db.delete(schema.rateLimitCounters).where(lt(schema.rateLimitCounters.expiresAt, before));
}
