/**
 * Deterministic synthetic cohorts for the benchmark and the workerd test: a
 * seeded PRNG (mulberry32) and eight criteria of mixed kinds, two of them
 * required, with skewed popularity (so scores have many near-ties, as real
 * cohorts do), a few missing answers, locked and excluded pairs.
 */
import type { Criterion, MatchingInput, Mentee, Mentor, PairRef } from "../src/types.js";

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOPICS = [
  "ai", "music", "robotics", "startups", "climate", "design", "writing", "chess", "football", "basketball",
  "photography", "cooking", "gaming", "finance", "law", "medicine", "research", "teaching", "volunteering", "travel",
  "theatre", "film", "poetry", "history", "politics", "economics", "psychology", "biology", "chemistry", "physics",
  "mathematics", "statistics", "data", "security", "web", "mobile", "hardware", "art", "dance", "hiking",
];
const LANGUAGES = ["en", "fr", "es", "ar", "zh", "hi", "pt", "sw"];
const SLOTS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].flatMap((day) => ["morning", "afternoon", "evening"].map((part) => `${day}_${part}`));
const FIELDS = [
  "computer science", "engineering", "business", "nursing", "education", "law", "biology", "psychology",
  "economics", "fine arts", "history", "mathematics", "physics", "chemistry", "social work",
];
const CAMPUSES = ["North", "South", "Downtown", "Online"];
const WORDS = (
  "career internship research graduate school confidence networking leadership resume interview coding project startup " +
  "public speaking writing balance stress exams study habits time management scholarship abroad exchange language " +
  "first generation family finances housing friends community volunteering sports music art design product data " +
  "science engineering medicine nursing teaching law policy climate sustainability entrepreneurship marketing sales " +
  "finance accounting consulting healthcare mental health wellbeing motivation goals planning portfolio github open source " +
  "machine learning statistics mathematics physics chemistry biology lab fieldwork publishing thesis dissertation " +
  "conference presentation feedback mentoring guidance advice support transition moving city rural immigrant " +
  "bilingual culture identity women stem minority disability access accommodation parent commuting part time job " +
  "skills certificate bootcamp apprenticeship trade craft creative photography film theatre journalism media " +
  "nonprofit government startup founder investor pitch product management ux research analytics cloud security"
).split(" ");

export const BENCH_CRITERIA: Criterion[] = [
  { key: "interests", kind: "overlap", weight: 3 },
  { key: "languages", kind: "overlap", weight: 2, required: true },
  { key: "availability", kind: "overlap", weight: 2, required: true },
  { key: "field", kind: "exact", weight: 2 },
  { key: "campus", kind: "exact", weight: 1 },
  { key: "year", kind: "numeric", weight: 1, scale: 4 },
  { key: "age", kind: "numeric", weight: 1, scale: 15 },
  { key: "goals", kind: "text", weight: 2 },
];

export interface CohortOptions {
  mentees: number;
  mentors: number;
  capacity: number;
  seed: number;
  /** Share of mentees locked to a mentor (default 0.01). */
  lockedShare?: number;
  /** Share of mentees with 1–3 excluded mentors (default 0.02). */
  excludedShare?: number;
}

export function generateCohort(options: CohortOptions): MatchingInput {
  const random = mulberry32(options.seed);
  const integer = (below: number) => Math.floor(random() * below);
  /** Skewed pick: popular items first. */
  const skewed = <T>(items: readonly T[]) => items[Math.min(items.length - 1, Math.floor(items.length * random() * random()))];
  const some = <T>(items: readonly T[], min: number, max: number, pick: (items: readonly T[]) => T) => {
    const count = min + integer(max - min + 1);
    const chosen = new Set<T>();
    for (let tries = 0; chosen.size < count && tries < count * 10; tries++) chosen.add(pick(items));
    return [...chosen];
  };
  const maybe = (value: unknown, missing = 0.03) => (random() < missing ? undefined : value);

  const attributes = (role: "mentor" | "mentee") => {
    const languages = random() < 0.9 ? ["en"] : [];
    for (const language of some(LANGUAGES.slice(1), 0, 2, skewed)) languages.push(language);
    if (languages.length === 0) languages.push(LANGUAGES[1 + integer(LANGUAGES.length - 1)]);
    const goals = some(WORDS, 6, 20, skewed).join(" ") + (random() < 0.5 ? " and I want to grow" : "");
    const entries: Record<string, unknown> = {
      interests: maybe(some(TOPICS, 2, 5, skewed)),
      languages: maybe(languages.map((code) => (random() < 0.1 ? ` ${code.toUpperCase()} ` : code)), 0.01),
      availability: maybe(some(SLOTS, 3, 8, (items) => items[integer(items.length)]), 0.01),
      field: maybe(skewed(FIELDS)),
      campus: maybe(CAMPUSES[integer(CAMPUSES.length)]),
      year: maybe(role === "mentor" ? 3 + integer(4) : 1 + integer(4)),
      age: maybe(role === "mentor" ? 20 + integer(40) : 17 + integer(8)),
      goals: maybe(goals, 0.05),
    };
    return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
  };

  const pad = (value: number, width: number) => String(value).padStart(width, "0");
  const mentors: Mentor[] = [];
  for (let j = 0; j < options.mentors; j++) mentors.push({ id: `m${pad(j, 5)}`, capacity: options.capacity, attributes: attributes("mentor") });
  const mentees: Mentee[] = [];
  for (let i = 0; i < options.mentees; i++) mentees.push({ id: `e${pad(i, 6)}`, attributes: attributes("mentee") });

  const locked: PairRef[] = [];
  const used = new Map<string, number>();
  const lockedCount = Math.floor(options.mentees * (options.lockedShare ?? 0.01));
  for (let i = 0; i < lockedCount && mentors.length > 0; i++) {
    const mentor = mentors[integer(mentors.length)];
    if ((used.get(mentor.id) ?? 0) >= mentor.capacity) continue;
    used.set(mentor.id, (used.get(mentor.id) ?? 0) + 1);
    locked.push({ mentor: mentor.id, mentee: mentees[i * 7 % mentees.length].id });
  }
  const lockedMentees = new Set(locked.map((pair) => pair.mentee));
  const excluded: PairRef[] = [];
  const excludedCount = Math.floor(options.mentees * (options.excludedShare ?? 0.02));
  for (let e = 0; e < excludedCount && mentors.length > 0; e++) {
    const mentee = mentees[integer(mentees.length)];
    if (lockedMentees.has(mentee.id)) continue;
    for (let k = 1 + integer(3); k > 0; k--) excluded.push({ mentor: mentors[integer(mentors.length)].id, mentee: mentee.id });
  }
  return { criteria: BENCH_CRITERIA, mentors, mentees, locked, excluded, objective: "max_total" };
}
