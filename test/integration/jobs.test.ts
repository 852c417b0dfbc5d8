/** The queue consumer, the dead-letter consumer and the cron tick, in workerd with real queues. */
import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { eq, inArray, like } from "drizzle-orm";
import { afterEach, describe, expect, it, vi } from "vitest";
import { schema } from "@tandem/db";
import { type JobMessage, planCronJobs } from "@tandem/jobs";
import worker from "../../workers/app/src/index.js";
import { signUpAndSignIn } from "./agent.js";
import { testDatabase } from "./factories.js";

const db = testDatabase();
afterEach(() => vi.restoreAllMocks());
const DAY = 86_400_000;

function pruneJob(key: string, now = Date.now()): JobMessage {
  return { kind: "maintenance.prune_job_ledger", key, payload: { processedBefore: now - 30 * DAY, failedBefore: now - 90 * DAY }, enqueuedAt: now };
}

function message(id: string, body: unknown, attempts = 1) {
  return { id, timestamp: new Date(), attempts, body };
}

async function runBatch(queue: string, messages: ReturnType<typeof message>[], overrides: Partial<typeof env> = {}) {
  const batch = createMessageBatch(queue, messages);
  const ctx = createExecutionContext();
  await worker.queue(batch, { ...env, ...overrides }, ctx);
  return getQueueResult(batch, ctx);
}

describe("the job consumer", () => {
  it("runs a job once even when it is delivered twice, and prunes old ledger rows", async () => {
    const tag = crypto.randomUUID();
    await db.insert(schema.processedJobs).values([
      { idempotencyKey: `${tag}:old`, kind: "maintenance.prune_job_ledger", processedAt: new Date(Date.now() - 40 * DAY) },
      { idempotencyKey: `${tag}:recent`, kind: "maintenance.prune_job_ledger", processedAt: new Date(Date.now() - 2 * DAY) },
    ]);
    const job = pruneJob(`${tag}:run`);
    const first = await runBatch("tandem-jobs", [message("m1", job), message("m2", job)]);
    expect(first.explicitAcks.sort()).toEqual(["m1", "m2"]);
    expect(first.retryMessages).toEqual([]);

    // A redelivery of the whole batch changes nothing.
    await db.insert(schema.processedJobs).values({ idempotencyKey: `${tag}:old-again`, kind: "x", processedAt: new Date(Date.now() - 40 * DAY) });
    const again = await runBatch("tandem-jobs", [message("m1", job, 2)]);
    expect(again.explicitAcks).toEqual(["m1"]);

    const keys = (await db.select().from(schema.processedJobs).where(like(schema.processedJobs.idempotencyKey, `${tag}:%`))).map((row) => row.idempotencyKey).sort();
    expect(keys).toEqual([`${tag}:old-again`, `${tag}:recent`, `${tag}:run`]);
  });

  it("records a malformed message as failed and acknowledges it instead of retrying", async () => {
    const id = `bad-${crypto.randomUUID()}`;
    const result = await runBatch("tandem-jobs", [message(id, { kind: "no.such.job", key: "k", payload: {}, enqueuedAt: 1 })]);
    expect(result.explicitAcks).toEqual([id]);
    const [failed] = await db.select().from(schema.failedJobs).where(eq(schema.failedJobs.id, id));
    expect(failed).toMatchObject({ queue: "tandem-jobs", kind: null, attempts: 1, reason: expect.stringContaining("kind") });
  });

  it("retries with exponential backoff while the database is down", async () => {
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const result = await runBatch("tandem-jobs", [message("r1", pruneJob(crypto.randomUUID()), 3)], { LIBSQL_URL: "http://127.0.0.1:9" });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toEqual([expect.objectContaining({ msgId: "r1" })]);
    // The test harness does not report the delay it was given, so read it from the log line.
    const logged = warnings.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(logged).toContainEqual(expect.objectContaining({ message: "job failed; will retry", attempts: 3, delaySeconds: 8 }));
  });

  it("retries, rather than drops, a malformed message it cannot record while the database is down", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation(() => {});
    const good = pruneJob(crypto.randomUUID());
    const result = await runBatch("tandem-jobs", [message("bad", { nonsense: true }), message("good", good)], { LIBSQL_URL: "http://127.0.0.1:9" });
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages.map((retry) => retry.msgId).sort()).toEqual(["bad", "good"]);
  });

  it("records dead-lettered jobs for the admin console", async () => {
    const id = `dead-${crypto.randomUUID()}`;
    const job = pruneJob(`dead:${id}`);
    const result = await runBatch("tandem-jobs-dlq", [message(id, job, 6)]);
    expect(result.explicitAcks).toEqual([id]);
    const [failed] = await db.select().from(schema.failedJobs).where(eq(schema.failedJobs.id, id));
    expect(failed).toMatchObject({ queue: "tandem-jobs-dlq", kind: "maintenance.prune_job_ledger", attempts: 6, reason: expect.stringContaining("retries") });
    expect(JSON.parse(failed.body)).toEqual(job);
  });
});

describe("a job that exhausts its retries", () => {
  it("leaves a matching run failed with what to do, not running forever", async () => {
    const { owner, slug } = await signUpAndSignIn();
    await owner.post(`/api/v1/t/${slug}/programs`, { name: "Peers", slug: "dlq-peers", type: "peer" });
    const [program] = await db.select().from(schema.programs).innerJoin(schema.tenants, eq(schema.programs.tenantId, schema.tenants.id)).where(eq(schema.tenants.slug, slug));
    const runId = crypto.randomUUID();
    await db.insert(schema.matchingRuns).values({ id: runId, tenantId: program!.tenants.id, programId: program!.programs.id, status: "running", settings: {} });
    const job: JobMessage = { kind: "matching.run", key: `matching.run:${runId}`, payload: { tenantId: program!.tenants.id, runId }, enqueuedAt: Date.now() };
    const result = await runBatch("tandem-jobs-dlq", [message(`dead-${runId}`, job, 6)]);
    expect(result.explicitAcks).toEqual([`dead-${runId}`]);
    const [run] = await db.select().from(schema.matchingRuns).where(eq(schema.matchingRuns.id, runId));
    expect(run).toMatchObject({ status: "failed", error: expect.stringContaining("Try again") });
  });
});

describe("the cron tick", () => {
  it("enqueues the daily job through the real queue, which the consumer then processes", async () => {
    // A fresh day far in the future gives this test its own idempotency key.
    const day = new Date(Date.UTC(2090 + Math.floor(Math.random() * 9), Math.floor(Math.random() * 12), 1 + Math.floor(Math.random() * 28), 3, 0));
    const [expected] = planCronJobs(day.getTime());
    const controller = createScheduledController({ scheduledTime: day, cron: "*/15 * * * *" });
    await worker.scheduled(controller, env, createExecutionContext());

    await expect
      .poll(async () => (await db.select().from(schema.processedJobs).where(inArray(schema.processedJobs.idempotencyKey, [expected.key]))).length, { timeout: 10_000, interval: 100 })
      .toBe(1);
  });

  it("enqueues only the per-tick jobs outside the daily job's window", async () => {
    const controller = createScheduledController({ scheduledTime: new Date("2026-11-25T10:30:00Z"), cron: "*/15 * * * *" });
    const sent: unknown[] = [];
    const jobs = { ...env.JOBS, sendBatch: async (batch: unknown[]) => void sent.push(...batch) } as unknown as Queue<JobMessage>;
    await worker.scheduled(controller, { ...env, JOBS: jobs }, createExecutionContext());
    expect(sent).toEqual([
      expect.objectContaining({ body: expect.objectContaining({ kind: "reminders.scan", key: "reminders.scan:2026-11-25T10:30:00.000Z" }) }),
      expect.objectContaining({ body: expect.objectContaining({ kind: "self_match.sweep", key: "self_match.sweep:2026-11-25T10:30:00.000Z" }) }),
    ]);
  });
});
