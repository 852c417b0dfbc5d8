import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  allowedTransitions,
  canTransition,
  CopyProgramSchema,
  CreateProgramSchema,
  newProgramSettings,
  PROGRAM_DEFAULTS,
  PROGRAM_STATUSES,
  shiftDates,
  UpdateProgramSchema,
} from "./index.js";

const issues = (schema: v.GenericSchema, input: unknown) => {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  return result.success ? [] : result.issues.map((issue) => `${v.getDotPath(issue) ?? ""}: ${issue.message}`);
};

describe("the status machine", () => {
  it("moves forward through the cycle, back from matching to enrolling, and closes from anywhere open", () => {
    const table = Object.fromEntries(PROGRAM_STATUSES.map((from) => [from, PROGRAM_STATUSES.filter((to) => canTransition(from, to))]));
    expect(table).toEqual({
      draft: ["enrolling", "closed"],
      enrolling: ["matching", "closed"],
      matching: ["enrolling", "active", "closed"],
      active: ["closed"],
      closed: [],
    });
    expect(allowedTransitions("closed")).toEqual([]);
  });
});

describe("creating a program", () => {
  it("fills gaps from the type's defaults and starts as a draft", () => {
    const settings = newProgramSettings(v.parse(CreateProgramSchema, { name: "Youth Mentoring", slug: "youth-2027", type: "community" }));
    expect(settings).toMatchObject({ status: "draft", mentorCapacity: 1, checkinCadenceDays: 7, guardianConsentUnderAge: 18, objectives: PROGRAM_DEFAULTS.community.objectives });
    const explicit = newProgramSettings(v.parse(CreateProgramSchema, { name: "Peers", slug: "peers", type: "peer", guardianConsentUnderAge: null, mentorCapacity: 5 }));
    expect(explicit).toMatchObject({ guardianConsentUnderAge: null, mentorCapacity: 5 });
  });

  it("names each bad field, including dates out of order", () => {
    expect(issues(CreateProgramSchema, { name: "P", slug: "Bad Slug", type: "mentoring", mentorCapacity: 0, startsOn: "2026-02-30" }).map((i) => i.split(":")[0]).sort()).toEqual([
      "mentorCapacity",
      "name",
      "slug",
      "startsOn",
      "type",
    ]);
    expect(issues(CreateProgramSchema, { name: "Peers", slug: "peers", type: "peer", startsOn: "2026-09-01", endsOn: "2026-08-01", enrollmentOpensOn: "2026-08-10", enrollmentClosesOn: "2026-08-01" })).toEqual([
      "endsOn: must be on or after the start date",
      "enrollmentClosesOn: must be on or after the day enrollment opens",
      "enrollmentOpensOn: must be before the program ends",
    ]);
  });
});

describe("updating a program", () => {
  it("accepts only settings, and at least one", () => {
    expect(issues(UpdateProgramSchema, { mentorCapacity: 4 })).toEqual([]);
    expect(issues(UpdateProgramSchema, {})).toEqual([": change at least one setting"]);
    expect(issues(UpdateProgramSchema, { status: "active" })[0]).toMatch(/^status: only these settings can change/);
  });
});

describe("copying into the next cohort", () => {
  it("moves every date by the same number of days", () => {
    const last = { startsOn: "2026-09-01", endsOn: "2027-05-31", enrollmentOpensOn: "2026-07-15", enrollmentClosesOn: "2026-08-20" };
    // 364 days later, across 29 February 2028.
    expect(shiftDates(last, "2027-08-31")).toEqual({ startsOn: "2027-08-31", endsOn: "2028-05-29", enrollmentOpensOn: "2027-07-14", enrollmentClosesOn: "2027-08-19" });
  });

  it("clears the dates when no new start is given", () => {
    expect(shiftDates({ startsOn: "2026-09-01", endsOn: "2027-05-31" }, undefined)).toEqual({ startsOn: null, endsOn: null, enrollmentOpensOn: null, enrollmentClosesOn: null });
    expect(issues(CopyProgramSchema, { name: "Peers 2027", slug: "peers-2027", startsOn: "2027-13-01" })).toEqual(["startsOn: must be a date like 2026-09-01"]);
  });
});
