import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { openSurvey, resolveSurveySettings, SURVEY_DEFAULTS, surveySchedule, SurveySettingsSchema } from "./index.js";

// A 175-day spring term, Monday 5 January to Monday 29 June 2026.
const TERM = { startsOn: "2026-01-05", endsOn: "2026-06-29" };

describe("surveySchedule", () => {
  it("puts pulses every 4 weeks, a midpoint and a final evaluation, never overlapping", () => {
    expect(surveySchedule(TERM)).toEqual([
      { key: "pulse-1", kind: "pulse", opensOn: "2026-02-02", closesOn: "2026-02-08" },
      { key: "pulse-2", kind: "pulse", opensOn: "2026-03-02", closesOn: "2026-03-08" },
      // pulse-3 (30 March – 5 April) would overlap the midpoint evaluation.
      { key: "midpoint", kind: "midpoint", opensOn: "2026-04-02", closesOn: "2026-04-15" },
      { key: "pulse-4", kind: "pulse", opensOn: "2026-04-27", closesOn: "2026-05-03" },
      { key: "pulse-5", kind: "pulse", opensOn: "2026-05-25", closesOn: "2026-05-31" },
      // pulse-6 (22 June) would overlap the final evaluation, open two weeks before the end and a week after it.
      { key: "final", kind: "final", opensOn: "2026-06-15", closesOn: "2026-07-06" },
    ]);
  });

  it("follows the program's settings", () => {
    const schedule = surveySchedule({ ...TERM, surveys: { pulseEveryWeeks: 8, pulseOpenDays: 3, midpoint: false, evaluationOpenDays: 7, finalGraceDays: 0 } });
    expect(schedule).toEqual([
      { key: "pulse-1", kind: "pulse", opensOn: "2026-03-02", closesOn: "2026-03-04" },
      { key: "pulse-2", kind: "pulse", opensOn: "2026-04-27", closesOn: "2026-04-29" },
      // pulse-3 would open on 22 June, with the final evaluation.
      { key: "final", kind: "final", opensOn: "2026-06-22", closesOn: "2026-06-29" },
    ]);
  });

  it("can do without pulses or evaluations", () => {
    expect(surveySchedule({ ...TERM, surveys: { pulseEveryWeeks: null } }).map((survey) => survey.key)).toEqual(["midpoint", "final"]);
    expect(surveySchedule({ ...TERM, surveys: { midpoint: false, final: false } }).map((survey) => survey.key)).toEqual([
      "pulse-1",
      "pulse-2",
      "pulse-3",
      "pulse-4",
      "pulse-5",
      "pulse-6",
    ]);
  });

  it("keeps only the final evaluation in a program too short for the rest", () => {
    expect(surveySchedule({ startsOn: "2026-01-05", endsOn: "2026-01-25" })).toEqual([
      { key: "final", kind: "final", opensOn: "2026-01-11", closesOn: "2026-02-01" },
    ]);
    // Shorter than the evaluation window: it opens on the first day.
    expect(surveySchedule({ startsOn: "2026-01-05", endsOn: "2026-01-12" })[0]).toMatchObject({ opensOn: "2026-01-05" });
  });

  it("is empty without both dates or with the end before the start", () => {
    expect(surveySchedule({ startsOn: null, endsOn: "2026-06-29" })).toEqual([]);
    expect(surveySchedule({ startsOn: "2026-01-05", endsOn: null })).toEqual([]);
    expect(surveySchedule({ startsOn: "2026-06-29", endsOn: "2026-01-05" })).toEqual([]);
    expect(() => surveySchedule({ startsOn: "2026-02-30", endsOn: "2026-06-29" })).toThrow(RangeError);
  });

  it("never has two surveys open on the same day", () => {
    for (const weeks of [1, 2, 3, 4, 6]) {
      const schedule = surveySchedule({ startsOn: "2026-09-01", endsOn: "2027-05-31", surveys: { pulseEveryWeeks: weeks } });
      for (let i = 1; i < schedule.length; i++) expect(schedule[i].opensOn > schedule[i - 1].closesOn, `every ${weeks} weeks`).toBe(true);
    }
  });
});

describe("openSurvey", () => {
  const schedule = surveySchedule(TERM);

  it("finds the survey open on a date, first and last days included", () => {
    expect(openSurvey(schedule, "2026-02-01")).toBeNull();
    expect(openSurvey(schedule, "2026-02-02")?.key).toBe("pulse-1");
    expect(openSurvey(schedule, "2026-02-08")?.key).toBe("pulse-1");
    expect(openSurvey(schedule, "2026-02-09")).toBeNull();
    expect(openSurvey(schedule, "2026-07-06")?.key).toBe("final");
    expect(openSurvey(schedule, "2026-07-07")).toBeNull();
  });
});

describe("survey settings", () => {
  it("fill gaps with the defaults and ignore settings that do not parse", () => {
    expect(resolveSurveySettings(null)).toEqual(SURVEY_DEFAULTS);
    expect(resolveSurveySettings({ pulseEveryWeeks: 2 })).toEqual({ ...SURVEY_DEFAULTS, pulseEveryWeeks: 2 });
    expect(resolveSurveySettings({ pulseEveryWeeks: null })).toEqual({ ...SURVEY_DEFAULTS, pulseEveryWeeks: null });
    expect(resolveSurveySettings({ pulseEveryWeeks: 0 })).toEqual(SURVEY_DEFAULTS);
  });

  it("refuses unknown settings and out-of-range values with a message", () => {
    const result = v.safeParse(SurveySettingsSchema, { pulseEveryWeeks: 1.5, reminders: true });
    expect(result.success).toBe(false);
    expect(result.issues?.map((issue) => issue.message)).toEqual(expect.arrayContaining(["must be a whole number"]));
    expect(v.safeParse(SurveySettingsSchema, { pulseOpenDays: 29 }).issues?.[0].message).toBe("must be at most 28");
  });
});
