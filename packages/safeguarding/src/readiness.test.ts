import { describe, expect, it } from "vitest";
import { EMPTY_SCREENING_RECORD, mentorReadiness, type ScreeningConfig, screeningStatus, SCREENING_STEPS, trainingStatus, type TrainingModuleRef } from "./index.js";

const TODAY = "2026-06-15";
const config: ScreeningConfig = { required: true, steps: ["interview", "code_of_conduct"], referencesRequired: 2, backgroundCheckValidMonths: 24, commitmentMonths: 12 };
const modules: TrainingModuleRef[] = [
  { id: "m1", title: "Expectations", durationMinutes: 15, required: true, hasQuiz: false },
  { id: "m2", title: "Safety", durationMinutes: 30, required: true, hasQuiz: true },
];
const untrained = trainingStatus(true, modules, [], 60);
const trained = trainingStatus(
  true,
  modules,
  modules.map((module) => ({ moduleId: module.id, completedAt: 1, quizPassedAt: 1, attendedInPersonOn: null })),
  30,
);

describe("mentorReadiness", () => {
  it("is ready when screened and trained, with no blockers", () => {
    const screened = screeningStatus(config, { ...EMPTY_SCREENING_RECORD, interviewOn: "2026-05-01", interviewer: "Casey", codeOfConductSignedAt: 1 }, [], TODAY);
    expect(mentorReadiness(screened, trained)).toEqual({ ready: true, blockers: [] });
  });

  it("lists each required screening step not complete, then training", () => {
    const screening = screeningStatus(config, EMPTY_SCREENING_RECORD, [], TODAY);
    const readiness = mentorReadiness(screening, untrained);
    expect(readiness.ready).toBe(false);
    expect(readiness.blockers).toEqual([
      "Interview held: No interview is recorded yet.",
      "Code of conduct signed: The code of conduct is not signed yet.",
      "Training: 2 required modules not finished (Expectations, Safety).",
      "Training: 0 of 60 minutes done.",
    ]);
  });

  it("says module in the singular for one module", () => {
    const half = trainingStatus(true, modules, [{ moduleId: "m1", completedAt: 1, quizPassedAt: null, attendedInPersonOn: null }], 0);
    expect(mentorReadiness(screeningStatus({ ...config, required: false }, EMPTY_SCREENING_RECORD, [], TODAY), half).blockers).toEqual(["Training: 1 required module not finished (Safety)."]);
  });

  it("blocks on minutes alone when every required module is done but the minimum is not reached", () => {
    const short = trainingStatus(true, modules, modules.map((module) => ({ moduleId: module.id, completedAt: 1, quizPassedAt: 1, attendedInPersonOn: null })), 60);
    expect(mentorReadiness(screeningStatus({ ...config, required: false }, EMPTY_SCREENING_RECORD, [], TODAY), short).blockers).toEqual(["Training: 45 of 60 minutes done."]);
  });

  it("names an expired background check", () => {
    const withCheck: ScreeningConfig = { ...config, steps: SCREENING_STEPS.filter((key) => key === "background_check") };
    const expired = screeningStatus(withCheck, { ...EMPTY_SCREENING_RECORD, backgroundCheckStatus: "cleared", backgroundCheckExpiresOn: TODAY }, [], TODAY);
    expect(mentorReadiness(expired, trained).blockers).toEqual([`Background check cleared: The background check expired on ${TODAY}.`]);
  });

  it("asks nothing of a program that requires neither", () => {
    expect(mentorReadiness(screeningStatus({ ...config, required: false }, EMPTY_SCREENING_RECORD, [], TODAY), trainingStatus(false, modules, [], 60))).toEqual({ ready: true, blockers: [] });
  });
});
