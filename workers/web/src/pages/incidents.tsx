/**
 * `/console/:tenant/incidents` (owners and admins): the institution's
 * safeguarding incident reports — what happened, what was done, the follow-up
 * and when it is due — open ones first. Owners and admins record, change and
 * resolve them here; everyone else is told who to go to, and the page never
 * asks the API for the reports on their behalf.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { api, ApiProblem, safeguardingApi, unwrap } from "../api.js";
import { describedBy, ErrorSummary, FieldError, sentence, type SummaryItem } from "../components/fields.js";
import { type Membership, TenantPage } from "../components/gates.js";
import { Announce, EmptyState, Loading, ProblemPanel } from "../components/status.js";
import { useUnsavedChangesWarning } from "../components/unsaved-changes.js";
import { asProblem, type Loaded, useLoad, usePageTitle } from "../hooks.js";

/** A program's pairs, for the "which pair" choice. */
const matchesApi = safeguardingApi.matching;

type Status = "open" | "resolved";

async function loadList(tenant: string, filters: Filters) {
  const query: { program?: string; status?: Status } = {};
  if (filters.program) query.program = filters.program;
  if (filters.status) query.status = filters.status;
  return unwrap(safeguardingApi.incidents.api.v1.t[":slug"].incidents.$get({ param: { slug: tenant }, query }));
}
type IncidentList = Awaited<ReturnType<typeof loadList>>;
type Incident = IncidentList["incidents"][number];

async function loadPrograms(tenant: string) {
  return (await unwrap(api.programs.api.v1.t[":slug"].programs.$get({ param: { slug: tenant } }))).programs.map((program) => ({ slug: program.slug, name: program.name }));
}
type ProgramOption = Awaited<ReturnType<typeof loadPrograms>>[number];

async function loadPairs(tenant: string, program: string) {
  const body = await unwrap(matchesApi.api.v1.t[":slug"].programs[":program"].matches.$get({ param: { slug: tenant, program }, query: {} }));
  return body.matches.map((match) => ({ id: match.id, label: `${nameOf(match.mentor, "a former mentor")} and ${nameOf(match.mentee, "a former mentee")}${match.status === "closed" ? " (closed)" : ""}` }));
}

const nameOf = (person: { firstName: string; lastName: string } | null, fallback: string) => (person ? `${person.firstName} ${person.lastName}`.trim() || fallback : fallback);

interface Filters {
  program: string;
  status: "" | Status;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
/** A calendar date (YYYY-MM-DD) as the reader writes dates. */
function formatDay(iso: string): string {
  const date = new Date(`${iso}T00:00:00`);
  return Number.isNaN(date.getTime()) ? iso : dayFormat.format(date);
}
const Day = ({ iso }: { iso: string }) => <time dateTime={iso}>{formatDay(iso)}</time>;

const STATUS_LABELS: Record<Status, string> = { open: "Open", resolved: "Resolved" };

// ---------------------------------------------------------------- the form (report, or change one)

interface Draft {
  program: string;
  matchId: string;
  occurredOn: string;
  description: string;
  actionsTaken: string;
  followUp: string;
  followUpOn: string;
}

const emptyDraft = (program: string): Draft => ({ program, matchId: "", occurredOn: "", description: "", actionsTaken: "", followUp: "", followUpOn: "" });
const draftOf = (incident: Incident): Draft => ({
  program: incident.program.slug,
  matchId: incident.match?.id ?? "",
  occurredOn: incident.occurredOn,
  description: incident.description,
  actionsTaken: incident.actionsTaken,
  followUp: incident.followUp,
  followUpOn: incident.followUpOn ?? "",
});
const sameDraft = (a: Draft, b: Draft) => (Object.keys(a) as (keyof Draft)[]).every((key) => a[key] === b[key]);

/** The fields, by the path the API names them with: their label (errors follow it) and their key in the draft. */
const FIELDS: Record<string, { name: string; key: keyof Draft }> = {
  "params.program": { name: "Program", key: "program" },
  "body.matchId": { name: "Pair", key: "matchId" },
  "body.occurredOn": { name: "Date it happened", key: "occurredOn" },
  "body.description": { name: "Description", key: "description" },
  "body.actionsTaken": { name: "Actions taken", key: "actionsTaken" },
  "body.followUp": { name: "Follow-up", key: "followUp" },
  "body.followUpOn": { name: "Follow-up due", key: "followUpOn" },
};

function IncidentForm({
  tenant,
  prefix,
  programs,
  incident,
  initialProgram,
  today,
  onSaved,
  onCancel,
}: {
  tenant: string;
  /** Makes the field ids unique on the page: one form to report, one per incident being changed. */
  prefix: string;
  programs: ProgramOption[];
  /** The incident being changed; none to report a new one. */
  incident?: Incident;
  initialProgram: string;
  /** The institution's today (YYYY-MM-DD), from the list; unknown until the list has loaded once. */
  today: string | undefined;
  onSaved: (incident: Incident, created: boolean) => void;
  onCancel: () => void;
}) {
  const initial = useRef(incident ? draftOf(incident) : emptyDraft(initialProgram));
  const [draft, setDraft] = useState<Draft>(initial.current);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ message: string; tone?: "error" } | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const dirty = !sameDraft(draft, initial.current);
  useUnsavedChangesWarning(dirty, "An incident report has unsaved changes. Leave this page and lose them?");
  const pairs = useLoad(() => (draft.program ? loadPairs(tenant, draft.program) : Promise.resolve([])), [tenant, draft.program]);
  const id = (key: keyof Draft) => `${prefix}-${key}`;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  const errorAt = (path: string) => sentence(FIELDS[path]!.name, problem?.fieldError(path));
  const errors: Partial<Record<keyof Draft, string>> = {};
  for (const [path, field] of Object.entries(FIELDS)) {
    const message = errorAt(path);
    if (message) errors[field.key] = message;
  }
  const summary: SummaryItem[] = (problem?.errors ?? []).map((fieldProblem) => {
    const field = FIELDS[fieldProblem.path];
    return { target: id(field?.key ?? "description"), message: sentence(field?.name ?? fieldProblem.path, fieldProblem.message)! };
  });

  async function save(event: Event) {
    event.preventDefault();
    if (saving) return;
    if (!draft.program) {
      // The program is part of the address: without one there is nothing to ask the API.
      setProblem(new ApiProblem(400, "Validation failed", "Choose the program it happened in.", [{ path: "params.program", message: "choose the program it happened in" }]));
      setStatus({ message: "Nothing was saved: choose the program it happened in.", tone: "error" });
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setSaving(true);
    setStatus(null);
    try {
      const fields = { occurredOn: draft.occurredOn, description: draft.description, actionsTaken: draft.actionsTaken, followUp: draft.followUp };
      const saved = incident
        ? await unwrap(
            safeguardingApi.incidents.api.v1.t[":slug"].incidents[":incidentId"].$patch({
              param: { slug: tenant, incidentId: incident.id },
              json: { ...fields, matchId: draft.matchId || null, followUpOn: draft.followUpOn || null },
            }),
          )
        : await unwrap(
            safeguardingApi.incidents.api.v1.t[":slug"].programs[":program"].incidents.$post({
              param: { slug: tenant, program: draft.program },
              json: { ...fields, ...(draft.matchId ? { matchId: draft.matchId } : {}), ...(draft.followUpOn ? { followUpOn: draft.followUpOn } : {}) },
            }),
          );
      setProblem(null);
      initial.current = draft;
      onSaved(saved.incident, !incident);
    } catch (caught) {
      const failure = asProblem(caught);
      setProblem(failure);
      const count = failure.errors.length;
      setStatus({
        message: count > 0 ? `Nothing was saved: ${count === 1 ? "one field needs" : `${count} fields need`} fixing. Correct the marked ${count === 1 ? "field" : "fields"} and save again.` : `Nothing was saved. ${failure.detail}`,
        tone: "error",
      });
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setSaving(false);
    }
  }

  function cancel() {
    if (dirty && !window.confirm("Discard the changes to this incident report?")) return;
    onCancel();
  }

  const textField = (key: "description" | "actionsTaken" | "followUp", label: string, hint: string, required = false) => (
    <div class="field">
      <label for={id(key)}>
        {label} {!required && <span class="optional">(optional)</span>}
      </label>
      <textarea
        id={id(key)}
        rows={key === "description" ? 5 : 3}
        maxLength={5000}
        required={required}
        value={draft[key]}
        onInput={(event) => set(key, event.currentTarget.value)}
        aria-invalid={errors[key] ? "true" : undefined}
        aria-describedby={describedBy(`${id(key)}-hint`, errors[key] && `${id(key)}-error`)}
      />
      <span id={`${id(key)}-hint`} class="hint">
        {hint}
      </span>
      <FieldError id={`${id(key)}-error`} message={errors[key]} />
    </div>
  );

  return (
    <form class="incident-form" onSubmit={save} noValidate aria-label={incident ? "Change the incident report" : "Report an incident"}>
      <ErrorSummary title="Nothing was saved: fix these fields" problem={problem && (problem.errors.length === 0 || summary.length > 0) ? problem : null} items={summary} summaryRef={summaryRef} />
      <div class="incident-form-row">
        {incident ? (
          <div class="field">
            <span class="field-legend">Program</span>
            <p class="incident-fixed">{incident.program.name}</p>
          </div>
        ) : (
          <div class="field">
            <label for={id("program")}>Program</label>
            <select
              id={id("program")}
              required
              value={draft.program}
              onChange={(event) => setDraft((current) => ({ ...current, program: event.currentTarget.value, matchId: "" }))}
              aria-invalid={errors.program ? "true" : undefined}
              aria-describedby={describedBy(errors.program && `${id("program")}-error`)}
            >
              <option value="">Choose a program</option>
              {programs.map((program) => (
                <option key={program.slug} value={program.slug}>
                  {program.name}
                </option>
              ))}
            </select>
            <FieldError id={`${id("program")}-error`} message={errors.program} />
          </div>
        )}
        <div class="field">
          <label for={id("matchId")}>
            Pair <span class="optional">(optional)</span>
          </label>
          <select
            id={id("matchId")}
            value={draft.matchId}
            disabled={pairs.state === "loading" && Boolean(draft.program)}
            onChange={(event) => set("matchId", event.currentTarget.value)}
            aria-invalid={errors.matchId ? "true" : undefined}
            aria-describedby={describedBy(`${id("matchId")}-hint`, errors.matchId && `${id("matchId")}-error`)}
          >
            <option value="">Not about one pair</option>
            {pairs.state === "ready" &&
              pairs.data.map((pair) => (
                <option key={pair.id} value={pair.id}>
                  {pair.label}
                </option>
              ))}
            {/* The pair on record, should the list not have it (it failed to load). */}
            {incident?.match && !(pairs.state === "ready" && pairs.data.some((pair) => pair.id === incident.match!.id)) && (
              <option value={incident.match.id}>
                {nameOf(incident.match.mentor, "a former mentor")} and {nameOf(incident.match.mentee, "a former mentee")}
              </option>
            )}
          </select>
          <span id={`${id("matchId")}-hint`} class="hint">
            {!draft.program
              ? "Choose the program first: its pairs are listed here."
              : pairs.state === "loading"
                ? "Loading the program's pairs…"
                : pairs.state === "failed"
                  ? `We couldn't load the program's pairs: ${pairs.problem.detail}`
                  : pairs.data.length === 0
                    ? "This program has no pairs yet."
                    : "The mentor and mentee it concerns, if it concerns one pair."}
          </span>
          <FieldError id={`${id("matchId")}-error`} message={errors.matchId} />
        </div>
      </div>
      <div class="incident-form-row">
        <div class="field">
          <label for={id("occurredOn")}>Date it happened</label>
          <input
            id={id("occurredOn")}
            type="date"
            required
            max={today}
            value={draft.occurredOn}
            onInput={(event) => set("occurredOn", event.currentTarget.value)}
            aria-invalid={errors.occurredOn ? "true" : undefined}
            aria-describedby={describedBy(`${id("occurredOn")}-hint`, errors.occurredOn && `${id("occurredOn")}-error`)}
          />
          <span id={`${id("occurredOn")}-hint`} class="hint">
            Not later than today.
          </span>
          <FieldError id={`${id("occurredOn")}-error`} message={errors.occurredOn} />
        </div>
        <div class="field">
          <label for={id("followUpOn")}>
            Follow-up due <span class="optional">(optional)</span>
          </label>
          <input
            id={id("followUpOn")}
            type="date"
            value={draft.followUpOn}
            onInput={(event) => set("followUpOn", event.currentTarget.value)}
            aria-invalid={errors.followUpOn ? "true" : undefined}
            aria-describedby={describedBy(`${id("followUpOn")}-hint`, errors.followUpOn && `${id("followUpOn")}-error`)}
          />
          <span id={`${id("followUpOn")}-hint`} class="hint">
            When the follow-up below should be done by.
          </span>
          <FieldError id={`${id("followUpOn")}-error`} message={errors.followUpOn} />
        </div>
      </div>
      {textField("description", "Description", "What happened, who was involved and who told you. Facts, in plain words.", true)}
      {textField("actionsTaken", "Actions taken", "What was done about it, by whom and when.")}
      {textField("followUp", "Follow-up", "What still needs doing: a call to a guardian, a meeting with the mentor.")}
      <div class="save-bar">
        <button class="button" type="submit" disabled={saving}>
          {saving ? "Saving…" : incident ? "Save changes" : "Record the incident"}
        </button>
        <button class="button secondary" type="button" onClick={cancel}>
          Cancel
        </button>
      </div>
      <Announce message={status?.message ?? null} tone={status?.tone} />
    </form>
  );
}

// ---------------------------------------------------------------- one incident in the list

function IncidentItem({
  tenant,
  incident,
  programs,
  open,
  editing,
  busy,
  onToggle,
  onEdit,
  onStopEditing,
  today,
  onSaved,
  onStatus,
}: {
  tenant: string;
  incident: Incident;
  /** The institution's today (YYYY-MM-DD): an open follow-up due before it is overdue. */
  today: string;
  programs: ProgramOption[];
  open: boolean;
  editing: boolean;
  busy: boolean;
  onToggle: () => void;
  onEdit: () => void;
  onStopEditing: () => void;
  onSaved: (incident: Incident) => void;
  onStatus: (status: Status) => void;
}) {
  const overdue = incident.status === "open" && incident.followUpOn !== null && incident.followUpOn < today;
  const pair = incident.match ? `${nameOf(incident.match.mentor, "a former mentor")} and ${nameOf(incident.match.mentee, "a former mentee")}` : null;
  const bodyId = `incident-${incident.id}-body`;
  return (
    <li class={`incident-item incident-${incident.status}`} id={`incident-${incident.id}`} tabIndex={-1} data-incident-status={incident.status}>
      <div class="incident-head">
        <h3 class="incident-title">
          <button type="button" class="incident-toggle" aria-expanded={open ? "true" : "false"} aria-controls={bodyId} id={`incident-${incident.id}-toggle`} onClick={onToggle}>
            <Day iso={incident.occurredOn} /> · {incident.program.name}
          </button>
        </h3>
        <span class={`badge incident-badge-${incident.status}`}>{STATUS_LABELS[incident.status]}</span>
      </div>
      <p class="incident-meta">
        {pair ? <>Pair: {pair}</> : "Not about one pair"}
        {incident.followUpOn && incident.status === "open" && (
          <>
            {" "}
            · {overdue ? <strong>Follow-up overdue since </strong> : "Follow-up due "}
            <Day iso={incident.followUpOn} />
          </>
        )}
      </p>
      {!open && <p class="incident-excerpt">{incident.description.length > 160 ? `${incident.description.slice(0, 157)}…` : incident.description}</p>}
      <div id={bodyId} class="incident-body" hidden={!open}>
        {open && !editing && (
          <>
            <dl class="incident-details">
              <dt>Description</dt>
              <dd class="incident-text">{incident.description}</dd>
              <dt>Actions taken</dt>
              <dd class="incident-text">{incident.actionsTaken || <span class="muted">None recorded.</span>}</dd>
              <dt>Follow-up</dt>
              <dd class="incident-text">{incident.followUp || <span class="muted">None recorded.</span>}</dd>
              <dt>Follow-up due</dt>
              <dd>{incident.followUpOn ? <Day iso={incident.followUpOn} /> : <span class="muted">No date set.</span>}</dd>
              <dt>Recorded</dt>
              <dd>
                <time dateTime={incident.createdAt}>{timeFormat.format(new Date(incident.createdAt))}</time>
                {incident.reportedBy ? ` by ${incident.reportedBy.name || "a staff member"}` : " by a former staff member"}
                {incident.updatedAt !== incident.createdAt && (
                  <>
                    ; last changed <time dateTime={incident.updatedAt}>{timeFormat.format(new Date(incident.updatedAt))}</time>
                  </>
                )}
              </dd>
            </dl>
            <p class="actions">
              <button class="button secondary" type="button" onClick={onEdit} id={`incident-${incident.id}-edit`}>
                Edit
              </button>
              {incident.status === "open" ? (
                <button class="button" type="button" disabled={busy} onClick={() => onStatus("resolved")}>
                  {busy ? "Saving…" : "Mark resolved"}
                </button>
              ) : (
                <button class="button secondary" type="button" disabled={busy} onClick={() => onStatus("open")}>
                  {busy ? "Saving…" : "Reopen"}
                </button>
              )}
            </p>
          </>
        )}
        {open && editing && (
          <IncidentForm tenant={tenant} prefix={`incident-${incident.id}-form`} programs={programs} incident={incident} initialProgram={incident.program.slug} today={today} onSaved={(saved) => onSaved(saved)} onCancel={onStopEditing} />
        )}
      </div>
    </li>
  );
}

// ---------------------------------------------------------------- the page

function Incidents({ membership }: { membership: Membership }) {
  const tenant = membership.slug;
  const programs = useLoad(() => loadPrograms(tenant), [tenant]);
  const programList = programs.state === "ready" ? programs.data : [];
  const [filters, setFilters] = useState<Filters>({ program: "", status: "" });
  const [programInput, setProgramInput] = useState("");
  const [statusInput, setStatusInput] = useState<Filters["status"]>("");
  const [attempt, setAttempt] = useState(0);
  const [loaded, setLoaded] = useState<Loaded<IncidentList>>({ state: "loading" });
  /** The list shown while another loads (after a save, new filters): marked as updating, so nothing jumps or loses focus. */
  const [shown, setShown] = useState<IncidentList | null>(null);
  const [openIds, setOpenIds] = useState<Set<string>>(new Set());
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [reporting, setReporting] = useState(false);
  const [message, setMessage] = useState<{ message: string; tone?: "success" | "error" } | null>(null);
  /** Where focus goes once the list has loaded again: an incident, or the list's heading. */
  const focusNext = useRef<string | null>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let current = true;
    setLoaded({ state: "loading" });
    loadList(tenant, filters).then(
      (data) => {
        if (!current) return;
        setLoaded({ state: "ready", data });
        setShown(data);
      },
      (error: unknown) => current && setLoaded({ state: "failed", problem: asProblem(error) }),
    );
    return () => {
      current = false;
    };
  }, [tenant, filters, attempt]);

  useEffect(() => {
    if (loaded.state !== "ready" || !focusNext.current) return;
    const target = document.getElementById(focusNext.current) ?? document.getElementById("incidents-list-title");
    focusNext.current = null;
    target?.focus();
  }, [loaded]);

  const reload = (focus?: string) => {
    if (focus) focusNext.current = focus;
    setAttempt((n) => n + 1);
  };

  function applyFilters(event: Event) {
    event.preventDefault();
    setMessage(null);
    setFilters({ program: programInput, status: statusInput });
  }

  function openReport() {
    setReporting(true);
    setMessage(null);
    requestAnimationFrame(() => formHeading.current?.focus());
  }

  function closeReport() {
    setReporting(false);
    requestAnimationFrame(() => document.getElementById("incident-report-open")?.focus());
  }

  function created(incident: Incident) {
    setReporting(false);
    setOpenIds((ids) => new Set(ids).add(incident.id));
    setMessage({ message: `Recorded the incident of ${formatDay(incident.occurredOn)} in ${incident.program.name}. It stays open until you mark it resolved.`, tone: "success" });
    // Shown in the list if the filters let it through; otherwise focus goes to the list's heading.
    reload(`incident-${incident.id}`);
  }

  function toggle(id: string) {
    setOpenIds((ids) => {
      const next = new Set(ids);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
    if (editing === id) setEditing(null);
  }

  function startEditing(id: string) {
    setEditing(id);
    requestAnimationFrame(() => document.getElementById(`incident-${id}-form-occurredOn`)?.focus());
  }

  function stopEditing(id: string) {
    setEditing(null);
    requestAnimationFrame(() => document.getElementById(`incident-${id}-edit`)?.focus());
  }

  function saved(incident: Incident) {
    setEditing(null);
    setMessage({ message: `Saved the changes to the incident of ${formatDay(incident.occurredOn)}.`, tone: "success" });
    reload(`incident-${incident.id}-edit`);
  }

  async function changeStatus(incident: Incident, status: Status) {
    setBusy(incident.id);
    setMessage(null);
    try {
      await unwrap(safeguardingApi.incidents.api.v1.t[":slug"].incidents[":incidentId"].$patch({ param: { slug: tenant, incidentId: incident.id }, json: { status } }));
      setMessage({
        message: status === "resolved" ? `Marked the incident of ${formatDay(incident.occurredOn)} resolved.` : `Reopened the incident of ${formatDay(incident.occurredOn)}.`,
        tone: "success",
      });
      // It may leave the list (a status filter): then focus goes to the list's heading.
      reload(`incident-${incident.id}-toggle`);
    } catch (error) {
      setMessage({ message: `Nothing was changed. ${asProblem(error).detail}`, tone: "error" });
    } finally {
      setBusy(null);
    }
  }

  const list = loaded.state === "ready" ? loaded.data : shown;
  const total = list ? list.counts.open + list.counts.resolved : 0;
  const filtered = filters.program !== "" || filters.status !== "";
  const programName = (slug: string) => programList.find((program) => program.slug === slug)?.name ?? slug;

  return (
    <>
      <p class="lead">
        Safeguarding incidents in the programs of {membership.name}: what happened, what was done and what still needs doing. Only owners and admins see them.
      </p>

      {list && (
        <dl class="figures incident-counts">
          <div class="figure">
            <dt>Open{filters.program ? ` in ${programName(filters.program)}` : ""}</dt>
            <dd class="figure-value" data-count="open">
              {list.counts.open}
            </dd>
          </div>
          <div class="figure">
            <dt>Resolved{filters.program ? ` in ${programName(filters.program)}` : ""}</dt>
            <dd class="figure-value" data-count="resolved">
              {list.counts.resolved}
            </dd>
          </div>
        </dl>
      )}

      {reporting ? (
        <section class="card incident-report" aria-labelledby="incident-report-title">
          <h2 id="incident-report-title" ref={formHeading} tabIndex={-1}>
            Report an incident
          </h2>
          {programs.state === "loading" && <Loading what="the programs" />}
          {programs.state === "failed" && <ProblemPanel problem={programs.problem} retry={programs.reload} />}
          {programs.state === "ready" &&
            (programList.length === 0 ? (
              <EmptyState title="No programs yet.">
                <p>Incidents are recorded against a program. Create a program first, then come back here.</p>
              </EmptyState>
            ) : (
              <IncidentForm
                tenant={tenant}
                prefix="incident-new"
                programs={programList}
                initialProgram={filters.program || (programList.length === 1 ? programList[0]!.slug : "")}
                today={list?.today}
                onSaved={created}
                onCancel={closeReport}
              />
            ))}
        </section>
      ) : (
        <p class="actions">
          <button id="incident-report-open" class="button" type="button" onClick={openReport}>
            Report an incident
          </button>
        </p>
      )}

      <Announce message={message?.message ?? null} tone={message?.tone} />

      <section aria-labelledby="incidents-list-title">
        <h2 id="incidents-list-title" tabIndex={-1}>
          Incident reports
        </h2>
        <form class="incident-filters" role="search" aria-label="Filter the incident reports" onSubmit={applyFilters} noValidate>
          <div class="field">
            <label for="incident-filter-program">Program</label>
            <select id="incident-filter-program" value={programInput} onChange={(event) => setProgramInput(event.currentTarget.value)}>
              <option value="">All programs</option>
              {programList.map((program) => (
                <option key={program.slug} value={program.slug}>
                  {program.name}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="incident-filter-status">Status</label>
            <select id="incident-filter-status" value={statusInput} onChange={(event) => setStatusInput(event.currentTarget.value as Filters["status"])}>
              <option value="">Open and resolved</option>
              <option value="open">Open</option>
              <option value="resolved">Resolved</option>
            </select>
          </div>
          <div class="actions">
            <button class="button secondary" type="submit">
              Show incidents
            </button>
          </div>
        </form>

        {loaded.state === "failed" && <ProblemPanel problem={loaded.problem} retry={() => setAttempt((n) => n + 1)} />}
        {!list && loaded.state === "loading" && <Loading what="the incident reports" />}
        {list && loaded.state !== "failed" && (
          <div class={loaded.state === "loading" ? "stale" : undefined} aria-busy={loaded.state === "loading" ? "true" : undefined} data-incidents-state={loaded.state}>
            {list.incidents.length === 0 ? (
              total === 0 && !filters.status ? (
                <EmptyState title={filters.program ? `No incident reports in ${programName(filters.program)}.` : "No incident reports yet."}>
                  <p>
                    When something affects the safety or wellbeing of a young person or a volunteer — a boundary crossed, an injury, a concern a guardian raises — record it here: what happened, what
                    was done, and the follow-up. Reports stay open until you mark them resolved, so nothing is forgotten.
                  </p>
                  <p>Only the owners and admins of {membership.name} can see incident reports; coordinators and viewers can't.</p>
                </EmptyState>
              ) : (
                <EmptyState title={`No ${filters.status ? `${filters.status} ` : ""}incident reports${filters.program ? ` in ${programName(filters.program)}` : ""}.`}>
                  <p>Choose other filters to see the rest.</p>
                </EmptyState>
              )
            ) : (
              <>
                <p class="muted small">
                  {list.incidents.length} {list.incidents.length === 1 ? "report" : "reports"}
                  {filtered ? " matching the filters" : ""}, open ones first, then the newest.
                </p>
                <ul class="incident-list">
                  {list.incidents.map((incident) => (
                    <IncidentItem
                      key={incident.id}
                      tenant={tenant}
                      incident={incident}
                      programs={programList}
                      today={list.today}
                      open={openIds.has(incident.id)}
                      editing={editing === incident.id}
                      busy={busy === incident.id}
                      onToggle={() => toggle(incident.id)}
                      onEdit={() => startEditing(incident.id)}
                      onStopEditing={() => stopEditing(incident.id)}
                      onSaved={saved}
                      onStatus={(status) => changeStatus(incident, status)}
                    />
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </section>
    </>
  );
}

function IncidentsPage({ membership }: { membership: Membership }) {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(`Incidents: ${membership.name}`, heading);
  const allowed = membership.role === "owner" || membership.role === "admin";
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Incidents
      </h1>
      {allowed ? (
        <Incidents membership={membership} />
      ) : (
        <div class="card">
          <h2>Only owners and admins see incident reports</h2>
          <p>
            Incident reports hold sensitive details about young people and volunteers, so at {membership.name} only owners and admins read and record them. You're a {membership.role} here.
          </p>
          <p>If something happened that affects someone's safety, tell one of your institution's owners or admins now: they record it and follow it up.</p>
        </div>
      )}
    </>
  );
}

export default function IncidentsRoute({ tenant }: { tenant: string }) {
  return (
    <TenantPage key={tenant} tenant={tenant}>
      {(membership) => <IncidentsPage membership={membership} />}
    </TenantPage>
  );
}
