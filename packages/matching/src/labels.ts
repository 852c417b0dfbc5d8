/** Words for the coordinator: criterion labels and paths into the input. */
import type { ParsedCriterion } from "./types.js";

/** `preferred_language` → "preferred language", `timeZone` → "time zone"; a criterion's own `label` wins. */
export function criterionLabel(criterion: Pick<ParsedCriterion, "key" | "label">): string {
  if (criterion.label !== undefined) return criterion.label;
  const words = criterion.key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_\-.\s]+/g, " ")
    .trim()
    .toLowerCase();
  return words === "" ? criterion.key : words;
}

/** One step of a path as the error messages print it: `[3]`, `.capacity`, or `["time zone"]` for keys that are not identifiers. */
export function pathStep(key: string | number): string {
  if (typeof key === "number") return `[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** `["mentors", 3, "capacity"]` → `mentors[3].capacity`; the empty path is the whole input. */
export function formatPath(steps: readonly (string | number)[]): string {
  return steps
    .map(pathStep)
    .join("")
    .replace(/^\./, "");
}

/** "5000000" → "5,000,000", without locale data (workerd and Node agree). */
export function withThousands(value: number): string {
  return String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
