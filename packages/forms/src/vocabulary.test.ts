import { describe, expect, it } from "vitest";
import { AVAILABILITY_SLOTS, DAY_PARTS, LANGUAGES, WEEKDAYS } from "./index.js";

describe("vocabulary", () => {
  it("lists about 40 languages by unique ISO 639-1 code, sorted by label", () => {
    const codes = LANGUAGES.map((language) => language.code);
    expect(LANGUAGES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[a-z]{2}$/);
    const labels = LANGUAGES.map((language) => language.label);
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b, "en")));
    expect(codes).toEqual(expect.arrayContaining(["en", "es", "zh", "ar", "hi", "vi", "tl", "fr", "ko", "pl"]));
  });

  it("has 21 availability slots in calendar order", () => {
    expect(WEEKDAYS).toHaveLength(7);
    expect(DAY_PARTS).toEqual(["morning", "afternoon", "evening"]);
    expect(AVAILABILITY_SLOTS).toHaveLength(21);
    expect(AVAILABILITY_SLOTS.slice(0, 4)).toEqual(["mon_morning", "mon_afternoon", "mon_evening", "tue_morning"]);
    expect(AVAILABILITY_SLOTS.at(-1)).toBe("sun_evening");
  });
});
