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
