/**
 * Background jobs as plain data: the message format on the queue, which jobs
 * the cron tick makes due, and how long a failed job waits before its retry.
 * No I/O here; the Worker's queue and scheduled handlers carry these out.
 */
import * as v from "valibot";

export const JOB_KINDS = ["maintenance.prune_job_ledger", "matching.run", "match.introduce", "consent.request", "self_match.sweep", "match.introduction_sweep"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/**
 * Every queue message. `key` is the idempotency key: a job whose key was
 * already processed is acknowledged without running again, so at-least-once
 * delivery (redelivery, overlapping cron runs) changes nothing twice.
 */
export const JobMessageSchema = v.object({
  kind: v.picklist(JOB_KINDS),
  key: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  payload: v.record(v.string(), v.unknown()),
  enqueuedAt: v.number(),
});
export type JobMessage = v.InferOutput<typeof JobMessageSchema>;

export function parseJobMessage(body: unknown): { ok: true; job: JobMessage } | { ok: false; reason: string } {
  const result = v.safeParse(JobMessageSchema, body);
  if (result.success) return { ok: true, job: result.output };
  const issue = result.issues[0];
  return { ok: false, reason: `${v.getDotPath(issue) ?? "message"}: ${issue.message}` };
}

/** How long rows of the job ledgers are kept. */
export const RETENTION = {
  processedJobsDays: 30,
  failedJobsDays: 90,
} as const;

const DAY_MS = 86_400_000;

/**
 * Jobs the cron tick at `scheduledTime` makes due. The cron fires every 15
 * minutes; daily jobs belong to the tick whose window contains 03:00 UTC, and
 * their key names the day, so a second run in the same window enqueues a
 * duplicate that the consumer then skips. Every tick also sweeps self-match
 * requests, keyed by the tick.
 */
export function planCronJobs(scheduledTime: number): JobMessage[] {
  const at = new Date(scheduledTime);
  const jobs: JobMessage[] = [];
  if (at.getUTCHours() === 3 && at.getUTCMinutes() < 15) {
    const day = at.toISOString().slice(0, 10);
    jobs.push({
      kind: "maintenance.prune_job_ledger",
      key: `maintenance.prune_job_ledger:${day}`,
      payload: {
        processedBefore: scheduledTime - RETENTION.processedJobsDays * DAY_MS,
        failedBefore: scheduledTime - RETENTION.failedJobsDays * DAY_MS,
      },
      enqueuedAt: scheduledTime,
    });
  }
  if (at.getUTCMinutes() < 15) {
    const hour = at.toISOString().slice(0, 13);
    // Introductions whose job never ran (the queue refused it after the approval committed) are found and sent again.
    jobs.push({ kind: "match.introduction_sweep", key: `match.introduction_sweep:${hour}`, payload: { now: scheduledTime }, enqueuedAt: scheduledTime });
  }
  jobs.push({
    kind: "self_match.sweep",
    key: `self_match.sweep:${at.toISOString()}`,
    // The sweep works at the tick's time, not the clock's, so a redelivery decides the same way (and tests can move time).
    payload: { now: scheduledTime },
    enqueuedAt: scheduledTime,
  });
  return jobs;
}

export const PrunePayloadSchema = v.object({
  processedBefore: v.pipe(v.number(), v.integer()),
  failedBefore: v.pipe(v.number(), v.integer()),
});

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
/** Links in emails point back to the host the coordinator worked on (an institution may have its own domain). */
const Origin = v.pipe(v.string(), v.url());

/** Solve a matching run too large for a request. */
export const MatchingRunPayloadSchema = v.object({ tenantId: Id, runId: Id });
/** Introduce both people of a new match to each other, with the program's expectations. */
export const MatchIntroductionPayloadSchema = v.object({ tenantId: Id, matchId: Id, origin: v.optional(Origin) });
/** Find active matches whose introduction never went out, as of the tick's time. */
export const IntroductionSweepPayloadSchema = v.object({ now: v.pipe(v.number(), v.integer()) });
/** How long an introduction may take through the queue before the sweep redoes it, and how far back the sweep looks. */
export const INTRODUCTION_GRACE_MINUTES = 30;
export const INTRODUCTION_LOOKBACK_DAYS = 7;
/** Email a guardian a fresh consent link for one application. */
export const ConsentRequestPayloadSchema = v.object({ tenantId: Id, applicationId: Id, origin: Origin });

/** Expire self-match requests whose mentor did not answer in time, and pause mentors who leave too many unanswered. */
export const SelfMatchSweepPayloadSchema = v.object({ now: v.pipe(v.number(), v.integer()) });

/** A queue's `sendBatch` takes at most this many messages. */
export const SEND_BATCH_LIMIT = 100;

/** Splits jobs into `sendBatch`-sized groups. */
export function inSendBatches<T>(jobs: readonly T[]): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < jobs.length; start += SEND_BATCH_LIMIT) batches.push(jobs.slice(start, start + SEND_BATCH_LIMIT));
  return batches;
}

/** Exponential backoff for a failed attempt (1-based): 2, 4, 8 … seconds, capped at 10 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(2 ** Math.max(1, attempts), 600);
}
