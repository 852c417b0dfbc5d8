import type * as v from "valibot";

export type IssuePath = [v.IssuePathItem, ...v.IssuePathItem[]];

/** One step of an issue path, so that `v.getDotPath` reads e.g. `questions.3.choices.1.value`. */
export function pathItem(input: unknown, key: string | number, value: unknown): v.IssuePathItem {
  return typeof key === "number"
    ? { type: "array", origin: "value", input: input as unknown[], key, value }
    : { type: "object", origin: "value", input: input as Record<string, unknown>, key, value };
}
