/**
 * `/console/:tenant/programs/:program/screening`: what a volunteer mentor must
 * complete before matching (screening steps, references, background-check
 * validity, commitment, code of conduct, training) and, in youth programs, what
 * each side of a match sees of the other — then where every mentor stands.
 * All staff read the requirements; only owners, admins and the program's
 * coordinators change them or see mentors' screening (every view is audited).
 */
import { useRef, useState } from "preact/hooks";
import { ApiProblem, consolePaths, type FieldProblem, safeguardingApi, unwrap } from "../api.js";
import { describedBy, ErrorSummary, FieldError, Segmented, sentence, type SummaryItem } from "../components/fields.js";
import { type Membership, type Program, ProgramPage } from "../components/gates.js";
import { daysFrom, EXPIRY_WARNING_DAYS, expiryOf, formatDay, minutesText, plural, ReadyChip, StepChip } from "../components/screening-parts.js";
import { Announce, EmptyState, Loading, ProblemPanel } from "../components/status.js";
import { useUnsavedChangesWarning } from "../components/unsaved-changes.js";
import { asProblem, useLoad, usePageTitle } from "../hooks.js";
import { canManagePrograms } from "../session.js";

const settingsClient = safeguardingApi.settings.api.v1.t[":slug"].programs[":program"].safeguarding;
const listClient = safeguardingApi.screening.api.v1.t[":slug"].programs[":program"].screening;

const loadSettings = (tenant: string, program: string) => unwrap(settingsClient.$get({ param: { slug: tenant, program } }));
const loadList = (tenant: string, program: string) => unwrap(listClient.$get({ param: { slug: tenant, program } }));

type SettingsBody = Awaited<ReturnType<typeof loadSettings>>;
type Settings = SettingsBody["settings"];
type StepKey = Settings["screeningSteps"][number];
type Sharing = Settings["mentorSees"];
type List = Awaited<ReturnType<typeof loadList>>;
type Mentor = List["mentors"][number];

/** What each step asks of the coordinator or the mentor, said beside its checkbox. */
const STEP_HINTS: Record<StepKey, string> = {
  application_review: "A coordinator has read the mentor's application.",
  interview: "Date, interviewer and notes are recorded.",
  references: "Referees answer a short form Tandem emails them, or you mark them received.",
  background_check: "Cleared, and not expired.",
  code_of_conduct: "The mentor signs the code of conduct below themselves.",
  commitment: "The mentor accepts the minimum commitment themselves.",
};

const SHARING: { value: Sharing; label: string }[] = [
  { value: "name_only", label: "Name only (contact goes through the coordinator)" },
  { value: "name_and_email", label: "Name and email address" },
];
const sharingLabel = (value: Sharing) => SHARING.find((option) => option.value === value)?.label ?? value;

// ---------------------------------------------------------------- the requirements form

interface Draft {
  screeningRequired: boolean;
  screeningSteps: StepKey[];
  referencesRequired: string;
  backgroundCheckValidMonths: string;
  commitmentMonths: string;
  codeOfConduct: string;
  trainingRequired: boolean;
  minTrainingMinutes: string;
  trainingDueOn: string;
  mentorSees: Sharing;
  menteeSees: Sharing;
}

const NUMBER_KEYS = ["referencesRequired", "backgroundCheckValidMonths", "commitmentMonths", "minTrainingMinutes"] as const;
type Changes = Partial<Omit<Settings, "screeningSteps">> & { screeningSteps?: StepKey[] };

function draftOf(settings: Settings): Draft {
  return {
    screeningRequired: settings.screeningRequired,
    screeningSteps: [...settings.screeningSteps],
    referencesRequired: String(settings.referencesRequired),
    backgroundCheckValidMonths: String(settings.backgroundCheckValidMonths),
    commitmentMonths: String(settings.commitmentMonths),
    codeOfConduct: settings.codeOfConduct,
    trainingRequired: settings.trainingRequired,
    minTrainingMinutes: String(settings.minTrainingMinutes),
    trainingDueOn: settings.trainingDueOn ?? "",
    mentorSees: settings.mentorSees,
    menteeSees: settings.menteeSees,
  };
}

const sameSteps = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();

/** The settings that differ from the saved ones, as PATCH takes them, and numbers that are not numbers (said before anything is sent). */
function changesOf(saved: Settings, draft: Draft, order: readonly StepKey[]): { changes: Changes; problems: FieldProblem[] } {
  const changes: Changes = {};
  const problems: FieldProblem[] = [];
  if (draft.screeningRequired !== saved.screeningRequired) changes.screeningRequired = draft.screeningRequired;
  if (!sameSteps(draft.screeningSteps, saved.screeningSteps)) changes.screeningSteps = order.filter((key) => draft.screeningSteps.includes(key));
  for (const key of NUMBER_KEYS) {
    const text = draft[key].trim();
    if (text === String(saved[key])) continue;
    if (/^\d{1,6}$/.test(text)) changes[key] = Number(text);
    else problems.push({ path: `body.${key}`, message: text ? "must be a whole number" : "is required" });
  }
  if (draft.codeOfConduct.trim() !== saved.codeOfConduct) changes.codeOfConduct = draft.codeOfConduct;
  if (draft.trainingRequired !== saved.trainingRequired) changes.trainingRequired = draft.trainingRequired;
  const due = draft.trainingDueOn || null;
  if (due !== saved.trainingDueOn) changes.trainingDueOn = due;
  if (draft.mentorSees !== saved.mentorSees) changes.mentorSees = draft.mentorSees;
  if (draft.menteeSees !== saved.menteeSees) changes.menteeSees = draft.menteeSees;
  return { changes, problems };
}

const SETTING_NAMES: Record<keyof Settings, string> = {
  screeningRequired: "screening on or off",
  screeningSteps: "required steps",
  referencesRequired: "references needed",
  backgroundCheckValidMonths: "background check validity",
  commitmentMonths: "minimum commitment",
  codeOfConduct: "code of conduct",
  trainingRequired: "training on or off",
  minTrainingMinutes: "minimum training",
  trainingDueOn: "training due date",
  mentorSees: "what the mentor sees",
  menteeSees: "what the mentee sees",
};

/** Each API field's control, and its name for messages. */
const FIELDS: Record<string, { id: string; name: string }> = {
  "body.screeningRequired": { id: "screening-required", name: "Screening" },
  "body.screeningSteps": { id: "screening-step-application_review", name: "Steps" },
  "body.referencesRequired": { id: "screening-references", name: "References needed" },
  "body.backgroundCheckValidMonths": { id: "screening-check-months", name: "Background check validity" },
  "body.commitmentMonths": { id: "screening-commitment", name: "Minimum commitment" },
  "body.codeOfConduct": { id: "screening-conduct", name: "Code of conduct" },
  "body.trainingRequired": { id: "screening-training-required", name: "Training" },
  "body.minTrainingMinutes": { id: "screening-training-minutes", name: "Minimum training" },
  "body.trainingDueOn": { id: "screening-training-due", name: "Training due date" },
  "body.mentorSees": { id: "screening-mentor-sees-name_only", name: "What the mentor sees" },
  "body.menteeSees": { id: "screening-mentee-sees-name_only", name: "What the mentee sees" },
};
/** A problem's field: `body.screeningSteps.1` belongs to `body.screeningSteps`. */
const fieldPath = (path: string) => path.replace(/\.\d+$/, "");

function NumberField({
  id,
  label,
  unit,
  hint,
  value,
  error,
  onInput,
}: {
  id: string;
  label: string;
  unit?: string;
  hint: string;
  value: string;
  error: string | undefined;
  onInput: (value: string) => void;
}) {
  return (
    <div class="field">
      <label for={id}>
        {label}
        {unit && <span class="sr-only"> ({unit})</span>}
      </label>
      <span class="screening-number-unit">
        <input
          id={id}
          class="screening-number"
          type="text"
          inputMode="numeric"
          autocomplete="off"
          value={value}
          onInput={(event) => onInput(event.currentTarget.value)}
          aria-invalid={error ? "true" : undefined}
          aria-describedby={describedBy(`${id}-hint`, error && `${id}-error`)}
        />
        {unit && <span aria-hidden="true">{unit}</span>}
      </span>
      <span id={`${id}-hint`} class="hint">
        {hint}
      </span>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function SharingField({ side, legend, value, error, onChange }: { side: "mentor" | "mentee"; legend: string; value: Sharing; error: string | undefined; onChange: (value: Sharing) => void }) {
  const name = `screening-${side}-sees`;
  return (
    <fieldset class="field screening-choices" aria-describedby={describedBy(error && `${name}-error`)}>
      <legend class="field-legend">{legend}</legend>
      <FieldError id={`${name}-error`} message={error} />
      {SHARING.map((option) => (
        <div class="check-field" key={option.value}>
          <input id={`${name}-${option.value}`} type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
          <label for={`${name}-${option.value}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

function RequirementsForm({ tenant, program, initial, youth, onSaved }: { tenant: string; program: Program; initial: SettingsBody; youth: boolean; onSaved: () => void }) {
  const order = initial.steps.map((step) => step.key);
  const [saved, setSaved] = useState(initial.settings);
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial.settings));
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ message: string; tone?: "success" | "error" } | null>(null);
  const latestDraft = useRef(draft);
  latestDraft.current = draft;
  const summaryRef = useRef<HTMLDivElement>(null);
  const pending = changesOf(saved, draft, order);
  const dirty = Object.keys(pending.changes).length > 0 || pending.problems.length > 0;
  useUnsavedChangesWarning(dirty, "The screening requirements have unsaved changes. Leave this page and lose them?");

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const error = (path: string) => {
    const found = problem?.errors.find((candidate) => fieldPath(candidate.path) === path);
    return sentence(FIELDS[path]?.name ?? "", found?.message);
  };
  const summary: SummaryItem[] = (problem?.errors ?? []).map((fieldProblem) => {
    const field = FIELDS[fieldPath(fieldProblem.path)];
    return { target: field?.id ?? "screening-required", message: sentence(field?.name ?? fieldProblem.path, fieldProblem.message)! };
  });

  function toggleStep(key: StepKey, on: boolean) {
    setDraft((current) => ({ ...current, screeningSteps: on ? [...current.screeningSteps.filter((step) => step !== key), key] : current.screeningSteps.filter((step) => step !== key) }));
  }

  function refuse(failure: ApiProblem) {
    setProblem(failure);
    const count = failure.errors.length;
    setStatus({
      message: count > 0 ? `Nothing was saved: ${count === 1 ? "one setting needs" : `${count} settings need`} fixing. Correct the marked ${count === 1 ? "field" : "fields"} and save again.` : `Nothing was saved. ${failure.detail}`,
      tone: "error",
    });
    requestAnimationFrame(() => summaryRef.current?.focus());
  }

  async function save(event: Event) {
    event.preventDefault();
    const { changes, problems } = changesOf(saved, draft, order);
    if (problems.length > 0) return refuse(new ApiProblem(400, "Check the settings", "Some settings need fixing.", problems));
    if (Object.keys(changes).length === 0) {
      setProblem(null);
      setStatus({ message: "Nothing to save: you haven't changed any requirement." });
      return;
    }
    setSaving(true);
    setStatus(null);
    const sentDraft = draft;
    try {
      const body = await unwrap(settingsClient.$patch({ param: { slug: tenant, program: program.slug }, json: changes }));
      const editedMeanwhile = latestDraft.current !== sentDraft;
      setSaved(body.settings);
      if (!editedMeanwhile) setDraft(draftOf(body.settings));
      setProblem(null);
      const names = Object.keys(changes).map((key) => SETTING_NAMES[key as keyof Settings] ?? key);
      setStatus({ message: `Saved: ${names.join(", ")}.${editedMeanwhile ? " Changes you made while saving are not saved yet." : ""}`, tone: "success" });
      onSaved();
    } catch (caught) {
      refuse(asProblem(caught));
    } finally {
      setSaving(false);
    }
  }

  const errors = {
    required: error("body.screeningRequired"),
    steps: error("body.screeningSteps"),
    conduct: error("body.codeOfConduct"),
    training: error("body.trainingRequired"),
    due: error("body.trainingDueOn"),
  };
  const showSummary = problem && (problem.errors.length === 0 || summary.length > 0) ? problem : null;
  /** A signature counts only for the text signed: changing the code of conduct sends every mentor who signed it back to sign again. */
  const conductChanged = draft.screeningSteps.includes("code_of_conduct") && saved.codeOfConduct !== "" && draft.codeOfConduct.trim() !== saved.codeOfConduct;

  return (
    <form onSubmit={save} noValidate aria-label="Screening requirements">
      <ErrorSummary title="Nothing was saved: fix these settings" problem={showSummary} items={summary} summaryRef={summaryRef} />
      <section class="card" aria-labelledby="screening-requirements-title">
        <h2 id="screening-requirements-title">Screening before matching</h2>
        <p class="muted">Choose the checks every volunteer mentor must pass. When screening is required, only mentors who have completed every step enter matching.</p>
        <div class="check-field">
          <input
            id="screening-required"
            type="checkbox"
            checked={draft.screeningRequired}
            onChange={(event) => set("screeningRequired", event.currentTarget.checked)}
            aria-describedby={describedBy("screening-required-hint", errors.required && "screening-required-error")}
          />
          <label for="screening-required">Require screening before a mentor can be matched</label>
        </div>
        <p id="screening-required-hint" class="hint screening-under-check">
          {draft.screeningRequired ? "Mentors who have not completed the steps below stay out of matching." : "Off: every approved mentor can be matched. The steps you choose are still tracked."}
        </p>
        <FieldError id="screening-required-error" message={errors.required} />

        <fieldset class={`field screening-steps-field${errors.steps ? " has-error" : ""}`} id="screening-steps" aria-describedby={describedBy(errors.steps && "screening-steps-error")}>
          <legend class="field-legend">Steps a mentor must complete</legend>
          <FieldError id="screening-steps-error" message={errors.steps} />
          {initial.steps.map((step) => (
            <div class="check-field" key={step.key}>
              <input
                id={`screening-step-${step.key}`}
                type="checkbox"
                checked={draft.screeningSteps.includes(step.key)}
                onChange={(event) => toggleStep(step.key, event.currentTarget.checked)}
                aria-describedby={describedBy(`screening-step-${step.key}-hint`, errors.steps && "screening-steps-error")}
                aria-invalid={errors.steps ? "true" : undefined}
              />
              <div>
                <label for={`screening-step-${step.key}`}>{step.label}</label>
                <span id={`screening-step-${step.key}-hint`} class="hint screening-step-hint">
                  {STEP_HINTS[step.key]}
                </span>
              </div>
            </div>
          ))}
        </fieldset>

        <div class="row three">
          <NumberField
            id="screening-references"
            label="References needed"
            hint="From 1 to 5 received references."
            value={draft.referencesRequired}
            error={error("body.referencesRequired")}
            onInput={(value) => set("referencesRequired", value)}
          />
          <NumberField
            id="screening-check-months"
            label="Background check valid for"
            unit="months"
            hint="After this, the check expires and the mentor leaves matching until it is renewed."
            value={draft.backgroundCheckValidMonths}
            error={error("body.backgroundCheckValidMonths")}
            onInput={(value) => set("backgroundCheckValidMonths", value)}
          />
          <NumberField
            id="screening-commitment"
            label="Minimum commitment"
            unit="months"
            hint="How long a mentor agrees to stay with their mentee."
            value={draft.commitmentMonths}
            error={error("body.commitmentMonths")}
            onInput={(value) => set("commitmentMonths", value)}
          />
        </div>

        <div class="field">
          <label for="screening-conduct">
            Code of conduct <span class="optional">(mentors read and sign it)</span>
          </label>
          <textarea
            id="screening-conduct"
            rows={8}
            value={draft.codeOfConduct}
            onInput={(event) => set("codeOfConduct", event.currentTarget.value)}
            aria-invalid={errors.conduct ? "true" : undefined}
            aria-describedby={describedBy("screening-conduct-hint", conductChanged && "screening-conduct-warning", errors.conduct && "screening-conduct-error")}
          />
          <span id="screening-conduct-hint" class="hint">
            Mentors sign it themselves with their name; Tandem keeps the text they signed. Needed when signing it is a step.
          </span>
          <div aria-live="polite">
            {conductChanged && (
              <p id="screening-conduct-warning" class="note screening-conduct-warning">
                Mentors who signed the current text must sign again before they can be matched.
              </p>
            )}
          </div>
          <FieldError id="screening-conduct-error" message={errors.conduct} />
        </div>
      </section>

      <section class="card" aria-labelledby="screening-training-title">
        <h2 id="screening-training-title">Training before matching</h2>
        <p class="muted">
          Mentors take the program's <a href={consolePaths.training(tenant, program.slug)}>training modules</a> in their portal.
        </p>
        <div class="check-field">
          <input
            id="screening-training-required"
            type="checkbox"
            checked={draft.trainingRequired}
            onChange={(event) => set("trainingRequired", event.currentTarget.checked)}
            aria-describedby={describedBy(errors.training && "screening-training-required-error")}
          />
          <label for="screening-training-required">Require every required module to be finished before a mentor can be matched</label>
        </div>
        <FieldError id="screening-training-required-error" message={errors.training} />
        <div class="row two">
          <NumberField
            id="screening-training-minutes"
            label="Minimum training"
            unit="minutes"
            hint={`0 for no minimum. ${/^\d+$/.test(draft.minTrainingMinutes.trim()) && Number(draft.minTrainingMinutes) > 0 ? `That is ${minutesText(Number(draft.minTrainingMinutes))}.` : ""}`}
            value={draft.minTrainingMinutes}
            error={error("body.minTrainingMinutes")}
            onInput={(value) => set("minTrainingMinutes", value)}
          />
          <div class="field">
            <label for="screening-training-due">
              Training due by <span class="optional">(optional)</span>
            </label>
            <input
              id="screening-training-due"
              type="date"
              value={draft.trainingDueOn}
              onInput={(event) => set("trainingDueOn", event.currentTarget.value)}
              aria-invalid={errors.due ? "true" : undefined}
              aria-describedby={describedBy("screening-training-due-hint", errors.due && "screening-training-due-error")}
            />
            <span id="screening-training-due-hint" class="hint">
              Reminders nudge mentors with unfinished training before this date. Leave it empty to use the program's start date.
            </span>
            <FieldError id="screening-training-due-error" message={errors.due} />
          </div>
        </div>
      </section>

      {youth && (
        <section class="card" aria-labelledby="screening-sharing-title">
          <h2 id="screening-sharing-title">Contact details after a match is approved</h2>
          <p class="muted">
            {program.name} is a youth program: until a match is approved neither side sees the other's contact details. Choose what each side sees afterwards; guardians
            receive the introduction too.
          </p>
          <div class="row two">
            <SharingField side="mentor" legend="What the mentor sees of the mentee" value={draft.mentorSees} error={error("body.mentorSees")} onChange={(value) => set("mentorSees", value)} />
            <SharingField side="mentee" legend="What the mentee sees of the mentor" value={draft.menteeSees} error={error("body.menteeSees")} onChange={(value) => set("menteeSees", value)} />
          </div>
        </section>
      )}

      <div class="save-bar">
        <button class="button" type="submit" disabled={saving}>
          {saving ? "Saving…" : "Save requirements"}
        </button>
        <span class="muted small">{dirty ? "You have unsaved changes." : "All changes saved."}</span>
      </div>
      <Announce message={status?.message ?? null} tone={status?.tone} />
    </form>
  );
}

/** The requirements as text, for staff who may not change them (viewers). */
function RequirementsSummary({ body, youth }: { body: SettingsBody; youth: boolean }) {
  const s = body.settings;
  const steps = body.steps.filter((step) => s.screeningSteps.includes(step.key));
  return (
    <section class="card" aria-labelledby="screening-requirements-title">
      <h2 id="screening-requirements-title">Requirements before matching</h2>
      <p class="muted">Only owners, admins and the program's coordinators change these.</p>
      <dl class="screening-summary">
        <div>
          <dt>Screening</dt>
          <dd>{s.screeningRequired ? "Required before matching" : "Not required"}</dd>
        </div>
        <div>
          <dt>Steps</dt>
          <dd>{steps.length ? steps.map((step) => step.label).join(", ") : "None chosen"}</dd>
        </div>
        <div>
          <dt>References needed</dt>
          <dd>{s.referencesRequired}</dd>
        </div>
        <div>
          <dt>Background check valid for</dt>
          <dd>{plural(s.backgroundCheckValidMonths, "month")}</dd>
        </div>
        <div>
          <dt>Minimum commitment</dt>
          <dd>{plural(s.commitmentMonths, "month")}</dd>
        </div>
        <div>
          <dt>Training</dt>
          <dd>
            {s.trainingRequired ? "Required before matching" : "Not required"}
            {s.minTrainingMinutes > 0 ? `, at least ${minutesText(s.minTrainingMinutes)}` : ""}
            {s.trainingDueOn ? `, due by ${formatDay(s.trainingDueOn)}` : ""}
          </dd>
        </div>
        {youth && (
          <>
            <div>
              <dt>The mentor sees</dt>
              <dd>{sharingLabel(s.mentorSees)}</dd>
            </div>
            <div>
              <dt>The mentee sees</dt>
              <dd>{sharingLabel(s.menteeSees)}</dd>
            </div>
          </>
        )}
      </dl>
      {s.codeOfConduct && (
        <details class="screening-conduct">
          <summary>The code of conduct mentors sign</summary>
          <p class="screening-text">{s.codeOfConduct}</p>
        </details>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- the mentors

type Filter = "all" | "not_ready" | "expired";

const expiredOrSoon = (mentor: Mentor, today: string) =>
  mentor.steps.some((step) => step.state === "expired") || (mentor.expiresOn !== null && daysFrom(today, mentor.expiresOn) <= EXPIRY_WARNING_DAYS);

function CheckExpiry({ mentor, today, required }: { mentor: Mentor; today: string; required: boolean }) {
  const step = mentor.steps.find((candidate) => candidate.key === "background_check");
  if (!required || !step) return <span class="muted">Not required</span>;
  if (step.state === "expired" && mentor.expiresOn) return <strong class="screening-expiry screening-expiry-expired">{expiryOf(mentor.expiresOn, today).text}</strong>;
  if (step.state !== "complete" || !mentor.expiresOn) return <StepChip state={step.state} />;
  const expiry = expiryOf(mentor.expiresOn, today);
  return <span class={`screening-expiry screening-expiry-${expiry.kind}`}>{expiry.kind === "soon" ? <strong>{expiry.text}</strong> : expiry.text}</span>;
}

function Training({ mentor, required }: { mentor: Mentor; required: boolean }) {
  const t = mentor.training;
  const modules = t.requiredModules > 0 ? `${t.requiredDone} of ${plural(t.requiredModules, "required module")}` : "No required modules";
  const minutes = t.minMinutes > 0 ? `; ${t.minutesDone} of ${t.minMinutes} minutes` : "";
  return (
    <>
      {required ? <StepChip state={t.complete ? "complete" : "missing"} /> : <span class="muted">Not required</span>}
      <span class="screening-detail">
        {modules}
        {minutes}
      </span>
    </>
  );
}

function MentorRow({ mentor, list, tenant }: { mentor: Mentor; list: List; tenant: string }) {
  const required = mentor.steps.filter((step) => step.required);
  const name = `${mentor.firstName} ${mentor.lastName}`.trim();
  return (
    <tr data-mentor={mentor.applicationId}>
      <th scope="row">
        <a href={consolePaths.mentor(tenant, list.program.slug, mentor.applicationId)}>{name}</a>
        <span class="screening-detail break-anywhere">{mentor.email}</span>
      </th>
      <td>
        {!list.settings.screeningRequired ? (
          <span class="muted">Screening not required</span>
        ) : (
          <ul class="screening-step-list">
            {required.map((step) => (
              <li key={step.key}>
                <StepChip state={step.state}>{step.label}</StepChip>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td>
        <CheckExpiry mentor={mentor} today={list.today} required={list.settings.screeningRequired && list.settings.screeningSteps.includes("background_check")} />
      </td>
      <td>
        <Training mentor={mentor} required={list.settings.trainingRequired} />
      </td>
      <td>
        <ReadyChip ready={mentor.ready} />
        {!mentor.ready && mentor.blockers[0] && (
          <span class="screening-detail">
            {mentor.blockers[0]}
            {mentor.blockers.length > 1 && ` (and ${plural(mentor.blockers.length - 1, "more thing")})`}
          </span>
        )}
      </td>
    </tr>
  );
}

function NotAllowed({ program }: { program: Program }) {
  return (
    <div class="note screening-not-allowed" role="note" aria-labelledby="screening-not-allowed-title">
      <h3 id="screening-not-allowed-title">You're not allowed to see mentors' screening records</h3>
      <p>
        Screening records are sensitive: only the institution's owners and admins and the coordinators of {program.name} see them. Ask an admin if you need a role that
        includes this.
      </p>
    </div>
  );
}

function Mentors({ tenant, program, allowed, version }: { tenant: string; program: Program; allowed: boolean; version: number }) {
  const loaded = useLoad(() => (allowed ? loadList(tenant, program.slug) : Promise.resolve(null)), [tenant, program.slug, allowed, version]);
  const [filter, setFilter] = useState<Filter>("all");
  // The list shown stays (marked busy) while a fresh one loads after a save: the page doesn't jump.
  const lastGood = useRef<List | null>(null);
  if (loaded.state === "ready" && loaded.data) lastGood.current = loaded.data;
  const list = loaded.state === "failed" ? null : lastGood.current;
  const forbidden = !allowed || (loaded.state === "failed" && loaded.problem.status === 403);

  const shown = list
    ? list.mentors.filter((mentor) => (filter === "not_ready" ? !mentor.ready : filter === "expired" ? expiredOrSoon(mentor, list.today) : true))
    : [];
  return (
    <section class="card" aria-labelledby="screening-mentors-title" aria-busy={loaded.state === "loading"}>
      <h2 id="screening-mentors-title">Volunteer mentors</h2>
      {forbidden ? (
        <NotAllowed program={program} />
      ) : loaded.state === "failed" ? (
        <ProblemPanel problem={loaded.problem} retry={loaded.reload} />
      ) : !list ? (
        <Loading what="the mentors" />
      ) : list.mentors.length === 0 ? (
        <EmptyState title="No volunteer mentors have applied yet — share the mentor form.">
          <p>
            Mentors apply through <a href={`${consolePaths.form(tenant, program.slug)}?role=mentor`}>the program's mentor form</a>; put it on your website or send its link to
            volunteers. Each mentor appears here with their screening steps as soon as they apply.
          </p>
        </EmptyState>
      ) : (
        <>
          <dl class="figures screening-counts">
            <div class="figure">
              <dt>Mentors</dt>
              <dd class="figure-value" data-count="mentors">
                {list.counts.mentors}
              </dd>
            </div>
            <div class="figure">
              <dt>Screened</dt>
              <dd class="figure-value" data-count="screened">
                {list.counts.screened}
              </dd>
            </div>
            <div class="figure">
              <dt>Ready for matching</dt>
              <dd class="figure-value" data-count="ready">
                {list.counts.ready}
              </dd>
            </div>
          </dl>
          <Segmented
            legend="Show"
            name="screening-filter"
            value={filter}
            options={[
              { value: "all", label: "All mentors" },
              { value: "not_ready", label: "Not ready" },
              { value: "expired", label: "Check expired or expiring" },
            ]}
            onChange={setFilter}
          />
          {shown.length === 0 ? (
            <p class="empty" role="status">
              {filter === "not_ready" ? "Every mentor is ready for matching." : `No background check has expired or expires in the next ${EXPIRY_WARNING_DAYS} days.`}
            </p>
          ) : (
            <div class="table-scroll" role="region" aria-labelledby="screening-table-caption" tabIndex={0}>
              <table class="data-table screening-table">
                <caption id="screening-table-caption">
                  {plural(shown.length, "mentor")}
                  {filter === "not_ready" ? " not ready for matching" : filter === "expired" ? ` with a check expired or expiring within ${EXPIRY_WARNING_DAYS} days` : ""}, as of{" "}
                  {formatDay(list.today)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Mentor</th>
                    <th scope="col">Required steps</th>
                    <th scope="col">Background check</th>
                    <th scope="col">Training</th>
                    <th scope="col">Ready for matching</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((mentor) => (
                    <MentorRow key={mentor.applicationId} mentor={mentor} list={list} tenant={tenant} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p class="muted small">Opening this list, and each mentor's record, is recorded in the institution's audit log.</p>
        </>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- the page

function Screening({ tenant, program, membership }: { tenant: string; program: Program; membership: Membership }) {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(`${program.name}: screening`, heading);
  const manage = canManagePrograms(membership.role);
  const settings = useLoad(() => loadSettings(tenant, program.slug), [tenant, program.slug]);
  const [version, setVersion] = useState(0);
  const youth = program.guardianConsentUnderAge !== null;
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Screening: {program.name}
      </h1>
      <p class="lead">What a volunteer mentor must complete before they can be matched, and where each mentor stands.</p>
      {manage && (
        <p class="program-links">
          <a href={consolePaths.training(tenant, program.slug)}>Training modules and progress</a>
          <a href={consolePaths.compliance(tenant, program.slug)}>Compliance report</a>
        </p>
      )}
      {settings.state === "loading" && <Loading what="the requirements" />}
      {settings.state === "failed" && <ProblemPanel problem={settings.problem} retry={settings.reload} />}
      {settings.state === "ready" &&
        (manage ? (
          <RequirementsForm tenant={tenant} program={program} initial={settings.data} youth={youth} onSaved={() => setVersion((n) => n + 1)} />
        ) : (
          <RequirementsSummary body={settings.data} youth={youth} />
        ))}
      <Mentors tenant={tenant} program={program} allowed={manage} version={version} />
    </>
  );
}

export default function ScreeningPage({ tenant, program }: { tenant: string; program: string }) {
  return (
    <ProgramPage key={`${tenant}/${program}`} tenant={tenant} program={program}>
      {(loaded, membership) => <Screening tenant={tenant} program={loaded} membership={membership} />}
    </ProgramPage>
  );
}
