/**
 * Enrollment forms as pure data (no I/O): what a coordinator may define, what
 * every form asks anyway, how a submission is checked against a form, and what
 * feeds matching.
 */
export {
  BUILT_IN_KEYS,
  DEFAULT_TEXT_MAX_LENGTH,
  FormDefinitionSchema,
  MATCHING_COMPATIBILITY,
  MATCHING_KINDS,
  MAX_CHOICES,
  MAX_QUESTIONS,
  MIN_CHOICES,
  QUESTION_TYPES,
  QuestionSchema,
  TEXT_MAX_LENGTH_LIMIT,
} from "./definition.js";
export type { BuiltInKey, Choice, FormDefinition, FormDefinitionInput, Matching, MatchingKind, Question, QuestionInput, QuestionType } from "./definition.js";
export { builtInFields, needsGuardianConsent, PARTICIPANT_ROLES, PROGRAM_TYPES } from "./built-ins.js";
export type { FormContext, GuardianPolicy, ParticipantRole, ProgramType } from "./built-ins.js";
export { answerSchema, submissionSchema } from "./submission.js";
export type { Answers, AnswerValue, Submission, SubmissionSchema } from "./submission.js";
export { defaultForm } from "./defaults.js";
export { matchingCriteria } from "./matching.js";
export type { MatchingCriterion } from "./matching.js";
export { AVAILABILITY_SLOTS, DAY_PARTS, LANGUAGES, WEEKDAYS } from "./vocabulary.js";
export type { AvailabilitySlot, DayPart, Language, Weekday } from "./vocabulary.js";
export { readableAnswers, readableValue } from "./display.js";
