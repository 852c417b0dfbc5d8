/**
 * A program's compliance report (issue #8): what funders and insurers ask to
 * see — every mentor's screening and training steps with dates, and every
 * match's coordinator contacts per month against the required frequency.
 * Sensitive (it carries screening facts): staff who manage screening only, and
 * every view or export is audited.
 */
import { count, eq, inArray } from "drizzle-orm";
import { schema } from "@tandem/db";
import { localDate, pairSupportPolicy, SUPPORT_POLICIES } from "@tandem/relationships";
import {
  type ComplianceMatch,
  type ComplianceMentor,
  type ComplianceStep,
  complianceSummary,
  matchCsvTable,
  mentorCsvTable,
  moduleState,
  monitoringByMonth,
  SCREENING_STEP_LABELS,
  SCREENING_STEPS,
} from "@tandem/safeguarding";
import Papa from "papaparse";
import type { TenantData } from "../data/tenant-data.js";
import { findIn } from "./find-in.js";
import { findProgramBySlug, localToday } from "./forms.js";
import { mentorReadinessOf, safeguardingSettingsOf } from "./safeguarding.js";

/** Mentors who are out of the program are not part of its compliance picture, unless they were matched. */
const LEFT = new Set(["withdrawn", "rejected"]);

export async function complianceReport(tenantData: TenantData, programSlug: string, options: { audit: "viewed" | "exported" } = { audit: "viewed" }) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const zone = tenantData.tenant.timezone;
  const today = localToday(zone);
  const dateOf = (instant: Date | null) => (instant ? localDate(instant.getTime(), zone) : null);
  const settings = await safeguardingSettingsOf(tenantData, program.id);
  const [readiness, applications, records, references, modules, progress, matches] = await Promise.all([
    mentorReadinessOf(tenantData, program, undefined, settings),
    // Names and statuses only: the answers (most of a row) are not part of the report.
    tenantData.aggregate(
      schema.applications,
      {
        id: schema.applications.id,
        role: schema.applications.role,
        status: schema.applications.status,
        firstName: schema.applications.firstName,
        lastName: schema.applications.lastName,
        email: schema.applications.email,
        // A mentee with a consenting guardian: their pair's contacts must reach the guardian too.
        guardianConsentedAt: schema.applications.guardianConsentedAt,
      },
      eq(schema.applications.programId, program.id),
      { orderBy: [schema.applications.lastName, schema.applications.firstName, schema.applications.id] },
    ),
    tenantData.find(schema.mentorScreenings, eq(schema.mentorScreenings.programId, program.id)),
    tenantData.find(schema.mentorReferences, eq(schema.mentorReferences.programId, program.id), { orderBy: [schema.mentorReferences.receivedAt] }),
    tenantData.find(schema.trainingModules, eq(schema.trainingModules.programId, program.id), { orderBy: [schema.trainingModules.position] }),
    tenantData.find(schema.trainingProgress, eq(schema.trainingProgress.programId, program.id)),
    tenantData.find(schema.matches, eq(schema.matches.programId, program.id), { orderBy: [schema.matches.startedAt, schema.matches.id] }),
  ]);
  const attempts = modules.length
    ? await tenantData.aggregate(
        schema.trainingQuizAttempts,
        { applicationId: schema.trainingQuizAttempts.applicationId, moduleId: schema.trainingQuizAttempts.moduleId, tries: count() },
        inArray(schema.trainingQuizAttempts.moduleId, modules.map((module) => module.id)),
        { groupBy: [schema.trainingQuizAttempts.applicationId, schema.trainingQuizAttempts.moduleId] },
      )
    : [];
  const people = new Map(applications.map((application) => [application.id, application]));
  // Rows keyed by mentor (and module), so the report stays linear in the program's size.
  const recordOf = new Map(records.map((row) => [row.applicationId, row]));
  const receivedOf = groupBy(references.filter((row) => row.receivedAt !== null), (row) => row.applicationId);
  const progressOf = new Map(progress.map((row) => [`${row.applicationId}:${row.moduleId}`, row]));
  const triesOf = new Map(attempts.map((row) => [`${row.applicationId}:${row.moduleId}`, row.tries]));
  const matchedMentors = new Set(matches.map((match) => match.mentorApplicationId));

  const mentors: ComplianceMentor[] = applications
    .filter((application) => application.role === "mentor" && (!LEFT.has(application.status) || matchedMentors.has(application.id)))
    .map((mentor) => {
      const status = readiness.get(mentor.id)!;
      const record = recordOf.get(mentor.id);
      const received = receivedOf.get(mentor.id) ?? [];
      const stepState = new Map(status.screening.steps.map((step) => [step.key, step]));
      const steps: ComplianceStep[] = SCREENING_STEPS.map((key) => {
        const step = stepState.get(key)!;
        const base = { key, required: step.required, state: step.state };
        switch (key) {
          case "application_review":
            return { ...base, date: dateOf(record?.applicationReviewedAt ?? null), detail: "" };
          case "interview":
            return { ...base, date: record?.interviewOn ?? null, detail: record?.interviewer ? `by ${record.interviewer}` : "" };
          case "references": {
            const enough = received[settings.referencesRequired - 1];
            return { ...base, date: enough ? dateOf(enough.receivedAt) : null, detail: `${received.length} of ${settings.referencesRequired} received` };
          }
          case "background_check":
            return {
              ...base,
              date: record?.backgroundCheckClearedOn ?? null,
              detail: record?.backgroundCheckStatus
                ? [record.backgroundCheckStatus, record.backgroundCheckProvider ? `via ${record.backgroundCheckProvider}` : "", record.backgroundCheckRequestedOn ? `requested ${record.backgroundCheckRequestedOn}` : "", record.backgroundCheckExpiresOn ? `expires ${record.backgroundCheckExpiresOn}` : ""].filter(Boolean).join(", ")
                : "",
            };
          case "code_of_conduct":
            return { ...base, date: dateOf(record?.codeOfConductSignedAt ?? null), detail: record?.codeOfConductSignature ? `signed by ${record.codeOfConductSignature}` : "" };
          case "commitment":
            return { ...base, date: dateOf(record?.commitmentAcceptedAt ?? null), detail: record?.commitmentMonths ? `${record.commitmentMonths} months` : "" };
        }
      });
      const training = modules.map((module) => {
        const row = progressOf.get(`${mentor.id}:${module.id}`);
        const tries = triesOf.get(`${mentor.id}:${module.id}`) ?? 0;
        const state = moduleState(module.quiz !== null, row ? { completedAt: row.completedAt?.getTime() ?? null, quizPassedAt: row.quizPassedAt?.getTime() ?? null, attendedInPersonOn: row.attendedInPersonOn } : undefined, tries);
        const date = state === "attended" ? row!.attendedInPersonOn : state === "passed" ? dateOf(row!.quizPassedAt) : state === "completed" ? dateOf(row!.completedAt) : null;
        return { moduleId: module.id, state, date, bestScore: row?.bestScore ?? null };
      });
      return {
        id: mentor.id,
        firstName: mentor.firstName,
        lastName: mentor.lastName,
        email: mentor.email,
        status: mentor.status,
        screened: settings.screeningRequired ? status.screening.screened : null,
        trained: settings.trainingRequired ? status.training.complete : null,
        ready: status.readiness.ready,
        blockers: status.readiness.blockers,
        steps,
        training,
        minutesDone: status.training.minutesDone,
      };
    });

  const youth = program.guardianConsentUnderAge !== null;
  const [contacts, relationships] = matches.length
    ? await Promise.all([
        findIn(tenantData, schema.supportContacts, schema.supportContacts.matchId, matches.map((match) => match.id)),
        findIn(tenantData, schema.matchRelationships, schema.matchRelationships.matchId, matches.map((match) => match.id)),
      ])
    : [[], []];
  const contactsOf = groupBy(contacts, (row) => row.matchId);
  const relationshipOf = new Map(relationships.map((row) => [row.matchId, row]));
  const nameOf = (id: string) => {
    const person = people.get(id);
    return { firstName: person?.firstName ?? "", lastName: person?.lastName ?? "" };
  };
  const matchRows: ComplianceMatch[] = matches.map((match) => {
    const startedOn = localDate(match.startedAt.getTime(), zone);
    const closedOn = dateOf(match.closedAt);
    const monitoring = monitoringByMonth(
      startedOn,
      closedOn ?? today,
      (contactsOf.get(match.id) ?? []).map((contact) => ({ on: contact.contactedOn, parties: contact.parties })),
      youth,
      pairSupportPolicy(youth ? SUPPORT_POLICIES.youth : SUPPORT_POLICIES.standard, Boolean(people.get(match.menteeApplicationId)?.guardianConsentedAt)).parties,
    );
    const relationship = relationshipOf.get(match.id);
    return {
      id: match.id,
      mentor: nameOf(match.mentorApplicationId),
      mentee: nameOf(match.menteeApplicationId),
      status: match.status === "closed" ? "closed" : match.pausedAt ? "paused" : "active",
      startedOn,
      closedOn,
      months: monitoring.months,
      missedMonths: monitoring.missedMonths,
      closure:
        match.status === "closed"
          ? {
              conversationOn: relationship?.closureConversationOn ?? null,
              mentorNextStep: relationship?.mentorNextStep ?? null,
              menteeNextStep: relationship?.menteeNextStep ?? null,
              surveySentOn: dateOf(relationship?.closureSurveySentAt ?? null),
            }
          : null,
    };
  });

  await tenantData.write([], [{ action: `compliance.report_${options.audit}`, entityType: "program", entityId: program.id, after: { mentors: mentors.length, matches: matchRows.length } }]);
  return {
    program: { slug: program.slug, name: program.name, type: program.type, youth },
    institution: { name: tenantData.tenant.name },
    generatedOn: today,
    requirements: {
      screeningRequired: settings.screeningRequired,
      trainingRequired: settings.trainingRequired,
      minTrainingMinutes: settings.minTrainingMinutes,
      referencesRequired: settings.referencesRequired,
      backgroundCheckValidMonths: settings.backgroundCheckValidMonths,
      contactFrequency: youth ? "Twice in the first month, then monthly, with the mentor, the mentee and (for a mentee with one) the guardian" : "Monthly, with the mentor and the mentee",
    },
    steps: SCREENING_STEPS.map((key) => ({ key, label: SCREENING_STEP_LABELS[key], required: settings.screeningRequired && settings.screeningSteps.includes(key) })),
    modules: modules.map((module) => ({ id: module.id, title: module.title, required: module.required, durationMinutes: module.durationMinutes, hasQuiz: module.quiz !== null })),
    summary: complianceSummary(mentors, matchRows),
    mentors,
    matches: matchRows,
  };
}

export type ComplianceReport = Awaited<ReturnType<typeof complianceReport>>;

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(key(row));
    if (group) group.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}

/** The report as a CSV file: the mentors table, or the matches table. */
export async function complianceCsv(tenantData: TenantData, programSlug: string, part: "mentors" | "matches") {
  const report = await complianceReport(tenantData, programSlug, { audit: "exported" });
  const table = part === "mentors" ? mentorCsvTable(report.mentors, report.modules) : matchCsvTable(report.matches);
  // escapeFormulae: a cell starting with = + - @ must not run as a formula in a spreadsheet.
  const csv = Papa.unparse({ fields: table.fields, data: table.rows }, { escapeFormulae: true });
  return { filename: `${report.program.slug}-compliance-${part}-${report.generatedOn}.csv`, csv };
}
