import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isIsoDate, isQuietHour, localDate, localParts, nextLocalMorning, nextSendTime, startOfLocalDay, zonedInstant } from "./index.js";

const LA = "America/Los_Angeles";
const AUCKLAND = "Pacific/Auckland";
const KOLKATA = "Asia/Kolkata";
const at = (iso: string) => Date.parse(iso);
const iso = (instant: number) => new Date(instant).toISOString();

describe("localParts", () => {
  it("reads the wall clock and the offset in a zone", () => {
    expect(localParts(at("2026-06-01T15:30:45.999Z"), KOLKATA)).toEqual({
      year: 2026,
      month: 6,
      day: 1,
      hour: 21,
      minute: 0,
      second: 45,
      date: "2026-06-01",
      offsetMinutes: 330,
    });
    expect(localParts(at("2026-01-15T07:59:00Z"), LA)).toMatchObject({ date: "2026-01-14", hour: 23, minute: 59, offsetMinutes: -480 });
  });

  it("shows midnight as hour 0", () => {
    expect(localParts(at("2026-01-15T08:00:00Z"), LA)).toMatchObject({ date: "2026-01-15", hour: 0, minute: 0 });
  });

  it("follows Los Angeles across both DST changes of 2026", () => {
    expect(localParts(at("2026-03-08T09:59:00Z"), LA)).toMatchObject({ hour: 1, minute: 59, offsetMinutes: -480 });
    expect(localParts(at("2026-03-08T10:00:00Z"), LA)).toMatchObject({ hour: 3, minute: 0, offsetMinutes: -420 });
    expect(localParts(at("2026-11-01T08:59:00Z"), LA)).toMatchObject({ hour: 1, minute: 59, offsetMinutes: -420 });
    expect(localParts(at("2026-11-01T09:00:00Z"), LA)).toMatchObject({ hour: 1, minute: 0, offsetMinutes: -480 });
  });

  it("follows Auckland across both DST changes of 2026", () => {
    // Clocks go back from 03:00 NZDT to 02:00 NZST on 5 April, forward from 02:00 NZST to 03:00 NZDT on 27 September.
    expect(localParts(at("2026-04-04T13:30:00Z"), AUCKLAND)).toMatchObject({ date: "2026-04-05", hour: 2, minute: 30, offsetMinutes: 780 });
    expect(localParts(at("2026-04-04T14:30:00Z"), AUCKLAND)).toMatchObject({ date: "2026-04-05", hour: 2, minute: 30, offsetMinutes: 720 });
    expect(localParts(at("2026-09-26T13:59:00Z"), AUCKLAND)).toMatchObject({ date: "2026-09-27", hour: 1, minute: 59, offsetMinutes: 720 });
    expect(localParts(at("2026-09-26T14:00:00Z"), AUCKLAND)).toMatchObject({ date: "2026-09-27", hour: 3, minute: 0, offsetMinutes: 780 });
  });

  it("handles a change in the middle of a UTC hour (Lord Howe moves by 30 minutes at 15:30 UTC)", () => {
    const zone = "Australia/Lord_Howe";
    // Ask about the start of the hour first, so that nothing learnt about the hour can leak into its second half.
    expect(localParts(at("2026-10-03T15:00:00Z"), zone)).toMatchObject({ date: "2026-10-04", hour: 1, minute: 30, offsetMinutes: 630 });
    expect(localParts(at("2026-10-03T15:29:59Z"), zone)).toMatchObject({ hour: 1, minute: 59, second: 59, offsetMinutes: 630 });
    expect(localParts(at("2026-10-03T15:30:00Z"), zone)).toMatchObject({ hour: 2, minute: 30, offsetMinutes: 660 });
    expect(localParts(at("2026-10-03T15:59:00Z"), zone)).toMatchObject({ hour: 2, minute: 59, offsetMinutes: 660 });
  });

  it("agrees with Intl minute by minute around DST changes, whatever was asked before", () => {
    const direct = (instant: number, zone: string) => {
      const parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }).formatToParts(instant);
      const field = (type: string) => Number(parts.find((part) => part.type === type)!.value);
      return { date: `${field("year")}-${String(field("month")).padStart(2, "0")}-${String(field("day")).padStart(2, "0")}`, hour: field("hour") % 24, minute: field("minute") };
    };
    const changes: [string, string][] = [
      [LA, "2026-03-08T10:00:00Z"],
      [LA, "2026-11-01T09:00:00Z"],
      [AUCKLAND, "2026-04-04T14:00:00Z"],
      [AUCKLAND, "2026-09-26T14:00:00Z"],
      ["Australia/Lord_Howe", "2026-04-04T15:00:00Z"],
      ["Pacific/Chatham", "2026-04-04T14:00:00Z"],
    ];
    for (const [zone, change] of changes) {
      // Backwards, so that each hour is first seen from its end.
      for (let instant = at(change) + 3 * 3_600_000; instant >= at(change) - 3 * 3_600_000; instant -= 60_000) {
        const { date, hour, minute } = localParts(instant, zone);
        expect({ date, hour, minute }, `${zone} ${new Date(instant).toISOString()}`).toEqual(direct(instant, zone));
      }
    }
  });

  it("refuses an unknown zone and a non-finite instant", () => {
    expect(() => localParts(0, "Mars/Olympus_Mons")).toThrow(RangeError);
    expect(() => localParts(Number.NaN, "UTC")).toThrow(RangeError);
  });

  it("gives the local date, which can differ from the UTC date", () => {
    expect(localDate(at("2026-04-04T12:00:00Z"), AUCKLAND)).toBe("2026-04-05");
    expect(localDate(at("2026-04-05T02:00:00Z"), LA)).toBe("2026-04-04");
  });
});

describe("zonedInstant", () => {
  it("finds the instant of a wall-clock time, including a half-hour zone", () => {
    expect(iso(zonedInstant("2026-06-02", 8, 0, KOLKATA))).toBe("2026-06-02T02:30:00.000Z");
    expect(iso(zonedInstant("2026-01-15", 8, 0, LA))).toBe("2026-01-15T16:00:00.000Z");
    expect(iso(zonedInstant("2026-07-15", 8, 0, LA))).toBe("2026-07-15T15:00:00.000Z");
    expect(iso(zonedInstant("2026-07-15", 8, 0, AUCKLAND))).toBe("2026-07-14T20:00:00.000Z");
    expect(iso(zonedInstant("2026-01-15", 8, 0, AUCKLAND))).toBe("2026-01-14T19:00:00.000Z");
  });

  it("moves a time in a spring-forward gap forward by the gap", () => {
    expect(iso(zonedInstant("2026-03-08", 2, 30, LA))).toBe("2026-03-08T10:30:00.000Z"); // 03:30 PDT
    expect(iso(zonedInstant("2026-09-27", 2, 30, AUCKLAND))).toBe("2026-09-26T14:30:00.000Z"); // 03:30 NZDT
  });

  it("takes the first of a time that happens twice when clocks go back", () => {
    expect(iso(zonedInstant("2026-11-01", 1, 30, LA))).toBe("2026-11-01T08:30:00.000Z"); // 01:30 PDT, not PST
    expect(iso(zonedInstant("2026-04-05", 2, 30, AUCKLAND))).toBe("2026-04-04T13:30:00.000Z"); // 02:30 NZDT, not NZST
  });

  it("refuses impossible dates and times", () => {
    expect(() => zonedInstant("2026-02-30", 8, 0, LA)).toThrow(RangeError);
    expect(() => zonedInstant("2026-02-01", 24, 0, LA)).toThrow(RangeError);
    expect(() => zonedInstant("2026-02-01", 8, 60, LA)).toThrow(RangeError);
  });

  it("round-trips with localParts for any instant on the minute outside a DST gap", () => {
    const zones = fc.constantFrom(LA, AUCKLAND, KOLKATA, "Asia/Kathmandu", "Pacific/Chatham", "Australia/Lord_Howe", "Europe/London", "UTC", "America/St_Johns");
    fc.assert(
      fc.property(fc.integer({ min: at("2020-01-01T00:00:00Z") / 60_000, max: at("2035-01-01T00:00:00Z") / 60_000 }), zones, (minutes, zone) => {
        const instant = minutes * 60_000;
        const parts = localParts(instant, zone);
        const back = zonedInstant(parts.date, parts.hour, parts.minute, zone);
        // Equal, or the first occurrence of a repeated wall time (then exactly one DST shift earlier).
        expect(back === instant || (back < instant && instant - back <= 3_600_000)).toBe(true);
        expect(localParts(back, zone)).toMatchObject({ date: parts.date, hour: parts.hour, minute: parts.minute });
      }),
      { numRuns: 500 },
    );
  });

  it("gives the first instant of a local day", () => {
    expect(iso(startOfLocalDay("2026-06-01", KOLKATA))).toBe("2026-05-31T18:30:00.000Z");
    expect(iso(startOfLocalDay("2026-11-01", LA))).toBe("2026-11-01T07:00:00.000Z");
    // Santiago moves its clocks at midnight: 6 September 2026 begins at 01:00.
    expect(localParts(startOfLocalDay("2026-09-06", "America/Santiago"), "America/Santiago")).toMatchObject({ date: "2026-09-06", hour: 1, minute: 0 });
  });
});

describe("quiet hours", () => {
  it("are 21:00 to 08:00 local, in a half-hour zone too", () => {
    expect(isQuietHour(at("2026-06-01T15:29:00Z"), KOLKATA)).toBe(false); // 20:59
    expect(isQuietHour(at("2026-06-01T15:30:00Z"), KOLKATA)).toBe(true); // 21:00
    expect(isQuietHour(at("2026-06-02T02:29:00Z"), KOLKATA)).toBe(true); // 07:59
    expect(isQuietHour(at("2026-06-02T02:30:00Z"), KOLKATA)).toBe(false); // 08:00
  });

  it("move with the DST change in Los Angeles", () => {
    // 15:30Z is 08:30 on Saturday (PDT) but 07:30 on Sunday (PST).
    expect(isQuietHour(at("2026-10-31T15:30:00Z"), LA)).toBe(false);
    expect(isQuietHour(at("2026-11-01T15:30:00Z"), LA)).toBe(true);
    expect(isQuietHour(at("2026-11-01T16:00:00Z"), LA)).toBe(false);
  });
});

describe("nextSendTime", () => {
  it("is now outside quiet hours", () => {
    const noon = at("2026-06-01T06:30:00Z"); // 12:00 IST
    expect(nextSendTime(noon, KOLKATA)).toBe(noon);
  });

  it("is 08:00 the same morning after midnight and 08:00 the next morning after 21:00 (Asia/Kolkata)", () => {
    expect(iso(nextSendTime(at("2026-06-01T15:30:00Z"), KOLKATA))).toBe("2026-06-02T02:30:00.000Z");
    expect(iso(nextSendTime(at("2026-06-01T20:00:00Z"), KOLKATA))).toBe("2026-06-02T02:30:00.000Z"); // 01:30 IST
  });

  it("lands on 08:00 local across the spring-forward night in Los Angeles", () => {
    // 22:00 PST on 7 March → 08:00 PDT on 8 March, only nine hours later.
    expect(iso(nextSendTime(at("2026-03-08T06:00:00Z"), LA))).toBe("2026-03-08T15:00:00.000Z");
    expect(iso(nextSendTime(at("2026-03-08T10:30:00Z"), LA))).toBe("2026-03-08T15:00:00.000Z"); // 03:30 PDT
  });

  it("lands on 08:00 local across the fall-back night in Los Angeles", () => {
    // 22:00 PDT on 31 October → 08:00 PST on 1 November, eleven hours later.
    expect(iso(nextSendTime(at("2026-11-01T05:00:00Z"), LA))).toBe("2026-11-01T16:00:00.000Z");
    expect(iso(nextSendTime(at("2026-11-01T09:30:00Z"), LA))).toBe("2026-11-01T16:00:00.000Z"); // the second 01:30
  });

  it("lands on 08:00 local across both DST nights in Auckland", () => {
    // 23:00 NZDT on 4 April → 08:00 NZST on 5 April.
    expect(iso(nextSendTime(at("2026-04-04T10:00:00Z"), AUCKLAND))).toBe("2026-04-04T20:00:00.000Z");
    // 22:00 NZST on 26 September → 08:00 NZDT on 27 September.
    expect(iso(nextSendTime(at("2026-09-26T10:00:00Z"), AUCKLAND))).toBe("2026-09-26T19:00:00.000Z");
  });

  it("is never quiet, never earlier than asked, and always within a day", () => {
    const zones = fc.constantFrom(LA, AUCKLAND, KOLKATA, "Pacific/Chatham", "Australia/Lord_Howe", "Europe/Berlin");
    fc.assert(
      fc.property(fc.integer({ min: at("2024-01-01T00:00:00Z"), max: at("2030-01-01T00:00:00Z") }), zones, (instant, zone) => {
        const next = nextSendTime(instant, zone);
        expect(next).toBeGreaterThanOrEqual(instant);
        expect(next - instant).toBeLessThan(13 * 3_600_000);
        expect(isQuietHour(next, zone)).toBe(false);
        if (next !== instant) expect(localParts(next, zone)).toMatchObject({ hour: 8, minute: 0 });
      }),
      { numRuns: 500 },
    );
  });
});

describe("nextLocalMorning", () => {
  it("is 08:00 on the next local day", () => {
    expect(iso(nextLocalMorning(at("2026-11-01T05:00:00Z"), LA))).toBe("2026-11-01T16:00:00.000Z"); // Saturday 22:00 PDT → Sunday 08:00 PST
    expect(iso(nextLocalMorning(at("2026-06-01T06:30:00Z"), KOLKATA))).toBe("2026-06-02T02:30:00.000Z");
  });
});

describe("calendar dates", () => {
  it("knows real dates", () => {
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-2-01")).toBe(false);
  });

  it("adds days and counts them across months, years and leap days", () => {
    expect(addDays("2026-02-26", 3)).toBe("2026-03-01");
    expect(addDays("2028-02-26", 3)).toBe("2028-02-29");
    expect(addDays("2026-01-03", -7)).toBe("2025-12-27");
    expect(daysBetween("2026-01-01", "2027-01-01")).toBe(365);
    expect(daysBetween("2026-03-10", "2026-03-01")).toBe(-9);
    expect(() => addDays("2026-13-01", 1)).toThrow(RangeError);
    expect(() => addDays("2026-01-01", 0.5)).toThrow(RangeError);
  });

  it("agrees with Date's own calendar for any date from 1600 to 2400", () => {
    const toIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const day = fc.integer({ min: Date.UTC(1600, 0, 1) / 86_400_000, max: Date.UTC(2400, 0, 1) / 86_400_000 });
    fc.assert(
      fc.property(day, fc.integer({ min: -800, max: 800 }), (start, delta) => {
        const date = toIso(start * 86_400_000);
        expect(isIsoDate(date)).toBe(true);
        expect(addDays(date, delta)).toBe(toIso((start + delta) * 86_400_000));
        expect(daysBetween(date, addDays(date, delta))).toBe(delta);
      }),
      { numRuns: 1000 },
    );
    for (const invalid of ["1900-02-29", "2100-02-29", "2026-04-31", "2026-00-10", "2026-01-00", "2026-01-32"]) expect(isIsoDate(invalid), invalid).toBe(false);
    expect(isIsoDate("2000-02-29")).toBe(true);
  });
});
