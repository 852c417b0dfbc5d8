/**
 * What reminders were sent to whom and why, for staff (issue #6: "coordinators
 * can see what was sent to whom and why"), read from the reminder ledger: each
 * email with the reminders it carried and the reason for each; and the
 * reminder jobs that failed for good. Coordinators see the programs they run
 * (and their own emails), like everywhere else.
 */
import { and, desc, eq, inArray, ne, or, type SQL } from "drizzle-orm";
import { schema } from "@tandem/db";
import { isUnsubscribeKind, REMINDER_KIND_LABELS } from "@tandem/relationships";
import type { StaffRole } from "@tandem/tenancy";
import * as v from "valibot";
import type { TenantData } from "../data/tenant-data.js";
import { findUsersByIds } from "../data/users.js";
import { AppError } from "../errors.js";
import { findIn } from "./find-in.js";
import { findProgramBySlug } from "./forms.js";
import { programsRunBy } from "./program-staff.js";

export interface Viewer {
  userId: string;
  role: StaffRole;
}

const kindLabel = (kind: string) => (isUnsubscribeKind(kind) ? REMINDER_KIND_LABELS[kind] : kind);

/** The program ids a viewer may see, or null for all of them. A program a coordinator does not run is as absent as a missing one. */
async function visiblePrograms(tenantData: TenantData, viewer: Viewer, programSlug: string | undefined): Promise<Set<string> | null> {
  const runs = viewer.role === "coordinator" ? await programsRunBy(tenantData, viewer.userId) : null;
  if (!programSlug) return runs;
  const program = await findProgramBySlug(tenantData, programSlug);
  if (runs && !runs.has(program.id)) throw AppError.notFound(`There is no program at "${programSlug}".`);
  return new Set([program.id]);
}

export async function listReminderDeliveries(tenantData: TenantData, viewer: Viewer, options: { programSlug?: string; recipientId?: string; limit: number }) {
  const programIds = await visiblePrograms(tenantData, viewer, options.programSlug);
  const ledger = schema.reminderDeliveries;
  const conditions: SQL[] = [eq(ledger.kind, "digest")];
  if (options.recipientId) conditions.push(eq(ledger.recipientId, options.recipientId));
  if (programIds) {
    const ofPrograms = programIds.size > 0 ? and(eq(ledger.subjectType, "program"), inArray(ledger.subjectId, [...programIds]))! : null;
    // A coordinator also sees the reminders sent to them, whichever programs they span.
    const own = viewer.role === "coordinator" && !options.programSlug ? eq(ledger.recipientId, viewer.userId) : null;
    const visible = [ofPrograms, own].filter((condition): condition is SQL => condition !== null);
    if (visible.length === 0) return { deliveries: [] };
    conditions.push(visible.length === 1 ? visible[0]! : or(...visible)!);
  }
  const emails = await tenantData.find(ledger, and(...conditions)!, { orderBy: [desc(ledger.createdAt), desc(ledger.key)], limit: options.limit });
  const [items, people, users, programs] = await Promise.all([
    // Through the recipients' index: an email's items share its recipient (digest keys are not indexed).
    findIn(tenantData, ledger, ledger.digestKey, emails.map((email) => email.key), and(inArray(ledger.recipientId, [...new Set(emails.map((email) => email.recipientId))]), ne(ledger.kind, "digest"))),
    findIn(tenantData, schema.applications, schema.applications.id, emails.filter((email) => email.recipientRole !== "coordinator").map((email) => email.recipientId)),
    findUsersByIds(tenantData.db, [...new Set(emails.filter((email) => email.recipientRole === "coordinator").map((email) => email.recipientId))]),
    findIn(tenantData, schema.programs, schema.programs.id, emails.flatMap((email) => (email.subjectType === "program" && email.subjectId ? [email.subjectId] : []))),
  ]);
  const itemsOf = new Map<string, typeof items>();
  for (const item of items) itemsOf.set(item.digestKey, [...(itemsOf.get(item.digestKey) ?? []), item]);
  const peopleById = new Map(people.map((person) => [person.id, { name: `${person.firstName} ${person.lastName}`, email: person.email }]));
  const usersById = new Map(users.map((user) => [user.id, { name: user.name, email: user.email }]));
  const programsById = new Map(programs.map((program) => [program.id, { slug: program.slug, name: program.name }]));

  return {
    deliveries: emails.map((email) => {
      const who = (email.recipientRole === "coordinator" ? usersById : peopleById).get(email.recipientId);
      return {
        key: email.key,
        recipient: { id: email.recipientId, role: email.recipientRole, name: who?.name ?? null, email: email.email ?? who?.email ?? null },
        program: email.subjectType === "program" && email.subjectId ? (programsById.get(email.subjectId) ?? null) : null,
        localDate: email.period,
        status: email.status,
        attempts: email.attempts,
        reason: email.reason,
        createdAt: email.createdAt.toISOString(),
        sentAt: email.sentAt?.toISOString() ?? null,
        items: (itemsOf.get(email.key) ?? [])
          .sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0))
          .map((item) => ({ key: item.key, kind: item.kind, kindLabel: kindLabel(item.kind), subject: { type: item.subjectType, id: item.subjectId }, period: item.period, reason: item.reason, status: item.status })),
      };
    }),
  };
}

/** What a dead-lettered reminder message carried, as far as it can be read. */
const FailedReminderSchema = v.object({
  payload: v.object({
    recipient: v.optional(v.object({ personId: v.string(), role: v.string(), email: v.optional(v.string()) })),
    localDate: v.optional(v.string()),
    items: v.optional(v.array(v.object({ kind: v.string(), dedupeKey: v.string(), context: v.optional(v.object({ programId: v.optional(v.string()) })) }))),
  }),
});

/** Jobs of this institution that failed for good, newest first. Coordinators see the reminder emails of their programs. */
export async function listReminderFailures(tenantData: TenantData, viewer: Viewer, options: { limit: number }) {
  const programIds = await visiblePrograms(tenantData, viewer, undefined);
  const rows = await tenantData.find(schema.failedJobs, undefined, { orderBy: [desc(schema.failedJobs.failedAt), desc(schema.failedJobs.id)], limit: programIds ? 500 : options.limit });
  const failures = rows.map((row) => {
    let body: unknown = null;
    try {
      body = JSON.parse(row.body);
    } catch {
      // A body that is not JSON is shown by its reason alone.
    }
    const reminder = row.kind === "reminders.deliver" ? v.safeParse(FailedReminderSchema, body) : null;
    const payload = reminder?.success ? reminder.output.payload : null;
    return {
      id: row.id,
      kind: row.kind,
      reason: row.reason,
      attempts: row.attempts,
      failedAt: row.failedAt.toISOString(),
      recipient: payload?.recipient ? { id: payload.recipient.personId, role: payload.recipient.role, email: payload.recipient.email ?? null } : null,
      localDate: payload?.localDate ?? null,
      items: (payload?.items ?? []).map((item) => ({ kind: item.kind, kindLabel: kindLabel(item.kind), key: item.dedupeKey })),
      programIds: [...new Set((payload?.items ?? []).flatMap((item) => (item.context?.programId ? [item.context.programId] : [])))],
    };
  });
  const visible = programIds ? failures.filter((failure) => failure.programIds.some((id) => programIds.has(id))) : failures;
  return { failures: visible.slice(0, options.limit).map(({ programIds: _programIds, ...failure }) => failure) };
}
