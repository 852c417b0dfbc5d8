/**
 * Validation of a matching run's input: valibot checks the shape, then the
 * rules that relate parts of the input to each other (unique ids, locked and
 * excluded pairs, attribute values against their criterion's kind). Every
 * problem is reported with the exact path into the input.
 */
import * as v from "valibot";
import { formatPath, withThousands } from "./labels.js";
import {
  CRITERION_KINDS,
  OBJECTIVES,
  type MatchingOptions,
  type Mentee,
  type Mentor,
  type PairRef,
  type ParsedCriterion,
  type ParsedInput,
} from "./types.js";

export interface InputIssue {
  /** Where in the input, e.g. `mentors[3].capacity`; "" is the input as a whole. */
  path: string;
  message: string;
}

/**
 * The input cannot be matched. `issues` lists every problem found (the shape
 * first; the cross-checks run once the shape is right), and `message` has one
 * `path: message` line per issue, e.g. `mentors[3].capacity: must be an integer ≥ 0`.
 */
export class MatchingInputError extends Error {
  override readonly name = "MatchingInputError";
  readonly issues: InputIssue[];

  constructor(issues: InputIssue[]) {
    super(issues.map((issue) => `${issue.path === "" ? "input" : issue.path}: ${issue.message}`).join("\n"));
    this.issues = issues;
  }
}

export const DEFAULT_MAX_PAIRS = 25_000_000;

const KIND_LIST = CRITERION_KINDS.join(", ");

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A strict object that also refuses arrays, with one message for a wrong type, a missing key and an unknown key. */
function object<const TEntries extends v.ObjectEntries>(entries: TEntries, what: string, unknownKey: string) {
  return v.pipe(
    v.custom<Record<string, unknown>>(isPlainObject, `must be an object (${what})`),
    v.strictObject(entries, (issue) => {
      if (issue.expected === "never") return unknownKey;
      if (issue.expected?.startsWith('"')) return "is required";
      return `must be an object (${what})`;
    }),
  );
}

const IdSchema = v.pipe(v.string("must be a text id"), v.minLength(1, "must not be empty"));
const PositiveSchema = (message: string) => v.pipe(v.number(message), v.finite(message), v.gtValue(0, message));
const AttributesSchema = v.custom<Record<string, unknown>>(isPlainObject, "must be an object of attribute values");

const CriterionSchema = object(
  {
    key: v.pipe(v.string("must be text"), v.minLength(1, "must not be empty")),
    kind: v.picklist(CRITERION_KINDS, `must be one of ${KIND_LIST}`),
    weight: PositiveSchema("must be a number > 0"),
    required: v.optional(v.boolean("must be true or false"), false),
    scale: v.optional(PositiveSchema("must be a number > 0")),
    label: v.optional(v.pipe(v.string("must be text"), v.trim(), v.minLength(1, "must not be empty"))),
  },
  "a criterion",
  "is not a setting of a criterion; use key, kind, weight, required, scale and label",
);

const MentorSchema = object(
  {
    id: IdSchema,
    capacity: v.pipe(v.number("must be an integer ≥ 0"), v.integer("must be an integer ≥ 0"), v.minValue(0, "must be an integer ≥ 0")),
    attributes: v.optional(AttributesSchema, {}),
  },
  "a mentor",
  "is not a field of a mentor; use id, capacity and attributes",
);

const MenteeSchema = object(
  { id: IdSchema, attributes: v.optional(AttributesSchema, {}) },
  "a mentee",
  "is not a field of a mentee; use id and attributes",
);

const PairSchema = object({ mentor: IdSchema, mentee: IdSchema }, "a pair", "is not a field of a pair; use mentor and mentee");

const InputSchema = object(
  {
    criteria: v.array(CriterionSchema, "must be a list of criteria"),
    mentors: v.array(MentorSchema, "must be a list of mentors"),
    mentees: v.array(MenteeSchema, "must be a list of mentees"),
    locked: v.optional(v.array(PairSchema, "must be a list of pairs"), []),
    excluded: v.optional(v.array(PairSchema, "must be a list of pairs"), []),
    objective: v.optional(v.picklist(OBJECTIVES, `must be one of ${OBJECTIVES.join(", ")}`), "max_total"),
  },
  "with criteria, mentors and mentees",
  "is not a field of a matching input; use criteria, mentors, mentees, locked, excluded and objective",
);

type Shape = v.InferOutput<typeof InputSchema>;

/**
 * Validates a matching input and fills in defaults (`required: false`,
 * `attributes: {}`, `locked`/`excluded: []`, `objective: "max_total"`).
 * Throws a MatchingInputError listing every problem.
 */
export function parseMatchingInput(input: unknown, options: Pick<MatchingOptions, "maxPairs"> = {}): ParsedInput {
  const result = v.safeParse(InputSchema, input, { abortEarly: false });
  if (!result.success) {
    throw new MatchingInputError(
      result.issues.map((issue) => ({
        path: formatPath((issue.path ?? []).map((item) => item.key as string | number)),
        message: issue.message,
      })),
    );
  }
  const shape = result.output;
  const issues: InputIssue[] = [];
  const add = (steps: (string | number)[], message: string) => issues.push({ path: formatPath(steps), message });

  const criteria = checkCriteria(shape, add);
  checkPeople(shape.mentors, "mentors", criteria, add);
  checkPeople(shape.mentees, "mentees", criteria, add);
  checkPairs(shape, add);

  const maxPairs = options.maxPairs ?? DEFAULT_MAX_PAIRS;
  const pairs = shape.mentors.length * shape.mentees.length;
  if (pairs > maxPairs) {
    add(
      ["mentees"],
      `the cohort is too large to match at once: ${withThousands(shape.mentees.length)} mentees × ${withThousands(shape.mentors.length)} mentors = ${withThousands(pairs)} pairs (at most ${withThousands(maxPairs)})`,
    );
  }

  if (issues.length > 0) throw new MatchingInputError(issues);
  return {
    criteria,
    mentors: shape.mentors as Mentor[],
    mentees: shape.mentees as Mentee[],
    locked: shape.locked,
    excluded: shape.excluded,
    objective: shape.objective,
  };
}

type Add = (steps: (string | number)[], message: string) => void;

function checkCriteria(shape: Shape, add: Add): ParsedCriterion[] {
  const seen = new Map<string, number>();
  return shape.criteria.map((criterion, index) => {
    const first = seen.get(criterion.key);
    if (first !== undefined) add(["criteria", index, "key"], `duplicates criteria[${first}].key ("${criterion.key}")`);
    else seen.set(criterion.key, index);
    if (criterion.kind === "numeric" && criterion.scale === undefined) {
      add(["criteria", index, "scale"], "is required for numeric criteria: the difference at which similarity reaches 0, a number > 0");
    }
    if (criterion.kind !== "numeric" && criterion.scale !== undefined) {
      add(["criteria", index, "scale"], `only numeric criteria take a scale, not ${criterion.kind} criteria`);
    }
    const parsed: ParsedCriterion = { key: criterion.key, kind: criterion.kind, weight: criterion.weight, required: criterion.required };
    if (criterion.scale !== undefined) parsed.scale = criterion.scale;
    if (criterion.label !== undefined) parsed.label = criterion.label;
    return parsed;
  });
}

const isText = (value: unknown): value is string => typeof value === "string";
const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);

function checkPeople(people: Shape["mentors"] | Shape["mentees"], list: "mentors" | "mentees", allCriteria: ParsedCriterion[], add: Add): void {
  // A duplicated criterion key is reported once, at the criterion; values are checked against its first use.
  const criteria = allCriteria.filter((criterion, index) => allCriteria.findIndex((other) => other.key === criterion.key) === index);
  const seen = new Map<string, number>();
  people.forEach((person, index) => {
    const first = seen.get(person.id);
    if (first !== undefined) add([list, index, "id"], `duplicates ${list}[${first}].id ("${person.id}")`);
    else seen.set(person.id, index);

    const attributes = person.attributes as Record<string, unknown>;
    for (const criterion of criteria) {
      if (!Object.hasOwn(attributes, criterion.key)) continue;
      const value = attributes[criterion.key];
      if (value === null || value === undefined) continue;
      const at = [list, index, "attributes", criterion.key];
      switch (criterion.kind) {
        case "overlap":
        case "text": {
          const what = criterion.kind === "overlap" ? "a text or a list of texts" : "a text (or a list of texts)";
          if (Array.isArray(value)) {
            value.forEach((item, itemIndex) => {
              if (!isText(item)) add([...at, itemIndex], `must be text (criterion "${criterion.key}" is ${criterion.kind})`);
            });
          } else if (!isText(value)) add(at, `must be ${what} (criterion "${criterion.key}" is ${criterion.kind})`);
          break;
        }
        case "exact":
          if (!isText(value) && !isNumber(value) && typeof value !== "boolean") {
            add(at, `must be one text, number or true/false (criterion "${criterion.key}" is exact)`);
          }
          break;
        case "numeric":
          if (!isNumber(value)) add(at, `must be a number (criterion "${criterion.key}" is numeric)`);
          break;
      }
    }
  });
}

function checkPairs(shape: Shape, add: Add): void {
  const mentorIndex = new Map<string, number>();
  shape.mentors.forEach((mentor, index) => {
    if (!mentorIndex.has(mentor.id)) mentorIndex.set(mentor.id, index);
  });
  const menteeIds = new Set(shape.mentees.map((mentee) => mentee.id));

  const checkIds = (list: "locked" | "excluded", pair: PairRef, index: number): boolean => {
    let known = true;
    if (!mentorIndex.has(pair.mentor)) {
      add([list, index, "mentor"], `"${pair.mentor}" is not the id of a mentor`);
      known = false;
    }
    if (!menteeIds.has(pair.mentee)) {
      add([list, index, "mentee"], `"${pair.mentee}" is not the id of a mentee`);
      known = false;
    }
    return known;
  };

  const excluded = new Map<string, number>();
  shape.excluded.forEach((pair, index) => {
    if (checkIds("excluded", pair, index)) {
      const key = pairKey(pair);
      if (!excluded.has(key)) excluded.set(key, index);
    }
  });

  const lockedMentee = new Map<string, number>();
  const lockedCount = new Map<string, number>();
  shape.locked.forEach((pair, index) => {
    if (!checkIds("locked", pair, index)) return;
    const twice = lockedMentee.get(pair.mentee);
    if (twice !== undefined) {
      add(["locked", index, "mentee"], `"${pair.mentee}" is already locked (locked[${twice}]); a mentee has at most one mentor`);
      return;
    }
    lockedMentee.set(pair.mentee, index);
    const exclusion = excluded.get(pairKey(pair));
    if (exclusion !== undefined) add(["locked", index], `is also excluded (excluded[${exclusion}]); a pair cannot be both`);
    const count = (lockedCount.get(pair.mentor) ?? 0) + 1;
    lockedCount.set(pair.mentor, count);
    const capacity = shape.mentors[mentorIndex.get(pair.mentor)!].capacity;
    if (count > capacity) {
      add(["locked", index, "mentor"], `"${pair.mentor}" has capacity ${capacity} but is locked to ${count} mentees`);
    }
  });
}

function pairKey(pair: PairRef): string {
  return JSON.stringify([pair.mentor, pair.mentee]);
}
