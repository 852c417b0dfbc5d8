import { localDate } from "@tandem/relationships";
import { describe, expect, it } from "vitest";
import { addYears, checkRange, localDateBySegments, MAX_PERIODS, monthsBetween, offsetSegments, periodBounds, periodOf, periodsBetween, weekOf } from "./index.js";

const HOUR = 3_600_000;
const utc = (iso: string) => Date.parse(iso);

describe("ISO weeks", () => {
  it("start on Monday, across month and year ends", () => {
    expect(weekOf("2026-01-01")).toBe("2025-12-29"); // a Thursday: the week began in the old year
    expect(weekOf("2027-01-03")).toBe("2026-12-28"); // a Sunday is the week's last day
    expect(weekOf("2026-12-28")).toBe("2026-12-28");
    expect(weekOf("2024-03-01")).toBe("2024-02-26"); // after a leap day
    expect(periodOf("2026-01-01", "week")).toBe("2025-12-29");
    expect(periodOf("2026-01-01", "month")).toBe("2026-01");
    expect(() => weekOf("2026-02-30")).toThrow(RangeError);
  });
  it("are listed from the week holding the first day to the one holding the last", () => {
    expect(periodsBetween("2025-12-20", "2026-01-12", "week")).toEqual(["2025-12-15", "2025-12-22", "2025-12-29", "2026-01-05", "2026-01-12"]);
    expect(periodsBetween("2026-01-12", "2026-01-18", "week")).toEqual(["2026-01-12"]);
    expect(periodsBetween("2026-01-19", "2026-01-12", "week")).toEqual([]);
    expect(periodsBetween("2025-11-15", "2026-02-01", "month")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
    expect(periodsBetween("2025-11", "2026-01", "month")).toEqual(["2025-11", "2025-12", "2026-01"]);
  });
  it("run from local midnight to local midnight, an hour shorter or longer across a DST change", () => {
    // Chicago springs forward on Sunday 8 March 2026.
    const [start, end] = periodBounds("2026-03-02", "week", "America/Chicago");
    expect([start, end]).toEqual([utc("2026-03-02T06:00:00Z"), utc("2026-03-09T05:00:00Z")]);
    expect(end - start).toBe(7 * 24 * HOUR - HOUR);
    // London falls back on Sunday 25 October 2026.
    const [from, to] = periodBounds("2026-10-19", "week", "Europe/London");
    expect([from, to]).toEqual([utc("2026-10-18T23:00:00Z"), utc("2026-10-26T00:00:00Z")]);
    expect(periodBounds("2026-03", "month", "America/Chicago")).toEqual([utc("2026-03-01T06:00:00Z"), utc("2026-04-01T05:00:00Z")]);
  });
});

describe("offsetSegments", () => {
  it("finds each DST change to the minute", () => {
    expect(offsetSegments(utc("2026-01-01T00:00:00Z"), utc("2027-01-01T00:00:00Z"), "America/Chicago")).toEqual([
      { from: utc("2026-01-01T00:00:00Z"), offsetMs: -6 * HOUR },
      { from: utc("2026-03-08T08:00:00Z"), offsetMs: -5 * HOUR },
      { from: utc("2026-11-01T07:00:00Z"), offsetMs: -6 * HOUR },
    ]);
    // The southern hemisphere: Sydney leaves DST in April and returns in October.
    expect(offsetSegments(utc("2026-01-01T00:00:00Z"), utc("2026-12-31T00:00:00Z"), "Australia/Sydney")).toEqual([
      { from: utc("2026-01-01T00:00:00Z"), offsetMs: 11 * HOUR },
      { from: utc("2026-04-04T16:00:00Z"), offsetMs: 10 * HOUR },
      { from: utc("2026-10-03T16:00:00Z"), offsetMs: 11 * HOUR },
    ]);
  });
  it("is one segment in a zone without DST, or a stretch without a change", () => {
    expect(offsetSegments(utc("2020-01-01T00:00:00Z"), utc("2026-01-01T00:00:00Z"), "Asia/Kolkata")).toEqual([{ from: utc("2020-01-01T00:00:00Z"), offsetMs: 5.5 * HOUR }]);
    expect(offsetSegments(utc("2026-06-01T00:00:00Z"), utc("2026-06-30T00:00:00Z"), "Europe/London")).toEqual([{ from: utc("2026-06-01T00:00:00Z"), offsetMs: HOUR }]);
    expect(offsetSegments(utc("2026-06-01T00:00:00Z"), utc("2026-06-01T00:00:00Z"), "UTC")).toEqual([{ from: utc("2026-06-01T00:00:00Z"), offsetMs: 0 }]);
  });
  it("puts every instant on its local day, where one offset for the whole year would not", () => {
    const segments = offsetSegments(utc("2026-01-01T00:00:00Z"), utc("2027-01-01T00:00:00Z"), "America/Chicago");
    // 00:30 on Monday 9 March in Chicago (daylight time): a winter offset would say Sunday 23:30, the week before.
    const mondayMorning = utc("2026-03-09T05:30:00Z");
    expect(localDateBySegments(mondayMorning, segments)).toBe("2026-03-09");
    expect(new Date(mondayMorning - 6 * HOUR).toISOString().slice(0, 10)).toBe("2026-03-08");
    expect(weekOf(localDateBySegments(mondayMorning, segments))).toBe("2026-03-09");
    // Agrees with Intl on instants all year round, hours either side of the changes included.
    for (let at = utc("2026-01-01T00:17:00Z"); at < utc("2027-01-01T00:00:00Z"); at += 7 * HOUR + 13 * 60_000) expect(localDateBySegments(at, segments), new Date(at).toISOString()).toBe(localDate(at, "America/Chicago"));
    for (const iso of ["2026-03-08T07:59:00Z", "2026-03-08T08:00:00Z", "2026-11-01T06:59:00Z", "2026-11-01T07:00:00Z"]) expect(localDateBySegments(utc(iso), segments)).toBe(localDate(utc(iso), "America/Chicago"));
  });
});

describe("a report's range", () => {
  it("lists at most MAX_PERIODS periods, and throws rather than cutting the list short", () => {
    // Ten years and a little: what the range checks let through.
    expect(periodsBetween("2016-01-01", "2026-01-31", "month")).toHaveLength(121);
    expect(periodsBetween("2016-01-01", "2026-01-31", "week").length).toBeLessThanOrEqual(MAX_PERIODS.week);
    expect(periodsBetween("2016-01-01", "2026-01-31", "week")).toHaveLength(527);
    // Asked for more (1900 to 2026 was silently cut to its first 1,200 months, so the series stopped in 1999).
    expect(() => periodsBetween("1900-01-01", "2026-06-30", "month")).toThrow(/has 1518 months, more than the 132 a report may have/);
    expect(() => periodsBetween("2000-01-01", "2026-06-30", "week")).toThrow(RangeError);
    expect(() => monthsBetween("2000-01", "2030-01")).toThrow(RangeError);
    expect(monthsBetween("2026-03", "2026-02")).toEqual([]);
    // Nor does the zone's offset walk go on for centuries.
    expect(() => offsetSegments(utc("2000-01-01T00:00:00Z"), utc("9000-12-31T00:00:00Z"), "America/Chicago")).toThrow(RangeError);
  });

  it("moves dates by whole years, 29 February to the 28th", () => {
    expect(addYears("2026-05-17", 1)).toBe("2027-05-17");
    expect(addYears("2024-02-29", 1)).toBe("2025-02-28");
    expect(addYears("2024-02-29", -10)).toBe("2014-02-28");
    expect(addYears("2028-02-29", -4)).toBe("2024-02-29");
  });

  it("checks what needs no clock: years from 2000, from not after to, at most ten years", () => {
    expect(checkRange(null, null, null)).toEqual([]);
    expect(checkRange("2016-01-01", "2025-12-31", null)).toEqual([]);
    expect(checkRange("2015-12-31", "2025-12-31", null)).toEqual([]);
    expect(checkRange("2015-12-30", "2025-12-31", null)).toEqual([{ field: "from", message: "must be at most 10 years before to: 2015-12-31 or later" }]);
    expect(checkRange("2025-12-01", "2025-11-01", null)).toEqual([{ field: "from", message: "must not be after to" }]);
    expect(checkRange("1900-01-01", "1999-12-31", null)).toEqual([
      { field: "from", message: "must be in 2000 or later" },
      { field: "to", message: "must be in 2000 or later" },
    ]);
    expect(checkRange("2000-01-01", "9000-12-31", null)).toEqual([{ field: "from", message: "must be at most 10 years before to: 8990-12-31 or later" }]);
    // Without today, `to` far ahead and `from` without `to` wait for the service.
    expect(checkRange("2030-01-01", null, null)).toEqual([]);
    expect(checkRange(null, "9999-12-31", null)).toEqual([]);
  });

  it("checks against the institution's today: to at most a year ahead; from, without to, not after today nor ten years before it", () => {
    const today = "2026-05-17";
    expect(checkRange(null, "2027-05-17", today)).toEqual([]);
    expect(checkRange(null, "2027-05-18", today)).toEqual([{ field: "to", message: "must be at most a year after today: 2027-05-17 or earlier" }]);
    expect(checkRange(null, "9999-12-31", today)).toEqual([{ field: "to", message: "must be at most a year after today: 2027-05-17 or earlier" }]);
    expect(checkRange("2030-01-01", null, today)).toEqual([{ field: "from", message: "must not be after today (2026-05-17), the default for to" }]);
    expect(checkRange("2026-05-17", null, today)).toEqual([]);
    expect(checkRange("2016-05-17", null, today)).toEqual([]);
    expect(checkRange("2016-05-16", null, today)).toEqual([{ field: "from", message: "must be at most 10 years before today (2026-05-17), the default for to: 2016-05-17 or later" }]);
    // A `to` that is itself refused is not compared with `from`.
    expect(checkRange("2000-01-01", "9000-12-31", today)).toEqual([{ field: "to", message: "must be at most a year after today: 2027-05-17 or earlier" }]);
    expect(checkRange("2026-06-01", "2027-01-01", today)).toEqual([]);
  });
});
