import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateCohort } from "../bench/cohort.js";
import { runMatching, scorePairs, type MatchingInput, type MatchingOutput } from "./index.js";
import { bruteForce, shuffled, smallInstance } from "./test-helpers.js";

const units = (score: number) => Math.round(score * 1e6);

/** Checks everything a result promises about an input, and returns its objective tuple in score units. */
function checkResult(input: MatchingInput, output: MatchingOutput): number[] {
  const objective = input.objective ?? "max_total";
  const explained = new Map(
    (input.mentors.length * input.mentees.length === 0
      ? []
      : scorePairs(
          input,
          input.mentees.flatMap((mentee) => input.mentors.map((mentor) => ({ mentor: mentor.id, mentee: mentee.id }))),
        )
    ).map((pair) => [`${pair.mentor}|${pair.mentee}`, pair]),
  );
  const locked = new Map((input.locked ?? []).map((pair) => [pair.mentee, pair.mentor]));

  // Every mentee once, in matches or unmatched, both sorted by mentee id.
  const matchedIds = output.matches.map((match) => match.mentee);
  const unmatchedIds = output.unmatched.map((entry) => entry.mentee);
  expect(matchedIds).toEqual([...matchedIds].sort());
  expect(unmatchedIds).toEqual([...unmatchedIds].sort());
  expect([...matchedIds, ...unmatchedIds].sort()).toEqual(input.mentees.map((mentee) => mentee.id).sort());

  const load = new Map<string, number>();
  for (const match of output.matches) {
    const pair = explained.get(`${match.mentor}|${match.mentee}`)!;
    expect(match.score).toBe(pair.score);
    expect(match.reasons).toEqual(pair.reasons);
    expect(match.locked).toBe(locked.get(match.mentee) === match.mentor);
    if (!match.locked) expect(pair.feasible, `${match.mentor}–${match.mentee} is not feasible`).toBe(true);
    load.set(match.mentor, (load.get(match.mentor) ?? 0) + 1);
  }
  for (const [mentee, mentor] of locked) expect(output.matches).toContainEqual(expect.objectContaining({ mentor, mentee, locked: true }));
  for (const mentor of input.mentors) expect(load.get(mentor.id) ?? 0).toBeLessThanOrEqual(mentor.capacity);

  // Stats agree with the matches, in score units.
  const scores = output.matches.map((match) => units(match.score));
  expect(output.stats.matched).toBe(output.matches.length);
  expect(units(output.stats.total_score)).toBe(scores.reduce((sum, score) => sum + score, 0));
  expect(output.stats.min_score === null ? null : units(output.stats.min_score)).toBe(scores.length === 0 ? null : Math.min(...scores));

  // Each reason holds.
  for (const entry of output.unmatched) {
    const feasible = input.mentors.filter((mentor) => explained.get(`${mentor.id}|${entry.mentee}`)!.feasible);
    switch (entry.code) {
      case "no_mentors":
        expect(input.mentors).toHaveLength(0);
        break;
      case "all_excluded":
        expect(input.mentors.every((mentor) => (input.excluded ?? []).some((pair) => pair.mentor === mentor.id && pair.mentee === entry.mentee))).toBe(true);
        break;
      case "missing_required":
      case "required":
        expect(feasible).toEqual([]);
        expect(entry.criteria!.length).toBeGreaterThan(0);
        break;
      case "capacity":
        expect(feasible.length).toBeGreaterThan(0);
        for (const mentor of feasible) expect(load.get(mentor.id) ?? 0).toBe(mentor.capacity);
        break;
    }
  }

  const total = units(output.stats.total_score);
  const min = output.stats.min_score === null ? 0 : units(output.stats.min_score);
  return objective === "max_total" ? [output.stats.matched, total] : [output.stats.matched, min, total];
}

/** The brute-force optimum of an input's objective, from the scores scorePairs gives. */
function bruteForceOptimum(input: MatchingInput): number[] {
  const locked = new Map((input.locked ?? []).map((pair) => [pair.mentee, pair.mentor]));
  const free = input.mentees.filter((mentee) => !locked.has(mentee.id));
  const m = input.mentors.length;
  const pairs = free.flatMap((mentee) => input.mentors.map((mentor) => ({ mentor: mentor.id, mentee: mentee.id })));
  const explained = pairs.length === 0 ? [] : scorePairs(input, pairs);
  const weights = explained.map((pair) => (pair.feasible ? units(pair.score) : -1));
  const capacity = input.mentors.map((mentor) => mentor.capacity - (input.locked ?? []).filter((pair) => pair.mentor === mentor.id).length);
  const fixed = (input.locked ?? []).length === 0 ? [] : scorePairs(input, input.locked!).map((pair) => units(pair.score));
  return bruteForce(free.length, m, weights, capacity, input.objective ?? "max_total", fixed);
}

describe("runMatching against brute force", () => {
  it("reaches the optimum of both objectives on thousands of small instances (ties, zero capacities, required, locked, excluded)", () => {
    fc.assert(
      fc.property(smallInstance(), (input) => {
        const output = runMatching(input, { timing: false });
        expect(checkResult(input, output)).toEqual(bruteForceOptimum(input));
      }),
      { numRuns: 3000 },
    );
  });

  it("gives byte-identical output for the same people in any order", () => {
    fc.assert(
      fc.property(smallInstance(), fc.integer({ min: 1, max: 1000 }), (input, seed) => {
        const reordered: MatchingInput = {
          ...input,
          mentors: shuffled(input.mentors, seed),
          mentees: shuffled(input.mentees, seed + 1),
          locked: shuffled(input.locked ?? [], seed + 2),
          excluded: shuffled(input.excluded ?? [], seed + 3),
        };
        expect(JSON.stringify(runMatching(reordered, { timing: false }))).toBe(JSON.stringify(runMatching(input, { timing: false })));
      }),
      { numRuns: 500 },
    );
  });
});

describe("objectives", () => {
  // Exact criteria with weights 9, 5, 5, 2, 1 (Σ 22): e1–m1 share a (9), e1–m2 b (5), e2–m1 c (5), e2–m2 d (2).
  // A = {e1–m1, e2–m2}: total 11, lowest 2; B = {e1–m2, e2–m1}: total 10, lowest 5.
  const tag = (values: Record<string, string>) => values;
  const base: MatchingInput = {
    criteria: [
      { key: "a", kind: "exact", weight: 9 },
      { key: "b", kind: "exact", weight: 5 },
      { key: "c", kind: "exact", weight: 5 },
      { key: "d", kind: "exact", weight: 2 },
      { key: "e", kind: "exact", weight: 1 },
    ],
    mentors: [
      { id: "m1", capacity: 1, attributes: tag({ a: "x", b: "y", c: "x", d: "y" }) },
      { id: "m2", capacity: 1, attributes: tag({ a: "y", b: "x", c: "y", d: "x" }) },
      { id: "m3", capacity: 1, attributes: tag({ d: "q", e: "q" }) },
    ],
    mentees: [
      { id: "e1", attributes: tag({ a: "x", b: "x", c: "z", d: "z" }) },
      { id: "e2", attributes: tag({ a: "z", b: "z", c: "x", d: "x" }) },
    ],
  };
  const pairs = (output: MatchingOutput) => output.matches.map((match) => `${match.mentee}–${match.mentor}`);

  it("max_total maximises the sum; max_min raises the lowest score first", () => {
    const mentors = base.mentors.slice(0, 2);
    expect(pairs(runMatching({ ...base, mentors }))).toEqual(["e1–m1", "e2–m2"]);
    const fair = runMatching({ ...base, mentors, objective: "max_min" });
    expect(pairs(fair)).toEqual(["e1–m2", "e2–m1"]);
    expect(fair.stats).toMatchObject({ matched: 2, total_score: 0.454546, min_score: 0.227273 });
  });

  it("max_min: a locked pair below every choice leaves the sum to decide", () => {
    const e0 = { id: "e0", attributes: tag({ e: "q" }) }; // scores 1/22 with m3
    const output = runMatching({ ...base, mentees: [e0, ...base.mentees], locked: [{ mentor: "m3", mentee: "e0" }], objective: "max_min" });
    expect(pairs(output)).toEqual(["e0–m3", "e1–m1", "e2–m2"]);
    expect(output.stats.min_score).toBe(0.045455);
  });

  it("max_min: free pairs only need to stay above a locked minimum", () => {
    const e0 = { id: "e0", attributes: tag({ d: "q", e: "q" }) }; // scores 3/22 with m3: A's lowest (2/22) is below it, B's is not
    const output = runMatching({ ...base, mentees: [e0, ...base.mentees], locked: [{ mentor: "m3", mentee: "e0" }], objective: "max_min" });
    expect(pairs(output)).toEqual(["e0–m3", "e1–m2", "e2–m1"]);
    expect(output.stats.min_score).toBe(0.136364);
  });

  it("both objectives match as many mentees as possible before anything else", () => {
    // e1 scores 1 with m1 and 0 with m2; e2 scores 1 with m1 and cannot take m2.
    const input: MatchingInput = {
      criteria: [{ key: "x", kind: "overlap", weight: 1, required: false }],
      mentors: [
        { id: "m1", capacity: 1, attributes: { x: ["a", "b"] } },
        { id: "m2", capacity: 1, attributes: { x: [] } },
      ],
      mentees: [
        { id: "e1", attributes: { x: ["a", "b"] } },
        { id: "e2", attributes: { x: ["a", "b"] } },
      ],
      excluded: [{ mentor: "m2", mentee: "e2" }],
    };
    for (const objective of ["max_total", "max_min"] as const) {
      expect(pairs(runMatching({ ...input, objective }))).toEqual(["e1–m2", "e2–m1"]);
    }
  });
});

describe("capacities", () => {
  it("takes capacities far beyond the number of mentees", () => {
    const output = runMatching({ criteria: [], mentors: [{ id: "m", capacity: 1e12 }], mentees: [{ id: "e1" }, { id: "e2" }] });
    expect(output.stats.matched).toBe(2);
  });
});

describe("locked pairs", () => {
  it("keeps a locked pair that a required criterion would rule out, uses its capacity, and explains it", () => {
    const output = runMatching({
      criteria: [{ key: "language", kind: "exact", weight: 1, required: true }],
      mentors: [{ id: "m1", capacity: 1, attributes: { language: "en" } }],
      mentees: [
        { id: "e1", attributes: { language: "fr" } },
        { id: "e2", attributes: { language: "en" } },
      ],
      locked: [{ mentor: "m1", mentee: "e1" }],
    });
    expect(output.matches).toEqual([
      { mentor: "m1", mentee: "e1", score: 0, locked: true, reasons: [{ key: "language", similarity: 0, contribution: 0 }] },
    ]);
    expect(output.unmatched).toEqual([{ mentee: "e2", reason: "all compatible mentors are at capacity", code: "capacity" }]);
  });
});

describe("unmatched reasons", () => {
  const language = { key: "preferred_language", kind: "exact" as const, weight: 1, required: true };
  const year = { key: "year", kind: "numeric" as const, weight: 1, required: true, scale: 2 };

  it("no mentors in the program", () => {
    expect(runMatching({ criteria: [], mentors: [], mentees: [{ id: "e1" }] }).unmatched).toEqual([
      { mentee: "e1", reason: "no mentors in the program", code: "no_mentors" },
    ]);
  });

  it("every mentor excluded", () => {
    const output = runMatching({
      criteria: [],
      mentors: [
        { id: "m1", capacity: 1 },
        { id: "m2", capacity: 1 },
      ],
      mentees: [{ id: "e1" }],
      excluded: [
        { mentor: "m1", mentee: "e1" },
        { mentor: "m2", mentee: "e1" },
      ],
    });
    expect(output.unmatched).toEqual([{ mentee: "e1", reason: "every mentor is excluded for this mentee", code: "all_excluded" }]);
  });

  it("a required answer missing, a required criterion nobody meets, or several together", () => {
    const output = runMatching({
      criteria: [language, year],
      mentors: [
        { id: "m1", capacity: 1, attributes: { preferred_language: "en", year: 1 } },
        { id: "m2", capacity: 1, attributes: { preferred_language: "fr", year: 5 } },
      ],
      mentees: [
        { id: "e1", attributes: { year: 1 } },
        { id: "e2", attributes: { preferred_language: "de", year: 1 } },
        { id: "e3", attributes: { preferred_language: "en", year: 9 } },
        { id: "e4", attributes: { preferred_language: "en", year: 5 } },
      ],
    });
    expect(output.matches).toEqual([]);
    expect(output.unmatched).toEqual([
      {
        mentee: "e1",
        reason: "this mentee has no answer for the required preferred language",
        code: "missing_required",
        criteria: ["preferred_language"],
      },
      { mentee: "e2", reason: "no mentor shares the required preferred language", code: "required", criteria: ["preferred_language"] },
      { mentee: "e3", reason: "no mentor is close enough on the required year", code: "required", criteria: ["year"] },
      {
        mentee: "e4",
        reason: "no mentor meets all the required criteria at once (preferred language, year)",
        code: "required",
        criteria: ["preferred_language", "year"],
      },
    ]);
  });

  it("uses a criterion's label when it has one", () => {
    const output = runMatching({
      criteria: [{ ...language, label: "home language" }],
      mentors: [{ id: "m1", capacity: 1, attributes: { preferred_language: "en" } }],
      mentees: [{ id: "e1", attributes: { preferred_language: "fr" } }],
    });
    expect(output.unmatched[0].reason).toBe("no mentor shares the required home language");
  });
});

describe("output", () => {
  const input = generateCohort({ mentees: 300, mentors: 70, capacity: 4, seed: 5 });

  it("sorts reasons by contribution, then key", () => {
    const output = runMatching(input, { timing: false });
    for (const match of output.matches) {
      const sorted = [...match.reasons].sort((a, b) => b.contribution - a.contribution || (a.key < b.key ? -1 : 1));
      expect(match.reasons).toEqual(sorted);
    }
  });

  it("is byte-identical across runs with timing off, and only elapsed_ms differs with timing on", () => {
    const first = JSON.stringify(runMatching(input, { timing: false }));
    expect(JSON.stringify(runMatching(structuredClone(input), { timing: false }))).toBe(first);
    const timed = runMatching(input);
    expect(timed.stats.elapsed_ms).toBeGreaterThan(0);
    expect(JSON.stringify({ ...timed, stats: { ...timed.stats, elapsed_ms: 0 } })).toBe(first);
  });

  it("does not depend on the order of mentors, mentees and pairs", () => {
    const reordered = {
      ...input,
      mentors: shuffled(input.mentors, 1),
      mentees: shuffled(input.mentees, 2),
      locked: shuffled(input.locked!, 3),
      excluded: shuffled(input.excluded!, 4),
    };
    expect(JSON.stringify(runMatching(reordered, { timing: false }))).toBe(JSON.stringify(runMatching(input, { timing: false })));
  });

  it("reports progress from 0 to 1, in order, not too often", () => {
    for (const objective of ["max_total", "max_min"] as const) {
      const seen: number[] = [];
      runMatching({ ...input, objective }, { progress: (fraction) => seen.push(fraction) });
      expect(seen.length).toBeGreaterThan(2);
      expect(seen.length).toBeLessThanOrEqual(101);
      expect(seen[0]).toBe(0);
      expect(seen.at(-1)).toBe(1);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    }
  });

  it("meets its own promises on a 300-mentee cohort, for both objectives", () => {
    for (const objective of ["max_total", "max_min"] as const) checkResult({ ...input, objective }, runMatching({ ...input, objective }));
  });
});
