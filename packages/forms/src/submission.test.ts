import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { answerSchema, type FormContext, type FormDefinition, submissionSchema } from "./index.js";
import { errorsOf, outputOf } from "./test-helpers.js";

const TODAY = "2026-09-15";
const MENTOR: FormContext = { role: "mentor", guardianConsentUnderAge: null, today: TODAY };

/** One optional question of every type, plus a required consent. */
const EVERY_TYPE: FormDefinition = {
  version: 1,
  questions: [
    { key: "nickname", type: "short_text", label: "Nickname", required: false, max: 20 },
    { key: "story", type: "long_text", label: "Your story", required: false },
    { key: "headline", type: "short_text", label: "Headline", required: false },
    {
      key: "modality",
      type: "single_choice",
      label: "How would you like to meet?",
      required: false,
      choices: [
        { value: "in_person", label: "In person" },
        { value: "online", label: "Online" },
      ],
    },
    {
      key: "hobbies",
      type: "multiple_choice",
      label: "Hobbies",
      required: false,
      min: 2,
      max: 3,
      choices: ["chess", "music", "hiking", "film"].map((value) => ({ value, label: value })),
    },
    { key: "hours", type: "number", label: "Hours a month", required: false, min: 0, max: 40 },
    { key: "start_date", type: "date", label: "Earliest start", required: false },
    { key: "confidence", type: "scale", label: "How confident are you?", required: false },
    { key: "work_email", type: "email", label: "Work email", required: false },
    { key: "phone", type: "phone", label: "Phone", required: false },
    { key: "spoken", type: "languages", label: "Languages", required: false },
    { key: "availability", type: "availability", label: "Availability", required: false },
    { key: "photo_consent", type: "consent", label: "Photos of me may appear in the newsletter.", required: false },
    { key: "code_of_conduct", type: "consent", label: "I will follow the code of conduct.", required: true },
  ],
};

const schema = submissionSchema(EVERY_TYPE, MENTOR);
const BASE = { first_name: "Ana", last_name: "Silva", email: "ana@example.org", code_of_conduct: true };

function accepted(answers: Record<string, unknown>) {
  return outputOf(schema, { answers: { ...BASE, ...answers } }).answers;
}

function refused(answers: Record<string, unknown>) {
  return errorsOf(schema, { answers: { ...BASE, ...answers } });
}

describe("submissionSchema: each question type", () => {
  it.each<[string, unknown, unknown]>([
    ["nickname", "  Sam  ", "Sam"],
    ["nickname", "x".repeat(20), "x".repeat(20)],
    ["headline", "x".repeat(200), "x".repeat(200)],
    ["story", "x".repeat(4000), "x".repeat(4000)],
    ["modality", " online ", "online"],
    ["hobbies", ["chess", " music "], ["chess", "music"]],
    ["hobbies", ["film", "chess", "hiking"], ["film", "chess", "hiking"]],
    ["hours", 12, 12],
    ["hours", 0, 0],
    ["hours", "7.5", 7.5],
    ["hours", " 40 ", 40],
    ["start_date", "2026-09-01", "2026-09-01"],
    ["start_date", "2028-02-29", "2028-02-29"],
    ["confidence", 1, 1],
    ["confidence", 5, 5],
    ["confidence", "3", 3],
    ["work_email", "  Ana.Silva@Example.ORG ", "ana.silva@example.org"],
    ["phone", "+1 (555) 123-4567", "+15551234567"],
    ["phone", " +49 30 1234567 ", "+49301234567"],
    ["phone", "(030) 123-4567", "(030) 123-4567"],
    ["spoken", ["es", " EN "], ["es", "en"]],
    ["availability", ["sun_evening", "mon_morning", "wed_afternoon"], ["mon_morning", "wed_afternoon", "sun_evening"]],
    ["photo_consent", true, true],
    ["photo_consent", false, false],
  ])("accepts %s = %j as %j", (key, value, expected) => {
    expect(accepted({ [key]: value })[key]).toEqual(expected);
  });

  it.each<[string, unknown, string, string]>([
    ["nickname", "x".repeat(21), "answers.nickname", "must be at most 20 characters"],
    ["nickname", 42, "answers.nickname", "must be text"],
    ["headline", "x".repeat(201), "answers.headline", "must be at most 200 characters"],
    ["story", "x".repeat(4001), "answers.story", "must be at most 4000 characters"],
    ["modality", "zoom", "answers.modality", "must be one of the choices offered"],
    ["modality", ["online"], "answers.modality", "must be one of the choices offered"],
    ["hobbies", ["chess"], "answers.hobbies", "choose at least 2"],
    ["hobbies", ["chess", "music", "hiking", "film"], "answers.hobbies", "choose at most 3"],
    ["hobbies", ["chess", "knitting"], "answers.hobbies.1", "is not one of the choices offered"],
    ["hobbies", ["chess", "music", "chess"], "answers.hobbies.2", "is chosen twice"],
    ["hobbies", "chess", "answers.hobbies", "must be a list of choices"],
    ["hours", -1, "answers.hours", "must be at least 0"],
    ["hours", 40.5, "answers.hours", "must be at most 40"],
    ["hours", "ten", "answers.hours", "must be a number"],
    ["hours", "0x10", "answers.hours", "must be a number"],
    ["hours", "1e3", "answers.hours", "must be a number"],
    ["hours", Number.POSITIVE_INFINITY, "answers.hours", "must be a number"],
    ["hours", true, "answers.hours", "must be a number"],
    ["start_date", "01/09/2026", "answers.start_date", "must be a date like 2026-09-01"],
    ["start_date", "2026-9-1", "answers.start_date", "must be a date like 2026-09-01"],
    ["start_date", 20260901, "answers.start_date", "must be a date like 2026-09-01"],
    ["start_date", "2026-02-30", "answers.start_date", "is not a real date; check the day and the month"],
    ["start_date", "2027-02-29", "answers.start_date", "is not a real date; check the day and the month"],
    ["start_date", "2026-13-01", "answers.start_date", "is not a real date; check the day and the month"],
    ["confidence", 0, "answers.confidence", "must be a whole number from 1 to 5"],
    ["confidence", 6, "answers.confidence", "must be a whole number from 1 to 5"],
    ["confidence", 2.5, "answers.confidence", "must be a whole number from 1 to 5"],
    ["confidence", "very", "answers.confidence", "must be a whole number from 1 to 5"],
    ["work_email", "ana at example.org", "answers.work_email", "must be an email address like name@example.org"],
    ["work_email", `${"a".repeat(250)}@x.org`, "answers.work_email", "must be at most 254 characters"],
    ["phone", "call me", "answers.phone", "may contain only digits, spaces and + - ( )"],
    ["phone", "123456", "answers.phone", "must be at least 7 characters"],
    ["phone", "+1 555 123 4567 8901 23", "answers.phone", "must be at most 20 characters"],
    ["phone", "555+1234567", "answers.phone", "may have a + only at the start"],
    ["phone", "--- ---", "answers.phone", "must have at least 7 digits"],
    ["spoken", ["en", "xx"], "answers.spoken.1", "is not a language on our list"],
    ["spoken", ["en", "EN"], "answers.spoken.1", "is listed twice"],
    ["spoken", "en", "answers.spoken", "must be a list of languages"],
    ["availability", ["mon_night"], "answers.availability.0", "is not a time slot such as mon_evening"],
    ["availability", ["mon_evening", "mon_evening"], "answers.availability.1", "is listed twice"],
    ["photo_consent", "yes", "answers.photo_consent", "must be true or false"],
    ["code_of_conduct", false, "answers.code_of_conduct", "must be checked to apply"],
    ["code_of_conduct", undefined, "answers.code_of_conduct", "must be checked to apply"],
  ])("refuses %s = %j at %s: %s", (key, value, path, message) => {
    expect(refused({ [key]: value })).toEqual([{ path, message }]);
  });

  it("lets a form check one field with the server's rules (answerSchema)", () => {
    const phone = EVERY_TYPE.questions.find((question) => question.key === "phone")!;
    expect(v.parse(answerSchema(phone), "+44 20 7946 0958")).toBe("+442079460958");
    expect(v.safeParse(answerSchema(phone), "nope").success).toBe(false);
  });
});

describe("submissionSchema: the answers object", () => {
  it("drops blank optional answers instead of storing them", () => {
    const answers = accepted({ nickname: "   ", story: "", modality: null, hobbies: [], hours: "", spoken: [], photo_consent: undefined });
    expect(answers).toEqual({ first_name: "Ana", last_name: "Silva", email: "ana@example.org", code_of_conduct: true });
  });

  it("outputs the answers in form order, built-in fields first", () => {
    const answers = accepted({ hours: 3, code_of_conduct: true, nickname: "Sam" });
    expect(Object.keys(answers)).toEqual(["first_name", "last_name", "email", "nickname", "hours", "code_of_conduct"]);
  });

  it("requires the built-in fields, blank or absent", () => {
    expect(errorsOf(schema, { answers: { first_name: "  ", last_name: "Silva", code_of_conduct: true } })).toEqual([
      { path: "answers.first_name", message: "is required" },
      { path: "answers.email", message: "is required" },
    ]);
    expect(refused({ email: "not-an-email" })).toEqual([{ path: "answers.email", message: "must be an email address like name@example.org" }]);
    expect(refused({ last_name: "x".repeat(121) })).toEqual([{ path: "answers.last_name", message: "must be at most 120 characters" }]);
    expect(accepted({ email: " Ana@Example.org " }).email).toBe("ana@example.org");
  });

  it("refuses every unknown key, and names it", () => {
    expect(refused({ favourite_color: "blue", Nickname: "Sam" })).toEqual([
      { path: "answers.favourite_color", message: "is not a question on this form" },
      { path: "answers.Nickname", message: "is not a question on this form" },
    ]);
  });

  it("refuses __proto__ from a JSON body without touching prototypes", () => {
    const body: unknown = JSON.parse(`{"answers": {"first_name": "Ana", "last_name": "Silva", "email": "ana@example.org", "code_of_conduct": true, "__proto__": {"polluted": true}}}`);
    expect(errorsOf(schema, body)).toEqual([{ path: "answers.__proto__", message: "is not a question on this form" }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reads only the answers' own keys, so a question keyed `constructor` is not answered by Object.prototype", () => {
    const definition: FormDefinition = { version: 1, questions: [{ key: "constructor", type: "short_text", label: "Builder", required: true }] };
    expect(errorsOf(submissionSchema(definition, MENTOR), { answers: BASE })).toEqual([
      { path: "answers.code_of_conduct", message: "is not a question on this form" },
      { path: "answers.constructor", message: "is required" },
    ]);
  });

  it("refuses a body without an answers object", () => {
    expect(errorsOf(schema, {})).toEqual([{ path: "answers", message: "is required" }]);
    expect(errorsOf(schema, { answers: ["Ana"] })).toEqual([{ path: "answers", message: "must be an object with one entry per question" }]);
    expect(errorsOf(schema, "Ana")).toEqual([{ path: null, message: "must be an object" }]);
  });

  it("reports every failing field in one pass, also with abortPipeEarly as the API validates", () => {
    const input = { answers: { ...BASE, email: "nope", hours: -3, hobbies: ["chess"], start_date: "soon", extra: 1 } };
    expect(errorsOf(schema, input, { abortPipeEarly: true })).toEqual([
      { path: "answers.extra", message: "is not a question on this form" },
      { path: "answers.email", message: "must be an email address like name@example.org" },
      { path: "answers.hobbies", message: "choose at least 2" },
      { path: "answers.hours", message: "must be at least 0" },
      { path: "answers.start_date", message: "must be a date like 2026-09-01" },
    ]);
  });

  it("ignores other keys of the body and keeps only answers", () => {
    expect(outputOf(schema, { answers: BASE, captcha: "x" })).toEqual({ answers: BASE });
  });

  it("refuses a definition that breaks the definition rules, since the form would be unusable", () => {
    const clash: FormDefinition = { version: 1, questions: [{ key: "email", type: "email", label: "Email", required: true }] };
    expect(() => submissionSchema(clash, MENTOR)).toThrow(/questions\.0\.key "email" is a built-in field/);
  });
});
