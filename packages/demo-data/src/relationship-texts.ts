/**
 * Hand-written content of the demo's mentoring relationships: what pairs talk
 * about, the notes they share, what they write only for themselves, the goals
 * they set, how they answer surveys, why some matches end early, and what the
 * coordinator notes after reaching out. Everything is fictional.
 */
import type { ProgramType } from "./types.js";

/** A topic of a meeting: the stored topic (as a person would type it) and sentences of a shared note about it. */
export interface TopicText {
  topic: string;
  notes: readonly string[];
}

/**
 * Peer-mentoring topics, one per first-year goal a mentee can tick on the peer
 * form (keyed by its stored value), so pairs talk about what the mentee asked for.
 */
export const PEER_GOAL_TOPICS: Readonly<Record<string, TopicText>> = {
  make_friends: {
    topic: "Making friends",
    notes: [
      "Went through the clubs with weekly socials and picked two to try this week.",
      "Talked about how hard it is to meet people outside the residence hall; the plan is to join a study group for the biggest class.",
    ],
  },
  study_habits: {
    topic: "Study habits",
    notes: [
      "Swapped note-taking methods and tried active recall on last week's lecture.",
      "Looked at how the week's reading is spread out and moved two study sessions to the library instead of the dorm.",
    ],
  },
  time_management: {
    topic: "Weekly schedule",
    notes: [
      "Built a weekly calendar with classes, work shifts and fixed study blocks.",
      "Went over which deadlines pile up before midterms and started a shared to-do list.",
    ],
  },
  manage_stress: {
    topic: "Stress and sleep",
    notes: [
      "Talked about sleep during exam weeks and about the counseling center's drop-in hours.",
      "Went over what helps on a bad week: a walk, one task at a time, and asking for an extension early rather than late.",
    ],
  },
  choose_a_major: {
    topic: "Choosing a major",
    notes: [
      "Compared two majors' requirements and listed intro courses that count toward both.",
      "Talked about booking an appointment with an advisor before spring registration opens.",
    ],
  },
  get_involved_in_clubs: {
    topic: "Clubs and activities",
    notes: [
      "Looked through the student organizations list together and shortlisted three.",
      "Went to the activities fair debrief: signed up for one club, still deciding on a second.",
    ],
  },
  navigate_campus_resources: {
    topic: "Campus resources",
    notes: [
      "Walked through where the writing center and tutoring are and how to book them.",
      "Went over the financial aid office's hours and what to bring to an appointment.",
    ],
  },
  find_a_research_opportunity: {
    topic: "Research opportunities",
    notes: [
      "Looked at which labs take first-years and drafted a short email to one professor.",
      "Talked about the undergraduate research fair and how to ask about volunteer lab hours.",
    ],
  },
  find_an_internship: {
    topic: "Internships",
    notes: [
      "Reviewed a first draft of a résumé and booked a slot at the career center.",
      "Talked about summer programs for first-years and when their applications open.",
    ],
  },
  balance_work_and_school: {
    topic: "Work and classes",
    notes: [
      "Went over the work schedule and which shifts clash with labs; the plan is to ask for a fixed weekday off.",
      "Talked about on-campus jobs with flexible hours.",
    ],
  },
  budgeting: {
    topic: "Budgeting",
    notes: [
      "Set up a simple monthly budget and looked at the textbook rental options.",
      "Talked about the meal plan, the food pantry and a few cheaper places to eat.",
    ],
  },
  homesickness: {
    topic: "Homesickness",
    notes: [
      "Talked about missing home and planned a regular weekend call with family.",
      "Shared how the first months felt for both of us; things usually get easier after fall break.",
    ],
  },
};

/** Topics any pair of the program type may talk about, whatever they asked for. */
export const GENERAL_TOPICS: Readonly<Record<ProgramType, readonly TopicText[]>> = {
  peer: [
    { topic: "How the week went", notes: ["Caught up on the week: classes are fine, labs are a lot.", "Quick catch-up on how classes and the residence hall are going."] },
    { topic: "Midterms", notes: ["Made a revision plan for the midterms and found the review sessions.", "Went over old exam papers for the hardest course."] },
    { topic: "Office hours", notes: ["Practised what to ask at office hours; the first visit is this week.", "Talked about why office hours are worth it even when you are not stuck."] },
    { topic: "Course registration", notes: ["Looked at next term's courses and the registration date.", "Went over prerequisites and which sections fill up first."] },
  ],
  faculty_student: [
    { topic: "Research interests", notes: ["Talked through the student's interests and two papers to read before next time."] },
    { topic: "Graduate school", notes: ["Went over what graduate admissions committees look for and when to ask for letters."] },
    { topic: "Career paths", notes: ["Talked about careers in and outside academia and people to contact."] },
    { topic: "Lab visit", notes: ["Visited the lab and met two graduate students working on related projects."] },
  ],
  community: [
    { topic: "School this week", notes: ["Talked about school this week and a project due soon."] },
    { topic: "Careers", notes: ["Talked about what a day at work looks like and what jobs are out there."] },
    { topic: "Goals", notes: ["Looked at the goals we set and what to do before next time."] },
    { topic: "Workplace visit", notes: ["Planned a visit to the mentor's workplace with the coordinator."] },
  ],
};

export const NOTE_ENDINGS: readonly string[] = [
  "Next time: check how the plan went.",
  "Meeting again in two weeks, same place.",
  "Follow-up by text on Friday.",
  "Next time we will look at the goal's next milestone.",
  "",
  "",
];

/** The first meeting's note: getting to know each other and the agreement. */
export const FIRST_MEETING_NOTES: readonly string[] = [
  "First meeting: got to know each other, went over the program's expectations and agreed to meet every other week.",
  "Introductions, what we each hope to get out of this, and a regular time that works for both of us.",
  "Met for the first time. Set our first goal and swapped the best ways to reach each other.",
];

/** Strained meetings: what a shared note says when it is not going well. */
export const STRAINED_NOTES: readonly string[] = [
  "Short meeting; it was hard to find a time that works for both of us.",
  "Rescheduled twice before we met. We talked briefly about classes.",
  "Quiet meeting. Not sure the plan we made last time is working.",
];

/** Private reflections, visible only to their author. */
export const PRIVATE_REFLECTIONS: Readonly<Record<"mentor" | "mentee", readonly string[]>> = {
  mentor: [
    "I talked too much this time. Next time I want to ask more questions and let them lead.",
    "They seemed more relaxed than at our first meeting. Bringing up my own first-year mistakes helped.",
    "I'm not sure I gave good advice about choosing courses; I should point them to an advisor.",
    "Felt good. I realised I've learned a lot since my first year too.",
    "Hard to tell if this is useful for them. I'll ask directly next time what they want from our meetings.",
    "I need to remember the counseling referral steps from orientation, just in case.",
  ],
  mentee: [
    "I was nervous to bring up my grades, but it helped to say it out loud.",
    "Good to hear that someone else found the first term hard too.",
    "I should actually do the things we plan. I didn't last time.",
    "I liked that we just talked. I feel less alone with this.",
    "I'm not sure what to ask. Maybe I should write questions down before we meet.",
    "Really useful tips on the library. I'm going to try it this week.",
  ],
};

/** A goal a pair can set: its title, why it matters (in the mentee's words), and its milestones. */
export interface GoalTemplate {
  title: string;
  why: string;
  milestones: readonly string[];
}

/** Peer goals, keyed by the first-year goal on the mentee's form they answer. */
export const PEER_GOALS: Readonly<Record<string, GoalTemplate>> = {
  make_friends: {
    title: "Find a group of friends on campus",
    why: "I don't know many people yet outside my floor.",
    milestones: ["Go to two club meetings", "Join a study group", "Invite someone for coffee"],
  },
  study_habits: {
    title: "Build a study routine that sticks",
    why: "I studied the night before in high school and it won't work here.",
    milestones: ["Try three study methods", "Study in the library twice a week", "Review notes within a day of each lecture", "Keep the routine through midterms"],
  },
  time_management: {
    title: "Plan each week ahead",
    why: "Deadlines keep surprising me.",
    milestones: ["Put every syllabus deadline in a calendar", "Plan the week every Sunday", "Hand in everything on time for a month"],
  },
  manage_stress: {
    title: "Handle exam stress better",
    why: "I got really anxious before my first quiz.",
    milestones: ["Find out what the counseling center offers", "Keep a regular sleep schedule in exam week", "Try one relaxation technique before a test"],
  },
  choose_a_major: {
    title: "Decide between two majors",
    why: "I need to declare by the end of next year and I keep changing my mind.",
    milestones: ["Meet an academic advisor", "Take an intro course in each", "Talk to a student in each major"],
  },
  get_involved_in_clubs: {
    title: "Join a club and stay with it",
    why: "I want to be part of something outside class.",
    milestones: ["Shortlist three clubs", "Attend a first meeting", "Go to four meetings in a row"],
  },
  navigate_campus_resources: {
    title: "Know where to go for help",
    why: "I only found out about the tutoring center from a friend.",
    milestones: ["Visit the tutoring center", "Book a writing center appointment", "Find out how to reach financial aid"],
  },
  find_a_research_opportunity: {
    title: "Get involved in research",
    why: "I want to see if research is for me before choosing a major.",
    milestones: ["List three labs that take first-years", "Email one professor", "Attend a lab meeting"],
  },
  find_an_internship: {
    title: "Apply for a summer internship",
    why: "I'd like some work experience in my field before second year.",
    milestones: ["Write a first résumé", "Get feedback at the career center", "Send three applications"],
  },
  balance_work_and_school: {
    title: "Balance my job with classes",
    why: "I work 15 hours a week and my grades are slipping.",
    milestones: ["Ask for a fixed weekday off", "Block study time around shifts", "Look into an on-campus job"],
  },
  budgeting: {
    title: "Stick to a monthly budget",
    why: "I ran out of money before the end of my first month.",
    milestones: ["Write down a month of spending", "Set up a budget", "Find out about emergency grants"],
  },
  homesickness: {
    title: "Feel at home on campus",
    why: "I miss my family more than I expected.",
    milestones: ["Set up a weekly call home", "Find one place on campus I like", "Go to a weekend event"],
  },
};

/** Goals for program types without a goal question on the mentee form. */
export const GENERAL_GOALS: Readonly<Record<ProgramType, readonly GoalTemplate[]>> = {
  peer: [
    { title: "Get through the first term with solid grades", why: "I want to start strong.", milestones: ["Go to every class for a month", "Visit office hours once", "Pass all midterms"] },
  ],
  faculty_student: [
    { title: "Join a research project", why: "I want hands-on research experience this year.", milestones: ["Read three papers in the area", "Meet two lab members", "Agree on a small project"] },
    { title: "Prepare graduate school applications", why: "The deadlines are at the end of this term.", milestones: ["Shortlist programs", "Draft a statement of purpose", "Ask for two letters"] },
    { title: "Present at the undergraduate research symposium", why: "I'd like to practise presenting my work.", milestones: ["Pick a topic", "Submit the abstract", "Rehearse the talk"] },
  ],
  community: [
    { title: "Explore three careers", why: "I don't know what I want to do after high school.", milestones: ["Pick three careers to look into", "Visit a workplace", "Talk to someone in one of them"] },
    { title: "Raise my math grade", why: "I want to pass algebra this year.", milestones: ["Do homework every day for two weeks", "Ask the teacher for help", "Get a B on a test"] },
    { title: "Write my first résumé", why: "I want a summer job.", milestones: ["List my skills and activities", "Write a draft", "Practise an interview"] },
  ],
};

/** Comments on a pulse or evaluation survey, by how it is going. */
export const SURVEY_COMMENTS: Readonly<Record<"good" | "ok" | "low", readonly string[]>> = {
  good: [
    "Really glad I signed up. Our meetings are the most useful hour of my week.",
    "Going well. We meet every other week and always have something to talk about.",
    "Easy to talk to, and the advice has been practical.",
    "Good so far, no complaints.",
  ],
  ok: [
    "It's fine. Finding a time that suits us both is the hardest part.",
    "Okay. We could meet a bit more often.",
    "Still getting to know each other.",
  ],
  low: [
    "We haven't really clicked. Meetings feel a bit forced.",
    "Hard to get a reply between meetings; I'm not sure they are still interested.",
    "We keep cancelling. I'd like some help getting back on track.",
    "I'm not getting much out of it at the moment.",
  ],
};

/** Why a match closed early: a note per reason, as the person closing it wrote it. */
export const EARLY_CLOSE_NOTES = {
  schedule_conflict: ["New work schedule means we can no longer find a time to meet.", "Lab sections moved and our only common slot is gone."],
  lost_contact: ["No reply to messages for three weeks despite reminders.", "Mentee stopped answering after the first meeting."],
  not_a_good_fit: ["We get along but want different things from mentoring; a different mentor may suit better.", "Interests turned out to be too far apart."],
  personal_circumstances: ["Family circumstances; taking a step back this term.", "Health reasons; may rejoin next term."],
  left_program: ["Transferred to another university.", "Withdrew from the term."],
} as const;

/** What a coordinator notes after contacting a pair. */
export const SUPPORT_NOTES: Readonly<Record<"routine" | "concern", readonly string[]>> = {
  routine: [
    "Emailed both to check in. They meet every other week and are happy with the match.",
    "Caught up with the mentor at the monthly mentor session; all going well.",
    "Quick call with the mentee: settling in, finds the meetings useful.",
    "Checked in by email; both replied that things are fine.",
    "Reminded the pair about the pulse survey; they are meeting regularly.",
  ],
  concern: [
    "Emailed both about the missed meetings. Mentor replied, waiting to hear from the mentee.",
    "Called the mentee: busy with exams, will message the mentor this week.",
    "Met the mentor to talk about how to restart the conversation with their mentee.",
    "Followed up on the low survey answer; offered a three-way meeting.",
    "Left a voicemail for the mentee and sent a follow-up email.",
  ],
};
