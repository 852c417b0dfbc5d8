import type { Database } from "@tandem/db";
import { listOutbox } from "../data/outbox.js";
import { extractLinks } from "../email/render.js";

/** Sent emails, newest first, with the links a reader would click. */
export async function listSentEmails(db: Database, limit: number, to?: string) {
  const emails = await listOutbox(db, limit, to);
  return emails.map((email) => ({
    id: email.id,
    to: email.to,
    subject: email.subject,
    kind: email.kind,
    text: email.text,
    html: email.html,
    links: extractLinks(`${email.text}\n${email.html}`),
    headers: email.headers ?? {},
    createdAt: email.createdAt.toISOString(),
  }));
}
