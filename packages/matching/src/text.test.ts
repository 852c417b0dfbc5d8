import { describe, expect, it } from "vitest";
import { shuffled } from "./test-helpers.js";
import { cosine, textOf, tfidfVectors, tokenize } from "./text.js";

describe("tokenize", () => {
  it("lowercases, splits on anything but letters and digits, drops one-letter tokens and stop words", () => {
    expect(tokenize("I want to learn Machine-Learning, and C++ in 2025!")).toEqual(["learn", "machine", "learning", "2025"]);
  });

  it("keeps letters of any script and normalises compatibility forms (NFKC)", () => {
    expect(tokenize("Café ＡＩ données 数学")).toEqual(["café", "ai", "données", "数学"]);
  });
});

describe("tfidfVectors and cosine", () => {
  const corpus = ["robotics and music", "music", "music and art", "robotics", "music theory", undefined, "the and of"];
  const vectors = tfidfVectors(corpus);

  it("gives 1 for the same words, 0 for no shared word, 0 when a side is missing or has only stop words", () => {
    expect(cosine(vectors[0], tfidfVectors(corpus)[0])).toBeCloseTo(1, 12);
    expect(cosine(vectors[3], vectors[1])).toBe(0);
    expect(vectors[5]).toBeUndefined();
    expect(vectors[6]).toBeUndefined();
    expect(cosine(vectors[0], vectors[5])).toBe(0);
  });

  it("weighs a rare shared word above a common one", () => {
    // "robotics" is in 2 texts, "music" in 4: sharing "robotics" says more.
    expect(cosine(vectors[0], vectors[3])).toBeGreaterThan(cosine(vectors[0], vectors[1]));
  });

  it("matches the formula: tf = 1 + ln(count), idf = ln((1 + N) / (1 + df)) + 1, unit length", () => {
    const [a, b] = tfidfVectors(["apple apple pear", "pear"]);
    // N = 2; df(apple) = 1, df(pear) = 2.
    const apple = (1 + Math.log(2)) * (Math.log(3 / 2) + 1);
    const pear = 1 * (Math.log(3 / 3) + 1);
    expect(cosine(a, b)).toBeCloseTo(pear / Math.hypot(apple, pear), 12);
  });

  it("gives bit-identical vectors whatever the order of the cohort", () => {
    const order = shuffled(
      corpus.map((_, index) => index),
      7,
    );
    const reordered = tfidfVectors(order.map((index) => corpus[index]));
    order.forEach((original, position) => {
      const a = vectors[original];
      const b = reordered[position];
      expect(b === undefined ? undefined : { ids: [...b.ids], weights: [...b.weights] }).toEqual(
        a === undefined ? undefined : { ids: [...a.ids], weights: [...a.weights] },
      );
    });
  });

  it("reads a list of texts as one text", () => {
    expect(textOf(["robots", "music"])).toBe("robots music");
    expect(textOf(42)).toBeUndefined();
  });
});
