/**
 * The keys that make reminders exactly-once on an at-least-once queue (issue #6).
 *
 * The Worker's reminder ledger holds both under one UNIQUE index (tenant, key).
 * Before sending, it claims an email's digest key and then its item keys in
 * one transaction, each row marked with the claim token of the message that
 * planned the email; after sending, it marks the rows `sent` in the same batch
 * as the outbox row. A retry of the same message re-claims the rows its own
 * token left unsent (and resends under the same provider idempotency key); a
 * duplicate plan (a second cron run in the same window) finds the keys taken
 * by another token and sends nothing; an item already claimed by another
 * email is left out of this one:
 * - `dedupeKey` — one per (recipient, kind, subject, period): the same reminder
 *   never reaches a person twice;
 * - `digestKey` — one per recipient per local day: at most one reminder email a
 *   day, whatever else became due.
 */
import type { Recipient, Reminder } from "./reminders.js";

/**
 * Key components may hold any text; `%` and `:` are percent-encoded so that the
 * `:`-joined key is unambiguous. UUIDs, kinds and dates pass through unchanged.
 */
function part(value: string): string {
  return value.replace(/[%:]/g, (char) => (char === "%" ? "%25" : "%3A"));
}

/**
 * `<kind>:<subject type>:<subject id>:<role>:<person id>:<period>`, for example
 * `checkin.due:match:0b6e…:mentor:9f1c…:2026-03-16`. With UUID ids it is about
 * 130 characters, well within what an index takes.
 */
export function dedupeKey(reminder: Pick<Reminder, "kind" | "subject" | "recipient" | "period">): string {
  const { kind, subject, recipient, period } = reminder;
  return [kind, subject.type, part(subject.id), recipient.role, part(recipient.personId), part(period)].join(":");
}

/** `digest:<role>:<person id>:<local date>`: the one reminder email a person may get that day. */
export function digestKey(recipient: Recipient, localDate: string): string {
  return ["digest", recipient.role, part(recipient.personId), localDate].join(":");
}
