/** The whole program report, and the same figures as CSV rows. */
import type { Engagement } from "./engagement.js";
import type { Matching } from "./matching.js";
import type { Participation } from "./participation.js";
import type { Retention } from "./retention.js";
import type { Satisfaction } from "./satisfaction.js";

export interface ProgramAnalytics {
  program: { slug: string; name: string };
  /** The report's dates (`YYYY-MM-DD`, inclusive, in the institution's time zone) and its months. */
  range: { from: string; to: string; months: string[] };
  participation: Participation;
  matching: Matching;
  engagement: Engagement;
  satisfaction: Satisfaction;
  retention: Retention;
}

export type CsvRow = [metric: string, period: string, value: number | string | null];

/**
 * The report as `metric, period, value` rows: `period` is a month (`YYYY-MM`)
 * for the series, the snapshot's date for the health mix and active share, and
 * `from..to` for totals over the range. Unknown values (a share of nothing) are empty.
 */
export function csvRows(report: ProgramAnalytics): CsvRow[] {
  const range = `${report.range.from}..${report.range.to}`;
  const { participation: p, matching: m, engagement: e, satisfaction: s, retention: r } = report;
  const asOf = e.health.asOf.slice(0, 10);
  const rows: CsvRow[] = [["applications", range, p.applications]];
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
  for (const month of e.checkinsPerMatch) rows.push(["checkins_met", month.period, month.checkins], ["active_matches", month.period, month.activeMatches], ["checkins_per_match", month.period, month.perMatch]);
  rows.push(["active_matches_met_last_30_days", asOf, e.recentlyMet.withMeeting], ["active_matches_met_last_30_days_percent", asOf, e.recentlyMet.share]);
  for (const [status, n] of Object.entries(e.health.counts)) rows.push([`health.${status}`, asOf, n]);
  for (const month of s.pulseByMonth) rows.push(["pulse_average", month.period, month.average], ["pulse_responses", month.period, month.responses]);
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
    ["matches_started", range, r.matches],
    ["closed_early", range, r.closedEarly],
    ["early_closure_rate_percent", range, r.earlyClosureRate],
  );
  for (const reason of r.reasons) rows.push([`closed_early.${reason.reason}`, range, reason.n]);
  rows.push(["mentees_still_active", r.stillActive.at.slice(0, 10), r.stillActive.active], ["mentees_still_active_percent", r.stillActive.at.slice(0, 10), r.stillActive.share]);
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
