/**
 * The mentoring relationship's pure core (issue #6): match health, support
 * contacts, which reminders are due and their dedupe keys, local time and quiet
 * hours, the daily cap and digest, survey schedules and questions, calendar
 * invites, and the one-click check-in payloads. No I/O and no clock: callers pass `now`.
 */
export {
  compareByRisk,
  HEALTH_RULES,
  HEALTH_STATUSES,
  matchHealth,
  sortByRisk,
  SUPPORT_POLICIES,
  supportContactDue,
  type HealthReason,
  type HealthReasonCode,
  type HealthStatus,
  type MatchHealth,
  type MatchHealthInput,
  type ParticipantRole,
  type Pulse,
  type SupportContactDue,
  type SupportPolicy,
} from "./health.js";
export {
  checkinClockStart,
  dueReminders,
  RECIPIENT_ROLES,
  REMINDER_KINDS,
  REMINDER_RULES,
  SUBJECT_TYPES,
  surveySubjectId,
  type GoalState,
  type MatchPersonState,
  type MatchState,
  type PendingRequestState,
  type ProgramState,
  type Recipient,
  type RecipientRole,
  type Reminder,
  type ReminderKind,
  type ReminderRules,
  type ReminderState,
  type SubjectType,
} from "./reminders.js";
export { dedupeKey, digestKey } from "./keys.js";
export {
  planDeliveries,
  type DeferralReason,
  type DeferredItem,
  type DeliveryPlan,
  type DroppedItem,
  type PlannedEmail,
  type PlannedItem,
  type ReminderPreferences,
  type TimeZones,
} from "./deliveries.js";
export {
  addDays,
  DAY_MS,
  daysBetween,
  HOUR_MS,
  isIsoDate,
  isQuietHour,
  localDate,
  localParts,
  MINUTE_MS,
  nextLocalMorning,
  nextSendTime,
  QUIET_HOURS,
  startOfLocalDay,
  zonedInstant,
  type LocalParts,
} from "./time.js";
export {
  openSurvey,
  resolveSurveySettings,
  SURVEY_DEFAULTS,
  SURVEY_KINDS,
  surveySchedule,
  SurveySettingsSchema,
  type Survey,
  type SurveyKind,
  type SurveyProgram,
  type SurveySettings,
  type SurveySettingsInput,
} from "./surveys.js";
export { escapeIcsText, foldIcsLine, icsUtcTime, meetingIcs, type IcsPerson, type MeetingInvite } from "./ics.js";
export {
  CHECKIN_ANSWERS,
  CHECKIN_DURATIONS,
  CHECKIN_LINK_TTL_DAYS,
  CHECKIN_PAYLOAD_VERSION,
  checkinChoices,
  checkinLinkExpiry,
  checkinLinkPayload,
  CheckinPayloadSchema,
  parseCheckinPayload,
  type CheckinAnswer,
  type CheckinChoice,
  type CheckinDuration,
  type CheckinPayload,
  type ParsedCheckin,
} from "./checkin-links.js";
export {
  CLOSURE_SURVEY_OPEN_DAYS,
  closureSurvey,
  RATING_KEY,
  SURVEY_QUESTION_KINDS,
  surveyAnswersSchema,
  surveyQuestions,
  surveyRating,
  surveyTitle,
  type SurveyAnswers,
  type SurveyQuestionKind,
} from "./survey-questions.js";
export {
  isUnsubscribeKind,
  LATE_DELIVERY_AFTER_MS,
  lateDeliveryDelay,
  MAX_RETRY_DELAY_SECONDS,
  REMINDER_KIND_LABELS,
  reminderPreferences,
  UNSUBSCRIBE_ALL,
  type UnsubscribeKind,
} from "./sending.js";
export { CLOSE_REASON_LABELS, closeReasonLabel } from "./closure.js";
