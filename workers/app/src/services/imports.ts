/**
 * CSV import of participants, for institutions that export from their student
 * information system. Stateless: the preview and the import take the same
 * file and column mapping, and nothing is stored between them. Every row is
 * checked exactly like a form submission; the good rows are then written in
 * one atomic batch, so a bad row never blocks a good one and nothing is ever
 * half-written. No emails are sent: the institution already knows these people.
 */
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { schema } from "@tandem/db";
import { type Answers, builtInFields, type FormDefinition, LANGUAGES, needsGuardianConsent, type ParticipantRole, type Question, submissionSchema } from "@tandem/forms";
import Papa from "papaparse";
import * as v from "valibot";
import type { TenantData } from "../data/tenant-data.js";
import { AppError, type FieldError } from "../errors.js";
import { findProgramBySlug, formDefinitionOf, localToday, type ProgramRow } from "./forms.js";

export const MAX_CSV_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 10_000;
const PREVIEW_ROWS = 20;
/** Rows per INSERT: about nine bound values a row keeps a statement far below SQLite's 32,766 variables. */
const ROWS_PER_STATEMENT = 500;
/** Applications a coordinator has decided; an import never changes them. */
const REVIEWED = ["approved", "waitlisted", "rejected"] as const;

/** CSV column header → question key, or null to leave the column out. */
export type ColumnMapping = Record<string, string | null>;
export interface ImportRequest {
  role: ParticipantRole;
  csv: string;
  mapping?: ColumnMapping;
}
export interface RowError {
  /** The question key, or `row` for a problem with the row as a whole. */
  field: string;
  /** The CSV column the answer came from. */
  column?: string;
  message: string;
}
export interface RowReport {
  /** As a spreadsheet numbers it: the header is row 1, so the first data row is 2. */
  row: number;
  outcome: "create" | "update" | "refuse";
  email?: string;
  errors?: RowError[];
}
type Status = "submitted" | "pending_consent";
interface CheckedRow extends RowReport {
  /** What the row's answers would become; only for rows that pass. */
  answers?: Answers;
  /** The converted cells, for the preview of a row that fails. */
  input: Record<string, unknown>;
  status?: Status;
}

// ── Reading the file ───────────────────────────────────────────────────────

const PARSE_PROBLEMS: Record<string, string> = {
  MissingQuotes: "a quoted cell is never closed, so the rest of the file was read into this row; close the quote and import again",
  InvalidQuotes: "has a stray quote after a quoted cell; a quote inside a quoted cell must be written twice (\"\")",
};

interface ParsedFile {
  columns: string[];
  records: { row: number; cells: string[]; problem?: string }[];
}

const csvError = (message: string) => AppError.validation([{ path: "body.csv", message }]);

function parseCsv(csv: string): ParsedFile {
  // Blank lines are parsed rather than skipped so that every row keeps the number a spreadsheet shows.
  const { data, errors } = Papa.parse<string[]>(csv, { skipEmptyLines: false });
  const problems = new Map<number, string>();
  for (const error of errors) {
    // "Delimiter" only says a one-column file has no delimiter to detect; comma is right then.
    if (error.type !== "Delimiter" && error.row !== undefined && !problems.has(error.row)) problems.set(error.row, PARSE_PROBLEMS[error.code] ?? error.message);
  }
  const filled = data.map((cells, index) => ({ index, cells })).filter(({ cells }) => cells.some((cell) => cell.trim() !== ""));
  const [header, ...records] = filled;
  if (!header) throw csvError("has no header row: the first line must name the columns");
  const headerProblem = problems.get(header.index);
  if (headerProblem) throw csvError(`has a header row that cannot be read: ${headerProblem}`);
  if (records.length > MAX_IMPORT_ROWS) {
    throw csvError(`has ${records.length.toLocaleString("en-US")} rows; import at most ${MAX_IMPORT_ROWS.toLocaleString("en-US")} at a time by splitting the file`);
  }
  return {
    columns: columnNames(header.cells),
    records: records.map(({ index, cells }) => ({ row: index + 1, cells, problem: problems.get(index) })),
  };
}

/** A spreadsheet's column letter: 0 → A, 26 → AA. */
function columnLetter(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/** Trimmed headers; a blank one is named by its letter and a repeated one numbered, so each can be mapped. */
function columnNames(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, index) => {
    const name = cell.trim() || `Column ${columnLetter(index)}`;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}

// ── Columns to questions ───────────────────────────────────────────────────

/** Case, accents, spaces and punctuation removed: "E-mail", "e_mail" and "Email" all read "email". */
const compact = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");

/** What student information systems call the built-in fields, besides their keys and labels. */
const HEADER_ALIASES: Record<string, string[]> = {
  first_name: ["firstname", "givenname", "forename", "first"],
  last_name: ["lastname", "surname", "familyname", "last"],
  email: ["email", "emailaddress", "mail", "studentemail", "schoolemail"],
  date_of_birth: ["dob", "birthdate", "dateofbirth", "birthday"],
  guardian_name: ["guardian", "parentname", "guardianname", "parentguardianname", "parentorguardian"],
  guardian_email: ["parentemail", "guardianemail", "parentguardianemail"],
};

/** Each column whose header names a question (by key, label or a common alias) maps to it; the first such column wins. */
export function suggestMapping(columns: string[], questions: Question[]): ColumnMapping {
  const keyOf = new Map<string, string>();
  for (const question of questions) {
    for (const name of [question.key, question.label, ...(HEADER_ALIASES[question.key] ?? [])]) {
      if (!keyOf.has(compact(name))) keyOf.set(compact(name), question.key);
    }
  }
  const taken = new Set<string>();
  return Object.fromEntries(
    columns.map((column) => {
      const key = keyOf.get(compact(column));
      if (!key || taken.has(key)) return [column, null];
      taken.add(key);
      return [column, key];
    }),
  );
}

function checkMapping(mapping: ColumnMapping, columns: string[], questions: Question[]): ColumnMapping {
  const keys = new Set(questions.map((question) => question.key));
  const columnOf = new Map<string, string>();
  const errors: FieldError[] = [];
  const shownColumns = `${columns.slice(0, 10).map((column) => `"${column}"`).join(", ")}${columns.length > 10 ? "…" : ""}`;
  for (const [column, key] of Object.entries(mapping)) {
    const path = `body.mapping.${column}`;
    if (!columns.includes(column)) errors.push({ path, message: `is not a column of this file; its columns are ${shownColumns}` });
    else if (key === null) continue;
    else if (!keys.has(key)) errors.push({ path, message: `"${key}" is not a question on this form` });
    else if (columnOf.has(key)) errors.push({ path, message: `"${key}" is already filled from column "${columnOf.get(key)}"; fill each question from one column` });
    else columnOf.set(key, column);
  }
  if (errors.length > 0) throw AppError.validation(errors);
  return Object.fromEntries(columns.map((column) => [column, Object.hasOwn(mapping, column) ? mapping[column] : null]));
}

// ── Cells to answers ───────────────────────────────────────────────────────

type Converter = (text: string) => unknown;
const YES = new Set(["yes", "y", "true", "1", "x"]);
const NO = new Set(["no", "n", "false", "0"]);
/** Codes, names ("Spanish") and names without their note ("Persian" for "Persian (Farsi, Dari)"). */
const LANGUAGE_CODES = new Map(LANGUAGES.flatMap((language) => [language.code, language.label, language.label.split("(")[0]].map((name) => [compact(name), language.code] as const)));
/** A date some spreadsheets export with a midnight time. */
const DATE_CELL = /^(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$/;

/** Lists arrive in one cell, separated by semicolons or commas. */
const listItems = (text: string) =>
  text
    .split(/[;,]/)
    .map((item) => item.trim())
    .filter((item) => item !== "");

/** A choice by its value or its label, in any case or spacing ("Computer Science" → computer_science). */
function choiceLookup(question: Question): Converter {
  const valueOf = new Map<string, string>();
  for (const choice of question.choices ?? []) {
    for (const name of [choice.value, choice.label]) if (!valueOf.has(compact(name))) valueOf.set(compact(name), choice.value);
  }
  return (text) => valueOf.get(compact(text)) ?? text;
}

/**
 * Turns a cell's text into what a form would send for the question; what it
 * cannot make sense of is passed on as typed, so the form's own rules report it.
 */
function converterFor(question: Question): Converter {
  switch (question.type) {
    case "single_choice":
      return choiceLookup(question);
    case "multiple_choice": {
      const choice = choiceLookup(question);
      return (text) => listItems(text).map(choice);
    }
    case "languages":
      return (text) => listItems(text).map((item) => LANGUAGE_CODES.get(compact(item)) ?? item);
    case "availability":
      return (text) => listItems(text).map((item) => item.toLowerCase().replace(/[\s-]+/g, "_"));
    case "consent":
      return (text) => (YES.has(text.toLowerCase()) ? true : NO.has(text.toLowerCase()) ? false : text);
    case "date":
      return (text) => DATE_CELL.exec(text)?.[1] ?? text;
    default:
      // Text, email and phone as typed; number and scale answers parse text as a form's fields do.
      return (text) => text;
  }
}

/** Our own CSV export writes `'=…` so spreadsheets do not run formulas; a re-import takes the apostrophe off. */
const unescapeFormula = (text: string) => (/^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text);

/** An issue as a coordinator reads it in the report: the value they typed, then what is wrong with it. */
function rowError(issue: v.BaseIssue<unknown>, columnOf: Map<string, string>): RowError {
  const field = (v.getDotPath(issue) ?? "").split(".")[1] ?? "row";
  const input = issue.input;
  const shown = typeof input === "string" ? JSON.stringify(input.length > 60 ? `${input.slice(0, 60)}…` : input) : typeof input === "number" ? String(input) : null;
  const column = columnOf.get(field);
  return { field, ...(column === undefined ? {} : { column }), message: shown === null ? issue.message : `${shown} ${issue.message}` };
}

// ── Checking a file ────────────────────────────────────────────────────────

interface Prepared {
  program: ProgramRow;
  role: ParticipantRole;
  definition: FormDefinition;
  today: string;
  questions: Question[];
  columns: string[];
  mapping: ColumnMapping;
  unmappedRequired: string[];
  records: ParsedFile["records"];
}

async function prepare(tenantData: TenantData, programSlug: string, request: ImportRequest): Promise<Prepared> {
  const program = await findProgramBySlug(tenantData, programSlug);
  if (program.status === "closed") {
    throw new AppError(409, "program-closed", `${program.name} is closed, so it takes no more participants. Import into the current cohort's program instead.`, {
      extensions: { programStatus: program.status },
    });
  }
  const today = localToday(tenantData.tenant.timezone);
  const { definition } = await formDefinitionOf(tenantData, program, request.role);
  const questions = [...builtInFields({ role: request.role, guardianConsentUnderAge: program.guardianConsentUnderAge, today }), ...definition.questions];
  const { columns, records } = parseCsv(request.csv);
  const mapping = request.mapping ? checkMapping(request.mapping, columns, questions) : suggestMapping(columns, questions);
  const mapped = new Set(Object.values(mapping));
  const unmappedRequired = questions.filter((question) => question.required && !mapped.has(question.key)).map((question) => question.key);
  return { program, role: request.role, definition, today, questions, columns, mapping, unmappedRequired, records };
}

/** Every row checked like a form submission, then against the file's earlier rows and the program's applications. */
async function checkRows(tenantData: TenantData, prepared: Prepared): Promise<CheckedRow[]> {
  const { program, role, definition, today, questions, columns, mapping } = prepared;
  const policy = { guardianConsentUnderAge: program.guardianConsentUnderAge, today };
  const submission = submissionSchema(definition, { role, ...policy });
  const fields = columns.flatMap((column, index) => {
    const question = questions.find((candidate) => candidate.key === mapping[column]);
    return question ? [{ index, column, key: question.key, convert: converterFor(question) }] : [];
  });
  const columnOf = new Map(fields.map((field) => [field.key, field.column]));
  const emailField = fields.find((field) => field.key === "email");

  // One read for the whole file: the program's applications for this role, by email.
  const existing = await tenantData.find(schema.applications, and(eq(schema.applications.programId, program.id), eq(schema.applications.role, role))!);
  const statusByEmail = new Map(existing.map((application) => [application.email.toLowerCase(), application.status]));
  const firstRowOf = new Map<string, number>();

  return prepared.records.map(({ row, cells, problem }): CheckedRow => {
    const input: Record<string, unknown> = {};
    for (const field of fields) {
      const text = unescapeFormula((cells[field.index] ?? "").trim()).trim();
      if (text !== "") input[field.key] = field.convert(text);
    }
    const rawEmail = emailField ? (cells[emailField.index] ?? "").trim().toLowerCase() : "";
    const refuse = (errors: RowError[], email = rawEmail): CheckedRow => ({ row, outcome: "refuse", ...(email ? { email } : {}), errors, input });

    if (problem) return refuse([{ field: "row", message: problem }]);
    const extra = cells.slice(columns.length).filter((cell) => cell.trim() !== "").length;
    if (extra > 0) return refuse([{ field: "row", message: `has ${extra} more ${extra === 1 ? "cell" : "cells"} than the header has columns; a comma inside a cell needs quotes around the cell` }]);

    const result = v.safeParse(submission, { answers: input });
    if (!result.success) return refuse(result.issues.map((issue) => rowError(issue, columnOf)));
    const { answers } = result.output;
    const email = String(answers.email);
    const column = columnOf.get("email");
    const emailError = (message: string): RowError => ({ field: "email", ...(column === undefined ? {} : { column }), message });

    // The first good row of a person is imported; a later one is likely a stale copy.
    const first = firstRowOf.get(email);
    if (first !== undefined) return refuse([emailError(`is the same as in row ${first}, which is imported instead; keep one row per person`)], email);
    firstRowOf.set(email, row);
    const earlier = statusByEmail.get(email);
    if (earlier && (REVIEWED as readonly string[]).includes(earlier)) {
      return refuse([emailError(`already has an application that was ${earlier}; an import does not change reviewed applications`)], email);
    }
    const status: Status = needsGuardianConsent(answers, policy) ? "pending_consent" : "submitted";
    return { row, outcome: earlier ? "update" : "create", email, answers, status, input };
  });
}

const report = (rows: CheckedRow[]): RowReport[] =>
  rows.map(({ row, outcome, email, errors }) => ({ row, outcome, ...(email === undefined ? {} : { email }), ...(errors ? { errors } : {}) }));

function summary(rows: CheckedRow[]) {
  const counts = { create: 0, update: 0, refuse: 0 };
  for (const row of rows) counts[row.outcome] += 1;
  return counts;
}

/** What an import of this file would do, row by row, without writing anything. Suggests a mapping when none is given. */
export async function previewImport(tenantData: TenantData, programSlug: string, request: ImportRequest) {
  const prepared = await prepare(tenantData, programSlug, request);
  const rows = await checkRows(tenantData, prepared);
  return {
    columns: prepared.columns,
    mapping: prepared.mapping,
    unmappedRequired: prepared.unmappedRequired,
    questions: prepared.questions.map(({ key, label, required, type }) => ({ key, label, required, type })),
    rows: rows.length,
    preview: rows.slice(0, PREVIEW_ROWS).map(({ row, answers, input }) => ({ row, answers: answers ?? input })),
    report: report(rows),
    summary: summary(rows),
  };
}

const excluded = (column: SQLiteColumn) => sql.raw(`excluded."${column.name}"`);

/**
 * Imports the good rows — each one a new application, or an update of the
 * person's application to this program in this role — in one atomic batch
 * with one audit entry for the whole import; refuses the rest with reasons.
 */
export async function importParticipants(tenantData: TenantData, programSlug: string, request: Required<ImportRequest>) {
  const prepared = await prepare(tenantData, programSlug, request);
  if (prepared.unmappedRequired.length > 0) {
    throw AppError.validation([{ path: "body.mapping", message: `must fill every required question from a column; missing: ${prepared.unmappedRequired.join(", ")}` }]);
  }
  const rows = await checkRows(tenantData, prepared);
  const good = rows.filter((row) => row.outcome !== "refuse");
  const counts = summary(rows);

  if (good.length > 0) {
    const now = new Date();
    const values = good.map(({ answers, status }) => ({
      id: crypto.randomUUID(),
      programId: prepared.program.id,
      role: prepared.role,
      status: status!,
      firstName: String(answers!.first_name),
      lastName: String(answers!.last_name),
      email: String(answers!.email),
      answers: answers!,
      createdAt: now,
      updatedAt: now,
    }));
    const applications = schema.applications;
    const chunks = Array.from({ length: Math.ceil(values.length / ROWS_PER_STATEMENT) }, (_, index) => values.slice(index * ROWS_PER_STATEMENT, (index + 1) * ROWS_PER_STATEMENT));
    const statements = chunks.map((chunk) =>
        // An upsert rather than insert-or-update by the earlier read: someone applying through the form meanwhile becomes an update, not a failed batch.
        tenantData.insert(applications, chunk).onConflictDoUpdate({
          target: [applications.tenantId, applications.programId, applications.role, applications.email],
          // The applicant's status link stays as it was; the import sends no new one.
          set: { firstName: excluded(applications.firstName), lastName: excluded(applications.lastName), answers: excluded(applications.answers), status: excluded(applications.status), updatedAt: excluded(applications.updatedAt) },
          // Never overwrite a decision, even one made since the rows were checked.
          setWhere: notInArray(applications.status, [...REVIEWED]),
        }),
    );
    // One batch is one transaction: every good row, and the audit entry, or none of them.
    await tenantData.write(statements, [
      {
        action: "applications.imported",
        entityType: "program",
        entityId: prepared.program.id,
        after: { role: prepared.role, rows: rows.length, created: counts.create, updated: counts.update, refused: counts.refuse },
      },
    ]);
  }
  return { rows: rows.length, report: report(rows), summary: counts, imported: { created: counts.create, updated: counts.update } };
}
