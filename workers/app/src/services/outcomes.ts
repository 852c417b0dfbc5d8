/**
 * Academic outcomes (issue #7): an institution imports, per program, a CSV of
 * academic results (student id, term, GPA, enrolled next term, graduated),
 * and the report compares mentored students with the others.
 *
 * - Import: every row is checked first; one bad row refuses the whole file
 *   (a problem per cell, nothing written). Student ids are compared and stored
 *   trimmed and in lower case (`S123` and `s123` are one student). Each row is
 *   matched to a mentee application of the program — by the answer to a form
 *   question holding the student id, or by email when the id is an email
 *   address; two rows of one term that reach the same mentee refuse the file,
 *   and so does a file of which no row reaches a mentee when the mentee form
 *   has no student-id question to match by — and all rows are upserted (a
 *   student's term again replaces it) with one audit entry, in one batch.
 * - Report: one grouped read per term sums GPA (n, Σ, Σ²) and counts yes/no
 *   answers for the mentored and the other students; `@tandem/analytics`
 *   turns the sums into means, shares, differences and 95 % intervals.
 *   Mentored = matched to a mentee application that has a match (active or
 *   closed) in this program, decided when the report is read, so a match made
 *   after the import counts.
 */
import { and, count, eq, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { academicOutcomes, type AcademicOutcomes, type OutcomeSumsRow } from "@tandem/analytics";
import { schema } from "@tandem/db";
import { builtInFields } from "@tandem/forms";
import Papa from "papaparse";
import type { TenantData } from "../data/tenant-data.js";
import { AppError, type FieldError } from "../errors.js";
import { findProgramBySlug, formDefinitionOf, localToday, type ProgramRow } from "./forms.js";

export const MAX_OUTCOMES_CSV_BYTES = 2 * 1024 * 1024;
export const MAX_OUTCOMES_ROWS = 20_000;
export const MAX_STUDENT_ID_LENGTH = 100;
export const MAX_TERM_LENGTH = 50;
export const MAX_GPA = 5;
/** Problems listed in a refused file's `errors`; the rest are counted. */
const MAX_LISTED_ERRORS = 50;
/** Rows per INSERT: nine bound values a row keeps a statement far below SQLite's 32,766 variables. */
const ROWS_PER_STATEMENT = 500;

const { academicRecords, applications, matches } = schema;

export interface OutcomesImport {
  csv: string;
  /** The mentee form question whose answer is the student id; default: a question keyed `student_id`. */
  studentIdQuestion?: string;
}

// ── Reading the file ───────────────────────────────────────────────────────

type Field = "studentId" | "term" | "gpa" | "enrolledNextTerm" | "graduated";
const OUTCOME_FIELDS = ["gpa", "enrolledNextTerm", "graduated"] as const satisfies Field[];

/** Case, accents, spaces and punctuation removed: "Student ID", "student_id" and "StudentId" all read "studentid". */
const compact = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");

/** The headers each column may have (compacted), best first: a file with both "Student ID" and "Email" takes the id from the first. */
const HEADERS: Record<Field, string[]> = {
  studentId: ["studentid", "studentnumber", "studentno", "sid", "id", "studentemail", "email", "emailaddress"],
  term: ["term", "semester", "academicterm", "period"],
  gpa: ["gpa", "termgpa", "gradepointaverage"],
  enrolledNextTerm: ["enrollednextterm", "enrollednextsemester", "enrollednext", "enrolled", "reenrolled", "retained", "persisted"],
  graduated: ["graduated", "hasgraduated", "graduate"],
};
/** How the expected headers are named in messages. */
const HEADER_NAMES: Record<Field, string> = { studentId: "student id", term: "term", gpa: "gpa", enrolledNextTerm: "enrolled next term", graduated: "graduated" };
const EXPECTED = `student id, term, gpa, enrolled next term, graduated`;

const PARSE_PROBLEMS: Record<string, string> = {
  MissingQuotes: "has a quoted cell that is never closed, so the rest of the file was read into this row; close the quote and import again",
  InvalidQuotes: "has a stray quote after a quoted cell; a quote inside a quoted cell must be written twice (\"\")",
};

const csvError = (message: string) => AppError.validation([{ path: "body.csv", message }]);

interface Parsed {
  columnOf: Partial<Record<Field, number>>;
  width: number;
  records: { row: number; cells: string[]; problem?: string }[];
}

function parseFile(csv: string): Parsed {
  // Blank lines are parsed rather than skipped, so every row keeps the number a spreadsheet shows.
  const { data, errors } = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ""), { skipEmptyLines: false });
  const problems = new Map<number, string>();
  for (const error of errors) {
    // "Delimiter" only says a one-column file has no delimiter to detect.
    if (error.type !== "Delimiter" && error.row !== undefined && !problems.has(error.row)) problems.set(error.row, PARSE_PROBLEMS[error.code] ?? error.message);
  }
  const filled = data.map((cells, index) => ({ index, cells })).filter(({ cells }) => cells.some((cell) => cell.trim() !== ""));
  const [header, ...records] = filled;
  if (!header) throw csvError(`has no header row: the first line must name the columns (${EXPECTED})`);
  if (problems.has(header.index)) throw csvError(`has a header row that cannot be read: it ${problems.get(header.index)}`);
  if (records.length > MAX_OUTCOMES_ROWS) {
    throw csvError(`has ${records.length.toLocaleString("en-US")} rows; import at most ${MAX_OUTCOMES_ROWS.toLocaleString("en-US")} at a time by splitting the file`);
  }

  const columnOf: Partial<Record<Field, number>> = {};
  const names = header.cells.map(compact);
  for (const field of Object.keys(HEADERS) as Field[]) {
    // The column whose header is the field's best-ranked name; among equals, the first.
    let best: { column: number; rank: number } | null = null;
    names.forEach((name, column) => {
      const rank = HEADERS[field].indexOf(name);
      if (rank >= 0 && (best === null || rank < best.rank)) best = { column, rank };
    });
    if (best !== null) columnOf[field] = (best as { column: number }).column;
  }
  const missing = (["studentId", "term"] as const).filter((field) => columnOf[field] === undefined).map((field) => `"${HEADER_NAMES[field]}"`);
  if (missing.length > 0) throw csvError(`has no ${missing.join(" or ")} column; the first line must name the columns: ${EXPECTED}`);
  if (OUTCOME_FIELDS.every((field) => columnOf[field] === undefined)) throw csvError(`has no outcome column; name at least one of gpa, enrolled next term, graduated in the first line`);
  return { columnOf, width: header.cells.length, records: records.map(({ index, cells }) => ({ row: index + 1, cells, problem: problems.get(index) })) };
}

// ── Checking the rows ──────────────────────────────────────────────────────

const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["no", "n", "false", "0"]);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A GPA as typed: digits with an optional decimal point (or a decimal comma, as some spreadsheets export). */
const DECIMAL = /^-?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;

/** A student id as stored and compared: trimmed, in lower case (ids and emails alike; `S123` and `s123` are one student). */
const normaliseStudentId = (text: string) => text.trim().toLowerCase();

/** The value as typed, for a message: quoted, and shortened when long. */
const shown = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

interface CheckedRow {
  row: number;
  /** Normalised (`normaliseStudentId`); `typedId` as the file has it, for messages. */
  studentId: string;
  typedId: string;
  term: string;
  gpa: number | null;
  enrolledNextTerm: boolean | null;
  graduated: boolean | null;
}

function checkRows(parsed: Parsed): { rows: CheckedRow[]; errors: FieldError[]; invalidRows: number } {
  const errors: FieldError[] = [];
  const invalid = new Set<number>();
  const rows: CheckedRow[] = [];
  const firstRowOf = new Map<string, number>();
  const cell = (cells: string[], field: Field) => {
    const column = parsed.columnOf[field];
    return column === undefined ? "" : (cells[column] ?? "").trim();
  };

  for (const { row, cells, problem } of parsed.records) {
    const fail = (field: Field | null, message: string) => {
      errors.push({ path: field ? `rows.${row}.${field}` : `rows.${row}`, message });
      invalid.add(row);
    };
    if (problem) {
      fail(null, problem);
      continue;
    }
    const extra = cells.slice(parsed.width).filter((text) => text.trim() !== "").length;
    if (extra > 0) {
      fail(null, `has ${extra} more ${extra === 1 ? "cell" : "cells"} than the header has columns; a comma inside a cell needs quotes around the cell`);
      continue;
    }

    const studentId = normaliseStudentId(cell(cells, "studentId"));
    if (studentId === "") fail("studentId", "is empty: every row needs the student's id");
    else if (studentId.length > MAX_STUDENT_ID_LENGTH) fail("studentId", `is longer than ${MAX_STUDENT_ID_LENGTH} characters`);

    const term = cell(cells, "term").replace(/\s+/g, " ");
    if (term === "") fail("term", "is empty: every row needs the term, e.g. 2025-fall");
    else if (term.length > MAX_TERM_LENGTH) fail("term", `is longer than ${MAX_TERM_LENGTH} characters`);

    const gpaText = cell(cells, "gpa");
    let gpa: number | null = null;
    if (gpaText !== "") {
      if (!DECIMAL.test(gpaText)) fail("gpa", `${shown(gpaText)} is not a number: write the GPA from 0 to ${MAX_GPA} with a decimal point, e.g. 3.25, or leave the cell empty`);
      else {
        gpa = Number(gpaText.replace(",", "."));
        if (gpa < 0 || gpa > MAX_GPA) fail("gpa", `${shown(gpaText)} is not between 0 and ${MAX_GPA}: write the GPA on a scale up to ${MAX_GPA}, or leave the cell empty`);
      }
    }

    const yesNo = (field: "enrolledNextTerm" | "graduated"): boolean | null => {
      const text = cell(cells, field).toLowerCase();
      if (text === "") return null;
      if (YES.has(text)) return true;
      if (NO.has(text)) return false;
      fail(field, `${shown(cell(cells, field))} is not yes or no: write yes/no, y/n, true/false or 1/0, or leave the cell empty`);
      return null;
    };
    const enrolledNextTerm = yesNo("enrolledNextTerm");
    const graduated = yesNo("graduated");

    if (invalid.has(row)) continue;
    // One row per student and term: a second one is likely a stale copy, and would silently replace the first.
    const key = `${studentId}\u0000${term}`;
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      fail("studentId", `${shown(cell(cells, "studentId"))} already has a row for term ${shown(term)} (row ${first}); keep one row per student and term`);
      continue;
    }
    firstRowOf.set(key, row);
    rows.push({ row, studentId, typedId: cell(cells, "studentId"), term, gpa, enrolledNextTerm, graduated });
  }
  return { rows, errors, invalidRows: invalid.size };
}

function refuse(errors: FieldError[], invalidRows: number): AppError {
  const listed = errors.slice(0, MAX_LISTED_ERRORS);
  const rows = invalidRows === 1 ? "1 row has a problem" : `${invalidRows.toLocaleString("en-US")} rows have problems`;
  const more = errors.length > listed.length ? ` The first ${listed.length} of ${errors.length.toLocaleString("en-US")} problems are listed.` : "";
  return new AppError(400, "validation-failed", `${rows}, so nothing was imported: correct the file and import it again.${more}`, {
    errors: listed,
    extensions: { invalidRows, problems: errors.length },
  });
}

// ── Matching rows to mentees ───────────────────────────────────────────────

const matchKey = (value: unknown) => (typeof value === "string" || typeof value === "number" ? normaliseStudentId(String(value)) : "");

/** Question keys for a message: "a, b, c", the first 15. */
const keyList = (keys: readonly string[]) => `${keys.slice(0, 15).join(", ")}${keys.length > 15 ? "…" : ""}`;

/** The mentee form question holding the student id: the one asked for, else one keyed `student_id` (or `studentId`), else none; and the form's own question keys. */
async function studentIdKey(tenantData: TenantData, program: ProgramRow, asked: string | undefined): Promise<{ key: string | null; formKeys: string[] }> {
  const { definition } = await formDefinitionOf(tenantData, program, "mentee");
  const questions = [...builtInFields({ role: "mentee", guardianConsentUnderAge: program.guardianConsentUnderAge, today: localToday(tenantData.tenant.timezone) }), ...definition.questions];
  const formKeys = definition.questions.map((question) => question.key);
  if (asked === undefined) return { key: questions.find((question) => compact(question.key) === "studentid")?.key ?? null, formKeys };
  if (!questions.some((question) => question.key === asked)) {
    throw AppError.validation([{ path: "body.studentIdQuestion", message: `"${asked}" is not a question on this program's mentee form${formKeys.length ? `; its questions are ${keyList(formKeys)}` : ""}` }]);
  }
  return { key: asked, formKeys };
}

/** The program's mentee applications by student-id answer and by email, and which of them have had a match here. */
async function menteeLookup(tenantData: TenantData, program: ProgramRow, key: string | null) {
  const answer = key === null ? sql<null>`null` : sql<unknown>`json_extract(${applications.answers}, ${`$.${key}`})`;
  const [mentees, matched] = await Promise.all([
    tenantData.aggregate(applications, { id: applications.id, email: applications.email, answer }, and(eq(applications.programId, program.id), eq(applications.role, "mentee"))),
    tenantData.aggregate(matches, { mentee: matches.menteeApplicationId }, eq(matches.programId, program.id), { groupBy: [matches.menteeApplicationId] }),
  ]);
  const hadMatch = new Set(matched.map((row) => row.mentee));
  const byAnswer = new Map<string, string>();
  for (const mentee of mentees) {
    const value = matchKey(mentee.answer);
    // Two applications giving the same id: the one that was matched is the student who took part.
    if (value !== "" && (!byAnswer.has(value) || (hadMatch.has(mentee.id) && !hadMatch.has(byAnswer.get(value)!)))) byAnswer.set(value, mentee.id);
  }
  const byEmail = new Map(mentees.map((mentee) => [normaliseStudentId(mentee.email), mentee.id]));
  return {
    hadMatch,
    applicationOf: (studentId: string): string | null => byAnswer.get(matchKey(studentId)) ?? (EMAIL.test(studentId) ? (byEmail.get(normaliseStudentId(studentId)) ?? null) : null),
  };
}

// ── Import ─────────────────────────────────────────────────────────────────

const excluded = (column: SQLiteColumn) => sql.raw(`excluded."${column.name}"`);

/** Checks the whole file, then writes every row (replacing a student's earlier record of the same term) and one audit entry, in one batch. */
/**
 * Two rows of one term that reach the same mentee application (an id and an
 * email, or two ids one application gives): one student counted twice. A
 * problem on each row's student id, naming the other rows.
 */
function sameMenteeTwice(rows: readonly CheckedRow[], applicationOf: (studentId: string) => string | null): { errors: FieldError[]; invalidRows: number } {
  const rowsOf = new Map<string, CheckedRow[]>();
  for (const row of rows) {
    const application = applicationOf(row.studentId);
    if (application === null) continue;
    const key = `${application}\u0000${row.term}`;
    rowsOf.set(key, [...(rowsOf.get(key) ?? []), row]);
  }
  const errors: FieldError[] = [];
  for (const group of rowsOf.values()) {
    if (group.length < 2) continue;
    for (const row of group) {
      const others = group.filter((other) => other !== row).map((other) => `row ${other.row} (${shown(other.typedId)})`);
      const named = others.length === 1 ? others[0] : `${others.slice(0, -1).join(", ")} and ${others[others.length - 1]}`;
      errors.push({ path: `rows.${row.row}.studentId`, message: `${shown(row.typedId)} is the same mentee as ${named} for term ${shown(row.term)}; keep one row per student and term` });
    }
  }
  errors.sort((a, b) => Number(a.path.split(".")[1]) - Number(b.path.split(".")[1]));
  return { errors, invalidRows: errors.length };
}

export async function importAcademicOutcomes(tenantData: TenantData, programSlug: string, request: OutcomesImport) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const { key, formKeys } = await studentIdKey(tenantData, program, request.studentIdQuestion);
  const parsed = parseFile(request.csv);
  const { rows, errors, invalidRows } = checkRows(parsed);
  if (errors.length > 0) throw refuse(errors, invalidRows);
  if (rows.length === 0) throw csvError("has a header row but no students: add a row per student and term");

  const { hadMatch, applicationOf } = await menteeLookup(tenantData, program, key);
  const twice = sameMenteeTwice(rows, applicationOf);
  if (twice.errors.length > 0) throw refuse(twice.errors, twice.invalidRows);
  const importedAt = new Date();
  const values = rows.map((row) => ({
    programId: program.id,
    studentId: row.studentId,
    term: row.term,
    gpa: row.gpa,
    enrolledNextTerm: row.enrolledNextTerm,
    graduated: row.graduated,
    applicationId: applicationOf(row.studentId),
    importedAt,
  }));
  // Without a question holding student ids, only ids that are a mentee's email can match: if none does, every student
  // would silently count as non-mentored. Say how to name the question instead.
  if (key === null && values.every((value) => value.applicationId === null)) {
    const how = formKeys.length
      ? `name the mentee form question that holds student ids as studentIdQuestion (its questions are ${keyList(formKeys)})`
      : "add a question asking for the student id to the mentee form and name it as studentIdQuestion";
    throw AppError.validation([
      {
        path: "body.studentIdQuestion",
        message: `is needed: the mentee form has no question keyed student_id and no row's id is the email of one of this program's mentees, so every student would count as non-mentored; ${how}, or use the mentees' email addresses as their ids`,
      },
    ]);
  }
  const statements = [];
  for (let start = 0; start < values.length; start += ROWS_PER_STATEMENT) {
    statements.push(
      tenantData.insert(academicRecords, values.slice(start, start + ROWS_PER_STATEMENT)).onConflictDoUpdate({
        target: [academicRecords.tenantId, academicRecords.programId, academicRecords.studentId, academicRecords.term],
        set: {
          gpa: excluded(academicRecords.gpa),
          enrolledNextTerm: excluded(academicRecords.enrolledNextTerm),
          graduated: excluded(academicRecords.graduated),
          applicationId: excluded(academicRecords.applicationId),
          importedAt: excluded(academicRecords.importedAt),
        },
      }),
    );
  }
  const matchedToMentees = values.filter((value) => value.applicationId !== null).length;
  const mentored = values.filter((value) => value.applicationId !== null && hadMatch.has(value.applicationId)).length;
  const terms = [...new Set(values.map((value) => value.term))].sort();
  const summary = { imported: values.length, matchedToMentees, mentored, terms };
  // One batch is one transaction: every row and the audit entry, or nothing.
  await tenantData.write(statements, [{ action: "outcomes.imported", entityType: "program", entityId: program.id, after: { ...summary, studentIdQuestion: key } }]);
  return summary;
}

// ── Report ─────────────────────────────────────────────────────────────────

export interface OutcomesReport extends AcademicOutcomes {
  terms: string[];
  term: string | null;
}

/** A term that has no records, as a 400 naming the ones that do. */
function unknownTerm(term: string, terms: string[]): AppError {
  const known = terms.length === 0 ? "no academic records are imported for this program yet" : `imported terms are ${terms.slice(0, 20).map((name) => `"${name}"`).join(", ")}${terms.length > 20 ? "…" : ""}`;
  return AppError.validation([{ path: "query.term", message: `${shown(term)} has no records; ${known}` }]);
}

/** The program's terms, alphabetically, with when each was last imported. */
async function termsOf(tenantData: TenantData, program: ProgramRow) {
  return tenantData.aggregate(academicRecords, { term: academicRecords.term, lastImportedAt: sql<number>`max(${academicRecords.importedAt})` }, eq(academicRecords.programId, program.id), {
    groupBy: [academicRecords.term],
    orderBy: [academicRecords.term],
  });
}

/**
 * Mentored vs. non-mentored outcomes for one term: `term`, or by default the
 * term imported most recently (null when nothing is imported). One grouped
 * read sums each group; no record leaves the database.
 */
export async function academicOutcomesReport(tenantData: TenantData, programSlug: string, query: { term?: string } = {}): Promise<OutcomesReport> {
  const program = await findProgramBySlug(tenantData, programSlug);
  const termRows = await termsOf(tenantData, program);
  const terms = termRows.map((row) => row.term);
  if (query.term !== undefined && !terms.includes(query.term)) throw unknownTerm(query.term, terms);
  // By default the term imported last (of two imported together, the later alphabetically).
  let latest: { term: string; at: number } | null = null;
  for (const row of termRows) if (latest === null || Number(row.lastImportedAt) >= latest.at) latest = { term: row.term, at: Number(row.lastImportedAt) };
  const term = query.term ?? latest?.term ?? null;
  if (term === null) return { terms, term, ...academicOutcomes([]) };

  // A record is mentored when its mentee application has had a match in this program. The match ids are read by a
  // non-correlated subquery (evaluated once, into a lookup), bound to this institution and program like every read
  // TenantData builds: `aggregate` scopes only its own table and one inner join, and a join would count a mentee
  // rematched after an early closure twice.
  const mentoredMentees = sql`select ${matches.menteeApplicationId} from ${matches} where ${matches.tenantId} = ${tenantData.tenant.id} and ${matches.programId} = ${program.id}`;
  const mentored = sql<number>`(${academicRecords.applicationId} is not null and ${academicRecords.applicationId} in (${mentoredMentees}))`;
  const yes = (column: SQLiteColumn) => sql<number>`count(case when ${column} = 1 then 1 end)`;
  const sums = await tenantData.aggregate(
    academicRecords,
    {
      mentored,
      records: count(),
      gpaN: count(academicRecords.gpa),
      gpaSum: sql<number>`total(${academicRecords.gpa})`,
      gpaSumOfSquares: sql<number>`total(${academicRecords.gpa} * ${academicRecords.gpa})`,
      enrolledNextTermN: count(academicRecords.enrolledNextTerm),
      enrolledNextTermYes: yes(academicRecords.enrolledNextTerm),
      graduatedN: count(academicRecords.graduated),
      graduatedYes: yes(academicRecords.graduated),
    },
    and(eq(academicRecords.programId, program.id), eq(academicRecords.term, term)),
    { groupBy: [mentored] },
  );
  const rows: OutcomeSumsRow[] = sums.map((row) => ({ ...row, mentored: Number(row.mentored) === 1 }));
  return { terms, term, ...academicOutcomes(rows) };
}

/** Removes the program's imported records (of one term, if given), with an audit entry. */
export async function deleteAcademicOutcomes(tenantData: TenantData, programSlug: string, query: { term?: string } = {}) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const condition: SQL = query.term === undefined ? eq(academicRecords.programId, program.id) : and(eq(academicRecords.programId, program.id), eq(academicRecords.term, query.term))!;
  const records = await tenantData.count(academicRecords, condition);
  if (records > 0) {
    await tenantData.write([tenantData.delete(academicRecords, condition)], [
      { action: "outcomes.deleted", entityType: "program", entityId: program.id, before: { records, term: query.term ?? null }, after: null },
    ]);
  }
  return { deleted: records };
}
