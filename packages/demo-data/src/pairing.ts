/**
 * A plausible, deterministic pairing of a program's approved mentors and
 * mentees, scored on the matching criteria of the program's starter form as
 * the matching engine scores them (shared values, same value, similar
 * wording), with the required criteria as hard rules and each mentor taking at
 * most `mentorCapacity` mentees. Greedy, best-scoring pair first: not the
 * engine's provable optimum, but close enough for demo data, and it keeps the
 * generator free of the engine.
 */
import { defaultForm, matchingCriteria, type MatchingCriterion } from "@tandem/forms";
import type { Answers, DemoApplication, DemoMatchReason, DemoProgram } from "./types.js";

export interface ScoredPair {
  mentor: DemoApplication;
  mentee: DemoApplication;
  score: number;
  reasons: DemoMatchReason[];
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

function listOf(value: Answers[string] | undefined): string[] {
  if (Array.isArray(value)) return value;
  if (typeof value === "string" && value !== "") return [value];
  return [];
}

/** Words of four letters or more, counted: enough to tell two bios that talk about the same things. */
function wordCounts(text: Answers[string] | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  if (typeof text !== "string") return counts;
  for (const word of text.toLowerCase().match(/[a-z]{4,}/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  return counts;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const [word, count] of a) {
    normA += count * count;
    dot += count * (b.get(word) ?? 0);
  }
  for (const count of b.values()) normB += count * count;
  return dot === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

function similarity(criterion: MatchingCriterion, mentor: DemoApplication, mentee: DemoApplication, words: Map<DemoApplication, Map<string, number>>): number {
  const a = mentor.answers[criterion.key];
  const b = mentee.answers[criterion.key];
  switch (criterion.kind) {
    case "overlap": {
      const left = new Set(listOf(a));
      const right = new Set(listOf(b));
      const shared = [...left].filter((value) => right.has(value)).length;
      return shared === 0 ? 0 : shared / (left.size + right.size - shared);
    }
    case "exact":
      return a !== undefined && a !== null && a === b ? 1 : 0;
    case "text":
      return cosine(words.get(mentor)!, words.get(mentee)!);
    default:
      // Numeric criteria need a scale the starter forms do not set; none of them match on numbers.
      return 0;
  }
}

/** Pairs in the mentees' order; mentees no mentor can take (a required criterion, or no places left) are left out. */
export function pairUp(program: DemoProgram, mentors: readonly DemoApplication[], mentees: readonly DemoApplication[]): ScoredPair[] {
  const criteria = matchingCriteria(defaultForm(program.type, "mentee"));
  const totalWeight = criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
  const words = new Map<DemoApplication, Map<string, number>>();
  for (const person of [...mentors, ...mentees]) words.set(person, wordCounts(person.answers["bio"]));

  const candidates: (ScoredPair & { mentorIndex: number; menteeIndex: number })[] = [];
  mentees.forEach((mentee, menteeIndex) => {
    mentors.forEach((mentor, mentorIndex) => {
      const similarities = criteria.map((criterion) => similarity(criterion, mentor, mentee, words));
      if (criteria.some((criterion, k) => criterion.required && similarities[k] === 0)) return;
      const reasons = criteria.map((criterion, k) => ({
        key: criterion.key,
        similarity: round6(similarities[k]),
        contribution: totalWeight === 0 ? 0 : round6((criterion.weight * similarities[k]) / totalWeight),
      }));
      const score = totalWeight === 0 ? 0 : round6(criteria.reduce((sum, criterion, k) => sum + criterion.weight * similarities[k], 0) / totalWeight);
      candidates.push({ mentor, mentee, score, reasons, mentorIndex, menteeIndex });
    });
  });
  candidates.sort((a, b) => b.score - a.score || a.menteeIndex - b.menteeIndex || a.mentorIndex - b.mentorIndex);

  const places = mentors.map(() => program.mentorCapacity);
  const chosen = new Map<number, ScoredPair>();
  for (const { mentorIndex, menteeIndex, ...pair } of candidates) {
    if (chosen.has(menteeIndex) || places[mentorIndex] === 0) continue;
    places[mentorIndex] -= 1;
    chosen.set(menteeIndex, pair);
  }
  return [...chosen.entries()].sort(([a], [b]) => a - b).map(([, pair]) => pair);
}
