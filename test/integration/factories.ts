/** Test data that each test file owns: nothing depends on shared seeded rows. */
import { env } from "cloudflare:workers";
import { openDatabase, schema } from "@tandem/db";

export function testDatabase() {
  return openDatabase({ url: env.LIBSQL_URL }).db;
}

/** A tenant with a unique slug, so test files never collide. */
export async function createTenant(overrides: Partial<typeof schema.tenants.$inferInsert> = {}) {
  const suffix = crypto.randomUUID().slice(0, 8);
  const tenant = {
    id: crypto.randomUUID(),
    slug: `test-${suffix}`,
    name: `Test Institution ${suffix}`,
    kind: "university" as const,
    timezone: "Europe/Berlin",
    ...overrides,
  };
  await testDatabase().insert(schema.tenants).values(tenant);
  return tenant;
}
