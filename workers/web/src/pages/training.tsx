/**
 * `/console/:tenant/programs/:program/training`: a program's mentor training.
 * Modules: whether training is required before matching (with a minimum of
 * minutes and a due date), and the modules in order — add, edit (content,
 * duration, an optional quiz, beside a preview), delete and reorder, or add
 * the starter set. Progress (owners, admins, coordinators): each mentor's
 * state on each module, who is stuck, and in-person attendance.
 * Viewers read the modules; they are told why progress is not for them.
 */
import { useRef, useState } from "preact/hooks";
import { type ApiProblem, safeguardingApi, unwrap } from "../api.js";
import { describedBy, FieldError, Segmented, sentence } from "../components/fields.js";
import { type Membership, type Program, ProgramPage } from "../components/gates.js";
import { formatDay, minutesText, plural } from "../components/screening-parts.js";
import { Announce, EmptyState, Loading, ProblemPanel } from "../components/status.js";
import { loadModules, ModuleContent, ModuleEditor, type ModuleList, type SavedNews, type TrainingModule, trainingEndpoints } from "../components/training-editor.js";
import { loadProgress, TrainingProgress } from "../components/training-progress.js";
import { useUnsavedChangesWarning } from "../components/unsaved-changes.js";
import { asProblem, useLoad, usePageTitle } from "../hooks.js";
import { canManagePrograms } from "../session.js";

type View = "modules" | "progress";
type Status = { message: string; tone?: "success" | "error" } | null;

const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

// ---------------------------------------------------------------- training before matching

const settingsEndpoint = () => safeguardingApi.settings.api.v1.t[":slug"].programs[":program"].safeguarding;

async function loadSettings(tenant: string, program: string) {
  return (await unwrap(settingsEndpoint().$get({ param: { slug: tenant, program } }))).settings;
}
type Settings = Awaited<ReturnType<typeof loadSettings>>;

interface RequirementDraft {
  required: boolean;
  minutes: string;
  dueOn: string;
}
const requirementDraftOf = (settings: Settings): RequirementDraft => ({ required: settings.trainingRequired, minutes: String(settings.minTrainingMinutes), dueOn: settings.trainingDueOn ?? "" });

type RequirementChanges = { trainingRequired?: boolean; minTrainingMinutes?: number; trainingDueOn?: string | null };
function requirementChanges(saved: Settings, draft: RequirementDraft): RequirementChanges {
  const changes: RequirementChanges = {};
  if (draft.required !== saved.trainingRequired) changes.trainingRequired = draft.required;
  // Blank or not a number goes as null (JSON has no NaN): the API names the field.
  const minutes = draft.minutes.trim() === "" ? Number.NaN : Number(draft.minutes);
  if (minutes !== saved.minTrainingMinutes) changes.minTrainingMinutes = minutes;
  const due = draft.dueOn.trim() || null;
  if (due !== saved.trainingDueOn) changes.trainingDueOn = due;
  return changes;
}

const REQUIREMENT_FIELDS = {
  "body.trainingRequired": { id: "training-required", name: "Required" },
  "body.minTrainingMinutes": { id: "training-minutes", name: "Minimum minutes" },
  "body.trainingDueOn": { id: "training-due", name: "Due date" },
} as const;

function RequirementForm({ tenant, program, initial, totalMinutes }: { tenant: string; program: Program; initial: Settings; totalMinutes: number }) {
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState(() => requirementDraftOf(initial));
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const changes = requirementChanges(saved, draft);
  const dirty = Object.keys(changes).length > 0;
  useUnsavedChangesWarning(dirty, "The training requirement has unsaved changes. Leave this page and lose them?");
  const set = <K extends keyof RequirementDraft>(key: K, value: RequirementDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const error = (path: keyof typeof REQUIREMENT_FIELDS) => sentence(REQUIREMENT_FIELDS[path].name, problem?.fieldError(path));
  const errors = { required: error("body.trainingRequired"), minutes: error("body.minTrainingMinutes"), due: error("body.trainingDueOn") };
  const minutes = Number(draft.minutes);
  const unreachable = draft.required && Number.isInteger(minutes) && minutes > totalMinutes;

  async function save(event: Event) {
    event.preventDefault();
    if (!dirty) {
      setStatus({ message: "Nothing to save: the requirement has no changes." });
      return;
    }
    setSaving(true);
    setStatus(null);
    const sent = draft;
    try {
      const body = await unwrap(settingsEndpoint().$patch({ param: { slug: tenant, program: program.slug }, json: changes }));
      setSaved(body.settings);
      setDraft((current) => (current === sent ? requirementDraftOf(body.settings) : current));
      setProblem(null);
      const { trainingRequired, minTrainingMinutes, trainingDueOn } = body.settings;
      setStatus({
        message: trainingRequired
          ? `Saved: mentors must finish every required module${minTrainingMinutes > 0 ? ` and at least ${minutesText(minTrainingMinutes)}` : ""} before they can be matched${trainingDueOn ? `, by ${formatDay(trainingDueOn)}` : ""}.`
          : "Saved: training is not required before matching.",
        tone: "success",
      });
    } catch (caught) {
      const failure = asProblem(caught);
      setProblem(failure);
      const first = failure.errors.map((candidate) => REQUIREMENT_FIELDS[candidate.path as keyof typeof REQUIREMENT_FIELDS]).find(Boolean);
      setStatus({
        message: failure.errors.length > 0 && first ? "Nothing was saved: fix the marked field and save again." : `Nothing was saved. ${failure.errors.map((candidate) => candidate.message).join(" ") || failure.detail}`,
        tone: "error",
      });
      if (first) focusSoon(first.id);
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={save} noValidate aria-labelledby="training-requirement-title">
      <div class="check-field">
        <input
          id="training-required"
          type="checkbox"
          checked={draft.required}
          onChange={(event) => set("required", event.currentTarget.checked)}
          aria-describedby={describedBy("training-required-hint", errors.required && "training-required-error")}
        />
        <label for="training-required">Mentors must finish their training before they can be matched</label>
      </div>
      <p class="hint training-hint" id="training-required-hint">
        Every required module, and the minimum below. Until then they stay out of matching; they see what is left on their application's status page.
      </p>
      <FieldError id="training-required-error" message={errors.required} />
      <div class="row two">
        <div class="field">
          <label for="training-minutes">Minimum minutes of training</label>
          <input
            id="training-minutes"
            type="number"
            inputMode="numeric"
            min={0}
            max={6000}
            step={5}
            value={draft.minutes}
            onInput={(event) => set("minutes", event.currentTarget.value)}
            aria-invalid={errors.minutes ? "true" : undefined}
            aria-describedby={describedBy("training-minutes-hint", errors.minutes && "training-minutes-error", unreachable && "training-minutes-warning")}
          />
          <span class="hint" id="training-minutes-hint">
            0 for no minimum. The modules add up to {minutesText(totalMinutes)}.
          </span>
          <FieldError id="training-minutes-error" message={errors.minutes} />
          {unreachable && (
            <p class="note training-warning" id="training-minutes-warning">
              The modules add up to less than this, so no mentor could reach it: add modules or lower the minimum.
            </p>
          )}
        </div>
        <div class="field">
          <label for="training-due">
            Due date <span class="optional">(optional)</span>
          </label>
          <input
            id="training-due"
            type="date"
            value={draft.dueOn}
            onInput={(event) => set("dueOn", event.currentTarget.value)}
            aria-invalid={errors.due ? "true" : undefined}
            aria-describedby={describedBy("training-due-hint", errors.due && "training-due-error")}
          />
          <span class="hint" id="training-due-hint">
            Mentors with required training left get a reminder before it.{" "}
            {program.startsOn ? `Blank: the program's start, ${formatDay(program.startsOn)}.` : "Blank: the program's start date, once it has one."}
          </span>
          <FieldError id="training-due-error" message={errors.due} />
        </div>
      </div>
      <div class="save-bar">
        <button class="button" type="submit" disabled={saving}>
          {saving ? "Saving…" : "Save the requirement"}
        </button>
        <span class="muted small">{dirty ? "You have unsaved changes." : "All changes saved."}</span>
      </div>
      <Announce message={status?.message ?? null} tone={status?.tone} />
    </form>
  );
}

function Requirement({ tenant, program, canEdit, totalMinutes }: { tenant: string; program: Program; canEdit: boolean; totalMinutes: number }) {
  const settings = useLoad(() => loadSettings(tenant, program.slug), [tenant, program.slug]);
  return (
    <section class="card training-requirement" aria-labelledby="training-requirement-title">
      <h2 id="training-requirement-title">Training before matching</h2>
      {settings.state === "loading" && <Loading what="the requirement" />}
      {settings.state === "failed" && <ProblemPanel problem={settings.problem} retry={settings.reload} />}
      {settings.state === "ready" &&
        (canEdit ? (
          <RequirementForm tenant={tenant} program={program} initial={settings.data} totalMinutes={totalMinutes} />
        ) : (
          <dl class="facts">
            <div>
              <dt>Required before matching</dt>
              <dd>{settings.data.trainingRequired ? "Yes: every required module" : "No"}</dd>
            </div>
            <div>
              <dt>Minimum</dt>
              <dd>{settings.data.minTrainingMinutes > 0 ? minutesText(settings.data.minTrainingMinutes) : "None"}</dd>
            </div>
            <div>
              <dt>Due</dt>
              <dd>{settings.data.trainingDueOn ? formatDay(settings.data.trainingDueOn) : program.startsOn ? `At the program's start (${formatDay(program.startsOn)})` : "No date"}</dd>
            </div>
          </dl>
        ))}
    </section>
  );
}

// ---------------------------------------------------------------- the modules

function metaOf(module: TrainingModule): string {
  return [
    plural(module.durationMinutes, "minute"),
    module.required ? "required" : "optional",
    module.quiz ? `quiz: ${plural(module.quiz.questions.length, "question")}, ${module.quiz.passMark}% to pass` : "no quiz",
  ].join(" · ");
}

const moduleIds = {
  item: (id: string) => `module-${id}`,
  title: (id: string) => `module-${id}-title`,
  edit: (id: string) => `module-${id}-edit`,
  up: (id: string) => `module-${id}-up`,
  down: (id: string) => `module-${id}-down`,
  remove: (id: string) => `module-${id}-delete`,
  confirm: (id: string) => `module-${id}-confirm-delete`,
  add: "training-add-module",
};

function ModuleManager({ tenant, program, canEdit, initial }: { tenant: string; program: Program; canEdit: boolean; initial: ModuleList }) {
  const [modules, setModules] = useState(initial.modules);
  /** The module open in the editor: its id, "new", or none. */
  const [editing, setEditing] = useState<string | null>(null);
  const editorDirty = useRef(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<Status>(null);
  const announce = (message: string, tone?: "success" | "error") => setStatus({ message, tone });
  const total = modules.reduce((sum, module) => sum + module.durationMinutes, 0);
  const requiredCount = modules.filter((module) => module.required).length;
  const param = { slug: tenant, program: program.slug };

  /** Opens the editor on a module (or a new one), after asking when the open one has unsaved changes. */
  function edit(target: string) {
    if (editing === target) return;
    if (editing && editorDirty.current && !window.confirm("The module you are editing has unsaved changes. Close it and lose them?")) return;
    editorDirty.current = false;
    setConfirming(null);
    setEditing(target);
    focusSoon("tm-editor-title");
  }

  function closeEditor() {
    const closed = editing;
    editorDirty.current = false;
    setEditing(null);
    focusSoon(closed && closed !== "new" ? moduleIds.edit(closed) : moduleIds.add);
  }

  function saved({ module, created, editedMeanwhile }: SavedNews) {
    if (created) {
      setModules((current) => [...current, module]);
      editorDirty.current = false;
      setEditing(module.id);
      announce(`Added “${module.title}” as module ${modules.length + 1}. The preview shows it as mentors see it; close the editor when you're done.`, "success");
      focusSoon("tm-editor-title");
    } else {
      setModules((current) => current.map((candidate) => (candidate.id === module.id ? module : candidate)));
      announce(`Saved “${module.title}”. Mentors see the new version now.${editedMeanwhile ? " Changes you made while saving are not saved yet." : ""}`, "success");
    }
  }

  async function move(index: number, offset: -1 | 1, button: "up" | "down") {
    const to = index + offset;
    if (to < 0 || to >= modules.length) return;
    const order = modules.map((module) => module.id);
    const [moved] = order.splice(index, 1);
    order.splice(to, 0, moved!);
    const module = modules[index]!;
    setBusy(true);
    try {
      const body = await unwrap(trainingEndpoints().order.$put({ param, json: { moduleIds: order } }));
      setModules(body.modules);
      announce(`Moved “${module.title}” to position ${to + 1} of ${order.length}.`, "success");
      // Focus stays on the button pressed, unless the module reached the end it was moving to.
      const atEnd = (button === "up" && to === 0) || (button === "down" && to === order.length - 1);
      focusSoon(atEnd ? (button === "up" ? moduleIds.down(module.id) : moduleIds.up(module.id)) : button === "up" ? moduleIds.up(module.id) : moduleIds.down(module.id));
    } catch (caught) {
      announce(`“${module.title}” wasn't moved: ${asProblem(caught).detail}`, "error");
    } finally {
      setBusy(false);
    }
  }

  async function remove(module: TrainingModule) {
    setBusy(true);
    try {
      await unwrap(trainingEndpoints().modules[":moduleId"].$delete({ param: { ...param, moduleId: module.id } }));
      const index = modules.findIndex((candidate) => candidate.id === module.id);
      const rest = modules.filter((candidate) => candidate.id !== module.id);
      setModules(rest);
      setConfirming(null);
      if (editing === module.id) setEditing(null);
      announce(`Deleted “${module.title}”, with mentors' progress on it.`, "success");
      const next = rest[index] ?? rest[index - 1];
      focusSoon(next ? moduleIds.title(next.id) : moduleIds.add);
    } catch (caught) {
      announce(`“${module.title}” wasn't deleted: ${asProblem(caught).detail}`, "error");
    } finally {
      setBusy(false);
    }
  }

  async function addStarter() {
    setBusy(true);
    try {
      const body = await unwrap(trainingEndpoints()["starter-modules"].$post({ param }));
      setModules(body.modules);
      announce(`Added ${plural(body.modules.length, "starter module")}. Read them and change what you like: they are this program's own now.`, "success");
      if (body.modules[0]) focusSoon(moduleIds.title(body.modules[0].id));
    } catch (caught) {
      announce(`The starter modules weren't added: ${asProblem(caught).detail}`, "error");
    } finally {
      setBusy(false);
    }
  }

  const editor = (module: TrainingModule | undefined, position: number) => (
    <ModuleEditor
      key={module?.id ?? "new"}
      tenant={tenant}
      program={program.slug}
      module={module}
      position={position}
      onSaved={saved}
      onClose={closeEditor}
      onDirty={(dirty) => (editorDirty.current = dirty)}
      announce={announce}
    />
  );

  return (
    <>
      <Requirement tenant={tenant} program={program} canEdit={canEdit} totalMinutes={total} />
      <section class="training-modules-section" aria-labelledby="training-modules-title">
        <h2 id="training-modules-title">Modules</h2>
        {modules.length > 0 && (
          <p class="muted" id="training-total">
            {plural(modules.length, "module")} ({requiredCount} required), {minutesText(total)} in all. Mentors take them in this order.
          </p>
        )}
        {modules.length === 0 && editing !== "new" ? (
          <EmptyState title="No training modules yet.">
            <p>
              Training prepares volunteers before they meet a mentee: short modules to read or watch, each with an optional quiz. Mentors take them from the link in their
              application's confirmation email, and you follow their progress here. When the program requires training, only mentors who finished it are matched.
            </p>
            {canEdit && (
              <>
                <p>
                  The starter modules cover program expectations, boundaries and safety, active listening and goal setting, written for this kind of program. They are a
                  starting point: change them as you like.
                </p>
                <p class="actions">
                  <button id="training-add-starter" class="button" type="button" disabled={busy} onClick={addStarter}>
                    Add the starter modules
                  </button>
                  <button id={moduleIds.add} class="button secondary" type="button" onClick={() => edit("new")}>
                    Write a module
                  </button>
                </p>
              </>
            )}
          </EmptyState>
        ) : (
          <ol class="training-module-list">
            {modules.map((module, index) => {
              const name = `module ${index + 1}, ${module.title}`;
              if (editing === module.id) {
                return (
                  <li key={module.id} id={moduleIds.item(module.id)} class="training-module is-editing" data-module={module.id}>
                    {editor(module, index + 1)}
                  </li>
                );
              }
              return (
                <li key={module.id} id={moduleIds.item(module.id)} class="training-module" data-module={module.id}>
                  <div class="training-module-head">
                    <div class="training-module-summary">
                      <h3 class="training-module-title" id={moduleIds.title(module.id)} tabIndex={-1}>
                        <span class="training-module-number">Module {index + 1}</span> <span class="training-module-name">{module.title}</span>
                      </h3>
                      <p class="training-module-meta">{metaOf(module)}</p>
                    </div>
                    {canEdit && (
                      <div class="training-module-actions">
                        <button id={moduleIds.edit(module.id)} class="button secondary small" type="button" onClick={() => edit(module.id)}>
                          Edit<span class="sr-only"> {name}</span>
                        </button>
                        <button id={moduleIds.up(module.id)} class="button secondary small" type="button" disabled={index === 0 || busy} onClick={() => move(index, -1, "up")}>
                          Move up<span class="sr-only">: {name}</span>
                        </button>
                        <button
                          id={moduleIds.down(module.id)}
                          class="button secondary small"
                          type="button"
                          disabled={index === modules.length - 1 || busy}
                          onClick={() => move(index, 1, "down")}
                        >
                          Move down<span class="sr-only">: {name}</span>
                        </button>
                        <button id={moduleIds.remove(module.id)} class="button danger small" type="button" onClick={() => (setConfirming(module.id), focusSoon(moduleIds.confirm(module.id)))}>
                          Delete<span class="sr-only"> {name}</span>
                        </button>
                      </div>
                    )}
                  </div>
                  {confirming === module.id && (
                    <div class="confirm" role="group" aria-labelledby={`${moduleIds.item(module.id)}-confirm-text`}>
                      <p class="confirm-text" id={`${moduleIds.item(module.id)}-confirm-text`}>
                        Delete “{module.title}”? Mentors' progress and quiz results on it are deleted too.
                      </p>
                      <div class="actions">
                        <button id={moduleIds.confirm(module.id)} class="button danger" type="button" disabled={busy} onClick={() => remove(module)}>
                          Delete the module
                        </button>
                        <button
                          class="button secondary"
                          type="button"
                          onClick={() => {
                            setConfirming(null);
                            focusSoon(moduleIds.remove(module.id));
                          }}
                        >
                          Keep it
                        </button>
                      </div>
                    </div>
                  )}
                  <details class="training-module-body">
                    <summary>
                      Read the content<span class="sr-only"> of {name}</span>
                    </summary>
                    <ModuleContent html={module.html} />
                    {module.quiz && (
                      <div class="training-quiz-summary">
                        <p>
                          <strong>Quiz</strong> ({module.quiz.passMark}% right to pass)
                        </p>
                        <ol>
                          {module.quiz.questions.map((question) => (
                            <li key={question.id}>
                              {question.prompt}{" "}
                              <span class="muted">
                                (right answer: {question.options[question.answer] ?? "none"})
                              </span>
                            </li>
                          ))}
                        </ol>
                      </div>
                    )}
                  </details>
                </li>
              );
            })}
            {editing === "new" && (
              <li class="training-module is-editing" data-module="new">
                {editor(undefined, modules.length + 1)}
              </li>
            )}
          </ol>
        )}
        {canEdit && modules.length > 0 && editing !== "new" && (
          <p class="actions">
            <button id={moduleIds.add} class="button" type="button" onClick={() => edit("new")}>
              Add a module
            </button>
          </p>
        )}
        <Announce message={status?.message ?? null} tone={status?.tone} />
      </section>
    </>
  );
}

function ModulesPart({ tenant, program, canEdit, hidden }: { tenant: string; program: Program; canEdit: boolean; hidden: boolean }) {
  const loaded = useLoad(() => loadModules(tenant, program.slug), [tenant, program.slug]);
  return (
    <div hidden={hidden} class="training-part" data-part="modules">
      {loaded.state === "loading" && <Loading what="the training modules" />}
      {loaded.state === "failed" && <ProblemPanel problem={loaded.problem} retry={loaded.reload} />}
      {loaded.state === "ready" && <ModuleManager tenant={tenant} program={program} canEdit={canEdit} initial={loaded.data} />}
    </div>
  );
}

// ---------------------------------------------------------------- progress

function ProgressLoader({ tenant, program }: { tenant: string; program: Program }) {
  const loaded = useLoad(() => loadProgress(tenant, program.slug), [tenant, program.slug]);
  if (loaded.state === "loading") return <Loading what="mentors' progress" />;
  if (loaded.state === "failed") return <ProblemPanel problem={loaded.problem} retry={loaded.reload} />;
  return <TrainingProgress tenant={tenant} program={program.slug} initial={loaded.data} />;
}

function ProgressPart({ tenant, program, membership }: { tenant: string; program: Program; membership: Membership }) {
  return (
    <section class="training-part" data-part="progress" aria-labelledby="training-progress-title">
      <h2 id="training-progress-title">Mentors' progress</h2>
      {canManagePrograms(membership.role) ? (
        <ProgressLoader tenant={tenant} program={program} />
      ) : (
        <div class="card training-not-allowed">
          <h3>Viewers don't see mentors' progress</h3>
          <p>
            You're a viewer at {membership.name}. Each mentor's training record is for the program's coordinators, admins and owners; ask one of them if you need to know
            where a mentor stands.
          </p>
        </div>
      )}
    </section>
  );
}

// ---------------------------------------------------------------- the page

function Training({ program, membership }: { program: Program; membership: Membership }) {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(`${program.name}: training`, heading);
  const [view, setView] = useState<View>(() => (new URLSearchParams(location.search).get("view") === "progress" ? "progress" : "modules"));
  const canEdit = canManagePrograms(membership.role);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Training: {program.name}
      </h1>
      <p class="lead">
        What volunteers learn before they are matched: short modules with optional quizzes, taken from their application's status page
        {canEdit ? ", and how far each mentor has got." : "."}
      </p>
      {!canEdit && <p class="note">You're a viewer: you can read the modules. Coordinators, admins and owners change them.</p>}
      <Segmented
        legend="View"
        name="training-view"
        value={view}
        options={[
          { value: "modules", label: "Modules" },
          { value: "progress", label: "Mentors' progress" },
        ]}
        onChange={(value) => {
          setView(value);
          history.replaceState(history.state, "", value === "progress" ? `${location.pathname}?view=progress` : location.pathname);
        }}
      />
      <ModulesPart tenant={membership.slug} program={program} canEdit={canEdit} hidden={view !== "modules"} />
      {/* Loaded each time it is shown, so it follows changes made to the modules and the requirement. */}
      {view === "progress" && <ProgressPart tenant={membership.slug} program={program} membership={membership} />}
    </>
  );
}

export default function TrainingPage({ tenant, program }: { tenant: string; program: string }) {
  return (
    <ProgramPage key={`${tenant}/${program}`} tenant={tenant} program={program}>
      {(loaded, membership) => <Training program={loaded} membership={membership} />}
    </ProgramPage>
  );
}
