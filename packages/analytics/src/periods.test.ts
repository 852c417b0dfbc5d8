import { localDate } from "@tandem/relationships";
import { describe, expect, it } from "vitest";
import { localDateBySegments, offsetSegments, periodBounds, periodOf, periodsBetween, weekOf } from "./index.js";

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
