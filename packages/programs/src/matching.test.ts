import { defaultForm, type FormDefinition } from "@tandem/forms";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  engineAttributes,
  MatchingSettingsSchema,
  matchableQuestions,
  remainingCapacity,
  resolveCriteria,
  resolveSettings,
  runsInRequest,
  scoreDistribution,
  sharedGround,
} from "./matching.js";

const peer = { mentor: defaultForm("peer", "mentor"), mentee: defaultForm("peer", "mentee") };

describe("matching settings", () => {
  it("fills in the defaults for a program that never saved any", () => {
    expect(resolveSettings(null)).toEqual({ mode: "coordinator", objective: "max_total", criteria: null, suggestionCount: 5, responseDays: 7, pauseAfterUnanswered: 2 });
    expect(resolveSettings({ objective: "max_min", suggestionCount: 3 })).toMatchObject({ objective: "max_min", suggestionCount: 3, mode: "coordinator" });
  });

  it("refuses unknown settings and out-of-range numbers with the field named", () => {
    const result = v.safeParse(MatchingSettingsSchema, { objective: "best", responseDays: 0, criteria: [{ key: "x", kind: "fuzzy", weight: 11 }] });
    expect(result.success).toBe(false);
    const paths = result.issues!.map((issue) => v.getDotPath(issue));
    expect(paths).toEqual(expect.arrayContaining(["objective", "responseDays", "criteria.0.kind", "criteria.0.weight"]));
  });
});

describe("resolveCriteria", () => {
  it("uses the questions both forms mark for matching, as the forms set them", () => {
    const { criteria, problems } = resolveCriteria({ criteria: null }, peer);
    expect(problems).toEqual([]);
    expect(criteria.map((criterion) => criterion.key)).toEqual(["major", "goals", "interests", "availability", "languages", "bio"]);
    expect(criteria.find((criterion) => criterion.key === "availability")).toMatchObject({ kind: "overlap", required: true, weight: 7, label: "When could you usually meet?" });
  });

  it("ignores a matching question only one side answers", () => {
    const mentee: FormDefinition = { ...peer.mentee, questions: [...peer.mentee.questions, { key: "club", type: "short_text", label: "Club", required: false, matching: { kind: "text", weight: 2 } }] };
    expect(resolveCriteria({ criteria: null }, { mentor: peer.mentor, mentee }).criteria.some((criterion) => criterion.key === "club")).toBe(false);
  });

  it("takes the coordinator's list, with a numeric scale from the question's range", () => {
    const { criteria, problems } = resolveCriteria({ criteria: [{ key: "year", kind: "numeric", weight: 4, required: false }, { key: "major", kind: "exact", weight: 2, required: true }] }, peer);
    expect(problems).toEqual([]);
    expect(criteria).toEqual([
      { key: "year", label: "Which year of study are you in?", kind: "numeric", weight: 4, required: false, scale: 7 },
      { key: "major", label: "What is your intended major?", kind: "exact", weight: 2, required: true },
    ]);
  });

  it("names each problem in the coordinator's list by its position", () => {
    const { problems } = resolveCriteria(
      { criteria: [{ key: "nope", kind: "exact", weight: 1, required: false }, { key: "bio", kind: "numeric", weight: 1, required: false }, { key: "major", kind: "exact", weight: 1, required: false }, { key: "major", kind: "exact", weight: 1, required: false }] },
      peer,
    );
    expect(problems).toEqual([
      { path: ["criteria", 0, "key"], message: '"nope" is not a question on the mentor and mentee form; matching compares answers both sides give' },
      { path: ["criteria", 1, "kind"], message: expect.stringContaining('"numeric" cannot compare answers') },
      { path: ["criteria", 3, "key"], message: '"major" is listed twice' },
    ]);
  });

  it("lists the questions a coordinator can choose, with the kinds that suit them", () => {
    const questions = matchableQuestions(peer);
    expect(questions.find((question) => question.key === "year")).toMatchObject({ type: "number", kinds: expect.arrayContaining(["numeric"]) });
    expect(questions.find((question) => question.key === "interests")?.kinds).toContain("overlap");
  });
});

describe("engineAttributes", () => {
  it("passes only the compared answers, and yes/no for checkboxes", () => {
    const criteria = [
      { key: "interests", label: "", kind: "overlap" as const, weight: 1, required: false },
      { key: "year", label: "", kind: "numeric" as const, weight: 1, required: false },
      { key: "remote", label: "", kind: "exact" as const, weight: 1, required: false },
      { key: "missing", label: "", kind: "exact" as const, weight: 1, required: false },
    ];
    expect(engineAttributes({ interests: ["a"], year: 2, remote: true, email: "x@y.z", missing: null }, criteria)).toEqual({ interests: ["a"], year: 2, remote: "yes" });
  });
});

describe("proposal numbers", () => {
  it("bands scores in tenths, 1.0 in the top band", () => {
    const bands = scoreDistribution([0, 0.05, 0.55, 0.99, 1]);
    expect(bands).toHaveLength(10);
    expect(bands.map((band) => band.count)).toEqual([2, 0, 0, 0, 0, 1, 0, 0, 0, 2]);
  });

  it("gives each mentor what is left of the capacity", () => {
    expect([...remainingCapacity(3, new Map([["a", 1], ["b", 5]]), ["a", "b", "c"])]).toEqual([["a", 2], ["b", 0], ["c", 3]]);
  });

  it("solves small cohorts in the request and large ones on the queue", () => {
    expect(runsInRequest(200, 60)).toBe(true);
    expect(runsInRequest(2000, 500)).toBe(false);
  });
});

describe("sharedGround", () => {
  it("lists the answers both gave on overlap and exact criteria, by their labels", () => {
    const criteria = [
      { key: "interests", label: "Interests", kind: "overlap" as const, weight: 1, required: false },
      { key: "major", label: "Major", kind: "exact" as const, weight: 1, required: false },
      { key: "bio", label: "About you", kind: "text" as const, weight: 1, required: false },
      { key: "languages", label: "Languages", kind: "overlap" as const, weight: 1, required: false },
    ];
    const labels: Record<string, string> = { music: "Music", hiking: "Hiking", biology: "Biology" };
    const ground = sharedGround(
      criteria,
      { interests: ["music", "Hiking ", "chess"], major: "biology", bio: "same words", languages: ["fr"] },
      { interests: ["hiking", "music"], major: "Biology", bio: "same words", languages: ["en"] },
      (_key, value) => labels[value.trim().toLowerCase()] ?? value,
    );
    expect(ground).toEqual([
      { key: "interests", label: "Interests", values: ["Music", "Hiking"] },
      { key: "major", label: "Major", values: ["Biology"] },
    ]);
  });
});
