/**
 * Mentoring programs as plain data: types and their defaults, the status
 * machine, the input rules, and copying a program into its next cohort.
 */
import * as v from "valibot";

export const PROGRAM_TYPES = ["peer", "faculty_student", "community"] as const;
export type ProgramType = (typeof PROGRAM_TYPES)[number];
export const PROGRAM_STATUSES = ["draft", "enrolling", "matching", "active", "closed"] as const;
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number];

/**
 * Where a program may go next. Forward through the cycle; back from matching
 * to enrolling (late applicants), and closing is possible from any open state.
 */
const TRANSITIONS: Record<ProgramStatus, readonly ProgramStatus[]> = {
  draft: ["enrolling", "closed"],
  enrolling: ["matching", "closed"],
  matching: ["enrolling", "active", "closed"],
  active: ["closed"],
  closed: [],
};

export function allowedTransitions(from: ProgramStatus): readonly ProgramStatus[] {
  return TRANSITIONS[from];
}

export function canTransition(from: ProgramStatus, to: ProgramStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export interface ProgramDefaults {
  mentorCapacity: number;
  checkinCadenceDays: number;
  guardianConsentUnderAge: number | null;
  targetAudience: string;
  expectations: string;
  objectives: string[];
}

/** Good starting settings per type, from common practice in each kind of program. */
export const PROGRAM_DEFAULTS: Record<ProgramType, ProgramDefaults> = {
  peer: {
    mentorCapacity: 3,
    checkinCadenceDays: 14,
    guardianConsentUnderAge: null,
    targetAudience: "First-year students, mentored by upper-year students.",
    expectations:
      "Meet at least every two weeks during term, for about 30 minutes. Keep what is shared private unless someone is at risk. Tell your coordinator if you cannot continue.",
    objectives: ["Help first-years settle in socially and academically", "Build study habits and confidence", "Connect mentees with campus support services"],
  },
  faculty_student: {
    mentorCapacity: 2,
    checkinCadenceDays: 21,
    guardianConsentUnderAge: null,
    targetAudience: "Students exploring research and careers, mentored by faculty.",
    expectations:
      "Meet at least every three weeks. Set two or three goals together in the first meeting and review them each term. Respect each other's time: confirm or reschedule meetings in advance.",
    objectives: ["Open doors to research experience", "Clarify career and graduate-study paths", "Build professional networks"],
  },
  community: {
    mentorCapacity: 1,
    checkinCadenceDays: 7,
    guardianConsentUnderAge: 18,
    targetAudience: "Young people in our community, mentored by screened adult volunteers.",
    expectations:
      "Meet weekly for at least an hour, for at least 12 months. Meet in public or approved places. Keep guardians informed, and tell the coordinator at once about any safety concern.",
    objectives: ["Give every young person a caring, consistent adult", "Build confidence and goals for school and work", "Keep matches safe and lasting"],
  },
};

/** A real calendar day (the format check alone would let 2026-02-30 through). */
const isRealDate = (iso: string) => new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso);
const IsoDate = v.pipe(v.string(), v.isoDate("must be a date like 2026-09-01"), v.check(isRealDate, "must be a date that exists on the calendar"));
const Text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max, `must be at most ${max} characters`));

export const ProgramSlugSchema = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(3, "must be at least 3 characters"),
  v.maxLength(60, "must be at most 60 characters"),
  v.regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "may contain only lowercase letters, digits and hyphens, and must start and end with a letter or digit"),
);

/** The editable settings of a program (all optional: a create fills gaps from the type's defaults). */
const settingsEntries = {
  name: v.optional(v.pipe(v.string(), v.trim(), v.minLength(2, "must be at least 2 characters"), v.maxLength(120, "must be at most 120 characters"))),
  description: v.optional(Text(4000)),
  objectives: v.optional(v.pipe(v.array(v.pipe(v.string(), v.trim(), v.minLength(1, "must not be empty"), v.maxLength(300))), v.maxLength(12, "list at most 12 objectives"))),
  targetAudience: v.optional(Text(500)),
  expectations: v.optional(Text(4000)),
  startsOn: v.optional(v.nullable(IsoDate)),
  endsOn: v.optional(v.nullable(IsoDate)),
  enrollmentOpensOn: v.optional(v.nullable(IsoDate)),
  enrollmentClosesOn: v.optional(v.nullable(IsoDate)),
  mentorCapacity: v.optional(v.pipe(v.number(), v.integer("must be a whole number"), v.minValue(1, "must be at least 1"), v.maxValue(50, "must be at most 50"))),
  checkinCadenceDays: v.optional(v.pipe(v.number(), v.integer("must be a whole number of days"), v.minValue(1, "must be at least 1 day"), v.maxValue(90, "must be at most 90 days"))),
  guardianConsentUnderAge: v.optional(v.nullable(v.pipe(v.number(), v.integer("must be a whole number"), v.minValue(1), v.maxValue(21, "must be at most 21")))),
};

type Dated = { startsOn?: string | null; endsOn?: string | null; enrollmentOpensOn?: string | null; enrollmentClosesOn?: string | null };

/** Date pairs that must be in order, with the field an error is reported on. */
export function dateOrderProblems(dates: Dated): { field: keyof Dated; message: string }[] {
  const problems: { field: keyof Dated; message: string }[] = [];
  if (dates.startsOn && dates.endsOn && dates.endsOn < dates.startsOn) problems.push({ field: "endsOn", message: "must be on or after the start date" });
  if (dates.enrollmentOpensOn && dates.enrollmentClosesOn && dates.enrollmentClosesOn < dates.enrollmentOpensOn) {
    problems.push({ field: "enrollmentClosesOn", message: "must be on or after the day enrollment opens" });
  }
  if (dates.enrollmentOpensOn && dates.endsOn && dates.enrollmentOpensOn > dates.endsOn) {
    problems.push({ field: "enrollmentOpensOn", message: "must be before the program ends" });
  }
  return problems;
}

const withDateOrder = <TSchema extends v.GenericSchema<unknown, Dated>>(schema: TSchema) =>
  v.pipe(
    schema,
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      for (const problem of dateOrderProblems(dataset.value)) {
        addIssue({ message: problem.message, path: [{ type: "object", origin: "value", input: dataset.value, key: problem.field, value: dataset.value[problem.field] }] });
      }
    }),
  );

export const CreateProgramSchema = withDateOrder(
  v.object({
    ...settingsEntries,
    name: v.pipe(v.string("is required"), v.trim(), v.minLength(2, "must be at least 2 characters"), v.maxLength(120, "must be at most 120 characters")),
    slug: ProgramSlugSchema,
    type: v.picklist(PROGRAM_TYPES, `must be one of ${PROGRAM_TYPES.join(", ")}`),
  }),
);
export type CreateProgramInput = v.InferOutput<typeof CreateProgramSchema>;

export const UpdateProgramSchema = v.pipe(
  v.strictObject(settingsEntries, "only these settings can change: name, description, objectives, targetAudience, expectations, dates, mentorCapacity, checkinCadenceDays, guardianConsentUnderAge"),
  v.check((input) => Object.keys(input).length > 0, "change at least one setting"),
);
export type UpdateProgramInput = v.InferOutput<typeof UpdateProgramSchema>;

/** A new program's full settings: what was given, then the type's defaults. */
export function newProgramSettings(input: CreateProgramInput) {
  const defaults = PROGRAM_DEFAULTS[input.type];
  return {
    name: input.name,
    slug: input.slug,
    type: input.type,
    description: input.description ?? "",
    objectives: input.objectives ?? defaults.objectives,
    targetAudience: input.targetAudience ?? defaults.targetAudience,
    expectations: input.expectations ?? defaults.expectations,
    startsOn: input.startsOn ?? null,
    endsOn: input.endsOn ?? null,
    enrollmentOpensOn: input.enrollmentOpensOn ?? null,
    enrollmentClosesOn: input.enrollmentClosesOn ?? null,
    mentorCapacity: input.mentorCapacity ?? defaults.mentorCapacity,
    checkinCadenceDays: input.checkinCadenceDays ?? defaults.checkinCadenceDays,
    guardianConsentUnderAge: input.guardianConsentUnderAge === undefined ? defaults.guardianConsentUnderAge : input.guardianConsentUnderAge,
    status: "draft" as const,
  };
}

export const CopyProgramSchema = v.object({
  name: v.pipe(v.string("is required"), v.trim(), v.minLength(2, "must be at least 2 characters"), v.maxLength(120, "must be at most 120 characters")),
  slug: ProgramSlugSchema,
  /** The new cohort's first day: every date moves by the same number of days. Absent: dates are left empty. */
  startsOn: v.optional(IsoDate),
});
export type CopyProgramInput = v.InferOutput<typeof CopyProgramSchema>;

const DAY_MS = 86_400_000;
const toDay = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const fromDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Moves every date by the days between the old start and `newStart`; without both, dates are cleared. */
export function shiftDates<T extends Dated>(dates: T, newStart: string | undefined): Required<Dated> {
  const keys = ["startsOn", "endsOn", "enrollmentOpensOn", "enrollmentClosesOn"] as const;
  if (!newStart || !dates.startsOn) return { startsOn: newStart ?? null, endsOn: null, enrollmentOpensOn: null, enrollmentClosesOn: null };
  const delta = toDay(newStart) - toDay(dates.startsOn);
  return Object.fromEntries(keys.map((key) => [key, dates[key] ? fromDay(toDay(dates[key]!) + delta) : null])) as Required<Dated>;
}

export {
  CriterionSettingSchema,
  engineAttributes,
  IN_REQUEST_PAIR_LIMIT,
  MATCHING_DEFAULTS,
  MATCHING_MODES,
  MATCHING_OBJECTIVES,
  MatchingSettingsSchema,
  matchableQuestions,
  remainingCapacity,
  resolveCriteria,
  resolveSettings,
  runsInRequest,
  scoreDistribution,
  sharedGround,
} from "./matching.js";
export type { CriteriaProblem, CriterionSetting, EngineCriterion, MatchingMode, MatchingObjective, MatchingSettings, MatchingSettingsInput } from "./matching.js";
export { chooseSuggestions, openPlaces, shouldPause, SUGGESTION_HOURS, unansweredInARow } from "./self-match.js";
export type { Candidate, MentorAvailability, RequestHistoryEntry, SuggestionChoice, SuggestionInput } from "./self-match.js";
