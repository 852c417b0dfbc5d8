/** Importing participants from a CSV file: `/api/v1/t/:slug/programs/:program/imports…` (preview, then import). */
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import { PARTICIPANT_ROLES, QUESTION_TYPES } from "@tandem/forms";
import { ProgramSlugSchema } from "@tandem/programs";
import { SlugSchema } from "@tandem/tenancy";
import * as v from "valibot";
import { staffOf, type TenantEnv } from "../middleware/auth.js";
import { jsonResponse, ref, validated } from "../openapi.js";
import { importParticipants, MAX_CSV_BYTES, previewImport } from "../services/imports.js";

const Params = v.object({ slug: SlugSchema, program: ProgramSlugSchema });
const Mapping = v.pipe(
  v.record(v.string(), v.nullable(v.string("must be a question key, or null to leave the column out")), "must map each column header to a question key or null"),
  v.description("CSV column header → question key, or null to leave the column out."),
);
const File = {
  role: v.picklist(PARTICIPANT_ROLES, "must be mentor or mentee"),
  csv: v.pipe(
    v.string("must be the CSV file's text"),
    v.minLength(1, "is empty: choose a CSV file with a header row"),
    v.maxBytes(MAX_CSV_BYTES, "is larger than 5 MB: split the file and import it in parts"),
    v.description("The file's text, with a header row; at most 5 MB and 10,000 rows."),
  ),
};

const Outcome = v.picklist(["create", "update", "refuse"]);
const RowReport = v.object({
  row: v.pipe(v.number(), v.description("As a spreadsheet numbers it: the header is row 1, the first data row 2.")),
  outcome: Outcome,
  email: v.optional(v.string()),
  errors: v.optional(v.array(v.object({ field: v.pipe(v.string(), v.description("A question key, or `row`.")), column: v.optional(v.string()), message: v.string() }))),
});
const Counts = { report: v.array(RowReport), summary: v.object({ create: v.number(), update: v.number(), refuse: v.number() }) };
const errors = { 400: ref("ValidationFailed"), 401: ref("Unauthorized"), 403: ref("Forbidden"), 404: ref("NotFound"), 409: ref("Conflict") } as const;

export const importRoutes = new Hono<TenantEnv>()
  .post(
    "/api/v1/t/:slug/programs/:program/imports/preview",
    describeRoute({
      operationId: "previewParticipantImport",
      tags: ["programs"],
      summary: "Check a CSV of participants row by row, suggesting a column mapping if none is given; writes nothing",
      responses: {
        200: jsonResponse(
          "What the import would do",
          v.object({
            columns: v.array(v.string()),
            mapping: v.record(v.string(), v.nullable(v.string())),
            unmappedRequired: v.pipe(v.array(v.string()), v.description("Required questions no column fills yet; the import refuses such a mapping.")),
            questions: v.array(v.object({ key: v.string(), label: v.string(), required: v.boolean(), type: v.picklist(QUESTION_TYPES) })),
            rows: v.number(),
            preview: v.array(v.object({ row: v.number(), answers: v.record(v.string(), v.unknown()) })),
            ...Counts,
          }),
        ),
        ...errors,
      },
    }),
    validated("param", Params),
    // Who may import is checked before a body of up to 5 MB is parsed.
    staffOf("managePrograms"),
    validated("json", v.object({ ...File, mapping: v.optional(Mapping) })),
    async (c) => c.json(await previewImport(c.var.tenantData, c.req.valid("param").program, c.req.valid("json"))),
  )
  .post(
    "/api/v1/t/:slug/programs/:program/imports",
    describeRoute({
      operationId: "importParticipants",
      tags: ["programs"],
      summary: "Import a CSV of participants: good rows are created or updated together, bad rows refused with reasons; sends no emails",
      responses: { 200: jsonResponse("Imported", v.object({ rows: v.number(), ...Counts, imported: v.object({ created: v.number(), updated: v.number() }) })), ...errors },
    }),
    validated("param", Params),
    staffOf("managePrograms"),
    validated("json", v.object({ ...File, mapping: Mapping })),
    async (c) => c.json(await importParticipants(c.var.tenantData, c.req.valid("param").program, c.req.valid("json"))),
  );
