/**
 * `/console/:tenant/programs/:program/report`: the program on one printed page,
 * for funders and leadership — the key figures and a sentence per area, with the
 * range and cohort it covers. "Print or save as PDF" uses the browser's print
 * dialog; the print stylesheet drops the console's chrome.
 */
import { useRef } from "preact/hooks";
import { useLocation } from "preact-iso";
import { consolePaths } from "../api.js";
import { Table } from "../components/chart.js";
import { type Program, ProgramPage } from "../components/gates.js";
import { Loading, ProblemPanel } from "../components/status.js";
import { useLoad, usePageTitle } from "../hooks.js";
import { useSession } from "../session.js";
import { cohortLabel, KeyFigures } from "./analytics.js";
import { formatNumber, formatPercent, HEALTH_LABELS, loadAnalytics, queryFromSearch, searchOf } from "./analytics-data.js";

/** Today where the reader is, as YYYY-MM-DD (toISOString would give the UTC day: tomorrow, in the evening in the Americas). */
const localDate = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, "0")}-${String(date.getDate()).padStart(2, "0")}`;

function Report({ tenant, program }: { tenant: string; program: Program }) {
  const location = useLocation();
  const query = queryFromSearch(location.url.split("?")[1] ?? "");
  const search = searchOf(query);
  const institution = useSession().memberships.find((m) => m.slug === tenant)?.name ?? tenant;
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(`${program.name}: program report`, heading);
  const loaded = useLoad(() => loadAnalytics(tenant, program.slug, query), [tenant, program.slug, search]);
  return (
    <article class="report">
      <p class="actions no-print">
        <button class="button" type="button" onClick={() => window.print()}>
          Print or save as PDF
        </button>
        <a class="button secondary" href={`${consolePaths.analytics(tenant, program.slug)}${search}`}>
          Back to analytics
        </a>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {program.name}
      </h1>
      {loaded.state === "loading" && <Loading what="the report" />}
      {/* A refused filter (400, a bad shared link) would fail again: the way out is Back to analytics, whose filters show what to change. */}
      {loaded.state === "failed" && <ProblemPanel problem={loaded.problem} retry={loaded.problem.status === 400 ? undefined : loaded.reload} />}
      {loaded.state === "ready" &&
        (() => {
          const a = loaded.data;
          const health = a.engagement.health;
          return (
            <div data-analytics-state="ready">
              <p class="lead">
                {institution} · program report for {a.range.from} to {a.range.to}
                {a.filters.cohort ? ` · cohort: ${cohortLabel(a)}` : ""}
              </p>
              <KeyFigures analytics={a} />
              <div class="report-columns">
                <section aria-labelledby="r-participation">
                  <h2 id="r-participation">Participation</h2>
                  <p>
                    {a.participation.applications} people applied; {formatPercent(a.participation.approvalRate)} of decided applications were approved ({a.participation.approved.mentees} mentees,{" "}
                    {a.participation.approved.mentors} mentors, {formatNumber(a.participation.approved.menteesPerMentor, 2)} mentees per mentor). {a.participation.waitlist.total} on the waitlist.
                  </p>
                </section>
                <section aria-labelledby="r-matching">
                  <h2 id="r-matching">Matching</h2>
                  <p>
                    {a.matching.matchedMentees} of {a.matching.approvedMentees} approved mentees matched ({formatPercent(a.matching.matchRate)}), a median of {formatNumber(a.matching.medianDaysToMatch, 1)} days after applying; average match
                    score {formatNumber(a.matching.scoreAverage, 2)}.{a.matching.unmatched.total > 0 ? ` Not yet matched: ${a.matching.unmatched.reasons.map((r) => `${r.n} ${r.label.toLowerCase()}`).join("; ")}.` : ""}
                  </p>
                </section>
                <section aria-labelledby="r-engagement">
                  <h2 id="r-engagement">Engagement</h2>
                  <p>
                    {formatPercent(a.engagement.recentlyMet.share)} of active matches met in the last 30 days. Health on {a.range.to}:{" "}
                    {(Object.keys(HEALTH_LABELS) as (keyof typeof HEALTH_LABELS)[]).map((key) => `${health.counts[key] ?? 0} ${HEALTH_LABELS[key].toLowerCase()}`).join(", ")}.
                  </p>
                </section>
                <section aria-labelledby="r-satisfaction">
                  <h2 id="r-satisfaction">Satisfaction</h2>
                  <p>
                    Net promoter score {a.satisfaction.nps.score ?? "not yet available"} ({a.satisfaction.nps.responses} answers). Latest pulse average:{" "}
                    {formatNumber([...a.satisfaction.pulseByPeriod].reverse().find((p) => p.average != null)?.average ?? null, 2)} of 5.
                  </p>
                </section>
                <section aria-labelledby="r-retention">
                  <h2 id="r-retention">Retention</h2>
                  <p>
                    {a.retention.closedEarly} of {a.retention.matches} matches closed early ({formatPercent(a.retention.earlyClosureRate)}); {formatPercent(a.retention.stillActive.share)} of matched mentees still active on {a.range.to}.
                  </p>
                </section>
              </div>
              <Table
                caption="Meetings per period"
                columns={["Period", "Meetings", "Active matches", "Per match"]}
                rows={a.engagement.checkinsPerMatch.slice(-12).map((r) => [r.period, r.checkins, r.activeMatches, formatNumber(r.perMatch, 2)])}
              />
              <p class="muted small">Figures from Tandem on {localDate(new Date())}. Counts are of people and matches in this program; shares are rounded to one decimal.</p>
            </div>
          );
        })()}
    </article>
  );
}

export default function ReportPage({ tenant, program }: { tenant: string; program: string }) {
  return <ProgramPage key={`${tenant}/${program}`} tenant={tenant} program={program}>{(loaded) => <Report tenant={tenant} program={loaded} />}</ProgramPage>;
}
