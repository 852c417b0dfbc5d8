/**
 * `pnpm db:migrate` — apply migrations to the database named by
 * LIBSQL_URL (and LIBSQL_AUTH_TOKEN for Turso).
 */
import { applyMigrations } from "../src/migrate.js";

const url = process.env.LIBSQL_URL;
if (!url) {
  process.stderr.write("LIBSQL_URL is not set: name the database to migrate (and LIBSQL_AUTH_TOKEN for Turso).\n");
  process.exit(2);
}
await applyMigrations({ url, authToken: process.env.LIBSQL_AUTH_TOKEN || undefined });
process.stdout.write(`Migrations applied to ${new URL(url).host}\n`);
