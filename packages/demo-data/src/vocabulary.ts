/**
 * What the demo applicants answer, and how often. The stored values and their
 * labels come from the starter forms in `@tandem/forms`, so the demo stores
 * exactly what a real submission would; what is ours is which choices the
 * demo picks and how often (weights give the realistic skew: music is ten
 * times as common as robotics), `phrase` (how the choice reads inside a
 * sentence of a generated bio) and the made-up places and employers below.
 */
import { type Choice, defaultForm, LANGUAGES, type ParticipantRole, type ProgramType } from "@tandem/forms";
import type { Weighted } from "./random.js";

/** A choice a starter form offers: the stored `value`, the form's `label`, and how often demo applicants pick it. */
export interface FormOption<V extends string = string> extends Weighted<V> {
  label: string;
}

export interface PhrasedOption extends FormOption {
  phrase: string;
}

/**
 * The choices of one starter-form question that the demo picks from, in the
 * table's order (most popular first), labelled as the form labels them. A
 * value the form does not offer throws on import: the demo would otherwise
 * store answers no real submission can.
 */
function formOptions<V extends string, Extra extends { weight: number }>(
  type: ProgramType,
  role: ParticipantRole,
  key: string,
  table: Record<V, Extra>,
): (FormOption<V> & Extra)[] {
  const question = defaultForm(type, role).questions.find((candidate) => candidate.key === key);
  const choices: readonly Choice[] = question?.choices ?? [];
  return (Object.entries(table) as [V, Extra][]).map(([value, extra]) => {
    const label = choices.find((choice) => choice.value === value)?.label;
    if (label === undefined) throw new Error(`The demo answers "${value}" to "${key}", which the ${type} ${role} starter form does not offer`);
    return { ...extra, value, label };
  });
}

/** Hobbies and interests, most popular first (music is ten times as common as robotics). */
export const INTERESTS: readonly PhrasedOption[] = formOptions("peer", "mentee", "interests", {
  music: { weight: 10, phrase: "playing music" },
  fitness: { weight: 9, phrase: "working out" },
  gaming: { weight: 8, phrase: "video games" },
  film: { weight: 7, phrase: "movies" },
  travel: { weight: 7, phrase: "travel" },
  cooking: { weight: 6, phrase: "cooking" },
  reading: { weight: 6, phrase: "reading" },
  photography: { weight: 5, phrase: "photography" },
  hiking: { weight: 5, phrase: "hiking" },
  basketball: { weight: 5, phrase: "pickup basketball" },
  soccer: { weight: 5, phrase: "soccer" },
  art: { weight: 4, phrase: "drawing" },
  coding: { weight: 4, phrase: "coding side projects" },
  volunteering: { weight: 4, phrase: "volunteering" },
  writing: { weight: 3, phrase: "creative writing" },
  dance: { weight: 3, phrase: "dance" },
  anime: { weight: 3, phrase: "anime" },
  board_games: { weight: 3, phrase: "board games" },
  fashion: { weight: 3, phrase: "fashion" },
  entrepreneurship: { weight: 2, phrase: "small-business ideas" },
  theater: { weight: 2, phrase: "theater" },
  podcasts: { weight: 2, phrase: "podcasts" },
  gardening: { weight: 1.5, phrase: "gardening" },
  chess: { weight: 1.5, phrase: "chess" },
  robotics: { weight: 1, phrase: "robotics" },
});

/** Research areas, most popular first; `phrase` is the form's label in lower case, to sit inside a sentence. */
export const RESEARCH_AREAS = formOptions("faculty_student", "mentee", "research_interests", {
  machine_learning: { weight: 8 },
  public_health: { weight: 7 },
  climate_and_sustainability: { weight: 7 },
  neuroscience: { weight: 6 },
  data_science: { weight: 6 },
  mental_health: { weight: 5 },
  genomics: { weight: 4 },
  renewable_energy: { weight: 4 },
  social_inequality: { weight: 4 },
  behavioral_economics: { weight: 3 },
  human_computer_interaction: { weight: 3 },
  education_policy: { weight: 3 },
  cybersecurity: { weight: 2 },
  urban_planning: { weight: 2 },
  materials_science: { weight: 2 },
  digital_humanities: { weight: 1 },
}).map((area) => ({ ...area, phrase: area.label.charAt(0).toLowerCase() + area.label.slice(1) }));
export type ResearchArea = (typeof RESEARCH_AREAS)[number]["value"];

interface FieldTraits {
  weight: number;
  /** Research areas people in this field usually pick; others are possible but rarer. */
  relatedResearch: readonly ResearchArea[];
}

/** Majors (peer program) and fields (faculty–student program), most popular first; nobody picks "other". */
const FIELD_TRAITS = {
  biology: { weight: 9, relatedResearch: ["genomics", "public_health", "neuroscience", "climate_and_sustainability"] },
  psychology: { weight: 8, relatedResearch: ["neuroscience", "mental_health", "behavioral_economics"] },
  computer_science: { weight: 8, relatedResearch: ["machine_learning", "data_science", "human_computer_interaction", "cybersecurity"] },
  business_administration: { weight: 7, relatedResearch: ["behavioral_economics", "data_science"] },
  nursing: { weight: 6, relatedResearch: ["public_health", "mental_health"] },
  mechanical_engineering: { weight: 5, relatedResearch: ["renewable_energy", "materials_science"] },
  economics: { weight: 5, relatedResearch: ["behavioral_economics", "social_inequality", "data_science"] },
  political_science: { weight: 4, relatedResearch: ["social_inequality", "education_policy", "urban_planning"] },
  kinesiology: { weight: 4, relatedResearch: ["public_health", "neuroscience"] },
  communications: { weight: 4, relatedResearch: ["digital_humanities", "human_computer_interaction"] },
  chemistry: { weight: 3, relatedResearch: ["materials_science", "renewable_energy", "genomics"] },
  electrical_engineering: { weight: 3, relatedResearch: ["renewable_energy", "machine_learning", "cybersecurity"] },
  environmental_science: { weight: 3, relatedResearch: ["climate_and_sustainability", "renewable_energy", "urban_planning"] },
  sociology: { weight: 3, relatedResearch: ["social_inequality", "education_policy", "urban_planning"] },
  education: { weight: 3, relatedResearch: ["education_policy", "social_inequality"] },
  mathematics: { weight: 2, relatedResearch: ["machine_learning", "data_science"] },
  english: { weight: 2, relatedResearch: ["digital_humanities", "education_policy"] },
  history: { weight: 2, relatedResearch: ["digital_humanities", "social_inequality"] },
  public_health: { weight: 2, relatedResearch: ["public_health", "mental_health", "social_inequality"] },
  physics: { weight: 1.5, relatedResearch: ["materials_science", "renewable_energy", "machine_learning"] },
} satisfies Record<string, FieldTraits>;
export type Field = keyof typeof FIELD_TRAITS;
export type FieldOfStudy = FormOption<Field> & FieldTraits;

// The peer form's majors and the faculty–student form's fields are the same list.
export const FIELDS_OF_STUDY: readonly FieldOfStudy[] = formOptions<Field, FieldTraits>("faculty_student", "mentee", "field", FIELD_TRAITS);

/** The peer mentee form's answer for a first-year who has not chosen a major yet (mentors must have one). */
export const UNDECLARED_MAJOR = "undeclared";

/** What a first-year student wants help with; peer mentors answer what they can help with from the same list. */
export const FIRST_YEAR_GOALS: readonly PhrasedOption[] = formOptions("peer", "mentee", "goals", {
  make_friends: { weight: 9, phrase: "making friends" },
  study_habits: { weight: 8, phrase: "building study habits" },
  time_management: { weight: 7, phrase: "managing time" },
  manage_stress: { weight: 6, phrase: "handling stress" },
  choose_a_major: { weight: 5, phrase: "choosing a major" },
  get_involved_in_clubs: { weight: 5, phrase: "getting involved in clubs" },
  navigate_campus_resources: { weight: 4, phrase: "finding the right campus resources" },
  find_a_research_opportunity: { weight: 3, phrase: "finding a research opportunity" },
  find_an_internship: { weight: 3, phrase: "landing an internship" },
  balance_work_and_school: { weight: 3, phrase: "balancing a job with classes" },
  budgeting: { weight: 2, phrase: "budgeting" },
  homesickness: { weight: 2, phrase: "dealing with homesickness" },
});

interface CareerTraits {
  weight: number;
  /** Reads after "whether … is the right path". */
  phrase: string;
  /** Fields whose students usually aim for this career; absent when it suits any field. */
  suitedFields?: readonly Field[];
}
export type CareerGoal = FormOption<CareerPath> & CareerTraits;

const HEALTH_FIELDS: readonly Field[] = ["biology", "chemistry", "nursing", "kinesiology", "psychology", "public_health"];
const COMPUTING_FIELDS: readonly Field[] = ["computer_science", "electrical_engineering", "mathematics", "physics", "mechanical_engineering"];
const QUANTITATIVE_FIELDS: readonly Field[] = [
  "computer_science",
  "mathematics",
  "economics",
  "physics",
  "business_administration",
  "political_science",
  "sociology",
  "public_health",
];
const POLICY_FIELDS: readonly Field[] = ["political_science", "economics", "sociology", "public_health", "environmental_science", "education", "history"];

/** Career directions, most popular first. */
const CAREER_TRAITS = {
  doctoral_studies: { weight: 8, phrase: "a PhD" },
  industry_research: { weight: 6, phrase: "industry research" },
  medical_school: { weight: 6, phrase: "medical school", suitedFields: HEALTH_FIELDS },
  data_science: { weight: 5, phrase: "a data science career", suitedFields: QUANTITATIVE_FIELDS },
  software_engineering: { weight: 5, phrase: "software engineering", suitedFields: COMPUTING_FIELDS },
  healthcare_practice: { weight: 4, phrase: "clinical practice", suitedFields: HEALTH_FIELDS },
  teaching: { weight: 4, phrase: "teaching" },
  public_policy: { weight: 3, phrase: "public policy work", suitedFields: POLICY_FIELDS },
  academic_career: { weight: 3, phrase: "a faculty career" },
  nonprofit_work: { weight: 2, phrase: "the nonprofit sector" },
  consulting: { weight: 2, phrase: "consulting" },
  law_school: { weight: 2, phrase: "law school", suitedFields: [...POLICY_FIELDS, "english", "communications", "business_administration"] },
  entrepreneurship: { weight: 1, phrase: "starting a company" },
} satisfies Record<string, CareerTraits>;
export type CareerPath = keyof typeof CAREER_TRAITS;
export const CAREER_GOALS: readonly CareerGoal[] = formOptions<CareerPath, CareerTraits>("faculty_student", "mentee", "career_goals", CAREER_TRAITS);

/** Faculty mentors type their title (a text question), so these are ours, not the form's. */
export interface FacultyTitle extends Weighted<string> {
  /** "Professor of Biology" but "Lecturer in Biology". */
  preposition: "of" | "in";
}

export const FACULTY_TITLES: readonly FacultyTitle[] = [
  { value: "Assistant Professor", weight: 30, preposition: "of" },
  { value: "Associate Professor", weight: 25, preposition: "of" },
  { value: "Professor", weight: 20, preposition: "of" },
  { value: "Lecturer", weight: 10, preposition: "in" },
  { value: "Research Scientist", weight: 6, preposition: "in" },
  { value: "Senior Lecturer", weight: 5, preposition: "in" },
  { value: "Teaching Professor", weight: 4, preposition: "of" },
];

/** `description` reads after "I'm a …". */
export const DEGREE_LEVELS = formOptions("faculty_student", "mentee", "degree_level", {
  undergraduate: { weight: 60, description: "undergraduate" },
  masters: { weight: 25, description: "master's student" },
  phd: { weight: 15, description: "PhD student" },
});

export const COMMUNITY_MODALITIES = formOptions("community", "mentee", "modality", {
  either: { weight: 45 },
  in_person: { weight: 40 },
  online: { weight: 15 },
});

export interface LanguageOption extends Weighted<string> {
  /** How a bio names the language: "Mandarin" where the form's list says "Chinese". */
  name: string;
}

/** Everyone speaks English: the programs run in it. Stored as its ISO 639-1 code, as the form's language picker stores it. */
export const PRIMARY_LANGUAGE = "en";

/** Languages besides English that participants list, most common in the region first; values are codes from the form's `LANGUAGES`. */
export const SECOND_LANGUAGES: readonly LanguageOption[] = [
  { value: "es", weight: 12 },
  { value: "zh", weight: 4, name: "Mandarin" },
  { value: "pl", weight: 3 },
  { value: "ar", weight: 3 },
  { value: "hi", weight: 3 },
  { value: "vi", weight: 2 },
  { value: "tl", weight: 2, name: "Tagalog" },
  { value: "fr", weight: 2 },
  { value: "ko", weight: 1 },
].map(({ value, weight, name }: Weighted<string> & { name?: string }) => {
  const language = LANGUAGES.find((candidate) => candidate.code === value);
  if (language === undefined) throw new Error(`The demo answers language "${value}", which is not on the form's list of languages`);
  return { value, weight, name: name ?? language.label };
});

export interface Neighborhood extends Weighted<string> {
  /** The high school most students from here attend. */
  highSchool: string;
}

/** Neighborhoods of the fictional city of Northbridge. */
export const NEIGHBORHOODS: readonly Neighborhood[] = [
  { value: "Riverside", weight: 8, highSchool: "Riverside High School" },
  { value: "Eastgate", weight: 7, highSchool: "Eastgate High School" },
  { value: "Old Mill", weight: 6, highSchool: "Northbridge Central High School" },
  { value: "Cedar Heights", weight: 5, highSchool: "Cedar Heights High School" },
  { value: "Harbor Point", weight: 5, highSchool: "Harbor Point Academy" },
  { value: "Westfield", weight: 4, highSchool: "Westfield STEM Academy" },
  { value: "Brickyard", weight: 4, highSchool: "Northbridge Central High School" },
  { value: "South Junction", weight: 3, highSchool: "Eastgate High School" },
  { value: "Maple Hollow", weight: 2, highSchool: "Cedar Heights High School" },
  { value: "Fairview", weight: 2, highSchool: "Riverside High School" },
];

export const HIGH_SCHOOLS: readonly string[] = [...new Set(NEIGHBORHOODS.map((neighborhood) => neighborhood.highSchool))];

export interface PartnerEmployer extends Weighted<string> {
  occupations: readonly string[];
}

/** Fictional local businesses that send volunteer mentors to the community program. */
export const PARTNER_EMPLOYERS: readonly PartnerEmployer[] = [
  { value: "Northbridge Health Partners", weight: 6, occupations: ["registered nurse", "physical therapist", "medical assistant"] },
  { value: "Prairie Lane Software", weight: 5, occupations: ["software engineer", "UX designer", "product manager"] },
  { value: "Riverside Credit Union", weight: 4, occupations: ["loan officer", "branch manager", "financial counselor"] },
  { value: "Keystone Logistics", weight: 4, occupations: ["operations manager", "dispatcher", "supply chain analyst"] },
  { value: "Lakeshore Energy Cooperative", weight: 3, occupations: ["electrician", "energy auditor", "customer service lead"] },
  { value: "Ironworks Manufacturing Co.", weight: 3, occupations: ["machinist", "quality engineer", "shift supervisor"] },
  { value: "Harborview Architecture Studio", weight: 2, occupations: ["architect", "drafter", "project coordinator"] },
  { value: "Cedar & Main Bakery", weight: 2, occupations: ["pastry chef", "bakery manager", "shop owner"] },
];

/** What a teenager hopes a mentor helps with; used only in bios. */
export const YOUTH_ASPIRATIONS: readonly string[] = [
  "figure out what to do after graduation",
  "learn what jobs in tech are really like",
  "get better at public speaking",
  "plan for college and financial aid",
  "find my first summer job",
  "bring my grades up",
  "learn how people start their own business",
  "feel more confident talking to adults",
  "explore careers in health care",
];

/** Why volunteers sign up; used only in bios. */
export const VOLUNTEER_MOTIVATIONS: readonly string[] = [
  "I had a mentor in high school who changed my path, and I'd like to pay that forward.",
  "I want young people here to see the jobs that exist in their own neighborhood.",
  "I'm happy to help with anything from homework to a first job application.",
  "I remember how confusing it was to plan for life after high school.",
  "My company gives us volunteer hours and this is the best way I can think of to use them.",
];

