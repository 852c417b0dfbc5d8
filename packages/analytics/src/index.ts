/**
 * Program analytics (issue #7): pure functions that turn small aggregate rows
 * — counts grouped by month, status or reason, histograms, one row of a few
 * numbers per match — into the report's figures. No I/O and no clock: the
 * Worker runs the GROUP BY queries and passes `asOf`.
 */
export { histogramMedian, percent, ratio, round } from "./numbers.js";
export { monthBounds, monthOf, monthsBetween, nextMonth, rangeBounds } from "./periods.js";
export { APPLICATION_STATUSES, participation, ROLES, type ApplicationCountRow, type ApplicationStatus, type Participation, type Role } from "./participation.js";
export { matching, type DaysToMatchRow, type Matching, type MatchingInput, type ScoreBucketRow } from "./matching.js";
export { activeAt, engagement, type Engagement, type EngagementInput, type MatchFacts, type MonthCountRow } from "./engagement.js";
export {
  EVALUATIONS,
  FIGURE_QUESTION_KEYS,
  figureQuestions,
  RECOMMEND_KEY,
  satisfaction,
  type AnswerCountRow,
  type Evaluation,
  type PulseMonthRow,
  type QuestionResult,
  type Recommendation,
  type Satisfaction,
} from "./satisfaction.js";
export { retention, type Retention, type RetentionInput } from "./retention.js";
export { csvRows, toCsv, type CsvRow, type ProgramAnalytics } from "./report.js";
