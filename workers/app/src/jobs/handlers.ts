/** What each job kind does. Handlers must be safe to run twice (delivery is at least once). */
import { lt } from "drizzle-orm";
import * as v from "valibot";
import { type Database, schema } from "@tandem/db";
import { type JobKind, PrunePayloadSchema } from "@tandem/jobs";

export type JobHandler = (db: Database, payload: Record<string, unknown>) => Promise<void>;

export const jobHandlers: Record<JobKind, JobHandler> = {
  /** Keeps the idempotency and failure ledgers from growing forever. */
  "maintenance.prune_job_ledger": async (db, payload) => {
    const { processedBefore, failedBefore } = v.parse(PrunePayloadSchema, payload);
    await db.batch([
      db.delete(schema.processedJobs).where(lt(schema.processedJobs.processedAt, new Date(processedBefore))),
      db.delete(schema.failedJobs).where(lt(schema.failedJobs.failedAt, new Date(failedBefore))),
    ]);
  },
};
