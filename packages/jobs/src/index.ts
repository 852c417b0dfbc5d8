/**
 * Background jobs as plain data: the message format on the queue, which jobs
 * the cron tick makes due, and how long a failed job waits before its retry.
 * No I/O here; the Worker's queue and scheduled handlers carry these out.
 */
import * as v from "valibot";

export const JOB_KINDS = [
  "maintenance.prune_job_ledger",
  "matching.run",
  "match.introduce",
  "consent.request",
  "self_match.sweep",
  "match.introduction_sweep",
  "reminders.scan",
  "reminders.scan_tenant",
  "reminders.deliver",
  "match.closed",
  "checkin.help_alert",
  "screening.expiry_sweep",
] as const;
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
    // Background checks that expired (on an institution's local date, hence hourly) take mentors out of matching; coordinators are told once.
    jobs.push({ kind: "screening.expiry_sweep", key: `screening.expiry_sweep:${hour}`, payload: { now: scheduledTime }, enqueuedAt: scheduledTime });
  }
  // What is due for every institution (check-ins, surveys, agreements …), in each one's own time zone.
  jobs.push({ kind: "reminders.scan", key: `reminders.scan:${at.toISOString()}`, payload: { now: scheduledTime }, enqueuedAt: scheduledTime });
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

/** Find the institutions with active programs and enqueue one scan for each, as of the tick's time. */
export const RemindersScanPayloadSchema = v.object({ now: v.pipe(v.number(), v.integer()) });
/** One institution's scan: what is due, planned into emails, enqueued as `reminders.deliver`. */
export const RemindersScanTenantPayloadSchema = v.object({ tenantId: Id, now: v.pipe(v.number(), v.integer()) });
/** A match closed: both people get the closure survey (and the other person is told). */
export const MatchClosedPayloadSchema = v.object({ tenantId: Id, matchId: Id });
/** Mentors whose background check expired leave matching; their programs' coordinators are told once per expiry. */
export const ScreeningExpirySweepPayloadSchema = v.object({ now: v.pipe(v.number(), v.integer()) });
/** A participant answered "We need help": the program's coordinators are told at once. */
export const CheckinHelpAlertPayloadSchema = v.object({ tenantId: Id, checkinId: Id });

/** A queue's `sendBatch` takes at most this many messages. */
export const SEND_BATCH_LIMIT = 100;

/** Splits jobs into `sendBatch`-sized groups. */
export function inSendBatches<T>(jobs: readonly T[]): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < jobs.length; start += SEND_BATCH_LIMIT) batches.push(jobs.slice(start, start + SEND_BATCH_LIMIT));
  return batches;
}

/**
 * Cloudflare Queues' size limits: one `sendBatch` call carries at most 256 KB
 * of messages, one message at most 128 KB. Batches are cut below them, leaving
 * room for each message's envelope.
 */
export const SEND_BATCH_MAX_BYTES = 240_000;
export const MESSAGE_MAX_BYTES = 120_000;

const encoder = new TextEncoder();

/** A message body's size on the queue, as JSON in UTF-8. */
export function messageBytes(body: unknown): number {
  return encoder.encode(JSON.stringify(body)).byteLength;
}

/**
 * Splits message bodies into `sendBatch` calls of at most 100 messages and
 * `maxBytes` in total, keeping order. Throws on a message over `MESSAGE_MAX_BYTES`,
 * which no batch could carry: its producer must make it smaller.
 */
export function inSendBatchesBySize<T>(bodies: readonly T[], maxBytes = SEND_BATCH_MAX_BYTES): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const body of bodies) {
    const size = messageBytes(body);
    if (size > MESSAGE_MAX_BYTES) throw new RangeError(`a queue message of ${size} bytes is over the ${MESSAGE_MAX_BYTES}-byte limit`);
    if (current.length === SEND_BATCH_LIMIT || (current.length > 0 && bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(body);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Exponential backoff for a failed attempt (1-based): 2, 4, 8 … seconds, capped at 10 minutes. */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(2 ** Math.max(1, attempts), 600);
}
