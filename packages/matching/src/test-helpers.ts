/** Shared by the tests: brute-force optima and random small instances. */
import fc from "fast-check";
import type { Criterion, MatchingInput, PairRef } from "./types.js";

/** The objective of an assignment, compared lexicographically: [matched, total] or [matched, min, total]. */
export type ObjectiveTuple = number[];

export function compareTuples(a: ObjectiveTuple, b: ObjectiveTuple): number {
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return a[index] - b[index];
  return 0;
}

/**
 * Every way to give each row a column (or none) within capacities, using only
 * weights ≥ 0, and the best objective found. `fixed` are weights of pairs
 * already in the result (locked): they count in matched, min and total.
 */
export function bruteForce(
  rows: number,
  cols: number,
  weights: ArrayLike<number>,
  capacity: ArrayLike<number>,
  objective: "max_total" | "max_min",
  fixed: readonly number[] = [],
): ObjectiveTuple {
  const load = new Int32Array(cols);
  let best: ObjectiveTuple | undefined;
  const chosen: number[] = [...fixed];
  const visit = (row: number) => {
    if (row === rows) {
      const total = chosen.reduce((sum, w) => sum + w, 0);
      const tuple =
        objective === "max_total" ? [chosen.length, total] : [chosen.length, chosen.length === 0 ? 0 : Math.min(...chosen), total];
      if (best === undefined || compareTuples(tuple, best) > 0) best = tuple;
      return;
    }
    visit(row + 1);
    for (let col = 0; col < cols; col++) {
      const w = weights[row * cols + col];
      if (w < 0 || load[col] >= capacity[col]) continue;
      load[col]++;
      chosen.push(w);
      visit(row + 1);
      chosen.pop();
      load[col]--;
    }
  };
  visit(0);
  return best!;
}

const WORDS = ["ai", "Music", " chess ", "AI", "music", "art"];
const TEXTS = ["robots and music", "music theory", "chess openings", "robots robots", "", "art history and music"];

/** Small random instances with many ties: few distinct values, small integer weights. */
export function smallInstance(options: { maxMentors?: number; maxMentees?: number } = {}): fc.Arbitrary<MatchingInput> {
  const maxMentors = options.maxMentors ?? 4;
  const maxMentees = options.maxMentees ?? 6;
  const criterion = fc.oneof(
    fc.record({ key: fc.constant("interests"), kind: fc.constant("overlap" as const) }),
    fc.record({ key: fc.constant("language"), kind: fc.constant("exact" as const) }),
    fc.record({ key: fc.constant("year"), kind: fc.constant("numeric" as const), scale: fc.constantFrom(1, 2, 3) }),
    fc.record({ key: fc.constant("bio"), kind: fc.constant("text" as const) }),
  );
  const criteria = fc
    .uniqueArray(fc.tuple(criterion, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 })), {
      minLength: 0,
      maxLength: 4,
      selector: ([c]) => c.key,
    })
    .map((list) => list.map(([c, weight, required]): Criterion => ({ ...c, weight, required: required === 0 })));
  const value = (key: string) => {
    switch (key) {
      case "interests":
        return fc.option(fc.oneof(fc.subarray(WORDS), fc.constantFrom(...WORDS)), { nil: undefined, freq: 6 });
      case "language":
        return fc.option(fc.constantFrom("en", " EN", "fr", 1, 2, true), { nil: undefined, freq: 6 });
      case "year":
        return fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined, freq: 6 });
      default:
        return fc.option(fc.constantFrom(...TEXTS), { nil: undefined, freq: 6 });
    }
  };
  const attributes = fc.record({
    interests: value("interests"),
    language: value("language"),
    year: value("year"),
    bio: value("bio"),
  });
  const clean = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
  return fc
    .record({
      criteria,
      mentors: fc.array(fc.record({ capacity: fc.integer({ min: 0, max: 3 }), attributes }), { maxLength: maxMentors }),
      mentees: fc.array(attributes, { maxLength: maxMentees }),
      lockTries: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 3 }),
      excludeTries: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 5 }),
      objective: fc.constantFrom("max_total" as const, "max_min" as const),
    })
    .map(({ criteria, mentors, mentees, lockTries, excludeTries, objective }) => {
      const mentorList = mentors.map((mentor, index) => ({ id: `m${index}`, capacity: mentor.capacity, attributes: clean(mentor.attributes) }));
      const menteeList = mentees.map((attrs, index) => ({ id: `e${index}`, attributes: clean(attrs) }));
      const excluded: PairRef[] = [];
      if (mentorList.length > 0 && menteeList.length > 0) {
        for (const [a, b] of excludeTries) excluded.push({ mentor: mentorList[a % mentorList.length].id, mentee: menteeList[b % menteeList.length].id });
      }
      const locked: PairRef[] = [];
      const used = new Map<string, number>();
      const lockedMentees = new Set<string>();
      if (mentorList.length > 0 && menteeList.length > 0) {
        for (const [a, b] of lockTries) {
          const mentor = mentorList[a % mentorList.length];
          const mentee = menteeList[b % menteeList.length];
          if (lockedMentees.has(mentee.id) || (used.get(mentor.id) ?? 0) >= mentor.capacity) continue;
          if (excluded.some((pair) => pair.mentor === mentor.id && pair.mentee === mentee.id)) continue;
          used.set(mentor.id, (used.get(mentor.id) ?? 0) + 1);
          lockedMentees.add(mentee.id);
          locked.push({ mentor: mentor.id, mentee: mentee.id });
        }
      }
      return { criteria, mentors: mentorList, mentees: menteeList, locked, excluded, objective };
    });
}

/** A deterministic shuffle (for "same output in any order" checks). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed >>> 0 || 1;
  for (let index = copy.length - 1; index > 0; index--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy;
}
