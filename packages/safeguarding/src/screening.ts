/**
 * Volunteer screening (issue #8): the standard steps a coordinator picks from,
 * and whether a mentor is `screened` — every required step complete and nothing
 * expired — as of a local date.
 */

export const SCREENING_STEPS = ["application_review", "interview", "references", "background_check", "code_of_conduct", "commitment"] as const;
export type ScreeningStepKey = (typeof SCREENING_STEPS)[number];

export const SCREENING_STEP_LABELS: Record<ScreeningStepKey, string> = {
  application_review: "Application reviewed",
  interview: "Interview held",
  references: "References received",
  background_check: "Background check cleared",
  code_of_conduct: "Code of conduct signed",
  commitment: "Minimum commitment accepted",
};

/** A program's screening requirements. */
export interface ScreeningConfig {
  required: boolean;
  steps: readonly ScreeningStepKey[];
  referencesRequired: number;
  backgroundCheckValidMonths: number;
  commitmentMonths: number;
}

/** The mentor's record, as stored (dates as local `YYYY-MM-DD`, instants as ms). */
export interface ScreeningRecord {
  applicationReviewedAt: number | null;
  interviewOn: string | null;
  interviewer: string | null;
  backgroundCheckStatus: "pending" | "cleared" | "flagged" | null;
  backgroundCheckClearedOn: string | null;
  backgroundCheckExpiresOn: string | null;
  codeOfConductSignedAt: number | null;
  commitmentAcceptedAt: number | null;
  commitmentMonths: number | null;
}

export const EMPTY_SCREENING_RECORD: ScreeningRecord = {
  applicationReviewedAt: null,
  interviewOn: null,
  interviewer: null,
  backgroundCheckStatus: null,
  backgroundCheckClearedOn: null,
  backgroundCheckExpiresOn: null,
  codeOfConductSignedAt: null,
  commitmentAcceptedAt: null,
  commitmentMonths: null,
};

export interface ReferenceState {
  receivedAt: number | null;
}

export type StepState = "complete" | "missing" | "pending" | "flagged" | "expired";

export interface ScreeningStepStatus {
  key: ScreeningStepKey;
  label: string;
  required: boolean;
  state: StepState;
  /** What is missing or wrong, in a sentence; empty when complete. */
  detail: string;
}

export interface ScreeningStatus {
  /** Every required step complete and nothing expired. Always true when the program does not require screening. */
  screened: boolean;
  steps: ScreeningStepStatus[];
  /** The earliest date something complete stops counting (the background check's expiry), or null. */
  expiresOn: string | null;
}

function stepState(key: ScreeningStepKey, config: ScreeningConfig, record: ScreeningRecord, references: readonly ReferenceState[], today: string): { state: StepState; detail: string } {
  switch (key) {
    case "application_review":
      return record.applicationReviewedAt !== null ? { state: "complete", detail: "" } : { state: "missing", detail: "The application has not been reviewed yet." };
    case "interview":
      return record.interviewOn && record.interviewer ? { state: "complete", detail: "" } : { state: "missing", detail: "No interview is recorded yet." };
    case "references": {
      const received = references.filter((reference) => reference.receivedAt !== null).length;
      if (received >= config.referencesRequired) return { state: "complete", detail: "" };
      const asked = references.length;
      return {
        state: asked > received ? "pending" : "missing",
        detail: `${received} of ${config.referencesRequired} references received${asked > received ? `; ${asked - received} awaited` : ""}.`,
      };
    }
    case "background_check": {
      const status = record.backgroundCheckStatus;
      if (status === "flagged") return { state: "flagged", detail: "The background check was flagged." };
      if (status === "pending") return { state: "pending", detail: "The background check has been requested and is not cleared yet." };
      if (status !== "cleared") return { state: "missing", detail: "No background check is recorded yet." };
      if (record.backgroundCheckExpiresOn !== null && record.backgroundCheckExpiresOn <= today) {
        return { state: "expired", detail: `The background check expired on ${record.backgroundCheckExpiresOn}.` };
      }
      return { state: "complete", detail: "" };
    }
    case "code_of_conduct":
      return record.codeOfConductSignedAt !== null ? { state: "complete", detail: "" } : { state: "missing", detail: "The code of conduct is not signed yet." };
    case "commitment":
      return record.commitmentAcceptedAt !== null && (record.commitmentMonths ?? 0) >= config.commitmentMonths
        ? { state: "complete", detail: "" }
        : { state: "missing", detail: `The ${config.commitmentMonths}-month commitment is not accepted yet.` };
  }
}

/** Where a mentor stands on each step, required or not, as of `today` (local date). */
export function screeningStatus(config: ScreeningConfig, record: ScreeningRecord, references: readonly ReferenceState[], today: string): ScreeningStatus {
  const steps = SCREENING_STEPS.map((key) => ({ key, label: SCREENING_STEP_LABELS[key], required: config.required && config.steps.includes(key), ...stepState(key, config, record, references, today) }));
  const screened = !config.required || steps.every((step) => !step.required || step.state === "complete");
  const expiresOn = config.steps.includes("background_check") && record.backgroundCheckStatus === "cleared" ? record.backgroundCheckExpiresOn : null;
  return { screened, steps, expiresOn };
}
