/**
 * The database schema. Every tenant-owned table carries `tenant_id`, and every
 * index that serves tenant queries starts with it, so a tenant's rows are one
 * contiguous index range and a query without the tenant filter stands out.
 *
 * Conventions: text ids (UUIDs), timestamps as integer milliseconds since the
 * epoch, calendar dates as ISO `YYYY-MM-DD` text, lists and answers as JSON text.
 */
import { relations, sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const TENANT_KINDS = ["university", "school", "community_org", "other"] as const;
export const PROGRAM_TYPES = ["peer", "faculty_student", "community"] as const;
export const PROGRAM_STATUSES = ["draft", "enrolling", "matching", "active", "closed"] as const;
export const PARTICIPANT_ROLES = ["mentor", "mentee"] as const;
export const APPLICATION_STATUSES = ["pending_consent", "submitted", "approved", "waitlisted", "rejected", "withdrawn"] as const;
export const MEMBERSHIP_ROLES = ["owner", "admin", "coordinator", "viewer"] as const;

/** A timestamp column that defaults to the moment the row is written. */
const timestampNow = (column: string) =>
  integer(column, { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);
const createdAt = () => timestampNow("created_at");
const updatedAt = () => timestampNow("updated_at");

/** An institution: the tenant. */
export const tenants = sqliteTable("tenants", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  kind: text("kind", { enum: TENANT_KINDS }).notNull(),
  timezone: text("timezone").notNull(),
  /** Branding for the embedded forms and emails: a #rrggbb color and an https logo URL. */
  brandColor: text("brand_color").notNull().default("#0b6e4f"),
  logoUrl: text("logo_url"),
  /** Origins (scheme://host[:port]) whose pages may embed and post this institution's forms. */
  allowedEmbedOrigins: text("allowed_embed_origins", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
  turnstileEnabled: integer("turnstile_enabled", { mode: "boolean" }).notNull().default(false),
  /**
   * The institution's own Turnstile widget: the widget's hostname list must name
   * the sites that embed the form, which only the institution knows. The secret
   * is write-only through the API.
   */
  turnstileSiteKey: text("turnstile_site_key"),
  turnstileSecretKey: text("turnstile_secret_key"),
  createdAt: createdAt(),
});

/**
 * A person who can sign in; one email may belong to several institutions.
 * Also better-auth's user model (hence email_verified and image).
 */
export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  emailVerified: integer("email_verified", { mode: "boolean" }).notNull().default(false),
  image: text("image"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** Signed-in sessions (better-auth). Deleting the row revokes the session at once. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    token: text("token").notNull().unique(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Sign-in methods of a user (better-auth); provider `credential` holds the password hash. */
export const accounts = sqliteTable(
  "accounts",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: integer("access_token_expires_at", { mode: "timestamp_ms" }),
    refreshTokenExpiresAt: integer("refresh_token_expires_at", { mode: "timestamp_ms" }),
    scope: text("scope"),
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("accounts_user_idx").on(t.userId)],
);

/** One-time tokens (better-auth): sign-in links, stored hashed, deleted when used. */
export const verifications = sqliteTable(
  "verifications",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("verifications_identifier_idx").on(t.identifier)],
);

// Relations let better-auth read a session and its user in one query. With
// `usePlural`, one-relations are named by the singular model, many by the plural.
export const usersRelations = relations(users, ({ many }) => ({ sessions: many(sessions), accounts: many(accounts) }));
export const sessionsRelations = relations(sessions, ({ one }) => ({ user: one(users, { fields: [sessions.userId], references: [users.id] }) }));
export const accountsRelations = relations(accounts, ({ one }) => ({ user: one(users, { fields: [accounts.userId], references: [users.id] }) }));

/** A user's staff role inside one institution. */
export const memberships = sqliteTable(
  "memberships",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: MEMBERSHIP_ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

/** One mentoring initiative of an institution. */
export const programs = sqliteTable(
  "programs",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    type: text("type", { enum: PROGRAM_TYPES }).notNull(),
    description: text("description").notNull().default(""),
    objectives: text("objectives", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    targetAudience: text("target_audience").notNull().default(""),
    expectations: text("expectations").notNull().default(""),
    startsOn: text("starts_on"),
    endsOn: text("ends_on"),
    enrollmentOpensOn: text("enrollment_opens_on"),
    enrollmentClosesOn: text("enrollment_closes_on"),
    mentorCapacity: integer("mentor_capacity").notNull().default(1),
    checkinCadenceDays: integer("checkin_cadence_days").notNull().default(14),
    /** Mentees younger than this need a guardian's consent; null when the program never needs it. */
    guardianConsentUnderAge: integer("guardian_consent_under_age"),
    status: text("status", { enum: PROGRAM_STATUSES }).notNull().default("draft"),
    /** How the program matches (see @tandem/programs `MatchingSettings`); null: the defaults for its type and forms. */
    matchingSettings: text("matching_settings", { mode: "json" }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("programs_tenant_slug_uq").on(t.tenantId, t.slug), index("programs_tenant_status_idx").on(t.tenantId, t.status)],
);

/** Which coordinators run which programs: a coordinator sees only the programs assigned to them. */
export const programCoordinators = sqliteTable(
  "program_coordinators",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.programId, t.userId] }), index("program_coordinators_tenant_user_idx").on(t.tenantId, t.userId)],
);

/** A program's enrollment form for one role, as a @tandem/forms definition. */
export const programForms = sqliteTable(
  "program_forms",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    role: text("role", { enum: PARTICIPANT_ROLES }).notNull(),
    definition: text("definition", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.programId, t.role] })],
);

/** Answers a participant gives on an enrollment form, keyed by question key. */
export type ApplicationAnswers = Record<string, string | number | boolean | string[] | null>;

/** A person's enrollment in a program as mentor or mentee. */
export const applications = sqliteTable(
  "applications",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    role: text("role", { enum: PARTICIPANT_ROLES }).notNull(),
    status: text("status", { enum: APPLICATION_STATUSES }).notNull().default("submitted"),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    email: text("email").notNull(),
    answers: text("answers", { mode: "json" }).$type<ApplicationAnswers>().notNull().default(sql`'{}'`),
    /** Hash of the token in the applicant's status-page link (they have no account). */
    statusTokenHash: text("status_token_hash").unique(),
    /** Hash of the token in the guardian's consent link, while consent is pending. */
    consentTokenHash: text("consent_token_hash").unique(),
    /** The guardian's electronic signature: typed name, when, from where. */
    guardianSignature: text("guardian_signature"),
    guardianConsentedAt: integer("guardian_consented_at", { mode: "timestamp_ms" }),
    guardianConsentIp: text("guardian_consent_ip"),
    /** Hash of the token in the guardian's "manage consent" link, sent once they consent (withdrawal stays possible). */
    guardianTokenHash: text("guardian_token_hash").unique(),
    /** When the guardian withdrew consent; cleared when they consent again. */
    guardianConsentWithdrawnAt: integer("guardian_consent_withdrawn_at", { mode: "timestamp_ms" }),
    /** Self-match: a mentor who left too many requests unanswered stops being suggested until they resume. */
    suggestionsPausedAt: integer("suggestions_paused_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("applications_tenant_program_role_email_uq").on(t.tenantId, t.programId, t.role, t.email),
    index("applications_tenant_program_status_idx").on(t.tenantId, t.programId, t.status),
  ],
);

/** Idempotency ledger for queue jobs: a redelivered message whose key is here changes nothing. */
export const processedJobs = sqliteTable("processed_jobs", {
  idempotencyKey: text("idempotency_key").primaryKey(),
  kind: text("kind").notNull(),
  processedAt: timestampNow("processed_at"),
});

/** Jobs that exhausted their retries (written by the dead-letter consumer) or could never be run. */
export const failedJobs = sqliteTable(
  "failed_jobs",
  {
    id: text("id").primaryKey(),
    queue: text("queue").notNull(),
    kind: text("kind"),
    body: text("body").notNull(),
    reason: text("reason").notNull(),
    attempts: integer("attempts").notNull(),
    /** The institution the job was for, when it names one, so its console can show the failure. */
    tenantId: text("tenant_id"),
    failedAt: timestampNow("failed_at"),
  },
  (t) => [index("failed_jobs_failed_at_idx").on(t.failedAt), index("failed_jobs_tenant_failed_at_idx").on(t.tenantId, t.failedAt)],
);

/**
 * What an institution's staff changed: who, what, when, and before/after for
 * updates. Written in the same batch as the change it records.
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    /** Null for changes the system makes on its own (e.g. a signup before anyone has signed in). */
    actorUserId: text("actor_user_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    before: text("before", { mode: "json" }).$type<Record<string, unknown> | null>(),
    after: text("after", { mode: "json" }).$type<Record<string, unknown> | null>(),
    requestId: text("request_id"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_events_tenant_created_idx").on(t.tenantId, t.createdAt)],
);

/**
 * Every email the app sends. Locally and in tests this is the only delivery
 * (read it at GET /api/v1/dev/outbox); in production it is the sent log.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: text("id").primaryKey(),
    /** Null for emails that belong to no institution (e.g. a sign-in link). */
    tenantId: text("tenant_id").references(() => tenants.id, { onDelete: "cascade" }),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    /** What kind of email, e.g. `auth.sign_in_link`, for filtering and reports. */
    kind: text("kind").notNull(),
    /** Extra headers the email carried, e.g. `List-Unsubscribe`. */
    headers: text("headers", { mode: "json" }).$type<Record<string, string>>(),
    createdAt: createdAt(),
  },
  (t) => [index("email_outbox_created_idx").on(t.createdAt), index("email_outbox_tenant_created_idx").on(t.tenantId, t.createdAt)],
);

/** Fixed-window rate-limit counters (see @tandem/rate-limit); expired rows are pruned daily. */
export const rateLimitCounters = sqliteTable(
  "rate_limit_counters",
  {
    key: text("key").primaryKey(),
    count: integer("count").notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("rate_limit_counters_expires_idx").on(t.expiresAt)],
);

export const INVITATION_STATUSES = ["pending", "accepted", "revoked"] as const;

/** An emailed invitation to join an institution's staff with a role. Only the token's hash is stored. */
export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: MEMBERSHIP_ROLES }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    invitedByUserId: text("invited_by_user_id").references(() => users.id, { onDelete: "set null" }),
    status: text("status", { enum: INVITATION_STATUSES }).notNull().default("pending"),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    acceptedAt: integer("accepted_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("invitations_tenant_status_idx").on(t.tenantId, t.status), index("invitations_tenant_email_idx").on(t.tenantId, t.email)],
);

/** Hostnames that resolve to an institution: `{slug}.<base domain>` needs no row; custom domains do. */
export const tenantDomains = sqliteTable(
  "tenant_domains",
  {
    hostname: text("hostname").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [index("tenant_domains_tenant_idx").on(t.tenantId)],
);

export const MATCHING_RUN_STATUSES = ["running", "proposed", "approved", "discarded", "failed"] as const;

/**
 * One run of the matching engine over a program's approved applicants: a
 * proposal the coordinator adjusts and approves, or discards. Pairs name
 * applications; the proposal keeps the engine's scores and reasons.
 */
export const matchingRuns = sqliteTable(
  "matching_runs",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    status: text("status", { enum: MATCHING_RUN_STATUSES }).notNull(),
    /** `all`: everyone approved and unmatched; `late_joiners`: the same, around the program's approved matches. */
    scope: text("scope", { enum: ["all", "late_joiners"] }).notNull().default("all"),
    /** The criteria and objective the run used, as they were. */
    settings: text("settings", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** The coordinator's decisions the run honours: pairs to keep, pairs never to propose. */
    locked: text("locked", { mode: "json" }).$type<{ mentor: string; mentee: string }[]>().notNull().default(sql`'[]'`),
    excluded: text("excluded", { mode: "json" }).$type<{ mentor: string; mentee: string }[]>().notNull().default(sql`'[]'`),
    /** Bumped by every change to the proposal, so two coordinators adjusting at once cannot overwrite each other. */
    revision: integer("revision").notNull().default(0),
    /** Share of the solve done, 0–100, for the progress bar of a queued run. */
    progress: integer("progress").notNull().default(0),
    /** The engine's output with the coordinator's adjustments applied; null until the run completes. */
    proposal: text("proposal", { mode: "json" }).$type<Record<string, unknown>>(),
    error: text("error"),
    createdByUserId: text("created_by_user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("matching_runs_tenant_program_created_idx").on(t.tenantId, t.programId, t.createdAt)],
);

export const MATCH_STATUSES = ["active", "closed"] as const;
export const MATCH_SOURCES = ["matching_run", "self_match"] as const;
export const MATCH_PAUSE_REASONS = ["guardian_consent_withdrawn"] as const;

/** A mentor and a mentee paired in a program: the relationship issue #6 builds on. */
export const matches = sqliteTable(
  "matches",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    mentorApplicationId: text("mentor_application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
    menteeApplicationId: text("mentee_application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
    status: text("status", { enum: MATCH_STATUSES }).notNull().default("active"),
    source: text("source", { enum: MATCH_SOURCES }).notNull(),
    matchingRunId: text("matching_run_id").references(() => matchingRuns.id, { onDelete: "set null" }),
    /** The pair's score (0–1) and its per-criterion reasons, as proposed. */
    score: real("score").notNull(),
    reasons: text("reasons", { mode: "json" }).$type<{ key: string; similarity: number; contribution: number }[]>().notNull().default(sql`'[]'`),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    closedAt: integer("closed_at", { mode: "timestamp_ms" }),
    /** When both people (and a guardian) were sent their introduction; null until then, so a lost job is found and redone. */
    introducedAt: integer("introduced_at", { mode: "timestamp_ms" }),
    /** While paused (a guardian withdrew consent): no reminders, no meetings logged; null when running. */
    pausedAt: integer("paused_at", { mode: "timestamp_ms" }),
    pauseReason: text("pause_reason", { enum: MATCH_PAUSE_REASONS }),
    createdAt: createdAt(),
  },
  (t) => [
    // The hourly sweep's scan for introductions that never went out: only those rows are indexed.
    index("matches_unintroduced_created_idx").on(t.createdAt).where(sql`introduced_at IS NULL`),
    // A mentee has one active mentor: a second approval of the same person fails instead of doubling up.
    uniqueIndex("matches_tenant_active_mentee_uq").on(t.tenantId, t.menteeApplicationId).where(sql`status = 'active'`),
    index("matches_tenant_program_status_idx").on(t.tenantId, t.programId, t.status),
    index("matches_tenant_mentor_idx").on(t.tenantId, t.mentorApplicationId),
  ],
);

export const MATCH_REQUEST_STATUSES = ["pending", "accepted", "declined", "expired", "cancelled"] as const;

/** Self-match: a mentee asks a suggested mentor; the mentor accepts or declines, or the request expires. */
export const matchRequests = sqliteTable(
  "match_requests",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    mentorApplicationId: text("mentor_application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
    menteeApplicationId: text("mentee_application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
    status: text("status", { enum: MATCH_REQUEST_STATUSES }).notNull().default("pending"),
    message: text("message").notNull().default(""),
    /** Hash of the token in the mentor's accept/decline links. */
    responseTokenHash: text("response_token_hash").unique(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    respondedAt: integer("responded_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    // One open request per mentee at a time.
    uniqueIndex("match_requests_tenant_pending_mentee_uq").on(t.tenantId, t.menteeApplicationId).where(sql`status = 'pending'`),
    index("match_requests_tenant_mentor_status_idx").on(t.tenantId, t.mentorApplicationId, t.status),
    index("match_requests_tenant_program_status_idx").on(t.tenantId, t.programId, t.status),
  ],
);

/**
 * Self-match: which mentors a mentee is being shown, until when. A mentor is
 * shown to no more mentees at once than they have open places, which also
 * rotates the most attractive profiles instead of advertising them to everyone.
 */
export const matchSuggestions = sqliteTable(
  "match_suggestions",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    menteeApplicationId: text("mentee_application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
    mentorApplicationId: text("mentor_application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
    score: real("score").notNull(),
    reasons: text("reasons", { mode: "json" }).$type<{ key: string; similarity: number; contribution: number }[]>().notNull().default(sql`'[]'`),
    shownAt: integer("shown_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.menteeApplicationId, t.mentorApplicationId] }),
    index("match_suggestions_tenant_mentor_expires_idx").on(t.tenantId, t.mentorApplicationId, t.expiresAt),
  ],
);

// ── The mentoring relationship (issue #6) ────────────────────────────────────

/** Why a match ended: `completed` when it ran to the program's end, the others for an early close. */
export const MATCH_CLOSE_REASONS = ["completed", "schedule_conflict", "lost_contact", "not_a_good_fit", "personal_circumstances", "left_program", "goals_met_early", "safeguarding_concern", "other"] as const;
export const MATCH_CLOSED_BY = ["mentor", "mentee", "coordinator", "system"] as const;
/** After a match closes, each person is re-matched or leaves the program. */
export const CLOSURE_NEXT_STEPS = ["rematch", "exit"] as const;

/**
 * The relationship side of a match: agreement acknowledgements, the pair's
 * video meeting link, and how it closed. One row per match, written when the
 * pair first does something (a match without a row has done nothing yet).
 */
export const matchRelationships = sqliteTable(
  "match_relationships",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    matchId: text("match_id").notNull().references(() => matches.id, { onDelete: "cascade" }),
    mentorAcknowledgedAt: integer("mentor_acknowledged_at", { mode: "timestamp_ms" }),
    menteeAcknowledgedAt: integer("mentee_acknowledged_at", { mode: "timestamp_ms" }),
    /** A video meeting link for remote mentoring (https only). */
    meetingUrl: text("meeting_url"),
    closeReason: text("close_reason", { enum: MATCH_CLOSE_REASONS }),
    closeNote: text("close_note"),
    closedBy: text("closed_by", { enum: MATCH_CLOSED_BY }),
    /** The closure procedure (issue #8): the closing conversation, and what comes next for each side. */
    closureConversationOn: text("closure_conversation_on"),
    closureConversationNote: text("closure_conversation_note"),
    mentorNextStep: text("mentor_next_step", { enum: CLOSURE_NEXT_STEPS }),
    menteeNextStep: text("mentee_next_step", { enum: CLOSURE_NEXT_STEPS }),
    /** When the closure survey had been emailed to both people: the procedure's record that it was sent. */
    closureSurveySentAt: integer("closure_survey_sent_at", { mode: "timestamp_ms" }),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.matchId] })],
);

export const GOAL_STATUSES = ["open", "achieved", "dropped"] as const;
export interface GoalMilestone {
  id: string;
  title: string;
  done: boolean;
}

/** A goal the pair works toward; visible to both and to the program's coordinators. */
export const matchGoals = sqliteTable(
  "match_goals",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    matchId: text("match_id").notNull().references(() => matches.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    why: text("why").notNull().default(""),
    /** Local calendar date, or null. */
    targetOn: text("target_on"),
    status: text("status", { enum: GOAL_STATUSES }).notNull().default("open"),
    /** 0–100, set by the pair. */
    progress: integer("progress").notNull().default(0),
    milestones: text("milestones", { mode: "json" }).$type<GoalMilestone[]>().notNull().default(sql`'[]'`),
    createdByApplicationId: text("created_by_application_id"),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("match_goals_tenant_match_idx").on(t.tenantId, t.matchId)],
);

export const CHECKIN_OUTCOMES = ["met", "not_yet", "need_help"] as const;
export const MEETING_MODES = ["in_person", "video", "phone", "chat"] as const;
export const CHECKIN_SOURCES = ["portal", "email_link"] as const;

/**
 * A check-in: a logged meeting (`met`), a "not yet", or a call for help. The
 * private reflection is visible only to its author; no API returns it to anyone else.
 */
export const checkins = sqliteTable(
  "checkins",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    matchId: text("match_id").notNull().references(() => matches.id, { onDelete: "cascade" }),
    authorApplicationId: text("author_application_id").notNull(),
    source: text("source", { enum: CHECKIN_SOURCES }).notNull(),
    outcome: text("outcome", { enum: CHECKIN_OUTCOMES }).notNull(),
    /** The meeting's local date (for `met`). */
    meetingOn: text("meeting_on"),
    durationMinutes: integer("duration_minutes"),
    mode: text("mode", { enum: MEETING_MODES }),
    topics: text("topics", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    sharedNote: text("shared_note").notNull().default(""),
    privateReflection: text("private_reflection").notNull().default(""),
    /** "How did it go", 1–5. */
    rating: integer("rating"),
    /** For `need_help`: when a coordinator marked it handled. */
    resolvedAt: integer("resolved_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("checkins_tenant_match_created_idx").on(t.tenantId, t.matchId, t.createdAt)],
);

/** One-click check-in links already used: the first click of an email wins. */
export const checkinLinkUses = sqliteTable(
  "checkin_link_uses",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    linkId: text("link_id").notNull(),
    checkinId: text("checkin_id"),
    usedAt: timestampNow("used_at"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.linkId] })],
);

/** A person's answers to one of the program's surveys (pulse, midpoint, final, closure); editable until it closes. */
export const surveyResponses = sqliteTable(
  "survey_responses",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    matchId: text("match_id").notNull().references(() => matches.id, { onDelete: "cascade" }),
    applicationId: text("application_id").notNull(),
    /** `pulse-1`, `midpoint`, `final`, `closure` (see @tandem/relationships `surveySchedule`). */
    surveyKey: text("survey_key").notNull(),
    /** The 1–5 "how is it going" answer every survey asks, for health and reports. */
    rating: integer("rating"),
    answers: text("answers", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("survey_responses_tenant_match_person_key_uq").on(t.tenantId, t.matchId, t.applicationId, t.surveyKey),
    index("survey_responses_tenant_program_idx").on(t.tenantId, t.programId),
  ],
);

/** A coordinator's contact with a pair: best practice is at least monthly. */
export const supportContacts = sqliteTable(
  "support_contacts",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    matchId: text("match_id").notNull().references(() => matches.id, { onDelete: "cascade" }),
    userId: text("user_id"),
    /** Local calendar date of the contact. */
    contactedOn: text("contacted_on").notNull(),
    note: text("note").notNull().default(""),
    /** Who was reached (mentor, mentee, guardian); empty for contacts logged before this was asked. */
    parties: text("parties", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    createdAt: createdAt(),
  },
  (t) => [index("support_contacts_tenant_match_idx").on(t.tenantId, t.matchId, t.contactedOn)],
);

export const REMINDER_DELIVERY_STATUSES = ["sending", "sent"] as const;

/**
 * The reminder ledger: one row per email (its digest key, one per person per
 * local day) and one per reminder it carried (its dedupe key). The UNIQUE
 * (tenant_id, key) is what makes delivery exactly once: a row is claimed by
 * one queue message (`claim_token`, the message id, so its own retries can
 * finish it), and a second claim of the same key changes nothing.
 */
export const reminderDeliveries = sqliteTable(
  "reminder_deliveries",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    /** The email row's own key for an item row; equal to `key` for the email row. */
    digestKey: text("digest_key").notNull(),
    recipientId: text("recipient_id").notNull(),
    recipientRole: text("recipient_role").notNull(),
    /** The reminder kind for an item row, `digest` for the email row. */
    kind: text("kind").notNull(),
    subjectType: text("subject_type"),
    subjectId: text("subject_id"),
    period: text("period"),
    /** Why it was sent, in a sentence, for the coordinator's log. */
    reason: text("reason").notNull().default(""),
    status: text("status", { enum: REMINDER_DELIVERY_STATUSES }).notNull().default("sending"),
    claimToken: text("claim_token").notNull(),
    attempts: integer("attempts").notNull().default(1),
    email: text("email"),
    createdAt: createdAt(),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.key] }),
    index("reminder_deliveries_tenant_created_idx").on(t.tenantId, t.createdAt),
    index("reminder_deliveries_tenant_recipient_idx").on(t.tenantId, t.recipientId, t.createdAt),
  ],
);

/** Reminder kinds a person unsubscribed from (`all` for every reminder); honoured from the next send. */
export const reminderPreferences = sqliteTable(
  "reminder_preferences",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    /** An application id (participant) or a user id (coordinator). */
    recipientId: text("recipient_id").notNull(),
    kind: text("kind").notNull(),
    unsubscribedAt: timestampNow("unsubscribed_at"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.recipientId, t.kind] })],
);

/** Per-program relationship settings (survey calendar), as @tandem/relationships `SurveySettingsInput`; null: defaults. */
export const programRelationshipSettings = sqliteTable(
  "program_relationship_settings",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    surveys: text("surveys", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    /** A prompt for the pair's first meeting, shown with the agreement; empty: one from what the pair has in common. */
    firstMeetingPrompt: text("first_meeting_prompt").notNull().default(""),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.programId] })],
);

/**
 * Each program's health mix as of one local day, written by the daily reminder scan:
 * health depends on check-ins and contacts as they were, so the mix over time is a
 * maintained rollup rather than something recomputed from today's rows.
 */
export const programHealthSnapshots = sqliteTable(
  "program_health_snapshots",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    /** The institution's local day (YYYY-MM-DD). */
    day: text("day").notNull(),
    onTrack: integer("on_track").notNull(),
    needsAttention: integer("needs_attention").notNull(),
    atRisk: integer("at_risk").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.programId, t.day] })],
);

/**
 * Academic results an institution imports for a program (student id, term, GPA,
 * enrolled next term, graduated), for mentored vs. non-mentored comparisons.
 * `applicationId` is the program's mentee the row was matched to at import, or null
 * for a student who did not take part (the comparison group).
 */
export const academicRecords = sqliteTable(
  "academic_records",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    studentId: text("student_id").notNull(),
    term: text("term").notNull(),
    gpa: real("gpa"),
    enrolledNextTerm: integer("enrolled_next_term", { mode: "boolean" }),
    graduated: integer("graduated", { mode: "boolean" }),
    applicationId: text("application_id").references(() => applications.id, { onDelete: "set null" }),
    importedAt: timestampNow("imported_at"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.programId, t.studentId, t.term] }), index("academic_records_tenant_program_term_idx").on(t.tenantId, t.programId, t.term)],
);

// ── Volunteer screening, training and safeguarding (issue #8) ───────────────

export const BACKGROUND_CHECK_STATUSES = ["pending", "cleared", "flagged"] as const;
export const INCIDENT_STATUSES = ["open", "resolved"] as const;
/** What a side of a youth match sees of the other after approval. */
export const CONTACT_SHARING = ["name_only", "name_and_email"] as const;

/**
 * A program's safeguarding settings, as @tandem/safeguarding `SafeguardingSettings`:
 * which screening steps are required, training requirements, the code of conduct,
 * and contact sharing in youth programs. No row: nothing is required.
 */
export const programSafeguarding = sqliteTable(
  "program_safeguarding",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    /** Only screened mentors enter matching. */
    screeningRequired: integer("screening_required", { mode: "boolean" }).notNull().default(false),
    /** Keys of the required @tandem/safeguarding screening steps. */
    screeningSteps: text("screening_steps", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    referencesRequired: integer("references_required").notNull().default(2),
    backgroundCheckValidMonths: integer("background_check_valid_months").notNull().default(24),
    commitmentMonths: integer("commitment_months").notNull().default(12),
    codeOfConduct: text("code_of_conduct").notNull().default(""),
    /** Only mentors who finished every required module (and the minimum time) enter matching. */
    trainingRequired: integer("training_required", { mode: "boolean" }).notNull().default(false),
    minTrainingMinutes: integer("min_training_minutes").notNull().default(0),
    /** Local date training should be finished by (reminders count down to it); null: the program's start. */
    trainingDueOn: text("training_due_on"),
    mentorSees: text("mentor_sees", { enum: CONTACT_SHARING }).notNull().default("name_only"),
    menteeSees: text("mentee_sees", { enum: CONTACT_SHARING }).notNull().default("name_only"),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.programId] })],
);

/**
 * One volunteer mentor's screening record in a program. Sensitive: only owners,
 * admins and the program's coordinators read it, and every read is audited.
 */
export const mentorScreenings = sqliteTable(
  "mentor_screenings",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    applicationId: text("application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    applicationReviewedAt: integer("application_reviewed_at", { mode: "timestamp_ms" }),
    applicationReviewedBy: text("application_reviewed_by"),
    interviewOn: text("interview_on"),
    interviewer: text("interviewer"),
    interviewNotes: text("interview_notes").notNull().default(""),
    backgroundCheckProvider: text("background_check_provider"),
    backgroundCheckRequestedOn: text("background_check_requested_on"),
    backgroundCheckClearedOn: text("background_check_cleared_on"),
    backgroundCheckStatus: text("background_check_status", { enum: BACKGROUND_CHECK_STATUSES }),
    backgroundCheckExpiresOn: text("background_check_expires_on"),
    /** The code of conduct as signed (its text), and the electronic signature: typed name, when, from where. */
    codeOfConductText: text("code_of_conduct_text"),
    codeOfConductSignature: text("code_of_conduct_signature"),
    codeOfConductSignedAt: integer("code_of_conduct_signed_at", { mode: "timestamp_ms" }),
    codeOfConductIp: text("code_of_conduct_ip"),
    commitmentMonths: integer("commitment_months"),
    commitmentAcceptedAt: integer("commitment_accepted_at", { mode: "timestamp_ms" }),
    /** The expiry date the coordinators were told about, so the daily scan tells them once. */
    expiryNotifiedOn: text("expiry_notified_on"),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.applicationId] }), index("mentor_screenings_tenant_program_idx").on(t.tenantId, t.programId)],
);

/** A referee for a mentor; the referee answers the emailed form without an account. */
export const mentorReferences = sqliteTable(
  "mentor_references",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    applicationId: text("application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The referee's email: where the form goes. */
    contact: text("contact").notNull(),
    relationship: text("relationship").notNull().default(""),
    notes: text("notes").notNull().default(""),
    /** Hash of the token in the referee's form link, while it is open. */
    tokenHash: text("token_hash").unique(),
    requestedAt: integer("requested_at", { mode: "timestamp_ms" }),
    /** The referee's answers from the form (or null when received another way). */
    response: text("response", { mode: "json" }).$type<Record<string, unknown>>(),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("mentor_references_tenant_application_idx").on(t.tenantId, t.applicationId)],
);

export interface QuizQuestion {
  id: string;
  prompt: string;
  options: string[];
  /** Index into `options` of the right answer. */
  answer: number;
}
export interface TrainingQuiz {
  /** Share of right answers needed to pass, 0–100. */
  passMark: number;
  questions: QuizQuestion[];
}

/** A training module of a program: text (a small Markdown subset), a duration, an optional quiz. */
export const trainingModules = sqliteTable(
  "training_modules",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    title: text("title").notNull(),
    content: text("content").notNull().default(""),
    durationMinutes: integer("duration_minutes").notNull(),
    quiz: text("quiz", { mode: "json" }).$type<TrainingQuiz>(),
    required: integer("required", { mode: "boolean" }).notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("training_modules_tenant_program_idx").on(t.tenantId, t.programId, t.position)],
);

/** One mentor's progress through one module: completed online, quiz passed, or attended in person. */
export const trainingProgress = sqliteTable(
  "training_progress",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    applicationId: text("application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
    moduleId: text("module_id").notNull().references(() => trainingModules.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    startedAt: timestampNow("started_at"),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }),
    bestScore: integer("best_score"),
    quizPassedAt: integer("quiz_passed_at", { mode: "timestamp_ms" }),
    attendedInPersonOn: text("attended_in_person_on"),
    attendedMarkedBy: text("attended_marked_by"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.applicationId, t.moduleId] }), index("training_progress_tenant_program_idx").on(t.tenantId, t.programId)],
);

/** Every quiz attempt, with its score: the record funders ask for. */
export const trainingQuizAttempts = sqliteTable(
  "training_quiz_attempts",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    applicationId: text("application_id").notNull().references(() => applications.id, { onDelete: "cascade" }),
    moduleId: text("module_id").notNull().references(() => trainingModules.id, { onDelete: "cascade" }),
    score: integer("score").notNull(),
    passed: integer("passed", { mode: "boolean" }).notNull(),
    answers: text("answers", { mode: "json" }).$type<Record<string, number>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("training_quiz_attempts_tenant_application_idx").on(t.tenantId, t.applicationId, t.moduleId)],
);

/** A safeguarding incident. Restricted: only the tenant's owners and admins see these. */
export const incidentReports = sqliteTable(
  "incident_reports",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id").notNull().references(() => tenants.id, { onDelete: "cascade" }),
    programId: text("program_id").notNull().references(() => programs.id, { onDelete: "cascade" }),
    matchId: text("match_id").references(() => matches.id, { onDelete: "set null" }),
    occurredOn: text("occurred_on").notNull(),
    description: text("description").notNull(),
    actionsTaken: text("actions_taken").notNull().default(""),
    followUp: text("follow_up").notNull().default(""),
    followUpOn: text("follow_up_on"),
    status: text("status", { enum: INCIDENT_STATUSES }).notNull().default("open"),
    reportedBy: text("reported_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("incident_reports_tenant_program_idx").on(t.tenantId, t.programId, t.occurredOn)],
);
