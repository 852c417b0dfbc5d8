/** The email outbox: written by the outbox mailer, read by the dev outbox route. */
import { desc, eq, sql } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";

export type OutboxInsert = typeof schema.emailOutbox.$inferInsert;

export async function addToOutbox(db: Database, email: OutboxInsert): Promise<void> {
  await db.insert(schema.emailOutbox).values(email);
}

/** One insert of many outbox rows, to run in a batch with the writes that record those emails as sent. */
export function outboxInsert(db: Database, emails: [OutboxInsert, ...OutboxInsert[]]) {
  return db.insert(schema.emailOutbox).values(emails);
}

/** Newest first; rowid breaks ties between emails written in the same millisecond. */
export async function listOutbox(db: Database, limit: number, to?: string) {
  return db
    .select()
    .from(schema.emailOutbox)
    .where(to ? eq(schema.emailOutbox.to, to) : undefined)
    .orderBy(desc(schema.emailOutbox.createdAt), desc(sql`rowid`))
    .limit(limit);
}
