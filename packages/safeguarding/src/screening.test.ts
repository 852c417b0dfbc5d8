import { describe, expect, it } from "vitest";
import { EMPTY_SCREENING_RECORD, type ScreeningConfig, type ScreeningRecord, screeningStatus, SCREENING_STEPS } from "./index.js";

const TODAY = "2026-06-15";
const ALL: ScreeningConfig = { required: true, steps: SCREENING_STEPS, referencesRequired: 2, backgroundCheckValidMonths: 24, commitmentMonths: 12 };
const COMPLETE: ScreeningRecord = {
  applicationReviewedAt: 1,
  interviewOn: "2026-05-01",
  interviewer: "Casey Coordinator",
  backgroundCheckStatus: "cleared",
  backgroundCheckClearedOn: "2026-05-10",
  backgroundCheckExpiresOn: "2028-05-10",
  codeOfConductSignedAt: 2,
  commitmentAcceptedAt: 3,
  commitmentMonths: 12,
};
const TWO_RECEIVED = [{ receivedAt: 1 }, { receivedAt: 2 }];

const step = (status: ReturnType<typeof screeningStatus>, key: string) => status.steps.find((entry) => entry.key === key)!;

describe("screeningStatus", () => {
  it("is screened when every required step is complete", () => {
    const status = screeningStatus(ALL, COMPLETE, TWO_RECEIVED, TODAY);
    expect(status.screened).toBe(true);
    expect(status.steps.map((entry) => [entry.key, entry.state, entry.detail])).toEqual(SCREENING_STEPS.map((key) => [key, "complete", ""]));
    expect(status.expiresOn).toBe("2028-05-10");
  });

  it("reports every missing step of an empty record, with labels", () => {
    const status = screeningStatus(ALL, EMPTY_SCREENING_RECORD, [], TODAY);
    expect(status.screened).toBe(false);
    expect(status.steps.map((entry) => entry.state)).toEqual(["missing", "missing", "missing", "missing", "missing", "missing"]);
    expect(step(status, "interview")).toMatchObject({ label: "Interview held", detail: "No interview is recorded yet." });
    expect(step(status, "references").detail).toBe("0 of 2 references received.");
    expect(step(status, "commitment").detail).toBe("The 12-month commitment is not accepted yet.");
    expect(status.expiresOn).toBeNull();
  });

  it("needs both the interview date and the interviewer", () => {
    expect(step(screeningStatus(ALL, { ...COMPLETE, interviewer: null }, TWO_RECEIVED, TODAY), "interview").state).toBe("missing");
  });

  it("waits on references asked for but not received", () => {
    const status = screeningStatus(ALL, COMPLETE, [{ receivedAt: 1 }, { receivedAt: null }], TODAY);
    expect(step(status, "references")).toMatchObject({ state: "pending", detail: "1 of 2 references received; 1 awaited." });
    expect(status.screened).toBe(false);
    expect(step(screeningStatus({ ...ALL, referencesRequired: 1 }, COMPLETE, [{ receivedAt: 1 }, { receivedAt: null }], TODAY), "references").state).toBe("complete");
  });

  it("follows the background check: pending, flagged, missing", () => {
    expect(step(screeningStatus(ALL, { ...COMPLETE, backgroundCheckStatus: "pending" }, TWO_RECEIVED, TODAY), "background_check").state).toBe("pending");
    const flagged = screeningStatus(ALL, { ...COMPLETE, backgroundCheckStatus: "flagged" }, TWO_RECEIVED, TODAY);
    expect(step(flagged, "background_check")).toMatchObject({ state: "flagged", detail: "The background check was flagged." });
    expect(flagged.screened).toBe(false);
    expect(flagged.expiresOn).toBeNull();
    expect(step(screeningStatus(ALL, { ...COMPLETE, backgroundCheckStatus: null }, TWO_RECEIVED, TODAY), "background_check").state).toBe("missing");
  });

  it("expires a background check on its expiry date itself, not the day before", () => {
    const dayBefore = screeningStatus(ALL, { ...COMPLETE, backgroundCheckExpiresOn: "2026-06-16" }, TWO_RECEIVED, TODAY);
    expect(dayBefore.screened).toBe(true);
    const onTheDay = screeningStatus(ALL, { ...COMPLETE, backgroundCheckExpiresOn: TODAY }, TWO_RECEIVED, TODAY);
    expect(step(onTheDay, "background_check")).toMatchObject({ state: "expired", detail: "The background check expired on 2026-06-15." });
    expect(onTheDay.screened).toBe(false);
    expect(onTheDay.expiresOn).toBe(TODAY);
  });

  it("needs the commitment for at least the program's months", () => {
    expect(step(screeningStatus(ALL, { ...COMPLETE, commitmentMonths: 6 }, TWO_RECEIVED, TODAY), "commitment").state).toBe("missing");
    expect(step(screeningStatus(ALL, { ...COMPLETE, commitmentMonths: 18 }, TWO_RECEIVED, TODAY), "commitment").state).toBe("complete");
    expect(step(screeningStatus(ALL, { ...COMPLETE, commitmentAcceptedAt: null }, TWO_RECEIVED, TODAY), "commitment").state).toBe("missing");
  });

  it("only counts the steps the program chose", () => {
    const some: ScreeningConfig = { ...ALL, steps: ["interview", "code_of_conduct"] };
    const status = screeningStatus(some, { ...EMPTY_SCREENING_RECORD, interviewOn: "2026-05-01", interviewer: "Casey", codeOfConductSignedAt: 1 }, [], TODAY);
    expect(status.screened).toBe(true);
    expect(status.steps.filter((entry) => entry.required).map((entry) => entry.key)).toEqual(["interview", "code_of_conduct"]);
    // A cleared check that is not a chosen step sets no expiry.
    expect(screeningStatus(some, COMPLETE, [], TODAY).expiresOn).toBeNull();
  });

  it("is always screened when the program does not require screening", () => {
    const status = screeningStatus({ ...ALL, required: false }, EMPTY_SCREENING_RECORD, [], TODAY);
    expect(status.screened).toBe(true);
    expect(status.steps.every((entry) => !entry.required)).toBe(true);
  });
});
