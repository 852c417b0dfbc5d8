/**
 * The demo's training and screening (issue #8): every program starts with the
 * starter training modules for its type; the youth program requires screening
 * and training, and its volunteers stand at every stage — matched volunteers
 * fully screened and trained, others ready and waiting, part-way through, with
 * a background check that has expired, or just approved. Deterministic: the
 * same demo every time, dated relative to `today`.
 */
import { type Database, schema } from "@tandem/db";
import type { DemoInstitution } from "@tandem/demo-data";
import { addDays, addMonths, starterModulesFor } from "@tandem/safeguarding";

const YOUTH_CODE_OF_CONDUCT = [
  "As a volunteer mentor I will:",
  "- meet my mentee only at the agreed public places, partner sites or online through the program, never one-on-one in a private home or car;",
  "- contact my mentee only through channels their parent or guardian knows about, never through private social-media accounts;",
  "- not give gifts worth more than $20, lend or give money, or meet outside the agreed plan;",
  "- tell the program coordinator the same day if anything my mentee shares suggests they or someone else may be at risk;",
  "- respect my mentee's privacy, and their family's wishes and culture;",
  "- tell the coordinator at once if I am charged with any offence, or if my circumstances change so that I cannot keep my commitment.",
].join("\n");

interface Ids {
  tenantId: string;
  adminId: string;
  programIds: Map<string, string>;
  applicationIds: Map<string, string>;
}

export function safeguardingInserts(db: Database, demo: DemoInstitution, ids: Ids, today: string) {
  const moduleRows = demo.programs.flatMap((program) =>
    starterModulesFor(program.type).map((module, index) => ({
      id: crypto.randomUUID(),
      tenantId: ids.tenantId,
      programId: ids.programIds.get(program.slug)!,
      position: index + 1,
      title: module.title,
      content: module.content,
      durationMinutes: module.durationMinutes,
      quiz: module.quiz,
      required: true,
    })),
  );

  const youth = demo.programs.find((program) => program.type === "community" && program.guardianConsentUnderAge !== null);
  if (!youth) return [db.insert(schema.trainingModules).values(moduleRows)];
  const programId = ids.programIds.get(youth.slug)!;
  const modules = moduleRows.filter((row) => row.programId === programId);
  const totalMinutes = modules.reduce((sum, module) => sum + module.durationMinutes, 0);
  const settings = {
    tenantId: ids.tenantId,
    programId,
    screeningRequired: true,
    screeningSteps: ["application_review", "interview", "references", "background_check", "code_of_conduct", "commitment"],
    referencesRequired: 2,
    backgroundCheckValidMonths: 24,
    commitmentMonths: 12,
    codeOfConduct: YOUTH_CODE_OF_CONDUCT,
    trainingRequired: true,
    minTrainingMinutes: totalMinutes,
    trainingDueOn: addDays(today, 10),
  };

  const matched = new Set(demo.matches.filter((match) => match.programSlug === youth.slug).map((match) => match.mentorEmail));
  const mentors = demo.applications.filter((application) => application.programSlug === youth.slug && application.role === "mentor" && application.status === "approved");
  const at = (date: string) => new Date(`${date}T16:00:00Z`);
  const screenings: (typeof schema.mentorScreenings.$inferInsert)[] = [];
  const references: (typeof schema.mentorReferences.$inferInsert)[] = [];
  const progress: (typeof schema.trainingProgress.$inferInsert)[] = [];
  const attempts: (typeof schema.trainingQuizAttempts.$inferInsert)[] = [];

  mentors.forEach((mentor, index) => {
    const applicationId = ids.applicationIds.get(mentor.email)!;
    // Matched volunteers finished everything; the others are spread over the stages a coordinator sees.
    const stage = matched.has(mentor.email) ? "ready" : (["ready", "part_way", "expired", "just_approved"] as const)[index % 4]!;
    const start = addDays(today, stage === "expired" ? -760 : -60 - index);
    const record: typeof schema.mentorScreenings.$inferInsert = { tenantId: ids.tenantId, applicationId, programId, applicationReviewedAt: at(addDays(start, 1)), applicationReviewedBy: ids.adminId };
    if (stage !== "just_approved") {
      record.interviewOn = addDays(start, 5);
      record.interviewer = "Dana Whitfield";
      record.interviewNotes = "Warm, reliable; works near the library site. Discussed boundaries and reporting.";
      record.backgroundCheckProvider = "Sterling Volunteers";
      record.backgroundCheckRequestedOn = addDays(start, 6);
      if (stage === "part_way") {
        record.backgroundCheckStatus = "pending";
      } else {
        record.backgroundCheckStatus = "cleared";
        record.backgroundCheckClearedOn = addDays(start, 14);
        record.backgroundCheckExpiresOn = addMonths(addDays(start, 14), 24);
      }
      if (stage !== "part_way") {
        record.codeOfConductText = YOUTH_CODE_OF_CONDUCT;
        record.codeOfConductSignature = `${mentor.firstName} ${mentor.lastName}`;
        record.codeOfConductSignedAt = at(addDays(start, 7));
        record.codeOfConductIp = "203.0.113.24";
        record.commitmentMonths = 12;
        record.commitmentAcceptedAt = at(addDays(start, 7));
      }
      const received = stage === "part_way" ? 1 : 2;
      for (let n = 0; n < 2; n++) {
        references.push({
          id: crypto.randomUUID(),
          tenantId: ids.tenantId,
          programId,
          applicationId,
          name: n === 0 ? "Morgan Ellis" : "Priya Natarajan",
          contact: `referee-${index}-${n}@example.test`,
          relationship: n === 0 ? "Manager at work" : "Neighbour of ten years",
          requestedAt: at(addDays(start, 5)),
          receivedAt: n < received ? at(addDays(start, 9 + n)) : null,
          response:
            n < received
              ? { answers: { knownFor: "more_than_3_years", relationship: n === 0 ? "Manager" : "Neighbour", suitableWithYoungPeople: "yes", concerns: "", recommend: "yes", comments: "Dependable and patient." }, signature: n === 0 ? "Morgan Ellis" : "Priya Natarajan", submittedAt: at(addDays(start, 9 + n)).toISOString() }
              : null,
        });
      }
    }
    screenings.push(record);

    const done = stage === "just_approved" ? 0 : stage === "part_way" ? 2 : modules.length;
    modules.slice(0, done).forEach((module, position) => {
      const on = addDays(start, 15 + position);
      progress.push({ tenantId: ids.tenantId, applicationId, moduleId: module.id, programId, startedAt: at(on), completedAt: at(on), bestScore: module.quiz ? 100 : null, quizPassedAt: module.quiz ? at(on) : null });
      if (module.quiz) attempts.push({ id: crypto.randomUUID(), tenantId: ids.tenantId, applicationId, moduleId: module.id, score: 100, passed: true, answers: Object.fromEntries(module.quiz.questions.map((question) => [question.id, question.answer])), createdAt: at(on) });
    });
  });

  return [
    db.insert(schema.trainingModules).values(moduleRows),
    db.insert(schema.programSafeguarding).values(settings),
    ...(screenings.length ? [db.insert(schema.mentorScreenings).values(screenings)] : []),
    ...(references.length ? [db.insert(schema.mentorReferences).values(references)] : []),
    ...(progress.length ? [db.insert(schema.trainingProgress).values(progress)] : []),
    ...(attempts.length ? [db.insert(schema.trainingQuizAttempts).values(attempts)] : []),
  ];
}
