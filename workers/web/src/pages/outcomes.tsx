/**
 * `/console/:tenant/programs/:program/outcomes`: academic outcomes of mentored
 * and non-mentored students, term by term, from a CSV the institution imports —
 * shown with sample sizes, the difference and its 95% interval, and the caveat
 * that this is an observed difference, not the effect of mentoring.
 */
import { useRef, useState } from "preact/hooks";
import { type ApiProblem, outcomesApi, unwrap } from "../api.js";
import { Table } from "../components/chart.js";
import { type Membership, type Program, ProgramPage } from "../components/gates.js";
import { Announce, EmptyState, Loading, ProblemPanel } from "../components/status.js";
import { asProblem, useLoad, usePageTitle } from "../hooks.js";
import { canManagePrograms } from "../session.js";

const MAX_BYTES = 2 * 1024 * 1024;

function load(tenant: string, program: string, term: string | null) {
  return unwrap(outcomesApi.api.v1.t[":slug"].programs[":program"].outcomes.$get({ param: { slug: tenant, program }, query: term ? { term } : {} }));
}
type Report = Awaited<ReturnType<typeof load>>;
type Comparison = Report["gpa"];

const signed = (n: number, digits: number) => `${n > 0 ? "+" : n < 0 ? "−" : "±"}${Math.abs(n).toFixed(digits)}`;

function comparisonRow(label: string, c: Comparison, unit: "gpa" | "share"): string[] {
  const digits = unit === "gpa" ? 2 : 1;
  const value = (v: number | null) => (v == null ? "—" : unit === "gpa" ? v.toFixed(2) : `${v.toFixed(1)}%`);
  const points = unit === "gpa" ? "" : " points";
  return [
    label,
    `${value(c.mentored.value)} (n = ${c.mentored.n})`,
    `${value(c.nonMentored.value)} (n = ${c.nonMentored.n})`,
    c.difference == null ? "—" : `${signed(c.difference, digits)}${points}`,
    c.ci ? `${signed(c.ci.low, digits)} to ${signed(c.ci.high, digits)}${points}` : c.unavailableReason ?? "—",
  ];
}

function ImportForm({ tenant, program, onImported }: { tenant: string; program: string; onImported: (terms: string[]) => void }) {
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const submit = async (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const file = fileInput.current?.files?.[0];
    setProblem(null);
    setMessage(null);
    if (!file) {
      setMessage("Choose a CSV file first.");
      return;
    }
    if (file.size > MAX_BYTES) {
      setMessage(`That file is ${(file.size / 1024 / 1024).toFixed(1)} MB; import at most 2 MB at a time by splitting it by term.`);
      return;
    }
    setBusy(true);
    setMessage("Importing…");
    try {
      const csv = await file.text();
      const question = String(data.get("studentIdQuestion") ?? "").trim();
      const result = await unwrap(outcomesApi.api.v1.t[":slug"].programs[":program"].outcomes.$post({ param: { slug: tenant, program }, json: { csv, ...(question ? { studentIdQuestion: question } : {}) } }));
      setMessage(`Imported ${result.imported} records for ${result.terms.join(", ")}: ${result.matchedToMentees} matched to this program's mentees, ${result.mentored} of them mentored.`);
      onImported(result.terms);
    } catch (error) {
      setMessage(null);
      setProblem(asProblem(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card no-print" onSubmit={submit} aria-labelledby="import-title" noValidate>
      <h2 id="import-title">Import academic records</h2>
      <p>
        A CSV with a header row and the columns <strong>student id</strong>, <strong>term</strong>, <strong>GPA</strong> (0–5, may be empty), <strong>enrolled next term</strong> and{" "}
        <strong>graduated</strong> (yes/no). Include students who did not take part: they are the comparison group. Importing the same student and term again replaces the record.
      </p>
      <div class="field">
        <label for="outcomes-file">CSV file (up to 2 MB, 20,000 rows)</label>
        <input id="outcomes-file" ref={fileInput} name="file" type="file" accept=".csv,text/csv" aria-describedby={problem ? "outcomes-errors" : undefined} />
      </div>
      <div class="field">
        <label for="outcomes-question">
          Form question holding the student id <span class="optional">(optional)</span>
        </label>
        <input id="outcomes-question" name="studentIdQuestion" type="text" aria-describedby="outcomes-question-hint" />
        <span id="outcomes-question-hint" class="hint">
          Leave empty to use a question keyed <code>student_id</code>. Ids that are email addresses match the applicant's email.
        </span>
      </div>
      <p class="actions">
        <button class="button" type="submit" disabled={busy}>
          {busy ? "Importing…" : "Import"}
        </button>
      </p>
      <Announce message={message} tone={message?.startsWith("Imported") ? "success" : undefined} />
      {problem && (
        <div id="outcomes-errors">
          <ProblemPanel problem={problem} />
        </div>
      )}
    </form>
  );
}

function Outcomes({ tenant, program, membership }: { tenant: string; program: Program; membership: Membership }) {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(`${program.name}: academic outcomes`, heading);
  const [term, setTerm] = useState<string | null>(null);
  const report = useLoad(() => load(tenant, program.slug, term), [tenant, program.slug, term]);
  // The comparison shown stays (marked busy) while another term loads: the term select keeps focus, the page doesn't jump.
  const lastGood = useRef<Report | null>(null);
  if (report.state === "ready") lastGood.current = report.data;
  const shown = report.state === "ready" ? report.data : report.state === "loading" ? lastGood.current : null;
  const manage = canManagePrograms(membership.role);
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  /** Set at once (a state update is not), so a double click sends one DELETE. */
  const removingNow = useRef(false);
  const [removed, setRemoved] = useState<{ message: string; tone: "success" | "error" } | null>(null);
  const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());
  const askToRemove = () => {
    setConfirming(true);
    setRemoved(null);
    focusSoon("outcomes-confirm-remove");
  };
  const keep = () => {
    setConfirming(false);
    focusSoon("outcomes-remove");
  };
  const remove = async (which: string) => {
    if (removingNow.current) return;
    removingNow.current = true;
    setRemoving(true);
    try {
      const result = await unwrap(outcomesApi.api.v1.t[":slug"].programs[":program"].outcomes.$delete({ param: { slug: tenant, program: program.slug }, query: { term: which } }));
      setRemoved({ message: `Removed ${result.deleted} records of ${which}.`, tone: "success" });
      setConfirming(false);
      setTerm(null);
      report.reload();
      // The buttons are gone with the term: the comparison's heading is where reading goes on.
      focusSoon("comparison-title");
    } catch (error) {
      // Still asking: the person can try again or keep the records.
      setRemoved({ message: `We couldn't remove the records of ${which}: ${asProblem(error).detail}`, tone: "error" });
    } finally {
      removingNow.current = false;
      setRemoving(false);
    }
  };
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {program.name}: academic outcomes
      </h1>
      {manage && (
        <ImportForm
          tenant={tenant}
          program={program.slug}
          onImported={(terms) => {
            setTerm(terms[terms.length - 1] ?? null);
            report.reload();
          }}
        />
      )}
      <section class="card" aria-labelledby="comparison-title" aria-busy={report.state === "loading"}>
        <h2 id="comparison-title" tabIndex={-1}>
          Mentored and non-mentored students
        </h2>
        {report.state === "loading" && <Loading what="the comparison" />}
        {report.state === "failed" && <ProblemPanel problem={report.problem} retry={report.reload} />}
        {shown &&
          (shown.records === 0 ? (
            report.state === "ready" && (
              <EmptyState title="No academic records yet.">
                <p>{manage ? "Import a CSV above to compare students who were mentored with those who were not." : "Once a coordinator imports academic records, the comparison appears here."}</p>
              </EmptyState>
            )
          ) : (
            <div data-outcomes-state={report.state === "ready" ? "ready" : "loading"} class={report.state === "ready" ? undefined : "stale"}>
              <div class="field">
                <label for="outcomes-term">Term</label>
                <select id="outcomes-term" value={term ?? shown.term ?? ""} onChange={(event) => setTerm((event.currentTarget as HTMLSelectElement).value)}>
                  {shown.terms.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </select>
              </div>
              <Table
                caption={`${shown.term}: ${shown.records} students`}
                columns={["Outcome", "Mentored", "Not mentored", "Difference", "95% interval"]}
                rows={[
                  comparisonRow("Average GPA", shown.gpa, "gpa"),
                  comparisonRow("Enrolled next term", shown.enrolledNextTerm, "share"),
                  comparisonRow("Graduated", shown.graduated, "share"),
                ]}
              />
              <p class="note" role="note">
                {shown.note}
              </p>
              {manage && shown.term && report.state === "ready" && (
                <p class="actions no-print">
                  {confirming ? (
                    <>
                      <span>Remove every imported record of {shown.term}?</span>
                      {/* aria-disabled, not disabled: a disabled button would drop focus while the request runs. */}
                      <button id="outcomes-confirm-remove" class="button danger" type="button" aria-disabled={removing ? "true" : undefined} onClick={() => remove(shown.term!)}>
                        {removing ? "Removing…" : "Remove"}
                      </button>
                      <button class="button secondary" type="button" onClick={keep} disabled={removing}>
                        Keep them
                      </button>
                    </>
                  ) : (
                    <button id="outcomes-remove" class="button secondary" type="button" onClick={askToRemove}>
                      Remove this term's records
                    </button>
                  )}
                </p>
              )}
            </div>
          ))}
        <Announce message={removed?.message ?? null} tone={removed?.tone} />
      </section>
    </>
  );
}

export default function OutcomesPage({ tenant, program }: { tenant: string; program: string }) {
  return <ProgramPage key={`${tenant}/${program}`} tenant={tenant} program={program}>{(loaded, membership) => <Outcomes tenant={tenant} program={loaded} membership={membership} />}</ProgramPage>;
}
