/**
 * The outcome statistics against published and hand-derived values. Sources:
 * - t quantiles: the tables in any statistics textbook (e.g. t(0.975, 10) = 2.228), and SciPy 1.17
 *   `scipy.stats.t.ppf` for fractional degrees of freedom;
 * - Welch's interval: Wikipedia, "Welch's t-test", example 1 (t = −2.46, ν ≈ 25.0), whose interval SciPy's
 *   `ttest_ind(a, b, equal_var=False).confidence_interval()` gives as (−3.9841, −0.3492); and a small example worked by hand below;
 * - Wilson's interval: Newcombe (1998a), Statistics in Medicine 17:857–872, 81/263 → 0.2553 to 0.3662;
 * - Newcombe's hybrid score interval: Newcombe (1998b), Statistics in Medicine 17:873–890, Table II, method 10.
 */
import { describe, expect, it } from "vitest";
import {
  academicOutcomes,
  compareMeans,
  compareShares,
  incompleteBeta,
  logGamma,
  newcombeInterval,
  OUTCOMES_NOTE,
  type OutcomeSumsRow,
  sampleVariance,
  tQuantile,
  welchInterval,
  wilsonInterval,
} from "./outcomes.js";

const sums = (values: number[]) => ({ n: values.length, sum: values.reduce((a, b) => a + b, 0), sumOfSquares: values.reduce((a, b) => a + b * b, 0) });

describe("distributions", () => {
  it("computes ln Γ", () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12); // Γ(½) = √π
    expect(logGamma(10)).toBeCloseTo(Math.log(362_880), 10); // Γ(10) = 9!
    expect(logGamma(100.5)).toBeCloseTo(361.4355404677776, 9);
  });

  it("computes the regularized incomplete beta function", () => {
    // I_x(2, 3) = 6x² − 8x³ + 3x⁴ (the Beta(2, 3) CDF, by integration): at 0.3, 0.3483.
    expect(incompleteBeta(0.3, 2, 3)).toBeCloseTo(0.3483, 12);
    // I_x(½, ½) = (2/π) arcsin √x.
    expect(incompleteBeta(0.9, 0.5, 0.5)).toBeCloseTo((2 / Math.PI) * Math.asin(Math.sqrt(0.9)), 12);
    expect(incompleteBeta(0.999, 50, 0.5)).toBeCloseTo(0.7523690199653766, 10);
    expect([incompleteBeta(0, 2, 3), incompleteBeta(1, 2, 3)]).toEqual([0, 1]);
  });

  it("gives Student's t quantiles to well beyond 3 decimals", () => {
    const table: [number, number, number][] = [
      [0.975, 1, 12.706205],
      [0.975, 2, 4.302653],
      [0.975, 3, 3.182446],
      [0.975, 5, 2.570582],
      [0.975, 10, 2.228139],
      [0.975, 30, 2.042272],
      [0.975, 1000, 1.962339],
      [0.975, 7.5, 2.33304],
      [0.975, 24.9, 2.059958],
      [0.95, 3, 2.353363],
      [0.995, 20, 2.84534],
    ];
    for (const [p, df, t] of table) expect(tQuantile(p, df), `t(${p}, ${df})`).toBeCloseTo(t, 5);
    expect(tQuantile(0.025, 10)).toBeCloseTo(-2.228139, 5);
    expect(tQuantile(0.5, 4)).toBe(0);
    // Towards the normal: Φ⁻¹(0.975) = 1.959964.
    expect(tQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 5);
    expect(() => tQuantile(1, 5)).toThrow(RangeError);
    expect(() => tQuantile(0.975, 0)).toThrow(RangeError);
  });
});

describe("Welch's interval", () => {
  it("matches the textbook example", () => {
    const a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
    const b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
    const result = welchInterval(sums(a), sums(b))!;
    expect(result.difference / result.standardError).toBeCloseTo(-2.455356, 5);
    expect(result.df).toBeCloseTo(24.988529, 5);
    expect(result.ci.low).toBeCloseTo(-3.984096, 5);
    expect(result.ci.high).toBeCloseTo(-0.349237, 5);
  });

  it("matches a small example worked by hand", () => {
    // Mentored 3.0, 3.5, 4.0: mean 3.5, s² = 0.25. Others 2.0, 3.0, 2.5, 3.5: mean 2.75, s² = 1.25/3.
    // s²/n: 1/12 and 5/48; SE² = 0.1875; df = 0.1875² / ((1/12)²/2 + (5/48)²/3) = 243/49 ≈ 4.9592;
    // t(0.975, 4.9592) = 2.57696; 0.75 ± 2.57696 × 0.43301 = (−0.3659, 1.8659).
    const result = welchInterval(sums([3.0, 3.5, 4.0]), sums([2.0, 3.0, 2.5, 3.5]))!;
    expect(result.difference).toBeCloseTo(0.75, 12);
    expect(result.standardError).toBeCloseTo(Math.sqrt(0.1875), 12);
    expect(result.df).toBeCloseTo(243 / 49, 10);
    expect(result.ci.low).toBeCloseTo(-0.365856, 5);
    expect(result.ci.high).toBeCloseTo(1.865856, 5);
  });

  it("needs two values in each group and some spread", () => {
    expect(welchInterval(sums([3]), sums([2, 3]))).toBeNull();
    expect(welchInterval(sums([3, 3, 3]), sums([2, 2]))).toBeNull();
    // One group without spread still gives an interval: df = n − 1 of the other.
    const oneSided = welchInterval(sums([3, 3, 3]), sums([2, 3]))!;
    expect(oneSided.df).toBeCloseTo(1, 10);
    expect(oneSided.ci.high - oneSided.difference).toBeCloseTo(12.706205 * Math.sqrt(0.5 / 2), 5);
  });

  it("reads no spread into floating-point noise", () => {
    // 0.1 + 0.2 + … is inexact: the sums of 3.3 × 1,000 leave a residue that is not variance.
    const flat = sums(Array.from({ length: 1000 }, () => 3.3));
    expect(sampleVariance(flat)).toBe(0);
    expect(sampleVariance(sums([2, 3, 4]))).toBeCloseTo(1, 12);
    expect(sampleVariance(sums([2]))).toBe(0);
  });
});

describe("score intervals for proportions", () => {
  it("gives Wilson's interval", () => {
    const { low, high } = wilsonInterval(81, 263);
    expect(low).toBeCloseTo(0.2553, 4);
    expect(high).toBeCloseTo(0.3662, 4);
    // 0 of 10: from 0 to z²/(n + z²) = 0.2775.
    expect(wilsonInterval(0, 10)).toEqual({ low: 0, high: expect.closeTo(0.2775, 4) });
  });

  it("gives Newcombe's hybrid score interval for all eight examples of his Table II", () => {
    const table: [number, number, number, number, number, number][] = [
      [56, 70, 48, 80, 0.0524, 0.3339],
      [9, 10, 3, 10, 0.1705, 0.809],
      [6, 7, 2, 7, 0.0582, 0.8062],
      [5, 56, 0, 29, -0.0381, 0.1926],
      [0, 10, 0, 20, -0.1611, 0.2775],
      [0, 10, 0, 10, -0.2775, 0.2775],
      [10, 10, 0, 20, 0.6791, 1],
      [10, 10, 0, 10, 0.6075, 1],
    ];
    for (const [x1, n1, x2, n2, low, high] of table) {
      const ci = newcombeInterval(x1, n1, x2, n2);
      expect(ci.low, `${x1}/${n1} − ${x2}/${n2}`).toBeCloseTo(low, 4);
      expect(ci.high, `${x1}/${n1} − ${x2}/${n2}`).toBeCloseTo(high, 4);
    }
  });
});

describe("comparisons", () => {
  // Wikipedia's Welch example (above), as two groups of 15 students' GPAs-to-be.
  const a = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
  const b = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
  const HIDDEN = "Groups under 5 students are hidden to protect students' privacy";

  it("compares mean GPAs with two decimals", () => {
    expect(compareMeans(sums(a), sums(b))).toEqual({
      mentored: { n: 15, value: 20.82 },
      nonMentored: { n: 15, value: 22.99 },
      difference: -2.17,
      ci: { low: -3.98, high: -0.35 },
      unavailableReason: null,
    });
  });

  it("compares shares in percent, the difference and interval in percentage points", () => {
    // Newcombe's Table II, 56/70 − 48/80: 20 points, (5.24, 33.39).
    expect(compareShares({ n: 70, yes: 56 }, { n: 80, yes: 48 }, "has an answer")).toEqual({
      mentored: { n: 70, value: 80 },
      nonMentored: { n: 80, value: 60 },
      difference: 20,
      ci: { low: 5.2, high: 33.4 },
      unavailableReason: null,
    });
    // 5 of 5 − 0 of 5, the smallest groups shown: Wilson (0.5655, 1) and (0, 0.4345); L = 1 − √(0.4345² + 0.4345²).
    expect(compareShares({ n: 5, yes: 5 }, { n: 5, yes: 0 }, "has an answer")).toMatchObject({ mentored: { n: 5, value: 100 }, nonMentored: { n: 5, value: 0 }, difference: 100, ci: { low: 38.6, high: 100 } });
  });

  it("hides a group of fewer than 5 students, keeping its size, and gives no difference or interval", () => {
    // Four mentored students: their mean would nearly say what each got.
    expect(compareMeans(sums([3.0, 3.5, 4.0, 2.5]), sums(b))).toEqual({
      mentored: { n: 4, value: null },
      nonMentored: { n: 15, value: 22.99 },
      difference: null,
      ci: null,
      unavailableReason: `Only 4 mentored students have a GPA. ${HIDDEN}, so there is no difference or confidence interval.`,
    });
    expect(compareShares({ n: 30, yes: 12 }, { n: 1, yes: 1 }, "has an answer for graduation")).toEqual({
      mentored: { n: 30, value: 40 },
      nonMentored: { n: 1, value: null },
      difference: null,
      ci: null,
      unavailableReason: `Only 1 non-mentored student has an answer for graduation. ${HIDDEN}, so there is no difference or confidence interval.`,
    });
    expect(compareShares({ n: 0, yes: 0 }, { n: 3, yes: 1 }, "has an answer for graduation")).toEqual({
      mentored: { n: 0, value: null },
      nonMentored: { n: 3, value: null },
      difference: null,
      ci: null,
      unavailableReason: `No mentored student has an answer for graduation and only 3 non-mentored students have an answer for graduation, so there is nothing to compare. ${HIDDEN}.`,
    });
    expect(compareMeans(sums([]), sums(b))).toEqual({
      mentored: { n: 0, value: null },
      nonMentored: { n: 15, value: 22.99 },
      difference: null,
      ci: null,
      unavailableReason: "No mentored student has a GPA, so there is nothing to compare.",
    });
  });

  it("says why a comparison of large enough groups has no interval", () => {
    expect(compareMeans(sums([3, 3, 3, 3, 3]), sums([2.5, 2.5, 2.5, 2.5, 2.5, 2.5]))).toEqual({
      mentored: { n: 5, value: 3 },
      nonMentored: { n: 6, value: 2.5 },
      difference: 0.5,
      ci: null,
      unavailableReason: "Every GPA within each group is the same, so there is no spread to estimate an interval from.",
    });
  });

  it("turns the grouped sums into the three comparisons", () => {
    const row = (mentored: boolean, gpas: number[], enrolled: [number, number], graduated: [number, number], records: number): OutcomeSumsRow => {
      const { n, sum, sumOfSquares } = sums(gpas);
      return { mentored, records, gpaN: n, gpaSum: sum, gpaSumOfSquares: sumOfSquares, enrolledNextTermN: enrolled[0], enrolledNextTermYes: enrolled[1], graduatedN: graduated[0], graduatedYes: graduated[1] };
    };
    // Several rows of one group add up (the mentored rows here are a and b's first students split in two).
    const result = academicOutcomes([row(false, b, [80, 48], [3, 0], 81), row(true, a.slice(0, 5), [30, 24], [4, 4], 30), row(true, a.slice(5), [40, 32], [0, 0], 40)]);
    expect(result.records).toBe(151);
    expect(result.gpa).toEqual({ mentored: { n: 15, value: 20.82 }, nonMentored: { n: 15, value: 22.99 }, difference: -2.17, ci: { low: -3.98, high: -0.35 }, unavailableReason: null });
    expect(result.enrolledNextTerm).toEqual({ mentored: { n: 70, value: 80 }, nonMentored: { n: 80, value: 60 }, difference: 20, ci: { low: 5.2, high: 33.4 }, unavailableReason: null });
    // Four mentored and three non-mentored answers for graduation: both hidden.
    expect(result.graduated).toMatchObject({ mentored: { n: 4, value: null }, nonMentored: { n: 3, value: null }, difference: null, ci: null });
    expect(result.graduated.unavailableReason).toBe(`Only 4 mentored students have an answer for graduation and only 3 non-mentored students have an answer for graduation. ${HIDDEN}, so there is no difference or confidence interval.`);
    expect(result.note).toBe(OUTCOMES_NOTE);
    expect(result.note).toContain("not effects of mentoring");
    expect(result.note).toContain("fewer than 5 students");
  });

  it("reports an empty term as empty groups", () => {
    const result = academicOutcomes([]);
    expect(result.records).toBe(0);
    for (const comparison of [result.gpa, result.enrolledNextTerm, result.graduated]) {
      expect(comparison).toMatchObject({ mentored: { n: 0, value: null }, nonMentored: { n: 0, value: null }, difference: null, ci: null });
      expect(comparison.unavailableReason).toMatch(/^No mentored student .* and no non-mentored student .*nothing to compare\.$/);
    }
  });
});
