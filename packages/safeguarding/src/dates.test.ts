import { describe, expect, it } from "vitest";
import { addDays, addMonths, daysBetween } from "./index.js";

describe("addDays", () => {
  it("crosses months, years and leap days", () => {
    expect(addDays("2026-01-31", 1)).toBe("2026-02-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("is not moved by daylight saving time", () => {
    // Around the EU and US clock changes; UTC arithmetic keeps whole days.
    expect(addDays("2026-03-28", 2)).toBe("2026-03-30");
    expect(addDays("2026-11-01", 1)).toBe("2026-11-02");
  });
});

describe("addMonths", () => {
  it("keeps the day of the month", () => {
    expect(addMonths("2026-01-15", 1)).toBe("2026-02-15");
    expect(addMonths("2026-11-15", 3)).toBe("2027-02-15");
    expect(addMonths("2026-03-15", -3)).toBe("2025-12-15");
    expect(addMonths("2026-05-20", 24)).toBe("2028-05-20");
  });

  it("uses the month's last day when it has no such day (Jan 31 + 1 month)", () => {
    expect(addMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonths("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonths("2026-03-31", 1)).toBe("2026-04-30");
    // Each step counts from the start, so the 31st comes back when the month has one.
    expect(addMonths("2026-01-31", 2)).toBe("2026-03-31");
  });
});

describe("daysBetween", () => {
  it("counts whole days, negative when the second date is earlier", () => {
    expect(daysBetween("2026-01-01", "2026-01-01")).toBe(0);
    expect(daysBetween("2026-01-01", "2026-03-01")).toBe(59);
    expect(daysBetween("2026-03-01", "2026-01-01")).toBe(-59);
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
  });
});
