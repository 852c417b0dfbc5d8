/**
 * Queue consumers. Each message is acknowledged or retried on its own, so one
 * bad job never holds back the rest of its batch:
 * - malformed or unknown messages are recorded in `failed_jobs` and acked (retrying cannot fix them);
 * - a job whose idempotency key was already processed is acked without running;
 * - a failing job is retried with exponential backoff; after `max_retries` the
 *   queue moves it to the dead-letter queue, whose consumer records it.
 */
import { type Database, openDatabase } from "@tandem/db";
import { type JobMessage, parseJobMessage, retryDelaySeconds } from "@tandem/jobs";
import { loadConfig } from "../config.js";
import { isJobProcessed, markJobProcessed, recordFailedJob } from "../data/jobs.js";
import type { Env } from "../env.js";
import { describeError, log } from "../log.js";
import { createMailer } from "../email/mailer.js";
import { giveUp, type JobContext, jobHandlers } from "./handlers.js";

export async function consumeJobs(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const config = loadConfig(env);
  const { db } = openDatabase(config.database);
  const context: JobContext = { db, config, mailer: createMailer(config, db), jobs: env.JOBS };
  for (const message of batch.messages) {
    const parsed = parseJobMessage(message.body);
    try {
      if (parsed.ok) await runOnce(context, parsed.job);
      else await recordFailure(db, batch.queue, message, null, `Malformed job: ${parsed.reason}`);
      message.ack();
    } catch (error) {
      const delaySeconds = retryDelaySeconds(message.attempts);
      const job = parsed.ok ? { kind: parsed.job.kind, key: parsed.job.key } : { malformed: true };
      log("warn", "job failed; will retry", { queue: batch.queue, ...job, attempts: message.attempts, delaySeconds, error: describeError(error) });
      message.retry({ delaySeconds });
    }
  }
}

async function runOnce(context: JobContext, job: JobMessage): Promise<void> {
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
      await recordFailure(db, batch.queue, message, parsed.ok ? parsed.job.kind : null, "Gave up after the queue's maximum retries");
      if (parsed.ok) await giveUp(db, parsed.job);
      message.ack();
    } catch (error) {
      log("error", "could not record a dead-lettered job", { queue: batch.queue, error: describeError(error) });
      message.retry({ delaySeconds: retryDelaySeconds(message.attempts) });
    }
  }
}

async function recordFailure(db: Database, queue: string, message: Message<unknown>, kind: string | null, reason: string): Promise<void> {
  log("error", "job failed for good", { queue, kind, reason, messageId: message.id, attempts: message.attempts });
  await recordFailedJob(db, { id: message.id, queue, kind, body: JSON.stringify(message.body) ?? "null", reason, attempts: message.attempts });
}
