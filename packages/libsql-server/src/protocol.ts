/**
 * The Hrana-over-HTTP v2 wire format (libsql `docs/HTTP_V2_SPEC.md` and the
 * Hrana 2 structures it borrows), as valibot schemas. Every request body is
 * parsed through these before anything touches the database.
 */
import * as v from "valibot";

export const ValueSchema = v.variant("type", [
  v.object({ type: v.literal("null") }),
  v.object({ type: v.literal("integer"), value: v.pipe(v.string(), v.regex(/^-?\d+$/, "integer value must be a decimal string")) }),
  v.object({ type: v.literal("float"), value: v.number() }),
  v.object({ type: v.literal("text"), value: v.string() }),
  v.object({ type: v.literal("blob"), base64: v.string() }),
]);
export type ProtoValue = v.InferOutput<typeof ValueSchema>;

const SqlId = v.pipe(v.number(), v.integer());

export const StmtSchema = v.object({
  sql: v.nullish(v.string()),
  sql_id: v.nullish(SqlId),
  args: v.optional(v.array(ValueSchema), []),
  named_args: v.optional(v.array(v.object({ name: v.string(), value: ValueSchema })), []),
  want_rows: v.optional(v.boolean(), true),
});
export type ProtoStmt = v.InferOutput<typeof StmtSchema>;

export type ProtoBatchCond =
  | { type: "ok"; step: number }
  | { type: "error"; step: number }
  | { type: "not"; cond: ProtoBatchCond }
  | { type: "and"; conds: ProtoBatchCond[] }
  | { type: "or"; conds: ProtoBatchCond[] }
  | { type: "is_autocommit" };

const StepIndex = v.pipe(v.number(), v.integer(), v.minValue(0));
export const BatchCondSchema: v.GenericSchema<ProtoBatchCond> = v.variant("type", [
  v.object({ type: v.literal("ok"), step: StepIndex }),
  v.object({ type: v.literal("error"), step: StepIndex }),
  v.object({ type: v.literal("not"), cond: v.lazy(() => BatchCondSchema) }),
  v.object({ type: v.literal("and"), conds: v.array(v.lazy(() => BatchCondSchema)) }),
  v.object({ type: v.literal("or"), conds: v.array(v.lazy(() => BatchCondSchema)) }),
  v.object({ type: v.literal("is_autocommit") }),
]);

export const BatchSchema = v.object({
  steps: v.array(v.object({ condition: v.nullish(BatchCondSchema), stmt: StmtSchema })),
});
export type ProtoBatch = v.InferOutput<typeof BatchSchema>;

const SqlOrId = { sql: v.nullish(v.string()), sql_id: v.nullish(SqlId) };

export const StreamRequestSchema = v.variant("type", [
  v.object({ type: v.literal("close") }),
  v.object({ type: v.literal("execute"), stmt: StmtSchema }),
  v.object({ type: v.literal("batch"), batch: BatchSchema }),
  v.object({ type: v.literal("sequence"), ...SqlOrId }),
  v.object({ type: v.literal("describe"), ...SqlOrId }),
  v.object({ type: v.literal("store_sql"), sql_id: SqlId, sql: v.string() }),
  v.object({ type: v.literal("close_sql"), sql_id: SqlId }),
  v.object({ type: v.literal("get_autocommit") }),
]);
export type ProtoStreamRequest = v.InferOutput<typeof StreamRequestSchema>;

export const PipelineRequestSchema = v.object({
  baton: v.nullish(v.string()),
  requests: v.array(StreamRequestSchema),
});

export type ProtoError = { message: string; code: string };
export type ProtoCol = { name: string | null; decltype: string | null };
export type ProtoStmtResult = {
  cols: ProtoCol[];
  rows: ProtoValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
  rows_read: number;
  rows_written: number;
  query_duration_ms: number;
};
export type ProtoBatchResult = { step_results: (ProtoStmtResult | null)[]; step_errors: (ProtoError | null)[] };
export type ProtoDescribeResult = {
  params: { name: string | null }[];
  cols: { name: string; decltype: string | null }[];
  is_explain: boolean;
  is_readonly: boolean;
};
export type ProtoStreamResponse =
  | { type: "close" | "sequence" | "store_sql" | "close_sql" }
  | { type: "execute"; result: ProtoStmtResult }
  | { type: "batch"; result: ProtoBatchResult }
  | { type: "describe"; result: ProtoDescribeResult }
  | { type: "get_autocommit"; is_autocommit: boolean };
export type ProtoStreamResult = { type: "ok"; response: ProtoStreamResponse } | { type: "error"; error: ProtoError };

/** An error reported to the client as `{message, code}`. */
export class HranaError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = "HranaError";
  }
  toProto(): ProtoError {
    return { message: this.message, code: this.code };
  }
}
