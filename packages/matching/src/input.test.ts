import { describe, expect, it } from "vitest";
import { MatchingInputError, parseMatchingInput, runMatching, type InputIssue } from "./index.js";

function valid(): Record<string, any> {
  return {
    criteria: [
      { key: "interests", kind: "overlap", weight: 3 },
      { key: "year", kind: "numeric", weight: 1, scale: 4 },
      { key: "language", kind: "exact", weight: 2, required: true },
      { key: "bio", kind: "text", weight: 1 },
    ],
    mentors: [
      { id: "m1", capacity: 2, attributes: { interests: ["ai"], year: 4, language: "en", bio: "robots" } },
      { id: "m2", capacity: 1, attributes: { interests: "music", year: 3, language: "fr" } },
      { id: "m3", capacity: 0 },
      { id: "m4", capacity: 1, attributes: {} },
    ],
    mentees: [
      { id: "e1", attributes: { interests: ["ai"], year: 1, language: "en" } },
      { id: "e2", attributes: { language: "fr", bio: ["robots", "music"] } },
      { id: "e3" },
    ],
    locked: [{ mentor: "m1", mentee: "e1" }],
    excluded: [{ mentor: "m2", mentee: "e3" }],
  };
}

function issuesOf(input: unknown): InputIssue[] {
  try {
    parseMatchingInput(input);
  } catch (error) {
    expect(error).toBeInstanceOf(MatchingInputError);
    const inputError = error as MatchingInputError;
    expect(inputError.message).toBe(inputError.issues.map((issue) => `${issue.path || "input"}: ${issue.message}`).join("\n"));
    return inputError.issues;
  }
  throw new Error("expected the input to be refused");
}

function messageOf(change: (input: Record<string, any>) => void): string {
  const input = valid();
  change(input);
  try {
    runMatching(input);
  } catch (error) {
    expect(error).toBeInstanceOf(MatchingInputError);
    return (error as Error).message;
  }
  throw new Error("expected the input to be refused");
}

describe("parseMatchingInput", () => {
  it("accepts a valid input and fills in the defaults", () => {
    const parsed = parseMatchingInput(valid());
    expect(parsed.objective).toBe("max_total");
    expect(parsed.criteria[0]).toEqual({ key: "interests", kind: "overlap", weight: 3, required: false });
    expect(parsed.mentors[2]).toEqual({ id: "m3", capacity: 0, attributes: {} });
    expect(parseMatchingInput({ criteria: [], mentors: [], mentees: [] })).toEqual({
      criteria: [],
      mentors: [],
      mentees: [],
      locked: [],
      excluded: [],
      objective: "max_total",
    });
  });

  it.each<[string, (input: Record<string, any>) => void, string]>([
    ["an unknown kind", (input) => (input.criteria[1].kind = "fuzzy"), "criteria[1].kind: must be one of overlap, exact, numeric, text"],
    ["a negative capacity", (input) => (input.mentors[3].capacity = -1), "mentors[3].capacity: must be an integer ≥ 0"],
    ["a fractional capacity", (input) => (input.mentors[0].capacity = 1.5), "mentors[0].capacity: must be an integer ≥ 0"],
    ["a capacity that is text", (input) => (input.mentors[0].capacity = "2"), "mentors[0].capacity: must be an integer ≥ 0"],
    ["a missing capacity", (input) => delete input.mentors[1].capacity, "mentors[1].capacity: is required"],
    ["a duplicate mentor id", (input) => (input.mentors[2].id = "m1"), 'mentors[2].id: duplicates mentors[0].id ("m1")'],
    ["a duplicate mentee id", (input) => (input.mentees[1].id = "e1"), 'mentees[1].id: duplicates mentees[0].id ("e1")'],
    ["an empty id", (input) => (input.mentees[0].id = ""), "mentees[0].id: must not be empty"],
    ["a numeric id", (input) => (input.mentees[0].id = 7), "mentees[0].id: must be a text id"],
    ["a duplicate criterion key", (input) => (input.criteria[3].key = "year"), 'criteria[3].key: duplicates criteria[1].key ("year")'],
    ["a zero weight", (input) => (input.criteria[0].weight = 0), "criteria[0].weight: must be a number > 0"],
    ["a negative weight", (input) => (input.criteria[2].weight = -2), "criteria[2].weight: must be a number > 0"],
    [
      "a numeric criterion without scale",
      (input) => delete input.criteria[1].scale,
      "criteria[1].scale: is required for numeric criteria: the difference at which similarity reaches 0, a number > 0",
    ],
    ["a zero scale", (input) => (input.criteria[1].scale = 0), "criteria[1].scale: must be a number > 0"],
    ["a scale on another kind", (input) => (input.criteria[0].scale = 2), "criteria[0].scale: only numeric criteria take a scale, not overlap criteria"],
    ["a required flag that is text", (input) => (input.criteria[0].required = "yes"), "criteria[0].required: must be true or false"],
    [
      "an unknown criterion setting",
      (input) => (input.criteria[0].importance = 2),
      "criteria[0].importance: is not a setting of a criterion; use key, kind, weight, required, scale and label",
    ],
    [
      "a non-numeric value for a numeric criterion",
      (input) => (input.mentees[1].attributes.year = "second"),
      'mentees[1].attributes.year: must be a number (criterion "year" is numeric)',
    ],
    [
      "a list for an exact criterion",
      (input) => (input.mentors[0].attributes.language = ["en"]),
      'mentors[0].attributes.language: must be one text, number or true/false (criterion "language" is exact)',
    ],
    [
      "a number inside an overlap list",
      (input) => (input.mentors[1].attributes.interests = ["music", 3]),
      'mentors[1].attributes.interests[1]: must be text (criterion "interests" is overlap)',
    ],
    ["attributes that are a list", (input) => (input.mentees[0].attributes = []), "mentees[0].attributes: must be an object of attribute values"],
    ["a mentor that is not an object", (input) => (input.mentors[1] = "m2"), "mentors[1]: must be an object (a mentor)"],
    ["an unknown objective", (input) => (input.objective = "fair"), "objective: must be one of max_total, max_min"],
    [
      "an unknown top-level field",
      (input) => (input.mentess = []),
      "mentess: is not a field of a matching input; use criteria, mentors, mentees, locked, excluded and objective",
    ],
    ["a locked pair naming an unknown mentor", (input) => (input.locked[0].mentor = "m9"), 'locked[0].mentor: "m9" is not the id of a mentor'],
    ["a locked pair naming an unknown mentee", (input) => (input.locked = [{ mentor: "m2", mentee: "e9" }]), 'locked[0].mentee: "e9" is not the id of a mentee'],
    [
      "a mentee locked twice",
      (input) => input.locked.push({ mentor: "m2", mentee: "e1" }),
      'locked[1].mentee: "e1" is already locked (locked[0]); a mentee has at most one mentor',
    ],
    [
      "a locked pair that breaks capacity",
      (input) => input.locked.push({ mentor: "m3", mentee: "e2" }),
      'locked[1].mentor: "m3" has capacity 0 but is locked to 1 mentees',
    ],
    [
      "a pair both locked and excluded",
      (input) => input.excluded.push({ mentor: "m1", mentee: "e1" }),
      "locked[0]: is also excluded (excluded[1]); a pair cannot be both",
    ],
    ["an excluded pair naming an unknown mentee", (input) => (input.excluded[0].mentee = "x"), 'excluded[0].mentee: "x" is not the id of a mentee'],
    ["a pair missing its mentee", (input) => delete input.excluded[0].mentee, "excluded[0].mentee: is required"],
  ])("refuses %s with the exact path", (_, change, message) => {
    expect(messageOf(change)).toBe(message);
  });

  it("refuses what is not an object, naming the whole input", () => {
    expect(issuesOf([])).toEqual([{ path: "", message: "must be an object (with criteria, mentors and mentees)" }]);
    expect(issuesOf(null)).toEqual([{ path: "", message: "must be an object (with criteria, mentors and mentees)" }]);
    expect(() => runMatching("hello")).toThrow("input: must be an object (with criteria, mentors and mentees)");
  });

  it("lists every problem of the shape at once, one per line", () => {
    expect(issuesOf({ criteria: [{ key: "a", kind: "x", weight: 0 }], mentors: [{ id: "m", capacity: -1 }] })).toEqual([
      { path: "criteria[0].kind", message: "must be one of overlap, exact, numeric, text" },
      { path: "criteria[0].weight", message: "must be a number > 0" },
      { path: "mentors[0].capacity", message: "must be an integer ≥ 0" },
      { path: "mentees", message: "is required" },
    ]);
  });

  it("lists every cross-check problem at once", () => {
    const input = valid();
    input.mentors[3].id = "m1";
    input.mentees[0].attributes.year = "first";
    input.locked.push({ mentor: "m1", mentee: "e1" });
    expect(issuesOf(input)).toEqual([
      { path: "mentors[3].id", message: 'duplicates mentors[0].id ("m1")' },
      { path: "mentees[0].attributes.year", message: 'must be a number (criterion "year" is numeric)' },
      { path: "locked[1].mentee", message: '"e1" is already locked (locked[0]); a mentee has at most one mentor' },
    ]);
  });

  it("quotes attribute keys that are not identifiers", () => {
    const input = valid();
    input.criteria.push({ key: "time zone", kind: "numeric", weight: 1, scale: 3 });
    input.mentors[0].attributes["time zone"] = "UTC";
    expect(issuesOf(input)).toEqual([{ path: 'mentors[0].attributes["time zone"]', message: 'must be a number (criterion "time zone" is numeric)' }]);
  });

  it("refuses cohorts with more pairs than allowed", () => {
    expect(() => parseMatchingInput(valid(), { maxPairs: 11 })).toThrow(
      "mentees: the cohort is too large to match at once: 3 mentees × 4 mentors = 12 pairs (at most 11)",
    );
  });

  it("ignores attributes that no criterion uses, and null values", () => {
    const input = valid();
    input.mentors[0].attributes.favourite = { deeply: ["nested"] };
    input.mentors[0].attributes.year = null;
    expect(() => parseMatchingInput(input)).not.toThrow();
  });
});
