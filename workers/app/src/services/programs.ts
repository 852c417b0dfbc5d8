/** An institution's mentoring programs: create, read, edit, move through their statuses, copy. */
import { desc, eq } from "drizzle-orm";
import { schema } from "@tandem/db";
import {
  allowedTransitions,
  canTransition,
  type CopyProgramInput,
  type CreateProgramInput,
  dateOrderProblems,
  newProgramSettings,
  type ProgramStatus,
  shiftDates,
  type UpdateProgramInput,
} from "@tandem/programs";
import type { JobMessage } from "@tandem/jobs";
import type { TenantData } from "../data/tenant-data.js";
import { AppError } from "../errors.js";
import { closeProgramWithMatches } from "./relationships.js";
import { isUniqueViolation } from "./tokens.js";
import { copiedModuleRows, starterModuleRows } from "./training.js";

type ProgramRow = typeof schema.programs.$inferSelect;

export function programView(row: ProgramRow) {
  return {
    slug: row.slug,
    name: row.name,
    type: row.type,
    status: row.status,
    description: row.description,
    objectives: row.objectives,
    targetAudience: row.targetAudience,
    expectations: row.expectations,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    enrollmentOpensOn: row.enrollmentOpensOn,
    enrollmentClosesOn: row.enrollmentClosesOn,
    mentorCapacity: row.mentorCapacity,
    checkinCadenceDays: row.checkinCadenceDays,
    guardianConsentUnderAge: row.guardianConsentUnderAge,
    allowedNextStatuses: [...allowedTransitions(row.status)],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type ProgramView = ReturnType<typeof programView>;

function slugTaken(slug: string): AppError {
  return new AppError(409, "program-slug-taken", `A program at "${slug}" already exists. Choose another address.`, {
    errors: [{ path: "body.slug", message: `"${slug}" is already used by another program` }],
  });
}

async function findProgram(tenantData: TenantData, programSlug: string): Promise<ProgramRow> {
  const program = await tenantData.findOne(schema.programs, eq(schema.programs.slug, programSlug));
  if (!program) throw AppError.notFound(`There is no program at "${programSlug}".`);
  return program;
}

/** All programs, or for a coordinator only those assigned to them. */
export async function listPrograms(tenantData: TenantData, onlyRunBy?: Set<string>): Promise<ProgramView[]> {
  const rows = await tenantData.find(schema.programs, undefined, { orderBy: [desc(schema.programs.createdAt)] });
  return rows.filter((row) => !onlyRunBy || onlyRunBy.has(row.id)).map(programView);
}

export async function getProgram(tenantData: TenantData, programSlug: string): Promise<ProgramView> {
  return programView(await findProgram(tenantData, programSlug));
}

async function insertProgram(
  tenantData: TenantData,
  settings: ReturnType<typeof newProgramSettings>,
  audit: { action: string; after: Record<string, unknown> },
  alsoWrite: (programId: string) => ReturnType<TenantData["insert"]>[] = () => [],
) {
  const id = crypto.randomUUID();
  try {
    await tenantData.write(
      [tenantData.insert(schema.programs, { id, ...settings }), ...alsoWrite(id)],
      [{ action: audit.action, entityType: "program", entityId: id, after: audit.after }],
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken(settings.slug);
    throw error;
  }
  return getProgram(tenantData, settings.slug);
}

/** Creates a program; a coordinator who creates one runs it. */
export async function createProgram(tenantData: TenantData, input: CreateProgramInput, creator?: { userId: string; isCoordinator: boolean }): Promise<ProgramView> {
  const settings = newProgramSettings(input);
  return insertProgram(tenantData, settings, { action: "program.created", after: settings }, (programId) => [
    ...(creator?.isCoordinator ? [tenantData.insert(schema.programCoordinators, { programId, userId: creator.userId })] : []),
    // Every program starts with the starter training modules for its type; coordinators edit or replace them.
    tenantData.insert(schema.trainingModules, starterModuleRows(programId, settings.type)),
  ]);
}

export async function updateProgram(tenantData: TenantData, programSlug: string, changes: UpdateProgramInput): Promise<ProgramView> {
  const program = await findProgram(tenantData, programSlug);
  // Dates are checked against the program as it will be, not only the fields sent.
  const problems = dateOrderProblems({ ...program, ...changes });
  if (problems.length > 0) throw AppError.validation(problems.map((problem) => ({ path: `body.${problem.field}`, message: problem.message })));
  const before = Object.fromEntries(Object.keys(changes).map((key) => [key, program[key as keyof ProgramRow]]));
  await tenantData.write(
    [tenantData.update(schema.programs, { ...changes, updatedAt: new Date() }, eq(schema.programs.id, program.id))],
    [{ action: "program.updated", entityType: "program", entityId: program.id, before, after: changes }],
  );
  return getProgram(tenantData, programSlug);
}

/** Moves a program on; closing it also closes its active matches as completed, and their closure surveys go on `jobs`. */
export async function changeProgramStatus(tenantData: TenantData, programSlug: string, to: ProgramStatus, jobs?: Queue<JobMessage>): Promise<ProgramView> {
  const program = await findProgram(tenantData, programSlug);
  if (!canTransition(program.status, to)) {
    const allowed = allowedTransitions(program.status);
    throw new AppError(
      409,
      "status-transition-not-allowed",
      allowed.length > 0
        ? `A ${program.status} program cannot become ${to}. From ${program.status} it can become: ${allowed.join(", ")}.`
        : `A ${program.status} program cannot change status any more.`,
      { extensions: { currentStatus: program.status, allowedStatuses: [...allowed] } },
    );
  }
  const audit = { action: "program.status_changed", entityType: "program", entityId: program.id, before: { status: program.status }, after: { status: to } };
  if (to === "closed") {
    await closeProgramWithMatches(tenantData, jobs, program, audit);
  } else {
    await tenantData.write([tenantData.update(schema.programs, { status: to, updatedAt: new Date() }, eq(schema.programs.id, program.id))], [audit]);
  }
  return getProgram(tenantData, programSlug);
}

/** Next year's cohort: last year's settings and forms, a new name and address, dates moved to the new start, as a draft. */
export async function copyProgram(tenantData: TenantData, programSlug: string, input: CopyProgramInput): Promise<ProgramView> {
  const source = await findProgram(tenantData, programSlug);
  const forms = await tenantData.find(schema.programForms, eq(schema.programForms.programId, source.id));
  const settings = {
    name: input.name,
    slug: input.slug,
    type: source.type,
    description: source.description,
    objectives: source.objectives,
    targetAudience: source.targetAudience,
    expectations: source.expectations,
    ...shiftDates(source, input.startsOn),
    mentorCapacity: source.mentorCapacity,
    checkinCadenceDays: source.checkinCadenceDays,
    guardianConsentUnderAge: source.guardianConsentUnderAge,
    status: "draft" as const,
  };
  const coordinators = await tenantData.find(schema.programCoordinators, eq(schema.programCoordinators.programId, source.id));
  const modules = await tenantData.find(schema.trainingModules, eq(schema.trainingModules.programId, source.id));
  return insertProgram(tenantData, settings, { action: "program.copied", after: { from: source.slug, ...settings } }, (programId) => [
    ...forms.map((form) => tenantData.insert(schema.programForms, { programId, role: form.role, definition: form.definition })),
    ...coordinators.map((coordinator) => tenantData.insert(schema.programCoordinators, { programId, userId: coordinator.userId })),
    // The training modules come along (without anyone's progress).
    ...(modules.length ? [tenantData.insert(schema.trainingModules, copiedModuleRows(programId, modules))] : []),
  ]);
}
