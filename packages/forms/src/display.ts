/** Answers as a person reads them: question labels, choice labels, language names, "Monday evening". */
import { builtInFields, type FormContext } from "./built-ins.js";
import type { FormDefinition, Question } from "./definition.js";
import { LANGUAGES } from "./vocabulary.js";

const DAY_NAMES: Record<string, string> = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };
const languageNames = new Map(LANGUAGES.map((language) => [language.code, language.label]));

function readable(question: Question | undefined, value: unknown): string {
  const one = (item: unknown): string => {
    const text = String(item);
    if (question?.type === "languages") return languageNames.get(text) ?? text;
    if (question?.type === "availability") {
      const [day, part] = text.split("_");
      return DAY_NAMES[day] ? `${DAY_NAMES[day]} ${part}` : text;
    }
    return question?.choices?.find((choice) => choice.value === text)?.label ?? text;
  };
  if (Array.isArray(value)) return value.map(one).join(", ");
  if (typeof value === "boolean") return value ? "Yes" : "No";
  return one(value);
}

/** One answer (or one item of a list answer) as a person reads it. */
export function readableValue(question: Question | undefined, value: unknown): string {
  return readable(question, value);
}

/** The answers in form order, each with its question's label and a readable value; answers to removed questions keep their key. */
export function readableAnswers(answers: Readonly<Record<string, unknown>>, definition: FormDefinition, context: FormContext): { key: string; label: string; value: string }[] {
  const questions = [...builtInFields(context), ...definition.questions];
  const byKey = new Map(questions.map((question) => [question.key, question]));
  const ordered = [...questions.map((question) => question.key).filter((key) => key in answers), ...Object.keys(answers).filter((key) => !byKey.has(key))];
  return ordered.map((key) => ({ key, label: byKey.get(key)?.label ?? key.replace(/_/g, " "), value: readable(byKey.get(key), answers[key]) }));
}
