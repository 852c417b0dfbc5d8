/**
 * Small sampling helpers on top of a seeded faker instance. Everything random
 * goes through the `Faker` passed in, so output depends only on the seed.
 */
import type { Faker } from "@faker-js/faker";

/** A vocabulary entry and how often people pick it relative to the others. */
export interface Weighted<T> {
  value: T;
  weight: number;
}

export interface CountRange {
  min: number;
  max: number;
}

/** Picks one option, favouring heavier ones. Returns the whole option so callers can use its other fields. */
export function pickOne<O extends Weighted<unknown>>(faker: Faker, options: readonly O[]): O {
  return faker.helpers.weightedArrayElement(options.map((option) => ({ weight: option.weight, value: option })));
}

/**
 * Picks between `min` and `max` distinct options, favouring heavier ones, like
 * a person ticking boxes on a form: popular options show up often, niche ones
 * rarely, and nobody ticks the same box twice.
 */
export function pickSeveral<O extends Weighted<unknown>>(faker: Faker, options: readonly O[], count: CountRange): O[] {
  const wanted = faker.number.int(count);
  const remaining = options.filter((option) => option.weight > 0);
  const picked: O[] = [];
  while (picked.length < wanted && remaining.length > 0) {
    const index = faker.helpers.weightedArrayElement(remaining.map((option, i) => ({ weight: option.weight, value: i })));
    picked.push(remaining[index]!);
    remaining.splice(index, 1);
  }
  return picked;
}

export function valuesOf<T>(options: readonly Weighted<T>[]): T[] {
  return options.map((option) => option.value);
}

export function chance(faker: Faker, probability: number): boolean {
  return faker.number.float({ min: 0, max: 1 }) < probability;
}

/**
 * Splits `total` people across statuses in exact proportion to the weights
 * (largest remainder), then shuffles. Exact rather than drawn independently so
 * that even a small demo shows every status the program is meant to show.
 */
export function allocateInProportion<T>(faker: Faker, total: number, options: readonly Weighted<T>[]): T[] {
  const totalWeight = options.reduce((sum, option) => sum + option.weight, 0);
  const shares = options.map((option, index) => {
    const exact = (total * option.weight) / totalWeight;
    return { index, count: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let unassigned = total - shares.reduce((sum, share) => sum + share.count, 0);
  // Hand leftovers to the largest remainders; ties go to the option listed first (the more common one).
  for (const share of [...shares].sort((a, b) => b.remainder - a.remainder || a.index - b.index)) {
    if (unassigned === 0) break;
    share.count += 1;
    unassigned -= 1;
  }
  const allocation = shares.flatMap((share) => Array.from({ length: share.count }, () => options[share.index]!.value));
  return faker.helpers.shuffle(allocation);
}

/** "a", "a and b", "a, b, and c" (serial comma, so multi-word items stay unambiguous) */
export function joinAsList(items: readonly string[], conjunction: "and" | "or" = "and"): string {
  if (items.length <= 2) return items.join(` ${conjunction} `);
  return `${items.slice(0, -1).join(", ")}, ${conjunction} ${items[items.length - 1]}`;
}

export function withIndefiniteArticle(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
