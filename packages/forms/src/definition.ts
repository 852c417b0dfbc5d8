/**
 * What a coordinator authors: the questions of one program's form for one
 * role, as data. The schemas here check a definition before it is saved, so
 * everything downstream (rendering, submissions, matching) can trust it.
 */
import * as v from "valibot";
import { type IssuePath, pathItem } from "./issues.js";

export const QUESTION_TYPES = [
  "short_text",
  "long_text",
  "single_choice",
  "multiple_choice",
  "number",
  "date",
  "scale",
  "email",
  "phone",
  "languages",
  "availability",
  "consent",
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** How a question feeds matching: shared values, same value, closeness of numbers, or similar wording. */
export const MATCHING_KINDS = ["overlap", "exact", "numeric", "text"] as const;
export type MatchingKind = (typeof MATCHING_KINDS)[number];

/** Which question types each matching kind can compare. */
export const MATCHING_COMPATIBILITY: Readonly<Record<MatchingKind, readonly QuestionType[]>> = {
  overlap: ["multiple_choice", "languages", "availability", "single_choice"],
  exact: ["single_choice", "number", "short_text"],
  numeric: ["number", "scale"],
  text: ["short_text", "long_text"],
};

/** Keys of the fields every form gets without asking (see builtInFields); questions may not reuse them. */
export const BUILT_IN_KEYS = ["first_name", "last_name", "email", "date_of_birth", "guardian_name", "guardian_email"] as const;
export type BuiltInKey = (typeof BUILT_IN_KEYS)[number];

/** Maximum answer length of text questions that set no `max`. */
export const DEFAULT_TEXT_MAX_LENGTH = { short_text: 200, long_text: 4000 } as const;
/** The most a coordinator may allow, so one answer cannot fill the database. */
export const TEXT_MAX_LENGTH_LIMIT = { short_text: 500, long_text: 10_000 } as const;

export const MAX_QUESTIONS = 60;
export const MIN_CHOICES = 2;
export const MAX_CHOICES = 50;

const CHOICE_TYPES: readonly QuestionType[] = ["single_choice", "multiple_choice"];
const TYPES_WITH_BOUNDS: readonly QuestionType[] = ["number", "multiple_choice", "short_text", "long_text"];

const TYPE_NAMES: Record<QuestionType, string> = {
  short_text: "short text",
  long_text: "long text",
  single_choice: "single choice",
  multiple_choice: "multiple choice",
  number: "number",
  date: "date",
  scale: "scale",
  email: "email",
  phone: "phone",
  languages: "languages",
  availability: "availability",
  consent: "consent",
};

function listInWords(items: readonly string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

/** One message function per object schema: valibot reports a wrong type, a missing key and an unknown key through it. */
function objectMessage(unknownKeyMessage: string): v.ErrorMessage<v.ObjectIssue | v.StrictObjectIssue> {
  return (issue) => {
    if (issue.expected === "never") return unknownKeyMessage;
    if (issue.expected?.startsWith('"')) return "is required";
    return "must be an object";
  };
}

const LabelSchema = v.pipe(
  v.string("must be text"),
  v.trim(),
  v.minLength(1, "is required"),
  v.maxLength(200, "must be at most 200 characters"),
);

const ChoiceSchema = v.strictObject(
  {
    value: v.pipe(
      v.string("must be text"),
      v.trim(),
      v.regex(/^[a-z0-9_]{1,60}$/, "must be 1 to 60 lowercase letters, digits or underscores, such as in_person"),
    ),
    label: LabelSchema,
  },
  objectMessage("is not a setting of a choice; a choice has only a value and a label"),
);
export type Choice = v.InferOutput<typeof ChoiceSchema>;

const MatchingSchema = v.strictObject(
  {
    kind: v.picklist(MATCHING_KINDS, `must be one of ${MATCHING_KINDS.join(", ")}`),
    weight: v.pipe(
      v.number("must be a whole number from 1 to 10"),
      v.integer("must be a whole number from 1 to 10"),
      v.minValue(1, "must be a whole number from 1 to 10"),
      v.maxValue(10, "must be a whole number from 1 to 10"),
    ),
    /** A hard rule: pairs must agree on this question (share a value, for overlap) to be proposed at all. */
    required: v.optional(v.boolean("must be true or false")),
  },
  objectMessage("is not a matching setting; use kind, weight and required"),
);
export type Matching = v.InferOutput<typeof MatchingSchema>;

const BoundSchema = v.pipe(v.number("must be a number"), v.finite("must be a number"));

const QuestionShapeSchema = v.strictObject(
  {
    key: v.pipe(
      v.string("must be text"),
      v.regex(
        /^[a-z][a-z0-9_]{0,39}$/,
        "must start with a lowercase letter and use only lowercase letters, digits and underscores (at most 40), such as career_goals",
      ),
    ),
    type: v.picklist(QUESTION_TYPES, `must be one of ${QUESTION_TYPES.join(", ")}`),
    /** The question as the applicant reads it; for consent, the statement they agree to. */
    label: LabelSchema,
    help: v.optional(v.pipe(v.string("must be text"), v.trim(), v.maxLength(500, "must be at most 500 characters"))),
    /** Must be answered; for consent, must be checked. */
    required: v.optional(v.boolean("must be true or false"), false),
    choices: v.optional(v.array(ChoiceSchema, "must be a list of choices")),
    /** number: smallest and largest answer; multiple_choice: fewest and most selections; text: `max` is the longest answer. */
    min: v.optional(BoundSchema),
    max: v.optional(BoundSchema),
    matching: v.optional(MatchingSchema),
  },
  objectMessage("is not a setting of a question"),
);

type QuestionShape = v.InferOutput<typeof QuestionShapeSchema>;
type AddIssue = (info: { message: string; path?: IssuePath }) => void;

/** The rules that relate a question's settings to each other and to its type. */
function checkQuestionRules(question: QuestionShape, addIssue: AddIssue): void {
  const at = (key: string): [v.IssuePathItem] => [pathItem(question, key, question[key as keyof QuestionShape])];
  const typeName = TYPE_NAMES[question.type];
  const isChoice = CHOICE_TYPES.includes(question.type);

  if (isChoice) checkChoices(question, addIssue);
  else if (question.choices !== undefined) {
    addIssue({ message: `only single choice and multiple choice questions have choices, not ${typeName} questions`, path: at("choices") });
  }

  checkBounds(question, addIssue, at);

  if (question.matching !== undefined) {
    const compatible = MATCHING_COMPATIBILITY[question.matching.kind];
    if (!compatible.includes(question.type)) {
      addIssue({
        message: `"${question.matching.kind}" matching works with ${listInWords(compatible.map((type) => TYPE_NAMES[type]))} questions, not ${typeName}`,
        path: [...at("matching"), pathItem(question.matching, "kind", question.matching.kind)],
      });
    }
  }
}

function checkChoices(question: QuestionShape, addIssue: AddIssue): void {
  const choices = question.choices ?? [];
  const choicesPath = (): [v.IssuePathItem] => [pathItem(question, "choices", question.choices)];
  if (choices.length < MIN_CHOICES) {
    addIssue({ message: `add at least ${MIN_CHOICES} choices`, path: choicesPath() });
    return;
  }
  if (choices.length > MAX_CHOICES) addIssue({ message: `must have at most ${MAX_CHOICES} choices`, path: choicesPath() });
  const seen = new Set<string>();
  choices.forEach((choice, index) => {
    if (seen.has(choice.value)) {
      addIssue({
        message: `"${choice.value}" is already the value of another choice`,
        path: [...choicesPath(), pathItem(choices, index, choice), pathItem(choice, "value", choice.value)],
      });
    }
    seen.add(choice.value);
  });
}

function checkBounds(question: QuestionShape, addIssue: AddIssue, at: (key: string) => [v.IssuePathItem]): void {
  const { type, min, max } = question;
  if (min === undefined && max === undefined) return;
  const typeName = TYPE_NAMES[type];

  if (!TYPES_WITH_BOUNDS.includes(type)) {
    const key = min !== undefined ? "min" : "max";
    addIssue({ message: `only number, multiple choice and text questions take a ${key}, not ${typeName} questions`, path: at(key) });
    return;
  }
  if (type === "short_text" || type === "long_text") {
    if (min !== undefined) addIssue({ message: "text questions take only a maximum length (max)", path: at("min") });
    const limit = TEXT_MAX_LENGTH_LIMIT[type];
    if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > limit)) {
      addIssue({ message: `must be a whole number of characters from 1 to ${limit}`, path: at("max") });
    }
    return;
  }
  if (type === "multiple_choice") {
    const choiceCount = question.choices?.length ?? 0;
    for (const [key, bound] of [["min", min], ["max", max]] as const) {
      if (bound === undefined) continue;
      if (!Number.isInteger(bound) || bound < 1) addIssue({ message: "must be a whole number of selections, at least 1", path: at(key) });
      else if (choiceCount >= MIN_CHOICES && bound > choiceCount) {
        addIssue({ message: `cannot be more than the number of choices (${choiceCount})`, path: at(key) });
      }
    }
  }
  if (min !== undefined && max !== undefined && min > max) addIssue({ message: `must not be more than max (${max})`, path: at("min") });
}

export const QuestionSchema = v.pipe(
  QuestionShapeSchema,
  v.rawCheck(({ dataset, addIssue }) => {
    // Without abortPipeEarly valibot still runs this on a malformed question; the shape errors say enough then.
    if (dataset.typed) checkQuestionRules(dataset.value, addIssue);
  }),
);
export type Question = v.InferOutput<typeof QuestionSchema>;
export type QuestionInput = v.InferInput<typeof QuestionSchema>;

const BUILT_IN_KEY_SET: ReadonlySet<string> = new Set(BUILT_IN_KEYS);

export const FormDefinitionSchema = v.pipe(
  v.strictObject(
    {
      version: v.literal(1, "must be 1"),
      questions: v.pipe(
        v.array(QuestionSchema, "must be a list of questions"),
        v.maxLength(MAX_QUESTIONS, `must have at most ${MAX_QUESTIONS} questions`),
      ),
    },
    objectMessage("is not a setting of a form; a form has only a version and questions"),
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { questions } = dataset.value;
    const firstIndexOfKey = new Map<string, number>();
    questions.forEach((question, index) => {
      const path: IssuePath = [
        pathItem(dataset.value, "questions", questions),
        pathItem(questions, index, question),
        pathItem(question, "key", question.key),
      ];
      const earlier = firstIndexOfKey.get(question.key);
      if (BUILT_IN_KEY_SET.has(question.key)) {
        addIssue({ message: `"${question.key}" is a built-in field every form already has; choose another key`, path });
      } else if (earlier !== undefined) {
        addIssue({ message: `"${question.key}" is already the key of question ${earlier + 1}; keys must be unique`, path });
      } else {
        firstIndexOfKey.set(question.key, index);
      }
    });
  }),
);
export type FormDefinition = v.InferOutput<typeof FormDefinitionSchema>;
export type FormDefinitionInput = v.InferInput<typeof FormDefinitionSchema>;
