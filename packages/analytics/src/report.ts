/** The whole program report, and the same figures as CSV rows. */
import type { CohortFilterOption } from "./cohort.js";
import type { Engagement } from "./engagement.js";
import type { Matching, UnmatchedMentees } from "./matching.js";
import type { Participation } from "./participation.js";
import type { Period } from "./periods.js";
import type { Retention } from "./retention.js";
import type { Satisfaction } from "./satisfaction.js";

export interface ProgramAnalytics {
  program: { slug: string; name: string };
  /**
   * The report's dates (`YYYY-MM-DD`, inclusive, in the institution's time
   * zone) and its periods, oldest first: months `YYYY-MM`, or ISO weeks
   * (Monday to Sunday) labelled by their Monday's date `YYYY-MM-DD`.
   */
  range: { from: string; to: string; period: Period; periods: string[] };
  /** The cohort filter in force (both null without one), and the questions and options a report can be filtered by. */
  filters: { cohortQuestion: string | null; cohort: string | null; available: CohortFilterOption[] };
  participation: Participation;
  matching: Matching & { unmatched: UnmatchedMentees };
  engagement: Engagement;
  satisfaction: Satisfaction;
  retention: Retention;
}

export type CsvRow = [metric: string, period: string, value: number | string | null];

/**
 * The report as `metric, period, value` rows: `period` is a period's label
 * (`YYYY-MM`, or a week's Monday `YYYY-MM-DD`) for the series, the snapshot's
 * date for the health mix and active share, and `from..to` for totals over
 * the range. A cohort filter comes first (`cohort_filter`, `question=value`).
 * Unknown values (a share of nothing) are empty.
 */
export function csvRows(report: ProgramAnalytics): CsvRow[] {
  const range = `${report.range.from}..${report.range.to}`;
  const { participation: p, matching: m, engagement: e, satisfaction: s, retention: r } = report;
  const asOf = e.health.asOf.slice(0, 10);
  const rows: CsvRow[] = [];
  if (report.filters.cohortQuestion !== null) rows.push(["cohort_filter", range, `${report.filters.cohortQuestion}=${report.filters.cohort ?? ""}`]);
  rows.push(["applications", range, p.applications]);
  for (const role of ["mentor", "mentee"] as const) for (const [status, n] of Object.entries(p.byRole[role])) rows.push([`applications.${role}.${status}`, range, n]);
  for (const row of p.byPeriod) rows.push([`applications.${row.role}.${row.status}`, row.period, row.n]);
  rows.push(
    ["approval_rate_percent", range, p.approvalRate],
    ["approved_mentors", range, p.approved.mentors],
    ["approved_mentees", range, p.approved.mentees],
    ["mentees_per_mentor", range, p.approved.menteesPerMentor],
    ["waitlist.mentor", range, p.waitlist.mentors],
    ["waitlist.mentee", range, p.waitlist.mentees],
    ["matched_mentees", range, m.matchedMentees],
    ["unmatched_mentees", range, m.unmatchedMentees],
    ["match_rate_percent", range, m.matchRate],
    ["median_days_to_match", range, m.medianDaysToMatch],
    ["match_score_average", range, m.scoreAverage],
  );
  for (const bucket of m.scoreDistribution) rows.push([`match_score.${bucket.from.toFixed(1)}-${bucket.to.toFixed(1)}`, range, bucket.n]);
  rows.push(["unmatched.total", range, m.unmatched.total]);
  for (const reason of m.unmatched.reasons) rows.push([`unmatched.${reason.reason}`, range, reason.n]);
  rows.push(["mentors_with_open_capacity", range, m.unmatched.mentorsWithOpenCapacity]);
  for (const row of e.checkinsPerMatch) rows.push(["checkins_met", row.period, row.checkins], ["active_matches", row.period, row.activeMatches], ["checkins_per_match", row.period, row.perMatch]);
  rows.push(["active_matches_met_last_30_days", asOf, e.recentlyMet.withMeeting], ["active_matches_met_last_30_days_percent", asOf, e.recentlyMet.share]);
  for (const [status, n] of Object.entries(e.health.counts)) rows.push([`health.${status}`, asOf, n]);
  for (const point of e.healthOverTime) rows.push(["health_over_time.on_track", point.period, point.onTrack], ["health_over_time.needs_attention", point.period, point.needsAttention], ["health_over_time.at_risk", point.period, point.atRisk]);
  for (const row of s.pulseByPeriod) rows.push(["pulse_average", row.period, row.average], ["pulse_responses", row.period, row.responses]);
  for (const [survey, questions] of Object.entries(s.surveys)) {
    for (const question of questions) {
      rows.push([`survey.${survey}.${question.key}.responses`, range, question.responses]);
      if (question.type === "scale") rows.push([`survey.${survey}.${question.key}.average`, range, question.average]);
      else for (const choice of question.choices) rows.push([`survey.${survey}.${question.key}.${choice.value}`, range, choice.n]);
    }
  }
  rows.push(
    ["would_recommend.yes_percent", range, s.recommendation.yesShare],
    ["would_recommend.maybe_percent", range, s.recommendation.maybeShare],
    ["would_recommend.no_percent", range, s.recommendation.noShare],
    ["would_recommend.net", range, s.recommendation.net],
    ["nps.responses", range, s.nps.responses],
    ["nps.promoters", range, s.nps.promoters],
    ["nps.passives", range, s.nps.passives],
    ["nps.detractors", range, s.nps.detractors],
    ["nps.score", range, s.nps.score],
    ["matches_started", range, r.matches],
    ["closed_early", range, r.closedEarly],
    ["early_closure_rate_percent", range, r.earlyClosureRate],
  );
  for (const reason of r.reasons) rows.push([`closed_early.${reason.reason}`, range, reason.n]);
  rows.push(["mentees_still_active", r.stillActive.at.slice(0, 10), r.stillActive.active], ["mentees_still_active_percent", r.stillActive.at.slice(0, 10), r.stillActive.share]);
  for (const question of report.filters.available) for (const option of question.options) rows.push([`applications_answering.${question.question}.${option.value}`, range, option.n]);
  return rows;
}

/** One CSV field: quoted when it holds a comma, quote or line break; a leading `=+-@` is defused so spreadsheets never run it as a formula. */
function field(value: number | string | null): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV with a header row and CRLF line ends. */
export function toCsv(rows: readonly CsvRow[]): string {
  return [["metric", "period", "value"] as CsvRow, ...rows].map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}
