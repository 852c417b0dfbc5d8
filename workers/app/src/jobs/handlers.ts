/** What each job kind does. Handlers must be safe to run twice (delivery is at least once). */
import * as v from "valibot";
import type { Database } from "@tandem/db";
import { type JobKind, PrunePayloadSchema } from "@tandem/jobs";
import { pruneJobLedgers } from "../data/jobs.js";
import { pruneRateLimitCounters } from "../data/rate-limits.js";

export type JobHandler = (db: Database, payload: Record<string, unknown>, now: Date) => Promise<void>;

export const jobHandlers: Record<JobKind, JobHandler> = {
  /** Keeps the job ledgers and expired rate-limit counters from growing forever. */
  "maintenance.prune_job_ledger": async (db, payload, now) => {
    const { processedBefore, failedBefore } = v.parse(PrunePayloadSchema, payload);
    await pruneJobLedgers(db, new Date(processedBefore), new Date(failedBefore));
    await pruneRateLimitCounters(db, now);
  },
};
