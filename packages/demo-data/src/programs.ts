/**
 * The demo institution's three programs: fixed, hand-written content, with
 * dates placed around `today` so the demo always looks current.
 */
import { addDays } from "./dates.js";
import type { DemoProgram } from "./types.js";

export const DEMO_CITY = "Northbridge";

/** Offsets in days from `today`; each program is at a different point in its life. */
interface ProgramSchedule {
  enrollmentOpens: number;
  enrollmentCloses: number;
  starts: number;
  ends: number;
}

type ProgramContent = Omit<DemoProgram, "startsOn" | "endsOn" | "enrollmentOpensOn" | "enrollmentClosesOn"> & {
  schedule: ProgramSchedule;
};

const PROGRAM_CONTENT: readonly ProgramContent[] = [
  {
    slug: "first-year-peer-mentoring",
    name: "First-Year Peer Mentoring",
    type: "peer",
    description:
      "Every incoming first-year student who signs up is paired with a trained third- or fourth-year student who went through the same transition not long ago. " +
      "Pairs meet every two weeks through the fall and spring terms to talk through whatever the first year brings — classes, friendships, money, homesickness — " +
      "and mentors point their mentees to the campus services that can help before small problems become big ones.",
    objectives: [
      "Help first-year students build friendships and a sense of belonging during their first term",
      "Connect mentees with tutoring, advising, counseling and financial aid early, before they are in difficulty",
      "Develop study and time-management habits that carry into the second year",
      "Raise first-to-second-year retention among participating students",
      "Give upper-year students real leadership and mentoring experience",
    ],
    targetAudience:
      "Incoming first-year undergraduates in any major, mentored by third- and fourth-year students in good academic standing.",
    expectations:
      "Pairs meet at least every two weeks, in person or by video, for 30 to 60 minutes, and log each meeting in Tandem. " +
      "Mentors complete a two-hour orientation before they are matched and take part in a monthly check-in with the program coordinator. " +
      "What a mentee shares stays between the pair, unless someone's safety is at risk or university reporting policy requires otherwise; mentors know when and how to refer a mentee to campus services. " +
      "Mentors are guides, not tutors, counselors or supervisors: they do not complete coursework for mentees, lend money, or pursue romantic relationships with them. " +
      "Either person can ask the coordinator for a new match at any time, with no explanation needed.",
    mentorCapacity: 3,
    checkinCadenceDays: 14,
    guardianConsentUnderAge: null,
    status: "active",
    // Enrollment ran over the summer; the program started with the fall term a few weeks ago.
    schedule: { enrollmentOpens: -105, enrollmentCloses: -49, starts: -35, ends: 240 },
  },
  {
    slug: "faculty-research-mentoring",
    name: "Faculty Research & Career Mentoring",
    type: "faculty_student",
    description:
      "Pairs students with faculty members and research staff who share their academic interests. " +
      "Over two terms, mentors help students find their way into research — reading the literature, joining a lab or project, presenting their work — " +
      "and think through what comes next, whether that is graduate school, industry or public service.",
    objectives: [
      "Give every mentee a faculty contact who knows their goals and can speak to their work",
      "Help each mentee join a research project, lab or independent study by the end of the academic year",
      "Demystify graduate school and research careers, from applications to funding and fellowships",
      "Open research pathways for first-generation and underrepresented students",
    ],
    targetAudience:
      "Undergraduate, master's and doctoral students considering research or a research-based career, mentored by faculty and research staff from every college.",
    expectations:
      "Pairs meet every three weeks during term — in office hours, on a lab visit or over coffee — and agree on two or three concrete goals at their first meeting. " +
      "Each faculty mentor takes up to two students. Students come prepared and follow through on what they agreed to; mentors give candid feedback and make introductions where they can. " +
      "Conversations about grades, funding or personal circumstances stay confidential. " +
      "Mentoring is kept separate from assessment: a mentor does not grade their mentee's coursework or act as their thesis supervisor, " +
      "and concerns about a course or supervisor go to the program coordinator or the ombudsperson rather than through the match.",
    mentorCapacity: 2,
    checkinCadenceDays: 21,
    guardianConsentUnderAge: null,
    status: "matching",
    // Applications closed last week; the coordinator is now proposing pairs.
    schedule: { enrollmentOpens: -63, enrollmentCloses: -7, starts: -21, ends: 245 },
  },
  {
    slug: "northbridge-youth-mentoring",
    name: "Northbridge Neighbors Youth Mentoring",
    type: "community",
    description:
      `A partnership between Northbridge University and local employers that matches high-school students from ${DEMO_CITY}'s neighborhoods with screened adult volunteers from partner businesses. ` +
      "Pairs meet weekly — at school, a public library, a partner workplace or online — to explore careers, build skills and plan for life after graduation. " +
      "Enrollment is rolling: new pairs start as soon as volunteers finish screening and a parent or guardian has given consent.",
    objectives: [
      "Give each young person a consistent, caring adult outside their family and school",
      "Introduce students to careers through workplace visits and job shadowing",
      "Help students set and reach goals for school, work and life after high school",
      "Strengthen ties between the university, local businesses and the neighborhoods they serve",
    ],
    targetAudience:
      `High-school students aged 13 to 17 who live or attend school in ${DEMO_CITY}, mentored by adult volunteers from our partner businesses.`,
    expectations:
      "Pairs meet every week for about an hour and commit to at least one school year. " +
      "Every volunteer passes a background check, completes youth-protection training and signs the code of conduct before being matched. " +
      "A parent or guardian must give consent before a student under 18 is matched, and is kept informed of when and where the pair meets. " +
      "Meetings take place in public places, at a partner site or online through the program — never one-on-one in a private home or car — " +
      "and all messages go through channels the guardian knows about, never private social-media accounts. " +
      "What a student shares stays confidential unless it suggests they or someone else may be at risk, in which case the mentor tells the program coordinator the same day. " +
      "Mentors do not give gifts worth more than $20, lend money, or meet outside the agreed plan.",
    mentorCapacity: 1,
    checkinCadenceDays: 7,
    guardianConsentUnderAge: 18,
    status: "enrolling",
    // Rolling enrollment: the program is already running and keeps accepting applications for another month.
    schedule: { enrollmentOpens: -42, enrollmentCloses: 28, starts: -14, ends: 250 },
  },
];

export function buildDemoPrograms(today: string): DemoProgram[] {
  return PROGRAM_CONTENT.map(({ schedule, objectives, ...content }) => ({
    ...content,
    objectives: [...objectives],
    startsOn: addDays(today, schedule.starts),
    endsOn: addDays(today, schedule.ends),
    enrollmentOpensOn: addDays(today, schedule.enrollmentOpens),
    enrollmentClosesOn: addDays(today, schedule.enrollmentCloses),
  }));
}
