/**
 * `/console/:tenant/programs/:program/mentors/:application`: one volunteer
 * mentor's screening — whether they may enter matching and why not, then each
 * step: the application review, the interview, references (the emailed form and
 * the referee's answers), the background check, and the code of conduct and
 * commitment the mentor signs themselves. Owners, admins and the program's
 * coordinators only; every view and change is in the audit log.
 */
import type { ComponentChildren } from "preact";
import { useRef, useState } from "preact/hooks";
// The dates module alone: the package index would bring its valibot schemas into this page.
import { addMonths } from "@tandem/safeguarding/dates";
import { type ApiProblem, consolePaths, safeguardingApi, staticPages, unwrap } from "../api.js";
import { describedBy, FieldError, sentence } from "../components/fields.js";
import { type Membership, type Program, ProgramPage } from "../components/gates.js";
import { APPLICATION_WORDS, expiryOf, focusSoon, formatDay, formatMoment, minutesText, plural, ReadyChip, StepChip, type StepState } from "../components/screening-parts.js";
import { Announce, Loading, ProblemPanel } from "../components/status.js";
import { useUnsavedChangesWarning } from "../components/unsaved-changes.js";
import { asProblem, useLoad, usePageTitle } from "../hooks.js";
import { canManagePrograms } from "../session.js";

const mentorClient = safeguardingApi.screening.api.v1.t[":slug"].programs[":program"].screening[":applicationId"];

interface Ids {
  slug: string;
  program: string;
  applicationId: string;
}

const loadDetail = (ids: Ids) => unwrap(mentorClient.$get({ param: ids }));
type Detail = Awaited<ReturnType<typeof loadDetail>>;
type Reference = Detail["references"][number];
type StepKey = Detail["status"]["steps"][number]["key"];
type CheckStatus = "pending" | "cleared" | "flagged";
type Status = { message: string; tone?: "success" | "error" } | null;

const fullName = (person: { firstName: string; lastName: string }) => `${person.firstName} ${person.lastName}`.trim();

/** A sentence when a change moved the mentor into or out of matching; empty when it did not. */
function readinessChange(before: Detail, after: Detail): string {
  if (before.status.ready === after.status.ready) return "";
  return after.status.ready ? `${after.mentor.firstName} is now ready for matching.` : `${after.mentor.firstName} is no longer ready for matching.`;
}

/** A step form's submit button, and whether it holds changes not saved yet. */
function SaveRow({ busy, dirty, label }: { busy: boolean; dirty: boolean; label: string }) {
  return (
    <p class="actions">
      <button class="button" type="submit" aria-disabled={busy ? "true" : undefined}>
        {busy ? "Saving…" : label}
      </button>
      {dirty && <span class="muted small">Unsaved changes</span>}
    </p>
  );
}

/** The save message, then the change of readiness it caused (said in the same live region). */
const withReadiness = (message: string, before: Detail, after: Detail) => [message, readinessChange(before, after)].filter(Boolean).join(" ");

/**
 * A save or another change of the record: the API answers the whole record,
 * which replaces the page's; a refusal keeps the problem for the fields to show
 * (focus goes to the first field named) and says what happened in the live region,
 * with whether the mentor has just become ready for matching or stopped being.
 * A success message left empty is said elsewhere (in the caller's own live region).
 */
function useAction(detail: Detail, onDetail: (detail: Detail) => void) {
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [status, setStatus] = useState<Status>(null);
  const [busy, setBusy] = useState(false);
  /** Set at once (a state update is not), so a double click sends one request. */
  const busyNow = useRef(false);
  /** The record on screen when a change is sent, to tell whether readiness changed. */
  const current = useRef(detail);
  current.current = detail;

  async function run(call: () => Promise<Detail>, success: (detail: Detail) => string, fieldIds: Record<string, string> = {}): Promise<boolean> {
    if (busyNow.current) return false;
    busyNow.current = true;
    setBusy(true);
    setStatus(null);
    const before = current.current;
    try {
      const after = await call();
      setProblem(null);
      onDetail(after);
      const message = success(after);
      setStatus({ message: message && withReadiness(message, before, after), tone: "success" });
      return true;
    } catch (caught) {
      const failure = asProblem(caught);
      setProblem(failure);
      const named = failure.errors.filter((error) => fieldIds[error.path]);
      setStatus({
        message:
          named.length > 0
            ? `Nothing was saved: ${named.length === 1 ? "one field needs" : `${named.length} fields need`} fixing. Correct the marked ${named.length === 1 ? "field" : "fields"} and save again.`
            : `Nothing was saved. ${failure.detail}`,
        tone: "error",
      });
      if (named[0]) focusSoon(fieldIds[named[0].path]!);
      return false;
    } finally {
      busyNow.current = false;
      setBusy(false);
    }
  }

  const error = (path: string, name: string) => sentence(name, problem?.fieldError(path));
  return { status, busy, run, error, setStatus, clear: () => setProblem(null) };
}

// ---------------------------------------------------------------- pieces

function TextField({
  id,
  label,
  type = "text",
  value,
  error,
  hint,
  optional,
  autocomplete,
  onInput,
}: {
  id: string;
  label: string;
  type?: "text" | "date" | "email";
  value: string;
  error: string | undefined;
  hint?: ComponentChildren;
  optional?: boolean;
  autocomplete?: "name" | "email" | "off";
  onInput: (value: string) => void;
}) {
  return (
    <div class="field">
      <label for={id}>
        {label}
        {optional && <span class="optional"> (optional)</span>}
      </label>
      <input
        id={id}
        // preact's types tell input kinds apart by `type`; these three take the same attributes.
        type={type as "text"}
        autocomplete={autocomplete ?? "off"}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(hint ? `${id}-hint` : undefined, error && `${id}-error`)}
      />
      {hint && (
        <span id={`${id}-hint`} class="hint">
          {hint}
        </span>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function NotesField({ id, label, value, error, hint, onInput }: { id: string; label: string; value: string; error: string | undefined; hint?: string; onInput: (value: string) => void }) {
  return (
    <div class="field">
      <label for={id}>
        {label} <span class="optional">(optional)</span>
      </label>
      <textarea
        id={id}
        rows={4}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
      />
      {hint && (
        <span id={`${id}-hint`} class="hint">
          {hint}
        </span>
      )}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** One screening step: its heading, whether the program requires it and where the mentor stands. */
function StepSection({ detail, step, title, showDetail = true, children }: { detail: Detail; step: StepKey; title: string; showDetail?: boolean; children: ComponentChildren }) {
  const state = detail.status.steps.find((candidate) => candidate.key === step);
  const id = `step-${step}`;
  return (
    <section class="card screening-step" aria-labelledby={`${id}-title`} id={id}>
      <div class="screening-step-head">
        <h2 id={`${id}-title`} tabIndex={-1}>
          {title}
        </h2>
        {state && (
          <p class="screening-step-state">
            <StepChip state={state.state} />
            <span class="badge">{state.required ? "Required" : "Not required for this program"}</span>
          </p>
        )}
      </div>
      {showDetail && state && state.state !== "complete" && state.detail && <p class="muted">{state.detail}</p>}
      {children}
    </section>
  );
}

// ---------------------------------------------------------------- application review

function ApplicationReview({ ids, detail, onDetail, tenant }: { ids: Ids; detail: Detail; onDetail: (detail: Detail) => void; tenant: string }) {
  const action = useAction(detail, onDetail);
  const reviewed = detail.record.applicationReviewedAt;
  const first = detail.mentor.firstName;
  const toggle = () =>
    action.run(
      () => unwrap(mentorClient.$patch({ param: ids, json: { applicationReviewed: !reviewed } })),
      () => (reviewed ? "Marked the application as not reviewed." : "Marked the application reviewed, by you, now."),
    );
  return (
    <StepSection detail={detail} step="application_review" title="Application review">
      {reviewed ? (
        <p>
          Reviewed by {detail.record.applicationReviewedBy?.name ?? "a staff member"} on {formatMoment(reviewed)}.
        </p>
      ) : (
        <p>
          Read {first}'s answers on <a href={staticPages.program(tenant, ids.program)}>the program's applications</a>, then mark the application reviewed.
        </p>
      )}
      <p class="actions">
        <button id="mentor-review-toggle" class={reviewed ? "button secondary" : "button"} type="button" aria-disabled={action.busy ? "true" : undefined} onClick={toggle}>
          {reviewed ? "Mark as not reviewed" : "Mark application reviewed"}
        </button>
      </p>
      <Announce message={action.status?.message ?? null} tone={action.status?.tone} />
    </StepSection>
  );
}

// ---------------------------------------------------------------- interview

function Interview({ ids, detail, onDetail }: { ids: Ids; detail: Detail; onDetail: (detail: Detail) => void }) {
  const action = useAction(detail, onDetail);
  const savedOf = (value: Detail) => ({ on: value.record.interview?.on ?? "", interviewer: value.record.interview?.interviewer ?? "", notes: value.record.interview?.notes ?? "" });
  const [saved, setSaved] = useState(() => savedOf(detail));
  const [draft, setDraft] = useState(saved);
  const [confirming, setConfirming] = useState(false);
  const recorded = detail.record.interview;
  const dirty = draft.on !== saved.on || draft.interviewer !== saved.interviewer || draft.notes !== saved.notes;
  useUnsavedChangesWarning(dirty, "The interview has unsaved changes. Leave this page and lose them?");
  const set = (key: keyof typeof draft, value: string) => setDraft((current) => ({ ...current, [key]: value }));

  async function save(event: Event) {
    event.preventDefault();
    await action.run(
      () => unwrap(mentorClient.$patch({ param: ids, json: { interview: { on: draft.on, interviewer: draft.interviewer, notes: draft.notes } } })),
      (after) => {
        const next = savedOf(after);
        setSaved(next);
        setDraft(next);
        return `Saved the interview of ${formatDay(next.on)} with ${next.interviewer}.`;
      },
      { "body.interview.on": "mentor-interview-on", "body.interview.interviewer": "mentor-interview-by", "body.interview.notes": "mentor-interview-notes", "body.interview": "mentor-interview-on" },
    );
  }

  const askToRemove = () => {
    setConfirming(true);
    focusSoon("mentor-interview-remove-confirm");
  };
  const keep = () => {
    setConfirming(false);
    focusSoon("mentor-interview-remove");
  };
  async function remove() {
    const removed = recorded;
    const done = await action.run(
      () => unwrap(mentorClient.$patch({ param: ids, json: { interview: null } })),
      (after) => {
        const next = savedOf(after);
        setSaved(next);
        setDraft(next);
        return removed ? `Removed the interview of ${formatDay(removed.on)} with ${removed.interviewer}, and its notes.` : "Removed the interview record.";
      },
    );
    setConfirming(false);
    focusSoon(done ? "step-interview-title" : "mentor-interview-remove");
  }

  return (
    <StepSection detail={detail} step="interview" title="Interview">
      {detail.record.interview && (
        <p>
          Held on {formatDay(detail.record.interview.on)} by {detail.record.interview.interviewer}.
        </p>
      )}
      <form onSubmit={save} noValidate aria-label="Interview">
        <div class="row two">
          <TextField id="mentor-interview-on" label="Date of the interview" type="date" value={draft.on} error={action.error("body.interview.on", "Date of the interview")} onInput={(value) => set("on", value)} />
          <TextField
            id="mentor-interview-by"
            label="Interviewer"
            autocomplete="name"
            value={draft.interviewer}
            error={action.error("body.interview.interviewer", "Interviewer")}
            onInput={(value) => set("interviewer", value)}
          />
        </div>
        <NotesField
          id="mentor-interview-notes"
          label="Notes"
          hint="What you discussed and anything to follow up. Only the program's coordinators and the institution's admins see these."
          value={draft.notes}
          error={action.error("body.interview.notes", "Notes")}
          onInput={(value) => set("notes", value)}
        />
        <SaveRow busy={action.busy} dirty={dirty} label="Save interview" />
      </form>
      {recorded &&
        (confirming ? (
          <div class="confirm" role="group" aria-labelledby="mentor-interview-remove-text">
            <p class="confirm-text" id="mentor-interview-remove-text">
              Remove the interview of {formatDay(recorded.on)} with {recorded.interviewer}? Its notes are deleted too, and the interview step is missing again.
            </p>
            <div class="actions">
              <button id="mentor-interview-remove-confirm" class="button danger" type="button" aria-disabled={action.busy ? "true" : undefined} onClick={remove}>
                Remove the interview record
              </button>
              <button class="button secondary" type="button" onClick={keep}>
                Keep it
              </button>
            </div>
          </div>
        ) : (
          <p class="actions">
            <button id="mentor-interview-remove" class="button secondary small" type="button" onClick={askToRemove}>
              Remove the interview record
            </button>
          </p>
        ))}
      <Announce message={action.status?.message ?? null} tone={action.status?.tone} />
    </StepSection>
  );
}

// ---------------------------------------------------------------- references

const KNOWN_FOR: Record<string, string> = { less_than_1_year: "Less than 1 year", "1_to_3_years": "1–3 years", more_than_3_years: "More than 3 years" };
const YES_NO: Record<string, string> = { yes: "Yes", no: "No", unsure: "Not sure" };

function Answers({ reference, first }: { reference: Reference; first: string }) {
  const response = reference.response;
  if (!response) return null;
  const answer = (key: string) => {
    const value = response.answers[key];
    return typeof value === "string" ? value : "";
  };
  const rows: [string, string][] = [
    [`How long they have known ${first}`, KNOWN_FOR[answer("knownFor")] ?? answer("knownFor")],
    [`How they know ${first}`, answer("relationship")],
    ["Suitable to work with young people", YES_NO[answer("suitableWithYoungPeople")] ?? answer("suitableWithYoungPeople")],
    ["Concerns", answer("concerns") || "None"],
    ["Would recommend as a volunteer mentor", YES_NO[answer("recommend")] ?? answer("recommend")],
    ["Anything else", answer("comments") || "Nothing"],
  ];
  const worrying = answer("suitableWithYoungPeople") !== "yes" || answer("recommend") !== "yes" || answer("concerns") !== "";
  return (
    <div class="screening-answers">
      <h4>
        {reference.name}'s answers{worrying && <strong class="screening-attention"> — read carefully: not a clear yes</strong>}
      </h4>
      <dl>
        {rows.map(([question, value]) => (
          <div key={question}>
            <dt>{question}</dt>
            <dd class="screening-text">{value || "—"}</dd>
          </div>
        ))}
      </dl>
      <p class="small muted">
        Signed “{response.signature}” on {formatMoment(response.submittedAt)}.
      </p>
    </div>
  );
}

function referenceState(reference: Reference): { state: StepState; text: string } {
  if (reference.receivedAt) return { state: "complete", text: reference.response ? `Answered the form on ${formatMoment(reference.receivedAt)}` : `Marked received on ${formatMoment(reference.receivedAt)}` };
  if (reference.requestedAt && reference.linkOpen) return { state: "pending", text: `Asked by email on ${formatMoment(reference.requestedAt)}; no answer yet` };
  if (reference.requestedAt) return { state: "missing", text: `Asked on ${formatMoment(reference.requestedAt)}; the link is closed — send it again` };
  return { state: "missing", text: "Not asked by email: mark it received when you have it" };
}

function ReferenceItem({
  ids,
  detail,
  reference,
  first,
  onDetail,
  onDeleted,
}: {
  ids: Ids;
  detail: Detail;
  reference: Reference;
  first: string;
  onDetail: (detail: Detail) => void;
  onDeleted: (reference: Reference, detail: Detail) => void;
}) {
  const action = useAction(detail, onDetail);
  const [notes, setNotes] = useState(reference.notes);
  const [savedNotes, setSavedNotes] = useState(reference.notes);
  const [confirming, setConfirming] = useState(false);
  const param = { ...ids, referenceId: reference.id };
  const prefix = `reference-${reference.id}`;
  const state = referenceState(reference);
  const client = mentorClient.references[":referenceId"];
  useUnsavedChangesWarning(notes !== savedNotes, `Your notes on ${reference.name}'s reference are not saved. Leave this page and lose them?`);

  const toggleReceived = () =>
    action.run(
      () => unwrap(client.$patch({ param, json: { received: !reference.receivedAt } })),
      () => (reference.receivedAt ? `Marked ${reference.name}'s reference as not received.` : `Marked ${reference.name}'s reference received. The emailed link no longer works.`),
    );
  const saveNotes = (event: Event) => {
    event.preventDefault();
    void action.run(
      () => unwrap(client.$patch({ param, json: { notes } })),
      () => {
        setSavedNotes(notes);
        return `Saved your notes on ${reference.name}'s reference.`;
      },
      { "body.notes": `${prefix}-notes` },
    );
  };
  const resend = () =>
    action.run(
      () => unwrap(client.resend.$post({ param })),
      () => `Emailed ${reference.name} a new link to the reference form. The earlier link no longer works.`,
    );
  async function remove() {
    await action.run(
      () => unwrap(client.$delete({ param })),
      (after) => {
        onDeleted(reference, after);
        return "";
      },
    );
  }
  const askToRemove = () => {
    setConfirming(true);
    focusSoon(`${prefix}-confirm`);
  };
  const keep = () => {
    setConfirming(false);
    focusSoon(`${prefix}-delete`);
  };

  return (
    <li class="screening-reference" data-reference={reference.id}>
      <h3 class="screening-reference-name">{reference.name}</h3>
      <p class="muted small break-anywhere">
        {reference.relationship ? `${reference.relationship} · ` : ""}
        {reference.email}
      </p>
      <p>
        <StepChip state={state.state} /> <span class="screening-detail-inline">{state.text}</span>
      </p>
      <Answers reference={reference} first={first} />
      <form onSubmit={saveNotes} noValidate aria-label={`Notes on ${reference.name}'s reference`}>
        <NotesField id={`${prefix}-notes`} label="Your notes" value={notes} error={action.error("body.notes", "Your notes")} onInput={setNotes} />
        <p class="actions">
          <button class="button secondary small" type="submit" aria-disabled={action.busy ? "true" : undefined}>
            Save notes<span class="sr-only"> on {reference.name}'s reference</span>
          </button>
        </p>
      </form>
      {confirming ? (
        <div class="confirm" role="group" aria-labelledby={`${prefix}-confirm-text`}>
          <p class="confirm-text" id={`${prefix}-confirm-text`}>
            Delete the reference from {reference.name}?{reference.response ? " Their answers are deleted too." : ""} The emailed link will stop working.
          </p>
          <div class="actions">
            <button id={`${prefix}-confirm`} class="button danger" type="button" aria-disabled={action.busy ? "true" : undefined} onClick={remove}>
              Delete the reference
            </button>
            <button class="button secondary" type="button" onClick={keep}>
              Keep it
            </button>
          </div>
        </div>
      ) : (
        <p class="actions">
          <button id={`${prefix}-received`} class="button secondary small" type="button" aria-disabled={action.busy ? "true" : undefined} onClick={toggleReceived}>
            {reference.receivedAt ? "Mark not received" : "Mark received"}
            <span class="sr-only"> (the reference from {reference.name})</span>
          </button>
          {!reference.receivedAt && (
            <button id={`${prefix}-resend`} class="button secondary small" type="button" aria-disabled={action.busy ? "true" : undefined} onClick={resend}>
              {reference.requestedAt ? "Send the link again" : "Email the form"}
              <span class="sr-only"> to {reference.name}</span>
            </button>
          )}
          <button id={`${prefix}-delete`} class="button secondary small" type="button" onClick={askToRemove}>
            Delete<span class="sr-only"> the reference from {reference.name}</span>
          </button>
        </p>
      )}
      <Announce message={action.status?.message || null} tone={action.status?.tone} />
    </li>
  );
}

function AddReferee({ ids, detail, onDetail, first }: { ids: Ids; detail: Detail; onDetail: (detail: Detail) => void; first: string }) {
  const action = useAction(detail, onDetail);
  const empty = { name: "", email: "", relationship: "" };
  const [draft, setDraft] = useState(empty);
  const [send, setSend] = useState(true);
  const dirty = draft.name !== "" || draft.email !== "" || draft.relationship !== "";
  useUnsavedChangesWarning(dirty, "The referee you were adding is not saved. Leave this page and lose it?");
  const set = (key: keyof typeof draft, value: string) => setDraft((current) => ({ ...current, [key]: value }));

  async function add(event: Event) {
    event.preventDefault();
    const sent = { ...draft, send };
    await action.run(
      () => unwrap(mentorClient.references.$post({ param: ids, json: { name: sent.name, email: sent.email, relationship: sent.relationship || undefined, send: sent.send } })),
      () => {
        setDraft(empty);
        focusSoon("referee-name");
        return sent.send
          ? `Added ${sent.name.trim()} and emailed them the reference form. Their answers appear here when they send it.`
          : `Added ${sent.name.trim()}. Mark the reference received when you have it.`;
      },
      { "body.name": "referee-name", "body.email": "referee-email", "body.relationship": "referee-relationship" },
    );
  }

  return (
    <form class="screening-add-referee" onSubmit={add} noValidate aria-labelledby="referee-title">
      <h3 id="referee-title">Add a referee</h3>
      <p class="muted">Someone who knows {first} well and is not family. Tandem emails them a short form they fill in without an account.</p>
      <div class="row two">
        <TextField id="referee-name" label="Referee's name" autocomplete="off" value={draft.name} error={action.error("body.name", "Referee's name")} onInput={(value) => set("name", value)} />
        <TextField id="referee-email" label="Referee's email address" type="email" value={draft.email} error={action.error("body.email", "Email address")} onInput={(value) => set("email", value)} />
      </div>
      <TextField
        id="referee-relationship"
        label={`How they know ${first}`}
        optional
        hint="For example: manager, colleague, coach."
        value={draft.relationship}
        error={action.error("body.relationship", "How they know them")}
        onInput={(value) => set("relationship", value)}
      />
      <div class="check-field">
        <input id="referee-send" type="checkbox" checked={send} onChange={(event) => setSend(event.currentTarget.checked)} />
        <label for="referee-send">Email them the reference form now</label>
      </div>
      <p class="actions">
        <button class="button" type="submit" aria-disabled={action.busy ? "true" : undefined}>
          {action.busy ? "Adding…" : "Add referee"}
        </button>
      </p>
      <Announce message={action.status?.message ?? null} tone={action.status?.tone} />
    </form>
  );
}

function References({ ids, detail, onDetail }: { ids: Ids; detail: Detail; onDetail: (detail: Detail) => void }) {
  const [status, setStatus] = useState<Status>(null);
  const received = detail.references.filter((reference) => reference.receivedAt).length;
  const needed = detail.settings.referencesRequired;
  const first = detail.mentor.firstName;
  const onDeleted = (reference: Reference, after: Detail) => {
    onDetail(after);
    setStatus({ message: withReadiness(`Deleted the reference from ${reference.name}.`, detail, after), tone: "success" });
    focusSoon("step-references-title");
  };
  return (
    <StepSection detail={detail} step="references" title="References">
      {received >= needed && (
        <p>
          {received} of {plural(needed, "reference")} received.
        </p>
      )}
      {detail.references.length === 0 ? (
        <p class="empty">No referees yet. Add one below: Tandem emails them a short form.</p>
      ) : (
        <ul class="screening-references">
          {detail.references.map((reference) => (
            <ReferenceItem key={reference.id} ids={ids} detail={detail} reference={reference} first={first} onDetail={onDetail} onDeleted={onDeleted} />
          ))}
        </ul>
      )}
      <Announce message={status?.message ?? null} tone={status?.tone} />
      <AddReferee ids={ids} detail={detail} onDetail={onDetail} first={first} />
    </StepSection>
  );
}

// ---------------------------------------------------------------- background check

function BackgroundCheck({ ids, detail, onDetail }: { ids: Ids; detail: Detail; onDetail: (detail: Detail) => void }) {
  const action = useAction(detail, onDetail);
  const months = detail.settings.backgroundCheckValidMonths;
  /**
   * The record as the form shows it. An expiry the server computed (the program's
   * validity after the cleared date) shows as empty, so a renewed check (a new
   * cleared date) gets a new computed expiry instead of the old one sent back.
   */
  const savedOf = (value: Detail) => {
    const check = value.record.backgroundCheck;
    const computed = check?.clearedOn ? addMonths(check.clearedOn, value.settings.backgroundCheckValidMonths) : null;
    const expiresOn = check?.expiresOn && check.expiresOn !== computed ? check.expiresOn : "";
    return { provider: check?.provider ?? "", requestedOn: check?.requestedOn ?? "", status: (check?.status ?? "pending") as CheckStatus, clearedOn: check?.clearedOn ?? "", expiresOn };
  };
  const [saved, setSaved] = useState(() => savedOf(detail));
  const [draft, setDraft] = useState(saved);
  /** Whether the coordinator typed the expiry here; if not, a new cleared date empties it (the stored one belonged to the old date). */
  const [expiryTyped, setExpiryTyped] = useState(false);
  const recorded = detail.record.backgroundCheck;
  const dirty = (Object.keys(draft) as (keyof typeof draft)[]).some((key) => draft[key] !== saved[key]) && (recorded !== null || draft.provider !== "" || draft.requestedOn !== "");
  useUnsavedChangesWarning(dirty, "The background check has unsaved changes. Leave this page and lose them?");
  const set = (key: keyof typeof draft, value: string) => setDraft((current) => ({ ...current, [key]: value }));
  const setClearedOn = (value: string) => setDraft((current) => ({ ...current, clearedOn: value, expiresOn: expiryTyped ? current.expiresOn : "" }));
  const setExpiresOn = (value: string) => {
    setExpiryTyped(value !== "");
    set("expiresOn", value);
  };
  const cleared = draft.status === "cleared";
  const defaultExpiry = cleared && /^\d{4}-\d{2}-\d{2}$/.test(draft.clearedOn) ? addMonths(draft.clearedOn, months) : "";

  async function save(event: Event) {
    event.preventDefault();
    const json = {
      backgroundCheck: {
        provider: draft.provider,
        requestedOn: draft.requestedOn,
        status: draft.status,
        ...(cleared ? { clearedOn: draft.clearedOn || null, expiresOn: draft.expiresOn || null } : {}),
      },
    };
    await action.run(
      () => unwrap(mentorClient.$patch({ param: ids, json })),
      (after) => {
        const next = savedOf(after);
        setSaved(next);
        setDraft(next);
        setExpiryTyped(false);
        const check = after.record.backgroundCheck;
        if (check?.status === "cleared") return `Saved: the check cleared on ${formatDay(check.clearedOn)} and expires on ${formatDay(check.expiresOn)}.`;
        return check?.status === "flagged" ? "Saved: the check is flagged. The mentor stays out of matching." : "Saved: the check is requested and waiting.";
      },
      {
        "body.backgroundCheck.provider": "mentor-check-provider",
        "body.backgroundCheck.requestedOn": "mentor-check-requested",
        "body.backgroundCheck.status": "mentor-check-status",
        "body.backgroundCheck.clearedOn": "mentor-check-cleared",
        "body.backgroundCheck.expiresOn": "mentor-check-expires",
        "body.backgroundCheck": "mentor-check-provider",
      },
    );
  }

  const statusError = action.error("body.backgroundCheck.status", "Status");
  const current = recorded?.status === "cleared" && recorded.expiresOn ? expiryOf(recorded.expiresOn, detail.today) : null;
  return (
    <StepSection detail={detail} step="background_check" title="Background check">
      {recorded && (
        <p>
          {recorded.provider}, requested on {formatDay(recorded.requestedOn)}.{" "}
          {recorded.status === "cleared" ? (
            <>
              Cleared on {formatDay(recorded.clearedOn)}.{" "}
              {current && <strong class={`screening-expiry screening-expiry-${current.kind}`}>{current.text}.</strong>}
            </>
          ) : recorded.status === "flagged" ? (
            <strong class="screening-attention">Flagged.</strong>
          ) : (
            "Not cleared yet."
          )}
        </p>
      )}
      <form onSubmit={save} noValidate aria-label="Background check">
        <div class="row two">
          <TextField
            id="mentor-check-provider"
            label="Provider"
            hint="Who runs the check, such as the state police or a screening company."
            value={draft.provider}
            error={action.error("body.backgroundCheck.provider", "Provider")}
            onInput={(value) => set("provider", value)}
          />
          <TextField
            id="mentor-check-requested"
            label="Requested on"
            type="date"
            value={draft.requestedOn}
            error={action.error("body.backgroundCheck.requestedOn", "Requested on")}
            onInput={(value) => set("requestedOn", value)}
          />
        </div>
        <div class="field">
          <label for="mentor-check-status">Status</label>
          <select
            id="mentor-check-status"
            value={draft.status}
            onChange={(event) => set("status", event.currentTarget.value)}
            aria-invalid={statusError ? "true" : undefined}
            aria-describedby={describedBy(statusError && "mentor-check-status-error")}
          >
            <option value="pending">Requested, waiting for the result</option>
            <option value="cleared">Cleared</option>
            <option value="flagged">Flagged (something to look into)</option>
          </select>
          <FieldError id="mentor-check-status-error" message={statusError} />
        </div>
        {cleared && (
          <div class="row two">
            <TextField
              id="mentor-check-cleared"
              label="Cleared on"
              type="date"
              value={draft.clearedOn}
              error={action.error("body.backgroundCheck.clearedOn", "Cleared on")}
              onInput={setClearedOn}
            />
            <TextField
              id="mentor-check-expires"
              label="Expires on"
              type="date"
              optional
              hint={
                <>
                  Leave it empty and the check expires {plural(months, "month")} after it cleared, the program's validity
                  {defaultExpiry ? ` (on ${formatDay(defaultExpiry)})` : ""}. Give a date if the provider's certificate says otherwise.
                </>
              }
              value={draft.expiresOn}
              error={action.error("body.backgroundCheck.expiresOn", "Expires on")}
              onInput={setExpiresOn}
            />
          </div>
        )}
        <SaveRow busy={action.busy} dirty={dirty} label="Save background check" />
      </form>
      <Announce message={action.status?.message ?? null} tone={action.status?.tone} />
    </StepSection>
  );
}

// ---------------------------------------------------------------- signed by the mentor

function CodeOfConduct({ detail }: { detail: Detail }) {
  const signed = detail.record.codeOfConduct;
  /** A signature counts only for the text signed: after the program changed its code, it is an earlier version's. */
  const outdated = signed !== null && detail.status.steps.find((step) => step.key === "code_of_conduct")?.state !== "complete";
  return (
    <StepSection detail={detail} step="code_of_conduct" title="Code of conduct" showDetail={false}>
      {signed ? (
        <>
          {outdated && (
            <p class="screening-attention" id="mentor-conduct-outdated">
              Signed an earlier version on {formatMoment(signed.signedAt)}; the code of conduct has changed since, so they must sign the new one.
            </p>
          )}
          <dl class="screening-facts">
            <div>
              <dt>Signed by</dt>
              <dd>{signed.signature}</dd>
            </div>
            <div>
              <dt>When</dt>
              <dd>{formatMoment(signed.signedAt)}</dd>
            </div>
            <div>
              <dt>From IP address</dt>
              <dd>{signed.ip ?? "Not recorded"}</dd>
            </div>
          </dl>
          <details class="screening-conduct">
            <summary>{outdated ? "The earlier text they signed" : "The text they signed"}</summary>
            <p class="screening-text">{signed.text}</p>
          </details>
        </>
      ) : (
        <p>Not signed yet. {detail.mentor.firstName} signs the code of conduct themselves, with their name, in the portal their application emails link to.</p>
      )}
    </StepSection>
  );
}

function Commitment({ detail }: { detail: Detail }) {
  const accepted = detail.record.commitment;
  const needed = detail.settings.commitmentMonths;
  return (
    <StepSection detail={detail} step="commitment" title="Minimum commitment" showDetail={false}>
      {accepted ? (
        <p>
          Accepted a commitment of {plural(accepted.months, "month")} on {formatMoment(accepted.acceptedAt)}
          {accepted.months < needed ? `; the program now asks for ${plural(needed, "month")}, so they need to accept again.` : "."}
        </p>
      ) : (
        <p>
          Not accepted yet. {detail.mentor.firstName} accepts the {needed}-month commitment themselves in their portal.
        </p>
      )}
    </StepSection>
  );
}

function Training({ detail, tenant }: { detail: Detail; tenant: string }) {
  const t = detail.status.training;
  return (
    <section class="card" aria-labelledby="mentor-training-title">
      <h2 id="mentor-training-title">Training</h2>
      <p>
        {detail.settings.trainingRequired ? (
          <>
            <StepChip state={t.complete ? "complete" : "missing"} /> Required before matching.
          </>
        ) : (
          "Not required before matching in this program."
        )}
      </p>
      <p>
        {t.requiredDone} of {plural(t.requiredModules, "required module")} done
        {t.minMinutes > 0 ? `; ${t.minutesDone} of ${minutesText(t.minMinutes)}` : ""}.
        {t.missing.length > 0 && ` Still to do: ${t.missing.join(", ")}.`}
      </p>
      <p>
        <a href={consolePaths.training(tenant, detail.program.slug)}>Training progress of every mentor</a>
      </p>
    </section>
  );
}

// ---------------------------------------------------------------- the page

function Header({ detail, tenant }: { detail: Detail; tenant: string }) {
  const { status, mentor } = detail;
  return (
    <>
      <section class={`card screening-readiness ${status.ready ? "screening-readiness-ready" : "screening-readiness-not"}`} aria-labelledby="mentor-readiness-title">
        <h2 id="mentor-readiness-title">
          Ready for matching: <ReadyChip ready={status.ready} />
        </h2>
        {status.ready ? (
          <p>{mentor.firstName} has completed everything the program requires and can be matched.</p>
        ) : (
          <>
            <p>What {mentor.firstName} still needs before matching:</p>
            <ul class="screening-blockers">
              {status.blockers.map((blocker) => (
                <li key={blocker}>{blocker}</li>
              ))}
            </ul>
          </>
        )}
        {mentor.status !== "approved" && (
          <p class="muted">
            Their application is: {APPLICATION_WORDS[mentor.status]?.toLowerCase() ?? mentor.status}. Approve it on <a href={staticPages.program(tenant, detail.program.slug)}>the program's page</a>{" "}
            before matching.
          </p>
        )}
      </section>
      <p class="note screening-audit" role="note">
        Screening records are sensitive. Every time this page is opened, and every change made on it, is recorded in the institution's audit log.
      </p>
    </>
  );
}

function NotAllowed({ program, tenant }: { program: Program; tenant: string }) {
  return (
    <div class="card screening-not-allowed" role="note" aria-labelledby="screening-not-allowed-title">
      <h2 id="screening-not-allowed-title">You're not allowed to see mentors' screening records</h2>
      <p>
        Screening records are sensitive: only the institution's owners and admins and the coordinators of {program.name} see them. Ask an admin if you need a role that
        includes this.
      </p>
      <p>
        <a href={consolePaths.screening(tenant, program.slug)}>The program's screening requirements</a>
      </p>
    </div>
  );
}

function MentorScreening({ tenant, program, membership, applicationId }: { tenant: string; program: Program; membership: Membership; applicationId: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const allowed = canManagePrograms(membership.role);
  const ids: Ids = { slug: tenant, program: program.slug, applicationId };
  const loaded = useLoad(() => (allowed ? loadDetail(ids) : Promise.resolve(null)), [tenant, program.slug, applicationId, allowed]);
  const [changed, setChanged] = useState<Detail | null>(null);
  const detail = changed ?? (loaded.state === "ready" ? loaded.data : null);
  const forbidden = !allowed || (loaded.state === "failed" && loaded.problem.status === 403);
  const name = detail ? fullName(detail.mentor) : null;
  usePageTitle(name ? `${name}: screening` : loaded.state === "loading" && allowed ? null : `${program.name}: mentor screening`, heading);

  return (
    <>
      <p class="screening-back">
        <a href={consolePaths.screening(tenant, program.slug)}>
          <span aria-hidden="true">← </span>All mentors' screening
        </a>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {name ? `${name}: screening` : "Mentor screening"}
      </h1>
      {forbidden ? (
        <NotAllowed program={program} tenant={tenant} />
      ) : loaded.state === "failed" ? (
        <ProblemPanel problem={loaded.problem} retry={loaded.reload} />
      ) : !detail ? (
        <Loading what="the screening record" />
      ) : (
        <>
          <p class="lead">
            Volunteer mentor in {program.name}: {APPLICATION_WORDS[detail.mentor.status]?.toLowerCase() ?? detail.mentor.status}, applied {formatMoment(detail.mentor.submittedAt)}.
          </p>
          <p class="break-anywhere">
            Email: <a href={`mailto:${detail.mentor.email}`}>{detail.mentor.email}</a>
          </p>
          <Header detail={detail} tenant={tenant} />
          {!detail.settings.screeningRequired && (
            <p class="note">
              {program.name} doesn't require screening yet, so none of these steps keeps {detail.mentor.firstName} out of matching. Choose the required steps on{" "}
              <a href={consolePaths.screening(tenant, program.slug)}>the Screening page</a>.
            </p>
          )}
          <ApplicationReview ids={ids} detail={detail} onDetail={setChanged} tenant={tenant} />
          <Interview ids={ids} detail={detail} onDetail={setChanged} />
          <References ids={ids} detail={detail} onDetail={setChanged} />
          <BackgroundCheck ids={ids} detail={detail} onDetail={setChanged} />
          <CodeOfConduct detail={detail} />
          <Commitment detail={detail} />
          <Training detail={detail} tenant={tenant} />
        </>
      )}
    </>
  );
}

export default function MentorScreeningPage({ tenant, program, application }: { tenant: string; program: string; application: string }) {
  return (
    <ProgramPage key={`${tenant}/${program}/${application}`} tenant={tenant} program={program}>
      {(loaded, membership) => <MentorScreening tenant={tenant} program={loaded} membership={membership} applicationId={application} />}
    </ProgramPage>
  );
}
