/**
 * The questions of the relationship's surveys (issue #6): pulse surveys, the
 * midpoint and final evaluations, and the closure survey — built from the same
 * typed questions as enrollment forms (`@tandem/forms`), so the portal renders
 * them with the form renderer and answers are checked with the same rules and
 * messages as an application.
 *
 * Every survey asks `rating` — "How is your mentoring relationship going?"
 * (1–5) or its equivalent — first and required: match health reads it from the
 * pulse and evaluation surveys, and reports from all of them.
 */
import { answerSchema, type AnswerValue, type Question } from "@tandem/forms";
import * as v from "valibot";
import type { ParticipantRole } from "./health.js";
import type { SurveyKind } from "./surveys.js";
import { addDays } from "./time.js";

/** The program's calendar surveys plus the closure survey every person gets when their match ends. */
export const SURVEY_QUESTION_KINDS = ["pulse", "midpoint", "final", "closure"] as const;
export type SurveyQuestionKind = SurveyKind | "closure";

/** The key of the 1–5 question every survey asks. */
export const RATING_KEY = "rating";

/**
 * The key of the final and closure surveys' 0–10 "How likely are you to recommend this
 * program to a friend?" (the standard Net Promoter question; both sides are
 * asked, and those who close early too, so the score is not only of those who stayed). Optional, and absent from answers given before it was added.
 */
const RECOMMEND_SCORE_KEY = "recommend_score";

/** The closure survey is open from the day the match closed for this many days. */
export const CLOSURE_SURVEY_OPEN_DAYS = 14;

/** A comment's longest answer: room for a paragraph, not an essay. */
const COMMENT_MAX = 2000;

const rating = (label: string, help?: string): Question => ({
  key: RATING_KEY,
  type: "scale",
  label,
  ...(help ? { help } : {}),
  required: true,
});
const comment = (key: string, label: string, help?: string): Question => ({ key, type: "long_text", label, ...(help ? { help } : {}), required: false, max: COMMENT_MAX });
const choice = (key: string, label: string, choices: [string, string][], required = false): Question => ({
  key,
  type: "single_choice",
  label,
  required,
  choices: choices.map(([value, choiceLabel]) => ({ value, label: choiceLabel })),
});
const scale = (key: string, label: string, help?: string): Question => ({ key, type: "scale", label, ...(help ? { help } : {}), required: false });
/** A 0–10 answer: a number question with whole-number bounds (the portal shows a number field from 0 to 10; answers must be whole numbers). */
const RECOMMEND_SCORE: Question = {
  key: RECOMMEND_SCORE_KEY,
  type: "number",
  label: "How likely are you to recommend this program to a friend?",
  help: "0 = not at all likely, 10 = extremely likely",
  required: false,
  min: 0,
  max: 10,
};

const SCALE_HELP = "1 = not at all well, 5 = very well";
const MEETINGS = choice("meeting_frequency", "How often have you met, compared with what the program expects?", [
  ["more", "More often"],
  ["as_expected", "About as expected"],
  ["less", "Less often"],
  ["not_yet", "We have not met yet"],
]);
const YES_MAYBE_NO: [string, string][] = [
  ["yes", "Yes"],
  ["maybe", "Maybe"],
  ["no", "No"],
];

/**
 * The questions of one survey for one side of the pair. Mentors and mentees
 * are asked the same things in their own words, plus one question each that
 * only makes sense for their side.
 */
export function surveyQuestions(kind: SurveyQuestionKind, role: ParticipantRole): Question[] {
  const partner = role === "mentor" ? "mentee" : "mentor";
  switch (kind) {
    case "pulse":
      return [
        rating("How is your mentoring relationship going?", SCALE_HELP),
        comment("comment", "Anything you would like to add?", `Optional. The program's coordinators read this; your ${partner} does not.`),
      ];
    case "midpoint":
      return [
        rating("Halfway through: how is your mentoring relationship going?", SCALE_HELP),
        MEETINGS,
        scale("goals_progress", "How much progress have you made toward your goals so far?", "1 = none yet, 5 = a lot"),
        comment("going_well", "What has been most helpful so far?"),
        comment("change", "What would you like to change for the second half?"),
      ];
    case "final":
      return [
        rating("Overall, how did your mentoring relationship go?", SCALE_HELP),
        scale("goals_progress", "How far did you get toward your goals?", "1 = not at all, 5 = all the way"),
        role === "mentee"
          ? scale("confidence", "How much has mentoring helped you feel more confident in your studies or work?", "1 = not at all, 5 = a great deal")
          : choice("mentor_again", "Would you mentor in this program again?", YES_MAYBE_NO),
        choice("recommend", role === "mentee" ? "Would you recommend having a mentor to a friend?" : "Would you recommend mentoring to a colleague or friend?", YES_MAYBE_NO),
        RECOMMEND_SCORE,
        comment("highlight", "What was the most valuable part?"),
        comment("improve", "What should the program do differently next time?"),
      ];
    case "closure":
      return [
        rating("Overall, how did your mentoring relationship go?", SCALE_HELP),
        scale("goals_progress", "How far did you get toward your goals?", "1 = not at all, 5 = all the way"),
        role === "mentee"
          ? choice("recommend", "Would you recommend having a mentor to a friend?", YES_MAYBE_NO)
          : choice("mentor_again", "Would you mentor in this program again?", YES_MAYBE_NO),
        RECOMMEND_SCORE,
        comment("what_worked", "What worked well?"),
        comment("improve", "What could the program have done to help more?", "Optional. Only the program's coordinators read this."),
      ];
  }
}

/** The survey's title as the portal shows it: "Pulse survey 2", "Midpoint evaluation" … */
export function surveyTitle(key: string, kind: SurveyQuestionKind): string {
  if (kind === "pulse") {
    const number = /^pulse-(\d+)$/.exec(key)?.[1];
    return number ? `Pulse survey ${number}` : "Pulse survey";
  }
  return { midpoint: "Midpoint evaluation", final: "Final evaluation", closure: "Closure survey" }[kind];
}

/** The closure survey of a match closed on `closedOn` (a local date): open that day and the next `CLOSURE_SURVEY_OPEN_DAYS - 1`. */
export function closureSurvey(closedOn: string): { key: "closure"; kind: "closure"; opensOn: string; closesOn: string } {
  return { key: "closure", kind: "closure", opensOn: closedOn, closesOn: addDays(closedOn, CLOSURE_SURVEY_OPEN_DAYS - 1) };
}

/** Answers as stored: only the answered questions, normalised (numbers as numbers, trimmed text). */
export type SurveyAnswers = Record<string, AnswerValue>;

/** A number question's form rules, then a whole number: "7.5" out of 10 is not an answer a survey asks for. */
function wholeNumber(question: Question): v.GenericSchema<unknown, AnswerValue> {
  const range = question.min !== undefined && question.max !== undefined ? ` from ${question.min} to ${question.max}` : "";
  return v.pipe(
    answerSchema(question),
    v.check((value) => typeof value === "number" && Number.isInteger(value), `must be a whole number${range}`),
  );
}

/** Absent, null, blank text or an empty list: not answered. */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0);
}

/**
 * The valibot schema of a survey's `answers` object: each answer checked by
 * the form rules of its question (`answerSchema`), required ones present,
 * unknown keys refused. Every failing answer is reported in one pass, at
 * `<key>` (or `<key>.<index>`) below wherever the object sits, one message per
 * answer; the output holds only the answers given, in question order. A
 * survey's number questions (the 0–10 recommendation) take whole numbers only.
 */
export function surveyAnswersSchema(questions: readonly Question[]) {
  const fields = questions.map((question) => ({ question, schema: question.type === "number" ? wholeNumber(question) : answerSchema(question) }));
  const known: ReadonlySet<string> = new Set(questions.map((question) => question.key));
  const at = (input: Record<string, unknown>, key: string): v.IssuePathItem => ({ type: "object", origin: "value", input, key, value: input[key] });
  return v.pipe(
    v.custom<Record<string, unknown>>((input) => typeof input === "object" && input !== null && !Array.isArray(input), (issue) =>
      issue.input === undefined ? "is required" : "must be an object with one entry per question",
    ),
    v.rawTransform<Record<string, unknown>, SurveyAnswers>(({ dataset, addIssue }) => {
      const input = dataset.value;
      const answers: SurveyAnswers = {};
      for (const key of Object.keys(input)) {
        if (!known.has(key)) addIssue({ message: "is not a question of this survey", input: input[key], path: [at(input, key)] });
      }
      for (const { question, schema } of fields) {
        // Own properties only, so a key such as `constructor` never reads Object.prototype.
        const raw = Object.hasOwn(input, question.key) ? input[question.key] : undefined;
        if (isBlank(raw)) {
          if (question.required) addIssue({ message: "is required", input: raw, path: [at(input, question.key)] });
          continue;
        }
        const result = v.safeParse(schema, raw, { abortPipeEarly: true });
        if (result.success) answers[question.key] = result.output;
        else for (const issue of result.issues) addIssue({ message: issue.message, input: issue.input, path: [at(input, question.key), ...(issue.path ?? [])] });
      }
      return answers;
    }),
  );
}

/** The 1–5 `rating` of checked answers, or null when it is missing. */
export function surveyRating(answers: Readonly<Record<string, unknown>>): number | null {
  const value = answers[RATING_KEY];
  return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 5 ? value : null;
}
