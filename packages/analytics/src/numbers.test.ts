import { describe, expect, it } from "vitest";
import { histogramMedian, monthBounds, monthsBetween, nextMonth, percent, ratio, round } from "./index.js";

describe("rounding and shares", () => {
  it("rounds half away from zero, including binary edge cases", () => {
    expect(round(1.005, 2)).toBe(1.01);
    expect(round(2.5)).toBe(3);
    expect(round(-2.5)).toBe(-3);
    expect(round(-0.0001, 2)).toBe(0);
  });
  it("gives a share in percent with one decimal, null of nothing", () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(0, 0)).toBeNull();
    expect(ratio(5, 2)).toBe(2.5);
    expect(ratio(1, 0)).toBeNull();
  });
});

describe("histogramMedian", () => {
  it("is the middle value of an odd count, in any row order", () => {
    expect(histogramMedian([{ value: 10, n: 1 }, { value: 2, n: 2 }])).toBe(2);
  });
  it("is the mean of the two middle values of an even count", () => {
    expect(histogramMedian([{ value: 1, n: 2 }, { value: 4, n: 2 }])).toBe(2.5);
    expect(histogramMedian([{ value: 3, n: 4 }])).toBe(3);
  });
  it("is null for an empty histogram and ignores empty rows", () => {
    expect(histogramMedian([])).toBeNull();
    expect(histogramMedian([{ value: 9, n: 0 }])).toBeNull();
  });
});

describe("months", () => {
  it("lists months across a year end", () => {
    expect(monthsBetween("2026-11", "2027-02")).toEqual(["2026-11", "2026-12", "2027-01", "2027-02"]);
    expect(monthsBetween("2026-03", "2026-02")).toEqual([]);
    expect(nextMonth("2026-12")).toBe("2027-01");
  });
  it("bounds a month at local midnights", () => {
    expect(monthBounds("2026-03", "America/Chicago")).toEqual([Date.parse("2026-03-01T06:00:00Z"), Date.parse("2026-04-01T05:00:00Z")]);
  });
});
