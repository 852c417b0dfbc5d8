import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bestThreshold, countMatched, maxCardinality } from "./bottleneck.js";
import { type AssignmentProblem, checkOptimality, solveMaxTotal, throttled } from "./solver.js";
import { bruteForce } from "./test-helpers.js";

/** Random weight matrices with many ties (few distinct weights) and forbidden pairs (-1). */
function problems(maxRows: number, maxCols: number, maxCapacity: number): fc.Arbitrary<AssignmentProblem> {
  return fc
    .record({ rows: fc.integer({ min: 0, max: maxRows }), cols: fc.integer({ min: 0, max: maxCols }), spread: fc.integer({ min: 0, max: 6 }) })
    .chain(({ rows, cols, spread }) =>
      fc.record({
        rows: fc.constant(rows),
        cols: fc.constant(cols),
        weights: fc.array(fc.integer({ min: -1, max: spread }), { minLength: rows * cols, maxLength: rows * cols }).map((list) => Int32Array.from(list)),
        capacity: fc.array(fc.integer({ min: 0, max: maxCapacity }), { minLength: cols, maxLength: cols }).map((list) => Int32Array.from(list)),
      }),
    );
}

function objectiveOf(problem: AssignmentProblem, assignment: Int32Array, objective: "max_total" | "max_min"): number[] {
  const load = new Int32Array(problem.cols);
  const chosen: number[] = [];
  assignment.forEach((col, row) => {
    if (col < 0) return;
    const w = problem.weights[row * problem.cols + col];
    expect(w, `row ${row} uses a forbidden pair`).toBeGreaterThanOrEqual(0);
    load[col]++;
    chosen.push(w);
  });
  load.forEach((used, col) => expect(used, `column ${col} over capacity`).toBeLessThanOrEqual(problem.capacity[col]));
  const total = chosen.reduce((sum, w) => sum + w, 0);
  return objective === "max_total" ? [chosen.length, total] : [chosen.length, chosen.length === 0 ? 0 : Math.min(...chosen), total];
}

describe("solveMaxTotal", () => {
  it("finds the brute-force optimum (most matches, then the largest total) on small matrices, with a valid certificate", () => {
    fc.assert(
      fc.property(problems(6, 4, 3), (problem) => {
        const result = solveMaxTotal(problem);
        expect(objectiveOf(problem, result.assignment, "max_total")).toEqual(
          bruteForce(problem.rows, problem.cols, problem.weights, problem.capacity, "max_total"),
        );
        expect(checkOptimality(problem, result)).toBeUndefined();
      }),
      { numRuns: 2500 },
    );
  });

  it("leaves a certificate of optimality on larger matrices (prices that every row agrees with)", () => {
    fc.assert(
      fc.property(problems(60, 12, 6), (problem) => {
        expect(checkOptimality(problem, solveMaxTotal(problem))).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it("prefers one more match over any gain in total", () => {
    // Row 0 alone would take column 0 for 1,000,000; sharing lets both rows match.
    const problem = { rows: 2, cols: 2, weights: Int32Array.from([1_000_000, 0, 1_000_000, -1]), capacity: Int32Array.from([1, 1]) };
    expect([...solveMaxTotal(problem).assignment]).toEqual([1, 0]);
  });

  it("handles the empty problem, zero capacities and rows with no usable pair", () => {
    expect([...solveMaxTotal({ rows: 0, cols: 0, weights: new Int32Array(0), capacity: new Int32Array(0) }).assignment]).toEqual([]);
    const problem = { rows: 3, cols: 2, weights: Int32Array.from([5, 9, -1, -1, 4, 9]), capacity: Int32Array.from([2, 0]) };
    const result = solveMaxTotal(problem);
    expect([...result.assignment]).toEqual([0, -1, 0]);
    expect(checkOptimality(problem, result)).toBeUndefined();
  });

  it("reports progress as increasing fractions ending at 1, at most ~100 times", () => {
    const rows = 400;
    const cols = 20;
    const weights = Int32Array.from({ length: rows * cols }, (_, index) => (index * 7919) % 1000);
    const seen: number[] = [];
    solveMaxTotal({ rows, cols, weights, capacity: new Int32Array(cols).fill(20) }, throttled((fraction) => seen.push(fraction)));
    expect(seen.length).toBeLessThanOrEqual(101);
    expect(seen.at(-1)).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});

describe("maxCardinality and bestThreshold", () => {
  it("match the brute-force maximum number of matches above any threshold, from any starting assignment", () => {
    fc.assert(
      fc.property(problems(6, 4, 3), fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), (problem, threshold, start) => {
        const initial = maxCardinality(problem, start);
        const assignment = maxCardinality(problem, threshold, initial);
        const thresholded = Int32Array.from(problem.weights, (w) => (w < threshold ? -1 : w));
        expect(objectiveOf({ ...problem, weights: thresholded }, assignment, "max_total")[0]).toBe(
          bruteForce(problem.rows, problem.cols, thresholded, problem.capacity, "max_total")[0],
        );
      }),
      { numRuns: 1500 },
    );
  });

  it("gives the brute-force best lowest weight among the assignments with the most matches", () => {
    fc.assert(
      fc.property(problems(6, 4, 3), (problem) => {
        const [matched, min] = bruteForce(problem.rows, problem.cols, problem.weights, problem.capacity, "max_min");
        const threshold = bestThreshold(problem, Infinity);
        if (matched === 0) expect(threshold).toBe(-Infinity);
        else {
          expect(threshold).toBe(min);
          expect(countMatched(maxCardinality(problem, threshold))).toBe(matched);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
