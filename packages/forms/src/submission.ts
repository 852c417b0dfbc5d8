/**
 * Validation of a submitted application against the program's form: one
 * valibot schema per question, composed into a schema for the request body.
 */
import * as v from "valibot";
import { asksForGuardian, builtInFields, type FormContext, isUnderAge } from "./built-ins.js";
import { ageOn, hasIsoDateShape, isIsoDate, parseIsoDate, requireIsoDate } from "./dates.js";
import { DEFAULT_TEXT_MAX_LENGTH, type FormDefinition, FormDefinitionSchema, type Question } from "./definition.js";
import { pathItem } from "./issues.js";
import { AVAILABILITY_SLOTS, LANGUAGE_CODES } from "./vocabulary.js";

/** One stored answer; the same as the database's `ApplicationAnswers` values, minus null (absent instead). */
export type AnswerValue = string | number | boolean | string[];
export type Answers = Record<string, AnswerValue>;
export interface Submission {
  answers: Answers;
}

export const PHONE_MIN_LENGTH = 7;
export const PHONE_MAX_LENGTH = 20;
export const EMAIL_MAX_LENGTH = 254;
/** Anyone born longer ago than this most likely mistyped the year. */
const OLDEST_PLAUSIBLE_AGE = 120;

const DATE_MESSAGE = "must be a date like 2026-09-01";
const SCALE_MESSAGE = "must be a whole number from 1 to 5";
const NUMERIC_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Number inputs arrive as strings from HTML forms; "" and "0x10" are not numbers, and NaN fails the next `v.number`. */
function toNumber(input: number | string): number {
  if (typeof input === "number") return input;
  const text = input.trim();
  return NUMERIC_TEXT.test(text) ? Number(text) : Number.NaN;
}

/** Reports the second and later copies of a value, at their index, so the form can point at them. */
function distinctItems(message: string) {
  return v.rawCheck<string[]>(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const seen = new Set<string>();
    dataset.value.forEach((item, index) => {
      if (seen.has(item)) addIssue({ message, input: item, path: [pathItem(dataset.value, index, item)] });
      seen.add(item);
    });
  });
}

function listItem(itemMessage: string, allowed: readonly string[], notAllowedMessage: string) {
  return v.pipe(v.string(itemMessage), v.trim(), v.picklist(allowed, notAllowedMessage));
}

const EmailAnswerSchema = v.pipe(
  v.string("must be text"),
  v.trim(),
  v.toLowerCase(),
  v.maxLength(EMAIL_MAX_LENGTH, `must be at most ${EMAIL_MAX_LENGTH} characters`),
  v.email("must be an email address like name@example.org"),
);

const PhoneAnswerSchema = v.pipe(
  v.string("must be text"),
  v.trim(),
  v.regex(/^[0-9 ()+-]+$/, "may contain only digits, spaces and + - ( )"),
  v.minLength(PHONE_MIN_LENGTH, `must be at least ${PHONE_MIN_LENGTH} characters`),
  v.maxLength(PHONE_MAX_LENGTH, `must be at most ${PHONE_MAX_LENGTH} characters`),
  v.check((phone) => !phone.slice(1).includes("+"), "may have a + only at the start"),
  v.check((phone) => phone.replace(/\D/g, "").length >= PHONE_MIN_LENGTH, `must have at least ${PHONE_MIN_LENGTH} digits`),
  // An international number becomes E.164-like (+4930123456); a local one is kept as typed, since we cannot know its country.
  v.transform((phone) => (phone.startsWith("+") ? `+${phone.replace(/\D/g, "")}` : phone)),
);

const DateAnswerSchema = v.pipe(
  v.string(DATE_MESSAGE),
  v.trim(),
  v.check(hasIsoDateShape, DATE_MESSAGE),
  v.check(isIsoDate, "is not a real date; check the day and the month"),
);

const ScaleAnswerSchema = v.pipe(
  v.union([v.number(), v.string()], SCALE_MESSAGE),
  v.transform(toNumber),
  v.number(SCALE_MESSAGE),
  v.integer(SCALE_MESSAGE),
  v.minValue(1, SCALE_MESSAGE),
  v.maxValue(5, SCALE_MESSAGE),
);

const LanguagesAnswerSchema = v.pipe(
  v.array(
    v.pipe(v.string("must be a language code such as es"), v.trim(), v.toLowerCase(), v.picklist(LANGUAGE_CODES, "is not a language on our list")),
    "must be a list of languages",
  ),
  distinctItems("is listed twice"),
);

const AvailabilityAnswerSchema = v.pipe(
  v.array(listItem("must be a time slot such as mon_evening", AVAILABILITY_SLOTS, "is not a time slot such as mon_evening"), "must be a list of time slots"),
  distinctItems("is listed twice"),
  // Calendar order, whatever order the boxes were ticked in, so equal availability is stored equally.
  v.transform((slots) => AVAILABILITY_SLOTS.filter((slot) => slots.includes(slot))),
);

/**
 * The schema for one answer that is present (not blank): `submissionSchema`
 * deals with blanks and `required`. Exported so a form can check a field as
 * the applicant leaves it, with the same rules and messages as the server.
 */
export function answerSchema(question: Question): v.GenericSchema<unknown, AnswerValue> {
  switch (question.type) {
    case "short_text":
    case "long_text": {
      const max = question.max ?? DEFAULT_TEXT_MAX_LENGTH[question.type];
      return v.pipe(v.string("must be text"), v.trim(), v.maxLength(max, `must be at most ${max} characters`));
    }
    case "email":
      return EmailAnswerSchema;
    case "phone":
      return PhoneAnswerSchema;
    case "date":
      return DateAnswerSchema;
    case "scale":
      return ScaleAnswerSchema;
    case "number": {
      const { min, max } = question;
      return v.pipe(
        v.union([v.number(), v.string()], "must be a number"),
        v.transform(toNumber),
        v.number("must be a number"),
        v.finite("must be a number"),
        v.minValue(min ?? Number.NEGATIVE_INFINITY, `must be at least ${min}`),
        v.maxValue(max ?? Number.POSITIVE_INFINITY, `must be at most ${max}`),
      );
    }
    case "single_choice": {
      const values = choiceValues(question);
      return v.pipe(v.string("must be one of the choices offered"), v.trim(), v.picklist(values, "must be one of the choices offered"));
    }
    case "multiple_choice": {
      const { min, max } = question;
      return v.pipe(
        v.array(listItem("must be one of the choices offered", choiceValues(question), "is not one of the choices offered"), "must be a list of choices"),
        distinctItems("is chosen twice"),
        v.minLength(min ?? 0, `choose at least ${min}`),
        v.maxLength(max ?? Number.POSITIVE_INFINITY, `choose at most ${max}`),
      );
    }
    case "languages":
      return LanguagesAnswerSchema;
    case "availability":
      return AvailabilityAnswerSchema;
    case "consent":
      return v.pipe(
        v.boolean("must be true or false"),
        v.check((checked) => checked || !question.required, "must be checked to apply"),
      );
  }
}

function choiceValues(question: Question): string[] {
  return (question.choices ?? []).map((choice) => choice.value);
}

/** A date of birth in the future or before 1906 is a typo, not a person. */
function dateOfBirthSchema(question: Question, today: string): v.GenericSchema<unknown, AnswerValue> {
  const todayDate = requireIsoDate(today, "today");
  const isNotFuture = (answer: AnswerValue) => {
    const birthDate = parseIsoDate(String(answer));
    return birthDate === null || birthDate.getTime() <= todayDate.getTime();
  };
  const isPlausible = (answer: AnswerValue) => {
    const birthDate = parseIsoDate(String(answer));
    return birthDate === null || ageOn(birthDate, todayDate) < OLDEST_PLAUSIBLE_AGE;
  };
  return v.pipe(
    answerSchema(question),
    v.check(isNotFuture, "cannot be in the future"),
    v.check(isPlausible, `is more than ${OLDEST_PLAUSIBLE_AGE} years ago; check the year`),
  );
}

/** Absent, null, only spaces, or an empty list: treated as not answered, and stored as absent. */
function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0);
}

function isAnswersObject(input: unknown): input is Record<string, unknown> {
  return typeof input === "object" && input !== null && !Array.isArray(input);
}

/** Refuses a definition that never went through FormDefinitionSchema: a stored form that breaks its rules is our bug. */
function checkedDefinition(definition: FormDefinition): FormDefinition {
  const result = v.safeParse(FormDefinitionSchema, definition);
  if (result.success) return result.output;
  const problems = result.issues.map((issue) => `${v.getDotPath(issue) ?? "definition"} ${issue.message}`);
  throw new TypeError(`The form definition is invalid: ${problems.join("; ")}`);
}

/**
 * The schema for a submission body `{ answers }` for this program's form and
 * role (built-in fields included). Every failing answer is reported in one
 * pass, whatever `abortPipeEarly` says, with one message per answer (list
 * items: one per item) at `answers.<key>` or `answers.<key>.<index>`;
 * unknown keys are refused. The output holds only
 * the answers given, normalised (trimmed, lowercased emails, numbers as
 * numbers), in form order.
 */
export function submissionSchema(definition: FormDefinition, context: FormContext) {
  const questions = [...builtInFields(context), ...checkedDefinition(definition).questions];
  const fields = questions.map((question) => ({
    question,
    schema: question.key === "date_of_birth" ? dateOfBirthSchema(question, context.today) : answerSchema(question),
  }));
  const knownKeys: ReadonlySet<string> = new Set(questions.map((question) => question.key));

  const answersSchema = v.pipe(
    v.custom<Record<string, unknown>>(isAnswersObject, (issue) =>
      issue.input === undefined ? "is required" : "must be an object with one entry per question",
    ),
    v.rawTransform<Record<string, unknown>, Answers>(({ dataset, config, addIssue }) => {
      const input = dataset.value;
      const answers: Answers = {};
      const failedKeys = new Set<string>();
      const report = (key: string, message: string, more: { input?: unknown; path?: v.IssuePathItem[] } = {}) => {
        const value = Object.hasOwn(input, key) ? input[key] : undefined;
        addIssue({ message, input: more.input ?? value, path: [pathItem(input, key, value), ...(more.path ?? [])] });
        failedKeys.add(key);
      };

      for (const key of Object.keys(input)) {
        if (!knownKeys.has(key)) report(key, "is not a question on this form");
      }
      // One message per answer, for the first rule it breaks: "must be at least 7 characters" says enough without "must have 7 digits".
      const fieldConfig = { abortEarly: config.abortEarly, abortPipeEarly: true, lang: config.lang };
      for (const { question, schema } of fields) {
        // Own properties only: a question keyed `constructor` must not see Object.prototype's.
        const raw = Object.hasOwn(input, question.key) ? input[question.key] : undefined;
        if (isBlank(raw)) {
          if (question.required) report(question.key, question.type === "consent" ? "must be checked to apply" : "is required");
          continue;
        }
        const result = v.safeParse(schema, raw, fieldConfig);
        if (result.success) answers[question.key] = result.output;
        else for (const issue of result.issues) report(question.key, issue.message, { input: issue.input, path: issue.path ?? [] });
      }

      if (asksForGuardian(context)) {
        const dateOfBirth = answers.date_of_birth;
        if (typeof dateOfBirth === "string" && isUnderAge(dateOfBirth, context)) {
          for (const key of ["guardian_name", "guardian_email"]) {
            if (answers[key] === undefined && !failedKeys.has(key)) {
              report(key, `is required: applicants under ${context.guardianConsentUnderAge} need a parent's or guardian's consent`);
            }
          }
        }
        // The consent request goes to this address; the applicant's own would let them consent for themselves.
        if (answers.guardian_email !== undefined && answers.guardian_email === answers.email) {
          report("guardian_email", "must be the parent's or guardian's own email address, not the applicant's");
        }
      }
      return answers;
    }),
  );

  return v.object({ answers: answersSchema }, (issue) => (issue.expected === '"answers"' ? "is required" : "must be an object"));
}

export type SubmissionSchema = ReturnType<typeof submissionSchema>;
