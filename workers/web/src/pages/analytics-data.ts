/** Loading a program's figures, and the formatting the dashboard and the printable report share. */
import { api, unwrap } from "../api.js";

export interface AnalyticsQuery {
  from?: string;
  to?: string;
  period?: "month" | "week";
  cohortQuestion?: string;
  cohort?: string;
}

export function loadAnalytics(tenant: string, program: string, query: AnalyticsQuery) {
  const defined = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined && value !== "")) as AnalyticsQuery;
  return unwrap(api.analytics.api.v1.t[":slug"].programs[":program"].analytics.$get({ param: { slug: tenant, program }, query: defined }));
}

export type Analytics = Awaited<ReturnType<typeof loadAnalytics>>;

/** The filters as they stand in the page's address, so a filtered view can be bookmarked and shared. */
export function queryFromSearch(search: string): AnalyticsQuery {
  const params = new URLSearchParams(search);
  const period = params.get("period");
  return {
    from: params.get("from") ?? undefined,
    to: params.get("to") ?? undefined,
    period: period === "week" || period === "month" ? period : undefined,
    cohortQuestion: params.get("cohortQuestion") ?? undefined,
    cohort: params.get("cohort") ?? undefined,
  };
}

export function searchOf(query: AnalyticsQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}

export const formatPercent = (share: number | null | undefined) => (share == null ? "—" : `${share.toFixed(1)}%`);
export const formatNumber = (n: number | null | undefined, digits = 0) => (n == null ? "—" : n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits }));

export const HEALTH_LABELS = { on_track: "On track", needs_attention: "Needs attention", at_risk: "At risk" } as const;
export const STATUS_LABELS: Record<string, string> = {
  pending_consent: "Awaiting guardian",
  submitted: "Submitted",
  approved: "Approved",
  waitlisted: "Waitlisted",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
};

/** The headline numbers, in the order the dashboard and the report show them (keys are stable: tests and printouts rely on them). */
export function keyFigures(a: Analytics): { key: string; label: string; value: string; hint?: string }[] {
  const checkins = a.engagement.checkinsPerMatch.reduce((sum, row) => sum + row.checkins, 0);
  return [
    { key: "applications", label: "Applications", value: formatNumber(a.participation.applications) },
    { key: "approvedMentors", label: "Approved mentors", value: formatNumber(a.participation.approved.mentors) },
    { key: "approvedMentees", label: "Approved mentees", value: formatNumber(a.participation.approved.mentees) },
    { key: "matches", label: "Matches", value: formatNumber(a.matching.matches) },
    { key: "matchedMentees", label: "Matched mentees", value: formatNumber(a.matching.matchedMentees) },
    { key: "unmatchedMentees", label: "Approved, not yet matched", value: formatNumber(a.matching.unmatchedMentees) },
    { key: "matchRate", label: "Match rate", value: formatPercent(a.matching.matchRate), hint: "Matched ÷ approved mentees" },
    { key: "scoreAverage", label: "Average match score", value: formatNumber(a.matching.scoreAverage, 2), hint: "0 to 1" },
    { key: "checkins", label: "Meetings logged", value: formatNumber(checkins) },
    { key: "recentlyMet", label: "Met in the last 30 days", value: formatPercent(a.engagement.recentlyMet.share), hint: "Share of active matches" },
    { key: "earlyClosureRate", label: "Closed early", value: formatPercent(a.retention.earlyClosureRate) },
    { key: "nps", label: "Net promoter score", value: a.satisfaction.nps.score == null ? "—" : String(a.satisfaction.nps.score), hint: `${a.satisfaction.nps.responses} answers, −100 to 100` },
  ];
}

