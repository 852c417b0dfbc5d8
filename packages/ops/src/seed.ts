/**
 * Seeds the synthetic demo institution into an empty database — and only an
 * empty one, so running `pnpm dev` again keeps whatever you changed.
 * Everything is written in one batch: a seed is all there or not at all.
 */
import { count } from "drizzle-orm";
import { generateDemoInstitution } from "@tandem/demo-data";
import { type Database, schema } from "@tandem/db";

export interface SeedResult {
  seeded: boolean;
  adminEmail: string;
  tenantSlug: string;
  programs: number;
  applications: number;
}

export async function seedDemoIfEmpty(db: Database, today = new Date().toISOString().slice(0, 10)): Promise<SeedResult> {
  const demo = generateDemoInstitution({ today });
  const [{ tenants }] = await db.select({ tenants: count() }).from(schema.tenants);
  const summary = { adminEmail: demo.admin.email, tenantSlug: demo.tenant.slug, programs: demo.programs.length, applications: demo.applications.length };
  if (tenants > 0) return { seeded: false, ...summary };

  const tenantId = crypto.randomUUID();
  const adminId = crypto.randomUUID();
  const programIds = new Map(demo.programs.map((program) => [program.slug, crypto.randomUUID()]));

  await db.batch([
    db.insert(schema.tenants).values({ id: tenantId, ...demo.tenant }),
    db.insert(schema.users).values({ id: adminId, email: demo.admin.email, name: demo.admin.name }),
    db.insert(schema.memberships).values({ tenantId, userId: adminId, role: "owner" }),
    db.insert(schema.programs).values(demo.programs.map((program) => ({ id: programIds.get(program.slug)!, tenantId, ...program }))),
    db.insert(schema.applications).values(
      demo.applications.map(({ programSlug, ...application }) => ({
        id: crypto.randomUUID(),
        tenantId,
        programId: programIds.get(programSlug)!,
        ...application,
      })),
    ),
  ]);
  return { seeded: true, ...summary };
}
