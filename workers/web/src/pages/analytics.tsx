/**
 * `/console/:tenant/programs/:program/analytics`: whether the program works —
 * participation, matching, engagement and health, satisfaction, retention —
 * filtered by dates, period and cohort (kept in the address), each chart with its
 * table, the whole as CSV, and a printable report one click away.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import type { Ref } from "preact";
import { useLocation } from "preact-iso";
import { type ApiProblem, consolePaths } from "../api.js";
import { Chart, Table } from "../components/chart.js";
import { describedBy, FieldError, sentence } from "../components/fields.js";
import { type Program, ProgramPage } from "../components/gates.js";
import { EmptyState, Loading, ProblemPanel } from "../components/status.js";
import { useLoad, usePageTitle } from "../hooks.js";
import {
  type Analytics,
  type AnalyticsQuery,
  formatNumber,
  formatPercent,
  HEALTH_LABELS,
  keyFigures,
  loadAnalytics,
  queryFromSearch,
  searchOf,
  STATUS_LABELS,
} from "./analytics-data.js";

export function KeyFigures({ analytics }: { analytics: Analytics }) {
  return (
    <dl class="figures">
      {keyFigures(analytics).map((figure) => (
        <div class="figure" data-figure={figure.key} key={figure.key}>
          <dt>{figure.label}</dt>
          <dd class="figure-value">{figure.value}</dd>
          {figure.hint && <dd class="figure-hint">{figure.hint}</dd>}
        </div>
      ))}
    </dl>
  );
}

/** What the API's 400 says about each filter, by field. */
function filterErrors(problem: ApiProblem | null): { from?: string; to?: string; period?: string; cohort?: string } {
  if (!problem || problem.status !== 400) return {};
  return {
    from: sentence("From", problem.fieldError("query.from")),
    to: sentence("To", problem.fieldError("query.to")),
    period: sentence("Periods", problem.fieldError("query.period")),
    cohort: sentence("Cohort", problem.fieldError("query.cohort") ?? problem.fieldError("query.cohortQuestion")),
  };
}

/**
 * The filters, shown whatever state the figures are in: while they load, and
 * when the API refused the address's filters (a shared link with a cohort that
 * is gone, or dates the wrong way round), so the way out is right there.
 * `available` is the cohorts of the last figures loaded (none before any have).
 */
/** One date of the range, with the API's (or the page's own) message under it. */
function DateFilter({ name, label, value, error, inputRef, onInput }: { name: "from" | "to"; label: string; value: string; error?: string; inputRef?: Ref<HTMLInputElement>; onInput: (value: string) => void }) {
  const id = `filter-${name}`;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        name={name}
        type="date"
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(error && `${id}-error`)}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function Filters({
  available,
  query,
  search,
  problem,
  onApply,
}: {
  available: Analytics["filters"]["available"];
  query: AnalyticsQuery;
  search: string;
  problem: ApiProblem | null;
  onApply: (query: AnalyticsQuery) => void;
}) {
  const selectedCohort = query.cohortQuestion && query.cohort ? `${query.cohortQuestion}\u001f${query.cohort}` : "";
  const [from, setFrom] = useState(query.from ?? "");
  const [to, setTo] = useState(query.to ?? "");
  const [period, setPeriod] = useState(query.period ?? "month");
  const [cohort, setCohort] = useState(selectedCohort);
  const [rangeError, setRangeError] = useState<string | undefined>(undefined);
  const toInput = useRef<HTMLInputElement>(null);
  // The address changed (applied, Back, a link): the fields show what is in force. The form itself stays, and so does focus.
  useEffect(() => {
    setFrom(query.from ?? "");
    setTo(query.to ?? "");
    setPeriod(query.period ?? "month");
    setCohort(selectedCohort);
    setRangeError(undefined);
  }, [search]);

  const submit = (event: Event) => {
    event.preventDefault();
    if (from && to && from > to) {
      setRangeError("To must be on or after From: choose a later date, or an earlier From.");
      toInput.current?.focus();
      return;
    }
    setRangeError(undefined);
    const [cohortQuestion, cohortValue] = cohort.split("\u001f");
    onApply({
      from: from || undefined,
      to: to || undefined,
      period: period === "week" ? "week" : "month",
      cohortQuestion: cohortValue ? cohortQuestion : undefined,
      cohort: cohortValue || undefined,
    });
  };
  const api = filterErrors(problem);
  const errors = { from: api.from, to: rangeError ?? api.to, period: api.period, cohort: api.cohort };
  const known = available.some((question) => question.options.some((option) => `${question.question}\u001f${option.value}` === cohort));
  return (
    <form class="analytics-filters no-print" onSubmit={submit} aria-label="Filter the figures" noValidate>
      <DateFilter
        name="from"
        label="From"
        value={from}
        error={errors.from}
        onInput={(value) => {
          setFrom(value);
          setRangeError(undefined);
        }}
      />
      <DateFilter
        name="to"
        label="To"
        value={to}
        error={errors.to}
        inputRef={toInput}
        onInput={(value) => {
          setTo(value);
          setRangeError(undefined);
        }}
      />
      <div class="field">
        <label for="filter-period">Periods</label>
        <select
          id="filter-period"
          name="period"
          value={period}
          onChange={(event) => setPeriod(event.currentTarget.value === "week" ? "week" : "month")}
          aria-invalid={errors.period ? "true" : undefined}
          aria-describedby={describedBy(errors.period && "filter-period-error")}
        >
          <option value="month">Months</option>
          <option value="week">Weeks</option>
        </select>
        <FieldError id="filter-period-error" message={errors.period} />
      </div>
      <div class="field">
        <label for="filter-cohort">Cohort</label>
        <select
          id="filter-cohort"
          name="cohort"
          value={cohort}
          onChange={(event) => setCohort(event.currentTarget.value)}
          aria-invalid={errors.cohort ? "true" : undefined}
          aria-describedby={describedBy("filter-cohort-hint", errors.cohort && "filter-cohort-error")}
        >
          <option value="">Everyone</option>
          {/* A cohort from the address that the figures don't offer (a stale shared link): shown as it is, so choosing "Everyone" is a visible change. */}
          {cohort && !known && <option value={cohort}>{cohort.split("\u001f").join(" = ")}</option>}
          {available.map((question) => (
            <optgroup label={question.label} key={question.question}>
              {question.options.map((option) => (
                <option value={`${question.question}\u001f${option.value}`} key={option.value}>
                  {option.label} ({option.n})
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <span id="filter-cohort-hint" class="hint">
          {available.length === 0 ? "Add a choice question (e.g. year of study) to the forms to compare cohorts." : "From the enrollment forms' choice questions."}
        </span>
        <FieldError id="filter-cohort-error" message={errors.cohort} />
      </div>
      <div class="actions">
        <button class="button" type="submit">
          Show figures
        </button>
      </div>
    </form>
  );
}

function Participation({ a }: { a: Analytics }) {
  const periods = a.range.periods;
  const perRole = (role: "mentor" | "mentee") => periods.map((period) => a.participation.byPeriod.filter((row) => row.period === period && row.role === role).reduce((sum, row) => sum + row.n, 0));
  const mentees = perRole("mentee");
  const mentors = perRole("mentor");
  const statuses = Object.keys(STATUS_LABELS) as (keyof Analytics["participation"]["byRole"]["mentee"])[];
  return (
    <section class="card" aria-labelledby="participation-title">
      <h2 id="participation-title">Participation</h2>
      <dl class="facts">
        <div><dt>Approval rate</dt><dd>{formatPercent(a.participation.approvalRate)}</dd></div>
        <div><dt>Mentees per mentor</dt><dd>{formatNumber(a.participation.approved.menteesPerMentor, 2)}</dd></div>
        <div><dt>Waitlist</dt><dd>{a.participation.waitlist.total} ({a.participation.waitlist.mentees} mentees, {a.participation.waitlist.mentors} mentors)</dd></div>
      </dl>
      <Chart
        title="Applications by role"
        labels={periods}
        kind="bars"
        series={[{ label: "Mentees", values: mentees, color: 0 }, { label: "Mentors", values: mentors, color: 1 }]}
        summary={`${a.participation.applications} applications in the range: ${mentees.reduce((s, n) => s + n, 0)} mentees and ${mentors.reduce((s, n) => s + n, 0)} mentors.`}
      >
        <Table
          caption="Applications by role and status"
          columns={["Role", ...statuses.map((status) => STATUS_LABELS[status])]}
          rows={(["mentee", "mentor"] as const).map((role) => [role === "mentee" ? "Mentees" : "Mentors", ...statuses.map((status) => a.participation.byRole[role][status] ?? 0)])}
        />
        <Table caption="Applications per period" columns={["Period", "Mentees", "Mentors"]} rows={periods.map((period, i) => [period, mentees[i], mentors[i]])} />
      </Chart>
    </section>
  );
}

function Matching({ a }: { a: Analytics }) {
  const buckets = a.matching.scoreDistribution;
  return (
    <section class="card" aria-labelledby="matching-title">
      <h2 id="matching-title">Matching</h2>
      <dl class="facts">
        <div><dt>Match rate</dt><dd>{formatPercent(a.matching.matchRate)}</dd></div>
        <div><dt>Median days from application to match</dt><dd>{formatNumber(a.matching.medianDaysToMatch, 1)}</dd></div>
        <div><dt>Average match score</dt><dd>{formatNumber(a.matching.scoreAverage, 2)}</dd></div>
        <div><dt>Mentors with room for another mentee</dt><dd>{a.matching.unmatched.mentorsWithOpenCapacity}</dd></div>
      </dl>
      <Chart
        title="Match scores"
        labels={buckets.map((b) => `${b.from.toFixed(1)}–${b.to.toFixed(1)}`)}
        kind="bars"
        series={[{ label: "Matches", values: buckets.map((b) => b.n), color: 0 }]}
        summary={`${a.matching.matches} matches, average score ${formatNumber(a.matching.scoreAverage, 2)}.`}
      >
        <Table caption="Matches by score" columns={["Score", "Matches"]} rows={buckets.map((b) => [`${b.from.toFixed(1)}–${b.to.toFixed(1)}`, b.n])} />
      </Chart>
      <h3>Approved mentees without a match</h3>
      {a.matching.unmatched.total === 0 ? (
        <p class="empty">Every approved mentee has a mentor.</p>
      ) : (
        <Table caption={`Why ${a.matching.unmatched.total} approved mentees have no mentor yet`} columns={["Reason", "Mentees"]} rows={a.matching.unmatched.reasons.map((r) => [r.label, r.n])} />
      )}
    </section>
  );
}

function Engagement({ a }: { a: Analytics }) {
  const rows = a.engagement.checkinsPerMatch;
  const health = a.engagement.healthOverTime;
  return (
    <section class="card" aria-labelledby="engagement-title">
      <h2 id="engagement-title">Engagement and health</h2>
      <dl class="facts">
        <div><dt>Active matches that met in the last 30 days</dt><dd>{a.engagement.recentlyMet.withMeeting} of {a.engagement.recentlyMet.activeMatches} ({formatPercent(a.engagement.recentlyMet.share)})</dd></div>
        {(Object.keys(HEALTH_LABELS) as (keyof typeof HEALTH_LABELS)[]).map((key) => (
          <div key={key}><dt>{HEALTH_LABELS[key]} now</dt><dd>{a.engagement.health.counts[key] ?? 0} ({formatPercent(a.engagement.health.shares[key])})</dd></div>
        ))}
      </dl>
      <Chart
        title="Meetings per active match"
        labels={rows.map((r) => r.period)}
        kind="lines"
        series={[{ label: "Meetings per match", values: rows.map((r) => r.perMatch), color: 0 }]}
        valueFormat={(n) => n.toFixed(1)}
        summary={`Meetings per active match by period; ${rows.reduce((s, r) => s + r.checkins, 0)} meetings in all.`}
      >
        <Table caption="Meetings per period" columns={["Period", "Meetings", "Active matches", "Per match"]} rows={rows.map((r) => [r.period, r.checkins, r.activeMatches, formatNumber(r.perMatch, 2)])} />
      </Chart>
      <Chart
        title="Health mix over time"
        labels={health.map((h) => h.period)}
        kind="bars"
        series={[
          { label: HEALTH_LABELS.on_track, values: health.map((h) => h.onTrack), color: 0 },
          { label: HEALTH_LABELS.needs_attention, values: health.map((h) => h.needsAttention), color: 2 },
          { label: HEALTH_LABELS.at_risk, values: health.map((h) => h.atRisk), color: 3 },
        ]}
        summary="Matches on track, needing attention and at risk at the end of each period."
      >
        <Table caption="Health mix by period" columns={["Period", HEALTH_LABELS.on_track, HEALTH_LABELS.needs_attention, HEALTH_LABELS.at_risk]} rows={health.map((h) => [h.period, h.onTrack, h.needsAttention, h.atRisk])} />
      </Chart>
      {a.engagement.healthOverTimeNote && <p class="note">{a.engagement.healthOverTimeNote}</p>}
    </section>
  );
}

type QuestionResult =
  | { key: string; label: string; type: "scale"; responses: number; average: number | null }
  | { key: string; label: string; type: "choice"; responses: number; choices: { value: string; label: string; n: number; share: number | null }[] };

function SurveyTable({ title, results }: { title: string; results: QuestionResult[] }) {
  const answered = results.filter((q) => q.responses > 0);
  if (answered.length === 0) return <p class="empty">No {title.toLowerCase()} answers yet.</p>;
  return (
    <Table
      caption={title}
      columns={["Question", "Answers", "Result"]}
      rows={answered.map((q) => [
        q.label,
        q.responses,
        q.type === "scale" ? `${formatNumber(q.average, 2)} of 5` : q.choices.map((c) => `${c.label} ${formatPercent(c.share)}`).join(", "),
      ])}
    />
  );
}

function Satisfaction({ a }: { a: Analytics }) {
  const pulse = a.satisfaction.pulseByPeriod;
  const nps = a.satisfaction.nps;
  return (
    <section class="card" aria-labelledby="satisfaction-title">
      <h2 id="satisfaction-title">Satisfaction</h2>
      <dl class="facts">
        <div><dt>Net promoter score</dt><dd>{nps.score == null ? "No answers yet" : nps.score}</dd></div>
        <div><dt>Promoters · passives · detractors</dt><dd>{nps.promoters} · {nps.passives} · {nps.detractors} of {nps.responses}</dd></div>
        {a.satisfaction.recommendation.responses > 0 && (
          <div><dt>Would recommend (yes · maybe · no, earlier surveys)</dt><dd>{formatPercent(a.satisfaction.recommendation.yesShare)} · {formatPercent(a.satisfaction.recommendation.maybeShare)} · {formatPercent(a.satisfaction.recommendation.noShare)}</dd></div>
        )}
      </dl>
      <Chart
        title="Pulse rating (1–5)"
        labels={pulse.map((p) => p.period)}
        kind="lines"
        series={[{ label: "Average pulse", values: pulse.map((p) => p.average), color: 0 }]}
        valueFormat={(n) => n.toFixed(1)}
        summary="Average pulse rating by period."
      >
        <Table caption="Pulse by period" columns={["Period", "Average", "Answers"]} rows={pulse.map((p) => [p.period, formatNumber(p.average, 2), p.responses])} />
      </Chart>
      <h3>Midpoint survey</h3>
      <SurveyTable title="Midpoint survey" results={a.satisfaction.surveys.midpoint as unknown as QuestionResult[]} />
      <h3>Final survey</h3>
      <SurveyTable title="Final survey" results={a.satisfaction.surveys.final as unknown as QuestionResult[]} />
    </section>
  );
}

function Retention({ a }: { a: Analytics }) {
  const r = a.retention;
  return (
    <section class="card" aria-labelledby="retention-title">
      <h2 id="retention-title">Retention</h2>
      <dl class="facts">
        <div><dt>Closed early</dt><dd>{r.closedEarly} of {r.matches} ({formatPercent(r.earlyClosureRate)})</dd></div>
        <div><dt>Matched mentees still active on {a.range.to}</dt><dd>{r.stillActive.active} of {r.stillActive.mentees} ({formatPercent(r.stillActive.share)})</dd></div>
      </dl>
      {r.reasons.length === 0 ? <p class="empty">No match has closed early.</p> : <Table caption="Why matches closed early" columns={["Reason", "Matches", "Share"]} rows={r.reasons.map((x) => [x.label, x.n, formatPercent(x.share)])} />}
    </section>
  );
}

function Dashboard({ tenant, program }: { tenant: string; program: Program }) {
  const location = useLocation();
  const query = queryFromSearch(location.url.split("?")[1] ?? "");
  const search = searchOf(query);
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(`${program.name}: analytics`, heading);
  // Each answer remembers the filters it is for, so figures of the previous filters never pass for the new ones.
  const loaded = useLoad(() => loadAnalytics(tenant, program.slug, query).then((data) => ({ data, search })), [tenant, program.slug, search]);
  const current = loaded.state === "ready" && loaded.data.search === search ? loaded.data.data : null;
  // The last figures shown stay (dimmed, marked busy) while new ones load, so the page doesn't jump and the filters keep their place.
  const lastGood = useRef<Analytics | null>(null);
  if (loaded.state === "ready") lastGood.current = loaded.data.data;
  const shown = current ?? (loaded.state === "failed" ? null : lastGood.current);
  const apply = (next: AnalyticsQuery) => location.route(`${consolePaths.analytics(tenant, program.slug)}${searchOf(next)}`);
  const problem = loaded.state === "failed" ? loaded.problem : null;
  // A refused filter (400) is fixed in the filters; trying the same address again would only fail again.
  const retry = problem && problem.status !== 400 ? loaded.reload : undefined;
  return (
    <>
      <div class="section-head">
        <h1 ref={heading} tabIndex={-1}>
          {program.name}: analytics
        </h1>
        <p class="actions no-print">
          <a class="button secondary" href={`/api/v1/t/${encodeURIComponent(tenant)}/programs/${encodeURIComponent(program.slug)}/analytics.csv${search}`} download>
            Download CSV
          </a>
          <a class="button secondary" href={`${consolePaths.report(tenant, program.slug)}${search}`}>
            Printable report
          </a>
        </p>
      </div>
      {shown && (
        <p class="lead">
          {shown.range.from} to {shown.range.to}
          {shown.filters.cohort ? ` · cohort: ${cohortLabel(shown)}` : ""}
        </p>
      )}
      <Filters available={lastGood.current?.filters.available ?? []} query={query} search={search} problem={problem} onApply={apply} />
      {!current && loaded.state !== "failed" && <Loading what="the figures" />}
      {problem && (
        <>
          {problem.status === 400 && <p class="lead">These filters can't be shown: change them above and choose Show figures.</p>}
          <ProblemPanel problem={problem} retry={retry} />
        </>
      )}
      {shown && (
        <div data-analytics-state={current ? "ready" : "loading"} aria-busy={current ? undefined : "true"} class={current ? undefined : "stale"}>
          {shown.participation.applications === 0 ? (
            <EmptyState title="No applications in this range yet.">
              <p>
                Figures appear once people apply. Share the enrollment form from the program's setup page, or widen the dates above.
              </p>
            </EmptyState>
          ) : null}
          <section aria-labelledby="key-title">
            <h2 id="key-title" class="sr-only">Key figures</h2>
            <KeyFigures analytics={shown} />
          </section>
          <Participation a={shown} />
          <Matching a={shown} />
          <Engagement a={shown} />
          <Satisfaction a={shown} />
          <Retention a={shown} />
          <section class="card" aria-labelledby="outcomes-link-title">
            <h2 id="outcomes-link-title">Academic outcomes</h2>
            <p>
              Compare the grades and retention of mentored and non-mentored students from your records: <a href={consolePaths.outcomes(tenant, program.slug)}>import and compare academic outcomes</a>.
            </p>
          </section>
        </div>
      )}
    </>
  );
}

export function cohortLabel(a: Analytics): string {
  const question = a.filters.available.find((q) => q.question === a.filters.cohortQuestion);
  const option = question?.options.find((o) => o.value === a.filters.cohort);
  return question && option ? `${question.label}: ${option.label}` : `${a.filters.cohortQuestion} = ${a.filters.cohort}`;
}

export default function AnalyticsPage({ tenant, program }: { tenant: string; program: string }) {
  return <ProgramPage key={`${tenant}/${program}`} tenant={tenant} program={program}>{(loaded) => <Dashboard tenant={tenant} program={loaded} />}</ProgramPage>;
}
