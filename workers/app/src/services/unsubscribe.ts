/**
 * Unsubscribing from reminders (issue #6, "No spam"): every reminder email
 * carries signed links, one per kind it contains and one for all reminders.
 * The link is its own proof (no account, no cookie), so mail providers can
 * post RFC 8058's one-click unsubscribe to it from anywhere; the change is
 * honoured at once, by the next send (the consumer re-reads opt-outs).
 */
import { and, eq } from "drizzle-orm";
import { schema } from "@tandem/db";
import { isUnsubscribeKind, REMINDER_KIND_LABELS, REMINDER_KINDS, UNSUBSCRIBE_ALL, type UnsubscribeKind } from "@tandem/relationships";
import type { AppConfig } from "../config.js";
import type { TenantData } from "../data/tenant-data.js";
import { AppError } from "../errors.js";
import { readUnsubscribeToken } from "./signed-links.js";

export interface UnsubscribeView {
  kind: UnsubscribeKind;
  /** "check-in reminders", "all reminders" … */
  kindLabel: string;
  institution: string;
  /** Whether the person gets no more of these (by this kind, or by having stopped all reminders). */
  unsubscribed: boolean;
}

interface Grant {
  recipientId: string;
  kind: UnsubscribeKind;
}

/** The person and kind a link names. A link of another institution is as unknown as a forged one. */
async function grantOf(config: AppConfig, tenantData: TenantData, token: string): Promise<Grant> {
  const grant = await readUnsubscribeToken(config.authSecret, token);
  if (!grant || grant.tenantId !== tenantData.tenant.id || !isUnsubscribeKind(grant.kind)) {
    throw new AppError(404, "unsubscribe-link-invalid", "This unsubscribe link is not recognised. Copy the whole link from your most recent reminder email.");
  }
  return { recipientId: grant.recipientId, kind: grant.kind };
}

async function viewOf(tenantData: TenantData, grant: Grant): Promise<UnsubscribeView> {
  const rows = await tenantData.find(schema.reminderPreferences, eq(schema.reminderPreferences.recipientId, grant.recipientId));
  const kinds = new Set(rows.map((row) => row.kind));
  return {
    kind: grant.kind,
    kindLabel: REMINDER_KIND_LABELS[grant.kind],
    institution: tenantData.tenant.name,
    unsubscribed: kinds.has(grant.kind) || kinds.has(UNSUBSCRIBE_ALL),
  };
}

export async function getUnsubscribe(config: AppConfig, tenantData: TenantData, token: string): Promise<UnsubscribeView> {
  return viewOf(tenantData, await grantOf(config, tenantData, token));
}

/** Stops the link's kind (or all reminders). Doing it twice changes nothing. */
export async function unsubscribe(config: AppConfig, tenantData: TenantData, token: string): Promise<UnsubscribeView> {
  const grant = await grantOf(config, tenantData, token);
  const [inserted] = (await tenantData.write([
    tenantData.insert(schema.reminderPreferences, { recipientId: grant.recipientId, kind: grant.kind }).onConflictDoNothing().returning({ kind: schema.reminderPreferences.kind }),
  ])) as { kind: string }[][];
  if (inserted?.length) {
    await tenantData.write([], [{ action: "reminders.unsubscribed", entityType: "reminder_recipient", entityId: grant.recipientId, after: { kind: grant.kind } }]);
  }
  return viewOf(tenantData, grant);
}

/**
 * Undoes the link's opt-out. Resubscribing to all reminders clears every
 * opt-out; resubscribing to one kind while all are stopped keeps the others stopped.
 */
export async function resubscribe(config: AppConfig, tenantData: TenantData, token: string): Promise<UnsubscribeView> {
  const grant = await grantOf(config, tenantData, token);
  const mine = eq(schema.reminderPreferences.recipientId, grant.recipientId);
  const rows = await tenantData.find(schema.reminderPreferences, mine);
  const kinds = new Set(rows.map((row) => row.kind));
  const statements =
    grant.kind === UNSUBSCRIBE_ALL
      ? [tenantData.delete(schema.reminderPreferences, mine)]
      : [
          tenantData.delete(schema.reminderPreferences, and(mine, eq(schema.reminderPreferences.kind, grant.kind))!),
          // "All" was stopped: it becomes every other kind, one by one.
          ...(kinds.has(UNSUBSCRIBE_ALL)
            ? [
                tenantData.delete(schema.reminderPreferences, and(mine, eq(schema.reminderPreferences.kind, UNSUBSCRIBE_ALL))!),
                tenantData.insert(schema.reminderPreferences, REMINDER_KINDS.filter((kind) => kind !== grant.kind).map((kind) => ({ recipientId: grant.recipientId, kind }))).onConflictDoNothing(),
              ]
            : []),
        ];
  if (kinds.has(grant.kind) || kinds.has(UNSUBSCRIBE_ALL) || (grant.kind === UNSUBSCRIBE_ALL && kinds.size > 0)) {
    await tenantData.write(statements, [{ action: "reminders.resubscribed", entityType: "reminder_recipient", entityId: grant.recipientId, after: { kind: grant.kind } }]);
  }
  return viewOf(tenantData, grant);
}
