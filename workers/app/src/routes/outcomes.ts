/**
 * Academic outcomes (issue #7): `/api/v1/t/:slug/programs/:program/outcomes`.
 * Staff who run programs import a CSV of academic results (POST) and remove
 * them (DELETE); all staff who read reports (viewers too) read the comparison
 * of mentored and non-mentored students (GET). Coordinators reach only their
 * own programs (another program is as good as absent: 404).
 *
 * The import's body is up to 2 MB of CSV, so it is neither read nor parsed
 * before the caller is known: the params are checked first (as on every
 * route), then who is asking (`staffOf`: 401, 404, 403), then the body's size
 * (413 past `MAX_OUTCOMES_BODY_BYTES`, before any JSON is parsed), then the
 * body itself.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { describeRoute } from "hono-openapi";
import { ProgramSlugSchema } from "@tandem/programs";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { staffOf, type TenantEnv } from "../middleware/auth.js";
import { AppError } from "../errors.js";
import { jsonResponse, ProblemDetailsSchema, ref, responseSchema, validated } from "../openapi.js";
import { academicOutcomesReport, deleteAcademicOutcomes, importAcademicOutcomes, MAX_OUTCOMES_CSV_BYTES, MAX_OUTCOMES_ROWS, MAX_TERM_LENGTH } from "../services/outcomes.js";

/** The largest import body read: the 2 MB file, with room for its JSON escapes (a quote or line break takes two bytes) and the other fields. */
export const MAX_OUTCOMES_BODY_BYTES = MAX_OUTCOMES_CSV_BYTES + 256 * 1024;
const megabytes = (bytes: number) => `${Number((bytes / 1024 / 1024).toFixed(2))} MB`;
const TOO_LARGE = `The request body is larger than ${megabytes(MAX_OUTCOMES_BODY_BYTES)}, so it was not read. The CSV file may be at most ${megabytes(MAX_OUTCOMES_CSV_BYTES)} (${MAX_OUTCOMES_ROWS.toLocaleString("en-US")} rows): split it and import it in parts.`;
/** Refuses a body past the limit by its Content-Length, or while reading it: nothing larger is buffered or parsed. */
const importBodyLimit = bodyLimit({
  maxSize: MAX_OUTCOMES_BODY_BYTES,
  onError: () => {
    throw new AppError(413, "payload-too-large", TOO_LARGE, { extensions: { maxBytes: MAX_OUTCOMES_BODY_BYTES } });
  },
});

const Params = v.object({ slug: SlugSchema, program: ProgramSlugSchema });
const Term = v.pipe(
  v.string("must be a term"),
  v.trim(),
  v.minLength(1, "must not be empty; leave it out for the default"),
  v.maxLength(MAX_TERM_LENGTH, `must be at most ${MAX_TERM_LENGTH} characters`),
);
const ReadQuery = v.object({ term: v.optional(v.pipe(Term, v.description("The term to compare, as imported; default: the term imported most recently"))) });
const DeleteQuery = v.object({ term: v.optional(v.pipe(Term, v.description("Remove only this term's records; default: every term"))) });

const ImportBody = v.object({
  csv: v.pipe(
    v.string("must be the CSV file's text"),
    v.minLength(1, "is empty: choose a CSV file with a header row"),
    v.maxBytes(MAX_OUTCOMES_CSV_BYTES, "is larger than 2 MB: split the file (at most 20,000 rows each) and import it in parts"),
    v.description(
      "The file's text, at most 2 MB and 20,000 rows. A header row names the columns, in any order and case: student id (or student_id, id, student number, email), term, gpa, enrolled next term, graduated; " +
        "other columns are ignored. GPA: 0–5 or empty; yes/no columns: yes/no, y/n, true/false, 1/0 or empty. One row per student and term.",
    ),
  ),
  studentIdQuestion: v.optional(
    v.pipe(
      v.string("must be a question key"),
      v.regex(/^[a-z][a-z0-9_]{0,39}$/, "must be a question key of the mentee form, such as student_id"),
      v.description("The mentee form question whose answer is the student id; default: a question keyed student_id, if the form has one. Ids that are email addresses also match the application's email."),
    ),
  ),
});

const ImportResult = v.object({
  imported: v.pipe(v.number(), v.description("Rows written; a student's earlier record for the same term is replaced")),
  matchedToMentees: v.pipe(v.number(), v.description("Rows matched to a mentee application of this program")),
  mentored: v.pipe(v.number(), v.description("Of those, rows whose mentee has had a match (active or closed) in this program")),
  terms: v.pipe(v.array(v.string()), v.description("The file's terms, alphabetically")),
});

const Group = v.object({
  n: v.pipe(v.number(), v.description("Students in the group with a value for this outcome")),
  value: v.pipe(
    v.nullable(v.number()),
    v.description("Mean GPA (two decimals), or the share answering yes in percent (one decimal); null when n is 0, or under 5: a group that small is hidden to protect students' privacy"),
  ),
});
const Comparison = v.object({
  mentored: Group,
  nonMentored: Group,
  difference: v.pipe(v.nullable(v.number()), v.description("Mentored − non-mentored, in GPA points or percentage points; null unless both groups have at least 5 students")),
  ci: v.pipe(
    v.nullable(v.object({ low: v.number(), high: v.number() })),
    v.description("95% confidence interval of the difference (Welch's t for GPA, Newcombe's hybrid score for shares); null when a group has fewer than 5 students or there is no spread"),
  ),
  unavailableReason: v.pipe(v.nullable(v.string()), v.description("Why the interval (and perhaps the difference and a group's value) is missing, in words for the report; null when it is there")),
});
const Report = v.object({
  terms: v.pipe(v.array(v.string()), v.description("Every term with imported records, alphabetically")),
  term: v.pipe(v.nullable(v.string()), v.description("The term compared; null when nothing is imported")),
  records: v.pipe(v.number(), v.description("Students with a record in the term")),
  gpa: Comparison,
  enrolledNextTerm: Comparison,
  graduated: Comparison,
  note: v.pipe(v.string(), v.description("How to read the figures: observed differences, not effects of mentoring")),
});

const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound") } as const;

export const outcomeRoutes = new Hono<TenantEnv>()
  .get(
    "/api/v1/t/:slug/programs/:program/outcomes",
    describeRoute({
      operationId: "getAcademicOutcomes",
      tags: ["analytics"],
      summary: "Academic outcomes of mentored vs. non-mentored students in one term: sample sizes, differences and 95% confidence intervals (not causal estimates)",
      responses: { 200: jsonResponse("The comparison", Report), ...errors },
    }),
    validated("param", Params),
    validated("query", ReadQuery),
    staffOf("readReports"),
    async (c) => c.json(await academicOutcomesReport(c.var.tenantData, c.req.valid("param").program, c.req.valid("query"))),
  )
  .post(
    "/api/v1/t/:slug/programs/:program/outcomes",
    describeRoute({
      operationId: "importAcademicOutcomes",
      tags: ["analytics"],
      summary: "Import academic results from a CSV (at most 2 MB, 20,000 rows): all rows or, if any row is invalid, none, with a problem per cell",
      description:
        "Student ids are matched and stored trimmed and in lower case. Refused (400) when two rows of a term reach the same mentee, and when no row can be matched to a mentee because the mentee form has no student-id question (name it in `studentIdQuestion`). The body is read only for staff who may import, and not past about 2.25 MB (413).",
      responses: {
        200: jsonResponse("Imported", ImportResult),
        ...errors,
        413: { description: "The request body is larger than the import takes; `maxBytes` says the limit.", content: { "application/problem+json": { schema: responseSchema(ProblemDetailsSchema) } } },
      },
    }),
    validated("param", Params),
    staffOf("managePrograms"),
    importBodyLimit,
    validated("json", ImportBody),
    async (c) => c.json(await importAcademicOutcomes(c.var.tenantData, c.req.valid("param").program, c.req.valid("json"))),
  )
  .delete(
    "/api/v1/t/:slug/programs/:program/outcomes",
    describeRoute({
      operationId: "deleteAcademicOutcomes",
      tags: ["analytics"],
      summary: "Remove the program's imported academic records (of one term, if given)",
      responses: { 200: jsonResponse("Removed", v.object({ deleted: v.pipe(v.number(), v.description("Records removed")) })), ...errors },
    }),
    validated("param", Params),
    validated("query", DeleteQuery),
    staffOf("managePrograms"),
    async (c) => c.json(await deleteAcademicOutcomes(c.var.tenantData, c.req.valid("param").program, c.req.valid("query"))),
  );
