import { describe, expect, it } from "vitest";
import { inSendBatches, parseJobMessage, planCronJobs, RETENTION, retryDelaySeconds } from "./index.js";

describe("planCronJobs", () => {
  it("plans the daily prune in the tick containing 03:00 UTC, keyed by day", () => {
    const tick = Date.parse("2026-11-25T03:00:00Z");
    const [job, ...rest] = planCronJobs(tick);
    expect(rest.map((other) => other.kind)).toEqual(["match.introduction_sweep", "self_match.sweep"]);
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

  it("sweeps self-match requests on every tick, keyed by the tick, at the tick's time", () => {
    const tick = Date.parse("2026-11-25T10:30:00Z");
    expect(planCronJobs(tick)).toEqual([{ kind: "self_match.sweep", key: "self_match.sweep:2026-11-25T10:30:00.000Z", payload: { now: tick }, enqueuedAt: tick }]);
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
