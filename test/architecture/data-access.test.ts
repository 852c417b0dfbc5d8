/**
 * Tenant isolation by construction, checked on every test run:
 * - tenant-owned tables (any table with a NOT NULL tenant_id column) are queried
 *   only inside TenantData, which adds the tenant filter to everything it builds.
 *   Tables with a nullable tenant_id (the email outbox: sign-in links belong to
 *   no institution) are system tables, read per tenant through TenantData too;
 * - handlers (routes/ and middleware/) never import the database library: they
 *   validate, call a service, and map its result.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { getTableColumns, is } from "drizzle-orm";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import { schema } from "@tandem/db";

const ROOT = fileURLToPath(new URL("../../", import.meta.url).href);
const WORKER_SRC = join(ROOT, "workers/app/src");
const TENANT_DATA = "workers/app/src/data/tenant-data.ts";

/** Deliberate cross-tenant reads, each narrow (a person's own rows, a hostname, or the institution ids a cron sweep must visit), with the reason. */
const ALLOWED = new Map([
  ["workers/app/src/data/users.ts", "membershipsOfUser: a signed-in person's own memberships, to list the institutions they may enter"],
  ["workers/app/src/data/domains.ts", "findTenantSlugByHostname: how a request on a custom domain finds its institution"],
  ["workers/app/src/data/introduction-sweep.ts", "matchesNeverIntroduced, matchesClosedWithoutSurveys: the hourly sweep finds matches whose introduction or closure-survey job was lost (ids only), then redoes each through TenantData"],
  ["workers/app/src/data/self-match-sweep.ts", "tenantsWithOverdueRequests: the cron's self-match sweep finds which institutions have overdue requests (ids only), then works per institution through TenantData"],
  ["workers/app/src/data/reminder-scan.ts", "tenantsWithReminderWork: the reminder cron finds which institutions have active matches, waiting self-match requests, programs starting or ending soon or required training falling due (ids only), then scans each through TenantData"],
  ["workers/app/src/data/screening-expiry.ts", "tenantsWithExpiredScreenings: the hourly sweep finds which institutions have expired background checks not yet reported (ids only), then works per institution through TenantData"],
]);

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

  // A drizzle query on a tenant table: `db.insert/update/delete(table)`, `.from(table)` or a join.
  const tables = `(?:schema\\.)?(?:${tenantTables.join("|")})\\b`;
  const query = new RegExp(`\\b(?:db|database|tx)\\s*\\.\\s*(?:insert|update|delete)\\(\\s*${tables}|\\.(?:from|innerJoin|leftJoin|rightJoin|fullJoin)\\(\\s*${tables}`);

  it("recognises a tenant query, and not TenantData's own calls", () => {
    expect(query.test("await db.select().from(schema.programs).where(x)")).toBe(true);
    expect(query.test("db.update(schema.applications).set({})")).toBe(true);
    expect(query.test(".innerJoin(schema.memberships, eq(a, b))")).toBe(true);
    expect(query.test("tenantData.insert(schema.memberships, { userId })")).toBe(false);
    expect(query.test("db.select().from(schema.tenants)")).toBe(false);
  });

  it("queries tenant tables only through TenantData", () => {
    const offenders = sourceFiles(WORKER_SRC)
      .filter((file) => relative(ROOT, file) !== TENANT_DATA && !ALLOWED.has(relative(ROOT, file)))
      .flatMap((file) =>
        readFileSync(file, "utf8")
          .split("\n")
          .map((line, index) => ({ line, where: `${relative(ROOT, file)}:${index + 1}` }))
          .filter(({ line }) => query.test(line))
          .map(({ where, line }) => `${where}: ${line.trim()}`),
      );
    expect(offenders, "Use TenantData (workers/app/src/data/tenant-data.ts) for tenant-owned tables").toEqual([]);
  });

  it("keeps the database library out of handlers", () => {
    const offenders = sourceFiles(WORKER_SRC)
      .filter((file) => /^(routes|middleware)\//.test(relative(WORKER_SRC, file)))
      .filter((file) => /from\s+["']drizzle-orm|import\s*\{[^}]*\bschema\b[^}]*\}\s*from\s*["']@tandem\/db/.test(readFileSync(file, "utf8")))
      .map((file) => relative(ROOT, file));
    expect(offenders, "Handlers call services; only services and the data layer touch the database library").toEqual([]);
  });
});
