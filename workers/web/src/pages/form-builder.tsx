/**
 * `/console/:tenant/programs/:program/form`: a program's mentor and mentee
 * enrollment forms (@tandem/forms definitions) — add, remove, reorder and edit
 * questions beside a live preview of what applicants see, and save with the
 * API's per-question errors shown on the right question.
 */
import type { JSX } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import type { FormDefinition, FormDefinitionInput, MatchingKind, Question, QuestionType } from "../../../../packages/forms/src/definition.js";
import { api, ApiProblem, staticPages, unwrap } from "../api.js";
import { describedBy, ErrorSummary, FieldError, Segmented, sentence, type SummaryItem } from "../components/fields.js";
import { FormPreview, type PreviewQuestion } from "../components/form-preview.js";
import { type Membership, type Program, ProgramPage } from "../components/gates.js";
import { Announce, Loading, ProblemPanel } from "../components/status.js";
import { useUnsavedChangesWarning } from "../components/unsaved-changes.js";
import { asProblem, useLoad, usePageTitle } from "../hooks.js";
import { canManagePrograms } from "../session.js";

type Role = "mentee" | "mentor";

const TYPE_LABELS: Record<QuestionType, string> = {
  short_text: "Short text",
  long_text: "Long text (paragraph)",
  single_choice: "One choice",
  multiple_choice: "Several choices",
  number: "Number",
  date: "Date",
  scale: "Scale from 1 to 5",
  email: "Email address",
  phone: "Phone number",
  languages: "Languages",
  availability: "Weekly availability",
  consent: "Consent (a box to tick)",
};
const TYPES = Object.keys(TYPE_LABELS) as QuestionType[];

/** Which matching kinds compare which question types (as MATCHING_COMPATIBILITY in @tandem/forms). */
const MATCHING: Record<MatchingKind, { label: string; short: string; types: QuestionType[] }> = {
  overlap: { label: "Shared answers (more in common scores higher)", short: "shared answers", types: ["multiple_choice", "languages", "availability", "single_choice"] },
  exact: { label: "Same answer", short: "same answer", types: ["single_choice", "number", "short_text"] },
  numeric: { label: "Close numbers", short: "close numbers", types: ["number", "scale"] },
  text: { label: "Similar wording", short: "similar wording", types: ["short_text", "long_text"] },
};
const MATCHING_KINDS = Object.keys(MATCHING) as MatchingKind[];
const BUILT_IN_KEYS = ["first_name", "last_name", "email", "date_of_birth", "guardian_name", "guardian_email"];
const TEXT_LIMITS = { short_text: 500, long_text: 10_000 } as const;
const isChoiceType = (type: QuestionType) => type === "single_choice" || type === "multiple_choice";

interface ChoiceDraft {
  uid: number;
  value: string;
  label: string;
  /** A new choice's value follows its label until someone edits the value. */
  valueEdited: boolean;
}

interface QuestionDraft {
  uid: number;
  key: string;
  keyEdited: boolean;
  type: QuestionType;
  label: string;
  help: string;
  required: boolean;
  choices: ChoiceDraft[];
  min: string;
  max: string;
  matchingKind: MatchingKind | "";
  matchingWeight: string;
  matchingRequired: boolean;
}

let nextUid = 1;
const uid = () => nextUid++;

/** "Career goals?" → "career_goals": a key as the API accepts it (a lowercase letter first, up to 40). */
function keyFrom(text: string, fallback: string): string {
  const base = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+/, "")
    .replace(/_+$/, "")
    .slice(0, 40)
    .replace(/_+$/, "");
  return base || fallback;
}

function uniqueKey(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${base.slice(0, 40 - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

const choiceValueFrom = (label: string, index: number) => keyFrom(label, `choice_${index + 1}`).slice(0, 60) || `choice_${index + 1}`;

function draftOf(question: Question): QuestionDraft {
  return {
    uid: uid(),
    key: question.key,
    keyEdited: true,
    type: question.type,
    label: question.label,
    help: question.help ?? "",
    required: question.required ?? false,
    choices: (question.choices ?? []).map((choice) => ({ uid: uid(), value: choice.value, label: choice.label, valueEdited: true })),
    min: question.min === undefined ? "" : String(question.min),
    max: question.max === undefined ? "" : String(question.max),
    matchingKind: question.matching?.kind ?? "",
    matchingWeight: question.matching ? String(question.matching.weight) : "5",
    matchingRequired: question.matching?.required ?? false,
  };
}

const number = (text: string) => (text.trim() === "" ? undefined : Number(text));

/** Which limits a type takes (as @tandem/forms checks them). */
function limitsOf(type: QuestionType): { min?: string; max?: string } | null {
  if (type === "number") return { min: "Smallest answer", max: "Largest answer" };
  if (type === "multiple_choice") return { min: "Fewest choices", max: "Most choices" };
  if (type === "short_text" || type === "long_text") return { max: "Longest answer (characters)" };
  return null;
}

/** The question as the API takes it: settings its type doesn't use are left out (and kept in the editor, should the type change back). */
function serialize(draft: QuestionDraft): FormDefinitionInput["questions"][number] {
  const question: FormDefinitionInput["questions"][number] = { key: draft.key, type: draft.type, label: draft.label, required: draft.required };
  if (draft.help.trim()) question.help = draft.help;
  if (isChoiceType(draft.type)) question.choices = draft.choices.map((choice) => ({ value: choice.value, label: choice.label }));
  const limits = limitsOf(draft.type);
  if (limits?.min) {
    const min = number(draft.min);
    if (min !== undefined) question.min = min;
  }
  if (limits?.max) {
    const max = number(draft.max);
    if (max !== undefined) question.max = max;
  }
  if (draft.matchingKind && MATCHING[draft.matchingKind].types.includes(draft.type)) {
    question.matching = { kind: draft.matchingKind, weight: number(draft.matchingWeight) ?? Number.NaN };
    if (draft.matchingRequired) question.matching.required = true;
  }
  return question;
}

const definitionOf = (drafts: QuestionDraft[]): FormDefinitionInput => ({ version: 1, questions: drafts.map(serialize) });

interface FieldIssue {
  /** The question's uid, or null for the form as a whole. */
  question: number | null;
  /** `label`, `choices`, `choices.1.value`, `matching.kind`… or "" for the question itself. */
  field: string;
  message: string;
}

/** The API's `body.questions.3.choices.1.value` errors, tied to the questions (by uid) they were about when sent. */
function issuesOf(problem: ApiProblem, sent: QuestionDraft[]): FieldIssue[] {
  return problem.errors.map((error) => {
    const match = /^body\.questions\.(\d+)(?:\.(.+))?$/.exec(error.path);
    const draft = match ? sent[Number(match[1])] : undefined;
    if (!match || !draft) return { question: null, field: error.path, message: error.message };
    let field = match[2] ?? "";
    // Choice errors go to the choice by its uid, which survives reordering.
    const choice = /^choices\.(\d+)\.(value|label)$/.exec(field);
    if (choice) field = `choices.${draft.choices[Number(choice[1])]?.uid ?? "?"}.${choice[2]}`;
    return { question: draft.uid, field, message: error.message };
  });
}

const FIELD_NAMES: Record<string, string> = {
  key: "Key",
  type: "Type",
  label: "Question",
  help: "Help text",
  required: "Required",
  choices: "Choices",
  min: "The lower limit",
  max: "The upper limit",
  matching: "Matching",
  "matching.kind": "Matching",
  "matching.weight": "Weight",
  "matching.required": "Required to match",
};

/** A change to a question; `labelForKey` lets a new question's key follow its text. */
type QuestionChange = Partial<QuestionDraft> & { labelForKey?: string };

const fieldId = (question: number, field: string) => `q${question}-${field.replace(/\./g, "-")}`;

function ChoiceEditor({
  question,
  onChange,
  issue,
  announce,
}: {
  question: QuestionDraft;
  onChange: (choices: ChoiceDraft[]) => void;
  issue: (field: string) => string | undefined;
  announce: (message: string) => void;
}) {
  const base = `q${question.uid}`;
  const listError = sentence("Choices", issue("choices"));
  const update = (choice: ChoiceDraft, change: Partial<ChoiceDraft>) => onChange(question.choices.map((candidate) => (candidate.uid === choice.uid ? { ...candidate, ...change } : candidate)));
  function add() {
    const choice = { uid: uid(), value: "", label: "", valueEdited: false };
    onChange([...question.choices, choice]);
    requestAnimationFrame(() => document.getElementById(`${base}-choice-${choice.uid}-label`)?.focus());
  }
  function remove(choice: ChoiceDraft, index: number) {
    const rest = question.choices.filter((candidate) => candidate.uid !== choice.uid);
    onChange(rest);
    announce(`Removed choice ${index + 1}${choice.label ? `, ${choice.label}` : ""}.`);
    const next = rest[index] ?? rest[index - 1];
    requestAnimationFrame(() => document.getElementById(next ? `${base}-choice-${next.uid}-remove` : `${base}-add-choice`)?.focus());
  }
  return (
    <fieldset class="choice-editor" id={fieldId(question.uid, "choices")} tabIndex={-1} aria-describedby={describedBy(`${base}-choices-hint`, listError && `${base}-choices-error`)}>
      <legend class="field-legend">Choices</legend>
      <span class="hint" id={`${base}-choices-hint`}>
        Applicants see the text; Tandem stores the value, so keep values the same once people have applied.
      </span>
      <FieldError id={`${base}-choices-error`} message={listError} />
      <ol class="choice-list">
        {question.choices.map((choice, index) => {
          const labelError = sentence(`Choice ${index + 1}`, issue(`choices.${choice.uid}.label`));
          const valueError = sentence(`Value of choice ${index + 1}`, issue(`choices.${choice.uid}.value`));
          const id = `${base}-choice-${choice.uid}`;
          return (
            <li key={choice.uid} class="choice-row">
              <div class="field">
                <label for={`${id}-label`}>Choice {index + 1}</label>
                <input
                  id={`${id}-label`}
                  type="text"
                  value={choice.label}
                  onInput={(event) => {
                    const label = event.currentTarget.value;
                    update(choice, choice.valueEdited ? { label } : { label, value: choiceValueFrom(label, index) });
                  }}
                  aria-invalid={labelError ? "true" : undefined}
                  aria-describedby={describedBy(labelError && `${id}-label-error`)}
                />
                <FieldError id={`${id}-label-error`} message={labelError} />
              </div>
              <div class="field">
                <label for={`${id}-value`}>Value</label>
                <input
                  id={`${id}-value`}
                  type="text"
                  class="code-input"
                  spellcheck={false}
                  autocomplete="off"
                  value={choice.value}
                  onInput={(event) => update(choice, { value: event.currentTarget.value, valueEdited: true })}
                  aria-invalid={valueError ? "true" : undefined}
                  aria-describedby={describedBy(valueError && `${id}-value-error`)}
                />
                <FieldError id={`${id}-value-error`} message={valueError} />
              </div>
              <button id={`${id}-remove`} class="button secondary small" type="button" onClick={() => remove(choice, index)}>
                Remove<span class="sr-only"> choice {index + 1}</span>
              </button>
            </li>
          );
        })}
      </ol>
      <button id={`${base}-add-choice`} class="button secondary small" type="button" onClick={add}>
        Add a choice
      </button>
    </fieldset>
  );
}

function QuestionEditor({
  draft,
  index,
  count,
  issues,
  onChange,
  onMove,
  onRemove,
  announce,
  expanded,
  onToggle,
}: {
  draft: QuestionDraft;
  index: number;
  count: number;
  issues: FieldIssue[];
  expanded: boolean;
  onToggle: () => void;
  onChange: (change: QuestionChange) => void;
  onMove: (offset: -1 | 1, button: "up" | "down") => void;
  onRemove: () => void;
  announce: (message: string) => void;
}) {
  const base = `q${draft.uid}`;
  const issue = (field: string) => issues.find((candidate) => candidate.field === field)?.message;
  const error = (field: string) => sentence(FIELD_NAMES[field] ?? field, issue(field));
  const general = issues.filter((candidate) => candidate.field === "" || !(candidate.field in FIELD_NAMES || candidate.field.startsWith("choices")));
  const limits = limitsOf(draft.type);
  const compatible = MATCHING_KINDS.filter((kind) => MATCHING[kind].types.includes(draft.type));
  const name = draft.label.trim() || "new question";
  const invalid = issues.length > 0;
  const matchingKind = draft.matchingKind && compatible.includes(draft.matchingKind) ? draft.matchingKind : "";
  const meta = [
    TYPE_LABELS[draft.type],
    isChoiceType(draft.type) ? `${draft.choices.length} ${draft.choices.length === 1 ? "choice" : "choices"}` : null,
    draft.required ? "required" : "optional",
    matchingKind ? `matching: ${MATCHING[matchingKind].short}` : null,
    invalid ? "needs fixing" : null,
  ]
    .filter(Boolean)
    .join(" · ");

  function changeType(type: QuestionType) {
    const change: Partial<QuestionDraft> = { type };
    if (isChoiceType(type) && draft.choices.length === 0) {
      change.choices = [
        { uid: uid(), value: "", label: "", valueEdited: false },
        { uid: uid(), value: "", label: "", valueEdited: false },
      ];
    }
    if (draft.matchingKind && !MATCHING[draft.matchingKind].types.includes(type)) {
      change.matchingKind = "";
      announce(`This question no longer feeds matching: ${TYPE_LABELS[type].toLowerCase()} questions can't be compared by “${MATCHING[draft.matchingKind].label.toLowerCase()}”.`);
    }
    onChange(change);
  }

  const field = (key: string, label: string, control: (props: { id: string; "aria-invalid"?: "true"; "aria-describedby"?: string }) => JSX.Element, hint?: string) => {
    const id = fieldId(draft.uid, key);
    const message = error(key);
    return (
      <div class="field">
        <label for={id}>{label}</label>
        {control({ id, "aria-invalid": message ? "true" : undefined, "aria-describedby": describedBy(hint && `${id}-hint`, message && `${id}-error`) })}
        {hint && (
          <span class="hint" id={`${id}-hint`}>
            {hint}
          </span>
        )}
        <FieldError id={`${id}-error`} message={message} />
      </div>
    );
  };

  return (
    <li class={`question-editor${invalid ? " has-error" : ""}`} id={`${base}-item`} data-question-key={draft.key}>
      <div class="question-head">
        <div class="question-summary">
          <h3 class="question-title" id={`${base}-title`} tabIndex={-1}>
            <span class="question-number">Question {index + 1}</span> <span class="question-name">{draft.label.trim() || "(new question)"}</span>
          </h3>
          <p class="question-meta">{meta}</p>
        </div>
        <div class="question-actions">
          <button id={`${base}-edit`} class="button secondary small" type="button" aria-expanded={expanded ? "true" : "false"} aria-controls={`${base}-body`} onClick={onToggle}>
            {expanded ? "Done" : "Edit"}
            <span class="sr-only">
              {expanded ? " editing" : ""} question {index + 1}, {name}
            </span>
          </button>
          <button id={`${base}-up`} class="button secondary small" type="button" disabled={index === 0} onClick={() => onMove(-1, "up")}>
            Move up<span class="sr-only">: question {index + 1}, {name}</span>
          </button>
          <button id={`${base}-down`} class="button secondary small" type="button" disabled={index === count - 1} onClick={() => onMove(1, "down")}>
            Move down<span class="sr-only">: question {index + 1}, {name}</span>
          </button>
          <button id={`${base}-remove`} class="button danger small" type="button" onClick={onRemove}>
            Remove<span class="sr-only"> question {index + 1}, {name}</span>
          </button>
        </div>
      </div>
      <div class="question-body" id={`${base}-body`} role="group" aria-labelledby={`${base}-title`} hidden={!expanded}>
        {general.length > 0 && (
          <ul class="question-errors" id={`${base}-errors`} tabIndex={-1}>
            {general.map((candidate) => (
              <li key={candidate.field + candidate.message} class="field-error">
                {sentence(FIELD_NAMES[candidate.field] ?? "This question", candidate.message)}
              </li>
            ))}
          </ul>
        )}
        <div class="row two">
          {field("label", "Question", (props) => (
            <input
              {...props}
              type="text"
              value={draft.label}
              onInput={(event) => {
                const label = event.currentTarget.value;
                onChange({ label, labelForKey: label });
              }}
            />
          ))}
          {field("type", "Type", (props) => (
            <select {...props} value={draft.type} onChange={(event) => changeType(event.currentTarget.value as QuestionType)}>
              {TYPES.map((type) => (
                <option key={type} value={type}>
                  {TYPE_LABELS[type]}
                </option>
              ))}
            </select>
          ))}
        </div>
        {field(
          "help",
          "Help text (optional)",
          (props) => <textarea {...props} rows={2} value={draft.help} onInput={(event) => onChange({ help: event.currentTarget.value })} />,
          "Shown under the question: an example, or why you ask.",
        )}
        <div class="check-field">
          <input id={fieldId(draft.uid, "required")} type="checkbox" checked={draft.required} onChange={(event) => onChange({ required: event.currentTarget.checked })} />
          <label for={fieldId(draft.uid, "required")}>{draft.type === "consent" ? "Applicants must tick it" : "Applicants must answer"}</label>
        </div>
        <FieldError id={`${fieldId(draft.uid, "required")}-error`} message={error("required")} />
        {isChoiceType(draft.type) && <ChoiceEditor question={draft} onChange={(choices) => onChange({ choices })} issue={issue} announce={announce} />}
        {limits && (
          <div class="row two">
            {limits.min &&
              field("min", `${limits.min} (optional)`, (props) => <input {...props} type="number" step="any" value={draft.min} onInput={(event) => onChange({ min: event.currentTarget.value })} />)}
            {limits.max &&
              field(
                "max",
                `${limits.max} (optional)`,
                (props) => <input {...props} type="number" step="any" value={draft.max} onInput={(event) => onChange({ max: event.currentTarget.value })} />,
                draft.type === "short_text" || draft.type === "long_text" ? `Up to ${TEXT_LIMITS[draft.type].toLocaleString()}; blank means ${draft.type === "short_text" ? 200 : "4,000"}.` : undefined,
              )}
          </div>
        )}
        <details class="question-advanced" open={Boolean(issue("key") || issue("matching") || issue("matching.kind") || issue("matching.weight") || draft.matchingKind)}>
          <summary>Matching and key</summary>
          {compatible.length === 0 ? (
            <p class="muted small">{TYPE_LABELS[draft.type]} questions don't feed matching.</p>
          ) : (
            <div class="row two">
              {field(
                "matching.kind",
                "Use for matching",
                (props) => (
                  <select {...props} value={draft.matchingKind} onChange={(event) => onChange({ matchingKind: event.currentTarget.value as MatchingKind | "" })}>
                    <option value="">Not used for matching</option>
                    {compatible.map((kind) => (
                      <option key={kind} value={kind}>
                        {MATCHING[kind].label}
                      </option>
                    ))}
                  </select>
                ),
                "Matching compares mentors' and mentees' answers to questions with the same key.",
              )}
              {draft.matchingKind &&
                field(
                  "matching.weight",
                  "Weight (1 to 10)",
                  (props) => <input {...props} type="number" min={1} max={10} step={1} value={draft.matchingWeight} onInput={(event) => onChange({ matchingWeight: event.currentTarget.value })} />,
                  "How much this question counts next to the others.",
                )}
            </div>
          )}
          {draft.matchingKind && compatible.length > 0 && (
            <div class="check-field">
              <input id={fieldId(draft.uid, "matching.required")} type="checkbox" checked={draft.matchingRequired} onChange={(event) => onChange({ matchingRequired: event.currentTarget.checked })} />
              <label for={fieldId(draft.uid, "matching.required")}>Required to match: pair people only if they agree here</label>
            </div>
          )}
          {field(
            "key",
            "Key",
            (props) => (
              <input {...props} type="text" class="code-input" spellcheck={false} autocomplete="off" value={draft.key} onInput={(event) => onChange({ key: event.currentTarget.value, keyEdited: true })} />
            ),
            "Where answers are stored: lowercase letters, digits and underscores. Changing it after people applied separates their earlier answers from this question.",
          )}
        </details>
      </div>
    </li>
  );
}

type FormView = { role: Role; isStarter: boolean; builtInFields: Question[]; definition: FormDefinition };

async function loadForm(tenant: string, program: string, role: Role): Promise<FormView> {
  const body = await unwrap(api.forms.api.v1.t[":slug"].programs[":program"].forms[":role"].$get({ param: { slug: tenant, program, role } }));
  return body.form as unknown as FormView;
}

const ROLE_WORDS: Record<Role, { form: string; people: string }> = { mentee: { form: "mentee form", people: "mentees" }, mentor: { form: "mentor form", people: "mentors" } };

function RoleForm({
  tenant,
  program,
  role,
  hidden,
  onDirty,
}: {
  tenant: string;
  program: Program;
  role: Role;
  hidden: boolean;
  onDirty: (role: Role, dirty: boolean) => void;
}) {
  const loaded = useLoad(() => loadForm(tenant, program.slug, role), [tenant, program.slug, role]);
  if (loaded.state === "loading") return hidden ? null : <Loading what={`the ${ROLE_WORDS[role].form}`} />;
  if (loaded.state === "failed") return hidden ? null : <ProblemPanel problem={loaded.problem} retry={loaded.reload} />;
  return <Editor tenant={tenant} program={program} role={role} initial={loaded.data} hidden={hidden} onDirty={onDirty} />;
}

function Editor({ tenant, program, role, initial, hidden, onDirty }: { tenant: string; program: Program; role: Role; initial: FormView; hidden: boolean; onDirty: (role: Role, dirty: boolean) => void }) {
  const [view, setView] = useState(initial);
  const [drafts, setDrafts] = useState<QuestionDraft[]>(() => initial.definition.questions.map(draftOf));
  const [saved, setSaved] = useState(() => JSON.stringify(definitionOf(initial.definition.questions.map(draftOf))));
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  /** The questions open for editing (the rest show one line each). */
  const [expanded, setExpanded] = useState<Set<number>>(() => new Set());
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ message: string; tone?: "success" | "error" } | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const latestDrafts = useRef(drafts);
  latestDrafts.current = drafts;
  const words = ROLE_WORDS[role];
  const definition = definitionOf(drafts);
  const dirty = JSON.stringify(definition) !== saved;
  useEffect(() => onDirty(role, dirty), [dirty]);

  const announce = (message: string) => setStatus({ message });
  const update = (target: number, change: QuestionChange) =>
    setDrafts((current) =>
      current.map((draft) => {
        if (draft.uid !== target) return draft;
        const { labelForKey, ...rest } = change;
        const next = { ...draft, ...rest };
        if (labelForKey !== undefined && !draft.keyEdited) {
          const taken = new Set([...BUILT_IN_KEYS, ...current.filter((other) => other.uid !== target).map((other) => other.key)]);
          next.key = uniqueKey(keyFrom(labelForKey, `question_${current.indexOf(draft) + 1}`), taken);
        }
        return next;
      }),
    );

  function add() {
    const taken = new Set([...BUILT_IN_KEYS, ...drafts.map((draft) => draft.key)]);
    const draft: QuestionDraft = {
      uid: uid(),
      key: uniqueKey(`question_${drafts.length + 1}`, taken),
      keyEdited: false,
      type: "short_text",
      label: "",
      help: "",
      required: false,
      choices: [],
      min: "",
      max: "",
      matchingKind: "",
      matchingWeight: "5",
      matchingRequired: false,
    };
    setDrafts([...drafts, draft]);
    setExpanded((current) => new Set(current).add(draft.uid));
    setStatus({ message: `Added question ${drafts.length + 1}. Type the question, then choose its type.` });
    requestAnimationFrame(() => document.getElementById(fieldId(draft.uid, "label"))?.focus());
  }

  function move(index: number, offset: -1 | 1, button: "up" | "down") {
    const to = index + offset;
    if (to < 0 || to >= drafts.length) return;
    const next = [...drafts];
    const [moved] = next.splice(index, 1);
    next.splice(to, 0, moved);
    setDrafts(next);
    setStatus({ message: `Moved “${moved.label.trim() || "new question"}” to position ${to + 1} of ${next.length}.` });
    // Focus stays on the button pressed, unless the question reached the end it was moving to.
    const atEnd = (button === "up" && to === 0) || (button === "down" && to === next.length - 1);
    requestAnimationFrame(() => document.getElementById(`q${moved.uid}-${atEnd ? (button === "up" ? "down" : "up") : button}`)?.focus());
  }

  function remove(index: number) {
    const removed = drafts[index];
    const next = drafts.filter((draft) => draft.uid !== removed.uid);
    setDrafts(next);
    setIssues((current) => current.filter((candidate) => candidate.question !== removed.uid));
    setStatus({ message: `Removed “${removed.label.trim() || "new question"}”. It stays on the form until you save; reload the page before saving to get it back.` });
    const focus = next[index] ?? next[index - 1];
    requestAnimationFrame(() => document.getElementById(focus ? `q${focus.uid}-title` : `${role}-add-question`)?.focus());
  }

  async function save() {
    if (!dirty) {
      setStatus({ message: `Nothing to save: the ${words.form} has no changes.` });
      return;
    }
    setSaving(true);
    setStatus(null);
    const sent = drafts;
    try {
      const body = await unwrap(api.forms.api.v1.t[":slug"].programs[":program"].forms[":role"].$put({ param: { slug: tenant, program: program.slug, role }, json: definition }));
      const form = body.form as unknown as FormView;
      // The saved questions, as the API normalised them (trimmed), keep their place in the editor.
      const next = form.definition.questions.map((question, index) => {
        const draft = draftOf(question);
        const before = sent[index];
        return before ? { ...draft, uid: before.uid, choices: draft.choices.map((choice, at) => ({ ...choice, uid: before.choices[at]?.uid ?? choice.uid })) } : draft;
      });
      // The saved baseline is what was sent, as the API normalised it. Questions edited, added, moved or removed while the save
      // was under way keep those edits (still unsaved); the others take their saved form.
      const editedMeanwhile = latestDrafts.current !== sent;
      setView(form);
      setDrafts((current) => (current === sent ? next : current.map((draft) => next[sent.indexOf(draft)] ?? draft)));
      setSaved(JSON.stringify(definitionOf(next)));
      setProblem(null);
      setIssues([]);
      const count = form.definition.questions.length;
      setStatus({
        message: `Saved the ${words.form} (${count} ${count === 1 ? "question" : "questions"}). New applications use it from now on.${editedMeanwhile ? " Changes you made while saving are not saved yet." : ""}`,
        tone: "success",
      });
    } catch (caught) {
      const failure = asProblem(caught);
      setProblem(failure);
      const found = issuesOf(failure, sent);
      setIssues(found);
      // Questions with a problem open, so their fields (and the summary's links to them) are there.
      setExpanded((current) => new Set([...current, ...found.flatMap((candidate) => (candidate.question === null ? [] : [candidate.question]))]));
      setStatus({
        message:
          failure.errors.length > 0
            ? `The ${words.form} wasn't saved: ${failure.errors.length === 1 ? "one problem needs" : `${failure.errors.length} problems need`} fixing. They're listed above and marked on their questions.`
            : `The ${words.form} wasn't saved. ${failure.detail}`,
        tone: "error",
      });
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setSaving(false);
    }
  }

  // Problems of questions or choices removed since the failed save go with them.
  const live = issues.filter((candidate) => {
    const choice = /^choices\.(\d+)\./.exec(candidate.field);
    const draft = drafts.find((item) => item.uid === candidate.question);
    return candidate.question === null || (draft !== undefined && (!choice || draft.choices.some((item) => String(item.uid) === choice[1])));
  });
  const summary: SummaryItem[] = live.map((candidate) => {
    const index = drafts.findIndex((draft) => draft.uid === candidate.question);
    if (candidate.question === null || index === -1) return { target: `${role}-add-question`, message: sentence("The form", candidate.message)! };
    const draft = drafts[index];
    const choice = /^choices\.(\d+)\.(value|label)$/.exec(candidate.field);
    const choiceIndex = choice ? draft.choices.findIndex((item) => String(item.uid) === choice[1]) : -1;
    const where = `Question ${index + 1}${draft.label.trim() ? ` (${draft.label.trim()})` : ""}`;
    if (choice) {
      return { target: `q${draft.uid}-choice-${choice[1]}-${choice[2]}`, message: `${where}: ${sentence(`${choice[2] === "value" ? "value of choice" : "choice"} ${choiceIndex + 1}`, candidate.message)}` };
    }
    const known = candidate.field in FIELD_NAMES;
    return { target: known ? fieldId(draft.uid, candidate.field) : `q${draft.uid}-errors`, message: `${where}: ${sentence(FIELD_NAMES[candidate.field] ?? "this question", candidate.message)}` };
  });

  const preview: PreviewQuestion[] = definition.questions.map((question) => ({ ...question, label: question.label, required: question.required ?? false }));

  return (
    <div hidden={hidden} class="form-builder" data-role={role}>
      <section class="form-editor" aria-labelledby={`${role}-editor-title`}>
        <h2 id={`${role}-editor-title`}>
          Questions on the {words.form} {dirty && <span class="badge unsaved-badge">Unsaved changes</span>}
        </h2>
        <p class="muted">
          {view.isStarter
            ? `This is Tandem's starter form for ${words.people}: nothing is saved yet. Change it as you like and save it to make it this program's own.`
            : `Every ${role} applicant answers these, after their name and email address.`}
        </p>
        {program.status !== "draft" && (
          <p class="note">
            {program.name} is {program.status} and may have {words.people}' applications already. Saving changes only what new applicants see: earlier answers stay as they
            were, and answers to a question you remove still show on the applications, under its key.
          </p>
        )}
        <ErrorSummary title={`The ${words.form} wasn't saved: fix these problems`} problem={problem && (problem.errors.length === 0 || summary.length > 0) ? problem : null} items={summary} summaryRef={summaryRef} />
        <p class="muted small">Every form starts with the applicant's first name, last name and email address{role === "mentee" && program.guardianConsentUnderAge !== null ? ", date of birth and a guardian's details" : ""}; you don't add those.</p>
        {drafts.length === 0 ? (
          <p class="empty">No questions of your own yet: applicants give only their name and email address. Add a question below.</p>
        ) : (
          <ol class="question-list">
            {drafts.map((draft, index) => (
              <QuestionEditor
                key={draft.uid}
                draft={draft}
                index={index}
                count={drafts.length}
                issues={issues.filter((candidate) => candidate.question === draft.uid)}
                onChange={(change) => update(draft.uid, change)}
                onMove={(offset, button) => move(index, offset, button)}
                onRemove={() => remove(index)}
                announce={announce}
                expanded={expanded.has(draft.uid)}
                onToggle={() =>
                  setExpanded((current) => {
                    const next = new Set(current);
                    if (!next.delete(draft.uid)) next.add(draft.uid);
                    return next;
                  })
                }
              />
            ))}
          </ol>
        )}
        <div class="save-bar">
          <button id={`${role}-add-question`} class="button secondary" type="button" onClick={add} disabled={drafts.length >= 60}>
            Add a question
          </button>
          <button class="button" type="button" onClick={save} disabled={saving}>
            {saving ? "Saving…" : `Save the ${words.form}`}
          </button>
          <span class="muted small">{dirty ? "You have unsaved changes." : "All changes saved."}</span>
        </div>
        <Announce message={status?.message ?? null} tone={status?.tone} />
      </section>
      <section class="form-preview-pane" aria-labelledby={`${role}-preview-title`}>
        <h2 id={`${role}-preview-title`}>Preview: what {words.people} see</h2>
        <p class="muted small">It changes as you edit. Try it: it sends nothing.</p>
        <FormPreview programName={program.name} role={role} builtIns={view.builtInFields} questions={preview} prefix={`preview-${role}`} />
      </section>
    </div>
  );
}

function FormBuilder({ program, membership }: { program: Program; membership: Membership }) {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(`${program.name}: enrollment forms`, heading);
  const [role, setRole] = useState<Role>(() => (new URLSearchParams(location.search).get("role") === "mentor" ? "mentor" : "mentee"));
  const [dirty, setDirty] = useState<Record<Role, boolean>>({ mentee: false, mentor: false });
  useUnsavedChangesWarning(dirty.mentee || dirty.mentor, "A form has unsaved changes. Leave this page and lose them?");
  const onDirty = (changed: Role, value: boolean) => setDirty((current) => (current[changed] === value ? current : { ...current, [changed]: value }));

  if (!canManagePrograms(membership.role)) {
    return (
      <>
        <h1 ref={heading} tabIndex={-1}>
          Enrollment forms
        </h1>
        <div class="card">
          <h2>Viewers can't change forms</h2>
          <p>You're a viewer at {membership.name}. To change the questions applicants answer, ask a coordinator, an admin or the owner.</p>
        </div>
      </>
    );
  }
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Enrollment forms: {program.name}
      </h1>
      <p class="lead">
        What mentors and mentees answer when they apply. Their answers feed matching; see who applied on <a href={staticPages.program(membership.slug, program.slug)}>the program's page</a>.
      </p>
      <Segmented
        legend="Form for"
        name="form-role"
        value={role}
        options={[
          { value: "mentee", label: <>Mentees{dirty.mentee && <span class="sr-only"> (unsaved changes)</span>}{dirty.mentee && <span aria-hidden="true"> •</span>}</> },
          { value: "mentor", label: <>Mentors{dirty.mentor && <span class="sr-only"> (unsaved changes)</span>}{dirty.mentor && <span aria-hidden="true"> •</span>}</> },
        ]}
        onChange={(value) => {
          setRole(value);
          history.replaceState(history.state, "", `${location.pathname}?role=${value}`);
        }}
      />
      <RoleForm tenant={membership.slug} program={program} role="mentee" hidden={role !== "mentee"} onDirty={onDirty} />
      <RoleForm tenant={membership.slug} program={program} role="mentor" hidden={role !== "mentor"} onDirty={onDirty} />
    </>
  );
}

export default function FormBuilderPage({ tenant, program }: { tenant: string; program: string }) {
  return (
    <ProgramPage key={`${tenant}/${program}`} tenant={tenant} program={program}>
      {(loaded, membership) => <FormBuilder program={loaded} membership={membership} />}
    </ProgramPage>
  );
}
