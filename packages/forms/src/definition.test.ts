import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  BUILT_IN_KEYS,
  FormDefinitionSchema,
  MATCHING_COMPATIBILITY,
  MATCHING_KINDS,
  QUESTION_TYPES,
  QuestionSchema,
  type QuestionInput,
  type QuestionType,
} from "./index.js";
import { errorsOf, outputOf } from "./test-helpers.js";

const COLORS = [
  { value: "red", label: "Red" },
  { value: "green", label: "Green" },
  { value: "blue", label: "Blue" },
];

/** A valid question of each type, to vary one setting at a time. */
function questionOfType(type: QuestionType, overrides: Partial<QuestionInput> = {}): QuestionInput {
  const choices = type === "single_choice" || type === "multiple_choice" ? { choices: COLORS } : {};
  return { key: "answer", type, label: "A question", required: false, ...choices, ...overrides };
}

function form(...questions: unknown[]): unknown {
  return { version: 1, questions };
}

describe("QuestionSchema", () => {
  it("accepts a question of every type", () => {
    for (const type of QUESTION_TYPES) expect(v.safeParse(QuestionSchema, questionOfType(type)).success, type).toBe(true);
  });

  it("trims texts and treats a missing `required` as false", () => {
    const question = outputOf(QuestionSchema, { key: "bio", type: "long_text", label: "  About you  ", help: " Be brief. " });
    expect(question).toEqual({ key: "bio", type: "long_text", label: "About you", help: "Be brief.", required: false });
  });

  it.each([
    ["Interests", "uppercase"],
    ["1st_choice", "a leading digit"],
    ["career-goals", "a hyphen"],
    ["a".repeat(41), "41 characters"],
    ["", "nothing"],
  ])("refuses the key %j (%s)", (key) => {
    expect(errorsOf(QuestionSchema, questionOfType("short_text", { key }))).toEqual([
      {
        path: "key",
        message: "must start with a lowercase letter and use only lowercase letters, digits and underscores (at most 40), such as career_goals",
      },
    ]);
  });

  it("accepts a 40-character key", () => {
    expect(v.safeParse(QuestionSchema, questionOfType("short_text", { key: `a${"b".repeat(39)}` })).success).toBe(true);
  });

  it("refuses an unknown type, a missing or overlong label, an overlong help text and unknown settings", () => {
    expect(errorsOf(QuestionSchema, { ...questionOfType("short_text"), type: "rating" })).toEqual([
      { path: "type", message: `must be one of ${QUESTION_TYPES.join(", ")}` },
    ]);
    expect(errorsOf(QuestionSchema, { key: "bio", type: "long_text" })).toEqual([{ path: "label", message: "is required" }]);
    expect(errorsOf(QuestionSchema, questionOfType("long_text", { label: "   " }))).toEqual([{ path: "label", message: "is required" }]);
    expect(errorsOf(QuestionSchema, questionOfType("long_text", { label: "x".repeat(201) }))).toEqual([
      { path: "label", message: "must be at most 200 characters" },
    ]);
    expect(errorsOf(QuestionSchema, questionOfType("long_text", { help: "x".repeat(501) }))).toEqual([
      { path: "help", message: "must be at most 500 characters" },
    ]);
    expect(errorsOf(QuestionSchema, { ...questionOfType("long_text"), placeholder: "Type here" })).toEqual([
      { path: "placeholder", message: "is not a setting of a question" },
    ]);
  });

  describe("choices", () => {
    it("refuses choices on a question that is not a choice", () => {
      expect(errorsOf(QuestionSchema, questionOfType("short_text", { choices: COLORS }))).toEqual([
        { path: "choices", message: "only single choice and multiple choice questions have choices, not short text questions" },
      ]);
    });

    it.each(["single_choice", "multiple_choice"] as const)("requires at least two choices on %s", (type) => {
      expect(errorsOf(QuestionSchema, questionOfType(type, { choices: [COLORS[0]] }))).toEqual([{ path: "choices", message: "add at least 2 choices" }]);
      const { choices: _omitted, ...withoutChoices } = questionOfType(type);
      expect(errorsOf(QuestionSchema, withoutChoices)).toEqual([{ path: "choices", message: "add at least 2 choices" }]);
    });

    it("allows 50 choices, not 51", () => {
      const many = (count: number) => Array.from({ length: count }, (_, index) => ({ value: `option_${index}`, label: `Option ${index}` }));
      expect(v.safeParse(QuestionSchema, questionOfType("single_choice", { choices: many(50) })).success).toBe(true);
      expect(errorsOf(QuestionSchema, questionOfType("single_choice", { choices: many(51) }))).toEqual([
        { path: "choices", message: "must have at most 50 choices" },
      ]);
    });

    it("refuses duplicate values at the second copy", () => {
      const choices = [...COLORS, { value: "red", label: "Crimson" }];
      expect(errorsOf(QuestionSchema, questionOfType("multiple_choice", { choices }))).toEqual([
        { path: "choices.3.value", message: '"red" is already the value of another choice' },
      ]);
    });

    it("refuses values that are not lowercase slugs, and choices without a label", () => {
      expect(errorsOf(QuestionSchema, questionOfType("single_choice", { choices: [COLORS[0], { value: "In Person", label: "In person" }] }))).toEqual([
        { path: "choices.1.value", message: "must be 1 to 60 lowercase letters, digits or underscores, such as in_person" },
      ]);
      expect(errorsOf(QuestionSchema, { ...questionOfType("single_choice"), choices: [COLORS[0], { value: "online" }] })).toEqual([
        { path: "choices.1.label", message: "is required" },
      ]);
    });
  });

  describe("min and max", () => {
    it("are bounds of a number", () => {
      expect(v.safeParse(QuestionSchema, questionOfType("number", { min: -5, max: 2.5 })).success).toBe(true);
      expect(errorsOf(QuestionSchema, questionOfType("number", { min: 2, max: 1 }))).toEqual([{ path: "min", message: "must not be more than max (1)" }]);
    });

    it("count selections of a multiple choice, up to the number of choices", () => {
      expect(v.safeParse(QuestionSchema, questionOfType("multiple_choice", { min: 1, max: 3 })).success).toBe(true);
      expect(errorsOf(QuestionSchema, questionOfType("multiple_choice", { max: 4 }))).toEqual([
        { path: "max", message: "cannot be more than the number of choices (3)" },
      ]);
      expect(errorsOf(QuestionSchema, questionOfType("multiple_choice", { min: 0 }))).toEqual([
        { path: "min", message: "must be a whole number of selections, at least 1" },
      ]);
      expect(errorsOf(QuestionSchema, questionOfType("multiple_choice", { min: 3, max: 2 }))).toEqual([
        { path: "min", message: "must not be more than max (2)" },
      ]);
    });

    it("give text a maximum length only, within a limit", () => {
      expect(v.safeParse(QuestionSchema, questionOfType("short_text", { max: 500 })).success).toBe(true);
      expect(v.safeParse(QuestionSchema, questionOfType("long_text", { max: 10_000 })).success).toBe(true);
      expect(errorsOf(QuestionSchema, questionOfType("short_text", { max: 501 }))).toEqual([
        { path: "max", message: "must be a whole number of characters from 1 to 500" },
      ]);
      expect(errorsOf(QuestionSchema, questionOfType("long_text", { min: 10 }))).toEqual([
        { path: "min", message: "text questions take only a maximum length (max)" },
      ]);
    });

    it.each(["date", "scale", "email", "phone", "languages", "availability", "consent", "single_choice"] as const)("are refused on %s", (type) => {
      const [path] = errorsOf(QuestionSchema, questionOfType(type, { max: 3 }));
      expect(path.path).toBe("max");
      expect(path.message).toMatch(/^only number, multiple choice and text questions take a max, not .+ questions$/);
    });

    it("must be numbers", () => {
      expect(errorsOf(QuestionSchema, { ...questionOfType("number"), max: "10" })).toEqual([{ path: "max", message: "must be a number" }]);
    });
  });

  describe("matching", () => {
    it("accepts every compatible kind and type, and refuses every other pair", () => {
      for (const kind of MATCHING_KINDS) {
        for (const type of QUESTION_TYPES) {
          const result = v.safeParse(QuestionSchema, questionOfType(type, { matching: { kind, weight: 5 } }));
          expect(result.success, `${kind} on ${type}`).toBe(MATCHING_COMPATIBILITY[kind].includes(type));
        }
      }
    });

    it("says which types a kind works with", () => {
      expect(errorsOf(QuestionSchema, questionOfType("short_text", { matching: { kind: "numeric", weight: 5 } }))).toEqual([
        { path: "matching.kind", message: '"numeric" matching works with number or scale questions, not short text' },
      ]);
      expect(errorsOf(QuestionSchema, questionOfType("consent", { matching: { kind: "overlap", weight: 5 } }))).toEqual([
        {
          path: "matching.kind",
          message: '"overlap" matching works with multiple choice, languages, availability or single choice questions, not consent',
        },
      ]);
    });

    it.each([0, 11, 2.5])("refuses the weight %d", (weight) => {
      expect(errorsOf(QuestionSchema, questionOfType("languages", { matching: { kind: "overlap", weight } }))).toEqual([
        { path: "matching.weight", message: "must be a whole number from 1 to 10" },
      ]);
    });

    it("refuses an unknown kind and unknown settings", () => {
      expect(errorsOf(QuestionSchema, { ...questionOfType("languages"), matching: { kind: "fuzzy", weight: 3 } })).toEqual([
        { path: "matching.kind", message: "must be one of overlap, exact, numeric, text" },
      ]);
      expect(errorsOf(QuestionSchema, { ...questionOfType("languages"), matching: { kind: "overlap", weight: 3, minimum: 1 } })).toEqual([
        { path: "matching.minimum", message: "is not a matching setting; use kind, weight and required" },
      ]);
    });
  });
});

describe("FormDefinitionSchema", () => {
  it("accepts a form and an empty form (built-in fields only)", () => {
    const definition = form(questionOfType("multiple_choice", { key: "interests", matching: { kind: "overlap", weight: 6, required: true } }));
    expect(outputOf(FormDefinitionSchema, definition).questions[0]).toMatchObject({ key: "interests", matching: { required: true } });
    expect(outputOf(FormDefinitionSchema, form())).toEqual({ version: 1, questions: [] });
  });

  it("refuses duplicate keys at the second question", () => {
    const definition = form(questionOfType("short_text", { key: "major" }), questionOfType("long_text", { key: "bio" }), questionOfType("single_choice", { key: "major" }));
    expect(errorsOf(FormDefinitionSchema, definition)).toEqual([
      { path: "questions.2.key", message: '"major" is already the key of question 1; keys must be unique' },
    ]);
  });

  it.each(BUILT_IN_KEYS)("refuses the built-in key %s", (key) => {
    expect(errorsOf(FormDefinitionSchema, form(questionOfType("short_text", { key })))).toEqual([
      { path: "questions.0.key", message: `"${key}" is a built-in field every form already has; choose another key` },
    ]);
  });

  it("reports errors inside a question at its index", () => {
    const definition = form(questionOfType("short_text", { key: "ok" }), questionOfType("short_text", { key: "bad", choices: COLORS }));
    expect(errorsOf(FormDefinitionSchema, definition)).toEqual([
      { path: "questions.1.choices", message: "only single choice and multiple choice questions have choices, not short text questions" },
    ]);
  });

  it("refuses another version, more than 60 questions and unknown settings", () => {
    expect(errorsOf(FormDefinitionSchema, { version: 2, questions: [] })).toEqual([{ path: "version", message: "must be 1" }]);
    const questions = Array.from({ length: 61 }, (_, index) => questionOfType("short_text", { key: `question_${index}` }));
    expect(errorsOf(FormDefinitionSchema, form(...questions))).toEqual([{ path: "questions", message: "must have at most 60 questions" }]);
    expect(v.safeParse(FormDefinitionSchema, form(...questions.slice(0, 60))).success).toBe(true);
    expect(errorsOf(FormDefinitionSchema, { version: 1, questions: [], title: "Apply" })).toEqual([
      { path: "title", message: "is not a setting of a form; a form has only a version and questions" },
    ]);
    expect(errorsOf(FormDefinitionSchema, { version: 1 })).toEqual([{ path: "questions", message: "is required" }]);
  });
});
