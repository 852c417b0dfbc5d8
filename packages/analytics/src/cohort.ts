/**
 * Cohorts: a report restricted to a group of mentees — those whose application
 * answered one of the mentee form's choice questions with one value (year of
 * study, entry term…). Which questions can filter, and how many applications
 * chose each option, from the forms and per-option counts the database makes.
 * A question only the mentor form asks is no cohort: a cohort's matches,
 * check-ins, surveys and closures are found through their mentee's answer,
 * which it does not have.
 */

/** What a cohort needs of a form question (`Question` in @tandem/forms). */
export interface FormQuestionLike {
  key: string;
  type: string;
  label: string;
  choices?: readonly { value: string; label: string }[];
}

export interface CohortQuestion {
  key: string;
  label: string;
  type: "single_choice" | "multiple_choice";
  options: { value: string; label: string }[];
}

/** The single and multiple choice questions of a program's mentee form, in its order, each with the mentee form's options. */
export function cohortQuestions(menteeForm: { questions: readonly FormQuestionLike[] }): CohortQuestion[] {
  const questions: CohortQuestion[] = [];
  for (const question of menteeForm.questions) {
    if (question.type !== "single_choice" && question.type !== "multiple_choice") continue;
    if (questions.some((known) => known.key === question.key)) continue;
    questions.push({ key: question.key, label: question.label, type: question.type, options: (question.choices ?? []).map((choice) => ({ value: choice.value, label: choice.label })) });
  }
  return questions;
}

/** The keys of the mentor form's questions that the mentee form does not ask: refused as cohorts with a message of their own. */
export function mentorOnlyKeys(menteeForm: { questions: readonly FormQuestionLike[] }, mentorForm: { questions: readonly FormQuestionLike[] }): string[] {
  const mentee = new Set(menteeForm.questions.map((question) => question.key));
  return [...new Set(mentorForm.questions.map((question) => question.key).filter((key) => !mentee.has(key)))];
}

/** One count per question and option: applications whose answer is, or (multiple choice) includes, the option. */
export interface OptionCountRow {
  question: string;
  value: string;
  n: number;
}

export interface CohortFilterOption {
  question: string;
  label: string;
  options: { value: string; label: string; n: number }[];
}

/** The questions a report can be filtered by, each option with its number of applications (0 when none). */
export function cohortOptions(questions: readonly CohortQuestion[], counts: readonly OptionCountRow[]): CohortFilterOption[] {
  const n = new Map<string, number>();
  for (const row of counts) n.set(`${row.question}\u0000${row.value}`, (n.get(`${row.question}\u0000${row.value}`) ?? 0) + (Number(row.n) || 0));
  return questions.map((question) => ({
    question: question.key,
    label: question.label,
    options: question.options.map((option) => ({ value: option.value, label: option.label, n: n.get(`${question.key}\u0000${option.value}`) ?? 0 })),
  }));
}

export type CohortProblem = { field: "cohortQuestion" | "cohort"; message: string };

/**
 * Whether `cohortQuestion` and `cohort` name a question that can filter (a
 * choice question of the mentee form, `questions`) and one of its options;
 * the problems otherwise, per field. Both or neither. A key in `mentorOnly`
 * (asked only by the mentor form) is refused with the reason.
 */
export function checkCohort(questions: readonly CohortQuestion[], cohortQuestion: string | null, cohort: string | null, { mentorOnly = [] }: { mentorOnly?: readonly string[] } = {}): CohortProblem[] {
  if (cohortQuestion === null && cohort === null) return [];
  if (cohortQuestion === null) return [{ field: "cohort", message: "needs cohortQuestion, the question it answers" }];
  const question = questions.find((candidate) => candidate.key === cohortQuestion);
  const list = (items: string[]) => (items.length > 8 ? `${items.slice(0, 8).join(", ")}, …` : items.join(", "));
  if (!question) {
    const keys = questions.map((candidate) => candidate.key);
    if (mentorOnly.includes(cohortQuestion)) {
      const choices = keys.length > 0 ? ` (${list(keys)})` : ", and it has none";
      return [{ field: "cohortQuestion", message: `is asked only on the mentor form: a cohort is a group of mentees, so cohorts come from the mentee form's choice questions${choices}` }];
    }
    return [{ field: "cohortQuestion", message: keys.length > 0 ? `is not a choice question of this program's mentee form (${list(keys)})` : "is not available: this program's mentee form has no choice questions" }];
  }
  if (cohort === null) return [{ field: "cohort", message: "is required with cohortQuestion" }];
  if (!question.options.some((option) => option.value === cohort)) return [{ field: "cohort", message: `is not an option of ${question.key} on the mentee form (${list(question.options.map((option) => option.value))})` }];
  return [];
}
