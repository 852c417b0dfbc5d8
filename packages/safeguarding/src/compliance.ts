/**
 * The compliance report (issue #8) as plain data: for every mentor, each
 * screening and training step with its date; for every match, coordinator
 * contacts per month against the required frequency. The service gathers the
 * rows (dates already local); this shapes them, sums them up and lays them out
 * as CSV tables.
 */
import type { MonitoringMonth } from "./monitoring.js";
import type { ScreeningStepKey, StepState } from "./screening.js";

export interface ComplianceStep {
  key: ScreeningStepKey;
  required: boolean;
  state: StepState;
  /** The local date the step was completed (or the check cleared), or null. */
  date: string | null;
  /** Who/what, briefly: the interviewer, "2 of 2", "cleared, expires 2028-01-10", the signature. */
  detail: string;
}

export type ModuleState = "not_started" | "in_progress" | "completed" | "quiz_failed" | "passed" | "attended";

export interface ComplianceTraining {
  moduleId: string;
  state: ModuleState;
  /** The local date it was done (quiz passed, completed, or attended), or null. */
  date: string | null;
  bestScore: number | null;
}

export interface ComplianceMentor {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  status: string;
  /** Null when the program does not require screening (nothing to be screened against). */
  screened: boolean | null;
  /** Null when the program does not require training. */
  trained: boolean | null;
  ready: boolean;
  blockers: string[];
  steps: ComplianceStep[];
  training: ComplianceTraining[];
  minutesDone: number;
}

export interface ComplianceMatch {
  id: string;
  mentor: { firstName: string; lastName: string };
  mentee: { firstName: string; lastName: string };
  status: "active" | "paused" | "closed";
  startedOn: string;
  closedOn: string | null;
  months: MonitoringMonth[];
  missedMonths: number;
  /** The closure procedure: the conversation, each side's next step, and the local date the final survey had gone to both. */
  closure: { conversationOn: string | null; mentorNextStep: string | null; menteeNextStep: string | null; surveySentOn: string | null } | null;
}

export interface ComplianceSummary {
  mentors: number;
  /** Mentors screened (trained), counted only where the program requires it. */
  screened: number;
  trained: number;
  ready: number;
  matches: number;
  /** Ended months of all matches, and how many of them had the required contacts. */
  monthsEnded: number;
  monthsMet: number;
  /** monthsMet / monthsEnded, 0–1; null when no month has ended. */
  contactRate: number | null;
}

export function complianceSummary(mentors: readonly ComplianceMentor[], matches: readonly ComplianceMatch[]): ComplianceSummary {
  const ended = matches.flatMap((match) => match.months.filter((month) => !month.inProgress));
  const met = ended.filter((month) => month.met).length;
  return {
    mentors: mentors.length,
    screened: mentors.filter((mentor) => mentor.screened === true).length,
    trained: mentors.filter((mentor) => mentor.trained === true).length,
    ready: mentors.filter((mentor) => mentor.ready).length,
    matches: matches.length,
    monthsEnded: ended.length,
    monthsMet: met,
    contactRate: ended.length === 0 ? null : met / ended.length,
  };
}

export type CsvCell = string | number | boolean | null;

/** One row per mentor: each screening step's state, date and detail, then each module's state, date and best score. */
export function mentorCsvTable(mentors: readonly ComplianceMentor[], modules: readonly { id: string; title: string }[]): { fields: string[]; rows: CsvCell[][] } {
  const stepKeys = mentors[0]?.steps.map((step) => step.key) ?? [];
  const fields = [
    "first_name",
    "last_name",
    "email",
    "application_status",
    "screened",
    "trained",
    "ready_for_matching",
    ...stepKeys.flatMap((key) => [`${key}_required`, `${key}_state`, `${key}_date`, `${key}_detail`]),
    ...modules.flatMap((module, index) => [`training_${index + 1}_title`, `training_${index + 1}_state`, `training_${index + 1}_date`, `training_${index + 1}_best_score`]),
    "training_minutes_done",
    "blockers",
  ];
  const rows = mentors.map((mentor) => [
    mentor.firstName,
    mentor.lastName,
    mentor.email,
    mentor.status,
    mentor.screened ?? "not required",
    mentor.trained ?? "not required",
    mentor.ready,
    ...mentor.steps.flatMap((step) => [step.required, step.state, step.date, step.detail]),
    ...modules.flatMap((module) => {
      const entry = mentor.training.find((row) => row.moduleId === module.id);
      return [module.title, entry?.state ?? "not_started", entry?.date ?? null, entry?.bestScore ?? null];
    }),
    mentor.minutesDone,
    mentor.blockers.join(" "),
  ]);
  return { fields, rows };
}

/** One row per match: contacts made and required in each month of it, as many month columns as the longest match has. */
export function matchCsvTable(matches: readonly ComplianceMatch[]): { fields: string[]; rows: CsvCell[][] } {
  const monthCount = Math.max(0, ...matches.map((match) => match.months.length));
  const fields = [
    "mentor",
    "mentee",
    "status",
    "started_on",
    "closed_on",
    "months_ended",
    "months_met",
    "months_missed",
    ...Array.from({ length: monthCount }, (_, index) => [`month_${index + 1}_from`, `month_${index + 1}_contacts`, `month_${index + 1}_required`]).flat(),
    "closure_conversation_on",
    "mentor_next_step",
    "mentee_next_step",
    "closure_survey_sent_on",
  ];
  const rows = matches.map((match) => {
    const ended = match.months.filter((month) => !month.inProgress);
    return [
      `${match.mentor.firstName} ${match.mentor.lastName}`,
      `${match.mentee.firstName} ${match.mentee.lastName}`,
      match.status,
      match.startedOn,
      match.closedOn,
      ended.length,
      ended.filter((month) => month.met).length,
      match.missedMonths,
      ...Array.from({ length: monthCount }, (_, index) => {
        const month = match.months[index];
        return month ? [month.from, month.made, month.required] : [null, null, null];
      }).flat(),
      match.closure?.conversationOn ?? null,
      match.closure?.mentorNextStep ?? null,
      match.closure?.menteeNextStep ?? null,
      match.closure?.surveySentOn ?? null,
    ];
  });
  return { fields, rows };
}

/** Where a mentor is in one module, for the coordinator's progress table and the report. */
export function moduleState(hasQuiz: boolean, progress: { completedAt: number | null; quizPassedAt: number | null; attendedInPersonOn: string | null } | undefined, quizAttempts: number): ModuleState {
  if (!progress) return "not_started";
  if (progress.attendedInPersonOn) return "attended";
  if (hasQuiz && progress.quizPassedAt !== null) return "passed";
  if (!hasQuiz && progress.completedAt !== null) return "completed";
  if (hasQuiz && quizAttempts > 0) return "quiz_failed";
  return "in_progress";
}
