/** Satisfaction: pulse ratings over time, the midpoint and final surveys question by question, and "would recommend". */
import { surveyQuestions } from "@tandem/relationships";
import { percent, round } from "./numbers.js";

/** Pulse ratings (1–5) answered in one month: their mean and how many. */
export interface PulseMonthRow {
  period: string;
  average: number | null;
  n: number;
}

export const EVALUATIONS = ["midpoint", "final"] as const;
export type Evaluation = (typeof EVALUATIONS)[number];

/** How many answers to `question` of survey `survey` had `value`. */
export interface AnswerCountRow {
  survey: Evaluation;
  question: string;
  value: string | number;
  n: number;
}

export type QuestionResult =
  | { key: string; label: string; type: "scale"; responses: number; average: number | null; distribution: { value: number; n: number }[] }
  | { key: string; label: string; type: "choice"; responses: number; choices: { value: string; label: string; n: number; share: number | null }[] };

export interface Recommendation {
  /** Answers to the final survey's "Would you recommend …?" (yes / maybe / no), both sides. */
  responses: number;
  yes: number;
  maybe: number;
  no: number;
  /** Shares in percent, one decimal. */
  yesShare: number | null;
  maybeShare: number | null;
  noShare: number | null;
  /**
   * Yes share − no share, in points (−100…100): a net score in the spirit of
   * NPS but from a three-way question, not the standard 0–10 scale, so not
   * comparable with published NPS figures.
   */
  net: number | null;
}

export interface Satisfaction {
  /** Mean pulse rating per month (two decimals) and how many answered. */
  pulseByMonth: { period: string; average: number | null; responses: number }[];
  /** Per evaluation, each scale and choice question (comments left out): scale means with their 1–5 distribution, choice counts and shares. */
  surveys: Record<Evaluation, QuestionResult[]>;
  recommendation: Recommendation;
}

/** The questions both sides are asked in a survey, mentee wording first; free-text comments are not figures. */
export function figureQuestions(kind: Evaluation) {
  const seen = new Map<string, ReturnType<typeof surveyQuestions>[number]>();
  for (const role of ["mentee", "mentor"] as const) for (const question of surveyQuestions(kind, role)) if (!seen.has(question.key) && (question.type === "scale" || question.type === "single_choice")) seen.set(question.key, question);
  return [...seen.values()];
}

/** Every question key whose answers the figures count, across the evaluations (the Worker asks the database for these only). */
export const FIGURE_QUESTION_KEYS: readonly string[] = [...new Set(EVALUATIONS.flatMap((kind) => figureQuestions(kind).map((question) => question.key)))];

export const RECOMMEND_KEY = "recommend";

export function satisfaction(input: { pulseByMonth: readonly PulseMonthRow[]; answers: readonly AnswerCountRow[]; months?: readonly string[] }): Satisfaction {
  const byMonth = new Map(input.pulseByMonth.map((row) => [row.period, row]));
  const months = input.months ?? [...byMonth.keys()].sort();
  const pulseByMonth = months.map((period) => {
    const row = byMonth.get(period);
    return { period, average: row && row.n > 0 && row.average !== null ? round(row.average, 2) : null, responses: row?.n ?? 0 };
  });

  const counts = (survey: Evaluation, question: string) => input.answers.filter((row) => row.survey === survey && row.question === question && row.n > 0);
  const surveys = Object.fromEntries(
    EVALUATIONS.map((kind) => [
      kind,
      figureQuestions(kind).map((question): QuestionResult => {
        const rows = counts(kind, question.key);
        const responses = rows.reduce((sum, row) => sum + row.n, 0);
        if (question.type === "scale") {
          const distribution = [1, 2, 3, 4, 5].map((value) => ({ value, n: rows.filter((row) => Number(row.value) === value).reduce((sum, row) => sum + row.n, 0) }));
          const total = rows.reduce((sum, row) => sum + Number(row.value) * row.n, 0);
          return { key: question.key, label: question.label, type: "scale", responses, average: responses > 0 ? round(total / responses, 2) : null, distribution };
        }
        const choices = (question.type === "single_choice" ? (question.choices ?? []) : []).map((choice) => {
          const n = rows.filter((row) => String(row.value) === choice.value).reduce((sum, row) => sum + row.n, 0);
          return { value: choice.value, label: choice.label, n, share: percent(n, responses) };
        });
        return { key: question.key, label: question.label, type: "choice", responses, choices };
      }),
    ]),
  ) as Record<Evaluation, QuestionResult[]>;

  const recommend = counts("final", RECOMMEND_KEY);
  const of = (value: string) => recommend.filter((row) => row.value === value).reduce((sum, row) => sum + row.n, 0);
  const [yes, maybe, no] = [of("yes"), of("maybe"), of("no")];
  const responses = yes + maybe + no;
  const yesShare = percent(yes, responses);
  const noShare = percent(no, responses);
  return {
    pulseByMonth,
    surveys,
    recommendation: { responses, yes, maybe, no, yesShare, maybeShare: percent(maybe, responses), noShare, net: responses > 0 ? round((100 * (yes - no)) / responses, 1) : null },
  };
}


