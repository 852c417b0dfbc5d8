/**
 * Free-text similarity: TF-IDF cosine over the cohort's own words.
 *
 * - Tokens: the text is NFKC-normalised and lowercased; tokens are runs of
 *   letters and digits (any script); tokens of one character and common
 *   English function words (STOP_WORDS) are dropped. No stemming.
 * - Weights: tf = 1 + ln(count in the text); idf = ln((1 + N) / (1 + df)) + 1,
 *   where N is the number of non-empty texts for this criterion among all
 *   mentors and mentees, and df the number of those texts containing the token.
 *   Each text's vector is scaled to length 1.
 * - Similarity: the dot product of the two vectors (cosine), in [0, 1]; 0 when
 *   either side is missing or has no tokens.
 *
 * Rare shared words count more than common ones, long texts do not win by
 * length, and a word nobody else used changes nothing but the text's length.
 * Deterministic: the vocabulary is sorted by code unit, so the same cohort in
 * any order gives the same vectors and the same sums, bit for bit.
 */

const STOP_WORDS = new Set(
  (
    "a an and are as at be been but by can could did do does for from had has have he her him his how i if in into is it its " +
    "just me more most my no not of on or our she so some than that the their them then there these they this to too us very " +
    "was we were what when where which who why will with would you your yours also about like want wants really am im"
  ).split(" "),
);

/** The tokens of a text, in order, repeats included. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const match of text.normalize("NFKC").toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
    const token = match[0];
    if (token.length > 1 && !STOP_WORDS.has(token)) tokens.push(token);
  }
  return tokens;
}

/** A unit-length sparse vector: token ids ascending, with their weights. */
export interface TextVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** Texts, or lists of texts joined by spaces; anything else counts as missing. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string").join(" ");
  return undefined;
}

/**
 * TF-IDF vectors for a list of texts (undefined: missing); the result has the
 * same length, with undefined for missing or token-less texts.
 */
export function tfidfVectors(texts: readonly (string | undefined)[]): (TextVector | undefined)[] {
  const tokenLists = texts.map((text) => (text === undefined ? [] : tokenize(text)));
  const vocabulary = [...new Set(tokenLists.flat())].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const idOf = new Map(vocabulary.map((token, id) => [token, id]));

  const documentFrequency = new Int32Array(vocabulary.length);
  let documents = 0;
  const counted = tokenLists.map((tokens) => {
    const counts = new Map<number, number>();
    for (const token of tokens) {
      const id = idOf.get(token)!;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    if (counts.size > 0) documents += 1;
    for (const id of counts.keys()) documentFrequency[id] += 1;
    return counts;
  });

  return counted.map((counts) => {
    if (counts.size === 0) return undefined;
    const ids = Int32Array.from([...counts.keys()].sort((a, b) => a - b));
    const weights = new Float64Array(ids.length);
    let squares = 0;
    for (let index = 0; index < ids.length; index++) {
      const id = ids[index];
      const weight = (1 + Math.log(counts.get(id)!)) * (Math.log((1 + documents) / (1 + documentFrequency[id])) + 1);
      weights[index] = weight;
      squares += weight * weight;
    }
    const norm = Math.sqrt(squares);
    for (let index = 0; index < ids.length; index++) weights[index] /= norm;
    return { ids, weights };
  });
}

/** Cosine of two unit vectors, summed over shared tokens in ascending id order, capped at 1. */
export function cosine(a: TextVector | undefined, b: TextVector | undefined): number {
  if (a === undefined || b === undefined) return 0;
  let sum = 0;
  let i = 0;
  let j = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i];
    const y = b.ids[j];
    if (x === y) {
      sum += a.weights[i] * b.weights[j];
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return sum > 1 ? 1 : sum;
}
