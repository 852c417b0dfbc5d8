/**
 * A program's survey calendar (issue #6): pulse surveys every few weeks, a
 * midpoint and a final evaluation, each open for a few days. Dates are the
 * tenant's local calendar dates, `YYYY-MM-DD`; a survey is open from the start
 * of `opensOn` to the end of `closesOn` (both included).
 */
import * as v from "valibot";
import { addDays, daysBetween, isIsoDate } from "./time.js";

export const SURVEY_KINDS = ["pulse", "midpoint", "final"] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

export interface SurveySettings {
  /** Weeks between pulse surveys; null: no pulse surveys. */
  pulseEveryWeeks: number | null;
  /** Days a pulse survey stays open. */
  pulseOpenDays: number;
  midpoint: boolean;
  final: boolean;
  /** Days the midpoint and final evaluations stay open. */
  evaluationOpenDays: number;
  /** Days after the program's end the final evaluation stays open (late answers are still worth having). */
  finalGraceDays: number;
}

/** "E.g. every 4 weeks" (issue #6); a week to answer a pulse, two for an evaluation. */
export const SURVEY_DEFAULTS: SurveySettings = {
  pulseEveryWeeks: 4,
  pulseOpenDays: 7,
  midpoint: true,
  final: true,
  evaluationOpenDays: 14,
  finalGraceDays: 7,
};

const whole = (min: number, max: number) => v.pipe(v.number(), v.integer("must be a whole number"), v.minValue(min, `must be at least ${min}`), v.maxValue(max, `must be at most ${max}`));

/** A coordinator's survey settings for a program; every setting is optional (the defaults fill gaps, see `resolveSurveySettings`). */
export const SurveySettingsSchema = v.strictObject(
  {
    pulseEveryWeeks: v.optional(v.nullable(whole(1, 26))),
    pulseOpenDays: v.optional(whole(1, 28)),
    midpoint: v.optional(v.boolean()),
    final: v.optional(v.boolean()),
    evaluationOpenDays: v.optional(whole(1, 42)),
    finalGraceDays: v.optional(whole(0, 42)),
  },
  "only these settings exist: pulseEveryWeeks, pulseOpenDays, midpoint, final, evaluationOpenDays, finalGraceDays",
);
export type SurveySettingsInput = v.InferOutput<typeof SurveySettingsSchema>;

/** Stored settings (possibly null or partial) with the defaults filled in; settings that do not parse are ignored. */
export function resolveSurveySettings(stored: unknown): SurveySettings {
  const parsed = v.safeParse(SurveySettingsSchema, stored ?? {});
  const given = parsed.success ? parsed.output : {};
  const defined = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  return { ...SURVEY_DEFAULTS, ...defined };
}

export interface Survey {
  /** Stable within the program: `pulse-1`, `pulse-2` …, `midpoint`, `final`. */
  key: string;
  kind: SurveyKind;
  opensOn: string;
  /** The last day answers are accepted (and edits: responses are editable until the survey closes). */
  closesOn: string;
}

export interface SurveyProgram {
  startsOn: string | null;
  endsOn: string | null;
  surveys?: Partial<SurveySettings> | null;
}

/**
 * The program's surveys in date order. Without both dates there are none.
 * - Pulse `k` opens `k × pulseEveryWeeks` weeks after the start, for `pulseOpenDays`.
 * - The final evaluation opens `evaluationOpenDays` before the end (not before
 *   the start) and closes `finalGraceDays` after it.
 * - The midpoint evaluation opens halfway (rounded down), for `evaluationOpenDays`,
 *   if it closes before the final opens.
 * - Surveys never overlap: a pulse whose days would touch an evaluation's, or that
 *   would open on or after the program's end, is left out (the evaluations ask
 *   the pulse question too), so at most one survey is open on any day.
 */
export function surveySchedule(program: SurveyProgram): Survey[] {
  const { startsOn, endsOn } = program;
  if (!startsOn || !endsOn) return [];
  if (!isIsoDate(startsOn) || !isIsoDate(endsOn)) throw new RangeError(`program dates must be real calendar dates, got ${startsOn} and ${endsOn}`);
  const length = daysBetween(startsOn, endsOn);
  if (length < 0) return [];
  const settings = { ...SURVEY_DEFAULTS, ...stripUndefined(program.surveys ?? {}) };

  const evaluations: Survey[] = [];
  let final: Survey | null = null;
  if (settings.final) {
    const opensOn = length < settings.evaluationOpenDays ? startsOn : addDays(endsOn, -settings.evaluationOpenDays);
    final = { key: "final", kind: "final", opensOn, closesOn: addDays(endsOn, settings.finalGraceDays) };
  }
  if (settings.midpoint) {
    const opensOn = addDays(startsOn, Math.floor(length / 2));
    const midpoint: Survey = { key: "midpoint", kind: "midpoint", opensOn, closesOn: addDays(opensOn, settings.evaluationOpenDays - 1) };
    if (!final || midpoint.closesOn < final.opensOn) evaluations.push(midpoint);
  }
  if (final) evaluations.push(final);

  const pulses: Survey[] = [];
  if (settings.pulseEveryWeeks !== null) {
    for (let k = 1; ; k++) {
      const opensOn = addDays(startsOn, k * settings.pulseEveryWeeks * 7);
      if (opensOn >= endsOn) break;
      const pulse: Survey = { key: `pulse-${k}`, kind: "pulse", opensOn, closesOn: addDays(opensOn, settings.pulseOpenDays - 1) };
      const clashes = evaluations.some((evaluation) => pulse.opensOn <= evaluation.closesOn && evaluation.opensOn <= pulse.closesOn);
      if (!clashes) pulses.push(pulse);
    }
  }
  return [...pulses, ...evaluations].sort((a, b) => (a.opensOn < b.opensOn ? -1 : a.opensOn > b.opensOn ? 1 : 0));
}

/** The survey open on `date`, if any (the schedule never overlaps). */
export function openSurvey(schedule: readonly Survey[], date: string): Survey | null {
  return schedule.find((survey) => survey.opensOn <= date && date <= survey.closesOn) ?? null;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
