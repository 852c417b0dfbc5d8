/** Importing participants from a CSV export: preview, import, re-import, and what is refused. */
import { env } from "cloudflare:workers";
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, schema } from "@tandem/db";
import { Agent, emailCount, inviteAndAccept, signUpAndSignIn } from "./agent.js";
import { EXPECTED_MAPPING, type GeneratedCsv, peerMenteeCsv } from "./fixtures/participants-csv.js";

const db = openDatabase({ url: env.LIBSQL_URL }).db;
let owner: Agent;
let slug: string;
let big: GeneratedCsv;

interface RowReport {
  row: number;
  outcome: "create" | "update" | "refuse";
  email?: string;
  errors?: { field: string; column?: string; message: string }[];
}
interface ImportResult {
  rows: number;
  report: RowReport[];
  summary: { create: number; update: number; refuse: number };
  imported: { created: number; updated: number };
}
interface Preview extends Omit<ImportResult, "imported"> {
  columns: string[];
  mapping: Record<string, string | null>;
  unmappedRequired: string[];
  questions: { key: string; required: boolean }[];
  preview: { row: number; answers: Record<string, unknown> }[];
}

const importsOf = (program: string) => `/api/v1/t/${slug}/programs/${program}/imports`;

async function menteeCount(program: string, status?: string): Promise<number> {
  const response = await owner.get(`/api/v1/t/${slug}/programs/${program}/applications?role=mentee&limit=1${status ? `&status=${status}` : ""}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { total: number }).total;
}

/** This institution's applications to `program` with these emails, read straight from the database. */
async function storedByEmail(program: string, emails: string[]) {
  const [tenant] = await db.select().from(schema.tenants).where(eq(schema.tenants.slug, slug));
  const [row] = await db.select().from(schema.programs).where(and(eq(schema.programs.tenantId, tenant.id), eq(schema.programs.slug, program)));
  const unique = [...new Set(emails)];
  const stored = [];
  // Chunks keep each query under SQLite's limit on bound values.
  for (let start = 0; start < unique.length; start += 500) {
    stored.push(...(await db.select().from(schema.applications).where(and(eq(schema.applications.programId, row.id), inArray(schema.applications.email, unique.slice(start, start + 500))))));
  }
  return stored;
}

/** Slugs start with csv- so that no other test file's program shares one (some look programs up by slug alone). */
async function createProgram(programSlug: string, extra: Record<string, unknown> = {}) {
  const created = await owner.post(`/api/v1/t/${slug}/programs`, { name: `Peers ${programSlug}`, slug: programSlug, type: "peer", guardianConsentUnderAge: 18, ...extra });
  expect(created.status).toBe(201);
}

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  // A peer program that also takes first-years under 18, so mentees give a date of birth and minors a guardian.
  await createProgram("csv-peers");
  big = peerMenteeCsv({ rows: 2_000, badEvery: 40, tag: crypto.randomUUID().slice(0, 6) });
}, 60_000);

describe("a 2,000-row export with 50 bad rows", () => {
  let mapping: Record<string, string | null>;

  it("is previewed row by row, with a suggested mapping, and nothing is written", async () => {
    expect(big.goodEmails).toHaveLength(1_950);
    expect(big.bad).toHaveLength(50);
    const response = await owner.post(`${importsOf("csv-peers")}/preview`, { role: "mentee", csv: big.csv });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Preview;

    expect(preview.mapping).toEqual(EXPECTED_MAPPING);
    mapping = preview.mapping;
    expect(preview.unmappedRequired).toEqual([]);
    expect(preview.questions.map((question) => question.key)).toEqual(expect.arrayContaining(["first_name", "email", "date_of_birth", "major", "goals"]));
    expect(preview.rows).toBe(2_000);
    expect(preview.summary).toEqual({ create: 1_950, update: 0, refuse: 50 });

    const refused = preview.report.filter((row) => row.outcome === "refuse");
    expect(refused.map((row) => row.row)).toEqual(big.bad.map((row) => row.row));
    for (const [index, expected] of big.bad.entries()) {
      expect(refused[index].errors?.map((error) => error.field), `row ${expected.row} (${expected.kind})`).toContain(expected.field);
    }
    // Rows are numbered as in a spreadsheet, and the reasons name the value and the column.
    const byKind = (kind: string) => refused[big.bad.findIndex((row) => row.kind === kind)];
    expect(big.bad[0].row).toBe(39);
    expect(byKind("unknown_major").errors).toEqual([{ field: "major", column: "Major", message: '"Astrology" must be one of the choices offered' }]);
    expect(byKind("too_many_goals").errors).toEqual([{ field: "goals", column: "Goals", message: "choose at most 3" }]);
    expect(byKind("unknown_language").errors).toEqual([{ field: "languages", column: "Languages", message: '"xx" is not a language on our list' }]);
    expect(byKind("unknown_time_slot").errors).toEqual([{ field: "availability", column: "Availability", message: '"mon_night" is not a time slot such as mon_evening' }]);
    expect(byKind("missing_first_name").errors).toEqual([{ field: "first_name", column: "First Name", message: "is required" }]);
    const duplicate = big.bad.find((row) => row.kind === "duplicate_email")!;
    const firstRow = preview.report.find((row) => row.email === duplicate.email && row.outcome === "create")!.row;
    expect(byKind("duplicate_email").errors).toEqual([{ field: "email", column: "E-mail", message: `is the same as in row ${firstRow}, which is imported instead; keep one row per person` }]);

    // Answers as they would be stored: choices by value, lists split, numbers as numbers, emails lowercased.
    expect(preview.preview).toHaveLength(20);
    expect(preview.preview[0].row).toBe(2);
    expect(preview.preview[0].answers).toMatchObject({ email: big.goodEmails[0], year: 1, goals: [expect.any(String)], languages: expect.any(Array) });
    expect(preview.preview[0].answers).not.toHaveProperty("Student ID");

    expect(await menteeCount("csv-peers")).toBe(0);
  }, 30_000);

  it("imports the 1,950 good rows together and refuses the 50 with reasons, writing none of them", async () => {
    const started = Date.now();
    const response = await owner.post(importsOf("csv-peers"), { role: "mentee", csv: big.csv, mapping });
    const elapsed = Date.now() - started;
    console.log(`csv-import: 2,000-row import (1,950 written, 50 refused) took ${elapsed} ms`);
    expect(response.status).toBe(200);
    const result = (await response.json()) as ImportResult;
    expect(result.imported).toEqual({ created: 1_950, updated: 0 });
    expect(result.summary).toEqual({ create: 1_950, update: 0, refuse: 50 });
    expect(result.report.filter((row) => row.outcome === "refuse").map((row) => row.row)).toEqual(big.bad.map((row) => row.row));

    expect(await menteeCount("csv-peers")).toBe(1_950);
    expect(await menteeCount("csv-peers", "pending_consent")).toBe(big.minorEmails.length);
    expect(big.minorEmails.length).toBeGreaterThan(0);

    // Nothing partial: no bad row left a trace, and a duplicate did not overwrite the first row.
    const stored = await storedByEmail("csv-peers", [...big.goodEmails, ...big.bad.map((row) => row.email)]);
    expect(stored).toHaveLength(1_950);
    expect(new Set(stored.map((row) => row.email))).toEqual(new Set(big.goodEmails));
    for (const row of stored) {
      expect(row.firstName).not.toBe(big.duplicateFirstNames.get(row.email));
      expect(row.statusTokenHash).toBeNull();
    }
    const sample = stored.find((row) => row.email === big.goodEmails[0])!;
    expect(sample).toMatchObject({ role: "mentee", status: "submitted", answers: expect.objectContaining({ year: 1, date_of_birth: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) }) });

    // One audit entry for the whole import; and imports email nobody.
    const audit = (await (await owner.get(`/api/v1/t/${slug}/audit?limit=5`)).json()) as { events: { action: string; after: Record<string, unknown> }[] };
    expect(audit.events.filter((event) => event.action === "applications.imported")).toEqual([
      expect.objectContaining({ after: { role: "mentee", rows: 2_000, created: 1_950, updated: 0, refused: 50 } }),
    ]);
    expect(await emailCount(big.goodEmails[0])).toBe(0);
    expect(await emailCount(big.goodEmails[1])).toBe(0);
  }, 30_000);

  it("updates instead of duplicating when the same file is imported again", async () => {
    const started = Date.now();
    const response = await owner.post(importsOf("csv-peers"), { role: "mentee", csv: big.csv, mapping });
    console.log(`csv-import: 2,000-row re-import (1,950 updated) took ${Date.now() - started} ms`);
    expect(response.status).toBe(200);
    const result = (await response.json()) as ImportResult;
    expect(result.imported).toEqual({ created: 0, updated: 1_950 });
    expect(result.summary).toEqual({ create: 0, update: 1_950, refuse: 50 });
    expect(await menteeCount("csv-peers")).toBe(1_950);
  }, 30_000);
});

describe("importing", () => {
  const header = "first_name,last_name,email,date_of_birth,major,year,goals,interests,availability,languages,bio";
  const line = (email: string, first = "Ada") => `${first},Lovelace,${email},2001-12-10,mathematics,2,study_habits,chess,mon_evening,en,Likes engines.`;
  const identity = (csv: string) => Object.fromEntries(csv.split("\n")[0].split(",").map((column) => [column, column]));

  it("suggests a mapping for messy headers and leaves unknown columns out", async () => {
    await createProgram("csv-messy");
    const csv = "\uFEFF Given name ,SURNAME,E-Mail Address,dob,Parent/Guardian email,What is your intended major?,Year of study,Student ID,Email\nAda,Lovelace,ada@example.test,2001-12-10,,Mathematics,2,S1,other@example.test\n";
    const response = await owner.post(`${importsOf("csv-messy")}/preview`, { role: "mentee", csv });
    expect(response.status).toBe(200);
    const preview = (await response.json()) as Preview;
    expect(preview.columns).toEqual(["Given name", "SURNAME", "E-Mail Address", "dob", "Parent/Guardian email", "What is your intended major?", "Year of study", "Student ID", "Email"]);
    expect(preview.mapping).toEqual({
      "Given name": "first_name",
      SURNAME: "last_name",
      "E-Mail Address": "email",
      dob: "date_of_birth",
      "Parent/Guardian email": "guardian_email",
      "What is your intended major?": "major",
      "Year of study": null,
      "Student ID": null,
      // A second email column is left for the coordinator to choose.
      Email: null,
    });
    expect(preview.unmappedRequired).toEqual(["year", "goals", "interests", "availability", "languages", "bio"]);
    expect(preview.preview[0].answers).toMatchObject({ first_name: "Ada", major: "mathematics" });
  });

  it("refuses rows whose application was already reviewed, and leaves the decision alone", async () => {
    await createProgram("csv-reviewed");
    const [decided, pending] = ["decided", "pending"].map((name) => `${name}-${crypto.randomUUID().slice(0, 6)}@example.test`);
    const first = `${header}\n${line(decided)}\n${line(pending)}\n`;
    expect((await owner.post(importsOf("csv-reviewed"), { role: "mentee", csv: first, mapping: identity(first) })).status).toBe(200);
    const list = (await (await owner.get(`/api/v1/t/${slug}/programs/csv-reviewed/applications?search=${decided}`)).json()) as { applications: { id: string }[] };
    const approved = await owner.post(`/api/v1/t/${slug}/programs/csv-reviewed/applications/decisions`, { ids: [list.applications[0].id], decision: "approved" });
    expect(approved.status).toBe(200);

    const again = `${header}\n${line(decided, "Changed")}\n${line(pending, "Changed")}\n`;
    const result = (await (await owner.post(importsOf("csv-reviewed"), { role: "mentee", csv: again, mapping: identity(again) })).json()) as ImportResult;
    expect(result.report).toEqual([
      { row: 2, outcome: "refuse", email: decided, errors: [{ field: "email", column: "email", message: "already has an application that was approved; an import does not change reviewed applications" }] },
      { row: 3, outcome: "update", email: pending },
    ]);
    const stored = await storedByEmail("csv-reviewed", [decided, pending]);
    expect(Object.fromEntries(stored.map((row) => [row.email, [row.status, row.firstName]]))).toEqual({ [decided]: ["approved", "Ada"], [pending]: ["submitted", "Changed"] });
  });

  it("numbers rows as a spreadsheet does and refuses rows it cannot read", async () => {
    await createProgram("csv-broken");
    const csv = `${header}\n${line("one@example.test")}\n\n${line("three@example.test")},extra\n"Unclosed,Lovelace,four@example.test\n${line("five@example.test")}\n`;
    const preview = (await (await owner.post(`${importsOf("csv-broken")}/preview`, { role: "mentee", csv })).json()) as Preview;
    expect(preview.report.map(({ row, outcome }) => [row, outcome])).toEqual([
      [2, "create"],
      // Row 3 is blank and skipped; the unclosed quote in row 5 swallows the rest of the file.
      [4, "refuse"],
      [5, "refuse"],
    ]);
    expect(preview.report[1].errors?.[0]).toEqual({ field: "row", message: "has 1 more cell than the header has columns; a comma inside a cell needs quotes around the cell" });
    expect(preview.report[2].errors?.[0].message).toMatch(/quoted cell is never closed/);
  });

  it("is all or nothing: when the write fails, no row of the file is stored", async () => {
    await createProgram("csv-atomic");
    // A database rule that refuses one row near the end of the file, after the earlier statements of the batch have run.
    const poison = `poison-${crypto.randomUUID().slice(0, 8)}@example.test`;
    const trigger = `refuse_${poison.replace(/\W/g, "_")}`;
    await db.run(sql.raw(`CREATE TRIGGER ${trigger} BEFORE INSERT ON applications WHEN NEW.email = '${poison}' BEGIN SELECT RAISE(ABORT, 'refused by test trigger'); END`));
    try {
      const emails = Array.from({ length: 1_200 }, (_, index) => (index === 1_150 ? poison : `atomic-${index}-${crypto.randomUUID().slice(0, 4)}@example.test`));
      const csv = `${header}\n${emails.map((email) => line(email)).join("\n")}\n`;
      const response = await owner.post(importsOf("csv-atomic"), { role: "mentee", csv, mapping: identity(csv) });
      expect(response.status).toBe(500);
      expect(await menteeCount("csv-atomic")).toBe(0);
      expect(await storedByEmail("csv-atomic", emails)).toEqual([]);
    } finally {
      await db.run(sql.raw(`DROP TRIGGER IF EXISTS ${trigger}`));
    }
    // Without the rule, the same kind of file goes in whole.
    const csv = `${header}\n${line(`fine-${crypto.randomUUID().slice(0, 6)}@example.test`)}\n`;
    expect(((await (await owner.post(importsOf("csv-atomic"), { role: "mentee", csv, mapping: identity(csv) })).json()) as ImportResult).imported).toEqual({ created: 1, updated: 0 });
  }, 30_000);

  it("refuses files and mappings it cannot use, writing nothing", async () => {
    await createProgram("csv-limits");
    const oneRow = `${header}\n${line("limits@example.test")}\n`;
    const problem = async (response: Response) => ({ status: response.status, ...((await response.json()) as { errors?: { path: string; message: string }[] }) });

    const tooManyRows = `email\n${Array.from({ length: 10_001 }, (_, index) => `r${index}@example.test`).join("\n")}\n`;
    expect(await problem(await owner.post(`${importsOf("csv-limits")}/preview`, { role: "mentee", csv: tooManyRows }))).toMatchObject({
      status: 400,
      errors: [{ path: "body.csv", message: "has 10,001 rows; import at most 10,000 at a time by splitting the file" }],
    });
    const tooLarge = `${header}\n${"x".repeat(5 * 1024 * 1024)}\n`;
    expect(await problem(await owner.post(importsOf("csv-limits"), { role: "mentee", csv: tooLarge, mapping: {} }))).toMatchObject({
      status: 400,
      errors: [{ path: "body.csv", message: "is larger than 5 MB: split the file and import it in parts" }],
    });
    expect(await problem(await owner.post(importsOf("csv-limits"), { role: "mentee", csv: oneRow }))).toMatchObject({ status: 400, errors: [{ path: "body.mapping" }] });
    expect(await problem(await owner.post(importsOf("csv-limits"), { role: "mentee", csv: oneRow, mapping: { ...identity(oneRow), Nickname: "first_name", year: "colour" } }))).toMatchObject({
      status: 400,
      errors: [
        { path: "body.mapping.year", message: '"colour" is not a question on this form' },
        { path: "body.mapping.Nickname", message: expect.stringMatching(/^is not a column of this file/) },
      ],
    });
    expect(await problem(await owner.post(importsOf("csv-limits"), { role: "mentee", csv: oneRow, mapping: { ...identity(oneRow), bio: null } }))).toMatchObject({
      status: 400,
      errors: [{ path: "body.mapping", message: "must fill every required question from a column; missing: bio" }],
    });
    expect(await menteeCount("csv-limits")).toBe(0);

    expect((await owner.post(importsOf("csv-nowhere"), { role: "mentee", csv: oneRow, mapping: identity(oneRow) })).status).toBe(404);
    await owner.post(`/api/v1/t/${slug}/programs/csv-limits/status`, { status: "closed" });
    const closed = await owner.post(importsOf("csv-limits"), { role: "mentee", csv: oneRow, mapping: identity(oneRow) });
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as { detail: string }).detail).toMatch(/is closed/);
  }, 30_000);

  it("is for staff who manage programs: a viewer gets 403", async () => {
    await createProgram("csv-staff-only");
    const csv = `${header}\n${line("viewer-try@example.test")}\n`;
    const { member: viewer } = await inviteAndAccept(owner, slug, "viewer");
    expect((await viewer.post(`${importsOf("csv-staff-only")}/preview`, { role: "mentee", csv })).status).toBe(403);
    expect((await viewer.post(importsOf("csv-staff-only"), { role: "mentee", csv, mapping: identity(csv) })).status).toBe(403);
    expect((await new Agent().post(importsOf("csv-staff-only"), { role: "mentee", csv, mapping: identity(csv) })).status).toBe(401);
    // Who may import is decided before the body is read: an oversized or malformed file from them is refused as theirs, not parsed.
    const huge = "x".repeat(6 * 1024 * 1024);
    expect((await new Agent().post(`${importsOf("csv-staff-only")}/preview`, { role: "mentee", csv: huge })).status).toBe(401);
    expect((await viewer.post(importsOf("csv-staff-only"), { role: "nobody", csv: huge, mapping: {} })).status).toBe(403);
    expect(await menteeCount("csv-staff-only")).toBe(0);
  });
});
