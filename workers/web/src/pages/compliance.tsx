/**
 * `/console/:tenant/programs/:program/compliance`: the program's compliance
 * report, for funders and insurers — for every mentor, each required
 * screening step and each training module with its state and date, and
 * whether they may be matched; for every match, the coordinator's contacts in
 * each month against what the program requires, and how it closed. Printable
 * ("Print or save as PDF"; the print stylesheet drops the console's chrome),
 * with both tables as CSV. It carries screening facts, so only owners, admins
 * and the program's coordinators see it; viewers are told so.
 */
import type { ComponentChildren } from "preact";
import { useRef } from "preact/hooks";
import { consolePaths, safeguardingApi, staticPages, unwrap } from "../api.js";
import { type Membership, type Program, ProgramPage } from "../components/gates.js";
import { EmptyState, Loading, ProblemPanel } from "../components/status.js";
import { useLoad, usePageTitle } from "../hooks.js";

async function loadReport(tenant: string, program: string) {
  return unwrap(safeguardingApi.compliance.api.v1.t[":slug"].programs[":program"].compliance.$get({ param: { slug: tenant, program } }));
}
type Report = Awaited<ReturnType<typeof loadReport>>;
type Mentor = Report["mentors"][number];
type Match = Report["matches"][number];
type StepState = Mentor["steps"][number]["state"];
type ModuleState = Mentor["training"][number]["state"];

const csvUrl = (tenant: string, program: string, part: "mentors" | "matches") =>
  `/api/v1/t/${encodeURIComponent(tenant)}/programs/${encodeURIComponent(program)}/compliance.csv?part=${part}`;

/** Each state in words (never colour alone); done ones carry a tick. */
const STEP_WORDS: Record<StepState, string> = { complete: "Done", missing: "Missing", pending: "Pending", flagged: "Flagged", expired: "Expired" };
const MODULE_WORDS: Record<ModuleState, string> = {
  not_started: "Not started",
  in_progress: "In progress",
  completed: "Done",
  quiz_failed: "Quiz not passed yet",
  passed: "Quiz passed",
  attended: "Attended in person",
};
const MODULE_DONE = new Set<ModuleState>(["completed", "passed", "attended"]);
const APPLICATION_WORDS: Record<string, string> = {
  pending_consent: "waiting for guardian consent",
  submitted: "applied",
  approved: "approved",
  waitlisted: "waitlisted",
  rejected: "not accepted",
  withdrawn: "withdrawn",
};
const MATCH_WORDS: Record<Match["status"], string> = { active: "Active", paused: "Paused", closed: "Closed" };
const NEXT_STEP_WORDS: Record<string, string> = { rematch: "re-match", exit: "exit the program" };

const fullName = (person: { firstName: string; lastName: string }) => `${person.firstName} ${person.lastName}`.trim();
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const hours = (minutes: number) => (minutes % 60 === 0 ? plural(minutes / 60, "hour") : `${(minutes / 60).toFixed(1)} hours`);

/** A cell's state: a tick (hidden from screen readers) and the word, styled by its kind. */
function State({ done, kind, children }: { done: boolean; kind: string; children: ComponentChildren }) {
  return (
    <span class={`compliance-state compliance-${kind}`}>
      {done && <span aria-hidden="true">✓ </span>}
      {children}
    </span>
  );
}

function Requirements({ report }: { report: Report }) {
  const required = report.steps.filter((step) => step.required);
  const r = report.requirements;
  return (
    <section aria-labelledby="compliance-requirements">
      <h2 id="compliance-requirements">What the program requires</h2>
      <dl class="facts compliance-facts">
        <div>
          <dt>Screening before matching</dt>
          <dd>{r.screeningRequired && required.length ? required.map((step) => step.label).join(", ") : "Not required"}</dd>
        </div>
        {required.some((step) => step.key === "references") && (
          <div>
            <dt>References</dt>
            <dd>{plural(r.referencesRequired, "reference")} per mentor</dd>
          </div>
        )}
        {required.some((step) => step.key === "background_check") && (
          <div>
            <dt>Background checks</dt>
            <dd>Valid for {plural(r.backgroundCheckValidMonths, "month")}</dd>
          </div>
        )}
        <div>
          <dt>Training before matching</dt>
          <dd>
            {r.trainingRequired
              ? `Every required module${r.minTrainingMinutes > 0 ? `, and at least ${hours(r.minTrainingMinutes)} in all` : ""}`
              : "Not required"}
          </dd>
        </div>
        <div>
          <dt>Coordinator contact with each pair</dt>
          <dd>{r.contactFrequency}</dd>
        </div>
      </dl>
    </section>
  );
}

function Summary({ report }: { report: Report }) {
  const s = report.summary;
  const figure = (key: string, label: string, value: ComponentChildren, hint?: string) => (
    <div class="figure" data-figure={key}>
      <dt>
        {label}
        {hint && <span class="figure-hint"> {hint}</span>}
      </dt>
      <dd class="figure-value">{value}</dd>
    </div>
  );
  return (
    <dl class="figures compliance-summary">
      {figure("mentors", "Mentors", s.mentors)}
      {/* Nobody is counted against a step the program does not require. */}
      {report.requirements.screeningRequired ? figure("screened", "Screened", s.screened) : figure("screened", "Screened", "—", "(not required)")}
      {report.requirements.trainingRequired ? figure("trained", "Trained", s.trained) : figure("trained", "Trained", "—", "(not required)")}
      {figure("ready", "Ready for matching", s.ready)}
      {figure("matches", "Matches", s.matches)}
      {figure(
        "contacts",
        "Ended months with the required contacts",
        s.monthsEnded === 0 ? "—" : `${s.monthsMet} of ${s.monthsEnded}`,
        s.contactRate === null ? "(no month has ended yet)" : `(${(s.contactRate * 100).toFixed(0)}%)`,
      )}
    </dl>
  );
}

function MentorsTable({ tenant, report }: { tenant: string; report: Report }) {
  const steps = report.steps.filter((step) => step.required);
  return (
    <section aria-labelledby="compliance-mentors">
      <h2 id="compliance-mentors">Mentors: screening and training</h2>
      {steps.length === 0 && (
        <p class="muted">
          This program doesn't require screening steps, so none are listed.{" "}
          <a class="no-print" href={consolePaths.screening(tenant, report.program.slug)}>
            Choose the steps on the Screening page
          </a>
          .
        </p>
      )}
      {report.mentors.length === 0 ? (
        <EmptyState title="No mentors yet.">
          <p>
            Volunteers appear here once they apply through the program's mentor form: share it from{" "}
            <a href={staticPages.program(tenant, report.program.slug)}>Setup &amp; applications</a>, then record their screening on the{" "}
            <a href={consolePaths.screening(tenant, report.program.slug)}>Screening</a> page.
          </p>
        </EmptyState>
      ) : (
        <div class="table-scroll compliance-scroll" role="region" aria-labelledby="compliance-mentors-caption" tabIndex={0}>
          <table class="data-table compliance-table compliance-mentors">
            <caption id="compliance-mentors-caption">
              {plural(report.mentors.length, "mentor")}: each required step and training module, with the date it was done
            </caption>
            <thead>
              <tr>
                <th scope="col">Mentor</th>
                {steps.map((step) => (
                  <th scope="col" key={step.key} data-step={step.key}>
                    {step.label}
                  </th>
                ))}
                {report.modules.map((module) => (
                  <th scope="col" key={module.id}>
                    Training: {module.title}
                    {!module.required && <span class="compliance-detail">(optional)</span>}
                  </th>
                ))}
                <th scope="col">Ready for matching</th>
              </tr>
            </thead>
            <tbody>
              {report.mentors.map((mentor) => (
                <tr key={mentor.id} data-mentor={mentor.id}>
                  <th scope="row">
                    {fullName(mentor)}
                    <span class="compliance-detail compliance-email">{mentor.email}</span>
                    <span class="compliance-detail">Application {APPLICATION_WORDS[mentor.status] ?? mentor.status}</span>
                  </th>
                  {steps.map((column) => {
                    const step = mentor.steps.find((candidate) => candidate.key === column.key);
                    if (!step) return <td key={column.key}>—</td>;
                    return (
                      <td key={column.key} data-step={column.key}>
                        <State done={step.state === "complete"} kind={step.state}>
                          {STEP_WORDS[step.state]}
                        </State>
                        {step.date && (
                          <time class="compliance-date" dateTime={step.date}>
                            {step.date}
                          </time>
                        )}
                        {step.detail && <span class="compliance-detail">{step.detail}</span>}
                      </td>
                    );
                  })}
                  {report.modules.map((module) => {
                    const entry = mentor.training.find((candidate) => candidate.moduleId === module.id);
                    const state: ModuleState = entry?.state ?? "not_started";
                    return (
                      <td key={module.id} data-module={module.id}>
                        <State done={MODULE_DONE.has(state)} kind={`training-${state}`}>
                          {MODULE_WORDS[state]}
                        </State>
                        {entry?.date && (
                          <time class="compliance-date" dateTime={entry.date}>
                            {entry.date}
                          </time>
                        )}
                        {entry?.bestScore != null && <span class="compliance-detail">best score {entry.bestScore}%</span>}
                      </td>
                    );
                  })}
                  <td data-ready={mentor.ready ? "yes" : "no"}>
                    <State done={mentor.ready} kind={mentor.ready ? "ready" : "not-ready"}>
                      {mentor.ready ? "Yes" : "No"}
                    </State>
                    {mentor.blockers.length > 0 && (
                      <ul class="compliance-blockers">
                        {mentor.blockers.map((blocker) => (
                          <li key={blocker}>{blocker}</li>
                        ))}
                      </ul>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Months({ match }: { match: Match }) {
  if (match.months.length === 0) return <span class="muted">No month yet.</span>;
  return (
    <ol class="compliance-months">
      {match.months.map((month) => {
        const word = month.inProgress ? (month.met ? "met so far, month in progress" : "in progress") : month.met ? "met" : "missed";
        const kind = month.inProgress ? "current" : month.met ? "met" : "missed";
        return (
          <li key={month.index} class={`compliance-month compliance-month-${kind}`} data-month={month.index}>
            <span class="compliance-month-name">Month {month.index}</span>
            <span class="compliance-month-count">
              <span aria-hidden="true">
                {month.made}/{month.required}
              </span>{" "}
              <span class="sr-only">
                {plural(month.made, "contact")} of {month.required} required,
              </span>
            </span>
            <span class="compliance-month-state">
              {month.met && !month.inProgress && <span aria-hidden="true">✓ </span>}
              {word}
            </span>
            <span class="compliance-detail">from {month.from}</span>
          </li>
        );
      })}
    </ol>
  );
}

function Closure({ match }: { match: Match }) {
  if (match.status !== "closed") return <span class="muted">Not closed</span>;
  const closure = match.closure;
  const step = (value: string | null | undefined) => (value ? (NEXT_STEP_WORDS[value] ?? value) : "not decided yet");
  return (
    <>
      <span class="compliance-detail-line">
        {closure?.conversationOn ? (
          <>
            Closure conversation on <time dateTime={closure.conversationOn}>{closure.conversationOn}</time>
          </>
        ) : (
          <strong>Closure conversation not recorded</strong>
        )}
      </span>
      <span class="compliance-detail-line">Mentor: {step(closure?.mentorNextStep)}</span>
      <span class="compliance-detail-line">Mentee: {step(closure?.menteeNextStep)}</span>
      <span class="compliance-detail-line">
        {closure?.surveySentOn ? (
          <>
            Closure survey sent on <time dateTime={closure.surveySentOn}>{closure.surveySentOn}</time>
          </>
        ) : (
          "Closure survey not recorded as sent"
        )}
      </span>
    </>
  );
}

function MatchesTable({ tenant, report }: { tenant: string; report: Report }) {
  return (
    <section aria-labelledby="compliance-matches">
      <h2 id="compliance-matches">Matches: coordinator contacts per month</h2>
      <p class="muted small">
        Required: {report.requirements.contactFrequency.toLowerCase()}. Each month of a match runs from the day it started; a month still running is not counted as missed.
      </p>
      {report.matches.length === 0 ? (
        <EmptyState title="No matches yet.">
          <p>
            Once you approve matches on the <a href={staticPages.matching(tenant, report.program.slug)}>Matching</a> page, each pair appears here with the contacts you log on the{" "}
            <a href={staticPages.pairs(tenant, report.program.slug)}>Pairs</a> page, month by month.
          </p>
        </EmptyState>
      ) : (
        <div class="table-scroll compliance-scroll" role="region" aria-labelledby="compliance-matches-caption" tabIndex={0}>
          <table class="data-table compliance-table compliance-matches">
            <caption id="compliance-matches-caption">{plural(report.matches.length, "match", "matches")}: contacts made against those required, month by month</caption>
            <thead>
              <tr>
                <th scope="col">Pair</th>
                <th scope="col">Status</th>
                <th scope="col">Contacts per month (made/required)</th>
                <th scope="col">Closure</th>
              </tr>
            </thead>
            <tbody>
              {report.matches.map((match) => (
                <tr key={match.id} data-match={match.id}>
                  <th scope="row">
                    {fullName(match.mentor)}
                    <span class="compliance-detail">mentor</span>
                    {fullName(match.mentee)}
                    <span class="compliance-detail">mentee</span>
                  </th>
                  <td>
                    {MATCH_WORDS[match.status]}
                    <span class="compliance-detail">
                      started <time dateTime={match.startedOn}>{match.startedOn}</time>
                    </span>
                    {match.closedOn && (
                      <span class="compliance-detail">
                        closed <time dateTime={match.closedOn}>{match.closedOn}</time>
                      </span>
                    )}
                    <span class={`compliance-detail${match.missedMonths > 0 ? " compliance-missed-count" : ""}`}>
                      {match.missedMonths === 0 ? "no month missed" : `${plural(match.missedMonths, "month")} missed`}
                    </span>
                  </td>
                  <td>
                    <Months match={match} />
                  </td>
                  <td>
                    <Closure match={match} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function Forbidden({ membership, program }: { membership: Membership; program: Program }) {
  return (
    <div class="card compliance-forbidden">
      <h2>Only owners, admins and the program's coordinators see the compliance report</h2>
      <p>
        It holds screening details about volunteers — interviews, references, background checks — so at {membership.name} only owners, admins and the coordinators of {program.name} can read it.
        You're a {membership.role} here.
      </p>
      <p>If you need the report (for a funder or an insurer), ask one of your institution's owners or admins to send it to you.</p>
    </div>
  );
}

function Compliance({ tenant, program, membership }: { tenant: string; program: Program; membership: Membership }) {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(`${program.name}: compliance report`, heading);
  const viewer = membership.role === "viewer";
  // Viewers never ask: the API would refuse them anyway (403), and the page says why.
  const loaded = useLoad(() => (viewer ? Promise.resolve(null) : loadReport(tenant, program.slug)), [tenant, program.slug, viewer]);
  const forbidden = viewer || (loaded.state === "failed" && loaded.problem.status === 403);
  return (
    <article class="report compliance-report">
      <h1 ref={heading} tabIndex={-1}>
        {program.name}: compliance report
      </h1>
      {forbidden ? (
        <Forbidden membership={membership} program={program} />
      ) : (
        <>
          {loaded.state === "loading" && <Loading what="the compliance report" />}
          {loaded.state === "failed" && <ProblemPanel problem={loaded.problem} retry={loaded.reload} />}
          {loaded.state === "ready" && loaded.data && (
            <div data-compliance-state="ready">
              <p class="actions no-print">
                <button class="button" type="button" onClick={() => window.print()}>
                  Print or save as PDF
                </button>
                <a class="button secondary" href={csvUrl(tenant, program.slug, "mentors")} download="">
                  Download mentors (CSV)
                </a>
                <a class="button secondary" href={csvUrl(tenant, program.slug, "matches")} download="">
                  Download matches (CSV)
                </a>
              </p>
              <p class="lead">
                {loaded.data.institution.name} · {loaded.data.program.name}
                {loaded.data.program.youth ? " (youth program)" : ""} · generated on <time dateTime={loaded.data.generatedOn}>{loaded.data.generatedOn}</time>
              </p>
              <Requirements report={loaded.data} />
              <Summary report={loaded.data} />
              <MentorsTable tenant={tenant} report={loaded.data} />
              <MatchesTable tenant={tenant} report={loaded.data} />
              <p class="muted small">
                From Tandem on {loaded.data.generatedOn}. Dates are local to {loaded.data.institution.name}'s time zone. Each view and download of this report is recorded in the audit log.
              </p>
            </div>
          )}
        </>
      )}
    </article>
  );
}

export default function CompliancePage({ tenant, program }: { tenant: string; program: string }) {
  return (
    <ProgramPage key={`${tenant}/${program}`} tenant={tenant} program={program}>
      {(loaded, membership) => <Compliance tenant={tenant} program={loaded} membership={membership} />}
    </ProgramPage>
  );
}
