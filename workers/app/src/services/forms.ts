/** A program's enrollment forms: one for mentors, one for mentees; a starter form until a coordinator saves one. */
import { and, eq } from "drizzle-orm";
import { schema } from "@tandem/db";
import { builtInFields, defaultForm, type FormDefinition, type ParticipantRole } from "@tandem/forms";
import type { TenantData } from "../data/tenant-data.js";
import { AppError } from "../errors.js";

export type ProgramRow = typeof schema.programs.$inferSelect;

/** Today's date where the institution is, so age rules turn over at its midnight. */
export function localToday(timezone: string, now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export async function findProgramBySlug(tenantData: TenantData, programSlug: string): Promise<ProgramRow> {
  const program = await tenantData.findOne(schema.programs, eq(schema.programs.slug, programSlug));
  if (!program) throw AppError.notFound(`There is no program at "${programSlug}".`);
  return program;
}

export async function formDefinitionOf(tenantData: TenantData, program: ProgramRow, role: ParticipantRole): Promise<{ definition: FormDefinition; isStarter: boolean }> {
  const saved = await tenantData.findOne(schema.programForms, and(eq(schema.programForms.programId, program.id), eq(schema.programForms.role, role))!);
  return saved ? { definition: saved.definition as unknown as FormDefinition, isStarter: false } : { definition: defaultForm(program.type, role), isStarter: true };
}

export async function getProgramForm(tenantData: TenantData, programSlug: string, role: ParticipantRole) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const { definition, isStarter } = await formDefinitionOf(tenantData, program, role);
  const builtIns = builtInFields({ role, guardianConsentUnderAge: program.guardianConsentUnderAge, today: localToday(tenantData.tenant.timezone) });
  return { role, isStarter, builtInFields: builtIns, definition };
}

export async function saveProgramForm(tenantData: TenantData, programSlug: string, role: ParticipantRole, definition: FormDefinition) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const { definition: before, isStarter } = await formDefinitionOf(tenantData, program, role);
  const stored = definition as unknown as Record<string, unknown>;
  await tenantData.write(
    [
      tenantData
        .insert(schema.programForms, { programId: program.id, role, definition: stored })
        .onConflictDoUpdate({ target: [schema.programForms.tenantId, schema.programForms.programId, schema.programForms.role], set: { definition: stored, updatedAt: new Date() } }),
    ],
    [{ action: "form.saved", entityType: "program_form", entityId: `${program.id}:${role}`, before: isStarter ? null : (before as unknown as Record<string, unknown>), after: stored }],
  );
  return getProgramForm(tenantData, programSlug, role);
}

/** Both of a program's forms, as the two sides of matching see them. */
export async function formsOf(tenantData: TenantData, program: ProgramRow): Promise<{ mentor: FormDefinition; mentee: FormDefinition }> {
  const [mentor, mentee] = await Promise.all([formDefinitionOf(tenantData, program, "mentor"), formDefinitionOf(tenantData, program, "mentee")]);
  return { mentor: mentor.definition, mentee: mentee.definition };
}
