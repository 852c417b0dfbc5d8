/**
 * Synthetic applicants. Answers have exactly the keys and stored shape of the
 * program's starter form (`defaultForm` in `@tandem/forms`), built-in fields
 * first, as a real submission stores them; values are drawn from the curated,
 * skewed vocabularies so matching has realistic data to work with, and bios
 * are composed from the profile so they agree with the structured answers.
 */
import type { Faker } from "@faker-js/faker";
import { AVAILABILITY_SLOTS, type AvailabilitySlot, DAY_PARTS, type DayPart, WEEKDAYS } from "@tandem/forms";
import { addDays, daysBetween, subtractYears } from "./dates.js";
import type { DemoEmailBook } from "./emails.js";
import {
  allocateInProportion,
  capitalize,
  chance,
  joinAsList,
  pickOne,
  pickSeveral,
  type Weighted,
  withIndefiniteArticle,
} from "./random.js";
import type { Answers, DemoApplication, DemoApplicationStatus, DemoProgram, ParticipantRole, ProgramType } from "./types.js";
import {
  CAREER_GOALS,
  type CareerGoal,
  type CareerPath,
  COMMUNITY_MODALITIES,
  DEGREE_LEVELS,
  FACULTY_TITLES,
  FIELDS_OF_STUDY,
  type FieldOfStudy,
  FIRST_YEAR_GOALS,
  HIGH_SCHOOLS,
  INTERESTS,
  NEIGHBORHOODS,
  PARTNER_EMPLOYERS,
  PRIMARY_LANGUAGE,
  RESEARCH_AREAS,
  SECOND_LANGUAGES,
  UNDECLARED_MAJOR,
  VOLUNTEER_MOTIVATIONS,
  YOUTH_ASPIRATIONS,
} from "./vocabulary.js";

interface ApplicantContext {
  faker: Faker;
  today: string;
  role: ParticipantRole;
  firstName: string;
  lastName: string;
  emails: DemoEmailBook;
}

/** Answers that follow the built-in name and email, in form order (community mentees' start with the built-in guardian fields). */
type AnswerBuilder = (context: ApplicantContext) => Answers;

/**
 * Share of each status per program and role, in the order most to least common.
 * The active program is nearly all approved; the matching one has waitlisted
 * mentees (more mentees than mentor places); the enrolling youth program still
 * screens volunteers and waits for guardians' consent.
 */
const STATUS_MIX: Record<ProgramType, Record<ParticipantRole, readonly Weighted<DemoApplicationStatus>[]>> = {
  peer: {
    mentor: [
      { value: "approved", weight: 90 },
      { value: "waitlisted", weight: 6 },
      { value: "submitted", weight: 4 },
    ],
    mentee: [
      { value: "approved", weight: 85 },
      { value: "submitted", weight: 8 },
      { value: "waitlisted", weight: 7 },
    ],
  },
  faculty_student: {
    mentor: [
      { value: "approved", weight: 75 },
      { value: "submitted", weight: 15 },
      { value: "waitlisted", weight: 10 },
    ],
    mentee: [
      { value: "approved", weight: 55 },
      { value: "waitlisted", weight: 25 },
      { value: "submitted", weight: 20 },
    ],
  },
  community: {
    mentor: [
      { value: "approved", weight: 45 },
      { value: "submitted", weight: 45 },
      { value: "waitlisted", weight: 10 },
    ],
    mentee: [
      { value: "submitted", weight: 35 },
      { value: "approved", weight: 30 },
      { value: "pending_consent", weight: 30 },
      { value: "waitlisted", weight: 5 },
    ],
  },
};

export function generateApplications(
  faker: Faker,
  program: DemoProgram,
  role: ParticipantRole,
  count: number,
  today: string,
  emails: DemoEmailBook,
): DemoApplication[] {
  const statuses = allocateInProportion(faker, count, STATUS_MIX[program.type][role]);
  return statuses.map((status) => {
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const email = emails.issue(firstName, lastName);
    const context: ApplicantContext = { faker, today, role, firstName, lastName, emails };
    // A real submission stores the built-in fields among the answers too, first, as the form asks them.
    const answers: Answers = { first_name: firstName, last_name: lastName, email, ...ANSWER_BUILDERS[program.type](context) };
    return { programSlug: program.slug, role, status, firstName, lastName, email, answers };
  });
}

const ANSWER_BUILDERS: Record<ProgramType, AnswerBuilder> = {
  peer: peerAnswers,
  faculty_student: facultyStudentAnswers,
  community: communityAnswers,
};

// --- peer -------------------------------------------------------------------

function peerAnswers({ faker, role }: ApplicantContext): Answers {
  const isMentor = role === "mentor";
  const year = isMentor ? pickOne(faker, [{ value: 3, weight: 55 }, { value: 4, weight: 45 }]).value : 1;
  // Plenty of first-years arrive undecided; mentors have all declared by their third year.
  const major = !isMentor && chance(faker, 0.12) ? null : pickOne(faker, FIELDS_OF_STUDY);
  const interests = pickSeveral(faker, INTERESTS, { min: 2, max: 5 });
  // Mentees: what they want help with. Mentors: what they feel able to help with.
  const goals = pickSeveral(faker, FIRST_YEAR_GOALS, { min: 1, max: 3 });
  const languages = pickLanguages(faker, { secondLanguageShare: 0.35, homeLanguageFirstShare: 0.15 });

  const interestText = joinAsList(interests.map((interest) => interest.phrase));
  const goalText = joinAsList(goals.map((goal) => goal.phrase));
  let bio: string;
  if (isMentor) {
    const yearLabel = year === 3 ? "third-year" : "fourth-year";
    const majorName = major!.label;
    bio = faker.helpers.arrayElement([
      `I'm a ${yearLabel} ${majorName} major. My own first year was a lot to figure out, so I'd love to help with ${goalText}. Outside of class I'm into ${interestText}.`,
      `${capitalize(yearLabel)} ${majorName} student. I'm into ${interestText}, and I'm happy to share what I've learned about ${goalText}.`,
      `Hi! I study ${majorName} and spend most of my free time on ${interestText}. I remember how hard ${goals[0]!.phrase} felt as a first-year, so I want to make it easier for someone else.`,
    ]);
  } else {
    const studentLabel = major === null ? "first-year student, still deciding on a major" : `first-year ${major.label} student`;
    bio = faker.helpers.arrayElement([
      `${capitalize(studentLabel)}. I'd like some help with ${goalText}, and in my free time I enjoy ${interestText}.`,
      `I'm new to campus and still figuring things out, mostly ${goalText}. I like ${interestText}.`,
      `${major === null ? "Undeclared first-year" : `Incoming ${major.label} major`} who loves ${interestText}. I would really appreciate advice on ${goalText}.`,
    ]);
  }
  bio += languageRemark(faker, languages);

  const availability = pickAvailability(faker, "student", { min: 2, max: 5 });
  return {
    major: major?.value ?? UNDECLARED_MAJOR,
    year,
    goals: goals.map((goal) => goal.value),
    interests: interests.map((interest) => interest.value),
    availability,
    languages,
    bio,
  };
}

// --- faculty–student ----------------------------------------------------------

function facultyStudentAnswers({ faker, role }: ApplicantContext): Answers {
  const field = pickOne(faker, FIELDS_OF_STUDY);
  // A faculty member's research sits firmly in their field; students explore a little more widely.
  const research =
    role === "mentor"
      ? pickSeveral(faker, researchOptionsFor(field, 40), { min: 2, max: 3 })
      : pickSeveral(faker, researchOptionsFor(field, 12), { min: 1, max: 3 });
  const researchText = joinAsList(research.map((area) => area.phrase));

  if (role === "mentor") {
    const title = pickOne(faker, FACULTY_TITLES);
    // Faculty are asked which careers they can advise on; academia comes up most.
    const careers = pickSeveral(faker, careerOptionsFor(field, { doctoral_studies: 3, academic_career: 3, industry_research: 2 }), { min: 1, max: 3 });
    const careerText = joinAsList(careers.map((career) => career.phrase), "or");
    const titleLine = `${title.value} ${title.preposition} ${field.label}`;
    const bio = faker.helpers.arrayElement([
      `${titleLine}. My group works on ${researchText}. I enjoy helping students land their first research experience and am glad to talk about ${careerText}.`,
      `I teach and do research in ${field.label}, mostly on ${researchText}. I've mentored undergraduate and graduate students for years and can speak to ${joinAsList(careers.map((career) => career.phrase))}.`,
      `${titleLine}; my current projects touch on ${researchText}. Happy to read drafts, suggest papers, and talk honestly about ${careerText}.`,
    ]);
    const availability = pickAvailability(faker, "faculty", { min: 2, max: 4 });
    return {
      field: field.value,
      title: title.value,
      research_interests: research.map((area) => area.value),
      career_goals: careers.map((career) => career.value),
      availability,
      bio,
    };
  }

  const degree = pickOne(faker, DEGREE_LEVELS);
  const careers = pickSeveral(faker, careerOptionsFor(field, {}), { min: 1, max: 2 });
  const student = `${withIndefiniteArticle(degree.description)} in ${field.label}`;
  const nextHurdle = degree.value === "phd" ? "the academic job market" : "graduate school applications";
  const bio = faker.helpers.arrayElement([
    `I'm ${student}, interested in ${researchText}. I'm looking for advice on getting into research and on whether ${careers[0]!.phrase} is the right path for me.`,
    `${capitalize(student)}. I'd like more hands-on experience with ${researchText}, and longer term I'm weighing ${joinAsList(careers.map((career) => career.phrase), "or")}.`,
    `I've taken a few courses that touch on ${researchText} and want to go deeper. As ${student}, I'd value a mentor who has been through ${nextHurdle}.`,
  ]);
  const availability = pickAvailability(faker, "student", { min: 2, max: 5 });
  return {
    field: field.value,
    degree_level: degree.value,
    research_interests: research.map((area) => area.value),
    career_goals: careers.map((career) => career.value),
    availability,
    bio,
  };
}

/** Research close to the field is `relatedBoost` times likelier than a cross-disciplinary pick. */
function researchOptionsFor(field: FieldOfStudy, relatedBoost: number): (typeof RESEARCH_AREAS)[number][] {
  return RESEARCH_AREAS.map((area) => ({
    ...area,
    weight: area.weight * (field.relatedResearch.includes(area.value) ? relatedBoost : 1),
  }));
}

/** A History student rarely aims for software engineering; damp careers that don't suit the field. */
function careerOptionsFor(field: FieldOfStudy, boosts: Partial<Record<CareerPath, number>>): CareerGoal[] {
  return CAREER_GOALS.map((career) => {
    const suitsField = career.suitedFields === undefined || career.suitedFields.includes(field.value);
    return { ...career, weight: career.weight * (suitsField ? 1 : 0.1) * (boosts[career.value] ?? 1) };
  });
}

// --- community ----------------------------------------------------------------

/** High-school ages, weighted toward the middle years when students most often sign up. */
const YOUTH_AGES: readonly Weighted<number>[] = [
  { value: 13, weight: 1 },
  { value: 14, weight: 2 },
  { value: 15, weight: 3 },
  { value: 16, weight: 3 },
  { value: 17, weight: 2 },
];

function communityAnswers({ faker, role, today, lastName, emails }: ApplicantContext): Answers {
  const interests = pickSeveral(faker, INTERESTS, { min: 2, max: 5 });
  const interestText = joinAsList(interests.map((interest) => interest.phrase));
  const neighborhood = pickOne(faker, NEIGHBORHOODS);
  const modality = pickOne(faker, COMMUNITY_MODALITIES).value;
  const languages = pickLanguages(faker, {
    secondLanguageShare: 0.45,
    homeLanguageFirstShare: role === "mentee" ? 0.3 : 0.15,
  });

  if (role === "mentor") {
    const employer = pickOne(faker, PARTNER_EMPLOYERS);
    const occupation = faker.helpers.arrayElement(employer.occupations);
    const motivation = faker.helpers.arrayElement(VOLUNTEER_MOTIVATIONS);
    const yearsInNeighborhood = faker.number.int({ min: 2, max: 30 });
    const bio =
      faker.helpers.arrayElement([
        `I'm ${withIndefiniteArticle(occupation)} at ${employer.value} and have lived in ${neighborhood.value} for ${yearsInNeighborhood} years. Outside work I enjoy ${interestText}. ${motivation}`,
        `${capitalize(occupation)} at ${employer.value}, living in ${neighborhood.value}. ${motivation} In my spare time I'm into ${interestText}.`,
        `I grew up in ${neighborhood.value} and now work as ${withIndefiniteArticle(occupation)} at ${employer.value}. ${motivation} Ask me about ${interestText}!`,
      ]) + languageRemark(faker, languages);
    const availability = pickAvailability(faker, "working_adult", { min: 2, max: 5 });
    return {
      interests: interests.map((interest) => interest.value),
      languages,
      location: neighborhood.value,
      modality,
      availability,
      employer: employer.value,
      occupation,
      bio,
      // Required consents on the volunteer form: nobody can apply without ticking them.
      code_of_conduct: true,
      background_check: true,
    };
  }

  const age = pickOne(faker, YOUTH_AGES).value;
  const dateOfBirth = birthDateForAge(faker, age, today);
  // Most students attend their neighborhood's school; some travel across town.
  const school = chance(faker, 0.8) ? neighborhood.highSchool : faker.helpers.arrayElement(HIGH_SCHOOLS);
  const aspiration = faker.helpers.arrayElement(YOUTH_ASPIRATIONS);
  const guardianFirstName = faker.person.firstName();
  const guardianLastName = chance(faker, 0.75) ? lastName : faker.person.lastName();
  const bio =
    faker.helpers.arrayElement([
      `I'm ${age} and go to ${school}. I like ${interestText}. I'd like a mentor who can help me ${aspiration}.`,
      `I live in ${neighborhood.value} and I'm into ${interestText}. This year I want to ${aspiration}.`,
      `Student at ${school}. I spend a lot of my time on ${interestText}, and I'm hoping a mentor can help me ${aspiration}.`,
    ]) + languageRemark(faker, languages);
  const availability = pickAvailability(faker, "teen", { min: 2, max: 5 });
  return {
    // Built-in fields the form asks mentees of a program with an age limit, right after name and email.
    date_of_birth: dateOfBirth,
    guardian_name: `${guardianFirstName} ${guardianLastName}`,
    guardian_email: emails.issue(guardianFirstName, guardianLastName),
    interests: interests.map((interest) => interest.value),
    languages,
    location: neighborhood.value,
    modality,
    availability,
    school,
    bio,
  };
}

/** A birth date on which the person is exactly `age` (completed years) on `today`. */
function birthDateForAge(faker: Faker, age: number, today: string): string {
  const latest = subtractYears(today, age); // birthday is today
  const earliest = addDays(subtractYears(today, age + 1), 1); // turns age + 1 tomorrow
  return addDays(earliest, faker.number.int({ min: 0, max: daysBetween(earliest, latest) }));
}

// --- shared -------------------------------------------------------------------

/** Language codes: everyone speaks English (the programs run in English); many also list a second language, sometimes as their first. */
function pickLanguages(faker: Faker, shares: { secondLanguageShare: number; homeLanguageFirstShare: number }): string[] {
  if (!chance(faker, shares.secondLanguageShare)) return [PRIMARY_LANGUAGE];
  const second = pickOne(faker, SECOND_LANGUAGES).value;
  return chance(faker, shares.homeLanguageFirstShare) ? [second, PRIMARY_LANGUAGE] : [PRIMARY_LANGUAGE, second];
}

function languageRemark(faker: Faker, languages: readonly string[]): string {
  const other = SECOND_LANGUAGES.find((language) => languages.includes(language.value));
  if (other === undefined || !chance(faker, 0.5)) return "";
  return faker.helpers.arrayElement([` I also speak ${other.name}.`, ` Happy to chat in ${other.name} too.`]);
}

type AvailabilityPersona = "student" | "faculty" | "working_adult" | "teen";

/** How likely each persona is to offer a part of the day, on weekdays and at weekends. */
const AVAILABILITY_WEIGHTS: Record<AvailabilityPersona, { weekday: Record<DayPart, number>; weekend: Record<DayPart, number> }> = {
  student: { weekday: { morning: 1, afternoon: 3, evening: 4 }, weekend: { morning: 0.5, afternoon: 2, evening: 1.5 } },
  faculty: { weekday: { morning: 3, afternoon: 4, evening: 0.3 }, weekend: { morning: 0, afternoon: 0, evening: 0 } },
  working_adult: { weekday: { morning: 0.3, afternoon: 0.7, evening: 4 }, weekend: { morning: 2, afternoon: 3, evening: 0.5 } },
  // Weekday mornings are school time.
  teen: { weekday: { morning: 0, afternoon: 4, evening: 2 }, weekend: { morning: 1, afternoon: 3, evening: 1 } },
};

function pickAvailability(faker: Faker, persona: AvailabilityPersona, count: { min: number; max: number }): AvailabilitySlot[] {
  const weights = AVAILABILITY_WEIGHTS[persona];
  const options = WEEKDAYS.flatMap((day) =>
    DAY_PARTS.map((part) => {
      const isWeekend = day === "sat" || day === "sun";
      return { value: `${day}_${part}` as const, weight: (isWeekend ? weights.weekend : weights.weekday)[part] };
    }),
  );
  const picked = new Set(pickSeveral(faker, options, count).map((option) => option.value));
  return AVAILABILITY_SLOTS.filter((slot) => picked.has(slot)); // calendar order reads better than pick order
}
