import { describe, expect, it } from "vitest";
import { parseJobMessage, planCronJobs, RETENTION, retryDelaySeconds } from "./index.js";

describe("planCronJobs", () => {
  it("plans the daily prune in the tick containing 03:00 UTC, keyed by day", () => {
    const tick = Date.parse("2026-11-25T03:00:00Z");
    const [job, ...rest] = planCronJobs(tick);
    expect(rest).toEqual([]);
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

  it("gives a late tick in the same window the same key, and other ticks nothing", () => {
    expect(planCronJobs(Date.parse("2026-11-25T03:14:59Z"))[0].key).toBe("maintenance.prune_job_ledger:2026-11-25");
    expect(planCronJobs(Date.parse("2026-11-25T03:15:00Z"))).toEqual([]);
    expect(planCronJobs(Date.parse("2026-11-25T02:45:00Z"))).toEqual([]);
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
