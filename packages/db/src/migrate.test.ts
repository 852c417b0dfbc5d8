/**
 * Data migrations, on a real libSQL database (our local server over the libSQL
 * engine): the schema as it was before one, some rows, then the migration, as a
 * deployed database would meet it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate } from "drizzle-orm/libsql/migrator";
import { startLibsqlServer } from "@tandem/libsql-server";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client.js";
import { applyMigrations, MIGRATIONS_FOLDER } from "./migrate.js";

const workdir = mkdtempSync(join(tmpdir(), "tandem-migrate-"));
afterAll(() => rmSync(workdir, { recursive: true, force: true }));

/** A copy of the migrations folder that ends just before `tag`. */
function migrationsBefore(tag: string): string {
  const folder = join(workdir, `before-${tag}`);
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((entry) => entry.tag === tag);
  expect(at, `migration ${tag}`).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return folder;
}

describe("0008_closure_survey_backfill", () => {
  it("records the closure survey of earlier closures from the job ledger, or as sent once the ledger no longer knows", async () => {
    const server = await startLibsqlServer({ db: ":memory:" });
    const url = server.url;
    const { db, client } = openDatabase({ url });
    try {
      await migrate(db, { migrationsFolder: migrationsBefore("0008_closure_survey_backfill") });
      const now = Date.now();
      const day = 86_400_000;
      await client.executeMultiple(`
        INSERT INTO tenants (id, slug, name, kind, timezone) VALUES ('t1', 'backfill', 'Backfill', 'community', 'UTC');
        INSERT INTO programs (id, tenant_id, slug, name, type, status) VALUES ('p1', 't1', 'youth', 'Youth', 'community', 'active');
      `);
      const people = ["a-mentor", "a-mentee", "b-mentor", "b-mentee", "c-mentor", "c-mentee", "d-mentor", "d-mentee"];
      for (const id of people) {
        await client.execute({
          sql: "INSERT INTO applications (id, tenant_id, program_id, role, status, email, first_name, last_name) VALUES (?, 't1', 'p1', ?, 'approved', ?, 'X', 'Y')",
          args: [id, id.endsWith("mentor") ? "mentor" : "mentee", `${id}@example.test`],
        });
      }
      // a: closed 3 days ago, both sends in the ledger; b: closed 3 days ago, one send so far;
      // c: closed 60 days ago (the ledger pruned); d: still active.
      const matches = [
        { id: "a", status: "closed", closedAt: now - 3 * day },
        { id: "b", status: "closed", closedAt: now - 3 * day },
        { id: "c", status: "closed", closedAt: now - 60 * day },
        { id: "d", status: "active", closedAt: null },
      ];
      for (const match of matches) {
        await client.execute({
          sql: "INSERT INTO matches (id, tenant_id, program_id, mentor_application_id, mentee_application_id, status, source, score, started_at, closed_at) VALUES (?, 't1', 'p1', ?, ?, ?, 'matching_run', 0.9, ?, ?)",
          args: [match.id, `${match.id}-mentor`, `${match.id}-mentee`, match.status, now - 90 * day, match.closedAt],
        });
        await client.execute({ sql: "INSERT INTO match_relationships (tenant_id, match_id) VALUES ('t1', ?)", args: [match.id] });
      }
      const sentA = now - 3 * day + 60_000;
      await client.execute({
        sql: "INSERT INTO processed_jobs (idempotency_key, kind, processed_at) VALUES ('match.closed:t1:a:mentor', 'match.closed', ?), ('match.closed:t1:a:mentee', 'match.closed', ?), ('match.closed:t1:b:mentor', 'match.closed', ?)",
        args: [sentA - 1000, sentA, sentA],
      });

      await applyMigrations({ url });
      const rows = await client.execute("SELECT match_id, closure_survey_sent_at FROM match_relationships ORDER BY match_id");
      expect(Object.fromEntries(rows.rows.map((row) => [row.match_id, row.closure_survey_sent_at]))).toEqual({ a: sentA, b: null, c: now - 60 * day, d: null });
    } finally {
      client.close();
      await server.close();
    }
  });
});
