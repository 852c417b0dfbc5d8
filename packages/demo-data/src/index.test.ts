import { defaultForm, matchingCriteria, submissionSchema } from "@tandem/forms";
import { describe, expect, it } from "vitest";
import { ageOn, parseIsoDate } from "./dates.js";
import { emailSafeName } from "./emails.js";
import { type DemoApplication, type DemoInstitution, type DemoProgram, demoVocabulary, generateDemoInstitution } from "./index.js";

const TODAY = "2026-09-15";
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DEMO_ADDRESS = /^[a-z0-9.]+@demo\.tandem\.test$/;

function applicationsOf(institution: DemoInstitution, type: string, role?: "mentor" | "mentee"): DemoApplication[] {
  const program = institution.programs.find((candidate) => candidate.type === type);
  if (!program) throw new Error(`no ${type} program`);
  return institution.applications.filter((application) => application.programSlug === program.slug && (role === undefined || application.role === role));
}

function stringList(value: unknown): string[] {
  expect(Array.isArray(value)).toBe(true);
  return value as string[];
}

function allEmails(institution: DemoInstitution): string[] {
  const guardianEmails = institution.applications.flatMap((application) => {
    const guardianEmail = application.answers["guardian_email"];
    return typeof guardianEmail === "string" ? [guardianEmail] : [];
  });
  return [institution.admin.email, ...institution.applications.map((application) => application.email), ...guardianEmails];
}

type PathSegment = PropertyKey | { readonly key: PropertyKey };

/** `answers.goals.1`, as the API reports an answer's path. */
function dotPath(path: readonly PathSegment[] | undefined): string {
  return (path ?? []).map((segment) => String(typeof segment === "object" ? segment.key : segment)).join(".");
}

function valueAt(input: unknown, path: readonly PathSegment[] | undefined): unknown {
  return (path ?? []).reduce<unknown>((value, segment) => {
    const key = typeof segment === "object" ? segment.key : segment;
    return typeof value === "object" && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }, input);
}

/**
 * The first way the demo's applications differ from what a submission through
 * their program's starter form would store, as one readable line, or undefined
 * when every one of them is exactly that: valid, and already normalised (the
 * schema's output equals the stored answers, keys in form order).
 */
function firstSubmissionProblem(institution: DemoInstitution, today: string): string | undefined {
  const programs = new Map(institution.programs.map((program) => [program.slug, program]));
  const schemas = new Map<string, ReturnType<typeof submissionSchema>>();
  const schemaFor = (program: DemoProgram, role: DemoApplication["role"]) => {
    const key = `${program.slug}/${role}`;
    if (!schemas.has(key)) {
      schemas.set(key, submissionSchema(defaultForm(program.type, role), { role, guardianConsentUnderAge: program.guardianConsentUnderAge, today }));
    }
    return schemas.get(key)!;
  };

  for (const [index, application] of institution.applications.entries()) {
    const program = programs.get(application.programSlug)!;
    const who = `applications[${index}] (${program.type} ${application.role} ${application.email})`;
    const body = { answers: application.answers };
    const result = schemaFor(program, application.role)["~standard"].validate(body);
    if (result instanceof Promise) throw new Error("submissionSchema is expected to validate synchronously");
    if (result.issues) {
      const [issue] = result.issues;
      return `${who}: ${dotPath(issue!.path)} ${issue!.message} (got ${JSON.stringify(valueAt(body, issue!.path))})`;
    }
    const stored = result.value.answers;
    for (const key of new Set([...Object.keys(application.answers), ...Object.keys(stored)])) {
      if (JSON.stringify(stored[key]) !== JSON.stringify(application.answers[key])) {
        return `${who}: answers.${key} would be stored as ${JSON.stringify(stored[key])}, not ${JSON.stringify(application.answers[key])}`;
      }
    }
    if (Object.keys(stored).join() !== Object.keys(application.answers).join()) {
      return `${who}: answer keys are not in form order: ${Object.keys(application.answers).join(", ")}; the form stores ${Object.keys(stored).join(", ")}`;
    }
  }
  return undefined;
}

describe("generateDemoInstitution", () => {
  const institution = generateDemoInstitution({ today: TODAY });

  it("is deterministic for the same options and varies with the seed", () => {
    expect(generateDemoInstitution({ today: TODAY })).toEqual(institution);
    expect(generateDemoInstitution({ today: TODAY, seed: 2026 })).toEqual(institution);
    const other = generateDemoInstitution({ today: TODAY, seed: 7 });
    expect(other.applications).not.toEqual(institution.applications);
    expect(other.programs).toEqual(institution.programs); // program content is fixed; only people vary
  });

  it("describes a fixed fictional university with a .test admin", () => {
    expect(institution.tenant).toEqual({ slug: "demo", name: "Northbridge University", kind: "university", timezone: "America/Chicago" });
    expect(institution.admin.email).toBe("admin@demo.tandem.test");
    expect(institution.admin.name).not.toBe("");
  });

  it("has exactly one program of each type, configured per type", () => {
    expect(institution.programs.map((program) => program.type).sort()).toEqual(["community", "faculty_student", "peer"]);
    const byType = Object.fromEntries(institution.programs.map((program) => [program.type, program]));
    expect(byType["peer"]).toMatchObject({ mentorCapacity: 3, checkinCadenceDays: 14, guardianConsentUnderAge: null, status: "active" });
    expect(byType["faculty_student"]).toMatchObject({ mentorCapacity: 2, checkinCadenceDays: 21, status: "matching" });
    expect(byType["community"]).toMatchObject({ mentorCapacity: 1, checkinCadenceDays: 7, guardianConsentUnderAge: 18, status: "enrolling" });
    expect(new Set(institution.programs.map((program) => program.slug)).size).toBe(3);
    for (const program of institution.programs) {
      expect(program.objectives.length).toBeGreaterThanOrEqual(3);
      expect(program.objectives.length).toBeLessThanOrEqual(5);
      expect(program.description.length).toBeGreaterThan(100);
      expect(program.targetAudience.length).toBeGreaterThan(40);
      expect(program.expectations.length).toBeGreaterThan(200);
      expect(`${program.description} ${program.expectations}`).not.toMatch(/lorem|ipsum/i);
    }
  });

  it("gives well-formed, ordered program dates consistent with each status", () => {
    for (const today of [TODAY, "2024-02-29", "2027-01-01"]) {
      for (const program of generateDemoInstitution({ today }).programs) {
        const dates = [program.enrollmentOpensOn, program.enrollmentClosesOn, program.startsOn, program.endsOn];
        for (const date of dates) {
          expect(date).toMatch(ISO_DATE);
          expect(() => parseIsoDate(date)).not.toThrow();
        }
        expect(program.enrollmentOpensOn <= program.enrollmentClosesOn).toBe(true);
        expect(program.startsOn <= program.endsOn).toBe(true);
        expect(program.enrollmentOpensOn <= program.startsOn).toBe(true);
        expect(program.startsOn < today && today < program.endsOn).toBe(true);
        if (program.status === "enrolling") {
          expect(program.enrollmentOpensOn <= today && today <= program.enrollmentClosesOn).toBe(true);
        } else {
          expect(program.enrollmentClosesOn < today).toBe(true);
        }
      }
    }
  });

  it("honours the per-program mentor and mentee counts", () => {
    const expectCounts = (result: DemoInstitution, mentors: number, mentees: number) => {
      for (const program of result.programs) {
        expect(applicationsOf(result, program.type, "mentor")).toHaveLength(mentors);
        expect(applicationsOf(result, program.type, "mentee")).toHaveLength(mentees);
      }
      expect(result.applications).toHaveLength(3 * (mentors + mentees));
    };
    expectCounts(institution, 12, 30);
    expectCounts(generateDemoInstitution({ today: TODAY, mentorsPerProgram: 5, menteesPerProgram: 0 }), 5, 0);
  });

  it("uses unique, lowercase ASCII addresses on demo.tandem.test for everyone, guardians included", () => {
    for (const result of [institution, generateDemoInstitution({ today: TODAY, seed: 1, mentorsPerProgram: 40, menteesPerProgram: 200 })]) {
      const emails = allEmails(result);
      expect(emails.length).toBeGreaterThan(result.applications.length); // guardians counted too
      expect(new Set(emails).size).toBe(emails.length);
      for (const email of emails) expect(email).toMatch(DEMO_ADDRESS);
    }
  });

  it("strips diacritics, apostrophes and hyphens from names in addresses", () => {
    expect(emailSafeName("Zoë")).toBe("zoe");
    expect(emailSafeName("O'Hara-Núñez")).toBe("oharanunez");
    expect(emailSafeName("'")).toBe("person");
  });

  it("makes community mentees 13–17 on today, each with a guardian", () => {
    for (const today of [TODAY, "2028-02-29", "2027-02-28", "2026-12-31"]) {
      const mentees = applicationsOf(generateDemoInstitution({ today, menteesPerProgram: 300 }), "community", "mentee");
      for (const mentee of mentees) {
        const dateOfBirth = mentee.answers["date_of_birth"];
        expect(typeof dateOfBirth).toBe("string");
        const age = ageOn(dateOfBirth as string, today);
        expect(age).toBeGreaterThanOrEqual(13);
        expect(age).toBeLessThanOrEqual(17);
        expect(mentee.answers["guardian_name"]).toMatch(/\S+ \S+/);
        expect(mentee.answers["guardian_email"]).toMatch(DEMO_ADDRESS);
      }
      expect(new Set(mentees.map((mentee) => ageOn(mentee.answers["date_of_birth"] as string, today)))).toEqual(new Set([13, 14, 15, 16, 17]));
    }
  });

  it("has peer mentors in years 3–4 and peer mentees in year 1", () => {
    const mentorYears = applicationsOf(institution, "peer", "mentor").map((mentor) => mentor.answers["year"]);
    expect(new Set(mentorYears)).toEqual(new Set([3, 4]));
    for (const mentee of applicationsOf(institution, "peer", "mentee")) expect(mentee.answers["year"]).toBe(1);
  });

  it("stores every application's answers exactly as a submission through its program's starter form would", () => {
    const problems = [firstSubmissionProblem(institution, TODAY)];
    // More people and other days reach the rarer answers (undeclared majors, 29 February birthdays).
    for (const today of ["2028-02-29", "2027-01-01"]) {
      problems.push(firstSubmissionProblem(generateDemoInstitution({ today, seed: 1, mentorsPerProgram: 60, menteesPerProgram: 300 }), today));
    }
    // The whole line as the failure message: vitest would cut it short in "expected '…' to be undefined".
    for (const problem of problems) expect(problem, problem).toBeUndefined();
  });

  it("stores choice values and language codes, not labels", () => {
    const peer = applicationsOf(generateDemoInstitution({ today: TODAY, menteesPerProgram: 300 }), "peer");
    const majors = new Set(peer.map((application) => application.answers["major"]));
    expect(majors).toContain("computer_science");
    expect(majors).toContain("undeclared");
    expect(majors).not.toContain("Computer Science");
    const languages = new Set(peer.flatMap((application) => stringList(application.answers["languages"])));
    expect(languages).toContain("en");
    expect(languages).toContain("es");
    expect(languages).not.toContain("English");
  });

  it("gives most mentees a mentor they could be matched with on the required criteria", () => {
    // Required criteria (availability, and languages where the form asks them): a pair that shares nothing on one is never proposed.
    for (const seed of [2026, 1, 7, 42, 99]) {
      const result = generateDemoInstitution({ today: TODAY, seed });
      for (const program of result.programs) {
        const required = matchingCriteria(defaultForm(program.type, "mentee")).filter((criterion) => criterion.required && criterion.kind === "overlap");
        expect(required.map((criterion) => criterion.key)).toContain("availability");
        if (program.type !== "faculty_student") expect(required.map((criterion) => criterion.key)).toContain("languages");
        const mentors = applicationsOf(result, program.type, "mentor");
        const mentees = applicationsOf(result, program.type, "mentee");
        const canMeet = (mentee: DemoApplication, mentor: DemoApplication) =>
          required.every(({ key }) => stringList(mentee.answers[key]).some((value) => stringList(mentor.answers[key]).includes(value)));
        const matchable = mentees.filter((mentee) => mentors.some((mentor) => canMeet(mentee, mentor)));
        expect(matchable.length / mentees.length, `${program.slug} (seed ${seed}): ${matchable.length} of ${mentees.length} mentees`).toBeGreaterThanOrEqual(0.8);
      }
    }
  });

  it("uses the documented answer keys and vocabularies per program type", () => {
    const keysOf = (applications: DemoApplication[]) => new Set(applications.flatMap((application) => Object.keys(application.answers)));
    const builtIns = ["first_name", "last_name", "email"];
    expect(keysOf(applicationsOf(institution, "peer"))).toEqual(new Set([...builtIns, "availability", "bio", "goals", "interests", "languages", "major", "year"]));
    expect(keysOf(applicationsOf(institution, "faculty_student", "mentor"))).toEqual(
      new Set([...builtIns, "availability", "bio", "career_goals", "field", "research_interests", "title"]),
    );
    expect(keysOf(applicationsOf(institution, "faculty_student", "mentee"))).toEqual(
      new Set([...builtIns, "availability", "bio", "career_goals", "degree_level", "field", "research_interests"]),
    );
    expect(keysOf(applicationsOf(institution, "community", "mentor"))).toEqual(
      new Set([...builtIns, "availability", "background_check", "bio", "code_of_conduct", "employer", "interests", "languages", "location", "modality", "occupation"]),
    );
    expect(keysOf(applicationsOf(institution, "community", "mentee"))).toEqual(
      new Set([
        ...builtIns,
        "availability",
        "bio",
        "date_of_birth",
        "guardian_email",
        "guardian_name",
        "interests",
        "languages",
        "location",
        "modality",
        "school",
      ]),
    );
    for (const application of institution.applications) {
      expect(application.answers).toMatchObject({ first_name: application.firstName, last_name: application.lastName, email: application.email });
    }
    for (const mentor of applicationsOf(institution, "community", "mentor")) {
      expect(mentor.answers).toMatchObject({ code_of_conduct: true, background_check: true });
    }

    for (const application of institution.applications) {
      const { answers } = application;
      for (const slot of stringList(answers["availability"])) expect(demoVocabulary.availabilitySlots).toContain(slot);
      expect(typeof answers["bio"]).toBe("string");
      expect((answers["bio"] as string).length).toBeGreaterThan(40);
      if (answers["interests"] !== undefined) {
        const interests = stringList(answers["interests"]);
        expect(interests.length).toBeGreaterThanOrEqual(2);
        expect(interests.length).toBeLessThanOrEqual(5);
        expect(new Set(interests).size).toBe(interests.length);
        for (const interest of interests) expect(demoVocabulary.interests).toContain(interest);
      }
      if (answers["languages"] !== undefined) {
        const languages = stringList(answers["languages"]);
        expect(languages.length).toBeGreaterThanOrEqual(1);
        expect(languages.length).toBeLessThanOrEqual(2);
        for (const language of languages) expect(demoVocabulary.languages).toContain(language);
      }
    }
    for (const mentee of applicationsOf(institution, "faculty_student", "mentee")) {
      expect(demoVocabulary.degreeLevels).toContain(mentee.answers["degree_level"]);
    }
    for (const mentor of applicationsOf(institution, "community", "mentor")) {
      expect(demoVocabulary.partnerEmployers).toContain(mentor.answers["employer"]);
    }
    for (const application of applicationsOf(institution, "community")) {
      expect(demoVocabulary.modalities).toContain(application.answers["modality"]);
      expect(demoVocabulary.neighborhoods).toContain(application.answers["location"]);
    }
  });

  it("mixes application statuses realistically per program", () => {
    const statusesOf = (applications: DemoApplication[]) => applications.map((application) => application.status);
    const peer = statusesOf(applicationsOf(institution, "peer"));
    expect(peer.filter((status) => status === "approved").length / peer.length).toBeGreaterThan(0.8);
    expect(peer).not.toContain("pending_consent");

    const faculty = new Set(statusesOf(applicationsOf(institution, "faculty_student")));
    expect(faculty).toEqual(new Set(["submitted", "approved", "waitlisted"]));

    expect(new Set(statusesOf(applicationsOf(institution, "community", "mentee")))).toContain("pending_consent");
    expect(statusesOf(applicationsOf(institution, "community", "mentor"))).not.toContain("pending_consent");
  });

  it("skews interest popularity: the most popular interest is far more common than the least", () => {
    const large = generateDemoInstitution({ today: TODAY, menteesPerProgram: 1000 });
    const counts = new Map<string, number>(demoVocabulary.interests.map((interest) => [interest, 0]));
    for (const application of large.applications) {
      const interests = application.answers["interests"];
      if (Array.isArray(interests)) for (const interest of interests) counts.set(interest, (counts.get(interest) ?? 0) + 1);
    }
    const sorted = [...counts.values()].sort((a, b) => b - a);
    expect(sorted.at(-1)).toBeGreaterThan(0); // every interest shows up…
    expect(sorted[0]! / sorted.at(-1)!).toBeGreaterThan(3); // …but not uniformly
  });

  it("generates 2,000 mentees per program", () => {
    const big = generateDemoInstitution({ today: TODAY, menteesPerProgram: 2000 });
    expect(big.applications).toHaveLength(3 * (12 + 2000));
    const emails = allEmails(big);
    expect(new Set(emails).size).toBe(emails.length);
  });

  it("rejects malformed options", () => {
    expect(() => generateDemoInstitution({ today: "2026-02-30" })).toThrow(RangeError);
    expect(() => generateDemoInstitution({ today: "15/09/2026" })).toThrow(RangeError);
    expect(() => generateDemoInstitution({ today: TODAY, menteesPerProgram: -1 })).toThrow(RangeError);
    expect(() => generateDemoInstitution({ today: TODAY, mentorsPerProgram: 1.5 })).toThrow(RangeError);
  });

  it("does not disturb, and is not disturbed by, the global faker instance", async () => {
    const { faker } = await import("@faker-js/faker");
    faker.seed(99);
    const expectedNext = faker.number.int();
    faker.seed(99);
    expect(generateDemoInstitution({ today: TODAY })).toEqual(institution);
    expect(faker.number.int()).toBe(expectedNext);
  });
});
