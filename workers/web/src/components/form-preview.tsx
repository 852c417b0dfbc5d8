/**
 * An enrollment form as an applicant sees it (the same controls as the embed
 * widget, public/embed.js, draws): the built-in fields, then the program's own
 * questions. A working form that sends nothing, so coordinators can try it.
 */
import type { Question } from "../../../../packages/forms/src/definition.js";
import { DAY_PARTS, LANGUAGES, WEEKDAYS } from "../../../../packages/forms/src/vocabulary.js";
import { describedBy } from "./fields.js";
import { useState } from "preact/hooks";

/** More single-choice options than this read better as a drop-down (as in the embed widget). */
const MAX_RADIOS = 6;
const INPUT_TYPES: Partial<Record<Question["type"], "email" | "tel" | "number" | "date">> = { email: "email", phone: "tel", number: "number", date: "date" };
const DEFAULT_MAX_LENGTHS: Partial<Record<Question["type"], number>> = { short_text: 200, long_text: 4000, email: 254, phone: 20 };
const DAY_NAMES: Record<string, string> = { mon: "Monday", tue: "Tuesday", wed: "Wednesday", thu: "Thursday", fri: "Friday", sat: "Saturday", sun: "Sunday" };
const PART_NAMES: Record<string, string> = { morning: "Morning", afternoon: "Afternoon", evening: "Evening" };

/** A question as the preview draws it: a label may still be empty while being written. */
export type PreviewQuestion = Pick<Question, "key" | "type" | "required"> & {
  label: string;
  help?: string;
  choices?: { value: string; label: string }[];
  min?: number;
  max?: number;
};

function Field({ question, prefix }: { question: PreviewQuestion; prefix: string }) {
  const id = `${prefix}-${question.key || "question"}`;
  const label = question.label.trim() || "(Question without text yet)";
  // As the embed widget: the help text alone (limits are for the coordinator to say in it).
  const help = question.help?.trim() ?? "";
  const hintId = help ? `${id}-hint` : undefined;
  const hint = help ? (
    <span class="hint" id={hintId}>
      {help}
    </span>
  ) : null;
  const optional = question.required ? null : <span class="optional"> (optional)</span>;
  const choices = question.choices ?? [];

  if (question.type === "consent") {
    return (
      <div class="field">
        <div class="check-field">
          <input id={id} type="checkbox" aria-describedby={hintId} aria-required={question.required ? "true" : undefined} />
          <label for={id}>
            {label}
            {optional}
          </label>
        </div>
        {hint}
      </div>
    );
  }
  if (question.type === "availability") {
    return (
      <fieldset class="field" aria-describedby={hintId}>
        <legend class="field-legend">
          {label}
          {optional}
        </legend>
        {hint}
        <div class="availability-scroll">
        <table class="availability-grid">
          <thead>
            <tr>
              <th scope="col">
                <span class="sr-only">Day</span>
              </th>
              {DAY_PARTS.map((part) => (
                <th scope="col" key={part}>
                  {PART_NAMES[part]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {WEEKDAYS.map((day) => (
              <tr key={day}>
                <th scope="row">{DAY_NAMES[day]}</th>
                {DAY_PARTS.map((part) => (
                  <td key={part}>
                    <input type="checkbox" name={id} value={`${day}_${part}`} aria-label={`${DAY_NAMES[day]}, ${PART_NAMES[part].toLowerCase()}`} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </fieldset>
    );
  }
  const group =
    question.type === "scale"
      ? [1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }))
      : question.type === "languages"
        ? LANGUAGES.map((language) => ({ value: language.code, label: language.label }))
        : question.type === "multiple_choice" || (question.type === "single_choice" && choices.length <= MAX_RADIOS)
          ? choices
          : null;
  if (group) {
    const type = question.type === "multiple_choice" || question.type === "languages" ? "checkbox" : "radio";
    return (
      <fieldset class="field" aria-describedby={hintId}>
        <legend class="field-legend">
          {label}
          {optional}
        </legend>
        {hint}
        {group.length === 0 ? (
          <p class="empty">No choices yet.</p>
        ) : (
          <div class={question.type === "scale" ? "preview-scale" : "preview-options"}>
            {group.map((choice, index) => (
              <div class="check-field" key={`${choice.value}-${index}`}>
                <input id={`${id}-${index}`} type={type} name={id} value={choice.value} />
                <label for={`${id}-${index}`}>{choice.label.trim() || `(Choice ${index + 1} without text)`}</label>
              </div>
            ))}
          </div>
        )}
      </fieldset>
    );
  }
  const common = {
    id,
    "aria-describedby": describedBy(hintId),
    "aria-required": question.required ? ("true" as const) : undefined,
  };
  let control;
  if (question.type === "single_choice") {
    control = (
      <select {...common}>
        <option value="">Choose…</option>
        {choices.map((choice, index) => (
          <option key={`${choice.value}-${index}`} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    );
  } else if (question.type === "long_text") {
    control = <textarea {...common} rows={4} maxLength={question.max ?? DEFAULT_MAX_LENGTHS.long_text} />;
  } else {
    const type = INPUT_TYPES[question.type];
    const maxLength = question.max ?? DEFAULT_MAX_LENGTHS[question.type];
    control =
      type === "number" ? (
        <input {...common} type="number" min={question.min} max={question.max} step="any" />
      ) : type === "date" ? (
        <input {...common} type="date" />
      ) : type === "email" ? (
        <input {...common} type="email" maxLength={maxLength} />
      ) : type === "tel" ? (
        <input {...common} type="tel" maxLength={maxLength} />
      ) : (
        <input {...common} type="text" maxLength={maxLength} />
      );
  }
  return (
    <div class="field">
      <label for={id}>
        {label}
        {optional}
      </label>
      {hint}
      {control}
    </div>
  );
}

export function FormPreview({
  programName,
  role,
  builtIns,
  questions,
  prefix,
}: {
  programName: string;
  role: "mentor" | "mentee";
  builtIns: PreviewQuestion[];
  questions: PreviewQuestion[];
  prefix: string;
}) {
  const [tried, setTried] = useState(false);
  return (
    <form
      class="applicant-preview"
      aria-label={`Preview of the ${role} form`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setTried(true);
      }}
    >
      <p class="preview-title">{programName}</p>
      <p class="preview-sub">{role === "mentor" ? "Apply to be a mentor" : "Apply to be mentored"}</p>
      {builtIns.map((question) => (
        <Field key={question.key} question={question} prefix={prefix} />
      ))}
      {questions.map((question, index) => (
        <Field key={`${index}-${question.key}`} question={question} prefix={`${prefix}-q${index}`} />
      ))}
      <button class="button" type="submit">
        Send application
      </button>
      <div role="status" aria-live="polite" class="status">
        {tried && <p>This is a preview: nothing was sent.</p>}
      </div>
    </form>
  );
}
