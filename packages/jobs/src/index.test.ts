import { describe, expect, it } from "vitest";
import { inSendBatches, inSendBatchesBySize, MESSAGE_MAX_BYTES, messageBytes, parseJobMessage, planCronJobs, RETENTION, retryDelaySeconds, SEND_BATCH_LIMIT } from "./index.js";

describe("planCronJobs", () => {
  it("plans the daily prune in the tick containing 03:00 UTC, keyed by day", () => {
    const tick = Date.parse("2026-11-25T03:00:00Z");
    const [job, ...rest] = planCronJobs(tick);
    expect(rest.map((other) => other.kind)).toEqual(["match.introduction_sweep", "screening.expiry_sweep", "reminders.scan", "self_match.sweep"]);
    expect(job).toEqual({
      kind: "maintenance.prune_job_ledger",
      key: "maintenance.prune_job_ledger:2026-11-25",
      payload: {
        processedBefore: tick - RETENTION.processedJobsDays * 86_400_000,
        failedBefore: tick - RETENTION.failedJobsDays * 86_400_000,
      },
      enqueuedAt: tick,
    });
  });

  it("gives a late tick in the same window the same key, and other ticks no prune", () => {
    expect(planCronJobs(Date.parse("2026-11-25T03:14:59Z"))[0].key).toBe("maintenance.prune_job_ledger:2026-11-25");
    const daily = (time: string) => planCronJobs(Date.parse(time)).filter((job) => job.kind === "maintenance.prune_job_ledger");
    expect(daily("2026-11-25T03:15:00Z")).toEqual([]);
    expect(daily("2026-11-25T02:45:00Z")).toEqual([]);
  });

  it("scans for reminders and sweeps self-match requests on every tick, keyed by the tick, at the tick's time", () => {
    const tick = Date.parse("2026-11-25T10:30:00Z");
    expect(planCronJobs(tick)).toEqual([
      { kind: "reminders.scan", key: "reminders.scan:2026-11-25T10:30:00.000Z", payload: { now: tick }, enqueuedAt: tick },
      { kind: "self_match.sweep", key: "self_match.sweep:2026-11-25T10:30:00.000Z", payload: { now: tick }, enqueuedAt: tick },
    ]);
    // Two cron runs for the same tick enqueue the same keys, which the consumer runs once.
    expect(planCronJobs(tick).map((job) => job.key)).toEqual(planCronJobs(tick).map((job) => job.key));
  });
});

describe("the introduction sweep", () => {
  it("runs in the first tick of each hour, keyed by the hour, at the tick's time", () => {
    const sweeps = (time: string) => planCronJobs(Date.parse(time)).filter((job) => job.kind === "match.introduction_sweep");
    const tick = Date.parse("2026-11-25T10:00:00Z");
    expect(sweeps("2026-11-25T10:00:00Z")).toEqual([{ kind: "match.introduction_sweep", key: "match.introduction_sweep:2026-11-25T10", payload: { now: tick }, enqueuedAt: tick }]);
    // A late tick in the same window repeats the key, so the consumer runs it once.
    expect(sweeps("2026-11-25T10:14:00Z")[0]?.key).toBe("match.introduction_sweep:2026-11-25T10");
    expect(sweeps("2026-11-25T10:15:00Z")).toEqual([]);
  });
});

describe("the screening expiry sweep", () => {
  it("runs hourly, so each institution's local date change is caught within the hour", () => {
    const sweeps = (time: string) => planCronJobs(Date.parse(time)).filter((job) => job.kind === "screening.expiry_sweep");
    expect(sweeps("2026-11-25T22:05:00Z")).toEqual([{ kind: "screening.expiry_sweep", key: "screening.expiry_sweep:2026-11-25T22", payload: { now: Date.parse("2026-11-25T22:05:00Z") }, enqueuedAt: Date.parse("2026-11-25T22:05:00Z") }]);
    expect(sweeps("2026-11-25T22:30:00Z")).toEqual([]);
  });
});

describe("parseJobMessage", () => {
  it("accepts a well-formed job and names the field of a bad one", () => {
    const job = planCronJobs(Date.parse("2026-11-25T03:00:00Z"))[0];
    expect(parseJobMessage(JSON.parse(JSON.stringify(job)))).toEqual({ ok: true, job });
    expect(parseJobMessage({ ...job, kind: "nope" })).toMatchObject({ ok: false, reason: expect.stringMatching(/^kind: /) });
    expect(parseJobMessage("garbage")).toMatchObject({ ok: false });
  });
});

describe("retryDelaySeconds", () => {
  it("doubles per attempt and is capped", () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([2, 4, 8, 16]);
    expect(retryDelaySeconds(30)).toBe(600);
  });
});

describe("inSendBatches", () => {
  it("splits into groups of at most 100, keeping order", () => {
    const jobs = Array.from({ length: 250 }, (_, index) => index);
    const batches = inSendBatches(jobs);
    expect(batches.map((batch) => batch.length)).toEqual([100, 100, 50]);
    expect(batches.flat()).toEqual(jobs);
    expect(inSendBatches([])).toEqual([]);
  });
});

describe("inSendBatchesBySize", () => {
  const body = (bytes: number) => ({ pad: "x".repeat(bytes - messageBytes({ pad: "" })) });

  it("measures a body as UTF-8 JSON", () => {
    expect(messageBytes({ a: "é" })).toBe(JSON.stringify({ a: "é" }).length + 1);
    expect(messageBytes(body(1000))).toBe(1000);
  });

  it("cuts a batch before it would pass the byte budget, keeping order", () => {
    const bodies = Array.from({ length: 7 }, () => body(40_000));
    const batches = inSendBatchesBySize(bodies, 100_000);
    expect(batches.map((batch) => batch.length)).toEqual([2, 2, 2, 1]);
    expect(batches.flat()).toEqual(bodies);
  });

  it("still cuts at 100 messages when they are small", () => {
    const batches = inSendBatchesBySize(Array.from({ length: 250 }, (_, index) => ({ index })));
    expect(batches.map((batch) => batch.length)).toEqual([SEND_BATCH_LIMIT, SEND_BATCH_LIMIT, 50]);
    expect(inSendBatchesBySize([])).toEqual([]);
  });

  it("refuses a message no batch could carry", () => {
    expect(() => inSendBatchesBySize([body(MESSAGE_MAX_BYTES + 1)])).toThrow(RangeError);
    expect(inSendBatchesBySize([body(MESSAGE_MAX_BYTES)])).toHaveLength(1);
  });
});
