/**
 * Curated vocabularies for the answers on the demo enrollment forms. Values are
 * the stable strings stored in `answers`; weights give the realistic skew
 * (some interests are far more common than others), and `phrase` is how the
 * value reads inside a sentence of a generated bio.
 */
import type { Weighted } from "./random.js";

export interface PhrasedOption extends Weighted<string> {
  phrase: string;
}

/** Hobbies and interests, most popular first (music is ten times as common as robotics). */
export const INTERESTS: readonly PhrasedOption[] = [
  { value: "music", weight: 10, phrase: "playing music" },
  { value: "fitness", weight: 9, phrase: "working out" },
  { value: "gaming", weight: 8, phrase: "video games" },
  { value: "film", weight: 7, phrase: "movies" },
  { value: "travel", weight: 7, phrase: "travel" },
  { value: "cooking", weight: 6, phrase: "cooking" },
  { value: "reading", weight: 6, phrase: "reading" },
  { value: "photography", weight: 5, phrase: "photography" },
  { value: "hiking", weight: 5, phrase: "hiking" },
  { value: "basketball", weight: 5, phrase: "pickup basketball" },
  { value: "soccer", weight: 5, phrase: "soccer" },
  { value: "art", weight: 4, phrase: "drawing" },
  { value: "coding", weight: 4, phrase: "coding side projects" },
  { value: "volunteering", weight: 4, phrase: "volunteering" },
  { value: "writing", weight: 3, phrase: "creative writing" },
  { value: "dance", weight: 3, phrase: "dance" },
  { value: "anime", weight: 3, phrase: "anime" },
  { value: "board games", weight: 3, phrase: "board games" },
  { value: "fashion", weight: 3, phrase: "fashion" },
  { value: "entrepreneurship", weight: 2, phrase: "small-business ideas" },
  { value: "theater", weight: 2, phrase: "theater" },
  { value: "podcasts", weight: 2, phrase: "podcasts" },
  { value: "gardening", weight: 1.5, phrase: "gardening" },
  { value: "chess", weight: 1.5, phrase: "chess" },
  { value: "robotics", weight: 1, phrase: "robotics" },
];

export type ResearchArea =
  | "machine learning"
  | "data science"
  | "human-computer interaction"
  | "cybersecurity"
  | "genomics"
  | "neuroscience"
  | "public health"
  | "mental health"
  | "climate and sustainability"
  | "renewable energy"
  | "materials science"
  | "behavioral economics"
  | "social inequality"
  | "education policy"
  | "urban planning"
  | "digital humanities";

/** Research areas, most popular first. */
export const RESEARCH_AREAS: readonly Weighted<ResearchArea>[] = [
  { value: "machine learning", weight: 8 },
  { value: "public health", weight: 7 },
  { value: "climate and sustainability", weight: 7 },
  { value: "neuroscience", weight: 6 },
  { value: "data science", weight: 6 },
  { value: "mental health", weight: 5 },
  { value: "genomics", weight: 4 },
  { value: "renewable energy", weight: 4 },
  { value: "social inequality", weight: 4 },
  { value: "behavioral economics", weight: 3 },
  { value: "human-computer interaction", weight: 3 },
  { value: "education policy", weight: 3 },
  { value: "cybersecurity", weight: 2 },
  { value: "urban planning", weight: 2 },
  { value: "materials science", weight: 2 },
  { value: "digital humanities", weight: 1 },
];

export interface FieldOfStudy extends Weighted<string> {
  /** Research areas people in this field usually pick; others are possible but rarer. */
  relatedResearch: readonly ResearchArea[];
}

/** Majors (peer program) and fields (faculty–student program), most popular first. */
export const FIELDS_OF_STUDY: readonly FieldOfStudy[] = [
  { value: "Biology", weight: 9, relatedResearch: ["genomics", "public health", "neuroscience", "climate and sustainability"] },
  { value: "Psychology", weight: 8, relatedResearch: ["neuroscience", "mental health", "behavioral economics"] },
  { value: "Computer Science", weight: 8, relatedResearch: ["machine learning", "data science", "human-computer interaction", "cybersecurity"] },
  { value: "Business Administration", weight: 7, relatedResearch: ["behavioral economics", "data science"] },
  { value: "Nursing", weight: 6, relatedResearch: ["public health", "mental health"] },
  { value: "Mechanical Engineering", weight: 5, relatedResearch: ["renewable energy", "materials science"] },
  { value: "Economics", weight: 5, relatedResearch: ["behavioral economics", "social inequality", "data science"] },
  { value: "Political Science", weight: 4, relatedResearch: ["social inequality", "education policy", "urban planning"] },
  { value: "Kinesiology", weight: 4, relatedResearch: ["public health", "neuroscience"] },
  { value: "Communications", weight: 4, relatedResearch: ["digital humanities", "human-computer interaction"] },
  { value: "Chemistry", weight: 3, relatedResearch: ["materials science", "renewable energy", "genomics"] },
  { value: "Electrical Engineering", weight: 3, relatedResearch: ["renewable energy", "machine learning", "cybersecurity"] },
  { value: "Environmental Science", weight: 3, relatedResearch: ["climate and sustainability", "renewable energy", "urban planning"] },
  { value: "Sociology", weight: 3, relatedResearch: ["social inequality", "education policy", "urban planning"] },
  { value: "Education", weight: 3, relatedResearch: ["education policy", "social inequality"] },
  { value: "Mathematics", weight: 2, relatedResearch: ["machine learning", "data science"] },
  { value: "English", weight: 2, relatedResearch: ["digital humanities", "education policy"] },
  { value: "History", weight: 2, relatedResearch: ["digital humanities", "social inequality"] },
  { value: "Public Health", weight: 2, relatedResearch: ["public health", "mental health", "social inequality"] },
  { value: "Physics", weight: 1.5, relatedResearch: ["materials science", "renewable energy", "machine learning"] },
];

/** What a first-year student wants help with; peer mentors answer what they can help with from the same list. */
export const FIRST_YEAR_GOALS: readonly PhrasedOption[] = [
  { value: "make friends", weight: 9, phrase: "making friends" },
  { value: "study habits", weight: 8, phrase: "building study habits" },
  { value: "time management", weight: 7, phrase: "managing time" },
  { value: "manage stress", weight: 6, phrase: "handling stress" },
  { value: "choose a major", weight: 5, phrase: "choosing a major" },
  { value: "get involved in clubs", weight: 5, phrase: "getting involved in clubs" },
  { value: "navigate campus resources", weight: 4, phrase: "finding the right campus resources" },
  { value: "find a research opportunity", weight: 3, phrase: "finding a research opportunity" },
  { value: "find an internship", weight: 3, phrase: "landing an internship" },
  { value: "balance work and school", weight: 3, phrase: "balancing a job with classes" },
  { value: "budgeting", weight: 2, phrase: "budgeting" },
  { value: "homesickness", weight: 2, phrase: "dealing with homesickness" },
];

export interface CareerGoal extends PhrasedOption {
  /** Fields whose students usually aim for this career; absent when it suits any field. */
  suitedFields?: readonly string[];
}

const HEALTH_FIELDS = ["Biology", "Chemistry", "Nursing", "Kinesiology", "Psychology", "Public Health"];
const COMPUTING_FIELDS = ["Computer Science", "Electrical Engineering", "Mathematics", "Physics", "Mechanical Engineering"];
const QUANTITATIVE_FIELDS = ["Computer Science", "Mathematics", "Economics", "Physics", "Business Administration", "Political Science", "Sociology", "Public Health"];
const POLICY_FIELDS = ["Political Science", "Economics", "Sociology", "Public Health", "Environmental Science", "Education", "History"];

/** Career directions, most popular first; `phrase` reads after "whether … is the right path". */
export const CAREER_GOALS: readonly CareerGoal[] = [
  { value: "doctoral studies", weight: 8, phrase: "a PhD" },
  { value: "industry research", weight: 6, phrase: "industry research" },
  { value: "medical school", weight: 6, phrase: "medical school", suitedFields: HEALTH_FIELDS },
  { value: "data science", weight: 5, phrase: "a data science career", suitedFields: QUANTITATIVE_FIELDS },
  { value: "software engineering", weight: 5, phrase: "software engineering", suitedFields: COMPUTING_FIELDS },
  { value: "healthcare practice", weight: 4, phrase: "clinical practice", suitedFields: HEALTH_FIELDS },
  { value: "teaching", weight: 4, phrase: "teaching" },
  { value: "public policy", weight: 3, phrase: "public policy work", suitedFields: POLICY_FIELDS },
  { value: "academic career", weight: 3, phrase: "a faculty career" },
  { value: "nonprofit work", weight: 2, phrase: "the nonprofit sector" },
  { value: "consulting", weight: 2, phrase: "consulting" },
  { value: "law school", weight: 2, phrase: "law school", suitedFields: [...POLICY_FIELDS, "English", "Communications", "Business Administration"] },
  { value: "entrepreneurship", weight: 1, phrase: "starting a company" },
];

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

export type DegreeLevel = "undergraduate" | "masters" | "phd";

export const DEGREE_LEVELS: readonly (Weighted<DegreeLevel> & { description: string })[] = [
  { value: "undergraduate", weight: 60, description: "undergraduate" },
  { value: "masters", weight: 25, description: "master's student" },
  { value: "phd", weight: 15, description: "PhD student" },
];

/** Languages besides English that participants list, most common in the region first. */
export const SECOND_LANGUAGES: readonly Weighted<string>[] = [
  { value: "Spanish", weight: 12 },
  { value: "Mandarin", weight: 4 },
  { value: "Polish", weight: 3 },
  { value: "Arabic", weight: 3 },
  { value: "Hindi", weight: 3 },
  { value: "Vietnamese", weight: 2 },
  { value: "Tagalog", weight: 2 },
  { value: "French", weight: 2 },
  { value: "Korean", weight: 1 },
];
export const PRIMARY_LANGUAGE = "English";

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

export type Modality = "in_person" | "online" | "either";

export const COMMUNITY_MODALITIES: readonly Weighted<Modality>[] = [
  { value: "either", weight: 45 },
  { value: "in_person", weight: 40 },
  { value: "online", weight: 15 },
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

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export const PARTS_OF_DAY = ["morning", "afternoon", "evening"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export type PartOfDay = (typeof PARTS_OF_DAY)[number];
/** A weekly time slot such as "mon_evening"; slots are listed in calendar order. */
export type AvailabilitySlot = `${Weekday}_${PartOfDay}`;
export const AVAILABILITY_SLOTS: readonly AvailabilitySlot[] = WEEKDAYS.flatMap((day) => PARTS_OF_DAY.map((part): AvailabilitySlot => `${day}_${part}`));
