export { addDays, addMonths, daysBetween } from "./dates.js";
export { MONITORED_PARTIES, type MonitoringContact, type MonitoringMonth, type MonitoringSummary, monitoringByMonth } from "./monitoring.js";
export { mentorReadiness, type Readiness } from "./readiness.js";
export {
  EMPTY_SCREENING_RECORD,
  type ReferenceState,
  SCREENING_STEP_LABELS,
  SCREENING_STEPS,
  type ScreeningConfig,
  type ScreeningRecord,
  type ScreeningStatus,
  type ScreeningStepKey,
  type ScreeningStepStatus,
  screeningStatus,
  type StepState,
} from "./screening.js";
export { CONTACT_SHARING, DEFAULT_SAFEGUARDING, type SafeguardingSettings, SafeguardingSettingsSchema, screeningConfigOf, settingsProblems } from "./settings.js";
export { gradeQuiz, type ModuleProgress, moduleDone, type Quiz, type QuizQuestion, type QuizResult, QuizSchema, quizForMentor, type TrainingModuleRef, type TrainingStatus, trainingStatus } from "./training.js";
export { STARTER_MODULES, type StarterModule, starterModulesFor } from "./starter-modules.js";
export {
  type ComplianceMatch,
  type ComplianceMentor,
  type ComplianceStep,
  type ComplianceSummary,
  type ComplianceTraining,
  complianceSummary,
  type CsvCell,
  matchCsvTable,
  mentorCsvTable,
  type ModuleState,
  moduleState,
} from "./compliance.js";
export { CONTACT_DETAILS_REMOVED, withoutContactDetails } from "./contact-details.js";
