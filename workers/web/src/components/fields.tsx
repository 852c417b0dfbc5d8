/**
 * Form pieces the admin pages share: a field's error next to it (from the API's
 * problem+json `errors`), the summary of a failed save with links to each field,
 * copying text with a fallback, and the colour arithmetic behind contrast warnings.
 */
import { type ComponentChildren, Fragment, type Ref } from "preact";
import { useId } from "preact/hooks";
import type { ApiProblem } from "../api.js";

/** The ids a control is described by, skipping the absent ones. */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const present = ids.filter(Boolean);
  return present.length ? present.join(" ") : undefined;
}

/** A field's error, shown next to it; its id goes in the control's `aria-describedby`. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} class="field-error">
      {message}
    </p>
  );
}

/**
 * The API's message for a field as a sentence: its fragments follow the field's
 * name ("must be a color like #0b6e4f" → "Brand color must be a color like #0b6e4f."),
 * and those that are instructions stand alone ("add at least 2 choices" → "Add at least 2 choices.").
 */
export function sentence(name: string, message: string | undefined): string | undefined {
  if (!message) return undefined;
  const followsName = /^(must|is|are|cannot|can|has|have|should|may|needs?)\b/.test(message);
  const text = followsName ? `${name} ${message}` : message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export interface SummaryItem {
  /** The id of the control to move to. */
  target: string;
  message: string;
}

/**
 * What stopped a save, at the top of the form: focusable (so the reading
 * position moves here), each problem a link to its field.
 */
export function ErrorSummary({ title, problem, items, summaryRef }: { title: string; problem: ApiProblem | null; items: SummaryItem[]; summaryRef: Ref<HTMLDivElement> }) {
  // One per summary: the form builder has two (mentee and mentor forms) on one page.
  const titleId = `error-summary-title-${useId()}`;
  if (!problem) return null;
  return (
    <div class="error-summary" tabIndex={-1} ref={summaryRef} aria-labelledby={titleId}>
      <h2 id={titleId} class="error-summary-title">
        {title}
      </h2>
      {items.length > 0 ? (
        <ul>
          {items.map((item) => (
            <li key={`${item.target}:${item.message}`}>
              <a
                href={`#${item.target}`}
                onClick={(event) => {
                  const target = document.getElementById(item.target);
                  if (!target) return;
                  event.preventDefault();
                  target.focus();
                  target.scrollIntoView({ block: "center" });
                }}
              >
                {item.message}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{problem.detail}</p>
      )}
      {problem.requestId && problem.status >= 500 && <p class="muted small">If you contact support, quote request {problem.requestId}.</p>}
    </div>
  );
}

/** Copies text to the clipboard; false when the browser refuses (no permission, an old browser, an insecure page). */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard) return false;
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** WCAG relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export const isHexColor = (value: string) => /^#[0-9a-f]{6}$/i.test(value);

/** The WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

/** A group of radio buttons drawn as a two- or three-way toggle. */
export function Segmented<T extends string>({
  legend,
  name,
  value,
  options,
  onChange,
}: {
  legend: string;
  name: string;
  value: T;
  options: { value: T; label: ComponentChildren }[];
  onChange: (value: T) => void;
}) {
  return (
    <fieldset class="segmented">
      <legend>{legend}</legend>
      {options.map((option) => (
        <Fragment key={option.value}>
          <input id={`${name}-${option.value}`} type="radio" name={name} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
          <label for={`${name}-${option.value}`}>{option.label}</label>
        </Fragment>
      ))}
    </fieldset>
  );
}
