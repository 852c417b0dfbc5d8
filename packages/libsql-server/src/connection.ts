/**
 * One SQLite connection, owned by one Hrana stream. Executes statements,
 * batches with step conditions, and multi-statement sequences.
 *
 * The engine is synchronous, so a lock held by another stream in this same
 * process can only be released if we yield. Statements that may write first
 * wait for the process-wide `WriteLock` (never `busy_timeout`, which would
 * block the event loop and deadlock against the holder).
 */
import Database from "libsql";
import type {
  ProtoBatch,
  ProtoBatchCond,
  ProtoBatchResult,
  ProtoDescribeResult,
  ProtoError,
  ProtoStmt,
  ProtoStmtResult,
} from "./protocol.js";
import { HranaError } from "./protocol.js";
import { type SqlValue, valueFromProto, valueToProto } from "./values.js";
import type { WriteLock } from "./write-lock.js";

type Statement = ReturnType<Database.Database["prepare"]>;

export interface ConnectionOptions {
  /** How long a statement waits for another connection's write lock. */
  busyTimeoutMs: number;
  writeLock: WriteLock;
}

/** How a statement interacts with the write lock, judged from its text. */
type StatementKind = "read" | "write" | "transaction_control";

function statementKind(sql: string): StatementKind {
  const head = sql.replace(/^(\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/)+/, "").slice(0, 32).toUpperCase();
  if (/^(SELECT|VALUES|EXPLAIN)\b/.test(head)) return "read";
  // A deferred BEGIN takes no lock; BEGIN IMMEDIATE/EXCLUSIVE is a write from the start.
  if (/^BEGIN\b(?!\s+(IMMEDIATE|EXCLUSIVE))/.test(head) || /^(COMMIT|END|ROLLBACK|RELEASE|SAVEPOINT)\b/.test(head)) {
    return "transaction_control";
  }
  return "write";
}

const WRITE_OPCODES = new Set(["OpenWrite", "Insert", "Delete", "IdxInsert", "IdxDelete", "VUpdate", "CreateBtree", "Destroy", "Clear"]);

export class SqlConnection {
  readonly #db: Database.Database;
  readonly #storedSql = new Map<number, string>();
  readonly #counters: Statement;
  readonly #options: ConnectionOptions;
  #totalChanges: bigint;
  #closed = false;

  constructor(path: string, options: ConnectionOptions) {
    this.#db = new Database(path);
    this.#options = options;
    this.#db.exec("PRAGMA busy_timeout = 0; PRAGMA foreign_keys = ON;");
    this.#counters = this.#db.prepare("SELECT changes(), last_insert_rowid(), total_changes()");
    this.#counters.safeIntegers(true);
    this.#counters.raw(true);
    this.#totalChanges = this.#readCounters().total;
  }

  get isAutocommit(): boolean {
    return !this.#db.inTransaction;
  }

  storeSql(id: number, sql: string): void {
    if (this.#storedSql.has(id)) throw new HranaError(`SQL text ${id} is already stored`, "SQL_STORE_CONFLICT");
    this.#storedSql.set(id, sql);
  }

  closeSql(id: number): void {
    this.#storedSql.delete(id);
  }

  async execute(stmt: ProtoStmt): Promise<ProtoStmtResult> {
    const sql = this.#resolveSql(stmt.sql, stmt.sql_id);
    const started = performance.now();
    return this.#withWriteLockIfNeeded(statementKind(sql), () => {
      let rows: unknown[][] = [];
      let cols: ProtoStmtResult["cols"] = [];
      const params = bindParams(sql, stmt);
      if (params.length === 0 && statementKind(sql) === "transaction_control") {
        // `exec` finalizes its statement even when it fails; a prepared one would linger.
        this.#db.exec(sql);
      } else {
        const prepared = this.#db.prepare(sql);
        if (prepared.reader) {
          prepared.safeIntegers(true);
          prepared.raw(true);
          cols = prepared.columns().map((c: { name: string; type: string | null }) => ({ name: c.name, decltype: c.type }));
          rows = prepared.all(...params) as unknown[][];
        } else {
          prepared.run(...params);
        }
      }
      const counters = this.#readCounters();
      const wrote = counters.total !== this.#totalChanges;
      this.#totalChanges = counters.total;
      return {
        cols,
        rows: stmt.want_rows ? rows.map((row) => row.map(valueToProto)) : [],
        affected_row_count: wrote ? Number(counters.changes) : 0,
        last_insert_rowid: counters.lastInsertRowid.toString(),
        rows_read: rows.length,
        rows_written: wrote ? Number(counters.changes) : 0,
        query_duration_ms: performance.now() - started,
      };
    });
  }

  async batch(batch: ProtoBatch): Promise<ProtoBatchResult> {
    const results: (ProtoStmtResult | null)[] = [];
    const errors: (ProtoError | null)[] = [];
    for (const [index, step] of batch.steps.entries()) {
      const run = step.condition == null || this.#evalCond(step.condition, results, errors, index);
      if (!run) {
        results.push(null);
        errors.push(null);
        continue;
      }
      try {
        results.push(await this.execute(step.stmt));
        errors.push(null);
      } catch (error) {
        results.push(null);
        errors.push(toProtoError(error));
      }
    }
    return { step_results: results, step_errors: errors };
  }

  async sequence(sql: string | null | undefined, sqlId: number | null | undefined): Promise<void> {
    const text = this.#resolveSql(sql, sqlId);
    await this.#withWriteLockIfNeeded("write", () => this.#db.exec(text));
    this.#totalChanges = this.#readCounters().total;
  }

  describe(sql: string | null | undefined, sqlId: number | null | undefined): ProtoDescribeResult {
    const text = this.#resolveSql(sql, sqlId);
    try {
      const prepared = this.#db.prepare(text);
      const cols = prepared.reader
        ? prepared.columns().map((c: { name: string; type: string | null }) => ({ name: c.name, decltype: c.type }))
        : [];
      const isExplain = /^\s*explain\b/i.test(text);
      const plan = isExplain ? [] : (this.#db.prepare(`EXPLAIN ${text}`).raw(true).all() as unknown[][]);
      // EXPLAIN columns: addr, opcode, p1, p2, ... — a Transaction opcode with p2 ≠ 0 starts a write.
      const writes = plan.some(([, opcode, , p2]) => WRITE_OPCODES.has(String(opcode)) || (opcode === "Transaction" && Number(p2) !== 0));
      return { params: parameterNames(text).map((name) => ({ name })), cols, is_explain: isExplain, is_readonly: !writes };
    } catch (error) {
      throw asHranaError(error);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (this.#db.inTransaction) this.#db.exec("ROLLBACK");
    } finally {
      this.#db.close();
      this.#options.writeLock.release(this);
    }
  }

  #resolveSql(sql: string | null | undefined, sqlId: number | null | undefined): string {
    if (sql != null && sqlId != null) throw new HranaError("Give either sql or sql_id, not both", "PROTOCOL_ERROR");
    if (sql != null) return sql;
    if (sqlId != null) {
      const stored = this.#storedSql.get(sqlId);
      if (stored === undefined) throw new HranaError(`SQL text ${sqlId} is not stored`, "SQL_NOT_FOUND");
      return stored;
    }
    throw new HranaError("A statement needs sql or sql_id", "PROTOCOL_ERROR");
  }

  #evalCond(cond: ProtoBatchCond, results: (ProtoStmtResult | null)[], errors: (ProtoError | null)[], current: number): boolean {
    switch (cond.type) {
      case "ok":
      case "error": {
        if (cond.step >= current) throw new HranaError(`Condition refers to step ${cond.step}, which has not run before step ${current}`, "PROTOCOL_ERROR");
        return cond.type === "ok" ? results[cond.step] !== null : errors[cond.step] !== null;
      }
      case "not":
        return !this.#evalCond(cond.cond, results, errors, current);
      case "and":
        return cond.conds.every((c) => this.#evalCond(c, results, errors, current));
      case "or":
        return cond.conds.some((c) => this.#evalCond(c, results, errors, current));
      case "is_autocommit":
        return this.isAutocommit;
    }
  }

  #readCounters(): { changes: bigint; lastInsertRowid: bigint; total: bigint } {
    const [changes, lastInsertRowid, total] = this.#counters.get([]) as [bigint, bigint, bigint];
    return { changes, lastInsertRowid, total };
  }

  /**
   * Runs a statement, first waiting for the write lock when it may write. The
   * lock is kept while a transaction that wrote stays open, and released as
   * soon as the connection is back in autocommit.
   */
  async #withWriteLockIfNeeded<T>(kind: StatementKind, run: () => T): Promise<T> {
    const lock = this.#options.writeLock;
    if (kind === "write") await lock.acquire(this, this.#options.busyTimeoutMs);
    // The native binding aborts the process on a closed handle, so never reach it.
    if (this.#closed) throw new HranaError("The stream was closed", "STREAM_CLOSED");
    try {
      return run();
    } catch (error) {
      throw asHranaError(error);
    } finally {
      if (this.isAutocommit) lock.release(this);
    }
  }
}

/**
 * Hrana arguments → engine parameters. Positional `args` fill parameter indexes
 * 1, 2, …; `named_args` carry their prefix (`:a`, `@a`, `$a`). When a statement
 * mixes both, every value is placed at its SQLite parameter index.
 */
function bindParams(sql: string, stmt: ProtoStmt): unknown[] {
  const positional = stmt.args.map(valueFromProto);
  if (stmt.named_args.length === 0) return positional;
  if (positional.length === 0) {
    const named: Record<string, SqlValue> = {};
    for (const { name, value } of stmt.named_args) named[/^[:@$]/.test(name) ? name.slice(1) : name] = valueFromProto(value);
    return [named];
  }
  const byIndex: unknown[] = [...positional];
  const names = parameterNames(sql);
  for (const { name, value } of stmt.named_args) {
    const index = names.indexOf(/^[:@$]/.test(name) ? name : `:${name}`);
    if (index < 0) throw new HranaError(`The statement has no parameter named ${name}`, "ARGS_INVALID");
    byIndex[index] = valueFromProto(value);
  }
  return [byIndex.map((value) => value ?? null)];
}

/**
 * The statement's parameters by SQLite index (entry i is index i + 1): a name
 * with its prefix, or null for `?`/`?NNN`. Mirrors SQLite's numbering: `?NNN`
 * sets the index, `?` and a new name take the next one, a repeated name reuses its own.
 */
function parameterNames(sql: string): (string | null)[] {
  const names: (string | null)[] = [];
  const token = /'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|--[^\n]*|\/\*[\s\S]*?\*\/|\?(\d*)|([:@$][A-Za-z_][A-Za-z0-9_]*)/g;
  for (const match of sql.matchAll(token)) {
    const [text, number, name] = match;
    if (name !== undefined) {
      if (!names.includes(name)) names.push(name);
    } else if (text.startsWith("?")) {
      const index = number ? Number(number) : names.length + 1;
      while (names.length < index) names.push(null);
    }
  }
  return names;
}

export function asHranaError(error: unknown): HranaError {
  if (error instanceof HranaError) return error;
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  return new HranaError(message, typeof code === "string" && code.startsWith("SQLITE") ? code : "SQLITE_ERROR");
}

export function toProtoError(error: unknown): ProtoError {
  return asHranaError(error).toProto();
}
