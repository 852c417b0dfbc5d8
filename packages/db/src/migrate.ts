/**
 * Applies the drizzle-kit migrations in `migrations/` — the one way the schema
 * changes, used by the dev runner, the test setup and the deploy script alike.
 * Node only (reads the migration files from disk).
 */
import { fileURLToPath } from "node:url";
import { migrate } from "drizzle-orm/libsql/migrator";
import { openDatabase, type DatabaseConfig } from "./client.js";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../../migrations", import.meta.url).href);

export async function applyMigrations(config: DatabaseConfig): Promise<void> {
  const { db, client } = openDatabase({ timeoutMs: 30_000, ...config });
  try {
    await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    client.close();
  }
}
