/**
 * The fields every form has without the coordinator asking for them, and the
 * guardian-consent rule for young mentees.
 */
import { ageOn, formatIsoDate, latestBirthDateForAge, parseIsoDate, requireIsoDate } from "./dates.js";
import type { Question } from "./definition.js";

export const PROGRAM_TYPES = ["peer", "faculty_student", "community"] as const;
export type ProgramType = (typeof PROGRAM_TYPES)[number];

export const PARTICIPANT_ROLES = ["mentor", "mentee"] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

export interface GuardianPolicy {
  /** The program's setting: mentees younger than this need a guardian's consent; null when the program never needs it. */
  guardianConsentUnderAge: number | null;
  /** The day of the application, `YYYY-MM-DD`, in the institution's time zone. */
  today: string;
}

export interface FormContext extends GuardianPolicy {
  role: ParticipantRole;
}

/** Same limit as staff names (`PersonNameSchema` in tenancy), so a name fits wherever names are shown. */
export const NAME_MAX_LENGTH = 120;

function checkPolicy({ guardianConsentUnderAge, today }: GuardianPolicy): Date {
  if (guardianConsentUnderAge !== null && (!Number.isInteger(guardianConsentUnderAge) || guardianConsentUnderAge < 1)) {
    throw new RangeError(`guardianConsentUnderAge must be a positive whole number or null, got ${guardianConsentUnderAge}`);
  }
  return requireIsoDate(today, "today");
}

/** Whether this form asks for a date of birth and a guardian: only mentees, and only in programs with an age limit. */
export function asksForGuardian(context: FormContext): context is FormContext & { guardianConsentUnderAge: number } {
  return context.role === "mentee" && context.guardianConsentUnderAge !== null;
}

/**
 * The built-in questions, in the order a form shows them. The guardian's name
 * and email are optional here because whether they are needed depends on the
 * date of birth: `submissionSchema` requires them for applicants under the age.
 */
export function builtInFields(context: FormContext): Question[] {
  const todayDate = checkPolicy(context);
  const fields: Question[] = [
    { key: "first_name", type: "short_text", label: "First name", required: true, max: NAME_MAX_LENGTH },
    { key: "last_name", type: "short_text", label: "Last name", required: true, max: NAME_MAX_LENGTH },
    { key: "email", type: "email", label: "Email address", help: "We will write to you about your application here.", required: true },
  ];
  if (!asksForGuardian(context)) return fields;

  const age = context.guardianConsentUnderAge;
  // Spelling out the date spares applicants the arithmetic near their birthday.
  const bornAfter = formatIsoDate(latestBirthDateForAge(todayDate, age));
  const onlyIfYoung = `Required if you are under ${age} (born after ${bornAfter}).`;
  fields.push(
    {
      key: "date_of_birth",
      type: "date",
      label: "Date of birth",
      help: `Applicants under ${age} need a parent's or guardian's consent to take part.`,
      required: true,
    },
    { key: "guardian_name", type: "short_text", label: "Parent or guardian's full name", help: onlyIfYoung, required: false, max: NAME_MAX_LENGTH },
    {
      key: "guardian_email",
      type: "email",
      label: "Parent or guardian's email address",
      help: `${onlyIfYoung} We will ask them for consent at this address, so it must be theirs, not yours.`,
      required: false,
    },
  );
  return fields;
}

/** True when a valid date of birth makes the applicant younger than the policy's age on its `today`. */
export function isUnderAge(dateOfBirth: string, policy: GuardianPolicy): boolean {
  const todayDate = checkPolicy(policy);
  const birthDate = parseIsoDate(dateOfBirth);
  if (policy.guardianConsentUnderAge === null || birthDate === null) return false;
  return ageOn(birthDate, todayDate) < policy.guardianConsentUnderAge;
}

/**
 * Whether an application must wait for a guardian's consent (`pending_consent`).
 * Answers without a usable date of birth (mentors, adult-only programs) never
 * need it; `submissionSchema` makes sure mentees who are asked have one.
 */
export function needsGuardianConsent(answers: Readonly<Record<string, unknown>>, policy: GuardianPolicy): boolean {
  checkPolicy(policy);
  const dateOfBirth = answers.date_of_birth;
  return typeof dateOfBirth === "string" && isUnderAge(dateOfBirth, policy);
}
