/**
 * Starter forms for a new program, one per program type and role. Keys follow
 * the demo data's answer keys; mentor and mentee forms of a type configure
 * matching identically, so the engine compares like with like.
 */
import type { ParticipantRole, ProgramType } from "./built-ins.js";
import type { Choice, FormDefinition, Question } from "./definition.js";

/** Choice lists written as `[value, label]`, in the order the form shows them (most common first). */
function choices(entries: readonly (readonly [string, string])[]): Choice[] {
  return entries.map(([value, label]) => ({ value, label }));
}

const INTERESTS = choices([
  ["music", "Music"],
  ["fitness", "Fitness"],
  ["gaming", "Video games"],
  ["film", "Film"],
  ["travel", "Travel"],
  ["cooking", "Cooking"],
  ["reading", "Reading"],
  ["photography", "Photography"],
  ["hiking", "Hiking"],
  ["basketball", "Basketball"],
  ["soccer", "Soccer"],
  ["art", "Art and drawing"],
  ["coding", "Coding"],
  ["volunteering", "Volunteering"],
  ["writing", "Creative writing"],
  ["dance", "Dance"],
  ["anime", "Anime"],
  ["board_games", "Board games"],
  ["fashion", "Fashion"],
  ["entrepreneurship", "Entrepreneurship"],
  ["theater", "Theater"],
  ["podcasts", "Podcasts"],
  ["gardening", "Gardening"],
  ["chess", "Chess"],
  ["robotics", "Robotics"],
]);

const FIELDS_OF_STUDY = choices([
  ["biology", "Biology"],
  ["psychology", "Psychology"],
  ["computer_science", "Computer Science"],
  ["business_administration", "Business Administration"],
  ["nursing", "Nursing"],
  ["mechanical_engineering", "Mechanical Engineering"],
  ["economics", "Economics"],
  ["political_science", "Political Science"],
  ["kinesiology", "Kinesiology"],
  ["communications", "Communications"],
  ["chemistry", "Chemistry"],
  ["electrical_engineering", "Electrical Engineering"],
  ["environmental_science", "Environmental Science"],
  ["sociology", "Sociology"],
  ["education", "Education"],
  ["mathematics", "Mathematics"],
  ["english", "English"],
  ["history", "History"],
  ["public_health", "Public Health"],
  ["physics", "Physics"],
  ["other", "Other"],
]);

/** What first-year students want help with; peer mentors pick what they can help with from the same list. */
const FIRST_YEAR_GOALS = choices([
  ["make_friends", "Making friends"],
  ["study_habits", "Study habits"],
  ["time_management", "Time management"],
  ["manage_stress", "Handling stress"],
  ["choose_a_major", "Choosing a major"],
  ["get_involved_in_clubs", "Getting involved in clubs"],
  ["navigate_campus_resources", "Finding campus resources"],
  ["find_a_research_opportunity", "Finding a research opportunity"],
  ["find_an_internship", "Finding an internship"],
  ["balance_work_and_school", "Balancing work and school"],
  ["budgeting", "Budgeting"],
  ["homesickness", "Homesickness"],
]);

const RESEARCH_AREAS = choices([
  ["machine_learning", "Machine learning"],
  ["public_health", "Public health"],
  ["climate_and_sustainability", "Climate and sustainability"],
  ["neuroscience", "Neuroscience"],
  ["data_science", "Data science"],
  ["mental_health", "Mental health"],
  ["genomics", "Genomics"],
  ["renewable_energy", "Renewable energy"],
  ["social_inequality", "Social inequality"],
  ["behavioral_economics", "Behavioral economics"],
  ["human_computer_interaction", "Human–computer interaction"],
  ["education_policy", "Education policy"],
  ["cybersecurity", "Cybersecurity"],
  ["urban_planning", "Urban planning"],
  ["materials_science", "Materials science"],
  ["digital_humanities", "Digital humanities"],
]);

const CAREER_PATHS = choices([
  ["doctoral_studies", "Doctoral studies (PhD)"],
  ["industry_research", "Industry research"],
  ["medical_school", "Medical school"],
  ["data_science", "Data science"],
  ["software_engineering", "Software engineering"],
  ["healthcare_practice", "Clinical practice"],
  ["teaching", "Teaching"],
  ["public_policy", "Public policy"],
  ["academic_career", "A faculty career"],
  ["nonprofit_work", "Nonprofit work"],
  ["consulting", "Consulting"],
  ["law_school", "Law school"],
  ["entrepreneurship", "Starting a company"],
]);

const DEGREE_LEVELS = choices([
  ["undergraduate", "Undergraduate"],
  ["masters", "Master's"],
  ["phd", "PhD"],
]);

const MODALITIES = choices([
  ["in_person", "In person"],
  ["online", "Online"],
  ["either", "Either is fine"],
]);

/** Text to show each role, for the questions both roles answer. */
type ByRole = Readonly<Record<ParticipantRole, string>>;

function availability(role: ParticipantRole, weight: number): Question {
  return {
    key: "availability",
    type: "availability",
    label: role === "mentee" ? "When could you usually meet?" : "When could you usually meet your mentee?",
    help: "Tick every time of the week that usually works; more options make a match likelier.",
    required: true,
    // A pair that can never meet is no pair, however well matched otherwise.
    matching: { kind: "overlap", weight, required: true },
  };
}

function languages(weight: number): Question {
  return {
    key: "languages",
    type: "languages",
    label: "Which languages do you speak comfortably?",
    required: true,
    matching: { kind: "overlap", weight, required: true },
  };
}

function interests(weight: number): Question {
  return {
    key: "interests",
    type: "multiple_choice",
    label: "What are your interests?",
    help: "Choose up to 5.",
    required: true,
    choices: INTERESTS,
    max: 5,
    matching: { kind: "overlap", weight },
  };
}

function bio(label: ByRole, help: ByRole, role: ParticipantRole, weight: number): Question {
  return { key: "bio", type: "long_text", label: label[role], help: help[role], required: true, max: 2000, matching: { kind: "text", weight } };
}

function peerForm(role: ParticipantRole): Question[] {
  const isMentee = role === "mentee";
  return [
    {
      key: "major",
      type: "single_choice",
      label: isMentee ? "What is your intended major?" : "What is your major?",
      required: true,
      choices: isMentee ? [...FIELDS_OF_STUDY, { value: "undeclared", label: "Undeclared" }] : FIELDS_OF_STUDY,
      matching: { kind: "exact", weight: 3 },
    },
    {
      key: "year",
      type: "number",
      label: "Which year of study are you in?",
      help: "1 for your first year.",
      required: true,
      min: 1,
      max: 8,
    },
    {
      key: "goals",
      type: "multiple_choice",
      label: isMentee ? "What would you like help with this year?" : "What could you help a first-year student with?",
      help: "Choose up to 3.",
      required: true,
      choices: FIRST_YEAR_GOALS,
      max: 3,
      matching: { kind: "overlap", weight: 8 },
    },
    interests(6),
    availability(role, 7),
    languages(5),
    bio(
      { mentee: "Tell us a little about yourself", mentor: "Tell us a little about yourself" },
      {
        mentee: "Where you are from, what you enjoy, what you hope to get out of having a mentor.",
        mentor: "Your studies, what you enjoy, and what you wish someone had told you in your first year.",
      },
      role,
      2,
    ),
  ];
}

function facultyStudentForm(role: ParticipantRole): Question[] {
  const isMentee = role === "mentee";
  const roleSpecific: Question = isMentee
    ? { key: "degree_level", type: "single_choice", label: "Which degree are you studying for?", required: true, choices: DEGREE_LEVELS }
    : { key: "title", type: "short_text", label: "What is your title?", help: "For example: Associate Professor, Research Scientist.", required: true, max: 120 };
  return [
    {
      key: "field",
      type: "single_choice",
      label: isMentee ? "What is your field of study?" : "What is your field?",
      required: true,
      choices: FIELDS_OF_STUDY,
      matching: { kind: "exact", weight: 5 },
    },
    roleSpecific,
    {
      key: "research_interests",
      type: "multiple_choice",
      label: isMentee ? "Which research areas interest you?" : "Which areas does your research cover?",
      help: isMentee ? "Choose up to 3." : "Choose up to 5.",
      required: true,
      choices: RESEARCH_AREAS,
      max: isMentee ? 3 : 5,
      matching: { kind: "overlap", weight: 9 },
    },
    {
      key: "career_goals",
      type: "multiple_choice",
      label: isMentee ? "Which career paths are you considering?" : "Which career paths can you advise on?",
      help: isMentee ? "Choose up to 2." : "Choose up to 5.",
      required: true,
      choices: CAREER_PATHS,
      max: isMentee ? 2 : 5,
      matching: { kind: "overlap", weight: 6 },
    },
    availability(role, 6),
    bio(
      { mentee: "Tell us about yourself and what you hope to learn", mentor: "Tell us about your work and how you like to mentor" },
      {
        mentee: "Courses or projects that got you interested, and what you would like from a faculty mentor.",
        mentor: "Your research, the students you have worked with, and what a mentee can expect from you.",
      },
      role,
      3,
    ),
  ];
}

function communityForm(role: ParticipantRole): Question[] {
  const isMentee = role === "mentee";
  const shared: Question[] = [
    interests(6),
    languages(5),
    {
      key: "location",
      type: "short_text",
      label: isMentee ? "Which neighborhood do you live in?" : "Which neighborhood do you live or work in?",
      help: "So we can suggest a mentor or mentee close by.",
      required: true,
      max: 100,
      matching: { kind: "exact", weight: 4 },
    },
    {
      key: "modality",
      type: "single_choice",
      label: "How would you like to meet?",
      required: true,
      choices: MODALITIES,
      matching: { kind: "exact", weight: 5 },
    },
    availability(role, 7),
  ];
  const about = bio(
    { mentee: "Tell us about yourself", mentor: "Tell us about yourself and why you want to mentor" },
    {
      mentee: "What you enjoy, and what you would like a mentor to help you with.",
      mentor: "Your work, what you enjoy outside it, and what you hope to share with a young person.",
    },
    role,
    2,
  );
  if (isMentee) {
    return [...shared, { key: "school", type: "short_text", label: "Which school do you go to?", required: true, max: 120 }, about];
  }
  return [
    ...shared,
    { key: "employer", type: "short_text", label: "Who is your employer?", help: "Write self-employed or retired if that fits.", required: true, max: 120 },
    { key: "occupation", type: "short_text", label: "What is your job?", required: true, max: 120 },
    about,
    // Youth programs screen and train every volunteer before matching; these make it explicit at application.
    {
      key: "code_of_conduct",
      type: "consent",
      label: "I have read the code of conduct and will follow it, including meeting only in public places, at a partner site or online.",
      help: "The code of conduct is on the program page.",
      required: true,
    },
    {
      key: "background_check",
      type: "consent",
      label: "I agree to a background check and to complete youth-protection training before I am matched.",
      required: true,
    },
  ];
}

const BUILDERS: Record<ProgramType, (role: ParticipantRole) => Question[]> = {
  peer: peerForm,
  faculty_student: facultyStudentForm,
  community: communityForm,
};

/** A starter form the coordinator can edit; the built-in fields (names, email, guardian) are added by `builtInFields`. */
export function defaultForm(programType: ProgramType, role: ParticipantRole): FormDefinition {
  // Choice lists are shared constants; a deep copy lets the caller edit the form freely.
  return structuredClone({ version: 1, questions: BUILDERS[programType](role) });
}
