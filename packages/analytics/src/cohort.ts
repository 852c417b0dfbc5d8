/**
 * Cohorts: a report restricted to the people whose application answered one
 * of the program's choice questions with one value (year of study, entry
 * term…). Which questions can filter, and how many applications chose each
 * option, from the forms and per-option counts the database makes.
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

/**
 * The single and multiple choice questions of a program's forms, mentee form
 * first: a key both forms ask is one question (the mentee form's label), with
 * the options of both.
 */
export function cohortQuestions(forms: readonly { questions: readonly FormQuestionLike[] }[]): CohortQuestion[] {
  const byKey = new Map<string, CohortQuestion>();
  for (const form of forms) {
    for (const question of form.questions) {
      if (question.type !== "single_choice" && question.type !== "multiple_choice") continue;
      const seen = byKey.get(question.key);
      const options = (question.choices ?? []).map((choice) => ({ value: choice.value, label: choice.label }));
      if (!seen) byKey.set(question.key, { key: question.key, label: question.label, type: question.type, options });
      else for (const option of options) if (!seen.options.some((known) => known.value === option.value)) seen.options.push(option);
    }
  }
  return [...byKey.values()];
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
 * Whether `cohortQuestion` and `cohort` name a question that can filter and
 * one of its options; the problems otherwise, per field. Both or neither.
 */
export function checkCohort(questions: readonly CohortQuestion[], cohortQuestion: string | null, cohort: string | null): CohortProblem[] {
  if (cohortQuestion === null && cohort === null) return [];
  if (cohortQuestion === null) return [{ field: "cohort", message: "needs cohortQuestion, the question it answers" }];
  const question = questions.find((candidate) => candidate.key === cohortQuestion);
  const list = (items: string[]) => (items.length > 8 ? `${items.slice(0, 8).join(", ")}, …` : items.join(", "));
  if (!question) {
    const keys = questions.map((candidate) => candidate.key);
    return [{ field: "cohortQuestion", message: keys.length > 0 ? `is not a choice question of this program's forms (${list(keys)})` : "is not available: this program's forms have no choice questions" }];
  }
  if (cohort === null) return [{ field: "cohort", message: "is required with cohortQuestion" }];
  if (!question.options.some((option) => option.value === cohort)) return [{ field: "cohort", message: `is not an option of ${question.key} (${list(question.options.map((option) => option.value))})` }];
  return [];
}
