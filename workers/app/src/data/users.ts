/** People who can sign in (global), and which institutions a person belongs to. */
import { eq, inArray } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";

export interface UserSummary {
  id: string;
  email: string;
  name: string;
}

const userColumns = { id: schema.users.id, email: schema.users.email, name: schema.users.name };

export async function findUserByEmail(db: Database, email: string): Promise<UserSummary | null> {
  const [user] = await db.select(userColumns).from(schema.users).where(eq(schema.users.email, email)).limit(1);
  return user ?? null;
}

export async function findUsersByIds(db: Database, ids: string[]): Promise<UserSummary[]> {
  if (ids.length === 0) return [];
  return db.select(userColumns).from(schema.users).where(inArray(schema.users.id, ids));
}

export function insertUser(db: Database, user: { id: string; email: string; name: string }) {
  return db.insert(schema.users).values(user);
}

export function updateUserName(db: Database, id: string, name: string) {
  return db.update(schema.users).set({ name, updatedAt: new Date() }).where(eq(schema.users.id, id));
}

/**
 * The institutions a person is staff of. Keyed by the person, not by a tenant:
 * it answers "where may I go?" after sign-in, and returns only their own memberships.
 */
export async function membershipsOfUser(db: Database, userId: string) {
  return db
    .select({ slug: schema.tenants.slug, name: schema.tenants.name, role: schema.memberships.role })
    .from(schema.memberships)
    .innerJoin(schema.tenants, eq(schema.tenants.id, schema.memberships.tenantId))
    .where(eq(schema.memberships.userId, userId))
    .orderBy(schema.tenants.name);
}
