import { describe, expect, it } from "vitest";
import { healthMix, healthOverTime } from "./index.js";

const DAY = 86_400_000;
const at = (date: string) => Date.parse(`${date}T00:00:00Z`);
const live = (period: string, on_track: number, needs_attention: number, at_risk: number) => ({ period, counts: { on_track, needs_attention, at_risk } });
const snapshot = (period: string, day: string, onTrack: number, needsAttention: number, atRisk: number) => ({ period, day, onTrack, needsAttention, atRisk });

describe("healthMix", () => {
  it("counts matchHealth's verdicts", () => {
    const asOf = at("2026-11-01");
    const counts = healthMix(
      [
        { clockStartedAt: at("2026-09-01"), lastMetAt: at("2026-10-25"), pulses: [] },
        { clockStartedAt: at("2026-09-01"), lastMetAt: at("2026-10-10"), pulses: [] }, // 22 days ≥ 1.5 × 14
        { clockStartedAt: at("2026-09-01"), lastMetAt: null, pulses: [] }, // never met: at risk
        { clockStartedAt: at("2026-10-28"), lastMetAt: null, pulses: [{ by: "mentee", at: asOf - DAY, score: 1 }] },
      ],
      14,
      asOf,
    );
    expect(counts).toEqual({ on_track: 1, needs_attention: 2, at_risk: 1 });
    expect(healthMix([], 14, asOf)).toEqual({ on_track: 0, needs_attention: 0, at_risk: 0 });
  });
});

describe("healthOverTime", () => {
  const periods = ["2026-09", "2026-10", "2026-11"];
  it("takes each period's last snapshot, and the live mix for the period holding asOf", () => {
    const result = healthOverTime({
      periods,
      period: "month",
      snapshots: [snapshot("2026-09", "2026-09-30", 5, 1, 0), snapshot("2026-10", "2026-10-20", 4, 1, 1), snapshot("2026-10", "2026-10-31", 3, 2, 1), snapshot("2026-11", "2026-11-03", 9, 9, 9)],
      live: live("2026-11", 2, 2, 2),
    });
    expect(result).toEqual({
      healthOverTime: [
        { period: "2026-09", onTrack: 5, needsAttention: 1, atRisk: 0 },
        { period: "2026-10", onTrack: 3, needsAttention: 2, atRisk: 1 },
        { period: "2026-11", onTrack: 2, needsAttention: 2, atRisk: 2 },
      ],
      healthOverTimeNote: null,
    });
  });
  it("leaves out periods without a record, says how many, and ignores snapshots outside the range", () => {
    const result = healthOverTime({ periods: ["2026-09-28", "2026-10-05", "2026-10-12"], period: "week", snapshots: [snapshot("2026-09-21", "2026-09-27", 1, 1, 1), snapshot("2026-10-05", "2026-10-09", 4, 0, 0)], live: live("2026-10-12", 3, 1, 0) });
    expect(result.healthOverTime).toEqual([
      { period: "2026-10-05", onTrack: 4, needsAttention: 0, atRisk: 0 },
      { period: "2026-10-12", onTrack: 3, needsAttention: 1, atRisk: 0 },
    ]);
    expect(result.healthOverTimeNote).toBe("Health is recorded once a day by the reminder scan; 1 of the 3 weeks has no record and is left out.");
  });
  it("gives a cohort the live point only, and says why", () => {
    const result = healthOverTime({ periods, period: "month", snapshots: null, live: live("2026-10", 1, 0, 0) });
    expect(result.healthOverTime).toEqual([{ period: "2026-10", onTrack: 1, needsAttention: 0, atRisk: 0 }]);
    expect(result.healthOverTimeNote).toMatch(/not per cohort/);
    // asOf before the range (a range in the future): no live point.
    expect(healthOverTime({ periods, period: "month", snapshots: [], live: live("2026-08", 1, 0, 0) }).healthOverTime).toEqual([]);
  });
});
