import { describe, expect, it } from "vitest";
import { type ComplianceMatch, type ComplianceMentor, complianceSummary, matchCsvTable, mentorCsvTable, moduleState, monitoringByMonth } from "./index.js";

const step = (key: ComplianceMentor["steps"][number]["key"], state: ComplianceMentor["steps"][number]["state"], date: string | null, detail = "") => ({ key, required: true, state, date, detail });

function mentor(overrides: Partial<ComplianceMentor> = {}): ComplianceMentor {
  return {
    id: "m1",
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@example.test",
    status: "approved",
    screened: true,
    trained: true,
    ready: true,
    blockers: [],
    steps: [step("interview", "complete", "2026-01-05", "by Jo"), step("background_check", "complete", "2026-01-10", "cleared, expires 2028-01-10")],
    training: [{ moduleId: "mod-1", state: "passed", date: "2026-01-12", bestScore: 100 }],
    minutesDone: 20,
    ...overrides,
  };
}

function match(id: string, contacts: string[], youth = true): ComplianceMatch {
  const monitoring = monitoringByMonth("2026-01-10", "2026-03-15", contacts, youth);
  return { id, mentor: { firstName: "Ada", lastName: "Lovelace" }, mentee: { firstName: "Sam", lastName: "Lee" }, status: "active", startedOn: "2026-01-10", closedOn: null, ...monitoring, closure: null };
}

describe("complianceSummary", () => {
  it("counts screened and trained only where required, and the share of ended months with the required contacts", () => {
    const summary = complianceSummary(
      [mentor(), mentor({ id: "m2", screened: false, trained: null, ready: false }), mentor({ id: "m3", screened: null, trained: false, ready: false })],
      [match("a", ["2026-01-12", "2026-01-20", "2026-02-15"]), match("b", ["2026-01-12"])],
    );
    expect(summary).toEqual({ mentors: 3, screened: 1, trained: 1, ready: 1, matches: 2, monthsEnded: 4, monthsMet: 2, contactRate: 0.5 });
  });

  it("has no contact rate before any month has ended", () => {
    expect(complianceSummary([], []).contactRate).toBeNull();
  });
});

describe("the CSV tables", () => {
  it("lay out each mentor's steps and modules in columns, saying 'not required' rather than claiming a check", () => {
    const table = mentorCsvTable([mentor({ screened: null })], [{ id: "mod-1", title: "Boundaries and safety" }]);
    expect(table.fields).toEqual([
      "first_name",
      "last_name",
      "email",
      "application_status",
      "screened",
      "trained",
      "ready_for_matching",
      "interview_required",
      "interview_state",
      "interview_date",
      "interview_detail",
      "background_check_required",
      "background_check_state",
      "background_check_date",
      "background_check_detail",
      "training_1_title",
      "training_1_state",
      "training_1_date",
      "training_1_best_score",
      "training_minutes_done",
      "blockers",
    ]);
    expect(table.rows[0]).toEqual(["Ada", "Lovelace", "ada@example.test", "approved", "not required", true, true, true, "complete", "2026-01-05", "by Jo", true, "complete", "2026-01-10", "cleared, expires 2028-01-10", "Boundaries and safety", "passed", "2026-01-12", 100, 20, ""]);
  });

  it("give each match as many month columns as the longest match has", () => {
    const table = matchCsvTable([match("a", ["2026-01-12", "2026-01-20"]), { ...match("b", []), months: [] }]);
    expect(table.fields.filter((field) => field.startsWith("month_"))).toHaveLength(9);
    expect(table.rows[0]!.slice(0, 11)).toEqual(["Ada Lovelace", "Sam Lee", "active", "2026-01-10", null, 2, 1, 1, "2026-01-10", 2, 2]);
    expect(table.rows[1]!.slice(8, 11)).toEqual([null, null, null]);
  });
});

describe("moduleState", () => {
  const progress = (overrides: Partial<{ completedAt: number | null; quizPassedAt: number | null; attendedInPersonOn: string | null }> = {}) => ({ completedAt: null, quizPassedAt: null, attendedInPersonOn: null, ...overrides });
  it("reads attendance first, then a passed quiz, a read module, a failed quiz, and anything started", () => {
    expect(moduleState(true, undefined, 0)).toBe("not_started");
    expect(moduleState(true, progress({ attendedInPersonOn: "2026-01-05" }), 3)).toBe("attended");
    expect(moduleState(true, progress({ completedAt: 1, quizPassedAt: 2 }), 2)).toBe("passed");
    expect(moduleState(false, progress({ completedAt: 1 }), 0)).toBe("completed");
    expect(moduleState(true, progress({ completedAt: 1 }), 2)).toBe("quiz_failed");
    expect(moduleState(true, progress({ completedAt: 1 }), 0)).toBe("in_progress");
  });
});
