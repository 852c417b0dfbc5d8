/**
 * The training page's progress part: who of the program's mentors is done, in
 * progress, not started or stuck (and why), each module's state in words with
 * quiz scores, minutes against the program's minimum, and in-person attendance
 * a coordinator marks (on a date up to today) or takes back. The table is as
 * wide as the program has modules: it scrolls inside its own region.
 */
import { useEffect, useState } from "preact/hooks";
import { type ApiProblem, consolePaths, unwrap } from "../api.js";
import { asProblem } from "../hooks.js";
import { describedBy, FieldError, Segmented, sentence } from "./fields.js";
import { APPLICATION_WORDS, formatDay, formatMoment, minutesText, plural } from "./screening-parts.js";
import { Announce, EmptyState } from "./status.js";
import { trainingEndpoints } from "./training-editor.js";

export async function loadProgress(tenant: string, program: string) {
  return unwrap(trainingEndpoints().progress.$get({ param: { slug: tenant, program } }));
}
export type Progress = Awaited<ReturnType<typeof loadProgress>>;
type Mentor = Progress["mentors"][number];
type ModuleState = Mentor["modules"][number]["state"];

/** Each state in words with an icon the words already say (never colour alone). */
export const STATE_WORDS: Record<ModuleState, { word: string; icon: string }> = {
  not_started: { word: "Not started", icon: "○" },
  in_progress: { word: "In progress", icon: "…" },
  completed: { word: "Done", icon: "✓" },
  quiz_failed: { word: "Quiz not passed yet", icon: "!" },
  passed: { word: "Done: quiz passed", icon: "✓" },
  attended: { word: "Attended in person", icon: "✓" },
};

type Filter = "all" | "stuck" | "not_done";

const fullName = (mentor: Mentor) => `${mentor.firstName} ${mentor.lastName}`.trim() || mentor.email;

/** The counts as the API makes them, for a list changed here. */
function countsOf(mentors: Mentor[]): Progress["counts"] {
  return {
    mentors: mentors.length,
    done: mentors.filter((mentor) => mentor.complete).length,
    inProgress: mentors.filter((mentor) => !mentor.complete && mentor.started).length,
    notStarted: mentors.filter((mentor) => !mentor.complete && !mentor.started).length,
    stuck: mentors.filter((mentor) => mentor.stuck).length,
  };
}

const cellId = (mentor: string, module: string) => `tp-${mentor}-${module}`;

/** What the program asks, in a sentence. */
function requirementText(progress: Progress): string {
  const { required, minMinutes, dueOn } = progress.requirement;
  const due = dueOn ? ` Training is due by ${formatDay(dueOn)}.` : "";
  if (!required) return `Training is not required before matching: mentors can be matched whether or not they have finished it.${due}`;
  return `Mentors must finish every required module${minMinutes > 0 ? ` and at least ${minutesText(minMinutes)} of training` : ""} before they can be matched.${due}`;
}

export function TrainingProgress({ tenant, program, initial }: { tenant: string; program: string; initial: Progress }) {
  const [progress, setProgress] = useState(initial);
  const [filter, setFilter] = useState<Filter>("all");
  /** The cell whose "Mark attended" form is open. */
  const [marking, setMarking] = useState<{ mentor: string; module: string } | null>(null);
  const [date, setDate] = useState(initial.today);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ message: string; tone?: "success" | "error" } | null>(null);
  /** The institution's today (not the reader's): the latest day attendance can be recorded on. */
  const today = progress.today;
  const modules = progress.modules;
  const counts = progress.counts;
  const minMinutes = progress.requirement.minMinutes;
  const shown = progress.mentors.filter((mentor) => (filter === "stuck" ? mentor.stuck : filter === "not_done" ? !mentor.complete : true));

  useEffect(() => {
    if (marking) document.getElementById(`${cellId(marking.mentor, marking.module)}-date`)?.focus();
  }, [marking]);

  const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

  function replace(updated: Mentor) {
    setProgress((current) => {
      const mentors = current.mentors.map((mentor) => (mentor.applicationId === updated.applicationId ? updated : mentor));
      return { ...current, mentors, counts: countsOf(mentors) };
    });
  }

  function openMark(mentor: Mentor, moduleId: string) {
    setMarking({ mentor: mentor.applicationId, module: moduleId });
    setDate(today);
    setProblem(null);
  }

  function cancelMark() {
    const open = marking;
    setMarking(null);
    setProblem(null);
    if (open) focusSoon(`${cellId(open.mentor, open.module)}-mark`);
  }

  async function mark(event: Event, mentor: Mentor, module: Progress["modules"][number]) {
    event.preventDefault();
    setBusy(true);
    const id = cellId(mentor.applicationId, module.id);
    try {
      const body = await unwrap(
        trainingEndpoints().progress[":applicationId"][":moduleId"].attendance.$post({
          param: { slug: tenant, program, applicationId: mentor.applicationId, moduleId: module.id },
          json: { attendedOn: date },
        }),
      );
      replace(body.mentor);
      setMarking(null);
      setProblem(null);
      setStatus({ message: `Recorded that ${fullName(mentor)} attended “${module.title}” in person on ${formatDay(date)}.`, tone: "success" });
      focusSoon(`${id}-undo`);
    } catch (caught) {
      setProblem(asProblem(caught));
      focusSoon(`${id}-date`);
    } finally {
      setBusy(false);
    }
  }

  async function undo(mentor: Mentor, module: Progress["modules"][number]) {
    setBusy(true);
    const id = cellId(mentor.applicationId, module.id);
    try {
      const body = await unwrap(
        trainingEndpoints().progress[":applicationId"][":moduleId"].attendance.$delete({
          param: { slug: tenant, program, applicationId: mentor.applicationId, moduleId: module.id },
        }),
      );
      replace(body.mentor);
      setStatus({ message: `Took back ${fullName(mentor)}'s in-person attendance of “${module.title}”.`, tone: "success" });
      focusSoon(`${id}-mark`);
    } catch (caught) {
      setStatus({ message: `We couldn't take back the attendance: ${asProblem(caught).detail}`, tone: "error" });
    } finally {
      setBusy(false);
    }
  }

  const dateError = problem ? (sentence("Date attended", problem.fieldError("body.attendedOn")) ?? problem.detail) : undefined;

  const figure = (key: keyof Progress["counts"], label: string, hint?: string) => (
    <div class="figure" data-figure={key}>
      <dt>
        {label}
        {hint && <span class="figure-hint"> {hint}</span>}
      </dt>
      <dd class="figure-value">{counts[key]}</dd>
    </div>
  );

  return (
    <>
      <p class="training-requirement-text">{requirementText(progress)}</p>
      <dl class="figures training-counts" aria-label="Mentors' training">
        {figure("mentors", "Mentors")}
        {figure("done", "Done", "every required module and the minimum")}
        {figure("inProgress", "In progress")}
        {figure("notStarted", "Not started")}
        {figure("stuck", "Stuck", "a week on one module, or 3 failed quizzes")}
      </dl>
      {progress.mentors.length === 0 ? (
        <EmptyState title="No mentors in this program yet.">
          <p>Mentors appear here once they apply. Their training starts from the link in their confirmation email.</p>
        </EmptyState>
      ) : modules.length === 0 ? (
        <EmptyState title="This program has no training modules.">
          <p>Add modules under “Modules” above; each mentor's progress on them shows here.</p>
        </EmptyState>
      ) : (
        <>
          <Segmented
            legend="Show"
            name="training-filter"
            value={filter}
            options={[
              { value: "all", label: `All (${counts.mentors})` },
              { value: "stuck", label: `Stuck (${counts.stuck})` },
              { value: "not_done", label: `Not done (${counts.mentors - counts.done})` },
            ]}
            onChange={setFilter}
          />
          {shown.length === 0 ? (
            <EmptyState title={filter === "stuck" ? "No mentor is stuck." : "Every mentor is done."}>
              <p>
                <button class="button secondary small" type="button" onClick={() => setFilter("all")}>
                  Show all mentors
                </button>
              </p>
            </EmptyState>
          ) : (
            <div class="table-scroll training-progress-scroll" role="region" aria-labelledby="training-progress-caption" tabIndex={0}>
              <table class="data-table training-progress-table">
                <caption id="training-progress-caption">
                  Each mentor's training ({plural(shown.length, "mentor")}
                  {filter === "all" ? "" : filter === "stuck" ? ", stuck only" : ", not done only"})
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Mentor</th>
                    <th scope="col">Overall</th>
                    {modules.map((module) => (
                      <th scope="col" key={module.id}>
                        {module.title}
                        <span class="training-column-meta">
                          {plural(module.durationMinutes, "minute")}
                          {module.hasQuiz ? " · quiz" : ""}
                          {module.required ? "" : " · optional"}
                        </span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {shown.map((mentor) => (
                    <tr key={mentor.applicationId} data-mentor={mentor.applicationId}>
                      <th scope="row" class="training-mentor">
                        <a href={consolePaths.mentor(tenant, program, mentor.applicationId)}>{fullName(mentor)}</a>
                        <span class="training-mentor-meta">{mentor.email}</span>
                        <span class="training-mentor-meta">{APPLICATION_WORDS[mentor.applicationStatus] ?? mentor.applicationStatus}</span>
                        {mentor.stuck && (
                          <div class="training-stuck">
                            <span class="badge training-stuck-badge">
                              <span aria-hidden="true">! </span>Stuck
                            </span>
                            <ul class="training-stuck-reasons">
                              {mentor.stuckReasons.map((reason) => (
                                <li key={reason}>{reason}</li>
                              ))}
                            </ul>
                          </div>
                        )}
                      </th>
                      <td class="training-overall">
                        <span class={`training-state training-overall-${mentor.complete ? "done" : mentor.started ? "in-progress" : "not-started"}`}>
                          {mentor.complete ? "✓ Done" : mentor.started ? "In progress" : "Not started"}
                        </span>
                        <span class="training-detail">
                          {mentor.requiredDone} of {plural(mentor.requiredModules, "required module")}
                        </span>
                        <span class="training-detail">
                          {minMinutes > 0 ? `${mentor.minutesDone} of ${minMinutes} minutes` : `${plural(mentor.minutesDone, "minute")} done`}
                        </span>
                      </td>
                      {modules.map((module) => {
                        const cell = mentor.modules.find((candidate) => candidate.moduleId === module.id);
                        if (!cell) return <td key={module.id}>—</td>;
                        const id = cellId(mentor.applicationId, module.id);
                        const words = STATE_WORDS[cell.state];
                        const open = marking?.mentor === mentor.applicationId && marking.module === module.id;
                        const what = `${fullName(mentor)}, ${module.title}`;
                        return (
                          <td key={module.id} id={id} class="training-cell" data-module={module.id} data-state={cell.state}>
                            <span class={`training-state training-state-${cell.state}`}>
                              <span aria-hidden="true">{words.icon} </span>
                              {words.word}
                            </span>
                            {cell.state === "attended" && cell.attendedOn && <span class="training-detail">on {formatDay(cell.attendedOn)}</span>}
                            {(cell.state === "completed" || cell.state === "passed") && cell.completedAt && (
                              <span class="training-detail">{formatMoment(cell.quizPassedAt ?? cell.completedAt)}</span>
                            )}
                            {module.hasQuiz && cell.attempts > 0 && (
                              <span class="training-detail">
                                Best score {cell.bestScore ?? 0}% · {plural(cell.attempts, "attempt")}
                              </span>
                            )}
                            {cell.stuck && (
                              <span class="training-detail training-cell-stuck">
                                <span aria-hidden="true">! </span>Stuck here
                              </span>
                            )}
                            {cell.state === "attended" ? (
                              <button id={`${id}-undo`} class="button secondary small training-cell-action" type="button" disabled={busy} onClick={() => undo(mentor, module)}>
                                Undo<span class="sr-only"> in-person attendance: {what}</span>
                              </button>
                            ) : open ? (
                              <form class="training-attend-form" onSubmit={(event) => mark(event, mentor, module)} noValidate aria-label={`Mark attended in person: ${what}`}>
                                <div class="field">
                                  <label for={`${id}-date`}>Date attended</label>
                                  <input
                                    id={`${id}-date`}
                                    type="date"
                                    max={today}
                                    value={date}
                                    onInput={(event) => setDate(event.currentTarget.value)}
                                    aria-invalid={dateError ? "true" : undefined}
                                    aria-describedby={describedBy(`${id}-date-hint`, dateError && `${id}-date-error`)}
                                  />
                                  <span class="hint" id={`${id}-date-hint`}>
                                    Not later than today.
                                  </span>
                                  <FieldError id={`${id}-date-error`} message={dateError} />
                                </div>
                                <div class="actions">
                                  <button class="button small" type="submit" disabled={busy}>
                                    Save<span class="sr-only"> attendance: {what}</span>
                                  </button>
                                  <button class="button secondary small" type="button" onClick={cancelMark}>
                                    Cancel
                                  </button>
                                </div>
                              </form>
                            ) : (
                              <button id={`${id}-mark`} class="button secondary small training-cell-action" type="button" disabled={busy} onClick={() => openMark(mentor, module.id)}>
                                Mark attended in person<span class="sr-only">: {what}</span>
                              </button>
                            )}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      <Announce message={status?.message ?? null} tone={status?.tone} />
    </>
  );
}
