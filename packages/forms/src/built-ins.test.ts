import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { builtInFields, type FormContext, type FormDefinition, needsGuardianConsent, QuestionSchema, submissionSchema } from "./index.js";
import { errorsOf, outputOf } from "./test-helpers.js";

const TODAY = "2026-09-15";
const YOUTH: FormContext = { role: "mentee", guardianConsentUnderAge: 18, today: TODAY };
const NO_QUESTIONS: FormDefinition = { version: 1, questions: [] };
const APPLICANT = { first_name: "Maya", last_name: "Ortiz", email: "maya@example.org" };
const GUARDIAN = { guardian_name: "Rosa Ortiz", guardian_email: "rosa@example.org" };
const UNDER_AGE_MESSAGE = "is required: applicants under 18 need a parent's or guardian's consent";

describe("builtInFields", () => {
  it("gives every form first name, last name and email", () => {
    const expected = ["first_name", "last_name", "email"];
    expect(builtInFields({ role: "mentor", guardianConsentUnderAge: null, today: TODAY }).map((field) => field.key)).toEqual(expected);
    expect(builtInFields({ role: "mentee", guardianConsentUnderAge: null, today: TODAY }).map((field) => field.key)).toEqual(expected);
    // Mentors are adults by the program's screening; the age rule is about mentees.
    expect(builtInFields({ ...YOUTH, role: "mentor" }).map((field) => field.key)).toEqual(expected);
  });

  it("asks mentees in programs with an age limit for their date of birth and a guardian", () => {
    const fields = builtInFields(YOUTH);
    expect(fields.map((field) => [field.key, field.type, field.required])).toEqual([
      ["first_name", "short_text", true],
      ["last_name", "short_text", true],
      ["email", "email", true],
      ["date_of_birth", "date", true],
      // Needed only under the age, which depends on the answer: submissionSchema enforces it.
      ["guardian_name", "short_text", false],
      ["guardian_email", "email", false],
    ]);
    expect(fields.find((field) => field.key === "guardian_name")?.help).toBe("Required if you are under 18 (born after 2008-09-15).");
  });

  it("gives questions that are themselves valid", () => {
    for (const field of builtInFields(YOUTH)) expect(v.safeParse(QuestionSchema, field).success, field.key).toBe(true);
  });

  it("throws on a bad `today` or age, which are our bugs, not the applicant's", () => {
    expect(() => builtInFields({ ...YOUTH, today: "2026-02-30" })).toThrow(RangeError);
    expect(() => builtInFields({ ...YOUTH, guardianConsentUnderAge: 0 })).toThrow(RangeError);
    expect(() => builtInFields({ ...YOUTH, guardianConsentUnderAge: 17.5 })).toThrow(RangeError);
  });
});

describe("the guardian rule", () => {
  const schema = submissionSchema(NO_QUESTIONS, YOUTH);

  it("does not ask a guardian of someone who turns 18 exactly today", () => {
    const answers = { ...APPLICANT, date_of_birth: "2008-09-15" };
    expect(outputOf(schema, { answers }).answers).toEqual(answers);
    expect(needsGuardianConsent(answers, YOUTH)).toBe(false);
  });

  it("requires a guardian for someone who turns 18 tomorrow, at each guardian field", () => {
    const answers = { ...APPLICANT, date_of_birth: "2008-09-16" };
    expect(errorsOf(schema, { answers })).toEqual([
      { path: "answers.guardian_name", message: UNDER_AGE_MESSAGE },
      { path: "answers.guardian_email", message: UNDER_AGE_MESSAGE },
    ]);
    expect(errorsOf(schema, { answers: { ...answers, guardian_name: "Rosa Ortiz", guardian_email: "  " } })).toEqual([
      { path: "answers.guardian_email", message: UNDER_AGE_MESSAGE },
    ]);
    const complete = { ...answers, ...GUARDIAN };
    expect(outputOf(schema, { answers: complete }).answers).toEqual(complete);
    expect(needsGuardianConsent(complete, YOUTH)).toBe(true);
  });

  it("counts a 29 February birthday from 1 March in common years", () => {
    const answers = { ...APPLICANT, date_of_birth: "2008-02-29" };
    const onTheEve = { ...YOUTH, today: "2026-02-28" };
    expect(needsGuardianConsent(answers, onTheEve)).toBe(true);
    expect(errorsOf(submissionSchema(NO_QUESTIONS, onTheEve), { answers }).map((error) => error.path)).toEqual([
      "answers.guardian_name",
      "answers.guardian_email",
    ]);
    expect(needsGuardianConsent(answers, { ...YOUTH, today: "2026-03-01" })).toBe(false);
  });

  it("refuses the applicant's own address as the guardian's, whatever its case", () => {
    const answers = { ...APPLICANT, ...GUARDIAN, date_of_birth: "2011-04-02", guardian_email: " MAYA@example.org " };
    expect(errorsOf(schema, { answers })).toEqual([
      { path: "answers.guardian_email", message: "must be the parent's or guardian's own email address, not the applicant's" },
    ]);
  });

  it("reports a malformed guardian email once, not also as missing", () => {
    const answers = { ...APPLICANT, ...GUARDIAN, date_of_birth: "2011-04-02", guardian_email: "rosa" };
    expect(errorsOf(schema, { answers })).toEqual([{ path: "answers.guardian_email", message: "must be an email address like name@example.org" }]);
  });

  it("keeps a guardian that an adult gives anyway", () => {
    const answers = { ...APPLICANT, ...GUARDIAN, date_of_birth: "1990-01-01" };
    expect(outputOf(schema, { answers }).answers).toEqual(answers);
  });

  it("requires a plausible date of birth", () => {
    expect(errorsOf(schema, { answers: APPLICANT })).toEqual([{ path: "answers.date_of_birth", message: "is required" }]);
    expect(errorsOf(schema, { answers: { ...APPLICANT, ...GUARDIAN, date_of_birth: "2026-09-16" } })).toEqual([
      { path: "answers.date_of_birth", message: "cannot be in the future" },
    ]);
    expect(errorsOf(schema, { answers: { ...APPLICANT, ...GUARDIAN, date_of_birth: "1906-09-15" } })).toEqual([
      { path: "answers.date_of_birth", message: "is more than 120 years ago; check the year" },
    ]);
    expect(errorsOf(schema, { answers: { ...APPLICANT, ...GUARDIAN, date_of_birth: "15/09/2010" } })).toEqual([
      { path: "answers.date_of_birth", message: "must be a date like 2026-09-01" },
    ]);
    expect(v.safeParse(schema, { answers: { ...APPLICANT, date_of_birth: TODAY, ...GUARDIAN } }).success).toBe(true);
  });

  it("refuses date of birth and guardian where the form does not ask for them", () => {
    const adultsOnly = submissionSchema(NO_QUESTIONS, { ...YOUTH, guardianConsentUnderAge: null });
    expect(errorsOf(adultsOnly, { answers: { ...APPLICANT, date_of_birth: "2010-01-01", ...GUARDIAN } })).toEqual([
      { path: "answers.date_of_birth", message: "is not a question on this form" },
      { path: "answers.guardian_name", message: "is not a question on this form" },
      { path: "answers.guardian_email", message: "is not a question on this form" },
    ]);
    const mentor = submissionSchema(NO_QUESTIONS, { ...YOUTH, role: "mentor" });
    expect(errorsOf(mentor, { answers: { ...APPLICANT, date_of_birth: "1980-01-01" } })).toEqual([
      { path: "answers.date_of_birth", message: "is not a question on this form" },
    ]);
  });
});

describe("needsGuardianConsent", () => {
  it("is false without an age limit or without a usable date of birth", () => {
    expect(needsGuardianConsent({ date_of_birth: "2015-01-01" }, { guardianConsentUnderAge: null, today: TODAY })).toBe(false);
    expect(needsGuardianConsent({}, YOUTH)).toBe(false);
    expect(needsGuardianConsent({ date_of_birth: null }, YOUTH)).toBe(false);
    expect(needsGuardianConsent({ date_of_birth: "not a date" }, YOUTH)).toBe(false);
  });

  it("follows the program's age", () => {
    const answers = { date_of_birth: "2010-09-16" }; // 15 on TODAY
    expect(needsGuardianConsent(answers, { guardianConsentUnderAge: 16, today: TODAY })).toBe(true);
    expect(needsGuardianConsent(answers, { guardianConsentUnderAge: 15, today: TODAY })).toBe(false);
  });

  it("throws on a bad `today`", () => {
    expect(() => needsGuardianConsent({}, { guardianConsentUnderAge: 18, today: "15.09.2026" })).toThrow(RangeError);
  });
});
