/**
 * Mentor training for coordinators (issue #8): a program's modules (write,
 * reorder, add the starter set), and who of its mentors is done, in progress,
 * not started or stuck, with in-person attendance a coordinator marks.
 * The mentor's side is in `preparation.ts`; both read module states from here.
 */
import { and, count, eq, inArray, notInArray, sql } from "drizzle-orm";
import { schema } from "@tandem/db";
import { type ModuleProgress, moduleDone, type Quiz, type TrainingModuleRef, starterModulesFor, trainingStatus } from "@tandem/safeguarding";
import type { TenantData } from "../data/tenant-data.js";
import { AppError } from "../errors.js";
import { findProgramBySlug, localToday } from "./forms.js";
import { safeguardingSettingsOf } from "./safeguarding.js";
import { renderTrainingContent } from "./training-content.js";

type ProgramRow = typeof schema.programs.$inferSelect;
type ModuleRow = typeof schema.trainingModules.$inferSelect;
type ProgressRow = typeof schema.trainingProgress.$inferSelect;
type ApplicationRow = typeof schema.applications.$inferSelect;

export const MODULE_STATES = ["not_started", "in_progress", "completed", "quiz_failed", "passed", "attended"] as const;
export type ModuleState = (typeof MODULE_STATES)[number];

/** Started this many days ago and still not done: stuck. */
export const STUCK_AFTER_DAYS = 7;
/** This many failed quiz attempts without a pass: stuck. */
export const STUCK_AFTER_FAILED_ATTEMPTS = 3;
const DAY_MS = 86_400_000;

export interface AttemptStats {
  attempts: number;
  failed: number;
}
const NO_ATTEMPTS: AttemptStats = { attempts: 0, failed: 0 };

export function moduleRef(module: ModuleRow): TrainingModuleRef {
  return { id: module.id, title: module.title, durationMinutes: module.durationMinutes, required: module.required, hasQuiz: module.quiz !== null };
}

export function progressRef(row: ProgressRow): ModuleProgress {
  return { moduleId: row.moduleId, completedAt: row.completedAt?.getTime() ?? null, quizPassedAt: row.quizPassedAt?.getTime() ?? null, attendedInPersonOn: row.attendedInPersonOn };
}

/**
 * Where a mentor is with one module. Attended in person wins; a module with a
 * quiz is `passed` once its quiz is passed (reading it alone is `in_progress`),
 * one without is `completed` once marked read.
 */
export function moduleState(module: ModuleRow, progress: ProgressRow | undefined, stats: AttemptStats = NO_ATTEMPTS): ModuleState {
  if (!progress) return module.quiz && stats.failed > 0 ? "quiz_failed" : "not_started";
  if (progress.attendedInPersonOn) return "attended";
  if (moduleDone(moduleRef(module), progressRef(progress))) return module.quiz ? "passed" : "completed";
  if (module.quiz && stats.failed > 0 && !progress.quizPassedAt) return "quiz_failed";
  return "in_progress";
}

/** The module's stored quiz, or null. */
export function quizOf(module: ModuleRow): Quiz | null {
  return (module.quiz as Quiz | null) ?? null;
}

/** Quiz attempts per application and module (key `applicationId:moduleId`), failed ones apart. */
export async function attemptStats(tenantData: TenantData, moduleIds: readonly string[], applicationIds?: readonly string[]): Promise<Map<string, AttemptStats>> {
  if (moduleIds.length === 0) return new Map();
  const attempts = schema.trainingQuizAttempts;
  const rows = await tenantData.aggregate(
    attempts,
    { applicationId: attempts.applicationId, moduleId: attempts.moduleId, attempts: count(), failed: sql<number>`sum(case when ${attempts.passed} then 0 else 1 end)` },
    applicationIds ? and(inArray(attempts.moduleId, [...moduleIds]), inArray(attempts.applicationId, [...applicationIds])) : inArray(attempts.moduleId, [...moduleIds]),
    { groupBy: [attempts.applicationId, attempts.moduleId] },
  );
  return new Map(rows.map((row) => [`${row.applicationId}:${row.moduleId}`, { attempts: Number(row.attempts), failed: Number(row.failed ?? 0) }]));
}

// ── Modules ────────────────────────────────────────────────────────────────

export function staffModuleView(module: ModuleRow) {
  return {
    id: module.id,
    position: module.position,
    title: module.title,
    content: module.content,
    /** The content as mentors see it (safe HTML). */
    html: renderTrainingContent(module.content, { title: module.title }),
    durationMinutes: module.durationMinutes,
    required: module.required,
    /** With the right answers: staff only. */
    quiz: quizOf(module),
    createdAt: module.createdAt.toISOString(),
    updatedAt: module.updatedAt.toISOString(),
  };
}

async function modulesOf(tenantData: TenantData, programId: string): Promise<ModuleRow[]> {
  return tenantData.find(schema.trainingModules, eq(schema.trainingModules.programId, programId), { orderBy: [schema.trainingModules.position, schema.trainingModules.createdAt] });
}

async function findModule(tenantData: TenantData, program: ProgramRow, moduleId: string): Promise<ModuleRow> {
  const module = await tenantData.findOne(schema.trainingModules, and(eq(schema.trainingModules.id, moduleId), eq(schema.trainingModules.programId, program.id))!);
  if (!module) throw AppError.notFound(`There is no training module with id ${moduleId} in ${program.name}.`);
  return module;
}

function listView(program: ProgramRow, modules: ModuleRow[]) {
  return {
    program: { slug: program.slug, name: program.name, type: program.type },
    modules: modules.map(staffModuleView),
    totalMinutes: modules.reduce((sum, module) => sum + module.durationMinutes, 0),
  };
}

export async function listModules(tenantData: TenantData, programSlug: string) {
  const program = await findProgramBySlug(tenantData, programSlug);
  return listView(program, await modulesOf(tenantData, program.id));
}

export interface ModuleInput {
  title: string;
  content: string;
  durationMinutes: number;
  required: boolean;
  quiz: Quiz | null;
}

/** Adds a module at the end of the program's list. */
export async function createModule(tenantData: TenantData, programSlug: string, input: ModuleInput) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const modules = await modulesOf(tenantData, program.id);
  const id = crypto.randomUUID();
  const position = modules.reduce((max, module) => Math.max(max, module.position + 1), 0);
  await tenantData.write(
    [tenantData.insert(schema.trainingModules, { id, programId: program.id, position, ...input })],
    [{ action: "training.module_created", entityType: "training_module", entityId: id, after: { programId: program.id, position, ...input } }],
  );
  return { module: staffModuleView(await findModule(tenantData, program, id)) };
}

export async function updateModule(tenantData: TenantData, programSlug: string, moduleId: string, changes: Partial<ModuleInput>) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const module = await findModule(tenantData, program, moduleId);
  const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) as Partial<ModuleInput>;
  const keys = (Object.keys(set) as (keyof ModuleInput)[]).filter((key) => JSON.stringify(module[key]) !== JSON.stringify(set[key]));
  if (keys.length === 0) return { module: staffModuleView(module) };
  await tenantData.write(
    [tenantData.update(schema.trainingModules, { ...set, updatedAt: new Date() }, eq(schema.trainingModules.id, module.id))],
    [
      {
        action: "training.module_updated",
        entityType: "training_module",
        entityId: module.id,
        before: Object.fromEntries(keys.map((key) => [key, module[key]])),
        after: Object.fromEntries(keys.map((key) => [key, set[key]])),
      },
    ],
  );
  return { module: staffModuleView(await findModule(tenantData, program, module.id)) };
}

/** Removes a module with every mentor's progress and quiz attempts on it. */
export async function deleteModule(tenantData: TenantData, programSlug: string, moduleId: string): Promise<void> {
  const program = await findProgramBySlug(tenantData, programSlug);
  const module = await findModule(tenantData, program, moduleId);
  const progressRows = await tenantData.count(schema.trainingProgress, eq(schema.trainingProgress.moduleId, module.id));
  await tenantData.write(
    [
      tenantData.delete(schema.trainingQuizAttempts, eq(schema.trainingQuizAttempts.moduleId, module.id)),
      tenantData.delete(schema.trainingProgress, eq(schema.trainingProgress.moduleId, module.id)),
      tenantData.delete(schema.trainingModules, eq(schema.trainingModules.id, module.id)),
    ],
    [{ action: "training.module_deleted", entityType: "training_module", entityId: module.id, before: { programId: program.id, title: module.title, position: module.position, mentorsWithProgress: progressRows } }],
  );
}

/** Puts the modules in the given order; the list must name each of the program's modules once. */
export async function reorderModules(tenantData: TenantData, programSlug: string, moduleIds: string[]) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const modules = await modulesOf(tenantData, program.id);
  const known = new Set(modules.map((module) => module.id));
  const problems: { path: string; message: string }[] = [];
  moduleIds.forEach((id, index) => {
    if (!known.has(id)) problems.push({ path: `body.moduleIds.${index}`, message: "is not a module of this program" });
    else if (moduleIds.indexOf(id) !== index) problems.push({ path: `body.moduleIds.${index}`, message: "is listed twice" });
  });
  const missing = modules.filter((module) => !moduleIds.includes(module.id));
  if (missing.length) problems.push({ path: "body.moduleIds", message: `must list every module of the program; missing: ${missing.map((module) => module.title).join(", ")}` });
  if (problems.length) throw AppError.validation(problems);
  const now = new Date();
  const moved = moduleIds.map((id, position) => ({ id, position })).filter(({ id, position }) => modules.find((module) => module.id === id)!.position !== position);
  if (moved.length) {
    await tenantData.write(
      moved.map(({ id, position }) => tenantData.update(schema.trainingModules, { position, updatedAt: now }, eq(schema.trainingModules.id, id))),
      [{ action: "training.modules_reordered", entityType: "program", entityId: program.id, before: { moduleIds: modules.map((module) => module.id) }, after: { moduleIds } }],
    );
  }
  return listView(program, await modulesOf(tenantData, program.id));
}

/** The insert values of the starter modules for a program of `type`, from `position` on. */
export function starterModuleRows(programId: string, type: ProgramRow["type"], position = 0) {
  return starterModulesFor(type).map((module, index) => ({
    id: crypto.randomUUID(),
    programId,
    position: position + index,
    title: module.title,
    content: module.content,
    durationMinutes: module.durationMinutes,
    quiz: module.quiz,
    required: true,
  }));
}

/** The insert values copying `modules` into another program, in their order. */
export function copiedModuleRows(programId: string, modules: readonly ModuleRow[]) {
  return [...modules]
    .sort((a, b) => a.position - b.position)
    .map((module, position) => ({ id: crypto.randomUUID(), programId, position, title: module.title, content: module.content, durationMinutes: module.durationMinutes, quiz: module.quiz, required: module.required }));
}

const sameTitle = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** Appends the starter modules of the program's type; refused when the program already has modules of those titles. */
export async function addStarterModules(tenantData: TenantData, programSlug: string) {
  const program = await findProgramBySlug(tenantData, programSlug);
  // Checked and written in one transaction: a double click adds the starter set once.
  await tenantData.transaction(async (txData) => {
    const modules = await modulesOf(txData, program.id);
    const rows = starterModuleRows(program.id, program.type, modules.reduce((max, module) => Math.max(max, module.position + 1), 0));
    const clashes = rows.filter((row) => modules.some((module) => sameTitle(module.title, row.title)));
    if (clashes.length) {
      throw new AppError(
        409,
        "starter-modules-present",
        `This program already has modules called ${clashes.map((row) => `"${row.title}"`).join(", ")}. Rename or delete them first if you want the starter versions as well.`,
      );
    }
    await txData.write(
      [txData.insert(schema.trainingModules, rows)],
      [{ action: "training.starter_modules_added", entityType: "program", entityId: program.id, after: { modules: rows.map((row) => ({ id: row.id, title: row.title })) } }],
    );
  });
  return listView(program, await modulesOf(tenantData, program.id));
}

// ── Progress (coordinators) ──────────────────────────────────────────────────

/** Applications no longer in the program: their training is not followed. */
const GONE = ["withdrawn", "rejected"] as const;

function mentorProgressView(mentor: ApplicationRow, modules: ModuleRow[], progress: ProgressRow[], stats: Map<string, AttemptStats>, minMinutes: number, now: number) {
  const byModule = new Map(progress.map((row) => [row.moduleId, row]));
  const status = trainingStatus(true, modules.map(moduleRef), progress.map(progressRef), minMinutes);
  const stuckReasons: string[] = [];
  const moduleViews = modules.map((module) => {
    const row = byModule.get(module.id);
    const attempt = stats.get(`${mentor.id}:${module.id}`) ?? NO_ATTEMPTS;
    const state = moduleState(module, row, attempt);
    const done = state === "completed" || state === "passed" || state === "attended";
    const startedDaysAgo = row ? Math.floor((now - row.startedAt.getTime()) / DAY_MS) : null;
    const slow = !done && startedDaysAgo !== null && startedDaysAgo >= STUCK_AFTER_DAYS;
    const failing = !done && module.quiz !== null && attempt.failed >= STUCK_AFTER_FAILED_ATTEMPTS;
    if (failing) stuckReasons.push(`Failed the quiz of "${module.title}" ${attempt.failed} times.`);
    else if (slow) stuckReasons.push(`Started "${module.title}" ${startedDaysAgo} days ago and has not finished it.`);
    return {
      moduleId: module.id,
      state,
      bestScore: row?.bestScore ?? null,
      attempts: attempt.attempts,
      failedAttempts: attempt.failed,
      startedAt: row?.startedAt.toISOString() ?? null,
      completedAt: row?.completedAt?.toISOString() ?? null,
      quizPassedAt: row?.quizPassedAt?.toISOString() ?? null,
      attendedOn: row?.attendedInPersonOn ?? null,
      stuck: slow || failing,
    };
  });
  return {
    applicationId: mentor.id,
    firstName: mentor.firstName,
    lastName: mentor.lastName,
    email: mentor.email,
    applicationStatus: mentor.status,
    /** Every required module done and the minimum minutes reached. */
    complete: status.complete,
    started: moduleViews.some((view) => view.state !== "not_started"),
    doneModules: status.doneModules,
    requiredModules: status.requiredModules,
    requiredDone: status.requiredDone,
    minutesDone: status.minutesDone,
    stuck: stuckReasons.length > 0,
    stuckReasons,
    modules: moduleViews,
  };
}
export type MentorProgressView = ReturnType<typeof mentorProgressView>;

async function mentorsProgress(tenantData: TenantData, program: ProgramRow, onlyApplicationId?: string) {
  const settings = await safeguardingSettingsOf(tenantData, program.id);
  const mentorCondition = and(eq(schema.applications.programId, program.id), eq(schema.applications.role, "mentor"), notInArray(schema.applications.status, [...GONE]))!;
  const [mentors, modules, progress] = await Promise.all([
    tenantData.find(schema.applications, onlyApplicationId ? and(mentorCondition, eq(schema.applications.id, onlyApplicationId))! : mentorCondition, {
      orderBy: [schema.applications.lastName, schema.applications.firstName],
    }),
    modulesOf(tenantData, program.id),
    tenantData.find(
      schema.trainingProgress,
      onlyApplicationId ? and(eq(schema.trainingProgress.programId, program.id), eq(schema.trainingProgress.applicationId, onlyApplicationId))! : eq(schema.trainingProgress.programId, program.id),
    ),
  ]);
  const stats = await attemptStats(tenantData, modules.map((module) => module.id), onlyApplicationId ? [onlyApplicationId] : undefined);
  const now = Date.now();
  const views = mentors.map((mentor) => mentorProgressView(mentor, modules, progress.filter((row) => row.applicationId === mentor.id), stats, settings.minTrainingMinutes, now));
  return { settings, modules, views };
}

/** Every mentor still in the program, with each module's state, and the program's counts. */
export async function trainingProgressOf(tenantData: TenantData, programSlug: string) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const { settings, modules, views } = await mentorsProgress(tenantData, program);
  return {
    program: { slug: program.slug, name: program.name, type: program.type },
    today: localToday(tenantData.tenant.timezone),
    requirement: { required: settings.trainingRequired, minMinutes: settings.minTrainingMinutes, dueOn: settings.trainingDueOn ?? program.startsOn },
    modules: modules.map((module) => ({ id: module.id, title: module.title, durationMinutes: module.durationMinutes, required: module.required, hasQuiz: module.quiz !== null })),
    counts: {
      mentors: views.length,
      done: views.filter((view) => view.complete).length,
      inProgress: views.filter((view) => !view.complete && view.started).length,
      notStarted: views.filter((view) => !view.complete && !view.started).length,
      stuck: views.filter((view) => view.stuck).length,
    },
    mentors: views,
  };
}

async function followedMentor(tenantData: TenantData, program: ProgramRow, applicationId: string): Promise<ApplicationRow> {
  const mentor = await tenantData.findOne(schema.applications, and(eq(schema.applications.id, applicationId), eq(schema.applications.programId, program.id), eq(schema.applications.role, "mentor"))!);
  if (!mentor) throw AppError.notFound(`There is no mentor application with id ${applicationId} in ${program.name}.`);
  if ((GONE as readonly string[]).includes(mentor.status)) {
    throw new AppError(409, "application-closed", `This application was ${mentor.status}, so its training is no longer recorded. Reopen the application first if the person is back.`);
  }
  return mentor;
}

async function oneMentorProgress(tenantData: TenantData, program: ProgramRow, applicationId: string) {
  const { views } = await mentorsProgress(tenantData, program, applicationId);
  return { mentor: views[0]! };
}

/** A coordinator records that the mentor attended this module in person (on a date up to today). */
export async function markAttendance(tenantData: TenantData, programSlug: string, applicationId: string, moduleId: string, attendedOn: string, markedBy: string) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const [mentor, module] = await Promise.all([followedMentor(tenantData, program, applicationId), findModule(tenantData, program, moduleId)]);
  if (attendedOn > localToday(tenantData.tenant.timezone)) throw AppError.validation([{ path: "body.attendedOn", message: "cannot be in the future" }]);
  const before = await tenantData.findOne(schema.trainingProgress, and(eq(schema.trainingProgress.applicationId, mentor.id), eq(schema.trainingProgress.moduleId, module.id))!);
  await tenantData.write(
    [
      tenantData
        .insert(schema.trainingProgress, { applicationId: mentor.id, moduleId: module.id, programId: program.id, attendedInPersonOn: attendedOn, attendedMarkedBy: markedBy })
        .onConflictDoUpdate({
          target: [schema.trainingProgress.tenantId, schema.trainingProgress.applicationId, schema.trainingProgress.moduleId],
          set: { attendedInPersonOn: attendedOn, attendedMarkedBy: markedBy },
        }),
    ],
    [{ action: "training.attendance_marked", entityType: "application", entityId: mentor.id, before: { moduleId: module.id, attendedOn: before?.attendedInPersonOn ?? null }, after: { moduleId: module.id, title: module.title, attendedOn } }],
  );
  return oneMentorProgress(tenantData, program, mentor.id);
}

/** Takes back an in-person attendance (a mistake); nothing recorded is nothing to change. */
export async function clearAttendance(tenantData: TenantData, programSlug: string, applicationId: string, moduleId: string) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const [mentor, module] = await Promise.all([followedMentor(tenantData, program, applicationId), findModule(tenantData, program, moduleId)]);
  const row = await tenantData.findOne(schema.trainingProgress, and(eq(schema.trainingProgress.applicationId, mentor.id), eq(schema.trainingProgress.moduleId, module.id))!);
  if (row?.attendedInPersonOn) {
    const own = and(eq(schema.trainingProgress.applicationId, mentor.id), eq(schema.trainingProgress.moduleId, module.id))!;
    // A row that only held the attendance goes; one with the mentor's own progress keeps it.
    const onlyAttendance = row.completedAt === null && row.bestScore === null && row.quizPassedAt === null;
    await tenantData.write(
      [onlyAttendance ? tenantData.delete(schema.trainingProgress, own) : tenantData.update(schema.trainingProgress, { attendedInPersonOn: null, attendedMarkedBy: null }, own)],
      [{ action: "training.attendance_cleared", entityType: "application", entityId: mentor.id, before: { moduleId: module.id, title: module.title, attendedOn: row.attendedInPersonOn }, after: { moduleId: module.id, attendedOn: null } }],
    );
  }
  return oneMentorProgress(tenantData, program, mentor.id);
}
