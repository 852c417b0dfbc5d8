/**
 * Safeguarding incident reports (issue #8): what happened (a date, a
 * description), what was done, the follow-up and when it is due, open until
 * resolved. Restricted to the institution's owners and admins (the route's
 * `manageIncidents`); every list, view and change goes into the audit log.
 */
import { and, desc, eq } from "drizzle-orm";
import { schema } from "@tandem/db";
import type { AuditEntry, TenantData } from "../data/tenant-data.js";
import { findUsersByIds } from "../data/users.js";
import { AppError } from "../errors.js";
import { findIn } from "./find-in.js";
import { findProgramBySlug, localToday, type ProgramRow } from "./forms.js";

type IncidentRow = typeof schema.incidentReports.$inferSelect;
type MatchRow = typeof schema.matches.$inferSelect;
export type IncidentStatus = (typeof schema.INCIDENT_STATUSES)[number];
export const INCIDENT_STATUSES = schema.INCIDENT_STATUSES;

export interface IncidentInput {
  occurredOn: string;
  matchId?: string | null;
  description: string;
  actionsTaken: string;
  followUp: string;
  followUpOn?: string | null;
}
export type IncidentChanges = Partial<IncidentInput> & { status?: IncidentStatus };

/** The fields an incident's audit rows carry: what changed, never the whole story twice. */
const FIELDS = ["occurredOn", "matchId", "description", "actionsTaken", "followUp", "followUpOn", "status"] as const;
type Field = (typeof FIELDS)[number];

function notFound(): AppError {
  return AppError.notFound("There is no such incident report.");
}

/** Dates an incident cannot have: one after today where the institution is. */
function checkOccurredOn(tenantData: TenantData, occurredOn: string | undefined, now: Date) {
  if (occurredOn === undefined) return [];
  const today = localToday(tenantData.tenant.timezone, now);
  return occurredOn > today ? [{ path: "body.occurredOn", message: `cannot be in the future (today is ${today})` }] : [];
}

/** A follow-up comes after what it follows up. */
function checkFollowUpOn(occurredOn: string, followUpOn: string | null | undefined) {
  return followUpOn && followUpOn < occurredOn ? [{ path: "body.followUpOn", message: `cannot be before the incident (${occurredOn})` }] : [];
}

/** The match an incident names must be one of the program's pairs. */
async function checkMatch(tenantData: TenantData, programId: string, matchId: string | null | undefined) {
  if (!matchId) return [];
  const match = await tenantData.findOne(schema.matches, and(eq(schema.matches.id, matchId), eq(schema.matches.programId, programId))!);
  return match ? [] : [{ path: "body.matchId", message: "must be a match of this program" }];
}

/** Incident reports as owners and admins read them: the program, the pair (names), who reported it. */
async function views(tenantData: TenantData, rows: IncidentRow[]) {
  const [programs, matches] = await Promise.all([
    findIn(tenantData, schema.programs, schema.programs.id, rows.map((row) => row.programId)),
    findIn(tenantData, schema.matches, schema.matches.id, rows.flatMap((row) => (row.matchId ? [row.matchId] : []))),
  ]);
  const [people, reporters] = await Promise.all([
    findIn(tenantData, schema.applications, schema.applications.id, matches.flatMap((match) => [match.mentorApplicationId, match.menteeApplicationId])),
    findUsersByIds(tenantData.db, [...new Set(rows.flatMap((row) => (row.reportedBy ? [row.reportedBy] : [])))]),
  ]);
  const programById = new Map<string, ProgramRow>(programs.map((program) => [program.id, program]));
  const matchById = new Map<string, MatchRow>(matches.map((match) => [match.id, match]));
  const personById = new Map(people.map((person) => [person.id, person]));
  const reporterById = new Map(reporters.map((user) => [user.id, user]));
  const person = (id: string) => {
    const found = personById.get(id);
    return { id, firstName: found?.firstName ?? "", lastName: found?.lastName ?? "" };
  };
  return rows.map((row) => {
    const program = programById.get(row.programId);
    const match = row.matchId ? matchById.get(row.matchId) : undefined;
    const reporter = row.reportedBy ? reporterById.get(row.reportedBy) : undefined;
    return {
      id: row.id,
      program: { slug: program?.slug ?? "", name: program?.name ?? "" },
      match: match ? { id: match.id, status: match.status, mentor: person(match.mentorApplicationId), mentee: person(match.menteeApplicationId) } : null,
      occurredOn: row.occurredOn,
      description: row.description,
      actionsTaken: row.actionsTaken,
      followUp: row.followUp,
      followUpOn: row.followUpOn,
      status: row.status,
      reportedBy: reporter ? { name: reporter.name } : null,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  });
}

async function viewOf(tenantData: TenantData, row: IncidentRow) {
  const [view] = await views(tenantData, [row]);
  return view!;
}

/**
 * The institution's incident reports, open ones first, then by the date they
 * happened (newest first); optionally one program's, or one status. The
 * counts cover the same program (or all). Reading the list is audited.
 */
export async function listIncidents(tenantData: TenantData, filter: { program?: string; status?: IncidentStatus }) {
  const program = filter.program ? await findProgramBySlug(tenantData, filter.program) : null;
  const inProgram = program ? eq(schema.incidentReports.programId, program.id) : undefined;
  const all = await tenantData.find(schema.incidentReports, inProgram, { orderBy: [desc(schema.incidentReports.occurredOn), desc(schema.incidentReports.createdAt)] });
  const shown = all.filter((row) => !filter.status || row.status === filter.status).sort((a, b) => (a.status === b.status ? 0 : a.status === "open" ? -1 : 1));
  const counts = { open: all.filter((row) => row.status === "open").length, resolved: all.filter((row) => row.status === "resolved").length };
  await tenantData.write(
    [],
    [
      {
        action: "incident.list_viewed",
        entityType: program ? "program" : "tenant",
        entityId: program?.id ?? tenantData.tenant.id,
        after: { program: program?.slug ?? null, status: filter.status ?? null, incidentIds: shown.map((row) => row.id) },
      },
    ],
  );
  return { today: localToday(tenantData.tenant.timezone), counts, incidents: await views(tenantData, shown) };
}

/** One incident report; the view is audited. */
export async function getIncident(tenantData: TenantData, incidentId: string) {
  const row = await tenantData.findOne(schema.incidentReports, eq(schema.incidentReports.id, incidentId));
  if (!row) throw notFound();
  await tenantData.write([], [{ action: "incident.viewed", entityType: "incident", entityId: row.id, after: { programId: row.programId, status: row.status } }]);
  return { incident: await viewOf(tenantData, row) };
}

/** Records an incident in a program, open, reported by the signed-in owner or admin. */
export async function createIncident(tenantData: TenantData, programSlug: string, reportedBy: string, input: IncidentInput, now = new Date()) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const problems = [...checkOccurredOn(tenantData, input.occurredOn, now), ...checkFollowUpOn(input.occurredOn, input.followUpOn), ...(await checkMatch(tenantData, program.id, input.matchId))];
  if (problems.length > 0) throw AppError.validation(problems);
  const row = {
    id: crypto.randomUUID(),
    programId: program.id,
    matchId: input.matchId ?? null,
    occurredOn: input.occurredOn,
    description: input.description,
    actionsTaken: input.actionsTaken,
    followUp: input.followUp,
    followUpOn: input.followUpOn ?? null,
    status: "open" as const,
    reportedBy,
    createdAt: now,
    updatedAt: now,
  };
  await tenantData.write(
    [tenantData.insert(schema.incidentReports, row)],
    [{ action: "incident.created", entityType: "incident", entityId: row.id, after: { programId: program.id, ...pick(row, FIELDS) } }],
  );
  const saved = await tenantData.findOne(schema.incidentReports, eq(schema.incidentReports.id, row.id));
  return { incident: await viewOf(tenantData, saved!) };
}

/** Changes an incident report (what is left out stays); the fields that changed go into the audit log, before and after. */
export async function updateIncident(tenantData: TenantData, incidentId: string, changes: IncidentChanges, now = new Date()) {
  const row = await tenantData.findOne(schema.incidentReports, eq(schema.incidentReports.id, incidentId));
  if (!row) throw notFound();
  const problems = [
    ...checkOccurredOn(tenantData, changes.occurredOn, now),
    ...checkFollowUpOn(changes.occurredOn ?? row.occurredOn, changes.followUpOn === undefined ? row.followUpOn : changes.followUpOn),
    ...(await checkMatch(tenantData, row.programId, changes.matchId)),
  ];
  if (problems.length > 0) throw AppError.validation(problems);
  const next: Partial<Record<Field, string | null>> = {};
  for (const field of FIELDS) {
    const value = changes[field];
    if (value !== undefined && value !== row[field]) next[field] = value;
  }
  const changed = Object.keys(next) as Field[];
  if (changed.length > 0) {
    const audit: AuditEntry = { action: "incident.updated", entityType: "incident", entityId: row.id, before: pick(row, changed), after: next };
    await tenantData.write([tenantData.update(schema.incidentReports, { ...(next as Partial<IncidentRow>), updatedAt: now }, eq(schema.incidentReports.id, row.id))], [audit]);
  }
  const saved = await tenantData.findOne(schema.incidentReports, eq(schema.incidentReports.id, row.id));
  return { incident: await viewOf(tenantData, saved!) };
}

function pick<R extends Record<string, unknown>>(row: R, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, row[field] ?? null]));
}

