import type { ParticipantRole, ProgramType } from "@tandem/forms";

export type { ParticipantRole, ProgramType };
export type ProgramStatus = "draft" | "enrolling" | "matching" | "active" | "closed";
export type DemoApplicationStatus = "submitted" | "approved" | "waitlisted" | "pending_consent";

export interface DemoProgram {
  slug: string;
  name: string;
  type: ProgramType;
  description: string;
  objectives: string[];
  targetAudience: string;
  expectations: string;
  /** Calendar dates, `YYYY-MM-DD`. */
  startsOn: string;
  endsOn: string;
  enrollmentOpensOn: string;
  enrollmentClosesOn: string;
  mentorCapacity: number;
  checkinCadenceDays: number;
  guardianConsentUnderAge: number | null;
  status: ProgramStatus;
}

/**
 * Form answers keyed by question key, exactly as a submission through the
 * program's starter form stores them (built-in `first_name`, `last_name`,
 * `email` included); same shape as the database's `ApplicationAnswers`.
 */
export type Answers = Record<string, string | number | boolean | string[] | null>;

export interface DemoApplication {
  programSlug: string;
  role: ParticipantRole;
  status: DemoApplicationStatus;
  firstName: string;
  lastName: string;
  email: string;
  answers: Answers;
}

export interface DemoInstitution {
  tenant: { slug: string; name: string; kind: "university"; timezone: string };
  admin: { name: string; email: string };
  programs: DemoProgram[];
  applications: DemoApplication[];
  /** The mentoring relationships of the active program(s). */
  matches: DemoMatch[];
}

// The mentoring relationship (issue #6). The string unions are the database's enums.
// Instants are ISO strings in UTC (`2026-09-14T15:30:00.000Z`); calendar dates `YYYY-MM-DD`.

export type MatchCloseReason =
  | "completed"
  | "schedule_conflict"
  | "lost_contact"
  | "not_a_good_fit"
  | "personal_circumstances"
  | "left_program"
  | "goals_met_early"
  | "safeguarding_concern"
  | "other";
export type MatchClosedBy = "mentor" | "mentee" | "coordinator" | "system";
export type MeetingMode = "in_person" | "video" | "phone" | "chat";
export type CheckinOutcome = "met" | "not_yet" | "need_help";
export type CheckinSource = "portal" | "email_link";
export type GoalStatus = "open" | "achieved" | "dropped";

/** One matching criterion's part in a pair's score, as the matching engine reports it. */
export interface DemoMatchReason {
  key: string;
  similarity: number;
  contribution: number;
}

export interface DemoMatch {
  programSlug: string;
  /** The pair, by their applications' (unique) email addresses. */
  mentorEmail: string;
  menteeEmail: string;
  /** 0–1, with the per-criterion reasons. */
  score: number;
  reasons: DemoMatchReason[];
  status: "active" | "closed";
  /** On the program's first day. */
  startedAt: string;
  closedAt: string | null;
  closure: { reason: MatchCloseReason; note: string; closedBy: MatchClosedBy } | null;
  agreement: { mentorAcknowledgedAt: string | null; menteeAcknowledgedAt: string | null };
  /** A video meeting link for pairs that meet online (https, on the demo's `.test` domain). */
  meetingUrl: string | null;
  goals: DemoGoal[];
  /** Oldest first. */
  checkins: DemoCheckin[];
  surveyResponses: DemoSurveyResponse[];
  /** A coordinator's contacts with the pair (the seed attributes them to the demo admin). */
  supportContacts: DemoSupportContact[];
}

export interface DemoGoal {
  createdBy: ParticipantRole;
  title: string;
  why: string;
  targetOn: string | null;
  status: GoalStatus;
  /** 0–100. */
  progress: number;
  milestones: { title: string; done: boolean }[];
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export interface DemoCheckin {
  by: ParticipantRole;
  source: CheckinSource;
  outcome: CheckinOutcome;
  /** For `met`. */
  meetingOn: string | null;
  durationMinutes: number | null;
  mode: MeetingMode | null;
  topics: string[];
  sharedNote: string;
  /** Visible only to its author. */
  privateReflection: string;
  /** "How did it go", 1–5; null for a one-click answer. */
  rating: number | null;
  /** For `need_help`: when a coordinator marked it handled. */
  resolvedAt: string | null;
  createdAt: string;
}

export interface DemoSurveyResponse {
  by: ParticipantRole;
  /** `pulse-1`, `midpoint`, `final` (see `surveySchedule` in @tandem/relationships) or `closure`. */
  surveyKey: string;
  /** The `rating` answer (1–5). */
  rating: number;
  answers: Record<string, string | number>;
  createdAt: string;
  updatedAt: string;
}

export interface DemoSupportContact {
  contactedOn: string;
  note: string;
  createdAt: string;
}

export interface DemoOptions {
  /** Default 2026. */
  seed?: number;
  /** The day the demo is generated "as of", `YYYY-MM-DD`; program dates and mentee ages are relative to it. */
  today: string;
  /** Default 12. */
  mentorsPerProgram?: number;
  /** Default 30. */
  menteesPerProgram?: number;
}
