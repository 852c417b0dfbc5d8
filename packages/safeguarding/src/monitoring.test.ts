import { describe, expect, it } from "vitest";
import { monitoringByMonth } from "./index.js";

describe("monitoringByMonth", () => {
  it("needs two contacts in a youth match's first month and one in each later month", () => {
    const summary = monitoringByMonth("2026-01-10", "2026-04-20", ["2026-01-12", "2026-02-01", "2026-02-15", "2026-03-20", "2026-04-11"], true);
    expect(summary.months.map(({ index, from, to, required, made, met, inProgress }) => ({ index, from, to, required, made, met, inProgress }))).toEqual([
      { index: 1, from: "2026-01-10", to: "2026-02-10", required: 2, made: 2, met: true, inProgress: false },
      { index: 2, from: "2026-02-10", to: "2026-03-10", required: 1, made: 1, met: true, inProgress: false },
      { index: 3, from: "2026-03-10", to: "2026-04-10", required: 1, made: 1, met: true, inProgress: false },
      { index: 4, from: "2026-04-10", to: "2026-05-10", required: 1, made: 1, met: true, inProgress: true },
    ]);
    expect(summary.missedMonths).toBe(0);
  });

  it("counts one contact in a youth match's first month as missed, but not in other programs", () => {
    const contacts = ["2026-01-12", "2026-02-12"];
    const youth = monitoringByMonth("2026-01-10", "2026-03-15", contacts, true);
    expect(youth.months[0]).toMatchObject({ required: 2, made: 1, met: false, inProgress: false });
    expect(youth.missedMonths).toBe(1);
    const adult = monitoringByMonth("2026-01-10", "2026-03-15", contacts, false);
    expect(adult.months[0]).toMatchObject({ required: 1, made: 1, met: true });
    expect(adult.missedMonths).toBe(0);
  });

  it("does not count a month that has not ended as missed", () => {
    const summary = monitoringByMonth("2026-01-10", "2026-02-09", [], true);
    expect(summary.months).toHaveLength(1);
    expect(summary.months[0]).toMatchObject({ made: 0, met: false, inProgress: true });
    expect(summary.missedMonths).toBe(0);
    // The next day the first month is over, and missed; the second has begun.
    const later = monitoringByMonth("2026-01-10", "2026-02-10", [], true);
    expect(later.months.map((month) => month.inProgress)).toEqual([false, true]);
    expect(later.missedMonths).toBe(1);
  });

  it("puts a contact on a month's first day in that month, and ignores contacts outside the match", () => {
    const summary = monitoringByMonth("2026-01-10", "2026-03-09", ["2026-01-09", "2026-02-10", "2026-03-10"], false);
    expect(summary.months.map((month) => month.made)).toEqual([0, 1]);
    expect(summary.missedMonths).toBe(1);
  });

  it("follows month ends for a match started on the 31st", () => {
    const summary = monitoringByMonth("2026-01-31", "2026-04-01", [], false);
    expect(summary.months.map((month) => [month.from, month.to])).toEqual([
      ["2026-01-31", "2026-02-28"],
      ["2026-02-28", "2026-03-31"],
      ["2026-03-31", "2026-04-30"],
    ]);
  });

  it("in youth programs counts a contact only for the people it reached: mentor, mentee and guardian each", () => {
    const contacts = [
      { on: "2026-01-12", parties: ["mentor", "mentee", "guardian"] },
      { on: "2026-01-20", parties: ["mentor", "mentee"] },
      { on: "2026-02-12", parties: ["guardian"] },
      { on: "2026-02-20", parties: ["mentor", "mentee"] },
    ];
    const youth = monitoringByMonth("2026-01-10", "2026-03-15", contacts, true);
    expect(youth.months.map((month) => [month.byParty, month.made, month.met])).toEqual([
      [{ mentor: 2, mentee: 2, guardian: 1 }, 1, false],
      [{ mentor: 1, mentee: 1, guardian: 1 }, 1, true],
      [{ mentor: 0, mentee: 0, guardian: 0 }, 0, false],
    ]);
    // Elsewhere there is no guardian to reach; a contact logged without parties counts for everyone.
    const adult = monitoringByMonth("2026-01-10", "2026-02-09", [{ on: "2026-01-12", parties: ["mentor"] }, { on: "2026-01-13", parties: [] }], false);
    expect(adult.months[0]).toMatchObject({ byParty: { mentor: 2, mentee: 1 }, made: 1, met: true });
  });

  it("has no months before the match starts", () => {
    expect(monitoringByMonth("2026-05-01", "2026-04-30", ["2026-04-30"], true)).toEqual({ months: [], missedMonths: 0 });
  });
});
