/**
 * Sending the reminder emails the scan planned (`reminders.deliver`), a queue
 * batch at a time, in a constant number of database round trips per
 * institution in the batch:
 * 1. read the institution's branding and the recipients' opt-outs (an opt-out
 *    made since the plan is honoured now);
 * 2. claim, in one transaction, each email's ledger row (its digest key) and
 *    then its items' rows (their dedupe keys), under the message's claim
 *    token: a retry of the same message re-claims its own unfinished rows,
 *    another message (an overlapping cron run's duplicate) cannot, and an
 *    item already sent in another email is left out;
 * 3. send each claimed email (the provider dedupes a resend by its idempotency key);
 * 4. in one batch, mark the sent rows and write the outbox rows, and release
 *    the claims of the emails the provider refused (they surely did not go).
 * So a redelivered message, a retry after a crash and a duplicate plan each
 * leave one email. A message whose send failed is retried; after the queue's
 * last retry the dead-letter consumer releases its claim (`releaseReminderClaim`)
 * and the next scan plans the reminders again.
 *
 * A retry that comes back late, at night, is not sent then. If it holds no
 * claim (it never got one, or the provider refused it), it is dropped: its
 * reminders are still due, and the morning's scan folds them into that day's
 * one email. Held until the morning instead, it would go out under the
 * previous day's digest key, beside the new day's email. Only an email that
 * may have gone (its claim is still there: the provider was unreachable, or
 * the record failed after sending) waits for 08:00 and is resent under the
 * same idempotency key, so the provider delivers it at most once.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { type Database, schema } from "@tandem/db";
import { retryDelaySeconds } from "@tandem/jobs";
import { lateDeliveryDelay, reminderPreferences } from "@tandem/relationships";
import * as v from "valibot";
import type { AppConfig } from "../config.js";
import { outboxInsert, type OutboxInsert } from "../data/outbox.js";
import { TenantData } from "../data/tenant-data.js";
import { findTenantById } from "../data/tenants.js";
import { type EmailMessage, MailDeliveryError, type Mailer, outboxRow } from "../email/mailer.js";
import { describeError, log } from "../log.js";
import { findIn } from "./find-in.js";
import { composeReminderEmail, reminderReason } from "./reminder-emails.js";
import { type ReminderDeliveryPayload, ReminderDeliveryPayloadSchema, type ReminderItem } from "./reminder-payload.js";

export interface ReminderDeliveryContext {
  db: Database;
  mailer: Mailer;
  config: AppConfig;
}

/** One `reminders.deliver` queue message. */
export interface DeliveryMessage {
  id: string;
  attempts: number;
  payload: Record<string, unknown>;
}

export type DeliveryOutcome =
  /** `replanned`: a late retry at night with no claim, dropped; the next morning's scan plans its reminders again. */
  | { action: "ack"; result: "sent" | "already_claimed" | "nothing_left" | "tenant_gone" | "replanned" }
  | { action: "retry"; delaySeconds: number; reason: string }
  /** A payload that can never be delivered: record it and drop it. */
  | { action: "reject"; reason: string };

/** Emails sent to the provider at once (a Worker keeps at most six connections open). */
const SEND_CONCURRENCY = 6;
/** Ledger rows per insert statement: 13 values a row stays far under SQLite's parameter limit. */
const ROWS_PER_INSERT = 500;

type LedgerInsert = Omit<typeof schema.reminderDeliveries.$inferInsert, "tenantId">;

interface Pending {
  message: DeliveryMessage;
  payload: ReminderDeliveryPayload;
  /** Seconds until 08:00 local for a late delivery that came back in quiet hours, else null. */
  lateUntilMorning: number | null;
}

/** Delivers a batch of `reminders.deliver` messages; returns what to do with each (by message id). */
export async function deliverReminderBatch(context: ReminderDeliveryContext, messages: readonly DeliveryMessage[], now: number): Promise<Map<string, DeliveryOutcome>> {
  const outcomes = new Map<string, DeliveryOutcome>();
  const byTenant = new Map<string, Pending[]>();
  const firstWithToken = new Map<string, string>();
  const sameAs = new Map<string, string>();
  for (const message of messages) {
    const parsed = v.safeParse(ReminderDeliveryPayloadSchema, message.payload);
    if (!parsed.success) {
      outcomes.set(message.id, { action: "reject", reason: `Malformed reminder: ${v.getDotPath(parsed.issues[0]) ?? "payload"}: ${parsed.issues[0].message}` });
      continue;
    }
    const payload = parsed.output;
    // The same message twice in one batch: do it once, answer both alike.
    const earlier = firstWithToken.get(payload.claimToken);
    if (earlier) {
      sameAs.set(message.id, earlier);
      continue;
    }
    firstWithToken.set(payload.claimToken, message.id);
    const group = byTenant.get(payload.tenantId) ?? [];
    // A retry that comes back at night is not sent now (see `deliverForTenant`).
    group.push({ message, payload, lateUntilMorning: lateDeliveryDelay(now, payload.plannedAt, payload.timeZone) });
    byTenant.set(payload.tenantId, group);
  }

  for (const [tenantId, group] of byTenant) {
    try {
      for (const [id, outcome] of await deliverForTenant(context, tenantId, group, now)) outcomes.set(id, outcome);
    } catch (error) {
      // The database (or the code) failed part-way: every message of the institution is tried again; claims make that safe.
      log("warn", "reminder delivery failed; will retry", { tenantId, messages: group.length, error: describeError(error) });
      for (const { message } of group) outcomes.set(message.id, { action: "retry", delaySeconds: retryDelaySeconds(message.attempts), reason: String(describeError(error).message ?? "failed") });
    }
  }
  for (const [id, earlier] of sameAs) outcomes.set(id, outcomes.get(earlier)!);
  return outcomes;
}

async function deliverForTenant(context: ReminderDeliveryContext, tenantId: string, group: readonly Pending[], now: number) {
  const outcomes = new Map<string, DeliveryOutcome>();
  const tenant = await findTenantById(context.db, tenantId);
  if (!tenant) {
    for (const { message } of group) outcomes.set(message.id, { action: "ack", result: "tenant_gone" });
    return outcomes;
  }
  const tenantData = new TenantData(tenant, context.db);

  // 1. Branding, opt-outs as they are now, and whether the late retries at night still hold their claims.
  const late = group.filter(({ lateUntilMorning }) => lateUntilMorning !== null);
  const [settings, optOuts, lateClaims] = await Promise.all([
    tenantData.settings(),
    findIn(tenantData, schema.reminderPreferences, schema.reminderPreferences.recipientId, group.map(({ payload }) => payload.recipient.personId)),
    late.length === 0 ? [] : findIn(tenantData, schema.reminderDeliveries, schema.reminderDeliveries.key, late.map(({ payload }) => payload.digestKey)),
  ]);
  const claimStatus = new Map(lateClaims.map((row) => [claimId(row), row.status]));
  for (const { message, payload, lateUntilMorning } of late) {
    const status = claimStatus.get(claimId({ key: payload.digestKey, claimToken: payload.claimToken }));
    // Sent and recorded already: nothing to do.
    if (status === "sent") outcomes.set(message.id, { action: "ack", result: "already_claimed" });
    // It may have gone: resent at 08:00 under the same idempotency key, so the provider delivers it at most once.
    else if (status === "sending") outcomes.set(message.id, { action: "retry", delaySeconds: lateUntilMorning!, reason: "quiet hours" });
    // Surely not sent: dropped, and the morning's scan plans its reminders into that day's one email.
    else outcomes.set(message.id, { action: "ack", result: "replanned" });
  }
  const unsubscribed = reminderPreferences(optOuts);
  const wanted = group.filter(({ lateUntilMorning }) => lateUntilMorning === null).map(({ message, payload }) => ({
    message,
    payload,
    items: payload.items.filter((item) => !unsubscribed.get(payload.recipient.personId)?.has(item.kind)),
  }));
  for (const { message, items } of wanted) if (items.length === 0) outcomes.set(message.id, { action: "ack", result: "nothing_left" });
  const candidates = wanted.filter(({ items }) => items.length > 0);
  if (candidates.length === 0) return outcomes;

  // 2. Claim the emails, then their items.
  const { sendable, emptied } = await tenantData.transaction(async (txData) => {
    const emailRows = candidates.map(({ payload, items }) => emailLedgerRow(payload, items));
    const emailsClaimed = new Set((await claimRows(txData, emailRows)).map(claimId));
    const mine = candidates.filter(({ payload }) => emailsClaimed.has(claimId({ key: payload.digestKey, claimToken: payload.claimToken })));
    const itemsClaimed = new Set((await claimRows(txData, mine.flatMap(({ payload, items }) => items.map((item) => itemLedgerRow(payload, item))))).map(claimId));
    const withItems = mine.map((candidate) => ({ ...candidate, items: candidate.items.filter((item) => itemsClaimed.has(claimId({ key: item.dedupeKey, claimToken: candidate.payload.claimToken }))) }));
    // An email whose every item already went in another one is not sent, and does not use up the person's day.
    const empty = withItems.filter(({ items }) => items.length === 0);
    if (empty.length > 0) {
      await txData.delete(
        schema.reminderDeliveries,
        and(inArray(schema.reminderDeliveries.key, empty.map(({ payload }) => payload.digestKey)), inArray(schema.reminderDeliveries.claimToken, empty.map(({ payload }) => payload.claimToken)), eq(schema.reminderDeliveries.status, "sending"))!,
      );
    }
    return { sendable: withItems.filter(({ items }) => items.length > 0), emptied: new Set(empty.map(({ message }) => message.id)) };
  });
  const sending = new Set(sendable.map(({ message }) => message.id));
  for (const { message } of candidates) {
    // Not ours to send: another message holds this email (or sent it already).
    if (emptied.has(message.id)) outcomes.set(message.id, { action: "ack", result: "nothing_left" });
    else if (!sending.has(message.id)) outcomes.set(message.id, { action: "ack", result: "already_claimed" });
  }

  // 3. Send, a few at a time; one refused email does not hold back the others.
  const branding = { brandColor: settings?.brandColor ?? "#0b6e4f", logoUrl: settings?.logoUrl ?? null };
  const sent: { message: DeliveryMessage; payload: ReminderDeliveryPayload; items: ReminderItem[]; email: EmailMessage }[] = [];
  const refused: ReminderDeliveryPayload[] = [];
  await inParallel(sendable, SEND_CONCURRENCY, async ({ message, payload, items }) => {
    try {
      const composed = await composeReminderEmail(context.config, tenant, branding, payload, items);
      const email: EmailMessage = {
        to: payload.recipient.email,
        subject: composed.subject,
        text: composed.text,
        html: composed.html,
        kind: composed.kind,
        tenantId,
        headers: composed.headers,
        // The person's one reminder email of the day: a resend after a crash is the same email to the provider.
        idempotencyKey: `${tenantId}:${payload.digestKey}`,
      };
      await context.mailer.deliver(email);
      sent.push({ message, payload, items, email });
    } catch (error) {
      // Surely not sent (refused, or not even composed): its claim is released below, so it holds no one's day while it waits.
      // One that may have gone (the provider did not answer) keeps its claim, and its retry resends it under the same key.
      if (!(error instanceof MailDeliveryError) || error.refused) refused.push(payload);
      log("warn", "reminder email not sent; will retry", { tenantId, messageId: message.id, digestKey: payload.digestKey, attempts: message.attempts, error: describeError(error) });
      outcomes.set(message.id, { action: "retry", delaySeconds: retryDelaySeconds(message.attempts), reason: String(describeError(error).message ?? "failed") });
    }
  });

  // 4. Record what went, in one batch: the ledger rows become `sent`, the outbox gets the emails; refused emails' claims go.
  const sentAt = new Date(now);
  // By key (the primary key), not by digest key or claim token, which are not indexed.
  const writes: BatchItem<"sqlite">[] = sent.map(({ payload, items, email }) =>
    tenantData.update(schema.reminderDeliveries, { status: "sent", sentAt, email: email.to }, and(inArray(schema.reminderDeliveries.key, [payload.digestKey, ...items.map((item) => item.dedupeKey)]), eq(schema.reminderDeliveries.claimToken, payload.claimToken))!),
  );
  writes.push(...refused.map((payload) => releaseClaim(tenantData, payload)));
  if (sent.length > 0) writes.push(outboxInsert(context.db, sent.map(({ email }) => outboxRow(email)) as [OutboxInsert, ...OutboxInsert[]]));
  if (writes.length > 0) await tenantData.write(writes);
  for (const { message } of sent) outcomes.set(message.id, { action: "ack", result: "sent" });

  const count = (result: string) => [...outcomes.values()].filter((outcome) => ("result" in outcome ? outcome.result : outcome.action) === result).length;
  log("info", "reminder delivery", { tenantId, messages: group.length, sent: sent.length, alreadyClaimed: count("already_claimed"), nothingLeft: count("nothing_left"), replanned: count("replanned"), released: refused.length, retried: count("retry") });
  return outcomes;
}

const claimId = (row: { key: string; claimToken: string }) => `${row.key}\u0000${row.claimToken}`;

/** The email's own ledger row: one per person per local day. */
function emailLedgerRow(payload: ReminderDeliveryPayload, items: readonly ReminderItem[]): LedgerInsert {
  const programIds = new Set(items.map((item) => item.context.programId));
  return {
    key: payload.digestKey,
    digestKey: payload.digestKey,
    recipientId: payload.recipient.personId,
    recipientRole: payload.recipient.role,
    kind: "digest",
    // The program the email is about, for the coordinators' log (null when it spans several).
    subjectType: programIds.size === 1 ? "program" : null,
    subjectId: programIds.size === 1 ? [...programIds][0]! : null,
    period: payload.localDate,
    reason: items.length === 1 ? reminderReason(items[0]!) : `${items.length} reminders in one email (at most one a day).`,
    claimToken: payload.claimToken,
  };
}

function itemLedgerRow(payload: ReminderDeliveryPayload, item: ReminderItem): LedgerInsert {
  return {
    key: item.dedupeKey,
    digestKey: payload.digestKey,
    recipientId: payload.recipient.personId,
    recipientRole: payload.recipient.role,
    kind: item.kind,
    subjectType: item.subject.type,
    subjectId: item.subject.id,
    period: item.period,
    reason: reminderReason(item),
    claimToken: payload.claimToken,
  };
}

/**
 * Inserts ledger rows, or re-claims rows this claim token left unfinished
 * (`sending`). Returns the rows that are now this token's: inserted or
 * re-claimed. A row sent already, or held by another token, is not returned.
 */
async function claimRows(txData: TenantData, rows: readonly LedgerInsert[]): Promise<{ key: string; claimToken: string }[]> {
  const claimed: { key: string; claimToken: string }[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    const returned = await txData
      .insert(schema.reminderDeliveries, chunk)
      .onConflictDoUpdate({
        target: [schema.reminderDeliveries.tenantId, schema.reminderDeliveries.key],
        set: { attempts: sql`${schema.reminderDeliveries.attempts} + 1` },
        setWhere: sql`${schema.reminderDeliveries.status} = 'sending' AND ${schema.reminderDeliveries.claimToken} = excluded.claim_token`,
      })
      .returning({ key: schema.reminderDeliveries.key, claimToken: schema.reminderDeliveries.claimToken });
    claimed.push(...returned);
  }
  return claimed;
}

/** Deletes the rows a message's claim token holds and has not sent: its reminders count as not sent again. */
function releaseClaim(tenantData: TenantData, payload: Pick<ReminderDeliveryPayload, "claimToken" | "digestKey" | "items">) {
  const keys = [payload.digestKey, ...payload.items.map((item) => item.dedupeKey)];
  return tenantData.delete(schema.reminderDeliveries, and(inArray(schema.reminderDeliveries.key, keys), eq(schema.reminderDeliveries.claimToken, payload.claimToken), eq(schema.reminderDeliveries.status, "sending"))!);
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * After the queue's last retry: the message's unfinished ledger rows are
 * deleted, so the reminders count as not sent and the next scan plans them
 * again. A provider outage delays reminders; it loses none.
 */
export async function releaseReminderClaim(db: Database, payload: Record<string, unknown>): Promise<number> {
  const parsed = v.safeParse(ReminderDeliveryPayloadSchema, payload);
  if (!parsed.success) return 0;
  const { tenantId, claimToken } = parsed.output;
  const tenant = await findTenantById(db, tenantId);
  if (!tenant) return 0;
  const tenantData = new TenantData(tenant, db);
  const [released] = (await tenantData.write([releaseClaim(tenantData, parsed.output).returning({ key: schema.reminderDeliveries.key })])) as { key: string }[][];
  log("warn", "reminder claim released after the last retry", { tenantId, claimToken, rows: released?.length ?? 0 });
  return released?.length ?? 0;
}
