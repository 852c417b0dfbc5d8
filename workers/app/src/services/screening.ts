/**
 * Volunteer mentor screening, the staff side (issue #8): each mentor's record
 * (application reviewed, interview, background check; the code of conduct and
 * commitment are signed by the mentor elsewhere), their references with the
 * referee's form, and the daily notice of expired background checks.
 *
 * Screening records are sensitive: owners, admins and the program's
 * coordinators only, and every read is audited as well as every change.
 * Readiness (screened, trained, blockers) comes from services/safeguarding.ts,
 * so this page, matching and the compliance report agree.
 */
import { and, asc, eq, inArray, isNull, lte, ne, notInArray, or } from "drizzle-orm";
import { schema } from "@tandem/db";
import { addMonths, type ScreeningStepKey } from "@tandem/safeguarding";
import type { AuditEntry, TenantData } from "../data/tenant-data.js";
import { findUsersByIds } from "../data/users.js";
import type { Mailer } from "../email/mailer.js";
import { AppError, type FieldError } from "../errors.js";
import { findProgramBySlug, localToday, type ProgramRow } from "./forms.js";
import { type MentorReadiness, mentorReadinessOf, safeguardingSettingsOf } from "./safeguarding.js";
import { type ExpiredCheck, emailChecksExpired, emailReferee, emailReferenceArrived } from "./screening-emails.js";
import { hashToken, newToken } from "./tokens.js";

type ApplicationRow = typeof schema.applications.$inferSelect;
type ScreeningRow = typeof schema.mentorScreenings.$inferSelect;
type ReferenceRow = typeof schema.mentorReferences.$inferSelect;
type ScreeningSet = Partial<Omit<typeof schema.mentorScreenings.$inferInsert, "tenantId" | "applicationId" | "programId">>;

/** Who has left the program: not on the screening list, and not told about. */
const GONE: ApplicationRow["status"][] = ["withdrawn", "rejected"];
/** A mentor may have at most this many references on file. */
export const MAX_REFERENCES = 10;

export interface Mailing {
  mailer: Mailer;
  /** Where emailed links point (the request's origin). */
  origin: string;
}

// ---------------------------------------------------------------- reading

/** Where a mentor stands: screening steps, training, and whether they may enter matching. */
function statusView(entry: MentorReadiness) {
  const { screening, training, readiness } = entry;
  return {
    screened: screening.screened,
    steps: screening.steps.map((step) => ({ key: step.key, label: step.label, required: step.required, state: step.state, detail: step.detail })),
    expiresOn: screening.expiresOn,
    training: {
      complete: training.complete,
      requiredDone: training.requiredDone,
      requiredModules: training.requiredModules,
      minutesDone: training.minutesDone,
      minMinutes: training.minMinutes,
      missing: training.missing,
    },
    ready: readiness.ready,
    blockers: readiness.blockers,
  };
}

async function settingsView(tenantData: TenantData, program: ProgramRow) {
  const settings = await safeguardingSettingsOf(tenantData, program.id);
  return {
    settings,
    view: {
      screeningRequired: settings.screeningRequired,
      screeningSteps: settings.screeningSteps,
      referencesRequired: settings.referencesRequired,
      backgroundCheckValidMonths: settings.backgroundCheckValidMonths,
      commitmentMonths: settings.commitmentMonths,
      trainingRequired: settings.trainingRequired,
      minTrainingMinutes: settings.minTrainingMinutes,
    },
  };
}

/** Every mentor of the program still in it, with where they stand. The read is audited. */
export async function listScreening(tenantData: TenantData, programSlug: string) {
  const program = await findProgramBySlug(tenantData, programSlug);
  const { settings, view } = await settingsView(tenantData, program);
  const [mentors, readiness] = await Promise.all([
    tenantData.find(schema.applications, and(eq(schema.applications.programId, program.id), eq(schema.applications.role, "mentor"), notInArray(schema.applications.status, GONE))!, {
      orderBy: [asc(schema.applications.lastName), asc(schema.applications.firstName), asc(schema.applications.id)],
    }),
    mentorReadinessOf(tenantData, program, undefined, settings),
  ]);
  const rows = mentors.flatMap((mentor) => {
    const entry = readiness.get(mentor.id);
    if (!entry) return [];
    return [{ applicationId: mentor.id, firstName: mentor.firstName, lastName: mentor.lastName, email: mentor.email, status: mentor.status, ...statusView(entry) }];
  });
  await tenantData.write([], [{ action: "screening.list_viewed", entityType: "program", entityId: program.id, after: { mentors: rows.length } }]);
  return {
    program: { slug: program.slug, name: program.name },
    settings: view,
    today: localToday(tenantData.tenant.timezone),
    counts: { mentors: rows.length, screened: rows.filter((row) => row.screened).length, ready: rows.filter((row) => row.ready).length },
    mentors: rows,
  };
}

/** The program's mentor at `applicationId`; anything else (a mentee, another program's, another tenant's) is absent. */
async function mentorOf(tenantData: TenantData, program: ProgramRow, applicationId: string): Promise<ApplicationRow> {
  const mentor = await tenantData.findOne(schema.applications, and(eq(schema.applications.id, applicationId), eq(schema.applications.programId, program.id), eq(schema.applications.role, "mentor"))!);
  if (!mentor) throw AppError.notFound(`${program.name} has no volunteer mentor with this application.`);
  return mentor;
}

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

function referenceView(row: ReferenceRow) {
  const response = row.response as { answers?: Record<string, unknown>; signature?: string; submittedAt?: string } | null;
  return {
    id: row.id,
    name: row.name,
    email: row.contact,
    relationship: row.relationship,
    notes: row.notes,
    requestedAt: iso(row.requestedAt),
    receivedAt: iso(row.receivedAt),
    /** Whether the emailed form link still works. */
    linkOpen: row.tokenHash !== null,
    response: response ? { answers: response.answers ?? {}, signature: response.signature ?? "", submittedAt: response.submittedAt ?? iso(row.receivedAt) ?? "" } : null,
    createdAt: iso(row.createdAt)!,
  };
}

async function recordView(tenantData: TenantData, row: ScreeningRow | null) {
  const reviewer = row?.applicationReviewedBy ? (await findUsersByIds(tenantData.db, [row.applicationReviewedBy]))[0] : undefined;
  return {
    applicationReviewedAt: iso(row?.applicationReviewedAt),
    applicationReviewedBy: row?.applicationReviewedBy ? { id: row.applicationReviewedBy, name: reviewer?.name ?? "A former staff member" } : null,
    interview: row?.interviewOn ? { on: row.interviewOn, interviewer: row.interviewer ?? "", notes: row.interviewNotes } : null,
    backgroundCheck: row?.backgroundCheckStatus
      ? {
          provider: row.backgroundCheckProvider ?? "",
          requestedOn: row.backgroundCheckRequestedOn ?? "",
          status: row.backgroundCheckStatus,
          clearedOn: row.backgroundCheckClearedOn,
          expiresOn: row.backgroundCheckExpiresOn,
        }
      : null,
    codeOfConduct: row?.codeOfConductSignedAt ? { signature: row.codeOfConductSignature ?? "", signedAt: iso(row.codeOfConductSignedAt)!, ip: row.codeOfConductIp, text: row.codeOfConductText ?? "" } : null,
    commitment: row?.commitmentAcceptedAt ? { months: row.commitmentMonths ?? 0, acceptedAt: iso(row.commitmentAcceptedAt)! } : null,
    expiryNotifiedOn: row?.expiryNotifiedOn ?? null,
    updatedAt: iso(row?.updatedAt),
  };
}

/** One mentor's whole record, references and status; not audited (the caller audits the view or the change). */
async function detailOf(tenantData: TenantData, program: ProgramRow, mentor: ApplicationRow) {
  const { settings, view } = await settingsView(tenantData, program);
  const [record, references, readiness] = await Promise.all([
    tenantData.findOne(schema.mentorScreenings, eq(schema.mentorScreenings.applicationId, mentor.id)),
    tenantData.find(schema.mentorReferences, eq(schema.mentorReferences.applicationId, mentor.id), { orderBy: [asc(schema.mentorReferences.createdAt), asc(schema.mentorReferences.id)] }),
    mentorReadinessOf(tenantData, program, [mentor.id], settings),
  ]);
  return {
    program: { slug: program.slug, name: program.name },
    settings: view,
    today: localToday(tenantData.tenant.timezone),
    mentor: { applicationId: mentor.id, firstName: mentor.firstName, lastName: mentor.lastName, email: mentor.email, status: mentor.status, submittedAt: mentor.createdAt.toISOString() },
    record: await recordView(tenantData, record),
    references: references.map(referenceView),
    status: statusView(readiness.get(mentor.id)!),
  };
}

export type ScreeningDetail = Awaited<ReturnType<typeof detailOf>>;

/** One mentor's screening record. The read is audited. */
export async function getScreening(tenantData: TenantData, programSlug: string, applicationId: string): Promise<ScreeningDetail> {
  const program = await findProgramBySlug(tenantData, programSlug);
  const mentor = await mentorOf(tenantData, program, applicationId);
  const detail = await detailOf(tenantData, program, mentor);
  await tenantData.write([], [{ action: "screening.viewed", entityType: "application", entityId: mentor.id, after: { programId: program.id } }]);
  return detail;
}

// ---------------------------------------------------------------- changing the record

export interface ScreeningChanges {
  applicationReviewed?: boolean;
  interview?: { on: string; interviewer: string; notes?: string } | null;
  backgroundCheck?: { provider: string; requestedOn: string; status: "pending" | "cleared" | "flagged"; clearedOn?: string | null; expiresOn?: string | null } | null;
}

/** The stored columns for a change, after checking dates against each other and the institution's today. */
function columnsFor(changes: ScreeningChanges, existing: ScreeningRow | null, validMonths: number, today: string, actorUserId: string | null, now: Date): ScreeningSet {
  const problems: FieldError[] = [];
  const set: ScreeningSet = {};
  if (changes.applicationReviewed === true && !existing?.applicationReviewedAt) Object.assign(set, { applicationReviewedAt: now, applicationReviewedBy: actorUserId });
  if (changes.applicationReviewed === false) Object.assign(set, { applicationReviewedAt: null, applicationReviewedBy: null });
  if (changes.interview === null) Object.assign(set, { interviewOn: null, interviewer: null, interviewNotes: "" });
  else if (changes.interview) {
    const { on, interviewer, notes } = changes.interview;
    if (on > today) problems.push({ path: "body.interview.on", message: `must not be in the future (today is ${today})` });
    Object.assign(set, { interviewOn: on, interviewer, interviewNotes: notes ?? "" });
  }
  if (changes.backgroundCheck === null) {
    Object.assign(set, { backgroundCheckProvider: null, backgroundCheckRequestedOn: null, backgroundCheckStatus: null, backgroundCheckClearedOn: null, backgroundCheckExpiresOn: null });
  } else if (changes.backgroundCheck) {
    const { provider, requestedOn, status } = changes.backgroundCheck;
    const clearedOn = changes.backgroundCheck.clearedOn ?? null;
    let expiresOn = changes.backgroundCheck.expiresOn ?? null;
    const path = (field: string) => `body.backgroundCheck.${field}`;
    if (requestedOn > today) problems.push({ path: path("requestedOn"), message: `must not be in the future (today is ${today})` });
    if (status === "cleared") {
      if (!clearedOn) problems.push({ path: path("clearedOn"), message: "is required when the check is cleared" });
      else {
        if (clearedOn < requestedOn) problems.push({ path: path("clearedOn"), message: `must not be before the date the check was requested (${requestedOn})` });
        if (clearedOn > today) problems.push({ path: path("clearedOn"), message: `must not be in the future (today is ${today})` });
        const latest = addMonths(clearedOn, validMonths);
        expiresOn ??= latest;
        if (expiresOn <= clearedOn) problems.push({ path: path("expiresOn"), message: `must be after the date the check cleared (${clearedOn})` });
        // An earlier expiry (the provider's own) is fine; a later one would outlast what the program accepts.
        else if (expiresOn > latest) problems.push({ path: path("expiresOn"), message: `must be on or before ${latest}: the program accepts a check for ${validMonths} months` });
      }
    } else {
      if (clearedOn) problems.push({ path: path("clearedOn"), message: `is only recorded for a cleared check; this one is ${status}` });
      if (expiresOn) problems.push({ path: path("expiresOn"), message: `is only recorded for a cleared check; this one is ${status}` });
    }
    Object.assign(set, {
      backgroundCheckProvider: provider,
      backgroundCheckRequestedOn: requestedOn,
      backgroundCheckStatus: status,
      backgroundCheckClearedOn: status === "cleared" ? clearedOn : null,
      backgroundCheckExpiresOn: status === "cleared" ? expiresOn : null,
    });
  }
  if (problems.length > 0) throw AppError.validation(problems);
  return set;
}

const auditable = (value: unknown) => (value instanceof Date ? value.toISOString() : (value ?? null));

/**
 * Records the application review, the interview or the background check
 * (each replaced whole, or cleared with null). A cleared check expires after
 * the program's validity unless a date is given. Audited with what changed.
 */
export async function updateScreening(tenantData: TenantData, programSlug: string, applicationId: string, changes: ScreeningChanges, actorUserId: string | null): Promise<ScreeningDetail> {
  const program = await findProgramBySlug(tenantData, programSlug);
  const mentor = await mentorOf(tenantData, program, applicationId);
  const [existing, settings] = await Promise.all([tenantData.findOne(schema.mentorScreenings, eq(schema.mentorScreenings.applicationId, mentor.id)), safeguardingSettingsOf(tenantData, program.id)]);
  const now = new Date();
  const set = columnsFor(changes, existing, settings.backgroundCheckValidMonths, localToday(tenantData.tenant.timezone), actorUserId, now);
  const changed = (Object.keys(set) as (keyof ScreeningSet)[]).filter((key) => auditable(set[key]) !== auditable(existing?.[key as keyof ScreeningRow] ?? (key === "interviewNotes" ? "" : null)));
  if (changed.length > 0) {
    const before = Object.fromEntries(changed.map((key) => [key, auditable(existing?.[key as keyof ScreeningRow])]));
    const after = Object.fromEntries(changed.map((key) => [key, auditable(set[key])]));
    await tenantData.write(
      [
        tenantData
          .insert(schema.mentorScreenings, { applicationId: mentor.id, programId: program.id, ...set, updatedAt: now })
          .onConflictDoUpdate({ target: [schema.mentorScreenings.tenantId, schema.mentorScreenings.applicationId], set: { ...set, updatedAt: now } }),
      ],
      [{ action: "screening.updated", entityType: "application", entityId: mentor.id, before, after }],
    );
  } else {
    // Nothing changed, yet the answer shows the whole record: a view, audited as one.
    await tenantData.write([], [{ action: "screening.viewed", entityType: "application", entityId: mentor.id }]);
  }
  return detailOf(tenantData, program, mentor);
}

// ---------------------------------------------------------------- references

export interface NewReference {
  name: string;
  email: string;
  relationship?: string;
  send?: boolean;
}

async function referenceOf(tenantData: TenantData, program: ProgramRow, mentor: ApplicationRow, referenceId: string): Promise<ReferenceRow> {
  const reference = await tenantData.findOne(
    schema.mentorReferences,
    and(eq(schema.mentorReferences.id, referenceId), eq(schema.mentorReferences.applicationId, mentor.id), eq(schema.mentorReferences.programId, program.id))!,
  );
  if (!reference) throw AppError.notFound(`${mentor.firstName} ${mentor.lastName} has no such reference.`);
  return reference;
}

/** Adds a referee; unless told not to, emails them the form link at once. */
export async function addReference(mailing: Mailing, tenantData: TenantData, programSlug: string, applicationId: string, input: NewReference): Promise<ScreeningDetail> {
  const program = await findProgramBySlug(tenantData, programSlug);
  const mentor = await mentorOf(tenantData, program, applicationId);
  const existing = await tenantData.count(schema.mentorReferences, eq(schema.mentorReferences.applicationId, mentor.id));
  if (existing >= MAX_REFERENCES) throw new AppError(409, "too-many-references", `A mentor can have at most ${MAX_REFERENCES} references. Delete one that is no longer needed first.`);
  const send = input.send ?? true;
  const token = send ? newToken() : null;
  const now = new Date();
  const id = crypto.randomUUID();
  await tenantData.write(
    [
      tenantData.insert(schema.mentorReferences, {
        id,
        programId: program.id,
        applicationId: mentor.id,
        name: input.name,
        contact: input.email,
        relationship: input.relationship ?? "",
        tokenHash: token ? await hashToken(token) : null,
        requestedAt: token ? now : null,
      }),
    ],
    [{ action: "screening.reference_added", entityType: "application", entityId: mentor.id, after: { referenceId: id, name: input.name, email: input.email, relationship: input.relationship ?? "", requested: send } }],
  );
  if (token) await emailReferee(mailing.mailer, mailing.origin, tenantData, program, mentor, { name: input.name, email: input.email }, token);
  return detailOf(tenantData, program, mentor);
}

/** Marks a reference received (by phone, on paper) or not, and keeps the coordinator's notes. */
export async function updateReference(tenantData: TenantData, programSlug: string, applicationId: string, referenceId: string, input: { received?: boolean; notes?: string }): Promise<ScreeningDetail> {
  const program = await findProgramBySlug(tenantData, programSlug);
  const mentor = await mentorOf(tenantData, program, applicationId);
  const reference = await referenceOf(tenantData, program, mentor, referenceId);
  const set: Partial<typeof schema.mentorReferences.$inferInsert> = {};
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  if (input.received === true && !reference.receivedAt) {
    // Received another way: the emailed form is no longer needed.
    Object.assign(set, { receivedAt: new Date(), tokenHash: null });
    Object.assign(before, { received: false });
    Object.assign(after, { received: true });
  } else if (input.received === false && reference.receivedAt) {
    Object.assign(set, { receivedAt: null });
    Object.assign(before, { received: true });
    Object.assign(after, { received: false });
  }
  if (input.notes !== undefined && input.notes !== reference.notes) {
    set.notes = input.notes;
    Object.assign(before, { notes: reference.notes });
    Object.assign(after, { notes: input.notes });
  }
  if (Object.keys(set).length > 0) {
    await tenantData.write(
      [tenantData.update(schema.mentorReferences, set, eq(schema.mentorReferences.id, reference.id))],
      [{ action: "screening.reference_updated", entityType: "application", entityId: mentor.id, before: { referenceId: reference.id, ...before }, after: { referenceId: reference.id, ...after } }],
    );
  } else {
    // Nothing changed, yet the answer shows the whole record: a view, audited as one.
    await tenantData.write([], [{ action: "screening.viewed", entityType: "application", entityId: mentor.id }]);
  }
  return detailOf(tenantData, program, mentor);
}

/** Emails the referee a new link; the old one stops working. Not for a reference already received. */
export async function resendReference(mailing: Mailing, tenantData: TenantData, programSlug: string, applicationId: string, referenceId: string): Promise<ScreeningDetail> {
  const program = await findProgramBySlug(tenantData, programSlug);
  const mentor = await mentorOf(tenantData, program, applicationId);
  const reference = await referenceOf(tenantData, program, mentor, referenceId);
  if (reference.receivedAt) throw new AppError(409, "reference-received", `The reference from ${reference.name} has already been received. Mark it not received first if you need to ask again.`);
  const token = newToken();
  const now = new Date();
  await tenantData.write(
    [tenantData.update(schema.mentorReferences, { tokenHash: await hashToken(token), requestedAt: now }, and(eq(schema.mentorReferences.id, reference.id), isNull(schema.mentorReferences.receivedAt))!)],
    [{ action: "screening.reference_resent", entityType: "application", entityId: mentor.id, before: { referenceId: reference.id, requestedAt: iso(reference.requestedAt) }, after: { referenceId: reference.id, requestedAt: now.toISOString() } }],
  );
  await emailReferee(mailing.mailer, mailing.origin, tenantData, program, mentor, { name: reference.name, email: reference.contact }, token);
  return detailOf(tenantData, program, mentor);
}

export async function deleteReference(tenantData: TenantData, programSlug: string, applicationId: string, referenceId: string): Promise<ScreeningDetail> {
  const program = await findProgramBySlug(tenantData, programSlug);
  const mentor = await mentorOf(tenantData, program, applicationId);
  const reference = await referenceOf(tenantData, program, mentor, referenceId);
  await tenantData.write(
    [tenantData.delete(schema.mentorReferences, eq(schema.mentorReferences.id, reference.id))],
    [
      {
        action: "screening.reference_deleted",
        entityType: "application",
        entityId: mentor.id,
        before: { referenceId: reference.id, name: reference.name, email: reference.contact, received: reference.receivedAt !== null },
      },
    ],
  );
  return detailOf(tenantData, program, mentor);
}

// ---------------------------------------------------------------- the referee's form

export const KNOWN_FOR = ["less_than_1_year", "1_to_3_years", "more_than_3_years"] as const;
export const SUITABLE = ["yes", "no", "unsure"] as const;
export const RECOMMEND = ["yes", "no"] as const;

export interface ReferenceAnswers {
  knownFor: (typeof KNOWN_FOR)[number];
  relationship: string;
  suitableWithYoungPeople: (typeof SUITABLE)[number];
  concerns: string;
  recommend: (typeof RECOMMEND)[number];
  comments: string;
}

/** The referee's questions, worded for this mentor; the page draws its form from these. */
export function referenceQuestions(firstName: string) {
  return [
    {
      key: "knownFor",
      type: "single_choice" as const,
      label: `How long have you known ${firstName}?`,
      required: true,
      choices: [
        { value: "less_than_1_year", label: "Less than 1 year" },
        { value: "1_to_3_years", label: "1–3 years" },
        { value: "more_than_3_years", label: "More than 3 years" },
      ],
    },
    { key: "relationship", type: "short_text" as const, label: `How do you know ${firstName}?`, help: "For example: colleague, manager, neighbor, coach.", required: true, max: 200 },
    {
      key: "suitableWithYoungPeople",
      type: "single_choice" as const,
      label: `Do you think ${firstName} is suitable to work with young people?`,
      required: true,
      choices: [
        { value: "yes", label: "Yes" },
        { value: "no", label: "No" },
        { value: "unsure", label: "I'm not sure" },
      ],
    },
    {
      key: "concerns",
      type: "long_text" as const,
      label: `Do you have any concerns about ${firstName} spending time with young people?`,
      help: "Leave empty if you have none. What you write goes to the program's coordinators only.",
      required: false,
      max: 2000,
    },
    {
      key: "recommend",
      type: "single_choice" as const,
      label: `Would you recommend ${firstName} as a volunteer mentor?`,
      required: true,
      choices: [
        { value: "yes", label: "Yes" },
        { value: "no", label: "No" },
      ],
    },
    { key: "comments", type: "long_text" as const, label: "Anything else you would like us to know?", required: false, max: 2000 },
  ];
}

async function byToken(tenantData: TenantData, token: string) {
  const notRecognised = new AppError(404, "link-not-recognised", "This reference link is not recognised: it may have been used already or replaced by a newer one. Use the newest email you received, or contact the program's coordinator.");
  const reference = await tenantData.findOne(schema.mentorReferences, eq(schema.mentorReferences.tokenHash, await hashToken(token)));
  if (!reference) throw notRecognised;
  const [program, mentor] = await Promise.all([
    tenantData.findOne(schema.programs, eq(schema.programs.id, reference.programId)),
    tenantData.findOne(schema.applications, eq(schema.applications.id, reference.applicationId)),
  ]);
  if (!program || !mentor) throw notRecognised;
  return { reference, program, mentor };
}

/** What the referee sees: who asks, about whom (first name and last initial only), and the questions. */
export async function getReferenceRequest(tenantData: TenantData, token: string) {
  const { reference, program, mentor } = await byToken(tenantData, token);
  return {
    institution: { name: tenantData.tenant.name },
    program: { name: program.name },
    mentor: { firstName: mentor.firstName, lastInitial: mentor.lastName.trim().charAt(0).toUpperCase() },
    refereeName: reference.name,
    questions: referenceQuestions(mentor.firstName),
    submitted: reference.receivedAt !== null,
  };
}

/** Records the referee's answers and signature; the link works once. The coordinators hear that it arrived. */
export async function submitReference(mailing: Mailing, tenantData: TenantData, token: string, answers: ReferenceAnswers, signature: string, ip: string) {
  const { reference, program, mentor } = await byToken(tenantData, token);
  const receivedAt = new Date();
  const response = { answers, signature, submittedAt: receivedAt.toISOString(), ip };
  const recorded = await tenantData.transaction(async (txData) => {
    const [rows] = (await txData.write([
      txData
        .update(schema.mentorReferences, { response, receivedAt, tokenHash: null }, and(eq(schema.mentorReferences.id, reference.id), eq(schema.mentorReferences.tokenHash, reference.tokenHash!))!)
        .returning({ id: schema.mentorReferences.id }),
    ])) as { id: string }[][];
    if (!rows?.length) return false;
    await txData.write([], [{ action: "screening.reference_received", entityType: "application", entityId: mentor.id, after: { referenceId: reference.id, name: reference.name, signature, receivedAt: receivedAt.toISOString() } }]);
    return true;
  });
  if (!recorded) throw new AppError(404, "link-not-recognised", "This reference link was used or replaced a moment ago. Use the newest email you received, or contact the program's coordinator.");
  await emailReferenceArrived(mailing.mailer, mailing.origin, tenantData, program, mentor, reference.name);
  return { submitted: true as const, receivedAt: receivedAt.toISOString() };
}

// ---------------------------------------------------------------- expiry

/**
 * The daily scan's part: in programs that require a background check, mentors
 * whose cleared check has expired by `today` (local date) and who were not yet
 * reported for that expiry. One email per program to its coordinators (or the
 * owners and admins), then each mentor is marked and audited in one batch.
 * Returns how many mentors were newly reported; a second call the same day reports none.
 */
export async function notifyExpiredScreenings(tenantData: TenantData, mailer: Mailer, origin: string, today: string): Promise<number> {
  const configured = await tenantData.find(schema.programSafeguarding, eq(schema.programSafeguarding.screeningRequired, true));
  const programIds = configured.filter((row) => (row.screeningSteps as ScreeningStepKey[]).includes("background_check")).map((row) => row.programId);
  if (programIds.length === 0) return 0;
  const due = await tenantData.find(
    schema.mentorScreenings,
    and(
      inArray(schema.mentorScreenings.programId, programIds),
      eq(schema.mentorScreenings.backgroundCheckStatus, "cleared"),
      lte(schema.mentorScreenings.backgroundCheckExpiresOn, today),
      or(isNull(schema.mentorScreenings.expiryNotifiedOn), ne(schema.mentorScreenings.expiryNotifiedOn, schema.mentorScreenings.backgroundCheckExpiresOn)),
    )!,
  );
  if (due.length === 0) return 0;
  const [mentors, programs] = await Promise.all([
    tenantData.find(schema.applications, and(inArray(schema.applications.id, due.map((row) => row.applicationId)), notInArray(schema.applications.status, GONE))!),
    tenantData.find(schema.programs, inArray(schema.programs.id, [...new Set(due.map((row) => row.programId))])),
  ]);
  const mark = (row: ScreeningRow) =>
    tenantData.update(
      schema.mentorScreenings,
      { expiryNotifiedOn: row.backgroundCheckExpiresOn },
      and(eq(schema.mentorScreenings.applicationId, row.applicationId), eq(schema.mentorScreenings.backgroundCheckExpiresOn, row.backgroundCheckExpiresOn!))!,
    );
  const expiredAudit = (row: ScreeningRow, coordinatorsTold: boolean): AuditEntry => ({
    action: "screening.expired",
    entityType: "application",
    entityId: row.applicationId,
    before: { backgroundCheckStatus: "cleared", expiryNotifiedOn: row.expiryNotifiedOn },
    after: { backgroundCheckExpiresOn: row.backgroundCheckExpiresOn, expiryNotifiedOn: row.backgroundCheckExpiresOn, coordinatorsTold },
  });
  // Mentors who left (withdrawn, rejected) are nobody's concern: marked without an email, so the daily sweep stops finding them.
  const left = due.filter((row) => !mentors.some((mentor) => mentor.id === row.applicationId));
  if (left.length > 0) await tenantData.write(left.map(mark), left.map((row) => expiredAudit(row, false)));
  let notified = 0;
  for (const program of programs) {
    const expired = due
      .filter((row) => row.programId === program.id)
      .flatMap((row) => {
        const mentor = mentors.find((candidate) => candidate.id === row.applicationId);
        return mentor ? [{ row, mentor }] : [];
      })
      .sort((a, b) => a.mentor.lastName.localeCompare(b.mentor.lastName) || a.mentor.firstName.localeCompare(b.mentor.firstName));
    if (expired.length === 0) continue;
    const checks: ExpiredCheck[] = expired.map(({ row, mentor }) => ({ firstName: mentor.firstName, lastName: mentor.lastName, clearedOn: row.backgroundCheckClearedOn, expiresOn: row.backgroundCheckExpiresOn! }));
    // Told first, marked after: a failure in between repeats the notice tomorrow rather than losing it.
    await emailChecksExpired(mailer, origin, tenantData, program, checks);
    await tenantData.write(
      expired.map(({ row }) => mark(row)),
      expired.map(({ row }) => expiredAudit(row, true)),
    );
    notified += expired.length;
  }
  return notified;
}
