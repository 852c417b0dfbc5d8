/**
 * How a program matches, as plain data: the coordinator's settings, the
 * criteria they resolve to against the program's two forms, the engine
 * attributes taken from applications, and the numbers a proposal is judged by.
 */
import * as v from "valibot";
import { type FormDefinition, MATCHING_COMPATIBILITY, MATCHING_KINDS, type MatchingKind, type Question } from "@tandem/forms";

export const MATCHING_MODES = ["coordinator", "self_match"] as const;
export type MatchingMode = (typeof MATCHING_MODES)[number];
export const MATCHING_OBJECTIVES = ["max_total", "max_min"] as const;
export type MatchingObjective = (typeof MATCHING_OBJECTIVES)[number];

const whole = (min: number, max: number, unit = "") =>
  v.pipe(v.number("must be a number"), v.integer("must be a whole number"), v.minValue(min, `must be at least ${min}${unit}`), v.maxValue(max, `must be at most ${max}${unit}`));

export const CriterionSettingSchema = v.strictObject(
  {
    key: v.pipe(v.string("is required"), v.minLength(1, "is required"), v.maxLength(60)),
    kind: v.picklist(MATCHING_KINDS, `must be one of ${MATCHING_KINDS.join(", ")}`),
    weight: whole(1, 10),
    required: v.optional(v.boolean("must be true or false"), false),
    /** numeric only: the difference at which two answers count as nothing alike. */
    scale: v.optional(v.pipe(v.number("must be a number"), v.minValue(0.001, "must be more than 0"))),
  },
  "is not a criterion setting; use key, kind, weight, required and scale",
);
export type CriterionSetting = v.InferOutput<typeof CriterionSettingSchema>;

export const MatchingSettingsSchema = v.strictObject(
  {
    mode: v.optional(v.picklist(MATCHING_MODES, "must be coordinator or self_match")),
    objective: v.optional(v.picklist(MATCHING_OBJECTIVES, "must be max_total (the best total) or max_min (the fairest lowest pair)")),
    /** Absent or null: the questions both forms mark for matching, as the forms set them. */
    criteria: v.optional(v.nullable(v.pipe(v.array(CriterionSettingSchema), v.maxLength(30, "use at most 30 criteria")))),
    /** Self-match: how many mentors a mentee sees, how long a mentor has to answer, and after how many unanswered requests they are paused. */
    suggestionCount: v.optional(whole(1, 10)),
    responseDays: v.optional(whole(1, 30, " days")),
    pauseAfterUnanswered: v.optional(whole(1, 10)),
  },
  "only these settings exist: mode, objective, criteria, suggestionCount, responseDays, pauseAfterUnanswered",
);
export type MatchingSettingsInput = v.InferOutput<typeof MatchingSettingsSchema>;

export interface MatchingSettings {
  mode: MatchingMode;
  objective: MatchingObjective;
  criteria: CriterionSetting[] | null;
  suggestionCount: number;
  responseDays: number;
  pauseAfterUnanswered: number;
}

export const MATCHING_DEFAULTS: Omit<MatchingSettings, "criteria"> = {
  mode: "coordinator",
  objective: "max_total",
  suggestionCount: 5,
  responseDays: 7,
  pauseAfterUnanswered: 2,
};

/** Stored settings (possibly null or partial) with the defaults filled in. */
export function resolveSettings(stored: Record<string, unknown> | null | undefined): MatchingSettings {
  const parsed = v.safeParse(MatchingSettingsSchema, stored ?? {});
  const given = parsed.success ? parsed.output : {};
  return { ...MATCHING_DEFAULTS, ...stripUndefined(given), criteria: given.criteria ?? null };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

/** A criterion as the engine takes it, with the question's label for people. */
export interface EngineCriterion {
  key: string;
  label: string;
  kind: MatchingKind;
  weight: number;
  required: boolean;
  scale?: number;
}

/** Numbers this far apart count as nothing alike, unless the coordinator says otherwise: the question's range, or 10. */
function defaultScale(mentor: Question | undefined, mentee: Question | undefined): number {
  const lows = [mentor?.min, mentee?.min].filter((n): n is number => typeof n === "number");
  const highs = [mentor?.max, mentee?.max].filter((n): n is number => typeof n === "number");
  if (lows.length > 0 && highs.length > 0) {
    const range = Math.max(...highs) - Math.min(...lows);
    if (range > 0) return range;
  }
  return 10;
}

export interface CriteriaProblem {
  path: (string | number)[];
  message: string;
}

/**
 * The criteria a run uses. Without the coordinator's own list: every question
 * the mentee form marks for matching that the mentor form asks too (a
 * question only one side answers can never agree). With it: each key must be
 * asked on both forms and suit the kind.
 */
export function resolveCriteria(
  settings: Pick<MatchingSettings, "criteria">,
  forms: { mentor: FormDefinition; mentee: FormDefinition },
): { criteria: EngineCriterion[]; problems: CriteriaProblem[] } {
  const mentorQuestions = new Map(forms.mentor.questions.map((question) => [question.key, question]));
  const menteeQuestions = new Map(forms.mentee.questions.map((question) => [question.key, question]));
  if (settings.criteria === null) {
    const criteria = forms.mentee.questions.flatMap((question): EngineCriterion[] => {
      const mentorQuestion = mentorQuestions.get(question.key);
      if (!question.matching || !mentorQuestion) return [];
      const { kind, weight } = question.matching;
      return [{ key: question.key, label: question.label, kind, weight, required: question.matching.required ?? false, ...(kind === "numeric" ? { scale: defaultScale(mentorQuestion, question) } : {}) }];
    });
    return { criteria, problems: [] };
  }
  const problems: CriteriaProblem[] = [];
  const seen = new Set<string>();
  const criteria: EngineCriterion[] = [];
  settings.criteria.forEach((criterion, index) => {
    const at = (field: string) => ["criteria", index, field];
    const mentee = menteeQuestions.get(criterion.key);
    const mentor = mentorQuestions.get(criterion.key);
    if (seen.has(criterion.key)) problems.push({ path: at("key"), message: `"${criterion.key}" is listed twice` });
    seen.add(criterion.key);
    if (!mentee || !mentor) {
      const missing = [!mentor && "mentor", !mentee && "mentee"].filter(Boolean).join(" and ");
      problems.push({ path: at("key"), message: `"${criterion.key}" is not a question on the ${missing} form; matching compares answers both sides give` });
      return;
    }
    for (const question of [mentee, mentor]) {
      if (!MATCHING_COMPATIBILITY[criterion.kind].includes(question.type)) {
        problems.push({ path: at("kind"), message: `"${criterion.kind}" cannot compare answers to "${question.label}" (a ${question.type.replace(/_/g, " ")} question)` });
        return;
      }
    }
    criteria.push({
      key: criterion.key,
      label: mentee.label,
      kind: criterion.kind,
      weight: criterion.weight,
      required: criterion.required,
      ...(criterion.kind === "numeric" ? { scale: criterion.scale ?? defaultScale(mentor, mentee) } : {}),
    });
  });
  return { criteria, problems };
}

/** The questions a coordinator may choose from: asked on both forms, with the kinds that suit them. */
export function matchableQuestions(forms: { mentor: FormDefinition; mentee: FormDefinition }) {
  const mentorQuestions = new Map(forms.mentor.questions.map((question) => [question.key, question]));
  return forms.mentee.questions.flatMap((question) => {
    const mentor = mentorQuestions.get(question.key);
    if (!mentor) return [];
    const kinds = MATCHING_KINDS.filter((kind) => MATCHING_COMPATIBILITY[kind].includes(question.type) && MATCHING_COMPATIBILITY[kind].includes(mentor.type));
    return kinds.length > 0 ? [{ key: question.key, label: question.label, type: question.type, kinds }] : [];
  });
}

type Answer = string | number | boolean | string[] | null | undefined;

/** The answers the criteria compare; anything else (names, emails, notes) never reaches the engine. */
export function engineAttributes(answers: Record<string, Answer>, criteria: readonly EngineCriterion[]): Record<string, string | number | string[]> {
  const attributes: Record<string, string | number | string[]> = {};
  for (const { key } of criteria) {
    const value = answers[key];
    if (typeof value === "string" || typeof value === "number" || Array.isArray(value)) attributes[key] = value;
    else if (typeof value === "boolean") attributes[key] = value ? "yes" : "no";
  }
  return attributes;
}

/** Cohorts up to this many candidate pairs are solved within the request; larger ones on the queue. */
export const IN_REQUEST_PAIR_LIMIT = 100_000;

export function runsInRequest(mentees: number, mentors: number): boolean {
  return mentees * mentors <= IN_REQUEST_PAIR_LIMIT;
}

/** Pair scores in ten bands (0–0.1 … 0.9–1), for the proposal's distribution chart. */
export function scoreDistribution(scores: readonly number[]): { from: number; to: number; count: number }[] {
  const bands = Array.from({ length: 10 }, (_, index) => ({ from: index / 10, to: (index + 1) / 10, count: 0 }));
  for (const score of scores) bands[Math.min(9, Math.max(0, Math.floor(score * 10)))]!.count += 1;
  return bands;
}

/** Open places of each mentor: the capacity less the mentees they already have. */
export function remainingCapacity(capacity: number, activeMatchesByMentor: ReadonlyMap<string, number>, mentorIds: readonly string[]): Map<string, number> {
  return new Map(mentorIds.map((id) => [id, Math.max(0, capacity - (activeMatchesByMentor.get(id) ?? 0))]));
}

const normalise = (value: string) => value.trim().toLowerCase();
const asList = (value: Answer): string[] => (Array.isArray(value) ? value : typeof value === "string" && value.trim() ? [value] : []);

/**
 * What a pair has in common, in words, for their introduction: the answers
 * both gave on overlap and exact criteria (e.g. "Interests: Music, Hiking").
 * `labelOf` turns a stored choice value into the form's label.
 */
export function sharedGround(
  criteria: readonly EngineCriterion[],
  mentorAnswers: Record<string, Answer>,
  menteeAnswers: Record<string, Answer>,
  labelOf: (key: string, value: string) => string,
): { key: string; label: string; values: string[] }[] {
  return criteria.flatMap((criterion) => {
    if (criterion.kind !== "overlap" && criterion.kind !== "exact") return [];
    const mentee = new Map(asList(menteeAnswers[criterion.key]).map((value) => [normalise(value), value]));
    const common = asList(mentorAnswers[criterion.key]).filter((value) => mentee.has(normalise(value)));
    return common.length > 0 ? [{ key: criterion.key, label: criterion.label, values: common.map((value) => labelOf(criterion.key, value)) }] : [];
  });
}
