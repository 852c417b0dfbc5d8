/**
 * A pure, deterministic generator of a synthetic demo institution for seeding
 * a development database. No real people: names come from faker, addresses
 * use the reserved `.test` domain, and all other content is fictional.
 */
import { Faker, base, en } from "@faker-js/faker";
import { AVAILABILITY_SLOTS } from "@tandem/forms";
import { generateApplications } from "./applications.js";
import { parseIsoDate } from "./dates.js";
import { DEMO_EMAIL_DOMAIN, DemoEmailBook } from "./emails.js";
import { buildDemoPrograms } from "./programs.js";
import { generateRelationships } from "./relationships.js";
import type { DemoApplication, DemoInstitution, DemoMatch, DemoOptions, ParticipantRole } from "./types.js";
import {
  CAREER_GOALS,
  COMMUNITY_MODALITIES,
  DEGREE_LEVELS,
  FACULTY_TITLES,
  FIELDS_OF_STUDY,
  FIRST_YEAR_GOALS,
  HIGH_SCHOOLS,
  INTERESTS,
  NEIGHBORHOODS,
  PARTNER_EMPLOYERS,
  PRIMARY_LANGUAGE,
  RESEARCH_AREAS,
  SECOND_LANGUAGES,
} from "./vocabulary.js";

export type {
  Answers,
  DemoApplication,
  DemoApplicationStatus,
  DemoCheckin,
  DemoGoal,
  DemoInstitution,
  DemoMatch,
  DemoMatchReason,
  DemoOptions,
  DemoProgram,
  DemoSupportContact,
  DemoSurveyResponse,
  CheckinOutcome,
  CheckinSource,
  GoalStatus,
  MatchClosedBy,
  MatchCloseReason,
  MeetingMode,
  ParticipantRole,
  ProgramStatus,
  ProgramType,
} from "./types.js";
export { DEMO_EMAIL_DOMAIN } from "./emails.js";

export const DEFAULT_SEED = 2026;
export const DEFAULT_MENTORS_PER_PROGRAM = 12;
export const DEFAULT_MENTEES_PER_PROGRAM = 30;

const ROLES: readonly ParticipantRole[] = ["mentor", "mentee"];

/**
 * The values the demo's answers are drawn from: stored values (choice values,
 * language codes, availability slots) as on the starter forms, most popular
 * first where popularity applies. Choice lists are the subset of each form's
 * choices that demo applicants pick.
 */
export const demoVocabulary = {
  interests: INTERESTS.map((option) => option.value),
  fieldsOfStudy: FIELDS_OF_STUDY.map((option) => option.value),
  firstYearGoals: FIRST_YEAR_GOALS.map((option) => option.value),
  researchAreas: RESEARCH_AREAS.map((option) => option.value),
  careerGoals: CAREER_GOALS.map((option) => option.value),
  facultyTitles: FACULTY_TITLES.map((option) => option.value),
  degreeLevels: DEGREE_LEVELS.map((option) => option.value),
  languages: [PRIMARY_LANGUAGE, ...SECOND_LANGUAGES.map((option) => option.value)],
  neighborhoods: NEIGHBORHOODS.map((option) => option.value),
  highSchools: [...HIGH_SCHOOLS],
  partnerEmployers: PARTNER_EMPLOYERS.map((option) => option.value),
  modalities: COMMUNITY_MODALITIES.map((option) => option.value),
  availabilitySlots: [...AVAILABILITY_SLOTS],
} as const;

export function generateDemoInstitution(options: DemoOptions): DemoInstitution {
  const seed = options.seed ?? DEFAULT_SEED;
  const mentorsPerProgram = options.mentorsPerProgram ?? DEFAULT_MENTORS_PER_PROGRAM;
  const menteesPerProgram = options.menteesPerProgram ?? DEFAULT_MENTEES_PER_PROGRAM;
  parseIsoDate(options.today); // throws on a malformed or impossible date
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  assertCount("mentorsPerProgram", mentorsPerProgram);
  assertCount("menteesPerProgram", menteesPerProgram);

  // A private instance: the global `faker` may be seeded or used by the caller meanwhile.
  const faker = new Faker({ locale: [en, base] });
  const emails = new DemoEmailBook();
  const programs = buildDemoPrograms(options.today);
  const countFor: Record<ParticipantRole, number> = { mentor: mentorsPerProgram, mentee: menteesPerProgram };

  const applications: DemoApplication[] = [];
  programs.forEach((program, programIndex) => {
    ROLES.forEach((role, roleIndex) => {
      // Reseeding per program and role means resizing one group leaves the people in the others
      // unchanged (only the running number in later email addresses moves).
      faker.seed([seed, programIndex, roleIndex]);
      applications.push(...generateApplications(faker, program, role, countFor[role], options.today, emails));
    });
  });

  // The active program's pairs and what they have done since it started; their own faker stream,
  // after every applicant exists, so relationships never move the applicants.
  const matches: DemoMatch[] = [];
  programs.forEach((program, programIndex) => {
    if (program.status !== "active") return;
    faker.seed([seed, programIndex, ROLES.length]);
    matches.push(...generateRelationships(faker, program, applications, options.today));
  });

  return {
    tenant: { slug: "demo", name: "Northbridge University", kind: "university", timezone: "America/Chicago" },
    admin: { name: "Dana Whitfield", email: `admin@${DEMO_EMAIL_DOMAIN}` },
    programs,
    applications,
    matches,
  };
}

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}
