import { describe, expect, it } from "vitest";
import { defaultForm } from "./defaults.js";
import { readableAnswers } from "./display.js";

describe("readableAnswers", () => {
  it("uses question and choice labels, language names and day names, in form order", () => {
    const definition = defaultForm("community", "mentee");
    const rows = readableAnswers(
      { interests: ["music"], first_name: "Leo", languages: ["es", "en"], modality: "in_person", availability: ["sat_morning"], legacy_key: "kept" },
      definition,
      { role: "mentee", guardianConsentUnderAge: 18, today: "2026-11-25" },
    );
    expect(rows[0]).toMatchObject({ key: "first_name", value: "Leo" });
    const byKey = Object.fromEntries(rows.map((row) => [row.key, row]));
    expect(byKey.languages.value).toBe("Spanish, English");
    expect(byKey.availability.value).toBe("Saturday morning");
    expect(byKey.modality.value).not.toBe("in_person");
    expect(byKey.interests.label).not.toBe("interests");
    expect(rows.at(-1)).toEqual({ key: "legacy_key", label: "legacy key", value: "kept" });
  });
});
