/**
 * Tenant isolation by construction, checked on every test run:
 * - tenant-owned tables (any table with a NOT NULL tenant_id column) are queried
 *   only inside TenantData, which adds the tenant filter to everything it builds.
 *   Tables with a nullable tenant_id (the email outbox: sign-in links belong to
 *   no institution) are system tables, read per tenant through TenantData too;
 * - only the data layer (workers/app/src/data) imports the database library, so
 *   handlers and services cannot build queries of their own.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { getTableColumns, is } from "drizzle-orm";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { schema } from "@tandem/db";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const WORKER_SRC = join(ROOT, "workers/app/src");
const TENANT_DATA = "workers/app/src/data/tenant-data.ts";

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : [],
  );
}

const tenantTables = Object.entries(schema)
  .filter(([, value]) => is(value, SQLiteTable) && Object.values(getTableColumns(value)).some((column) => column.name === "tenant_id" && column.notNull))
  .map(([name]) => name);

describe("tenant data access", () => {
  it("knows the tenant-owned tables", () => {
    expect(tenantTables).toEqual(expect.arrayContaining(["programs", "applications", "memberships", "auditEvents"]));
    expect(tenantTables).not.toContain("tenants");
  });

  it("queries tenant tables only through TenantData", () => {
    const query = new RegExp(`\\.(from|update|delete|insert|innerJoin|leftJoin|rightJoin|fullJoin)\\(\\s*(?:schema\\.)?(${tenantTables.join("|")})\\b`);
    const offenders = sourceFiles(WORKER_SRC)
      .filter((file) => relative(ROOT, file) !== TENANT_DATA)
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .map((line, index) => ({ line, where: `${relative(ROOT, file)}:${index + 1}` }))
          .filter(({ line }) => query.test(line))
          .map(({ where, line }) => `${where}: ${line.trim()}`),
      );
    expect(offenders, "Use TenantData (workers/app/src/data/tenant-data.ts) for tenant-owned tables").toEqual([]);
  });

  it("keeps the database library inside the data layer", () => {
    const offenders = sourceFiles(WORKER_SRC)
      .filter((file) => !relative(WORKER_SRC, file).startsWith("data/"))
      .filter((file) => /from\s+["']drizzle-orm/.test(readFileSync(file, "utf8")))
      .map((file) => relative(ROOT, file));
    expect(offenders, "Only workers/app/src/data may import drizzle-orm").toEqual([]);
  });
});
