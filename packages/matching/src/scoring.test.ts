import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { explainPair, pairScore, parseMatchingInput, scorePairs, type Criterion, type MatchingInput } from "./index.js";
import { Cohort, rowScratch } from "./scoring.js";
import { smallInstance } from "./test-helpers.js";

/** One mentor and one mentee with the given values for a single criterion. */
function similarityOf(criterion: Criterion, mentorValue: unknown, menteeValue: unknown, extra: Partial<MatchingInput> = {}): number {
  const attributes = (value: unknown) => (value === undefined ? {} : { [criterion.key]: value });
  const input: MatchingInput = {
    criteria: [criterion],
    mentors: [{ id: "m", capacity: 1, attributes: attributes(mentorValue) }, ...(extra.mentors ?? [])],
    mentees: [{ id: "e", attributes: attributes(menteeValue) }, ...(extra.mentees ?? [])],
  };
  const { reasons, score } = pairScore(input, "m", "e");
  expect(reasons[0].similarity).toBe(score);
  return score;
}

describe("similarity kinds", () => {
  const overlap: Criterion = { key: "interests", kind: "overlap", weight: 1 };
  const exact: Criterion = { key: "language", kind: "exact", weight: 1 };
  const numeric: Criterion = { key: "year", kind: "numeric", weight: 1, scale: 4 };
  const text: Criterion = { key: "bio", kind: "text", weight: 1 };

  it("overlap: |A ∩ B| / |A ∪ B|, trimmed and case-insensitive, a single text counts as a list", () => {
    expect(similarityOf(overlap, ["AI", " music "], ["ai", "chess"])).toBe(0.333333);
    expect(similarityOf(overlap, ["ai", "ai", "Music"], [" MUSIC", "ai"])).toBe(1);
    expect(similarityOf(overlap, "ai", ["AI", "chess"])).toBe(0.5);
    expect(similarityOf(overlap, ["ai"], ["chess"])).toBe(0);
  });

  it("overlap: 0 when either side is missing, null, empty or blank", () => {
    expect(similarityOf(overlap, ["ai"], undefined)).toBe(0);
    expect(similarityOf(overlap, null, ["ai"])).toBe(0);
    expect(similarityOf(overlap, [], ["ai"])).toBe(0);
    expect(similarityOf(overlap, ["  "], ["ai"])).toBe(0);
    expect(similarityOf(overlap, [], [])).toBe(0);
  });

  it("exact: texts trimmed and case-insensitive, numbers as numbers, booleans as booleans, types never mix", () => {
    expect(similarityOf(exact, " EN", "en")).toBe(1);
    expect(similarityOf(exact, "en", "fr")).toBe(0);
    expect(similarityOf(exact, 4, 4.0)).toBe(1);
    expect(similarityOf(exact, 0, -0)).toBe(1);
    expect(similarityOf(exact, "4", 4)).toBe(0);
    expect(similarityOf(exact, true, true)).toBe(1);
    expect(similarityOf(exact, true, "true")).toBe(0);
    expect(similarityOf(exact, undefined, undefined)).toBe(0);
    expect(similarityOf(exact, "", "")).toBe(0);
  });

  it("numeric: max(0, 1 − |a − b| / scale), 0 when a side is missing", () => {
    expect(similarityOf(numeric, 2, 4)).toBe(0.5);
    expect(similarityOf(numeric, 4, 4)).toBe(1);
    expect(similarityOf(numeric, 1, 5)).toBe(0);
    expect(similarityOf(numeric, 1, 9)).toBe(0);
    expect(similarityOf(numeric, 2.5, 2)).toBe(0.875);
    expect(similarityOf(numeric, undefined, 2)).toBe(0);
  });

  it("text: TF-IDF cosine over the cohort, 1 for the same words, 0 with nothing in common or a side missing", () => {
    expect(similarityOf(text, "I love robots and music", "Robots, music: love!")).toBe(1);
    expect(similarityOf(text, "robots", "poetry")).toBe(0);
    expect(similarityOf(text, undefined, "poetry")).toBe(0);
    expect(similarityOf(text, "the and of", "the and of")).toBe(0);
    const partial = similarityOf(text, "robots music", "robots poetry");
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(1);
  });

  it("text: the same pair scores differently in another cohort (the rarer the shared word, the higher)", () => {
    const alone = similarityOf(text, "robots music", "robots poetry");
    const common = similarityOf(text, "robots music", "robots poetry", {
      mentees: [1, 2, 3].map((index) => ({ id: `x${index}`, attributes: { bio: "robots everywhere" } })),
    });
    expect(common).toBeLessThan(alone);
  });
});

describe("pair score and reasons", () => {
  const input: MatchingInput = {
    criteria: [
      { key: "interests", kind: "overlap", weight: 3 },
      { key: "year", kind: "numeric", weight: 1, scale: 4 },
      { key: "campus", kind: "exact", weight: 2 },
      { key: "language", kind: "exact", weight: 2, required: true },
    ],
    mentors: [{ id: "m1", capacity: 1, attributes: { interests: ["ai", "music"], year: 4, campus: "north", language: "en" } }],
    mentees: [{ id: "e1", attributes: { interests: ["ai", "chess"], year: 2, campus: "south", language: "fr" } }],
    excluded: [{ mentor: "m1", mentee: "e1" }],
  };

  it("is Σ weight·similarity / Σ weight, with reasons by contribution (descending), ties by key", () => {
    const result = pairScore(input, "m1", "e1");
    // (3 · 1/3 + 1 · 0.5 + 2 · 0 + 2 · 0) / 8 = 0.1875
    expect(result.score).toBe(0.1875);
    expect(result.reasons).toEqual([
      { key: "interests", similarity: 0.333333, contribution: 0.125 },
      { key: "year", similarity: 0.5, contribution: 0.0625 },
      { key: "campus", similarity: 0, contribution: 0 },
      { key: "language", similarity: 0, contribution: 0 },
    ]);
  });

  it("says why a hand-made pair could not be proposed", () => {
    expect(pairScore(input, "m1", "e1")).toMatchObject({ feasible: false, failedRequired: ["language"], excluded: true });
    expect(explainPair(input, "m1", "e1")).toEqual(pairScore(input, "m1", "e1"));
    expect(explainPair(input, "m1", "nobody")).toBeUndefined();
  });

  it("scores 0 without criteria", () => {
    expect(pairScore({ criteria: [], mentors: [{ id: "m", capacity: 1 }], mentees: [{ id: "e" }] }, "m", "e")).toEqual({
      mentor: "m",
      mentee: "e",
      score: 0,
      feasible: true,
      failedRequired: [],
      excluded: false,
      reasons: [],
    });
  });

  it("refuses pairs naming unknown people, with their path", () => {
    expect(() => scorePairs(input, [{ mentor: "m1", mentee: "e1" }, { mentor: "m9", mentee: "e9" }])).toThrow(
      'pairs[1].mentor: "m9" is not the id of a mentor\npairs[1].mentee: "e9" is not the id of a mentee',
    );
  });
});

describe("Cohort.scoreRow", () => {
  it("gives every pair exactly the quantised score and feasibility of the one-pair explanation", () => {
    fc.assert(
      fc.property(smallInstance({ maxMentors: 5, maxMentees: 5 }), (input) => {
        const cohort = new Cohort(parseMatchingInput(input));
        const m = cohort.mentors.length;
        const row = new Int32Array(m);
        const scratch = rowScratch(m);
        for (let mentee = 0; mentee < cohort.mentees.length; mentee++) {
          cohort.scoreRow(mentee, row, scratch);
          for (let mentor = 0; mentor < m; mentor++) {
            const expected = cohort.isFeasible(mentor, mentee) ? cohort.explain(mentor, mentee).quantized : -1;
            expect(row[mentor]).toBe(expected);
          }
        }
      }),
      { numRuns: 1500 },
    );
  });
});
