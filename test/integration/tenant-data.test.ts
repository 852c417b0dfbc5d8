/** TenantData keeps every read and write inside its tenant, and writes changes with their audit rows atomically. */
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { schema } from "@tandem/db";
import { TenantData } from "../../workers/app/src/data/tenant-data.js";
import { createTenant, testDatabase } from "./factories.js";

const db = testDatabase();

async function twoTenantsWithPrograms() {
  const [a, b] = [await createTenant(), await createTenant()];
  const dataA = new TenantData(a, db, { userId: "user-a", requestId: "req-a" });
  const dataB = new TenantData(b, db);
  const programA = { id: crypto.randomUUID(), slug: "mentoring", name: "A's program", type: "peer" as const };
  const programB = { id: crypto.randomUUID(), slug: "mentoring", name: "B's program", type: "community" as const };
  await dataA.write([dataA.insert(schema.programs, programA)]);
  await dataB.write([dataB.insert(schema.programs, programB)]);
  return { dataA, dataB, programA, programB };
}

describe("TenantData", () => {
  it("reads only its own tenant's rows, even when given another tenant's id", async () => {
    const { dataA, programA, programB } = await twoTenantsWithPrograms();
    expect((await dataA.find(schema.programs)).map((p) => p.id)).toEqual([programA.id]);
    expect(await dataA.findOne(schema.programs, eq(schema.programs.id, programB.id))).toBeNull();
    expect(await dataA.count(schema.programs)).toBe(1);
  });

  it("cannot update or delete another tenant's rows", async () => {
    const { dataA, dataB, programB } = await twoTenantsWithPrograms();
    await dataA.update(schema.programs, { name: "hijacked" }, eq(schema.programs.id, programB.id));
    await dataA.delete(schema.programs, eq(schema.programs.id, programB.id));
    expect(await dataB.findOne(schema.programs, eq(schema.programs.id, programB.id))).toMatchObject({ name: "B's program" });
  });

  it("never moves a row to another tenant, whatever the caller passes", async () => {
    const { dataA, dataB, programA } = await twoTenantsWithPrograms();
    const sneaky = { name: "moved", tenantId: dataB.tenant.id } as unknown as { name: string };
    await dataA.update(schema.programs, sneaky, eq(schema.programs.id, programA.id));
    expect(await dataA.findOne(schema.programs, eq(schema.programs.id, programA.id))).toMatchObject({ name: "moved", tenantId: dataA.tenant.id });
  });

  it("writes a change and its audit row together, with actor and request", async () => {
    const { dataA, programA } = await twoTenantsWithPrograms();
    await dataA.write(
      [dataA.update(schema.programs, { name: "Renamed" }, eq(schema.programs.id, programA.id))],
      [{ action: "program.updated", entityType: "program", entityId: programA.id, before: { name: "A's program" }, after: { name: "Renamed" } }],
    );
    const [event] = await dataA.find(schema.auditEvents, eq(schema.auditEvents.entityId, programA.id));
    expect(event).toMatchObject({ actorUserId: "user-a", requestId: "req-a", action: "program.updated", before: { name: "A's program" }, after: { name: "Renamed" } });
  });

  it("writes nothing — neither change nor audit — when any statement fails", async () => {
    const { dataA, programA } = await twoTenantsWithPrograms();
    const duplicateSlug = { id: crypto.randomUUID(), slug: "mentoring", name: "Clash", type: "peer" as const };
    await expect(
      dataA.write(
        [dataA.update(schema.programs, { name: "Half-written" }, eq(schema.programs.id, programA.id)), dataA.insert(schema.programs, duplicateSlug)],
        [{ action: "program.updated", entityType: "program", entityId: programA.id }],
      ),
    ).rejects.toThrow();
    expect(await dataA.findOne(schema.programs, eq(schema.programs.id, programA.id))).toMatchObject({ name: "A's program" });
    expect(await dataA.count(schema.auditEvents, eq(schema.auditEvents.entityId, programA.id))).toBe(0);
  });
});

describe("TenantData.aggregate", () => {
  it("groups and counts only its own tenant's rows, in the joined table too", async () => {
    const { dataA, dataB, programA, programB } = await twoTenantsWithPrograms();
    const application = (programId: string, role: "mentor" | "mentee", status: "approved" | "submitted") => ({ id: crypto.randomUUID(), programId, role, status, firstName: "Ada", lastName: "Test", email: `${crypto.randomUUID()}@example.test` });
    await dataA.write([dataA.insert(schema.applications, [application(programA.id, "mentee", "approved"), application(programA.id, "mentee", "approved"), application(programA.id, "mentor", "submitted")])]);
    await dataB.write([dataB.insert(schema.applications, [application(programB.id, "mentee", "approved"), application(programB.id, "mentor", "approved")])]);

    const byRole = await dataA.aggregate(schema.applications, { role: schema.applications.role, n: count() }, undefined, { groupBy: [schema.applications.role], orderBy: [schema.applications.role] });
    expect(byRole).toEqual([{ role: "mentee", n: 2 }, { role: "mentor", n: 1 }]);
    // Even when the condition names B's program, A sees none of B's rows.
    expect(await dataA.aggregate(schema.applications, { n: count() }, eq(schema.applications.programId, programB.id))).toEqual([{ n: 0 }]);
    // A join on B's programs finds nothing for A: the joined table is limited to A too.
    const joined = await dataA.aggregate(schema.applications, { name: schema.programs.name, n: count() }, undefined, { join: { table: schema.programs, on: eq(schema.programs.id, programB.id) }, groupBy: [schema.programs.name] });
    expect(joined).toEqual([]);
    const own = await dataA.aggregate(schema.applications, { name: schema.programs.name, n: count() }, undefined, { join: { table: schema.programs, on: eq(schema.programs.id, schema.applications.programId) }, groupBy: [schema.programs.name] });
    expect(own).toEqual([{ name: "A's program", n: 3 }]);
  });
});
