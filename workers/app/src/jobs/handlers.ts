/** What each job kind does. Handlers must be safe to run twice (delivery is at least once). */
import * as v from "valibot";
import type { Database } from "@tandem/db";
import { type JobKind, PrunePayloadSchema } from "@tandem/jobs";
import { pruneJobLedgers } from "../data/jobs.js";

export type JobHandler = (db: Database, payload: Record<string, unknown>) => Promise<void>;

export const jobHandlers: Record<JobKind, JobHandler> = {
  /** Keeps the idempotency and failure ledgers from growing forever. */
  "maintenance.prune_job_ledger": async (db, payload) => {
    const { processedBefore, failedBefore } = v.parse(PrunePayloadSchema, payload);
    await pruneJobLedgers(db, new Date(processedBefore), new Date(failedBefore));
  },
};
