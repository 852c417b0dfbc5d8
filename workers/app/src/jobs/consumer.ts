/**
 * Queue consumers. Each message is acknowledged or retried on its own, so one
 * bad job never holds back the rest of its batch:
 * - malformed or unknown messages are recorded in `failed_jobs` and acked (retrying cannot fix them);
 * - a job whose idempotency key was already processed is acked without running;
 * - a failing job is retried with exponential backoff; after `max_retries` the
 *   queue moves it to the dead-letter queue, whose consumer records it.
 * Reminder emails (`reminders.deliver`) are the exception: the batch's are sent
 * together (services/reminder-delivery.ts), exactly once by their own ledger,
 * and still acked or retried one by one.
 */
import { type Database, openDatabase } from "@tandem/db";
import { type JobMessage, parseJobMessage, retryDelaySeconds } from "@tandem/jobs";
import { loadConfig } from "../config.js";
import { isJobProcessed, markJobProcessed, recordFailedJob } from "../data/jobs.js";
import type { Env } from "../env.js";
import { describeError, log } from "../log.js";
import { createMailer } from "../email/mailer.js";
import { type DeliveryOutcome, deliverReminderBatch } from "../services/reminder-delivery.js";
import { giveUp, type JobContext, jobHandlers } from "./handlers.js";

export async function consumeJobs(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const config = loadConfig(env);
  const { db } = openDatabase(config.database);
  const context: JobContext = { db, config, mailer: createMailer(config, db), jobs: env.JOBS };
  const reminders: { message: Message<unknown>; job: JobMessage }[] = [];
  for (const message of batch.messages) {
    const parsed = parseJobMessage(message.body);
    // Reminder emails go together, in a few database round trips for the whole batch; their ledger is their own.
    if (parsed.ok && parsed.job.kind === "reminders.deliver") {
      reminders.push({ message, job: parsed.job });
      continue;
    }
    try {
      if (parsed.ok) await runOnce(context, parsed.job);
      else await recordFailure(db, batch.queue, message, null, `Malformed job: ${parsed.reason}`, tenantIdOf((message.body as { payload?: Record<string, unknown> } | null)?.payload));
      message.ack();
    } catch (error) {
      const delaySeconds = retryDelaySeconds(message.attempts);
      const job = parsed.ok ? { kind: parsed.job.kind, key: parsed.job.key } : { malformed: true };
      log("warn", "job failed; will retry", { queue: batch.queue, ...job, attempts: message.attempts, delaySeconds, error: describeError(error) });
      message.retry({ delaySeconds });
    }
  }
  if (reminders.length > 0) await deliverReminders(context, batch.queue, reminders);
}

/** Acks each reminder message that is done, retries those that are not (backoff, or until the morning), records the malformed. */
async function deliverReminders(context: JobContext, queue: string, reminders: { message: Message<unknown>; job: JobMessage }[]): Promise<void> {
  let outcomes: Map<string, DeliveryOutcome>;
  try {
    outcomes = await deliverReminderBatch(context, reminders.map(({ message, job }) => ({ id: message.id, attempts: message.attempts, payload: job.payload })), Date.now());
  } catch (error) {
    log("warn", "reminder batch failed; will retry", { queue, messages: reminders.length, error: describeError(error) });
    outcomes = new Map(reminders.map(({ message }) => [message.id, { action: "retry", delaySeconds: retryDelaySeconds(message.attempts), reason: "batch failed" }]));
  }
  for (const { message, job } of reminders) {
    const outcome = outcomes.get(message.id) ?? { action: "retry", delaySeconds: retryDelaySeconds(message.attempts), reason: "no outcome" };
    if (outcome.action === "ack") {
      message.ack();
    } else if (outcome.action === "retry") {
      log("warn", "reminder will retry", { queue, key: job.key, attempts: message.attempts, delaySeconds: outcome.delaySeconds, reason: outcome.reason });
      message.retry({ delaySeconds: outcome.delaySeconds });
    } else {
      try {
        await recordFailure(context.db, queue, message, job.kind, outcome.reason, tenantIdOf(job.payload));
        message.ack();
      } catch (error) {
        log("error", "could not record a malformed reminder", { queue, error: describeError(error) });
        message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
      }
    }
  }
}

/** The institution a job names, if any, so its console can show the job's failure. */
function tenantIdOf(payload: Record<string, unknown> | undefined): string | null {
  return typeof payload?.tenantId === "string" ? payload.tenantId : null;
}

async function runOnce(context: JobContext, job: JobMessage): Promise<void> {
  if (job.kind === "reminders.deliver") throw new Error("reminders.deliver is delivered a batch at a time");
  if (await isJobProcessed(context.db, job.key)) return;
  await jobHandlers[job.kind](context, job.payload, new Date(), job.key);
  await markJobProcessed(context.db, job.key, job.kind);
  log("info", "job processed", { kind: job.kind, key: job.key });
}

/** The dead-letter consumer: record what exhausted its retries, for the admin console. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const { db } = openDatabase(loadConfig(env).database);
  for (const message of batch.messages) {
    const parsed = parseJobMessage(message.body);
    try {
      await recordFailure(db, batch.queue, message, parsed.ok ? parsed.job.kind : null, "Gave up after the queue's maximum retries", parsed.ok ? tenantIdOf(parsed.job.payload) : null);
      if (parsed.ok) await giveUp(db, parsed.job);
      message.ack();
    } catch (error) {
      log("error", "could not record a dead-lettered job", { queue: batch.queue, error: describeError(error) });
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}

async function recordFailure(db: Database, queue: string, message: Message<unknown>, kind: string | null, reason: string, tenantId: string | null = null): Promise<void> {
  log("error", "job failed for good", { queue, kind, reason, messageId: message.id, attempts: message.attempts, tenantId });
  await recordFailedJob(db, { id: message.id, queue, kind, body: JSON.stringify(message.body) ?? "null", reason, attempts: message.attempts, tenantId });
}
