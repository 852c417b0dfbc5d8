/**
 * Pair scores. A Cohort holds every person's attribute values in compact form
 * (value ids, typed arrays, TF-IDF vectors), mentors and mentees each sorted by
 * id so that the order of the input never matters. `scoreRow` fills one
 * mentee's scores against every mentor (inverted indexes for the set-like
 * kinds); `similarities` explains one pair. Both add the criteria in the same
 * order with the same operations, so a pair gets bit-identical scores either way.
 */
import { cosine, type TextVector, textOf, tfidfVectors } from "./text.js";
import type { Mentee, Mentor, ParsedCriterion, ParsedInput } from "./types.js";

/** Scores are optimised as integers: round(score × SCORE_UNITS). */
export const SCORE_UNITS = 1_000_000;

/** The quantised score the solver optimises. */
export function quantize(score: number): number {
  return Math.round(score * SCORE_UNITS);
}

/** A mentor index list per value id: who has the value. */
interface Postings {
  start: Int32Array;
  mentors: Int32Array;
}

interface OverlapData {
  kind: "overlap";
  mentors: (Int32Array | undefined)[];
  mentees: (Int32Array | undefined)[];
  postings: Postings;
}
interface ExactData {
  kind: "exact";
  mentors: Int32Array;
  mentees: Int32Array;
  postings: Postings;
}
interface NumericData {
  kind: "numeric";
  mentors: Float64Array;
  mentees: Float64Array;
  scale: number;
}
interface TextData {
  kind: "text";
  mentors: (TextVector | undefined)[];
  mentees: (TextVector | undefined)[];
  postings: Postings;
  /** The mentor's weight of the token, aligned with `postings.mentors`. */
  postingWeights: Float64Array;
}
type CriterionData = OverlapData | ExactData | NumericData | TextData;

export interface PreparedCriterion {
  criterion: ParsedCriterion;
  data: CriterionData;
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function normalizeWord(value: string): string {
  return value.trim().toLowerCase();
}

/** Overlap values: a text counts as a one-item list; blank items are dropped; undefined when nothing is left. */
function overlapValues(value: unknown): string[] | undefined {
  const items = typeof value === "string" ? [value] : Array.isArray(value) ? value : [];
  const words = [...new Set(items.filter((item): item is string => typeof item === "string").map(normalizeWord))].filter((word) => word !== "");
  return words.length === 0 ? undefined : words;
}

/** Exact values compare by type: texts trimmed and case-insensitively, numbers as numbers, booleans as booleans. */
function exactValue(value: unknown): string | undefined {
  if (typeof value === "string") {
    const word = normalizeWord(value);
    return word === "" ? undefined : `s:${word}`;
  }
  if (typeof value === "number" && Number.isFinite(value)) return `n:${String(value)}`;
  if (typeof value === "boolean") return `b:${value}`;
  return undefined;
}

function sortedVocabulary(values: Iterable<string>): Map<string, number> {
  const words = [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(words.map((word, id) => [word, id]));
}

function buildPostings(vocabularySize: number, mentorValues: (ArrayLike<number> | undefined)[]): Postings {
  const start = new Int32Array(vocabularySize + 1);
  for (const values of mentorValues) if (values) for (let index = 0; index < values.length; index++) start[values[index] + 1] += 1;
  for (let id = 0; id < vocabularySize; id++) start[id + 1] += start[id];
  const fill = start.slice(0, vocabularySize);
  const mentors = new Int32Array(start[vocabularySize]);
  mentorValues.forEach((values, mentor) => {
    if (values) for (let index = 0; index < values.length; index++) mentors[fill[values[index]]++] = mentor;
  });
  return { start, mentors };
}

function attribute(person: Mentor | Mentee, key: string): unknown {
  const attributes = person.attributes ?? {};
  return Object.hasOwn(attributes, key) ? attributes[key] : undefined;
}

function prepareCriterion(criterion: ParsedCriterion, mentors: Mentor[], mentees: Mentee[]): CriterionData {
  const { key } = criterion;
  switch (criterion.kind) {
    case "overlap": {
      const mentorWords = mentors.map((person) => overlapValues(attribute(person, key)));
      const menteeWords = mentees.map((person) => overlapValues(attribute(person, key)));
      const vocabulary = sortedVocabulary([...mentorWords, ...menteeWords].flatMap((words) => words ?? []));
      const ids = (words: string[] | undefined) => (words ? Int32Array.from(words.map((word) => vocabulary.get(word)!)).sort() : undefined);
      const mentorIds = mentorWords.map(ids);
      return { kind: "overlap", mentors: mentorIds, mentees: menteeWords.map(ids), postings: buildPostings(vocabulary.size, mentorIds) };
    }
    case "exact": {
      const mentorValues = mentors.map((person) => exactValue(attribute(person, key)));
      const menteeValues = mentees.map((person) => exactValue(attribute(person, key)));
      const vocabulary = sortedVocabulary([...mentorValues, ...menteeValues].filter((value): value is string => value !== undefined));
      const ids = (values: (string | undefined)[]) => Int32Array.from(values.map((value) => (value === undefined ? -1 : vocabulary.get(value)!)));
      const mentorIds = ids(mentorValues);
      return {
        kind: "exact",
        mentors: mentorIds,
        mentees: ids(menteeValues),
        postings: buildPostings(
          vocabulary.size,
          Array.from(mentorIds, (id) => (id < 0 ? undefined : [id])),
        ),
      };
    }
    case "numeric": {
      const numbers = (people: (Mentor | Mentee)[]) =>
        Float64Array.from(people.map((person) => {
          const value = attribute(person, key);
          return typeof value === "number" && Number.isFinite(value) ? value : Number.NaN;
        }));
      return { kind: "numeric", mentors: numbers(mentors), mentees: numbers(mentees), scale: criterion.scale! };
    }
    case "text": {
      const vectors = tfidfVectors([...mentors, ...mentees].map((person) => textOf(attribute(person, key))));
      const mentorVectors = vectors.slice(0, mentors.length);
      let vocabularySize = 0;
      for (const vector of vectors) if (vector) vocabularySize = Math.max(vocabularySize, vector.ids[vector.ids.length - 1] + 1);
      const postings = buildPostings(vocabularySize, mentorVectors.map((vector) => vector?.ids));
      const postingWeights = new Float64Array(postings.mentors.length);
      const fill = postings.start.slice(0, vocabularySize);
      mentorVectors.forEach((vector) => {
        if (vector) for (let index = 0; index < vector.ids.length; index++) postingWeights[fill[vector.ids[index]]++] = vector.weights[index];
      });
      return { kind: "text", mentors: mentorVectors, mentees: vectors.slice(mentors.length), postings, postingWeights };
    }
  }
}

function overlapSimilarity(a: Int32Array | undefined, b: Int32Array | undefined): number {
  if (a === undefined || b === undefined) return 0;
  let shared = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared === 0 ? 0 : shared / (a.length + b.length - shared);
}

function numericSimilarity(a: number, b: number, scale: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return 0;
  const similarity = 1 - Math.abs(a - b) / scale;
  return similarity > 0 ? similarity : 0;
}

/**
 * The people of one run, sorted by id, with every criterion prepared.
 * Mentor and mentee indexes below are positions in `mentors` and `mentees`.
 */
export class Cohort {
  readonly criteria: PreparedCriterion[];
  readonly mentors: Mentor[];
  readonly mentees: Mentee[];
  readonly mentorIndex: Map<string, number>;
  readonly menteeIndex: Map<string, number>;
  readonly totalWeight: number;
  /** Excluded mentor indexes per mentee index. */
  readonly excluded: Map<number, Set<number>>;

  constructor(input: ParsedInput) {
    this.mentors = [...input.mentors].sort(byId);
    this.mentees = [...input.mentees].sort(byId);
    this.mentorIndex = new Map(this.mentors.map((mentor, index) => [mentor.id, index]));
    this.menteeIndex = new Map(this.mentees.map((mentee, index) => [mentee.id, index]));
    this.criteria = input.criteria.map((criterion) => ({ criterion, data: prepareCriterion(criterion, this.mentors, this.mentees) }));
    this.totalWeight = input.criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
    this.excluded = new Map();
    for (const pair of input.excluded) {
      const mentee = this.menteeIndex.get(pair.mentee)!;
      const set = this.excluded.get(mentee) ?? new Set<number>();
      set.add(this.mentorIndex.get(pair.mentor)!);
      this.excluded.set(mentee, set);
    }
  }

  /** Similarity of one pair on criterion `k`, in [0, 1]. */
  similarity(k: number, mentor: number, mentee: number): number {
    const data = this.criteria[k].data;
    switch (data.kind) {
      case "overlap":
        return overlapSimilarity(data.mentees[mentee], data.mentors[mentor]);
      case "exact":
        return data.mentees[mentee] >= 0 && data.mentees[mentee] === data.mentors[mentor] ? 1 : 0;
      case "numeric":
        return numericSimilarity(data.mentees[mentee], data.mentors[mentor], data.scale);
      case "text":
        return cosine(data.mentees[mentee], data.mentors[mentor]);
    }
  }

  /** Every criterion's similarity for one pair, and the pair score Σ weight·s / Σ weight (0 without criteria). */
  explain(mentor: number, mentee: number): { similarities: number[]; score: number; quantized: number } {
    const similarities: number[] = [];
    let sum = 0;
    for (let k = 0; k < this.criteria.length; k++) {
      const similarity = this.similarity(k, mentor, mentee);
      similarities.push(similarity);
      sum += this.criteria[k].criterion.weight * similarity;
    }
    const score = this.totalWeight > 0 ? sum / this.totalWeight : 0;
    return { similarities, score, quantized: quantize(score) };
  }

  /** Whether a pair may be proposed: not excluded, and no required criterion at 0. */
  isFeasible(mentor: number, mentee: number): boolean {
    if (this.excluded.get(mentee)?.has(mentor)) return false;
    for (let k = 0; k < this.criteria.length; k++) {
      if (this.criteria[k].criterion.required && this.similarity(k, mentor, mentee) === 0) return false;
    }
    return true;
  }

  /**
   * One mentee's quantised scores against every mentor into `out` (length =
   * mentors), -1 where the pair is infeasible. `sums`, `counts` and `blocked`
   * are scratch arrays of the same length.
   */
  scoreRow(mentee: number, out: Int32Array, scratch: RowScratch): void {
    const m = this.mentors.length;
    const { sums, counts, blocked } = scratch;
    sums.fill(0);
    blocked.fill(0);
    for (const { criterion, data } of this.criteria) {
      const weight = criterion.weight;
      const required = criterion.required;
      switch (data.kind) {
        case "overlap": {
          const mine = data.mentees[mentee];
          if (mine === undefined) {
            if (required) blocked.fill(1);
            break;
          }
          counts.fill(0);
          const { start, mentors } = data.postings;
          for (let index = 0; index < mine.length; index++) {
            const id = mine[index];
            for (let p = start[id]; p < start[id + 1]; p++) counts[mentors[p]] += 1;
          }
          const size = mine.length;
          for (let j = 0; j < m; j++) {
            const shared = counts[j];
            if (shared === 0) {
              if (required) blocked[j] = 1;
              continue;
            }
            sums[j] += weight * (shared / (size + data.mentors[j]!.length - shared));
          }
          break;
        }
        case "exact": {
          const mine = data.mentees[mentee];
          if (mine < 0) {
            if (required) blocked.fill(1);
            break;
          }
          const { start, mentors } = data.postings;
          if (required) {
            counts.fill(0);
            for (let p = start[mine]; p < start[mine + 1]; p++) counts[mentors[p]] = 1;
            for (let j = 0; j < m; j++) if (counts[j] === 0) blocked[j] = 1;
          }
          for (let p = start[mine]; p < start[mine + 1]; p++) sums[mentors[p]] += weight;
          break;
        }
        case "numeric": {
          const mine = data.mentees[mentee];
          const values = data.mentors;
          const scale = data.scale;
          for (let j = 0; j < m; j++) {
            const similarity = numericSimilarity(mine, values[j], scale);
            if (similarity === 0) {
              if (required) blocked[j] = 1;
              continue;
            }
            sums[j] += weight * similarity;
          }
          break;
        }
        case "text": {
          const mine = data.mentees[mentee];
          if (mine === undefined) {
            if (required) blocked.fill(1);
            break;
          }
          const dots = scratch.dots;
          dots.fill(0);
          const { start, mentors } = data.postings;
          const postingWeights = data.postingWeights;
          for (let index = 0; index < mine.ids.length; index++) {
            const id = mine.ids[index];
            const own = mine.weights[index];
            if (id + 1 >= start.length) continue;
            for (let p = start[id]; p < start[id + 1]; p++) dots[mentors[p]] += own * postingWeights[p];
          }
          for (let j = 0; j < m; j++) {
            const similarity = dots[j] > 1 ? 1 : dots[j];
            if (similarity === 0) {
              if (required) blocked[j] = 1;
              continue;
            }
            sums[j] += weight * similarity;
          }
          break;
        }
      }
    }
    const total = this.totalWeight;
    const excluded = this.excluded.get(mentee);
    for (let j = 0; j < m; j++) out[j] = blocked[j] ? -1 : quantize(total > 0 ? sums[j] / total : 0);
    if (excluded) for (const j of excluded) out[j] = -1;
  }
}

export interface RowScratch {
  sums: Float64Array;
  dots: Float64Array;
  counts: Int32Array;
  blocked: Uint8Array;
}

export function rowScratch(mentors: number): RowScratch {
  return { sums: new Float64Array(mentors), dots: new Float64Array(mentors), counts: new Int32Array(mentors), blocked: new Uint8Array(mentors) };
}
