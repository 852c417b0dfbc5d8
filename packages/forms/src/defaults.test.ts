import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  defaultForm,
  type FormDefinition,
  FormDefinitionSchema,
  matchingCriteria,
  PARTICIPANT_ROLES,
  PROGRAM_TYPES,
  type ProgramType,
  submissionSchema,
} from "./index.js";
import { outputOf } from "./test-helpers.js";

const COMBINATIONS = PROGRAM_TYPES.flatMap((type) => PARTICIPANT_ROLES.map((role) => [type, role] as const));

describe("defaultForm", () => {
  it.each(COMBINATIONS)("gives a valid %s %s form, unchanged by validation", (type, role) => {
    const definition = defaultForm(type, role);
    expect(outputOf(FormDefinitionSchema, definition)).toEqual(definition);
    expect(() => submissionSchema(definition, { role, guardianConsentUnderAge: 18, today: "2026-09-15" })).not.toThrow();
  });

  it("uses the demo data's answer keys", () => {
    const keys = (type: ProgramType, role: "mentor" | "mentee") => defaultForm(type, role).questions.map((question) => question.key).sort();
    expect(keys("peer", "mentee")).toEqual(["availability", "bio", "goals", "interests", "languages", "major", "year"]);
    expect(keys("peer", "mentor")).toEqual(keys("peer", "mentee"));
    expect(keys("faculty_student", "mentee")).toEqual(["availability", "bio", "career_goals", "degree_level", "field", "research_interests"]);
    expect(keys("faculty_student", "mentor")).toEqual(["availability", "bio", "career_goals", "field", "research_interests", "title"]);
    expect(keys("community", "mentee")).toEqual(["availability", "bio", "interests", "languages", "location", "modality", "school"]);
    expect(keys("community", "mentor")).toEqual([
      "availability",
      "background_check",
      "bio",
      "code_of_conduct",
      "employer",
      "interests",
      "languages",
      "location",
      "modality",
      "occupation",
    ]);
  });

  it.each(PROGRAM_TYPES)("configures matching the same way on both %s forms", (type) => {
    const criteria = matchingCriteria(defaultForm(type, "mentee"));
    expect(criteria.length).toBeGreaterThan(0);
    expect(matchingCriteria(defaultForm(type, "mentor"))).toEqual(criteria);
    // A pair must be able to meet.
    expect(criteria).toContainEqual({ key: "availability", kind: "overlap", weight: expect.any(Number), required: true });
  });

  it("asks community mentors to accept the code of conduct", () => {
    const codeOfConduct = defaultForm("community", "mentor").questions.find((question) => question.key === "code_of_conduct");
    expect(codeOfConduct).toMatchObject({ type: "consent", required: true });
    expect(defaultForm("community", "mentee").questions.some((question) => question.type === "consent")).toBe(false);
  });

  it("returns a fresh copy each time, so editing one program's form leaves the next default alone", () => {
    const first = defaultForm("peer", "mentee");
    first.questions[0].label = "Changed";
    first.questions.find((question) => question.key === "interests")?.choices?.pop();
    expect(defaultForm("peer", "mentee").questions[0].label).not.toBe("Changed");
    expect(defaultForm("peer", "mentee").questions.find((question) => question.key === "interests")?.choices).toHaveLength(25);
  });

  it("accepts a realistic youth application to the community form", () => {
    const schema = submissionSchema(defaultForm("community", "mentee"), { role: "mentee", guardianConsentUnderAge: 18, today: "2026-09-15" });
    const result = v.safeParse(schema, {
      answers: {
        first_name: "Maya",
        last_name: "Ortiz",
        email: "maya.ortiz@demo.tandem.test",
        date_of_birth: "2011-03-04",
        guardian_name: "Rosa Ortiz",
        guardian_email: "rosa.ortiz@demo.tandem.test",
        interests: ["music", "board_games"],
        languages: ["en", "es"],
        location: "Riverside",
        modality: "either",
        availability: ["tue_afternoon", "sat_morning"],
        school: "Riverside High School",
        bio: "I'm 15 and go to Riverside High School. I like music and board games.",
      },
    });
    expect(result.success).toBe(true);
  });
});

describe("matchingCriteria", () => {
  it("lists the questions that feed matching, in form order, with `required` defaulting to false", () => {
    const definition: FormDefinition = {
      version: 1,
      questions: [
        { key: "bio", type: "long_text", label: "About you", required: true, matching: { kind: "text", weight: 2 } },
        { key: "school", type: "short_text", label: "School", required: true },
        { key: "hours", type: "number", label: "Hours a month", required: false, matching: { kind: "numeric", weight: 4, required: false } },
        { key: "spoken", type: "languages", label: "Languages", required: true, matching: { kind: "overlap", weight: 10, required: true } },
      ],
    };
    expect(matchingCriteria(definition)).toEqual([
      { key: "bio", kind: "text", weight: 2, required: false },
      { key: "hours", kind: "numeric", weight: 4, required: false },
      { key: "spoken", kind: "overlap", weight: 10, required: true },
    ]);
  });

  it("is empty for a form without matching", () => {
    expect(matchingCriteria({ version: 1, questions: [] })).toEqual([]);
  });
});
