/**
 * What the Worker decides when a reminder email goes out (issue #6, "No spam"):
 * people's opt-outs as stored (one reminder kind, or `all`), the words people
 * read for each kind on the unsubscribe page, and whether a delivery that
 * arrives late (a retry after an outage) must wait for the morning.
 */
import type { ReminderPreferences } from "./deliveries.js";
import { REMINDER_KINDS, type ReminderKind } from "./reminders.js";
import { MINUTE_MS, nextSendTime } from "./time.js";

/** The opt-out that stops every reminder kind. */
export const UNSUBSCRIBE_ALL = "all";
export type UnsubscribeKind = ReminderKind | typeof UNSUBSCRIBE_ALL;

/** What each kind is called where a person reads it: "Stop check-in reminders". */
export const REMINDER_KIND_LABELS: Readonly<Record<UnsubscribeKind, string>> = {
  "checkin.due": "check-in reminders",
  "agreement.unacknowledged": "agreement reminders",
  "goal.target_near": "goal reminders",
  "survey.open": "survey invitations",
  "survey.closing": "survey closing reminders",
  "support.overdue": "support contact reminders",
  "program.starting": "program start reminders",
  "program.ending": "program end reminders",
  "self_match.unanswered": "mentor request reminders",
  "training.unfinished": "training reminders",
  all: "all reminders",
};

const KINDS = new Set<string>(REMINDER_KINDS);

export function isUnsubscribeKind(value: string): value is UnsubscribeKind {
  return value === UNSUBSCRIBE_ALL || KINDS.has(value);
}

/**
 * Stored opt-outs (`{ recipientId, kind }` rows, a kind or `all`) as
 * `planDeliveries` takes them: `all` stands for every kind. Unknown kinds
 * (a kind since retired) are ignored.
 */
export function reminderPreferences(rows: readonly { recipientId: string; kind: string }[]): ReminderPreferences {
  const preferences = new Map<string, Set<ReminderKind>>();
  for (const { recipientId, kind } of rows) {
    if (!isUnsubscribeKind(kind)) continue;
    let kinds = preferences.get(recipientId);
    if (!kinds) preferences.set(recipientId, (kinds = new Set()));
    if (kind === UNSUBSCRIBE_ALL) for (const each of REMINDER_KINDS) kinds.add(each);
    else kinds.add(kind);
  }
  return preferences;
}

/** A delivery this long after it was planned is a late one (a retry, a backlog), not the cron's own send. */
export const LATE_DELIVERY_AFTER_MS = 15 * MINUTE_MS;
/** The longest a queue message can be put back for (Cloudflare Queues: 12 hours). */
export const MAX_RETRY_DELAY_SECONDS = 12 * 60 * 60;

/**
 * Seconds a reminder email planned at `plannedAt` must wait before it is sent
 * at `now`, or null to send it now. The cron never plans an email in quiet
 * hours, but a retry may come back at night: then it must not go before
 * 08:00 local (at most `MAX_RETRY_DELAY_SECONDS`; a longer night waits again).
 * An email that is only minutes late still goes, so a plan made at 20:59 is
 * not held overnight for arriving at 21:00. (The Worker holds only an email
 * that may have gone already, to resend it under the same idempotency key;
 * one that surely did not is dropped and planned again in the morning, under
 * that day's digest key.)
 */
export function lateDeliveryDelay(now: number, plannedAt: number, timeZone: string): number | null {
  if (now - plannedAt <= LATE_DELIVERY_AFTER_MS) return null;
  const sendAt = nextSendTime(now, timeZone);
  if (sendAt <= now) return null;
  return Math.min(Math.ceil((sendAt - now) / 1000), MAX_RETRY_DELAY_SECONDS);
}
