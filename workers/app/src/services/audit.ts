import { and, desc, lt } from "drizzle-orm";
import { schema } from "@tandem/db";
import type { TenantData } from "../data/tenant-data.js";

/** The institution's audit log, newest first, a page at a time. */
export async function listAuditEvents(tenantData: TenantData, options: { limit: number; before?: Date }) {
  const events = await tenantData.find(schema.auditEvents, options.before ? lt(schema.auditEvents.createdAt, options.before) : undefined, {
    orderBy: [desc(schema.auditEvents.createdAt)],
    limit: options.limit,
  });
  return events.map((event) => ({
    id: event.id,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    actorUserId: event.actorUserId,
    before: event.before,
    after: event.after,
    createdAt: event.createdAt.toISOString(),
  }));
}
