import { FormDefinitionSchema } from "@tandem/forms";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { CLOSURE_SURVEY_OPEN_DAYS, closureSurvey, RATING_KEY, SURVEY_QUESTION_KINDS, surveyAnswersSchema, surveyQuestions, surveyRating, surveyTitle } from "./index.js";

const ROLES = ["mentor", "mentee"] as const;

function errorsOf(schema: v.GenericSchema, input: unknown) {
  const result = v.safeParse(schema, input);
  return result.success ? [] : result.issues.map((issue) => ({ path: v.getDotPath(issue), message: issue.message }));
}

describe("surveyQuestions", () => {
  for (const kind of SURVEY_QUESTION_KINDS) {
    for (const role of ROLES) {
      it(`${kind} for a ${role} is a valid enrollment-style form`, () => {
        const questions = surveyQuestions(kind, role);
        // The same checks a coordinator's form goes through: types, choices, bounds, unique keys, no built-in keys.
        const result = v.safeParse(FormDefinitionSchema, { version: 1, questions });
        expect(result.success, JSON.stringify(result.issues?.map((issue) => [v.getDotPath(issue), issue.message]))).toBe(true);
      });
    }
  }

  it("asks the required 1–5 rating first in every survey, for both sides", () => {
    for (const kind of SURVEY_QUESTION_KINDS) {
      for (const role of ROLES) {
        const [first] = surveyQuestions(kind, role);
        expect(first).toMatchObject({ key: RATING_KEY, type: "scale", required: true });
      }
    }
    expect(surveyQuestions("pulse", "mentee")[0]!.label).toBe("How is your mentoring relationship going?");
  });

  it("asks each side the question that fits it", () => {
    const keys = (kind: "final" | "closure", role: "mentor" | "mentee") => surveyQuestions(kind, role).map((question) => question.key);
    expect(keys("final", "mentee")).toContain("confidence");
    expect(keys("final", "mentor")).toContain("mentor_again");
    expect(keys("final", "mentor")).not.toContain("confidence");
    expect(keys("closure", "mentor")).toContain("mentor_again");
    expect(keys("closure", "mentee")).toContain("recommend");
  });

  it("asks both sides of the final and closure surveys the 0–10 recommendation, optional, and no other survey", () => {
    for (const role of ROLES) {
      for (const kind of ["final", "closure"] as const) {
        const question = surveyQuestions(kind, role).find((candidate) => candidate.key === "recommend_score");
        expect(question, `${kind} ${role}`).toMatchObject({ type: "number", label: "How likely are you to recommend this program to a friend?", min: 0, max: 10, required: false });
      }
      // The yes / maybe / no question stays, for reports that span older answers.
      expect(surveyQuestions("final", role).map((candidate) => candidate.key)).toContain("recommend");
      for (const kind of ["pulse", "midpoint"] as const) expect(surveyQuestions(kind, role).map((candidate) => candidate.key)).not.toContain("recommend_score");
    }
  });

  it("tells each person who reads their pulse comment", () => {
    expect(surveyQuestions("pulse", "mentee")[1]!.help).toContain("your mentor does not");
    expect(surveyQuestions("pulse", "mentor")[1]!.help).toContain("your mentee does not");
  });
});

describe("surveyTitle", () => {
  it("names pulses by number and the others by kind", () => {
    expect(surveyTitle("pulse-3", "pulse")).toBe("Pulse survey 3");
    expect(surveyTitle("midpoint", "midpoint")).toBe("Midpoint evaluation");
    expect(surveyTitle("final", "final")).toBe("Final evaluation");
    expect(surveyTitle("closure", "closure")).toBe("Closure survey");
  });
});

describe("closureSurvey", () => {
  it("opens the day the match closed, for two weeks", () => {
    expect(CLOSURE_SURVEY_OPEN_DAYS).toBe(14);
    expect(closureSurvey("2026-12-25")).toEqual({ key: "closure", kind: "closure", opensOn: "2026-12-25", closesOn: "2027-01-07" });
  });
});

describe("surveyAnswersSchema", () => {
  const pulse = surveyAnswersSchema(surveyQuestions("pulse", "mentee"));
  const midpoint = surveyAnswersSchema(surveyQuestions("midpoint", "mentor"));

  it("accepts answers, normalised, and drops blank optional ones", () => {
    expect(v.parse(pulse, { rating: 4, comment: "  Going well.  " })).toEqual({ rating: 4, comment: "Going well." });
    // An HTML form sends numbers as text; an empty comment is no comment.
    expect(v.parse(pulse, { rating: "2", comment: "" })).toEqual({ rating: 2 });
    expect(v.parse(midpoint, { rating: 3, meeting_frequency: "less", goals_progress: 2, change: "Meet on Mondays" })).toEqual({
      rating: 3,
      meeting_frequency: "less",
      goals_progress: 2,
      change: "Meet on Mondays",
    });
  });

  it("lists every bad answer at its key, one message each", () => {
    expect(errorsOf(pulse, { comment: "x".repeat(2001) })).toEqual([
      { path: "rating", message: "is required" },
      { path: "comment", message: "must be at most 2000 characters" },
    ]);
    expect(errorsOf(pulse, { rating: 6, mood: "happy" })).toEqual([
      { path: "mood", message: "is not a question of this survey" },
      { path: "rating", message: "must be a whole number from 1 to 5" },
    ]);
    expect(errorsOf(midpoint, { rating: 2.5, meeting_frequency: "weekly" })).toEqual([
      { path: "rating", message: "must be a whole number from 1 to 5" },
      { path: "meeting_frequency", message: "must be one of the choices offered" },
    ]);
  });

  it("takes the 0–10 recommendation as a whole number, from the form's text too", () => {
    const final = surveyAnswersSchema(surveyQuestions("final", "mentee"));
    expect(v.parse(final, { rating: 4, recommend_score: 0 })).toEqual({ rating: 4, recommend_score: 0 });
    expect(v.parse(final, { rating: 4, recommend_score: "10" })).toEqual({ rating: 4, recommend_score: 10 });
    expect(v.parse(final, { rating: 4, recommend_score: "" })).toEqual({ rating: 4 });
    expect(errorsOf(final, { rating: 4, recommend_score: 7.5 })).toEqual([{ path: "recommend_score", message: "must be a whole number from 0 to 10" }]);
    expect(errorsOf(final, { rating: 4, recommend_score: 11 })).toEqual([{ path: "recommend_score", message: "must be at most 10" }]);
    expect(errorsOf(final, { rating: 4, recommend_score: -1 })).toEqual([{ path: "recommend_score", message: "must be at least 0" }]);
    expect(errorsOf(final, { rating: 4, recommend_score: "lots" })).toEqual([{ path: "recommend_score", message: "must be a number" }]);
  });

  it("reports its own path under the object it sits in", () => {
    const body = v.object({ answers: pulse });
    expect(errorsOf(body, { answers: {} })).toEqual([{ path: "answers.rating", message: "is required" }]);
    expect(errorsOf(body, { answers: [] })).toEqual([{ path: "answers", message: "must be an object with one entry per question" }]);
  });

  it("never reads inherited properties as answers", () => {
    const schema = surveyAnswersSchema([{ key: "constructor", type: "short_text", label: "Odd key", required: true }]);
    expect(errorsOf(schema, {})).toEqual([{ path: "constructor", message: "is required" }]);
  });
});

describe("surveyRating", () => {
  it("reads the 1–5 rating, or null", () => {
    expect(surveyRating({ rating: 5 })).toBe(5);
    expect(surveyRating({})).toBeNull();
    expect(surveyRating({ rating: "5" })).toBeNull();
    expect(surveyRating({ rating: 0 })).toBeNull();
  });
});
