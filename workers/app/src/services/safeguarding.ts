/**
 * A program's safeguarding settings (issue #8) and each mentor's readiness for
 * matching: screened (when the program requires it) and trained (when it
 * requires that). Matching, self-match, the screening and training pages and
 * the compliance report all read readiness from here, so they agree.
 */
import { and, eq, inArray } from "drizzle-orm";
import { schema } from "@tandem/db";
import {
  DEFAULT_SAFEGUARDING,
  EMPTY_SCREENING_RECORD,
  mentorReadiness,
  type Readiness,
  type SafeguardingSettings,
  type ScreeningStatus,
  type ScreeningStepKey,
  screeningConfigOf,
  screeningStatus,
  settingsProblems,
  type TrainingStatus,
  trainingStatus,
} from "@tandem/safeguarding";
import type { TenantData } from "../data/tenant-data.js";
import { AppError } from "../errors.js";
import { localToday } from "./forms.js";

type ProgramRow = typeof schema.programs.$inferSelect;

/** The program's settings, or the defaults (nothing required) when it has none. */
export async function safeguardingSettingsOf(tenantData: TenantData, programId: string): Promise<SafeguardingSettings> {
  const row = await tenantData.findOne(schema.programSafeguarding, eq(schema.programSafeguarding.programId, programId));
  if (!row) return { ...DEFAULT_SAFEGUARDING };
  return {
    screeningRequired: row.screeningRequired,
    screeningSteps: row.screeningSteps as ScreeningStepKey[],
    referencesRequired: row.referencesRequired,
    backgroundCheckValidMonths: row.backgroundCheckValidMonths,
    commitmentMonths: row.commitmentMonths,
    codeOfConduct: row.codeOfConduct,
    trainingRequired: row.trainingRequired,
    minTrainingMinutes: row.minTrainingMinutes,
    trainingDueOn: row.trainingDueOn,
    mentorSees: row.mentorSees,
    menteeSees: row.menteeSees,
  };
}

/** Applies a partial update; a combination that cannot work (required screening without steps) is a 400. Audited. */
export async function saveSafeguardingSettings(tenantData: TenantData, program: ProgramRow, changes: Partial<SafeguardingSettings>): Promise<SafeguardingSettings> {
  const before = await safeguardingSettingsOf(tenantData, program.id);
  const after: SafeguardingSettings = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) };
  const problems = settingsProblems(after);
  if (problems.length) throw AppError.validation(problems.map((problem) => ({ path: `body.${problem.path}`, message: problem.message })));
  const now = new Date();
  await tenantData.write(
    [
      tenantData
        .insert(schema.programSafeguarding, { programId: program.id, ...after, updatedAt: now })
        .onConflictDoUpdate({ target: [schema.programSafeguarding.tenantId, schema.programSafeguarding.programId], set: { ...after, updatedAt: now } }),
    ],
    [{ action: "program.safeguarding_updated", entityType: "program", entityId: program.id, before: { ...before }, after: { ...after } }],
  );
  return after;
}

export interface MentorReadiness {
  applicationId: string;
  screening: ScreeningStatus;
  training: TrainingStatus;
  readiness: Readiness;
}

/**
 * Readiness of the program's mentors (all of them, or `applicationIds`), as of
 * the institution's local today. Five reads, whatever the number of mentors.
 */
export async function mentorReadinessOf(tenantData: TenantData, program: ProgramRow, applicationIds?: readonly string[], settings?: SafeguardingSettings): Promise<Map<string, MentorReadiness>> {
  const resolved = settings ?? (await safeguardingSettingsOf(tenantData, program.id));
  const today = localToday(tenantData.tenant.timezone);
  const ids = applicationIds ? [...applicationIds] : null;
  const forPeople = <T extends typeof schema.mentorScreenings | typeof schema.mentorReferences | typeof schema.trainingProgress>(table: T) =>
    ids ? and(eq(table.programId, program.id), inArray(table.applicationId, ids)) : eq(table.programId, program.id);
  const screenings = schema.mentorScreenings;
  const progressTable = schema.trainingProgress;
  // Only the columns readiness reads: at a few thousand mentors the rows' size is most of the time.
  const [mentors, records, references, modules, progress] = await Promise.all([
    tenantData.aggregate(
      schema.applications,
      { id: schema.applications.id },
      and(eq(schema.applications.programId, program.id), eq(schema.applications.role, "mentor"), ids ? inArray(schema.applications.id, ids) : undefined),
    ),
    tenantData.aggregate(
      screenings,
      {
        applicationId: screenings.applicationId,
        applicationReviewedAt: screenings.applicationReviewedAt,
        interviewOn: screenings.interviewOn,
        interviewer: screenings.interviewer,
        backgroundCheckStatus: screenings.backgroundCheckStatus,
        backgroundCheckClearedOn: screenings.backgroundCheckClearedOn,
        backgroundCheckExpiresOn: screenings.backgroundCheckExpiresOn,
        codeOfConductText: screenings.codeOfConductText,
        codeOfConductSignedAt: screenings.codeOfConductSignedAt,
        commitmentAcceptedAt: screenings.commitmentAcceptedAt,
        commitmentMonths: screenings.commitmentMonths,
      },
      forPeople(screenings),
    ),
    tenantData.aggregate(schema.mentorReferences, { applicationId: schema.mentorReferences.applicationId, receivedAt: schema.mentorReferences.receivedAt }, forPeople(schema.mentorReferences)),
    tenantData.find(schema.trainingModules, eq(schema.trainingModules.programId, program.id), { orderBy: [schema.trainingModules.position] }),
    tenantData.aggregate(
      progressTable,
      { applicationId: progressTable.applicationId, moduleId: progressTable.moduleId, completedAt: progressTable.completedAt, quizPassedAt: progressTable.quizPassedAt, attendedInPersonOn: progressTable.attendedInPersonOn },
      forPeople(progressTable),
    ),
  ]);
  const config = screeningConfigOf(resolved);
  const moduleRefs = modules.map((module) => ({ id: module.id, title: module.title, durationMinutes: module.durationMinutes, required: module.required, hasQuiz: module.quiz !== null }));
  // Rows by mentor, so the work stays linear in the number of mentors.
  const recordOf = new Map(records.map((row) => [row.applicationId, row]));
  const referencesOf = groupByApplication(references);
  const progressOf = groupByApplication(progress);
  const result = new Map<string, MentorReadiness>();
  for (const mentor of mentors) {
    const record = recordOf.get(mentor.id);
    const screening = screeningStatus(
      config,
      record
        ? {
            applicationReviewedAt: record.applicationReviewedAt?.getTime() ?? null,
            interviewOn: record.interviewOn,
            interviewer: record.interviewer,
            backgroundCheckStatus: record.backgroundCheckStatus,
            backgroundCheckClearedOn: record.backgroundCheckClearedOn,
            backgroundCheckExpiresOn: record.backgroundCheckExpiresOn,
            // A signature counts for the text signed: a changed code of conduct is signed again.
            codeOfConductSignedAt: record.codeOfConductText === resolved.codeOfConduct ? (record.codeOfConductSignedAt?.getTime() ?? null) : null,
            commitmentAcceptedAt: record.commitmentAcceptedAt?.getTime() ?? null,
            commitmentMonths: record.commitmentMonths,
          }
        : EMPTY_SCREENING_RECORD,
      (referencesOf.get(mentor.id) ?? []).map((row) => ({ receivedAt: row.receivedAt?.getTime() ?? null })),
      today,
    );
    const training = trainingStatus(
      resolved.trainingRequired,
      moduleRefs,
      (progressOf.get(mentor.id) ?? []).map((row) => ({ moduleId: row.moduleId, completedAt: row.completedAt?.getTime() ?? null, quizPassedAt: row.quizPassedAt?.getTime() ?? null, attendedInPersonOn: row.attendedInPersonOn })),
      resolved.minTrainingMinutes,
    );
    result.set(mentor.id, { applicationId: mentor.id, screening, training, readiness: mentorReadiness(screening, training) });
  }
  return result;
}

function groupByApplication<T extends { applicationId: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.applicationId);
    if (group) group.push(row);
    else groups.set(row.applicationId, [row]);
  }
  return groups;
}

/** Whether the program gates matching on readiness at all (most programs don't: skip the reads). */
export function gatesMatching(settings: SafeguardingSettings): boolean {
  return settings.screeningRequired || settings.trainingRequired;
}

/** Mentor ids not ready for matching, with why; empty when the program gates nothing. */
export async function mentorsNotReady(tenantData: TenantData, program: ProgramRow, mentorIds?: readonly string[]): Promise<Map<string, string[]>> {
  const settings = await safeguardingSettingsOf(tenantData, program.id);
  if (!gatesMatching(settings)) return new Map();
  const readiness = await mentorReadinessOf(tenantData, program, mentorIds, settings);
  return new Map([...readiness.values()].filter((entry) => !entry.readiness.ready).map((entry) => [entry.applicationId, entry.readiness.blockers]));
}
