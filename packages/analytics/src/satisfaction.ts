/** Satisfaction: pulse ratings over time, the midpoint and final surveys question by question, "would recommend" and the 0–10 NPS. */
import { surveyQuestions } from "@tandem/relationships";
import { percent, round } from "./numbers.js";

/** Pulse ratings (1–5) answered in one period (month or week): their mean and how many. */
export interface PulsePeriodRow {
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

/** How many answers to the final survey's 0–10 recommendation question had `value`. */
export interface ScoreCountRow {
  value: number;
  n: number;
}

export interface Nps {
  /** Answers to the final and closure surveys' "How likely are you to recommend this program to a friend?" (0–10), both sides. */
  responses: number;
  /** Answers of 9 or 10. */
  promoters: number;
  /** Answers of 7 or 8. */
  passives: number;
  /** Answers of 0 to 6. */
  detractors: number;
  /** Net Promoter Score: % promoters − % detractors, a whole number from −100 to 100 (half away from zero); null without answers. */
  score: number | null;
}

export interface Satisfaction {
  /** Mean pulse rating per period (two decimals) and how many answered. */
  pulseByPeriod: { period: string; average: number | null; responses: number }[];
  /** Per evaluation, each scale and choice question (comments left out, and the 0–10 recommendation, which is `nps`): scale means with their 1–5 distribution, choice counts and shares. */
  surveys: Record<Evaluation, QuestionResult[]>;
  /** The older yes / maybe / no question, kept for responses given before the 0–10 one. */
  recommendation: Recommendation;
  nps: Nps;
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
/** The final survey's 0–10 question (`surveyQuestions("final", …)` in @tandem/relationships). */
export const RECOMMEND_SCORE_KEY = "recommend_score";

/** 0–10 answers by class: promoters 9–10, passives 7–8, detractors 0–6. */
export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

/** The Net Promoter Score of answers counted by class: % promoters − % detractors, rounded to a whole number (half away from zero); null without answers. */
export function npsOf(counts: NpsCounts): Nps {
  const [promoters, passives, detractors] = [counts.promoters, counts.passives, counts.detractors].map((n) => (Number(n) > 0 ? Number(n) : 0)) as [number, number, number];
  const responses = promoters + passives + detractors;
  return { responses, promoters, passives, detractors, score: responses > 0 ? round((100 * (promoters - detractors)) / responses) : null };
}

/**
 * The Net Promoter Score from 0–10 answers by value: promoters 9–10,
 * passives 7–8, detractors 0–6. Values that are not whole numbers from 0 to
 * 10 are not answers.
 */
export function nps(rows: readonly ScoreCountRow[]): Nps {
  const counts: NpsCounts = { promoters: 0, passives: 0, detractors: 0 };
  for (const row of rows) {
    const value = Number(row.value);
    if (!Number.isInteger(value) || value < 0 || value > 10 || !(row.n > 0)) continue;
    counts[value >= 9 ? "promoters" : value >= 7 ? "passives" : "detractors"] += row.n;
  }
  return npsOf(counts);
}

export interface SatisfactionInput {
  pulseByPeriod: readonly PulsePeriodRow[];
  answers: readonly AnswerCountRow[];
  /** The report's periods, oldest first (default: those of the pulse rows). */
  periods?: readonly string[];
  /** Answers to the final and closure surveys' 0–10 question by class (default none). */
  npsCounts?: NpsCounts;
}

export function satisfaction(input: SatisfactionInput): Satisfaction {
  // Rows of one period (days folded into a week) merge into one mean, weighted by their answers.
  const byPeriod = new Map<string, PulsePeriodRow>();
  for (const row of input.pulseByPeriod) {
    const seen = byPeriod.get(row.period);
    if (!seen || seen.n <= 0 || seen.average === null) byPeriod.set(row.period, { ...row });
    else if (row.n > 0 && row.average !== null) byPeriod.set(row.period, { period: row.period, average: (seen.average * seen.n + row.average * row.n) / (seen.n + row.n), n: seen.n + row.n });
  }
  const periods = input.periods ?? [...byPeriod.keys()].sort();
  const pulseByPeriod = periods.map((period) => {
    const row = byPeriod.get(period);
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
    pulseByPeriod,
    surveys,
    recommendation: { responses, yes, maybe, no, yesShare, maybeShare: percent(maybe, responses), noShare, net: responses > 0 ? round((100 * (yes - no)) / responses, 1) : null },
    nps: npsOf(input.npsCounts ?? { promoters: 0, passives: 0, detractors: 0 }),
  };
}


