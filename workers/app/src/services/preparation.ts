/**
 * A volunteer mentor's own preparation before matching (issue #8), by the
 * token in their application status link: the program's training (read each
 * module, pass its quiz), the code of conduct they sign with their typed name,
 * and the minimum commitment they accept. What they see is theirs alone: never
 * interviewer notes, references or background-check details.
 */
import { and, eq, gte, isNull, ne, or, sql } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";
import { gradeQuiz, quizForMentor, trainingStatus } from "@tandem/safeguarding";
import type { TenantData } from "../data/tenant-data.js";
import { AppError } from "../errors.js";
import { tenantDataForPublic } from "./public-tenant.js";
import { mentorReadinessOf, safeguardingSettingsOf } from "./safeguarding.js";
import { readPreparationToken } from "./signed-links.js";
import { hashToken } from "./tokens.js";
import { attemptStats, moduleRef, moduleState, progressRef, quizOf } from "./training.js";
import { renderTrainingContent } from "./training-content.js";

type ApplicationRow = typeof schema.applications.$inferSelect;
type ProgramRow = typeof schema.programs.$inferSelect;

/** Only people still in the program prepare: a withdrawn or rejected application cannot. */
const CAN_ACT = new Set(["submitted", "approved"]);
/** Quiz attempts a mentor may make on one module in 24 hours. */
export const QUIZ_ATTEMPTS_PER_DAY = 10;
const DAY_MS = 86_400_000;

/**
 * Who is preparing: the token of their status link (same lookup as the status page), or the application
 * a signed preparation link (`t1.…`, from a training reminder) named, already verified by the route.
 */
export type MentorKey = string | { applicationId: string };

/**
 * The institution, and who is preparing: a status-link token as it is, or a signed preparation link
 * (`t1.…`, from a training reminder) verified here — for this institution, and not expired.
 */
export async function preparationAccess(db: Database, secret: string, slug: string, token: string, requestId: string, now = Date.now()): Promise<{ tenantData: TenantData; who: MentorKey }> {
  const tenantData = await tenantDataForPublic(db, slug, requestId);
  if (!token.startsWith("t1.")) return { tenantData, who: token };
  const check = await readPreparationToken(secret, token, now);
  if (!check.ok || check.grant.tenantId !== tenantData.tenant.id) {
    const expired = !check.ok && check.reason === "expired";
    throw new AppError(
      404,
      "link-not-recognised",
      expired ? "This training link has expired. Use the link in your newest reminder or your application confirmation email." : "This training link is not recognised. Use the newest email you received, or contact the program's coordinator.",
    );
  }
  return { tenantData, who: { applicationId: check.grant.applicationId } };
}

async function mentorByToken(tenantData: TenantData, key: MentorKey): Promise<{ application: ApplicationRow; program: ProgramRow }> {
  const application =
    typeof key === "string"
      ? await tenantData.findOne(schema.applications, eq(schema.applications.statusTokenHash, await hashToken(key)))
      : await tenantData.findOne(schema.applications, eq(schema.applications.id, key.applicationId));
  if (!application) throw new AppError(404, "link-not-recognised", "This application link is not recognised. Use the newest email you received, or contact the program's coordinator.");
  if (application.role !== "mentor") throw new AppError(404, "no-preparation", "There is no preparation to do for a mentee's application: training and the code of conduct are for mentors.");
  const program = await tenantData.findOne(schema.programs, eq(schema.programs.id, application.programId));
  if (!program) throw AppError.notFound("The program of this application no longer exists.");
  return { application, program };
}

function assertCanAct(application: ApplicationRow): void {
  if (CAN_ACT.has(application.status)) return;
  const why =
    application.status === "withdrawn"
      ? "You withdrew this application"
      : application.status === "rejected"
        ? "This application was not accepted"
        : application.status === "waitlisted"
          ? "This application is on the waiting list"
          : "This application is waiting for consent";
  throw new AppError(409, "application-not-active", `${why}, so there is nothing to prepare for now. Contact the program's coordinator if you think this is wrong.`);
}

const iso = (date: Date | null | undefined) => date?.toISOString() ?? null;

/** What the mentor sees on their status page: training, code of conduct, commitment, and whether they are ready. */
export async function preparationView(tenantData: TenantData, application: ApplicationRow, program: ProgramRow) {
  const settings = await safeguardingSettingsOf(tenantData, program.id);
  const [modules, progress, record, readinessMap] = await Promise.all([
    tenantData.find(schema.trainingModules, eq(schema.trainingModules.programId, program.id), { orderBy: [schema.trainingModules.position, schema.trainingModules.createdAt] }),
    tenantData.find(schema.trainingProgress, and(eq(schema.trainingProgress.programId, program.id), eq(schema.trainingProgress.applicationId, application.id))!),
    tenantData.findOne(schema.mentorScreenings, eq(schema.mentorScreenings.applicationId, application.id)),
    mentorReadinessOf(tenantData, program, [application.id], settings),
  ]);
  const stats = await attemptStats(tenantData, modules.map((module) => module.id), [application.id]);
  const byModule = new Map(progress.map((row) => [row.moduleId, row]));
  // Whether they finished, whatever the program requires (readiness below follows the requirement).
  const training = trainingStatus(true, modules.map(moduleRef), progress.map(progressRef), settings.minTrainingMinutes);
  const readiness = readinessMap.get(application.id)!;

  const steps = new Map(readiness.screening.steps.map((step) => [step.key, step]));
  const codeRequired = steps.get("code_of_conduct")?.required ?? false;
  const commitmentRequired = steps.get("commitment")?.required ?? false;

  // In the mentor's words, and only what they can act on; the coordinator's own steps stay undetailed.
  const blockers: string[] = [];
  if (!readiness.training.complete) {
    const missing = readiness.training.missing;
    if (missing.length) blockers.push(`Finish ${missing.length === 1 ? "the required training module" : `${missing.length} required training modules`}: ${missing.join(", ")}.`);
    if (readiness.training.minutesDone < readiness.training.minMinutes) blockers.push(`Do at least ${readiness.training.minMinutes} minutes of training (${readiness.training.minutesDone} so far).`);
  }
  if (!readiness.screening.screened) {
    if (codeRequired && steps.get("code_of_conduct")!.state !== "complete") blockers.push("Sign the code of conduct.");
    if (commitmentRequired && steps.get("commitment")!.state !== "complete") blockers.push(`Accept the ${settings.commitmentMonths}-month commitment.`);
    const coordinatorSteps = readiness.screening.steps.filter((step) => step.required && step.state !== "complete" && step.key !== "code_of_conduct" && step.key !== "commitment");
    if (coordinatorSteps.length) blockers.push("The coordinator is completing the rest of your screening. They will contact you if anything is needed from you.");
  }

  // A signature counts for the text that was signed: when the coordinator changes the code, it is signed again.
  const signed = record?.codeOfConductSignedAt && record.codeOfConductText === settings.codeOfConduct ? record.codeOfConductSignedAt : null;
  const codeText = settings.codeOfConduct;
  return {
    program: { slug: program.slug, name: program.name },
    applicationStatus: application.status,
    /** Whether the mentor can act here now (a submitted or approved application). */
    canAct: CAN_ACT.has(application.status),
    training: {
      required: settings.trainingRequired,
      minMinutes: settings.minTrainingMinutes,
      minutesDone: training.minutesDone,
      totalMinutes: modules.reduce((sum, module) => sum + module.durationMinutes, 0),
      doneModules: training.doneModules,
      totalModules: modules.length,
      complete: training.complete,
      dueOn: settings.trainingDueOn ?? program.startsOn,
      modules: modules.map((module) => {
        const row = byModule.get(module.id);
        const attempts = stats.get(`${application.id}:${module.id}`);
        const state = moduleState(module, row, attempts);
        const quiz = quizOf(module);
        return {
          id: module.id,
          title: module.title,
          durationMinutes: module.durationMinutes,
          required: module.required,
          html: renderTrainingContent(module.content, { title: module.title, headingLevel: 5 }),
          quiz: quiz ? quizForMentor(quiz) : null,
          state,
          done: state === "completed" || state === "passed" || state === "attended",
          bestScore: row?.bestScore ?? null,
          attempts: attempts?.attempts ?? 0,
          passedAt: iso(row?.quizPassedAt),
          completedAt: iso(row?.completedAt),
          attendedOn: row?.attendedInPersonOn ?? null,
        };
      }),
    },
    codeOfConduct: {
      required: codeRequired,
      text: codeText,
      html: renderTrainingContent(codeText, { headingLevel: 4 }),
      signedAt: iso(signed),
      signature: signed ? (record?.codeOfConductSignature ?? null) : null,
    },
    commitment: {
      required: commitmentRequired,
      months: settings.commitmentMonths,
      acceptedAt: iso(record?.commitmentAcceptedAt),
      acceptedMonths: record?.commitmentAcceptedAt ? record.commitmentMonths : null,
    },
    ready: readiness.readiness.ready,
    blockers,
  };
}
export type PreparationView = Awaited<ReturnType<typeof preparationView>>;

export async function getPreparation(tenantData: TenantData, token: MentorKey): Promise<PreparationView> {
  const { application, program } = await mentorByToken(tenantData, token);
  return preparationView(tenantData, application, program);
}

async function moduleOf(tenantData: TenantData, program: ProgramRow, moduleId: string) {
  const module = await tenantData.findOne(schema.trainingModules, and(eq(schema.trainingModules.id, moduleId), eq(schema.trainingModules.programId, program.id))!);
  if (!module) throw AppError.notFound("This training module is not part of your program any more. Reload the page to see the current modules.");
  return module;
}

const progressKey = [schema.trainingProgress.tenantId, schema.trainingProgress.applicationId, schema.trainingProgress.moduleId];

/** The mentor has read the module. One with a quiz is done once the quiz is passed too. */
export async function completeModule(tenantData: TenantData, token: MentorKey, moduleId: string) {
  const { application, program } = await mentorByToken(tenantData, token);
  assertCanAct(application);
  const module = await moduleOf(tenantData, program, moduleId);
  const row = await tenantData.findOne(schema.trainingProgress, and(eq(schema.trainingProgress.applicationId, application.id), eq(schema.trainingProgress.moduleId, module.id))!);
  if (!row?.completedAt) {
    const now = new Date();
    await tenantData.write(
      [
        tenantData
          .insert(schema.trainingProgress, { applicationId: application.id, moduleId: module.id, programId: program.id, completedAt: now })
          .onConflictDoUpdate({ target: progressKey, set: { completedAt: now }, setWhere: isNull(schema.trainingProgress.completedAt) }),
      ],
      [{ action: "training.module_completed", entityType: "application", entityId: application.id, after: { applicationId: application.id, moduleId: module.id, title: module.title } }],
    );
  }
  const preparation = await preparationView(tenantData, application, program);
  const state = preparation.training.modules.find((view) => view.id === module.id)?.state;
  const message = module.quiz && state !== "passed" && state !== "attended" ? `"${module.title}" is marked as read. Pass its quiz to finish the module.` : `"${module.title}" is done.`;
  return { message, preparation };
}

/**
 * Grades one attempt at a module's quiz and records it (every attempt, with
 * its score; the best score and the first pass on the module's progress).
 * Every question must be answered; at most 10 attempts per module in 24 hours.
 */
export async function attemptQuiz(tenantData: TenantData, token: MentorKey, moduleId: string, answers: Record<string, number>) {
  const { application, program } = await mentorByToken(tenantData, token);
  assertCanAct(application);
  const module = await moduleOf(tenantData, program, moduleId);
  const quiz = quizOf(module);
  if (!quiz) throw new AppError(409, "no-quiz", `"${module.title}" has no quiz: mark it as read instead.`);

  const problems: { path: string; message: string }[] = [];
  for (const question of quiz.questions) {
    const answer = answers[question.id];
    if (answer === undefined) problems.push({ path: `body.answers.${question.id}`, message: "must be answered" });
    else if (answer >= question.options.length) problems.push({ path: `body.answers.${question.id}`, message: "must be one of the options" });
  }
  for (const key of Object.keys(answers)) {
    if (!quiz.questions.some((question) => question.id === key)) problems.push({ path: `body.answers.${key}`, message: "is not a question of this quiz" });
  }
  if (problems.length) throw AppError.validation(problems);

  const now = new Date();
  const since = new Date(now.getTime() - DAY_MS);
  const result = gradeQuiz(quiz, answers);
  const progress = schema.trainingProgress;
  // Counted and written in one transaction, so parallel posts cannot get past the daily limit.
  await tenantData.transaction(async (txData) => {
    const recent = await txData.find(
      schema.trainingQuizAttempts,
      and(eq(schema.trainingQuizAttempts.applicationId, application.id), eq(schema.trainingQuizAttempts.moduleId, module.id), gte(schema.trainingQuizAttempts.createdAt, since))!,
      { orderBy: [schema.trainingQuizAttempts.createdAt] },
    );
    if (recent.length >= QUIZ_ATTEMPTS_PER_DAY) {
      const retryAfter = Math.max(60, Math.ceil((recent[0]!.createdAt.getTime() + DAY_MS - now.getTime()) / 1000));
      const hours = Math.ceil(retryAfter / 3600);
      throw new AppError(
        429,
        "quiz-attempts-exhausted",
        `You have tried this quiz ${QUIZ_ATTEMPTS_PER_DAY} times in the last 24 hours. Read the module again, then try again in ${hours === 1 ? "an hour" : `${hours} hours`}. Your coordinator can help if a question is unclear.`,
        { headers: { "retry-after": String(retryAfter) } },
      );
    }

    await txData.write(
      [
        txData.insert(schema.trainingQuizAttempts, { id: crypto.randomUUID(), applicationId: application.id, moduleId: module.id, score: result.score, passed: result.passed, answers, createdAt: now }),
        txData
          .insert(progress, {
            applicationId: application.id,
            moduleId: module.id,
            programId: program.id,
            bestScore: result.score,
            ...(result.passed ? { quizPassedAt: now, completedAt: now } : {}),
          })
          .onConflictDoUpdate({
            target: progressKey,
            set: {
              bestScore: sql`max(coalesce(${progress.bestScore}, 0), ${result.score})`,
              // Passing also finishes reading it; the first pass is the one on record.
              ...(result.passed ? { quizPassedAt: sql`coalesce(${progress.quizPassedAt}, ${now.getTime()})`, completedAt: sql`coalesce(${progress.completedAt}, ${now.getTime()})` } : {}),
            },
          }),
      ],
      [{ action: "training.quiz_attempted", entityType: "application", entityId: application.id, after: { applicationId: application.id, moduleId: module.id, title: module.title, score: result.score, passed: result.passed } }],
    );
  });
  return { score: result.score, passed: result.passed, passMark: quiz.passMark, correct: result.correct, preparation: await preparationView(tenantData, application, program) };
}

/** The mentor signs the program's code of conduct with their typed name; the text as signed, the time and IP are kept. Once. */
export async function signCodeOfConduct(tenantData: TenantData, token: MentorKey, signature: string, ip: string) {
  const { application, program } = await mentorByToken(tenantData, token);
  assertCanAct(application);
  const settings = await safeguardingSettingsOf(tenantData, program.id);
  if (!settings.codeOfConduct) throw new AppError(409, "no-code-of-conduct", "This program has no code of conduct to sign yet. The coordinator will let you know when there is one.");
  const signedAt = new Date();
  const signing = { codeOfConductText: settings.codeOfConduct, codeOfConductSignature: signature, codeOfConductSignedAt: signedAt, codeOfConductIp: ip, updatedAt: signedAt };
  // Checked and written together: a second signature (another tab, a double click) changes nothing.
  const signedNow = await tenantData.transaction(async (txData) => {
    const [rows] = (await txData.write([
      txData
        .insert(schema.mentorScreenings, { applicationId: application.id, programId: program.id, ...signing })
        .onConflictDoUpdate({
          target: [schema.mentorScreenings.tenantId, schema.mentorScreenings.applicationId],
          set: signing,
          // Unsigned, or signed when the code said something else.
          setWhere: or(isNull(schema.mentorScreenings.codeOfConductSignedAt), isNull(schema.mentorScreenings.codeOfConductText), ne(schema.mentorScreenings.codeOfConductText, settings.codeOfConduct)),
        })
        .returning({ applicationId: schema.mentorScreenings.applicationId }),
    ])) as { applicationId: string }[][];
    if (!rows?.length) return false;
    await txData.write([], [{ action: "screening.code_of_conduct_signed", entityType: "application", entityId: application.id, after: { applicationId: application.id, signature, signedAt: signedAt.toISOString(), ip } }]);
    return true;
  });
  if (!signedNow) throw new AppError(409, "already-signed", "You have already signed the code of conduct. If it changes, you will be asked to sign the new version.");
  return { message: "Thank you: your signature is recorded.", preparation: await preparationView(tenantData, application, program) };
}

/** The mentor accepts the program's minimum commitment (its current number of months). */
export async function acceptCommitment(tenantData: TenantData, token: MentorKey) {
  const { application, program } = await mentorByToken(tenantData, token);
  assertCanAct(application);
  const settings = await safeguardingSettingsOf(tenantData, program.id);
  const record = await tenantData.findOne(schema.mentorScreenings, eq(schema.mentorScreenings.applicationId, application.id));
  if (record?.commitmentAcceptedAt && (record.commitmentMonths ?? 0) >= settings.commitmentMonths) {
    throw new AppError(409, "already-accepted", `You have already accepted the ${record.commitmentMonths}-month commitment.`);
  }
  const now = new Date();
  const accepting = { commitmentMonths: settings.commitmentMonths, commitmentAcceptedAt: now, updatedAt: now };
  await tenantData.write(
    [
      tenantData
        .insert(schema.mentorScreenings, { applicationId: application.id, programId: program.id, ...accepting })
        .onConflictDoUpdate({ target: [schema.mentorScreenings.tenantId, schema.mentorScreenings.applicationId], set: accepting }),
    ],
    [
      {
        action: "screening.commitment_accepted",
        entityType: "application",
        entityId: application.id,
        before: { commitmentMonths: record?.commitmentAcceptedAt ? record.commitmentMonths : null },
        after: { applicationId: application.id, commitmentMonths: settings.commitmentMonths, acceptedAt: now.toISOString() },
      },
    ],
  );
  return { message: `Thank you: your ${settings.commitmentMonths}-month commitment is recorded.`, preparation: await preparationView(tenantData, application, program) };
}
