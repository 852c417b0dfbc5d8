import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { DEFAULT_SAFEGUARDING, type SafeguardingSettings, SafeguardingSettingsSchema, screeningConfigOf, settingsProblems } from "./index.js";

const issues = (input: unknown) => {
  const result = v.safeParse(SafeguardingSettingsSchema, input);
  return result.success ? [] : result.issues.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`);
};

describe("SafeguardingSettingsSchema", () => {
  it("takes a partial update and trims the code of conduct", () => {
    expect(v.parse(SafeguardingSettingsSchema, { trainingRequired: true, codeOfConduct: "  Be kind.  " })).toEqual({ trainingRequired: true, codeOfConduct: "Be kind." });
    expect(v.parse(SafeguardingSettingsSchema, {})).toEqual({});
  });

  it("refuses unknown steps, a step twice, and numbers out of range", () => {
    expect(issues({ screeningSteps: ["interview", "palm_reading"] })).toEqual([expect.stringMatching(/^screeningSteps\.1: must be one of/)]);
    expect(issues({ screeningSteps: ["interview", "interview"] })).toEqual(["screeningSteps: lists a step twice"]);
    expect(issues({ referencesRequired: 0 })).toEqual(["referencesRequired: must be from 1 to 5"]);
    expect(issues({ commitmentMonths: 1.5 })).toEqual(["commitmentMonths: must be a whole number"]);
    expect(issues({ minTrainingMinutes: -1 })).toEqual(["minTrainingMinutes: must be from 0 to 6000"]);
    expect(issues({ mentorSees: "everything" })).toEqual(["mentorSees: must be one of name_only, name_and_email"]);
  });

  it("takes a due date that exists, or null, and refuses others without throwing", () => {
    expect(issues({ trainingDueOn: "2026-09-01" })).toEqual([]);
    expect(issues({ trainingDueOn: null })).toEqual([]);
    expect(issues({ trainingDueOn: "2026-02-30" })).toEqual(["trainingDueOn: must be a date that exists on the calendar"]);
    // Not a date at all: the format message (the calendar check used to throw a RangeError here).
    expect(issues({ trainingDueOn: "next week" })).toContain("trainingDueOn: must be a date like 2026-09-01");
  });
});

describe("settingsProblems", () => {
  const settings = (changes: Partial<SafeguardingSettings>): SafeguardingSettings => ({ ...DEFAULT_SAFEGUARDING, ...changes });

  it("finds nothing wrong with the defaults", () => {
    expect(settingsProblems(DEFAULT_SAFEGUARDING)).toEqual([]);
  });

  it("needs a step when screening is required", () => {
    expect(settingsProblems(settings({ screeningRequired: true }))).toEqual([{ path: "screeningSteps", message: "choose at least one step when screening is required" }]);
    expect(settingsProblems(settings({ screeningRequired: true, screeningSteps: ["interview"] }))).toEqual([]);
  });

  it("needs the code's text when signing it is a step", () => {
    expect(settingsProblems(settings({ screeningSteps: ["code_of_conduct"] }))).toEqual([{ path: "codeOfConduct", message: "is required when signing the code of conduct is a screening step" }]);
    expect(settingsProblems(settings({ screeningSteps: ["code_of_conduct"], codeOfConduct: "Be kind." }))).toEqual([]);
  });
});

describe("screeningConfigOf", () => {
  it("takes the screening part of the settings", () => {
    expect(screeningConfigOf(DEFAULT_SAFEGUARDING)).toEqual({ required: false, steps: [], referencesRequired: 2, backgroundCheckValidMonths: 24, commitmentMonths: 12 });
  });
});
