/**
 * Academic outcomes (issue #7), in workerd: a program with five seeded pairs
 * (one closed), a mentee who was never matched and a mentor, whose
 * applications answer the mentee form's `student_id` (and `matric_no`)
 * questions; CSV imports of two terms matched by question answer and by
 * email; the figures the API gives, checked against numbers worked by hand
 * (and against SciPy); a group under 5 students hidden; student ids in any
 * case as one student; re-imports, refused files (bad cells, one mentee
 * twice, no way to find mentees, too large), removal, and who may do what —
 * before the body is read. The steps build on each other.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { schema } from "@tandem/db";
import { Agent, inviteAndAccept, signUpAndSignIn, userIdOf } from "./agent.js";
import { db, json, seedPairs, tenantIdOf } from "./fixtures/pairs.js";

let owner: Agent;
let slug: string;
let tenantId: string;
let program: string;
let programId: string;
let url: string;
/** Mentee emails: M3 is matched by email only; M2 by email in the spring file; M1's, to name M1 twice. */
const email = { m1: "", m2: "", m3: "" };

const report = async (query = "") => json<any>(await owner.get(`${url}${query}`), 200);
const importCsv = (csv: string, extra: Record<string, unknown> = {}, agent = owner) => agent.post(url, { csv, ...extra });
const errorsOf = async (response: Response) => {
  expect(response.status).toBe(400);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  return ((await response.json()) as { errors: { path: string; message: string }[] }).errors;
};
const auditActions = async () => (await db.select().from(schema.auditEvents).where(eq(schema.auditEvents.entityId, programId))).map((event) => event.action).filter((action) => action.startsWith("outcomes."));
const HIDDEN = "Groups under 5 students are hidden to protect students' privacy, so there is no difference or confidence interval.";

const FALL = (m3Email: string) =>
  [
    "Student ID,Term,GPA,Enrolled next term,Graduated,Name",
    "S001,2025-fall,3.0,yes,no,Ann",
    "S002,2025-fall,3.5,Y,no,Ben",
    `${m3Email.toUpperCase()},2025-fall,4.0,true,1,Cy`,
    "S004,2025-fall,2.0,no,no,Dee",
    "S005,2025-fall,3.0,1,0,Eve",
    "S006,2025-fall,2.5,yes,n,Fay",
    "S007,2025-fall,3.5,yes,false,Gus",
    "S008,2025-fall,,no,,Hal",
    "S013,2025-fall,3.5,yes,no,Ida",
    "s014,2025-fall,3.0,no,no,Jo",
    "S015,2025-fall,3.0,yes,no,Kim",
  ].join("\n");

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  tenantId = await tenantIdOf(slug);
  program = `outcomes-${crypto.randomUUID().slice(0, 6)}`;
  await json(await owner.post(`/api/v1/t/${slug}/programs`, { name: "Outcomes Peers", slug: program, type: "peer" }), 201);
  url = `/api/v1/t/${slug}/programs/${program}/outcomes`;
  const question = (key: string, label: string) => ({ key, type: "short_text", label, required: false });
  await json(await owner.request("PUT", `/api/v1/t/${slug}/programs/${program}/forms/mentee`, { version: 1, questions: [question("student_id", "Student ID"), question("matric_no", "Matriculation number")] }), 200);

  const matchIds = await seedPairs(tenantId, program, { count: 5, startedDaysAgo: 30, meetings: 0, reflection: "" });
  const [programRow] = await db.select().from(schema.programs).where(and(eq(schema.programs.tenantId, tenantId), eq(schema.programs.slug, program)));
  programId = programRow!.id;
  const pairs = await Promise.all(matchIds.map(async (id) => (await db.select().from(schema.matches).where(eq(schema.matches.id, id)))[0]!));
  const applicationOf = async (id: string) => (await db.select().from(schema.applications).where(eq(schema.applications.id, id)))[0]!;
  const [m1, m2, m3, m4, m5] = pairs.map((pair) => pair.menteeApplicationId);
  // M1 answers both questions; M2 gives its id in lower case, M5 in upper case (the file has it in lower); M3 none
  // (matched by email), and M3's match has closed.
  await db.update(schema.applications).set({ answers: { student_id: "S001", matric_no: "MAT-1" } }).where(eq(schema.applications.id, m1!));
  await db.update(schema.applications).set({ answers: { student_id: "s002" } }).where(eq(schema.applications.id, m2!));
  await db.update(schema.applications).set({ answers: { student_id: "S013" } }).where(eq(schema.applications.id, m4!));
  await db.update(schema.applications).set({ answers: { student_id: "S014" } }).where(eq(schema.applications.id, m5!));
  await db.update(schema.matches).set({ status: "closed", closedAt: new Date() }).where(eq(schema.matches.id, pairs[2]!.id));
  email.m1 = (await applicationOf(m1!)).email;
  email.m2 = (await applicationOf(m2!)).email;
  email.m3 = (await applicationOf(m3!)).email;
  // A mentee never matched (S004), and a mentor whose answer is S005: neither is mentored.
  await db.insert(schema.applications).values({
    id: crypto.randomUUID(), tenantId, programId, role: "mentee", status: "approved", firstName: "Una", lastName: "Matched", email: `una-${crypto.randomUUID().slice(0, 6)}@example.test`, answers: { student_id: "S004" },
  });
  await db.update(schema.applications).set({ answers: { student_id: "S005" } }).where(eq(schema.applications.id, pairs[0]!.mentorApplicationId));
}, 120_000);

describe("academic outcomes", () => {
  it("has nothing to compare before an import", async () => {
    const empty = await report();
    expect(empty).toMatchObject({ terms: [], term: null, records: 0, gpa: { mentored: { n: 0, value: null }, difference: null, ci: null } });
    expect(empty.gpa.unavailableReason).toContain("nothing to compare");
  });

  it("imports a term, matching mentees by the student_id answer and by email, and compares the groups", async () => {
    expect(await json(await importCsv(FALL(email.m3)), 200)).toEqual({ imported: 11, matchedToMentees: 6, mentored: 5, terms: ["2025-fall"] });
    // Mentored: S001, S002 (answer "s002"), M3 (by email, its match closed), S013 and s014 (answer "S014"): GPA 3.0, 3.5, 4.0,
    // 3.5, 3.0; enrolled 4 of 5; graduated 1 of 5. The others: S004 (a mentee never matched), S005 (a mentor), S006–S008 and
    // S015: GPA 2.0, 3.0, 2.5, 3.5, 3.0 (S008 has none); enrolled 4 of 6; graduated 0 of 5.
    // GPA: 3.4 − 2.8 = 0.6; s² = 0.7/4 and 1.3/4, SE² = 0.035 + 0.065 = 0.1, df = 0.01 / ((0.035² + 0.065²)/4) = 800/109 ≈ 7.34,
    // t(0.975, 7.34) = 2.3425 → 0.6 ± 0.741. Shares: Newcombe's hybrid score interval (method 10) of 4/5 − 4/6 and 1/5 − 0/5;
    // SciPy's ttest_ind(equal_var=False).confidence_interval() and the Wilson-based formula agree to the decimals shown.
    expect(await report()).toEqual({
      terms: ["2025-fall"],
      term: "2025-fall",
      records: 11,
      gpa: { mentored: { n: 5, value: 3.4 }, nonMentored: { n: 5, value: 2.8 }, difference: 0.6, ci: { low: -0.14, high: 1.34 }, unavailableReason: null },
      enrolledNextTerm: { mentored: { n: 5, value: 80 }, nonMentored: { n: 6, value: 66.7 }, difference: 13.3, ci: { low: -35.3, high: 53.5 }, unavailableReason: null },
      graduated: { mentored: { n: 5, value: 20 }, nonMentored: { n: 5, value: 0 }, difference: 20, ci: { low: -26.4, high: 62.4 }, unavailableReason: null },
      note: expect.stringContaining("not effects of mentoring"),
    });
    expect(await auditActions()).toEqual(["outcomes.imported"]);
    // Ids are stored as they are compared: trimmed, in lower case.
    const stored = await db.select().from(schema.academicRecords).where(eq(schema.academicRecords.programId, programId));
    expect(stored.map((row) => row.studentId).sort()).toEqual(["s001", "s002", "s004", "s005", "s006", "s007", "s008", "s013", "s014", "s015", email.m3.toLowerCase()].sort());
  });

  it("matches by the question the request names, and still by email; shows a group under 5 students by its size only", async () => {
    const wrong = await importCsv("student id,term,gpa\nS001,2026-spring,3.0", { studentIdQuestion: "student_number" });
    expect(await errorsOf(wrong)).toEqual([{ path: "body.studentIdQuestion", message: `"student_number" is not a question on this program's mentee form; its questions are student_id, matric_no` }]);

    // Other spellings of the headers; MAT-1 is M1's matric_no; S001 is nobody's (not a student_id lookup now); M2 by email.
    const spring = ["student_id,TERM,Gpa,enrolled_next_term,Graduated", "MAT-1,2026-spring,3.8,yes,no", `${email.m2.replace(/^./, (c) => c.toUpperCase())},2026-spring,"3,2",yes,no`, "S001,2026-spring,2.9,no,no", "S009,2026-spring,2.7,yes,yes"].join("\r\n");
    expect(await json(await importCsv(spring, { studentIdQuestion: "matric_no" }), 200)).toEqual({ imported: 4, matchedToMentees: 2, mentored: 2, terms: ["2026-spring"] });

    // The term imported last is shown by default. Two students a group: their mean GPA (3.5 and 2.8) would all but say
    // what each got, so only the sizes are shown.
    const latest = await report();
    expect(latest).toMatchObject({ terms: ["2025-fall", "2026-spring"], term: "2026-spring", records: 4 });
    expect(latest.gpa).toEqual({
      mentored: { n: 2, value: null },
      nonMentored: { n: 2, value: null },
      difference: null,
      ci: null,
      unavailableReason: `Only 2 mentored students have a GPA and only 2 non-mentored students have a GPA. ${HIDDEN}`,
    });
    expect(latest.graduated).toMatchObject({ mentored: { n: 2, value: null }, nonMentored: { n: 2, value: null }, difference: null, ci: null });
    expect((await report("?term=2025-fall")).gpa.difference).toBe(0.6);
  });

  it("replaces a student's record when the term is imported again, whatever the case of the id", async () => {
    expect(await json(await importCsv("Student ID,Term,GPA,Enrolled next term,Graduated\nS001,2025-fall,2.0,no,no"), 200)).toEqual({ imported: 1, matchedToMentees: 1, mentored: 1, terms: ["2025-fall"] });
    const fall = await report("?term=2025-fall");
    expect(fall.records).toBe(11);
    // Mentored GPA 2.0, 3.5, 4.0, 3.5, 3.0: 3.2 (Welch: (−0.59, 1.39), df ≈ 7.43); enrolled 3 of 5 vs 4 of 6.
    expect(fall.gpa).toEqual({ mentored: { n: 5, value: 3.2 }, nonMentored: { n: 5, value: 2.8 }, difference: 0.4, ci: { low: -0.59, high: 1.39 }, unavailableReason: null });
    expect(fall.enrolledNextTerm).toEqual({ mentored: { n: 5, value: 60 }, nonMentored: { n: 6, value: 66.7 }, difference: -6.7, ci: { low: -50.5, high: 39.6 }, unavailableReason: null });
    expect(fall.graduated).toMatchObject({ mentored: { n: 5, value: 20 }, difference: 20 });

    // "s001" is S001: its record is replaced, not joined by a second one (which counted the student twice).
    expect(await json(await importCsv("Student ID,Term,GPA,Enrolled next term,Graduated\ns001,2025-fall,2.0,no,no\n S015 ,2025-fall,3.0,yes,no"), 200)).toMatchObject({ imported: 2, matchedToMentees: 1, mentored: 1 });
    expect(await report("?term=2025-fall")).toEqual(fall);
  });

  it("refuses a file in which two rows of a term are the same mentee, naming the other row on each", async () => {
    const before = await report("?term=2025-fall");
    // S001 by its student_id answer and M1's email are one mentee in 2025-fall; the same mentee in another term is fine.
    const twice = ["student id,term,gpa", "S001,2025-fall,3.1", "S002,2025-fall,3.5", `${email.m1},2025-fall,3.2`, "S001,2026-spring,3.0"].join("\n");
    const refused = await importCsv(twice);
    expect(await errorsOf(refused.clone())).toEqual([
      { path: "rows.2.studentId", message: `"S001" is the same mentee as row 4 ("${email.m1}") for term "2025-fall"; keep one row per student and term` },
      { path: "rows.4.studentId", message: `"${email.m1}" is the same mentee as row 2 ("S001") for term "2025-fall"; keep one row per student and term` },
    ]);
    expect(((await refused.json()) as { detail: string }).detail).toBe("2 rows have problems, so nothing was imported: correct the file and import it again.");
    expect(await report("?term=2025-fall")).toEqual(before);
  });

  it("refuses a file with a bad row, naming each bad cell, and changes nothing", async () => {
    const before = await report("?term=2025-fall");
    const auditBefore = await auditActions();
    const bad = [
      "Student ID,Term,GPA,Enrolled next term,Graduated",
      "S001,2025-fall,5.5,yes,no",
      "S002,2025-fall,3.1,maybe,no",
      ",2025-fall,3.0,yes,no",
      "S010,,abc,yes,no",
      "",
      "S011,2025-fall,3.0,yes,no",
      "s011,2025-fall,3.1,yes,no",
      "S012,2025-fall,3.0,yes,no,extra",
    ].join("\n");
    const refused = await importCsv(bad);
    expect(refused.status).toBe(400);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await refused.json()) as { detail: string; errors: { path: string; message: string }[]; invalidRows: number };
    // Rows as a spreadsheet numbers them: the header is row 1, and the blank line is row 6.
    expect(problem.errors).toEqual([
      { path: "rows.2.gpa", message: `"5.5" is not between 0 and 5: write the GPA on a scale up to 5, or leave the cell empty` },
      { path: "rows.3.enrolledNextTerm", message: `"maybe" is not yes or no: write yes/no, y/n, true/false or 1/0, or leave the cell empty` },
      { path: "rows.4.studentId", message: "is empty: every row needs the student's id" },
      { path: "rows.5.term", message: "is empty: every row needs the term, e.g. 2025-fall" },
      { path: "rows.5.gpa", message: `"abc" is not a number: write the GPA from 0 to 5 with a decimal point, e.g. 3.25, or leave the cell empty` },
      { path: "rows.8.studentId", message: `"s011" already has a row for term "2025-fall" (row 7); keep one row per student and term` },
      { path: "rows.9", message: "has 1 more cell than the header has columns; a comma inside a cell needs quotes around the cell" },
    ]);
    expect(problem.invalidRows).toBe(6);
    expect(problem.detail).toBe("6 rows have problems, so nothing was imported: correct the file and import it again.");
    expect(await report("?term=2025-fall")).toEqual(before);
    expect(await auditActions()).toEqual(auditBefore);

    // A long list is cut at 50, and says so.
    const many = ["student id,term,gpa", ...Array.from({ length: 60 }, (_, i) => `X${i},2025-fall,nine`)].join("\n");
    const capped = (await (await importCsv(many)).json()) as { detail: string; errors: unknown[]; invalidRows: number; problems: number };
    expect(capped).toMatchObject({ invalidRows: 60, problems: 60 });
    expect(capped.errors).toHaveLength(50);
    expect(capped.detail).toContain("The first 50 of 60 problems are listed.");

    // A file without the columns it needs.
    const headless = await importCsv("name,gpa\nAnn,3.0");
    expect(((await headless.json()) as { errors: unknown[] }).errors).toEqual([
      { path: "body.csv", message: `has no "student id" or "term" column; the first line must name the columns: student id, term, gpa, enrolled next term, graduated` },
    ]);
    // Over 2 MB of CSV in a body the import still reads; and a body it does not read at all (2.8 MB as JSON).
    const overTwo = await importCsv(`student id,term,gpa\n${"x".repeat(2.1 * 1024 * 1024)}`);
    expect(await errorsOf(overTwo)).toEqual([{ path: "body.csv", message: "is larger than 2 MB: split the file (at most 20,000 rows each) and import it in parts" }]);
    const tooLarge = await importCsv(`student id,term,gpa\n${"S,T,3\n".repeat(400_000)}`);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.headers.get("content-type")).toContain("application/problem+json");
    expect(await tooLarge.json()).toMatchObject({
      status: 413,
      title: "Payload too large",
      detail: "The request body is larger than 2.25 MB, so it was not read. The CSV file may be at most 2 MB (20,000 rows): split it and import it in parts.",
      maxBytes: 2.25 * 1024 * 1024,
    });
    expect(await report("?term=2025-fall")).toEqual(before);
  });

  it("refuses a file it could match to no mentee, when the mentee form has no student-id question to match by", async () => {
    // The starter peer form asks for no student id.
    const plain = `plain-${crypto.randomUUID().slice(0, 6)}`;
    await json(await owner.post(`/api/v1/t/${slug}/programs`, { name: "Plain Peers", slug: plain, type: "peer" }), 201);
    const plainUrl = `/api/v1/t/${slug}/programs/${plain}/outcomes`;
    const refused = await owner.post(plainUrl, { csv: "student id,term,gpa\nX1,2025-fall,3.0\nX2,2025-fall,2.0" });
    expect(await errorsOf(refused)).toEqual([
      {
        path: "body.studentIdQuestion",
        message:
          "is needed: the mentee form has no question keyed student_id and no row's id is the email of one of this program's mentees, so every student would count as non-mentored; " +
          "name the mentee form question that holds student ids as studentIdQuestion (its questions are major, year, goals, interests, availability, languages, bio), or use the mentees' email addresses as their ids",
      },
    ]);
    expect(await json(await owner.get(plainUrl), 200)).toMatchObject({ terms: [], records: 0 });
    // One row that reaches a mentee by email is enough to import.
    const [plainRow] = await db.select().from(schema.programs).where(and(eq(schema.programs.tenantId, tenantId), eq(schema.programs.slug, plain)));
    const menteeEmail = `plain-${crypto.randomUUID().slice(0, 6)}@example.test`;
    await db.insert(schema.applications).values({ id: crypto.randomUUID(), tenantId, programId: plainRow!.id, role: "mentee", status: "approved", firstName: "Pat", lastName: "Plain", email: menteeEmail });
    expect(await json(await owner.post(plainUrl, { csv: `student id,term,gpa\n${menteeEmail.toUpperCase()},2025-fall,3.0\nX2,2025-fall,2.0` }), 200)).toEqual({ imported: 2, matchedToMentees: 1, mentored: 0, terms: ["2025-fall"] });
  });

  it("refuses a term that has no records", async () => {
    const unknown = await owner.get(`${url}?term=2024-fall`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { errors: unknown[] }).errors).toEqual([{ path: "query.term", message: `"2024-fall" has no records; imported terms are "2025-fall", "2026-spring"` }]);
  });

  it("is readable by viewers, who cannot import or remove records", async () => {
    const { member: viewer } = await inviteAndAccept(owner, slug, "viewer");
    expect(await json<any>(await viewer.get(`${url}?term=2025-fall`), 200)).toMatchObject({ records: 11, gpa: { difference: 0.4 } });
    expect((await importCsv(FALL(email.m3), {}, viewer)).status).toBe(403);
    expect((await viewer.delete(url)).status).toBe(403);
  });

  it("reads an import's body only for those who may import: who is asking is settled first", async () => {
    const { member: viewer } = await inviteAndAccept(owner, slug, "viewer");
    const anonymous = new Agent();
    const huge = `student id,term,gpa\n${"S,T,3\n".repeat(400_000)}`;
    // A body that is not even the right shape, or far too large: 401 for nobody, 403 for a viewer, never a 400 or 413.
    for (const body of [{ csv: 42 }, { csv: huge }]) {
      expect((await anonymous.post(url, body)).status).toBe(401);
      expect((await viewer.post(url, body)).status).toBe(403);
    }
    expect((await owner.post(url, { csv: 42 })).status).toBe(400);
  });

  it("keeps coordinators to the programs they run", async () => {
    const { member: coordinator } = await inviteAndAccept(owner, slug, "coordinator");
    expect((await coordinator.get(url)).status).toBe(404);
    expect((await importCsv(FALL(email.m3), {}, coordinator)).status).toBe(404);
    // Whatever the body: another program is as good as absent.
    expect((await coordinator.post(url, { csv: 42 })).status).toBe(404);
    expect((await coordinator.delete(url)).status).toBe(404);
    await json(await owner.request("PUT", `/api/v1/t/${slug}/programs/${program}/coordinators`, { userIds: [await userIdOf(coordinator)] }), 200);
    expect(await json<any>(await coordinator.get(url), 200)).toMatchObject({ terms: ["2025-fall", "2026-spring"] });
  });

  it("imports the largest file it takes, 20,000 rows, in one batch", async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `N${String(i).padStart(5, "0")},2099-bulk,${(i % 41) / 10},${i % 3 ? "yes" : "no"},no`);
    const started = Date.now();
    expect(await json(await importCsv(["student id,term,gpa,enrolled next term,graduated", ...rows].join("\n")), 200)).toMatchObject({ imported: 20_000, matchedToMentees: 0, mentored: 0 });
    const bulk = await report("?term=2099-bulk");
    expect(bulk).toMatchObject({ records: 20_000, gpa: { mentored: { n: 0 }, nonMentored: { n: 20_000 } }, enrolledNextTerm: { nonMentored: { n: 20_000, value: 66.7 } } });
    expect(Date.now() - started).toBeLessThan(20_000);
    const more = await importCsv(["student id,term,gpa", ...rows.map((row) => row.split(",").slice(0, 3).join(",")), "N99999,2099-bulk,3.0"].join("\n"));
    expect(((await more.json()) as { errors: unknown[] }).errors).toEqual([{ path: "body.csv", message: "has 20,001 rows; import at most 20,000 at a time by splitting the file" }]);
    expect(await json(await owner.delete(`${url}?term=2099-bulk`), 200)).toEqual({ deleted: 20_000 });
  }, 60_000);

  it("removes one term's records, then all, with an audit entry each", async () => {
    expect(await json(await owner.delete(`${url}?term=2026-spring`), 200)).toEqual({ deleted: 4 });
    expect(await report()).toMatchObject({ terms: ["2025-fall"], term: "2025-fall", records: 11 });
    expect(await json(await owner.delete(url), 200)).toEqual({ deleted: 11 });
    expect(await report()).toMatchObject({ terms: [], term: null, records: 0 });
    expect(await json(await owner.delete(url), 200)).toEqual({ deleted: 0 });
    expect(await auditActions()).toEqual(expect.arrayContaining(["outcomes.imported", "outcomes.deleted"]));
    expect((await auditActions()).filter((action) => action === "outcomes.deleted")).toHaveLength(3);
  });
});
