/**
 * The only way to touch tenant-owned rows. A `TenantData` is bound to one
 * tenant when the request's tenant is resolved, and every read, update and
 * delete it builds carries `tenant_id = <that tenant>`; inserts get the
 * tenant id filled in. There is no method that takes a tenant id from the
 * caller, so a handler cannot reach another tenant's rows by mistake — and
 * test/architecture checks that nothing else queries a tenant table.
 */
import { and, count, eq, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { SelectResultFields } from "drizzle-orm/query-builders/select.types";
import type { SQLiteColumn, SQLiteSelect, SQLiteTable } from "drizzle-orm/sqlite-core";
import { type Database, schema } from "@tandem/db";

/** Any table whose rows belong to one tenant. */
export type TenantTable = SQLiteTable & { tenantId: SQLiteColumn };
type Row<T extends TenantTable> = T["$inferSelect"];
/** What a caller supplies for a new row: everything but the tenant. */
export type TenantInsert<T extends TenantTable> = Omit<T["$inferInsert"], "tenantId">;

export interface TenantRef {
  id: string;
  slug: string;
  name: string;
  kind: (typeof schema.TENANT_KINDS)[number];
  timezone: string;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface FindOptions {
  orderBy?: (SQLiteColumn | SQL)[];
  limit?: number;
  offset?: number;
}

/** What an `aggregate` reads: columns of the tables involved and SQL expressions (`count()`, `avg(…)`, `max(…)`, …). */
export type AggregateFields = Record<string, SQLiteColumn | SQL | SQL.Aliased>;

export interface AggregateOptions {
  /** A second tenant table, inner-joined `on` this condition; its rows are limited to this tenant too. */
  join?: { table: TenantTable; on: SQL };
  groupBy?: (SQLiteColumn | SQL)[];
  orderBy?: (SQLiteColumn | SQL)[];
}

export class TenantData {
  private inTransaction = false;

  constructor(
    readonly tenant: TenantRef,
    /** For reads of global tables (users) next to tenant reads; tenant tables go through the methods below. */
    readonly db: Database,
    /** Who is acting (a user id), and the request, for the audit log. */
    private readonly actor: { userId: string | null; requestId: string | null } = { userId: null, requestId: null },
  ) {}

  /** `tenant_id = this tenant`, and `condition` if given. */
  private scope(table: TenantTable, condition?: SQL): SQL {
    const own = eq(table.tenantId, this.tenant.id);
    return condition ? (and(own, condition) as SQL) : own;
  }

  async find<T extends TenantTable>(table: T, condition?: SQL, options: FindOptions = {}): Promise<Row<T>[]> {
    let query = this.db
      .select()
      .from(table as SQLiteTable)
      .where(this.scope(table, condition))
      .$dynamic();
    if (options.orderBy?.length) query = query.orderBy(...options.orderBy);
    if (options.limit !== undefined) query = query.limit(options.limit);
    if (options.offset !== undefined) query = query.offset(options.offset);
    return (await query) as Row<T>[];
  }

  async findOne<T extends TenantTable>(table: T, condition: SQL): Promise<Row<T> | null> {
    const [row] = await this.find(table, condition, { limit: 1 });
    return row ?? null;
  }

  async count<T extends TenantTable>(table: T, condition?: SQL): Promise<number> {
    const [result] = await this.db.select({ n: count() }).from(table as SQLiteTable).where(this.scope(table, condition));
    return result?.n ?? 0;
  }

  /**
   * A grouped read (`SELECT fields … WHERE tenant AND condition GROUP BY …`)
   * for reports: the database counts, sums and averages, and only the groups
   * come back. Both the table and an optional joined table are limited to
   * this tenant, as in `find`.
   */
  async aggregate<T extends TenantTable, F extends AggregateFields>(table: T, fields: F, condition?: SQL, options: AggregateOptions = {}): Promise<SelectResultFields<F>[]> {
    // One loosely typed builder (the join changes drizzle's row type); the result type comes from `fields`.
    let query = this.db
      .select(fields as AggregateFields)
      .from(table as SQLiteTable)
      .$dynamic() as unknown as SQLiteSelect;
    if (options.join) query = query.innerJoin(options.join.table as SQLiteTable, and(options.join.on, eq(options.join.table.tenantId, this.tenant.id)));
    query = query.where(this.scope(table, condition));
    if (options.groupBy?.length) query = query.groupBy(...options.groupBy);
    if (options.orderBy?.length) query = query.orderBy(...options.orderBy);
    return (await query) as SelectResultFields<F>[];
  }

  insert<T extends TenantTable>(table: T, values: TenantInsert<T> | TenantInsert<T>[]) {
    const rows = (Array.isArray(values) ? values : [values]).map((row) => ({ ...row, tenantId: this.tenant.id }));
    return this.db.insert(table).values(rows as T["$inferInsert"][]);
  }

  update<T extends TenantTable>(table: T, set: Partial<TenantInsert<T>>, condition: SQL) {
    // Never let an update move a row to another tenant.
    const { tenantId: _ignored, ...safeSet } = set as Partial<T["$inferInsert"]> & { tenantId?: unknown };
    return this.db.update(table).set(safeSet as Partial<T["$inferInsert"]>).where(this.scope(table, condition));
  }

  delete<T extends TenantTable>(table: T, condition: SQL) {
    return this.db.delete(table).where(this.scope(table, condition));
  }

  /** The institution's own row (name, time zone, branding, embed settings). */
  async settings() {
    const [row] = await this.db.select().from(schema.tenants).where(eq(schema.tenants.id, this.tenant.id)).limit(1);
    return row;
  }

  /** An update of the institution's own row, and nobody else's. */
  updateSettings(set: Partial<Omit<typeof schema.tenants.$inferInsert, "id" | "slug" | "createdAt">>) {
    const { id: _id, slug: _slug, ...safeSet } = set as Partial<typeof schema.tenants.$inferInsert>;
    return this.db.update(schema.tenants).set(safeSet).where(eq(schema.tenants.id, this.tenant.id));
  }

  /** The audit row for a change, to write in the same batch as the change. */
  auditEntry(entry: AuditEntry) {
    return this.insert(schema.auditEvents, {
      id: crypto.randomUUID(),
      actorUserId: this.actor.userId,
      requestId: this.actor.requestId,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      before: entry.before ?? null,
      after: entry.after ?? null,
    });
  }

  /**
   * Writes the statements and their audit rows atomically: all of it, or none.
   * Returns each statement's result in order (rows, for statements with `returning`).
   */
  async write(statements: BatchItem<"sqlite">[], audit: AuditEntry[] = []): Promise<unknown[]> {
    const all = [...statements, ...audit.map((entry) => this.auditEntry(entry))];
    if (all.length === 0) return [];
    // Inside a transaction the statements are already bound to it; run them in order.
    if (this.inTransaction) {
      const results: unknown[] = [];
      for (const statement of all) results.push(await statement);
      return results;
    }
    return (await this.db.batch(all as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown[];
  }

  /**
   * Runs `work` in one interactive write transaction, for a write that depends
   * on what is read first (check, then change). Keep it short: writers queue behind it.
   */
  async transaction<T>(work: (data: TenantData) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) => {
      const scoped = new TenantData(this.tenant, tx as unknown as Database, this.actor);
      scoped.inTransaction = true;
      return work(scoped);
    }, { behavior: "immediate" });
  }
}
