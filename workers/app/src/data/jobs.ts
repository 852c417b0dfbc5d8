/** The job ledgers (system tables, not tenant-owned). */
import { eq, lt } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";

export async function isJobProcessed(db: Database, key: string): Promise<boolean> {
  const rows = await db.select({ key: schema.processedJobs.idempotencyKey }).from(schema.processedJobs).where(eq(schema.processedJobs.idempotencyKey, key)).limit(1);
  return rows.length > 0;
}

export async function markJobProcessed(db: Database, key: string, kind: string): Promise<void> {
  await db.insert(schema.processedJobs).values({ idempotencyKey: key, kind }).onConflictDoNothing();
}

export async function recordFailedJob(db: Database, failure: typeof schema.failedJobs.$inferInsert): Promise<void> {
  await db.insert(schema.failedJobs).values(failure).onConflictDoNothing();
}

/** Deletes ledger rows older than the given instants, in one batch. */
export async function pruneJobLedgers(db: Database, processedBefore: Date, failedBefore: Date): Promise<void> {
  await db.batch([
    db.delete(schema.processedJobs).where(lt(schema.processedJobs.processedAt, processedBefore)),
    db.delete(schema.failedJobs).where(lt(schema.failedJobs.failedAt, failedBefore)),
  ]);
}
