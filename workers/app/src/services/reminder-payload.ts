/**
 * The `reminders.deliver` message: one planned reminder email, as the tenant's
 * scan made it and the consumer sends it. It carries what the email says (a
 * few names and dates per item) so that delivering needs no reads beyond the
 * branding and the recipient's opt-outs, and stays small: a hundred of them fit
 * in one `sendBatch` (256 KB).
 */
import { RECIPIENT_ROLES, REMINDER_KINDS, SUBJECT_TYPES, SUPPORT_PARTIES } from "@tandem/relationships";
import * as v from "valibot";

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,100}$/, "must be an id"));
const LocalDate = v.pipe(v.string(), v.isoDate());
// Names, titles and addresses come from our own validated rows: the schema checks the shape, not their rules again
// (a message its consumer refused would only be planned again at the next tick).
const Name = v.pipe(v.string(), v.maxLength(1000));
const Instant = v.pipe(v.number(), v.integer());

/** What one item's text needs; which fields are set depends on its kind. */
export const ReminderContextSchema = v.object({
  programId: Id,
  programSlug: Name,
  programName: Name,
  /** The match the item is about (check-in buttons and the portal link need it). */
  matchId: v.optional(Id),
  /** A participant's match partner. */
  partnerFirstName: v.optional(Name),
  /** The pair, for a coordinator's item, and the asking mentee of a self-match request. */
  mentorFirstName: v.optional(Name),
  menteeFirstName: v.optional(Name),
  matchStartedOn: v.optional(LocalDate),
  /** Check-ins: the pair's last meeting (null: none yet), counted from `sinceOn` without one. */
  lastMetOn: v.optional(v.nullable(LocalDate)),
  sinceOn: v.optional(LocalDate),
  cadenceDays: v.optional(v.number()),
  goalTitle: v.optional(Name),
  targetOn: v.optional(LocalDate),
  surveyTitle: v.optional(Name),
  closesOn: v.optional(LocalDate),
  startsOn: v.optional(LocalDate),
  endsOn: v.optional(LocalDate),
  /** Support contacts: the pair's last one (null: none since the match started). */
  lastContactOn: v.optional(v.nullable(LocalDate)),
  /** … and who is overdue a contact (the policy asks for each of them). */
  notReached: v.optional(v.array(v.picklist(SUPPORT_PARTIES))),
  /** Self-match: the last day to answer. */
  expiresOn: v.optional(LocalDate),
  /** Training: the date required training is due by. */
  trainingDueOn: v.optional(LocalDate),
});
export type ReminderContext = v.InferOutput<typeof ReminderContextSchema>;

export const ReminderItemSchema = v.object({
  dedupeKey: v.pipe(v.string(), v.maxLength(400)),
  kind: v.picklist(REMINDER_KINDS),
  subject: v.object({ type: v.picklist(SUBJECT_TYPES), id: v.pipe(v.string(), v.maxLength(200)) }),
  period: LocalDate,
  dueAt: Instant,
  context: ReminderContextSchema,
});
export type ReminderItem = v.InferOutput<typeof ReminderItemSchema>;

/** The most items one email carries; the rest wait for the next day's email (they stay due). */
export const MAX_ITEMS_PER_EMAIL = 50;

export const ReminderDeliveryPayloadSchema = v.object({
  tenantId: Id,
  /**
   * Made fresh for each planned email: its ledger rows are claimed under it, so
   * this message's retries can finish them and a duplicate (an overlapping
   * cron run's) cannot, and the dead-letter consumer can release them.
   */
  claimToken: Id,
  recipient: v.object({ personId: Id, role: v.picklist(RECIPIENT_ROLES), email: v.pipe(v.string(), v.minLength(3), v.maxLength(320)), firstName: Name }),
  localDate: LocalDate,
  digestKey: v.pipe(v.string(), v.maxLength(300)),
  timeZone: v.pipe(v.string(), v.maxLength(64)),
  /** The cron tick that planned it: link expiries count from it, so a retry renders the same email. */
  plannedAt: Instant,
  items: v.pipe(v.array(ReminderItemSchema), v.minLength(1), v.maxLength(MAX_ITEMS_PER_EMAIL)),
});
export type ReminderDeliveryPayload = v.InferOutput<typeof ReminderDeliveryPayloadSchema>;
