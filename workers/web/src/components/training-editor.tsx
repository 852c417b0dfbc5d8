/**
 * The training page's module editor: title, content (a small Markdown subset),
 * duration, whether it is required, and an optional multiple-choice quiz
 * (pass mark, 1–20 questions of 2–6 options with one right), beside a preview
 * of what mentors see. The content's formatted preview is the API's own safe
 * HTML of the saved version; unsaved text shows as written. Field errors from
 * the API (`body.quiz.questions.1.options.0`…) land on the control they name,
 * and stay with their question or option if others are removed.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { type ApiProblem, safeguardingApi, unwrap } from "../api.js";
import { asProblem } from "../hooks.js";
import { describedBy, ErrorSummary, FieldError, sentence, type SummaryItem } from "./fields.js";
import { plural } from "./screening-parts.js";
import { useUnsavedChangesWarning } from "./unsaved-changes.js";

/** The training endpoints of one program (hono/client, typed from the Worker's routes). */
export const trainingEndpoints = () => safeguardingApi.training.api.v1.t[":slug"].programs[":program"].training;

export async function loadModules(tenant: string, program: string) {
  return unwrap(trainingEndpoints().modules.$get({ param: { slug: tenant, program } }));
}
export type ModuleList = Awaited<ReturnType<typeof loadModules>>;
export type TrainingModule = ModuleList["modules"][number];

export const MAX_QUESTIONS = 20;
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 6;

interface OptionDraft {
  uid: number;
  text: string;
}
interface QuestionDraft {
  uid: number;
  /** The question's id in the quiz (kept for saved questions: mentors' answers refer to it). */
  id: string;
  prompt: string;
  options: OptionDraft[];
  /** The uid of the right option; null until one is chosen. */
  answer: number | null;
}
interface ModuleDraft {
  title: string;
  content: string;
  duration: string;
  required: boolean;
  hasQuiz: boolean;
  passMark: string;
  questions: QuestionDraft[];
}

let nextUid = 1;
const uid = () => nextUid++;

const emptyOption = (): OptionDraft => ({ uid: uid(), text: "" });

function newQuestion(taken: QuestionDraft[]): QuestionDraft {
  const ids = new Set(taken.map((question) => question.id));
  let n = taken.length + 1;
  while (ids.has(`q${n}`)) n++;
  return { uid: uid(), id: `q${n}`, prompt: "", options: [emptyOption(), emptyOption()], answer: null };
}

/** The editor's draft of a saved module (or a blank one); `reuse` keeps the uids of the draft that was saved, so errors and focus stay put. */
function draftOf(module: TrainingModule | undefined, reuse?: ModuleDraft): ModuleDraft {
  if (!module) return { title: "", content: "", duration: "15", required: true, hasQuiz: false, passMark: "75", questions: [] };
  const questions = (module.quiz?.questions ?? []).map((question, index) => {
    const before = reuse?.questions[index];
    const options = question.options.map((text, at) => ({ uid: before?.options[at]?.uid ?? uid(), text }));
    return { uid: before?.uid ?? uid(), id: question.id, prompt: question.prompt, options, answer: options[question.answer]?.uid ?? null };
  });
  return {
    title: module.title,
    content: module.content,
    duration: String(module.durationMinutes),
    required: module.required,
    hasQuiz: module.quiz !== null,
    passMark: String(module.quiz?.passMark ?? 75),
    // A module without a quiz keeps the questions typed before the quiz was switched off in this editor.
    questions: module.quiz ? questions : (reuse?.questions ?? []),
  };
}

/** A number as typed: blank or not a number is sent as null (JSON has no NaN), and the API says what is wrong. */
const numberOf = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

/** The module as the API takes it. No right answer chosen is sent as -1, which the API refuses on that question. */
function bodyOf(draft: ModuleDraft) {
  return {
    title: draft.title,
    content: draft.content,
    durationMinutes: numberOf(draft.duration),
    required: draft.required,
    quiz: draft.hasQuiz
      ? {
          passMark: numberOf(draft.passMark),
          questions: draft.questions.map((question) => ({
            id: question.id,
            prompt: question.prompt,
            options: question.options.map((option) => option.text),
            answer: question.options.findIndex((option) => option.uid === question.answer),
          })),
        }
      : null,
  };
}

const sameBody = (a: ModuleDraft, b: ModuleDraft) => JSON.stringify(bodyOf(a)) === JSON.stringify(bodyOf(b));

// ---------------------------------------------------------------- errors from the API, tied to controls

type FieldKey = "title" | "content" | "durationMinutes" | "required" | "quiz" | "passMark" | "questions";
type Issue =
  | { kind: "field"; field: FieldKey; message: string }
  | { kind: "question"; question: number; part: "prompt" | "options" | "answer" | "question"; message: string }
  | { kind: "option"; question: number; option: number; message: string }
  | { kind: "general"; path: string; message: string };

const FIELD_PATHS: Record<string, FieldKey> = {
  "body.title": "title",
  "body.content": "content",
  "body.durationMinutes": "durationMinutes",
  "body.required": "required",
  "body.quiz": "quiz",
  "body.quiz.passMark": "passMark",
  "body.quiz.questions": "questions",
};
const FIELD_NAMES: Record<FieldKey, string> = {
  title: "Title",
  content: "Content",
  durationMinutes: "Duration",
  required: "Required",
  quiz: "The quiz",
  passMark: "Pass mark",
  questions: "The quiz",
};
/** The API's word for "no right answer chosen" is about indexes: say what to do instead. */
const ANSWER_MESSAGE = "Choose the right answer: select the option mentors must pick.";

/** The API's field errors, tied to the questions and options (by uid) they were about when sent. */
function issuesOf(problem: ApiProblem, sent: ModuleDraft): Issue[] {
  return problem.errors.map((error): Issue => {
    const field = FIELD_PATHS[error.path];
    if (field) return { kind: "field", field, message: error.message };
    const match = /^body\.quiz\.questions\.(\d+)(?:\.(prompt|options|answer|id)(?:\.(\d+))?)?$/.exec(error.path);
    const question = match ? sent.questions[Number(match[1])] : undefined;
    if (!match || !question) return { kind: "general", path: error.path, message: error.message };
    if (match[2] === "options" && match[3] !== undefined) {
      const option = question.options[Number(match[3])];
      if (option) return { kind: "option", question: question.uid, option: option.uid, message: error.message };
    }
    const part = match[2] === "prompt" || match[2] === "options" || match[2] === "answer" ? match[2] : "question";
    return { kind: "question", question: question.uid, part, message: part === "answer" ? ANSWER_MESSAGE : error.message };
  });
}

const ids = {
  title: "tm-title",
  content: "tm-content",
  durationMinutes: "tm-duration",
  required: "tm-required",
  quiz: "tm-quiz-on",
  passMark: "tm-passmark",
  questions: "tm-questions",
  question: (q: number) => `tm-q${q}`,
  prompt: (q: number) => `tm-q${q}-prompt`,
  options: (q: number) => `tm-q${q}-options`,
  right: (q: number, o: number) => `tm-q${q}-right-${o}`,
  option: (q: number, o: number) => `tm-q${q}-o${o}`,
  removeOption: (q: number, o: number) => `tm-q${q}-o${o}-remove`,
  addOption: (q: number) => `tm-q${q}-add-option`,
  removeQuestion: (q: number) => `tm-q${q}-remove`,
  addQuestion: "tm-add-question",
};

// ---------------------------------------------------------------- the preview

/**
 * The API's HTML of saved content, ready to show here: it is already safe (the
 * Worker escapes raw HTML and allows only http(s)/mailto links). Embedded
 * players become a line saying where the video is, because the console's
 * security policy does not frame other sites (the link under each stays).
 * Parsed in an inert document, so nothing loads while it is changed.
 */
function consoleHtml(html: string): string {
  if (!html.includes("<iframe")) return html;
  const doc = new DOMParser().parseFromString(html, "text/html");
  for (const frame of Array.from(doc.querySelectorAll("iframe"))) {
    const note = doc.createElement("p");
    note.className = "training-video-note";
    note.textContent = `▶ ${frame.getAttribute("title") || "A video"}: mentors see the player here.`;
    frame.replaceWith(note);
  }
  return doc.body.innerHTML;
}

/** Saved module content as mentors see it (the API's safe HTML). */
export function ModuleContent({ html, id }: { html: string; id?: string }) {
  if (!html) return <p class="muted">This module has no text yet.</p>;
  return <div id={id} class="training-content" dangerouslySetInnerHTML={{ __html: consoleHtml(html) }} />;
}

function Preview({ draft, saved }: { draft: ModuleDraft; saved: TrainingModule | undefined }) {
  const showSaved = saved !== undefined && draft.content.trim() === saved.content;
  const minutes = Number(draft.duration);
  return (
    <section class="training-preview" aria-labelledby="tm-preview-title">
      <h3 id="tm-preview-title">Preview: what mentors see</h3>
      <div class="training-preview-module">
        <p class="training-preview-name">{draft.title.trim() || "(a title)"}</p>
        <p class="muted small">
          {Number.isInteger(minutes) && minutes > 0 ? `About ${plural(minutes, "minute")}` : "Duration to come"} · {draft.required ? "Required" : "Optional"}
        </p>
        {showSaved ? (
          <ModuleContent html={saved.html} id="tm-preview-content" />
        ) : draft.content.trim() ? (
          <>
            <p class="note small" id="tm-preview-pending">
              {saved ? "You changed the text: it" : "The text"} shows as you wrote it until you save; saving formats it as mentors see it.
            </p>
            <pre class="training-source">{draft.content}</pre>
          </>
        ) : (
          <p class="muted">No text yet.</p>
        )}
        {draft.hasQuiz && (
          <div class="training-preview-quiz">
            <p class="training-preview-name">
              Quiz{Number.isFinite(numberOf(draft.passMark)) ? `: ${draft.passMark}% right to pass` : ""}
            </p>
            <p class="muted small">Mentors don't see which answer is right; it is marked here for you.</p>
            <ol>
              {draft.questions.map((question) => (
                <li key={question.uid}>
                  <span class="training-preview-prompt">{question.prompt.trim() || "(a question)"}</span>
                  <ul>
                    {question.options.map((option) => (
                      <li key={option.uid}>
                        {option.text.trim() || "(an option)"}
                        {question.answer === option.uid && <strong class="training-right"> ✓ right answer</strong>}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          </div>
        )}
      </div>
    </section>
  );
}

// ---------------------------------------------------------------- the editor

export interface SavedNews {
  module: TrainingModule;
  created: boolean;
  /** Edits made while the save was under way (kept, still unsaved). */
  editedMeanwhile: boolean;
}

/**
 * Edits one module (`module`), or writes a new one. `onSaved` hears of each
 * save; `onClose` closes the editor (after asking, with unsaved changes);
 * `onDirty` tells the page whether there are unsaved changes.
 */
export function ModuleEditor({
  tenant,
  program,
  module,
  position,
  onSaved,
  onClose,
  onDirty,
  announce,
}: {
  tenant: string;
  program: string;
  module: TrainingModule | undefined;
  /** The module's number in the list (1-based), or the number a new one will get. */
  position: number;
  onSaved: (news: SavedNews) => void;
  onClose: () => void;
  onDirty: (dirty: boolean) => void;
  announce: (message: string, tone?: "success" | "error") => void;
}) {
  const [baseline, setBaseline] = useState(() => draftOf(module));
  const [draft, setDraft] = useState(baseline);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [saving, setSaving] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const latest = useRef(draft);
  latest.current = draft;
  const dirty = !sameBody(draft, baseline);
  useUnsavedChangesWarning(dirty, "A training module has unsaved changes. Leave this page and lose them?");
  useEffect(() => onDirty(dirty), [dirty]);
  useEffect(() => () => onDirty(false), []);

  const set = <K extends keyof ModuleDraft>(key: K, value: ModuleDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const setQuestion = (target: number, change: Partial<QuestionDraft>) =>
    setDraft((current) => ({ ...current, questions: current.questions.map((question) => (question.uid === target ? { ...question, ...change } : question)) }));
  const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

  // Problems of questions or options removed since the failed save go with them.
  const live = issues.filter((issue) => {
    if (issue.kind === "question") return draft.questions.some((question) => question.uid === issue.question);
    if (issue.kind === "option") return draft.questions.some((question) => question.uid === issue.question && question.options.some((option) => option.uid === issue.option));
    return true;
  });
  const fieldError = (field: FieldKey) => {
    const issue = live.find((candidate) => candidate.kind === "field" && candidate.field === field);
    return issue ? sentence(FIELD_NAMES[field], issue.message) : undefined;
  };
  const questionError = (question: number, part: "prompt" | "options" | "answer" | "question") => {
    const issue = live.find((candidate) => candidate.kind === "question" && candidate.question === question && candidate.part === part);
    return issue ? sentence(part === "prompt" ? "The question" : part === "options" ? "Options" : "This question", issue.message) : undefined;
  };
  const optionError = (question: number, option: number, index: number) => {
    const issue = live.find((candidate) => candidate.kind === "option" && candidate.question === question && candidate.option === option);
    return issue ? sentence(`Option ${index + 1}`, issue.message) : undefined;
  };
  const general = live.filter((issue) => issue.kind === "general");

  const summary: SummaryItem[] = live.map((issue) => {
    if (issue.kind === "field") {
      const target = issue.field === "quiz" ? ids.quiz : issue.field === "questions" ? ids.addQuestion : ids[issue.field];
      return { target, message: sentence(FIELD_NAMES[issue.field], issue.message)! };
    }
    if (issue.kind === "general") return { target: ids.title, message: sentence("The module", issue.message)! };
    const index = draft.questions.findIndex((question) => question.uid === issue.question);
    const question = draft.questions[index]!;
    const where = `Question ${index + 1}`;
    if (issue.kind === "option") {
      const at = question.options.findIndex((option) => option.uid === issue.option);
      return { target: ids.option(question.uid, issue.option), message: `${where}: ${optionError(question.uid, issue.option, at)}` };
    }
    const target =
      issue.part === "prompt"
        ? ids.prompt(question.uid)
        : issue.part === "answer"
          ? ids.right(question.uid, question.options[0]?.uid ?? 0)
          : issue.part === "options"
            ? ids.options(question.uid)
            : ids.question(question.uid);
    return { target, message: `${where}: ${questionError(question.uid, issue.part)}` };
  });

  function toggleQuiz(on: boolean) {
    setDraft((current) => ({ ...current, hasQuiz: on, questions: on && current.questions.length === 0 ? [newQuestion([])] : current.questions }));
    if (on) announce("Quiz added: write its questions below, and choose the right answer of each.");
  }

  function addQuestion() {
    const question = newQuestion(draft.questions);
    setDraft((current) => ({ ...current, questions: [...current.questions, question] }));
    announce(`Added question ${draft.questions.length + 1}.`);
    focusSoon(ids.prompt(question.uid));
  }

  function removeQuestion(index: number) {
    const removed = draft.questions[index]!;
    const rest = draft.questions.filter((question) => question.uid !== removed.uid);
    setDraft((current) => ({ ...current, questions: current.questions.filter((question) => question.uid !== removed.uid) }));
    announce(`Removed question ${index + 1}${removed.prompt.trim() ? `, “${removed.prompt.trim()}”` : ""}.`);
    const next = rest[index] ?? rest[index - 1];
    focusSoon(next ? ids.prompt(next.uid) : ids.addQuestion);
  }

  function addOption(question: QuestionDraft) {
    const option = emptyOption();
    setQuestion(question.uid, { options: [...question.options, option] });
    focusSoon(ids.option(question.uid, option.uid));
  }

  function removeOption(question: QuestionDraft, index: number) {
    const removed = question.options[index]!;
    const rest = question.options.filter((option) => option.uid !== removed.uid);
    setQuestion(question.uid, { options: rest, answer: question.answer === removed.uid ? null : question.answer });
    announce(`Removed option ${index + 1}${removed.text.trim() ? `, “${removed.text.trim()}”` : ""}${question.answer === removed.uid ? ". It was the right answer: choose another" : ""}.`);
    const next = rest[index] ?? rest[index - 1];
    focusSoon(next ? ids.option(question.uid, next.uid) : ids.addOption(question.uid));
  }

  async function save(event: Event) {
    event.preventDefault();
    if (module && !dirty) {
      announce("Nothing to save: this module has no changes.");
      return;
    }
    setSaving(true);
    const sent = draft;
    const body = bodyOf(sent);
    const param = { slug: tenant, program };
    try {
      const saved = module
        ? await unwrap(trainingEndpoints().modules[":moduleId"].$patch({ param: { ...param, moduleId: module.id }, json: body }))
        : await unwrap(trainingEndpoints().modules.$post({ param, json: body }));
      const editedMeanwhile = latest.current !== sent;
      const fresh = draftOf(saved.module, sent);
      setBaseline(fresh);
      setDraft((current) => (current === sent ? fresh : current));
      setProblem(null);
      setIssues([]);
      onSaved({ module: saved.module, created: module === undefined, editedMeanwhile });
    } catch (caught) {
      const failure = asProblem(caught);
      setProblem(failure);
      setIssues(issuesOf(failure, sent));
      announce(
        failure.errors.length > 0
          ? `The module wasn't saved: ${failure.errors.length === 1 ? "one problem needs" : `${failure.errors.length} problems need`} fixing. They're listed at the top of the editor and marked on their fields.`
          : `The module wasn't saved. ${failure.detail}`,
        "error",
      );
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setSaving(false);
    }
  }

  function close() {
    if (dirty && !window.confirm("Close the editor and lose your unsaved changes to this module?")) return;
    onClose();
  }

  const name = module ? `module ${position}: ${module.title}` : "new module";
  const errors = {
    title: fieldError("title"),
    content: fieldError("content"),
    duration: fieldError("durationMinutes"),
    required: fieldError("required"),
    quiz: fieldError("quiz"),
    passMark: fieldError("passMark"),
    questions: fieldError("questions"),
  };

  return (
    <form class="training-editor" onSubmit={save} noValidate aria-labelledby="tm-editor-title" data-editing={module?.id ?? "new"}>
      <div class="training-editor-main">
        <h3 id="tm-editor-title" class="training-editor-title" tabIndex={-1}>
          {module ? `Edit module ${position}: ${module.title}` : `New module (${position})`} {dirty && <span class="badge unsaved-badge">Unsaved changes</span>}
        </h3>
        <ErrorSummary
          title="The module wasn't saved: fix these problems"
          problem={problem && (problem.errors.length === 0 || summary.length > 0) ? problem : null}
          items={summary}
          summaryRef={summaryRef}
        />
        <div class="field">
          <label for={ids.title}>Title</label>
          <input
            id={ids.title}
            type="text"
            maxLength={120}
            value={draft.title}
            onInput={(event) => set("title", event.currentTarget.value)}
            aria-invalid={errors.title ? "true" : undefined}
            aria-describedby={describedBy(errors.title && `${ids.title}-error`)}
          />
          <FieldError id={`${ids.title}-error`} message={errors.title} />
        </div>
        <div class="field">
          <label for={ids.content}>Content</label>
          <textarea
            id={ids.content}
            rows={12}
            class="training-content-input"
            value={draft.content}
            onInput={(event) => set("content", event.currentTarget.value)}
            aria-invalid={errors.content ? "true" : undefined}
            aria-describedby={describedBy(`${ids.content}-hint`, errors.content && `${ids.content}-error`)}
          />
          <div class="hint training-format-hint" id={`${ids.content}-hint`}>
            <p>Formatting you can use:</p>
            <ul>
              <li>a blank line between paragraphs</li>
              <li>
                <code>## </code> at the start of a line for a heading
              </li>
              <li>
                <code>- </code> at the start of lines for a list
              </li>
              <li>
                <code>**bold**</code> for <strong>bold</strong>
              </li>
              <li>
                <code>[words](https://…)</code> for a link
              </li>
              <li>a YouTube or Vimeo address on a line of its own embeds the video</li>
            </ul>
          </div>
          <FieldError id={`${ids.content}-error`} message={errors.content} />
        </div>
        <div class="row two">
          <div class="field">
            <label for={ids.durationMinutes}>Duration (minutes)</label>
            <input
              id={ids.durationMinutes}
              type="number"
              inputMode="numeric"
              min={1}
              max={600}
              step={1}
              value={draft.duration}
              onInput={(event) => set("duration", event.currentTarget.value)}
              aria-invalid={errors.duration ? "true" : undefined}
              aria-describedby={describedBy(`${ids.durationMinutes}-hint`, errors.duration && `${ids.durationMinutes}-error`)}
            />
            <span class="hint" id={`${ids.durationMinutes}-hint`}>
              About how long it takes to read and answer; counts towards the program's minimum.
            </span>
            <FieldError id={`${ids.durationMinutes}-error`} message={errors.duration} />
          </div>
          <div class="field training-required-field">
            <div class="check-field">
              <input
                id={ids.required}
                type="checkbox"
                checked={draft.required}
                onChange={(event) => set("required", event.currentTarget.checked)}
                aria-describedby={describedBy(`${ids.required}-hint`, errors.required && `${ids.required}-error`)}
              />
              <label for={ids.required}>Required</label>
            </div>
            <span class="hint" id={`${ids.required}-hint`}>
              When the program requires training, mentors must finish every required module before they are matched.
            </span>
            <FieldError id={`${ids.required}-error`} message={errors.required} />
          </div>
        </div>

        <fieldset class="training-quiz" aria-describedby={describedBy(errors.quiz && `${ids.quiz}-error`)}>
          <legend class="field-legend">Quiz (optional)</legend>
          <div class="check-field">
            <input id={ids.quiz} type="checkbox" checked={draft.hasQuiz} onChange={(event) => toggleQuiz(event.currentTarget.checked)} />
            <label for={ids.quiz}>Mentors answer a short quiz to finish this module</label>
          </div>
          <FieldError id={`${ids.quiz}-error`} message={errors.quiz} />
          {draft.hasQuiz && (
            <>
              <div class="field training-passmark">
                <label for={ids.passMark}>Pass mark (% of answers right)</label>
                <input
                  id={ids.passMark}
                  type="number"
                  inputMode="numeric"
                  min={1}
                  max={100}
                  step={1}
                  value={draft.passMark}
                  onInput={(event) => set("passMark", event.currentTarget.value)}
                  aria-invalid={errors.passMark ? "true" : undefined}
                  aria-describedby={describedBy(errors.passMark && `${ids.passMark}-error`)}
                />
                <FieldError id={`${ids.passMark}-error`} message={errors.passMark} />
              </div>
              <FieldError id={`${ids.questions}-error`} message={errors.questions} />
              <ol class="training-questions" id={ids.questions}>
                {draft.questions.map((question, index) => {
                  const promptError = questionError(question.uid, "prompt");
                  const optionsError = questionError(question.uid, "options");
                  const answerError = questionError(question.uid, "answer");
                  const otherError = questionError(question.uid, "question");
                  const number = index + 1;
                  return (
                    <li key={question.uid} class={`training-question${promptError || optionsError || answerError || otherError ? " has-error" : ""}`}>
                      <fieldset id={ids.question(question.uid)} tabIndex={-1} aria-describedby={describedBy(otherError && `${ids.question(question.uid)}-error`)}>
                        <legend class="field-legend">Question {number}</legend>
                        <FieldError id={`${ids.question(question.uid)}-error`} message={otherError} />
                        <div class="field">
                          <label for={ids.prompt(question.uid)}>Question</label>
                          <input
                            id={ids.prompt(question.uid)}
                            type="text"
                            maxLength={500}
                            value={question.prompt}
                            onInput={(event) => setQuestion(question.uid, { prompt: event.currentTarget.value })}
                            aria-invalid={promptError ? "true" : undefined}
                            aria-describedby={describedBy(promptError && `${ids.prompt(question.uid)}-error`)}
                          />
                          <FieldError id={`${ids.prompt(question.uid)}-error`} message={promptError} />
                        </div>
                        <fieldset
                          class="training-options"
                          id={ids.options(question.uid)}
                          tabIndex={-1}
                          aria-describedby={describedBy(`${ids.options(question.uid)}-hint`, optionsError && `${ids.options(question.uid)}-error`, answerError && `${ids.options(question.uid)}-answer-error`)}
                        >
                          <legend class="field-legend">Options for question {number}</legend>
                          <span class="hint" id={`${ids.options(question.uid)}-hint`}>
                            {MIN_OPTIONS} to {MAX_OPTIONS} options; select the right one.
                          </span>
                          <FieldError id={`${ids.options(question.uid)}-error`} message={optionsError} />
                          <FieldError id={`${ids.options(question.uid)}-answer-error`} message={answerError} />
                          <ol class="training-option-list">
                            {question.options.map((option, at) => {
                              const message = optionError(question.uid, option.uid, at);
                              const inputId = ids.option(question.uid, option.uid);
                              return (
                                <li key={option.uid} class="training-option">
                                  <div class="training-option-right">
                                    <input
                                      id={ids.right(question.uid, option.uid)}
                                      type="radio"
                                      name={`tm-q${question.uid}-right`}
                                      checked={question.answer === option.uid}
                                      onChange={() => setQuestion(question.uid, { answer: option.uid })}
                                      aria-invalid={answerError ? "true" : undefined}
                                      aria-describedby={describedBy(answerError && `${ids.options(question.uid)}-answer-error`)}
                                    />
                                    <label for={ids.right(question.uid, option.uid)}>
                                      Right<span class="sr-only"> answer: option {at + 1}</span>
                                    </label>
                                  </div>
                                  <div class="field">
                                    <label for={inputId}>Option {at + 1}</label>
                                    <input
                                      id={inputId}
                                      type="text"
                                      maxLength={200}
                                      value={option.text}
                                      onInput={(event) => {
                                        const text = event.currentTarget.value;
                                        setQuestion(question.uid, { options: question.options.map((candidate) => (candidate.uid === option.uid ? { ...candidate, text } : candidate)) });
                                      }}
                                      aria-invalid={message ? "true" : undefined}
                                      aria-describedby={describedBy(message && `${inputId}-error`)}
                                    />
                                    <FieldError id={`${inputId}-error`} message={message} />
                                  </div>
                                  <button
                                    id={ids.removeOption(question.uid, option.uid)}
                                    class="button secondary small"
                                    type="button"
                                    disabled={question.options.length <= MIN_OPTIONS}
                                    onClick={() => removeOption(question, at)}
                                  >
                                    Remove<span class="sr-only"> option {at + 1} of question {number}</span>
                                  </button>
                                </li>
                              );
                            })}
                          </ol>
                          <button
                            id={ids.addOption(question.uid)}
                            class="button secondary small"
                            type="button"
                            disabled={question.options.length >= MAX_OPTIONS}
                            onClick={() => addOption(question)}
                          >
                            Add an option<span class="sr-only"> to question {number}</span>
                          </button>
                        </fieldset>
                        <p class="actions training-question-actions">
                          <button id={ids.removeQuestion(question.uid)} class="button secondary small" type="button" disabled={draft.questions.length <= 1} onClick={() => removeQuestion(index)}>
                            Remove question {number}
                          </button>
                        </p>
                      </fieldset>
                    </li>
                  );
                })}
              </ol>
              <button
                id={ids.addQuestion}
                class="button secondary"
                type="button"
                disabled={draft.questions.length >= MAX_QUESTIONS}
                onClick={addQuestion}
                aria-describedby={describedBy(errors.questions && `${ids.questions}-error`)}
              >
                Add a question
              </button>
            </>
          )}
        </fieldset>
        {general.length > 0 && (
          <ul class="training-general-errors">
            {general.map((issue) => (
              <li key={issue.path} class="field-error">
                {sentence("The module", issue.message)}
              </li>
            ))}
          </ul>
        )}
        <div class="save-bar">
          <button class="button" type="submit" disabled={saving}>
            {saving ? "Saving…" : module ? "Save the module" : "Add the module"}
          </button>
          <button class="button secondary" type="button" onClick={close}>
            {module ? "Close" : "Cancel"}
            <span class="sr-only"> editing {name}</span>
          </button>
          <span class="muted small">{dirty ? "You have unsaved changes." : module ? "All changes saved." : ""}</span>
        </div>
      </div>
      <Preview draft={draft} saved={module} />
    </form>
  );
}
