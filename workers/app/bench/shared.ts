/** What the Worker's benchmarks share: seeding, a seeded random source, the machine's name, and counting database round trips. */
import { execFileSync } from "node:child_process";
import { availableParallelism } from "node:os";
import type { InStatement } from "@libsql/client";

/** A small seeded PRNG (mulberry32), so every run seeds the same rows. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** CPU model, cores and Node version, for the benchmark's report. */
export function machine(): string {
  let model = "unknown CPU";
  try {
    model = execFileSync("lscpu", { encoding: "utf8" }).match(/Model name:\s*(.+)/)?.[1]?.trim() ?? model;
  } catch {}
  return `${model}, ${availableParallelism()} cores (nproc), Node ${process.version}`;
}

/** Multi-row INSERTs of at most `rows` rows each (SQLite allows 32,766 bound values per statement). */
export function inserts(table: string, columns: string[], values: unknown[][], rows = 500): InStatement[] {
  const statements: InStatement[] = [];
  for (let start = 0; start < values.length; start += rows) {
    const chunk = values.slice(start, start + rows);
    const placeholders = chunk.map(() => `(${columns.map(() => "?").join(",")})`).join(",");
    statements.push({ sql: `INSERT INTO ${table} (${columns.join(",")}) VALUES ${placeholders}`, args: chunk.flat() as never });
  }
  return statements;
}

/**
 * Counts HTTP requests to the database from now on: each is one round trip.
 * Read the running total with the returned function.
 */
export function countDatabaseRequests(databaseUrl: string): () => number {
  let requests = 0;
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith(databaseUrl)) requests++;
    return original(input, init);
  }) as typeof fetch;
  return () => requests;
}
