/**
 * From due reminders to emails (issue #6, "No spam"): at most one reminder
 * email per person per local day, several due items folded into one digest,
 * per-kind opt-outs honoured, and nothing sent during quiet hours.
 */
import { dedupeKey, digestKey } from "./keys.js";
import { REMINDER_KINDS, type Recipient, type Reminder, type ReminderKind } from "./reminders.js";
import { isQuietHour, localDate, nextLocalMorning, nextSendTime } from "./time.js";

const KIND_ORDER = new Map<ReminderKind, number>(REMINDER_KINDS.map((kind, index) => [kind, index]));

/** One zone for everyone (one tenant), or each person's zone by person id. */
export type TimeZones = string | ReadonlyMap<string, string>;

/** The kinds each person unsubscribed from, by person id. People without an entry get everything. */
export type ReminderPreferences = ReadonlyMap<string, ReadonlySet<ReminderKind>>;

export interface PlannedItem {
  reminder: Reminder;
  dedupeKey: string;
}

export interface PlannedEmail {
  recipient: Recipient;
  /** The recipient's local date now: the day this email uses up. */
  localDate: string;
  /** Unique per recipient per local day (see `digestKey`). */
  digestKey: string;
  /** At least one; several make a digest. In `REMINDER_KINDS` order, then by due time. */
  items: PlannedItem[];
}

export type DeferralReason = "quiet_hours" | "daily_cap" | "not_due";

export interface DeferredItem extends PlannedItem {
  reason: DeferralReason;
  /** The earliest time it could go; it stays due, so a cron run from then on finds it again. */
  until: number;
}

export interface DroppedItem extends PlannedItem {
  /** `already_sent`: its dedupe key is in the ledger. `unsubscribed`: the person opted out of its kind. */
  reason: "already_sent" | "unsubscribed";
}

export interface DeliveryPlan {
  send: PlannedEmail[];
  deferred: DeferredItem[];
  dropped: DroppedItem[];
}

/**
 * Plans the reminder emails of one tenant's cron run at `now`.
 * - `alreadySentToday`: the keys already in the sent ledger for these people:
 *   today's digest keys and the dedupe keys of reminders already sent (the
 *   Worker can compute both lists with `digestKey` and `dedupeKey` and look them
 *   up in one query). A reminder already sent is dropped; a recipient whose
 *   digest key for their local today is there gets nothing more today: their
 *   items are deferred to 08:00 tomorrow.
 * - Unsubscribed kinds are dropped. During the recipient's quiet hours their
 *   items are deferred to the next 08:00. A reminder due in the future is
 *   deferred to when it is due (or the morning after, if that is at night).
 * - Everything else for one recipient goes into one email; the same reminder
 *   given twice counts once.
 */
export function planDeliveries(
  reminders: readonly Reminder[],
  alreadySentToday: ReadonlySet<string>,
  now: number,
  timeZones: TimeZones,
  preferences: ReminderPreferences = new Map(),
): DeliveryPlan {
  const zoneOf = (personId: string) => {
    const zone = typeof timeZones === "string" ? timeZones : timeZones.get(personId);
    if (!zone) throw new RangeError(`no time zone for person ${personId}`);
    return zone;
  };

  // Quiet hours, the local day and the next morning depend only on the zone at `now`: worked out once per zone.
  const zoneNow = new Map<string, { quiet: boolean; today: string; sendAt: number; tomorrowMorning: number }>();
  const atNow = (zone: string) => {
    let local = zoneNow.get(zone);
    if (!local) {
      local = { quiet: isQuietHour(now, zone), today: localDate(now, zone), sendAt: nextSendTime(now, zone), tomorrowMorning: nextLocalMorning(now, zone) };
      zoneNow.set(zone, local);
    }
    return local;
  };

  const plan: DeliveryPlan = { send: [], deferred: [], dropped: [] };
  const emails = new Map<string, PlannedEmail>();
  const seen = new Set<string>();
  for (const reminder of reminders) {
    const item = { reminder, dedupeKey: dedupeKey(reminder) };
    if (seen.has(item.dedupeKey)) continue;
    seen.add(item.dedupeKey);
    const { recipient } = reminder;
    const zone = zoneOf(recipient.personId);
    const local = atNow(zone);

    if (alreadySentToday.has(item.dedupeKey)) {
      plan.dropped.push({ ...item, reason: "already_sent" });
    } else if (preferences.get(recipient.personId)?.has(reminder.kind)) {
      plan.dropped.push({ ...item, reason: "unsubscribed" });
    } else if (reminder.dueAt > now) {
      plan.deferred.push({ ...item, reason: "not_due", until: nextSendTime(reminder.dueAt, zone) });
    } else if (local.quiet) {
      plan.deferred.push({ ...item, reason: "quiet_hours", until: local.sendAt });
    } else {
      const key = digestKey(recipient, local.today);
      if (alreadySentToday.has(key)) {
        plan.deferred.push({ ...item, reason: "daily_cap", until: local.tomorrowMorning });
        continue;
      }
      const email = emails.get(key) ?? { recipient, localDate: local.today, digestKey: key, items: [] };
      email.items.push(item);
      emails.set(key, email);
    }
  }

  const kindOrder = (item: PlannedItem) => KIND_ORDER.get(item.reminder.kind)!;
  for (const email of emails.values()) {
    email.items.sort((a, b) => kindOrder(a) - kindOrder(b) || a.reminder.dueAt - b.reminder.dueAt || (a.dedupeKey < b.dedupeKey ? -1 : 1));
  }
  plan.send = [...emails.values()].sort((a, b) => (a.digestKey < b.digestKey ? -1 : a.digestKey > b.digestKey ? 1 : 0));
  return plan;
}
