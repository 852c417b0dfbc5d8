/**
 * Seeds the synthetic demo institution into an empty database — and only an
 * empty one, so running `pnpm dev` again keeps whatever you changed.
 * Everything is written in one batch: a seed is all there or not at all.
 */
import { count } from "drizzle-orm";
import { type DemoMatch, generateDemoInstitution } from "@tandem/demo-data";
import { type Database, schema } from "@tandem/db";
import { safeguardingInserts } from "./seed-safeguarding.js";

export interface SeedResult {
  seeded: boolean;
  adminEmail: string;
  tenantSlug: string;
  programs: number;
  applications: number;
  matches: number;
}

const at = (instant: string) => new Date(instant);
const atOrNull = (instant: string | null) => (instant === null ? null : new Date(instant));

export async function seedDemoIfEmpty(db: Database, today = new Date().toISOString().slice(0, 10)): Promise<SeedResult> {
  const demo = generateDemoInstitution({ today });
  const [{ tenants }] = await db.select({ tenants: count() }).from(schema.tenants);
  const summary = {
    adminEmail: demo.admin.email,
    tenantSlug: demo.tenant.slug,
    programs: demo.programs.length,
    applications: demo.applications.length,
    matches: demo.matches.length,
  };
  if (tenants > 0) return { seeded: false, ...summary };

  const tenantId = crypto.randomUUID();
  const adminId = crypto.randomUUID();
  const programIds = new Map(demo.programs.map((program) => [program.slug, crypto.randomUUID()]));
  // Emails are unique across the demo's applications, so they name the people of a match.
  const applicationIds = new Map(demo.applications.map((application) => [application.email, crypto.randomUUID()]));
  const matches = demo.matches.map((match) => ({ id: crypto.randomUUID(), match }));

  await db.batch([
    db.insert(schema.tenants).values({ id: tenantId, ...demo.tenant }),
    db.insert(schema.users).values({ id: adminId, email: demo.admin.email, name: demo.admin.name }),
    db.insert(schema.memberships).values({ tenantId, userId: adminId, role: "owner" }),
    db.insert(schema.programs).values(demo.programs.map((program) => ({ id: programIds.get(program.slug)!, tenantId, ...program }))),
    db.insert(schema.applications).values(
      demo.applications.map(({ programSlug, ...application }) => ({
        id: applicationIds.get(application.email)!,
        tenantId,
        programId: programIds.get(programSlug)!,
        ...application,
      })),
    ),
    ...relationshipInserts(db, tenantId, adminId, programIds, applicationIds, matches),
    ...safeguardingInserts(db, demo, { tenantId, adminId, programIds, applicationIds }, today),
  ]);
  return { seeded: true, ...summary };
}

/** The matches and everything the pairs and the coordinator did since; a table with no rows gets no statement. */
function relationshipInserts(
  db: Database,
  tenantId: string,
  adminId: string,
  programIds: Map<string, string>,
  applicationIds: Map<string, string>,
  matches: { id: string; match: DemoMatch }[],
) {
  const personId = (match: DemoMatch, role: "mentor" | "mentee") => applicationIds.get(role === "mentor" ? match.mentorEmail : match.menteeEmail)!;

  const matchRows = matches.map(({ id, match }) => ({
    id,
    tenantId,
    programId: programIds.get(match.programSlug)!,
    mentorApplicationId: personId(match, "mentor"),
    menteeApplicationId: personId(match, "mentee"),
    status: match.status,
    source: "matching_run" as const,
    score: match.score,
    reasons: match.reasons,
    startedAt: at(match.startedAt),
    closedAt: atOrNull(match.closedAt),
    // Introduced when the pair was approved: the hourly sweep must not introduce them again.
    introducedAt: at(match.startedAt),
    createdAt: at(match.startedAt),
  }));
  // A relationship row exists once the pair has done something: acknowledged, shared a meeting link, or closed.
  const relationshipRows = matches.flatMap(({ id, match }) => {
    const { mentorAcknowledgedAt, menteeAcknowledgedAt } = match.agreement;
    if (!mentorAcknowledgedAt && !menteeAcknowledgedAt && !match.meetingUrl && !match.closure) return [];
    const times = [mentorAcknowledgedAt, menteeAcknowledgedAt, match.closedAt].filter((instant): instant is string => instant !== null).sort();
    return [
      {
        tenantId,
        matchId: id,
        mentorAcknowledgedAt: atOrNull(mentorAcknowledgedAt),
        menteeAcknowledgedAt: atOrNull(menteeAcknowledgedAt),
        meetingUrl: match.meetingUrl,
        closeReason: match.closure?.reason ?? null,
        closeNote: match.closure?.note ?? null,
        closedBy: match.closure?.closedBy ?? null,
        updatedAt: at(times.at(-1) ?? match.startedAt),
      },
    ];
  });
  const goalRows = matches.flatMap(({ id, match }) =>
    match.goals.map(({ createdBy, milestones, createdAt, updatedAt, completedAt, ...goal }) => ({
      id: crypto.randomUUID(),
      tenantId,
      matchId: id,
      ...goal,
      milestones: milestones.map((milestone) => ({ id: crypto.randomUUID(), ...milestone })),
      createdByApplicationId: personId(match, createdBy),
      createdAt: at(createdAt),
      updatedAt: at(updatedAt),
      completedAt: atOrNull(completedAt),
    })),
  );
  const checkinRows = matches.flatMap(({ id, match }) =>
    match.checkins.map(({ by, resolvedAt, createdAt, ...checkin }) => ({
      id: crypto.randomUUID(),
      tenantId,
      matchId: id,
      authorApplicationId: personId(match, by),
      ...checkin,
      resolvedAt: atOrNull(resolvedAt),
      createdAt: at(createdAt),
    })),
  );
  const responseRows = matches.flatMap(({ id, match }) =>
    match.surveyResponses.map(({ by, createdAt, updatedAt, ...response }) => ({
      id: crypto.randomUUID(),
      tenantId,
      programId: programIds.get(match.programSlug)!,
      matchId: id,
      applicationId: personId(match, by),
      ...response,
      createdAt: at(createdAt),
      updatedAt: at(updatedAt),
    })),
  );
  const contactRows = matches.flatMap(({ id, match }) =>
    match.supportContacts.map(({ createdAt, ...contact }) => ({ id: crypto.randomUUID(), tenantId, matchId: id, userId: adminId, ...contact, createdAt: at(createdAt) })),
  );

  return [
    ...(matchRows.length > 0 ? [db.insert(schema.matches).values(matchRows)] : []),
    ...(relationshipRows.length > 0 ? [db.insert(schema.matchRelationships).values(relationshipRows)] : []),
    ...(goalRows.length > 0 ? [db.insert(schema.matchGoals).values(goalRows)] : []),
    ...(checkinRows.length > 0 ? [db.insert(schema.checkins).values(checkinRows)] : []),
    ...(responseRows.length > 0 ? [db.insert(schema.surveyResponses).values(responseRows)] : []),
    ...(contactRows.length > 0 ? [db.insert(schema.supportContacts).values(contactRows)] : []),
  ];
}
