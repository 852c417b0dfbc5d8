/** A program's safeguarding settings: what a coordinator configures, checked once here. */
import * as v from "valibot";
import { type ScreeningConfig, SCREENING_STEPS, type ScreeningStepKey } from "./screening.js";

export const CONTACT_SHARING = ["name_only", "name_and_email"] as const;

export interface SafeguardingSettings {
  screeningRequired: boolean;
  screeningSteps: ScreeningStepKey[];
  referencesRequired: number;
  backgroundCheckValidMonths: number;
  commitmentMonths: number;
  codeOfConduct: string;
  trainingRequired: boolean;
  minTrainingMinutes: number;
  /** Local date training should be done by; null: the program's start date. */
  trainingDueOn: string | null;
  /** Youth programs: what each side sees of the other after the match is approved. */
  mentorSees: (typeof CONTACT_SHARING)[number];
  menteeSees: (typeof CONTACT_SHARING)[number];
}

/** Nothing required: what a program without settings behaves as. */
export const DEFAULT_SAFEGUARDING: SafeguardingSettings = {
  screeningRequired: false,
  screeningSteps: [],
  referencesRequired: 2,
  backgroundCheckValidMonths: 24,
  commitmentMonths: 12,
  codeOfConduct: "",
  trainingRequired: false,
  minTrainingMinutes: 0,
  trainingDueOn: null,
  mentorSees: "name_only",
  menteeSees: "name_only",
};

const Whole = (min: number, max: number) => v.pipe(v.number("must be a number"), v.integer("must be a whole number"), v.minValue(min, `must be from ${min} to ${max}`), v.maxValue(max, `must be from ${min} to ${max}`));
/** A calendar date that exists (2026-02-30 does not); never throws, even on text that is no date at all. */
const isRealDate = (iso: string) => {
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso);
};

/** A partial update of the settings; what is left out stays as it is. */
export const SafeguardingSettingsSchema = v.pipe(
  v.object({
    screeningRequired: v.optional(v.boolean("must be true or false")),
    screeningSteps: v.optional(
      v.pipe(
        v.array(v.picklist(SCREENING_STEPS, `must be one of ${SCREENING_STEPS.join(", ")}`), "must be a list of steps"),
        v.check((steps) => new Set(steps).size === steps.length, "lists a step twice"),
      ),
    ),
    referencesRequired: v.optional(Whole(1, 5)),
    backgroundCheckValidMonths: v.optional(Whole(1, 120)),
    commitmentMonths: v.optional(Whole(1, 60)),
    codeOfConduct: v.optional(v.pipe(v.string("must be text"), v.trim(), v.maxLength(20_000, "must be at most 20,000 characters"))),
    trainingRequired: v.optional(v.boolean("must be true or false")),
    minTrainingMinutes: v.optional(Whole(0, 100 * 60)),
    trainingDueOn: v.optional(v.nullable(v.pipe(v.string(), v.isoDate("must be a date like 2026-09-01"), v.check(isRealDate, "must be a date that exists on the calendar")))),
    mentorSees: v.optional(v.picklist(CONTACT_SHARING, `must be one of ${CONTACT_SHARING.join(", ")}`)),
    menteeSees: v.optional(v.picklist(CONTACT_SHARING, `must be one of ${CONTACT_SHARING.join(", ")}`)),
  }),
);

/** Settings after an update: problems that need the whole picture (a signed code of conduct needs its text). */
export function settingsProblems(settings: SafeguardingSettings): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (settings.screeningRequired && settings.screeningSteps.length === 0) problems.push({ path: "screeningSteps", message: "choose at least one step when screening is required" });
  if (settings.screeningSteps.includes("code_of_conduct") && !settings.codeOfConduct) problems.push({ path: "codeOfConduct", message: "is required when signing the code of conduct is a screening step" });
  return problems;
}

export function screeningConfigOf(settings: SafeguardingSettings): ScreeningConfig {
  return {
    required: settings.screeningRequired,
    steps: settings.screeningSteps,
    referencesRequired: settings.referencesRequired,
    backgroundCheckValidMonths: settings.backgroundCheckValidMonths,
    commitmentMonths: settings.commitmentMonths,
  };
}
