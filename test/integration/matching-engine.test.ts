/**
 * The matching engine inside workerd: the same bytes as in Node for the same
 * cohort, and an assignment that carries its own proof of optimality.
 */
import { describe, expect, it } from "vitest";
import { runMatching } from "@tandem/matching";
import { generateCohort } from "../../packages/matching/bench/cohort.js";
import { prepareRun } from "../../packages/matching/src/engine.js";
import { parseMatchingInput } from "../../packages/matching/src/input.js";
import { checkOptimality, solveMaxTotal } from "../../packages/matching/src/solver.js";

/** FNV-1a over the UTF-16 code units: a fingerprint of the output JSON. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

// Computed with Node (`runMatching(input, { timing: false })`) for the same generated cohorts.
const NODE_RESULTS = {
  max_total: { matched: 292, total_score: 115.275034, min_score: 0.142088, length: 159777, fingerprint: "3bbdefba" },
  max_min: { matched: 292, total_score: 115.888943, min_score: 0.174388, length: 159876, fingerprint: "ddb5ff63" },
};

const cohort = (objective: "max_total" | "max_min") => ({
  ...generateCohort({ mentees: 300, mentors: 80, capacity: 4, seed: 11, lockedShare: objective === "max_min" ? 0 : 0.01 }),
  objective,
});

describe("the matching engine in workerd", () => {
  it.each(["max_total", "max_min"] as const)("gives byte-identical output to Node (%s, 300 mentees × 80 mentors)", (objective) => {
    const output = runMatching(cohort(objective), { timing: false });
    const json = JSON.stringify(output);
    const { matched, total_score, min_score } = output.stats;
    expect({ matched, total_score, min_score, length: json.length, fingerprint: fingerprint(json) }).toEqual(NODE_RESULTS[objective]);
  });

  it("finds an assignment with an optimality certificate over every pair, at least as good as greedy (matches, then total)", () => {
    const run = prepareRun(parseMatchingInput(cohort("max_total")));
    const { problem } = run;
    const result = solveMaxTotal(problem);
    expect(checkOptimality(problem, result)).toBeUndefined();

    // Greedy, best pair first.
    const pairs: [number, number, number][] = [];
    for (let row = 0; row < problem.rows; row++) {
      for (let col = 0; col < problem.cols; col++) {
        const w = problem.weights[row * problem.cols + col];
        if (w >= 0) pairs.push([w, row, col]);
      }
    }
    pairs.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
    const load = new Int32Array(problem.cols);
    const taken = new Uint8Array(problem.rows);
    const greedy = { matched: 0, total: 0 };
    for (const [w, row, col] of pairs) {
      if (taken[row] || load[col] >= problem.capacity[col]) continue;
      taken[row] = 1;
      load[col]++;
      greedy.matched++;
      greedy.total += w;
    }
    const optimal = { matched: 0, total: 0 };
    result.assignment.forEach((col, row) => {
      if (col < 0) return;
      optimal.matched++;
      optimal.total += problem.weights[row * problem.cols + col];
    });
    expect(optimal.matched).toBeGreaterThanOrEqual(greedy.matched);
    if (optimal.matched === greedy.matched) expect(optimal.total).toBeGreaterThanOrEqual(greedy.total);
  });
});
