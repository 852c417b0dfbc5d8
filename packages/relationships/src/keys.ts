/**
 * The keys that make reminders exactly-once on an at-least-once queue (issue #6).
 *
 * The Worker stores both in its sent-reminders ledger under UNIQUE indexes
 * (scoped by tenant), and inserts an email's digest key and all its item keys in
 * the same transaction as the outbox row, before sending. A redelivered
 * message, a retry after a crash mid-batch, or a second cron run in the same
 * window then fails on the unique index and sends nothing:
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
