import { describe, expect, it } from "vitest";
import { CONTACT_DETAILS_REMOVED as REMOVED, withoutContactDetails } from "./index.js";

describe("withoutContactDetails", () => {
  it("removes email addresses, also spelled out", () => {
    expect(withoutContactDetails("Write to ana.park@example.com any time")).toBe(`Write to ${REMOVED} any time`);
    expect(withoutContactDetails("ana (at) example (dot) com")).toBe(REMOVED);
  });

  it("removes phone numbers in their usual shapes, but not years, ages or times", () => {
    expect(withoutContactDetails("Call me on 555-201-3344.")).toBe(`Call me on ${REMOVED}.`);
    expect(withoutContactDetails("Text +44 7700 900123")).toBe(`Text ${REMOVED}`);
    expect(withoutContactDetails("(312) 555 0199 evenings")).toBe(`${REMOVED} evenings`);
    expect(withoutContactDetails("I graduated in 2019, I am 34, and I am free at 17:30.")).toBe("I graduated in 2019, I am 34, and I am free at 17:30.");
  });

  it("removes web addresses and social-media handles", () => {
    expect(withoutContactDetails("My site: https://ana.example/blog and www.ana.io")).toBe(`My site: ${REMOVED} and ${REMOVED}`);
    expect(withoutContactDetails("Find me on ana-park.com or @ana_park on Instagram")).toBe(`Find me on ${REMOVED} or ${REMOVED} on Instagram`);
    // "name at domain" reads as a spelled-out address: the words before the domain go with it.
    expect(withoutContactDetails("Find me at ana-park.com")).toBe(`Find ${REMOVED}`);
  });

  it("leaves ordinary text alone", () => {
    const bio = "Nurse at the children's hospital; I love chess, hiking and cooking. Ask me about science fairs!";
    expect(withoutContactDetails(bio)).toBe(bio);
  });
});
