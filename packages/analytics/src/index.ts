/**
 * Program analytics (issue #7): pure functions that turn small aggregate rows
 * — counts grouped by period (month or week), status or reason, histograms,
 * one row of a few numbers per match — into the report's figures. No I/O and
 * no clock: the Worker runs the GROUP BY queries and passes `asOf`.
 */
export { histogramMedian, percent, ratio, round } from "./numbers.js";
export {
  addYears,
  checkRange,
  EARLIEST_REPORT_DATE,
  localDateBySegments,
  MAX_PERIODS,
  MAX_REPORT_YEARS,
  MAX_YEARS_AHEAD,
  monthBounds,
  monthOf,
  monthsBetween,
  nextMonth,
  offsetSegments,
  periodBounds,
  periodOf,
  PERIODS,
  periodsBetween,
  rangeBounds,
  weekOf,
  type OffsetSegment,
  type Period,
  type RangeField,
  type RangeProblem,
} from "./periods.js";
export { APPLICATION_STATUSES, participation, ROLES, type ApplicationCountRow, type ApplicationStatus, type Participation, type Role } from "./participation.js";
export {
  matching,
  UNMATCHED_REASONS,
  unmatchedMentees,
  unmatchedReasonOf,
  type DaysToMatchRow,
  type Matching,
  type MatchingInput,
  type ScoreBucketRow,
  type UnmatchedInput,
  type UnmatchedMentees,
  type UnmatchedReason,
} from "./matching.js";
export { activeAt, engagement, type Engagement, type EngagementInput, type MatchFacts, type PeriodCountRow } from "./engagement.js";
export { healthMix, healthOverTime, type HealthCounts, type HealthFacts, type HealthOverTimeInput, type HealthPoint, type HealthSnapshotRow } from "./health.js";
export {
  checkCohort,
  cohortOptions,
  cohortQuestions,
  mentorOnlyKeys,
  type CohortFilterOption,
  type CohortProblem,
  type CohortQuestion,
  type FormQuestionLike,
  type OptionCountRow,
} from "./cohort.js";
export {
  EVALUATIONS,
  FIGURE_QUESTION_KEYS,
  figureQuestions,
  nps,
  npsOf,
  RECOMMEND_KEY,
  RECOMMEND_SCORE_KEY,
  satisfaction,
  type AnswerCountRow,
  type Evaluation,
  type Nps,
  type NpsCounts,
  type PulsePeriodRow,
  type QuestionResult,
  type Recommendation,
  type Satisfaction,
  type SatisfactionInput,
  type ScoreCountRow,
} from "./satisfaction.js";
export { retention, type Retention, type RetentionInput } from "./retention.js";
export { csvRows, toCsv, type CsvRow, type ProgramAnalytics } from "./report.js";
export { academicOutcomes, compareMeans, compareShares, incompleteBeta, logGamma, MIN_GROUP_SIZE, newcombeInterval, OUTCOMES_NOTE, sampleVariance, tQuantile, welchInterval, wilsonInterval, Z95, type AcademicOutcomes, type Comparison, type GroupFigure, type Interval, type MeanSums, type OutcomeSumsRow, type ShareCounts, type WelchResult } from "./outcomes.js";
