/** Lookups by long id lists, for the jobs that read many rows of one institution at once. */
import { and, inArray, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { TenantData, TenantTable } from "../data/tenant-data.js";

/** Ids per statement: far under SQLite's (and Turso's) 32,766 bound values, few enough requests for thousands of ids. */
const IN_CHUNK = 1_000;

/**
 * Rows of `table` whose `column` is one of `values` (and `condition`, if
 * given): chunked under SQLite's parameter limit, the chunks read in parallel,
 * so thousands of ids cost one round of requests, not one request per id.
 */
export async function findIn<T extends TenantTable>(tenantData: TenantData, table: T, column: SQLiteColumn, values: readonly string[], condition?: SQL): Promise<T["$inferSelect"][]> {
  const unique = [...new Set(values)];
  const chunks: string[][] = [];
  for (let start = 0; start < unique.length; start += IN_CHUNK) chunks.push(unique.slice(start, start + IN_CHUNK));
  const results = await Promise.all(chunks.map((chunk) => tenantData.find(table, condition ? and(inArray(column, chunk), condition)! : inArray(column, chunk))));
  return results.flat();
}
