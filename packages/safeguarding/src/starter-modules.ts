/**
 * The training modules every new program starts with, per program type
 * (program expectations, boundaries and safety, active listening, goal setting),
 * written for Tandem. Coordinators edit or replace them.
 */
import type { Quiz } from "./training.js";

export interface StarterModule {
  title: string;
  /** A small Markdown subset: paragraphs, `##` headings, `-` lists, **bold**, [links](https://…), and a bare video URL on its own line. */
  content: string;
  durationMinutes: number;
  quiz: Quiz | null;
}

export type ProgramType = "peer" | "faculty_student" | "community";

/** Joins lines, so the Markdown below reads as it renders. */
const md = (...lines: string[]) => lines.join("\n");

// ── Peer mentoring: an upper-year student and a newer one ───────────────────

const PEER: StarterModule[] = [
  {
    title: "Program expectations",
    durationMinutes: 15,
    quiz: null,
    content: md(
      "You have volunteered to help a newer student find their feet. This module sets out what the program asks of you, and what you can expect from it.",
      "",
      "## What you commit to",
      "- **Meet regularly.** Agree a rhythm with your mentee in your first meeting and keep it; the program's cadence is the minimum. Consistency matters more than length: a half-hour coffee every two weeks beats one long meeting a term.",
      "- **Log your check-ins.** After each meeting, record it in your mentoring space. It takes a minute and tells your coordinator the pair is on track.",
      "- **Reply within two days.** If your mentee writes, answer within 48 hours, even if only to say when you can talk properly.",
      "- **Tell us early.** If you can no longer take part, tell your coordinator rather than fading away. An honest handover is far kinder than silence.",
      "",
      "## What a peer mentor is, and is not",
      "You are a guide who was recently where your mentee is now: someone who knows which office to ask, how study groups work and what the first exams feel like. You are not a tutor, a counselor or an academic adviser. When a question goes beyond your experience, your job is to help your mentee find the right person, not to have every answer.",
      "",
      "## What you can expect from us",
      "Your coordinator checks in with every pair, answers questions and steps in when something is not working. Use **Ask for help** in your mentoring space at any time: asking early is a sign of a good mentor, not a weak one.",
    ),
  },
  {
    title: "Boundaries and safety",
    durationMinutes: 25,
    content: md(
      "A mentoring relationship works when both people know where its edges are. These boundaries protect your mentee, protect you, and keep the program trustworthy.",
      "",
      "## Keep it a mentoring relationship",
      "- Meet in public or shared campus spaces (a café, the library, a study room) or online.",
      "- Keep it professional. Friendliness is welcome; dating, or anything that looks like it, is not compatible with being someone's mentor. If feelings develop on either side, talk to your coordinator.",
      "- Do not lend or borrow money, and do not exchange valuable gifts.",
      "- Never bring or share alcohol or drugs at mentoring meetings.",
      "",
      "## Confidentiality, and its limits",
      "What your mentee tells you stays between you, with one exception: **if you believe someone is at risk of harm, tell your coordinator straight away.** Say this to your mentee in your first meeting, so it is never a surprise.",
      "",
      "## When a mentee is struggling",
      "You may be the first person a mentee tells that they feel overwhelmed, homesick or unable to cope. Listen, take it seriously, and help them reach support: student counseling, the health center, their academic adviser. If anyone is in immediate danger, call emergency services first and your coordinator second.",
      "",
      "## Look after yourself",
      "You can always say \"I don't know\" or \"let me find out\". If a conversation leaves you worried, use **Ask for help** in your mentoring space or contact your coordinator. You never have to carry a concern alone.",
    ),
    quiz: {
      passMark: 75,
      questions: [
        {
          id: "struggling-mentee",
          prompt: "Your mentee says they have barely slept or eaten for two weeks and feel hopeless. What do you do?",
          options: ["Keep it confidential, as you promised", "Encourage them to reach support services and tell your coordinator straight away", "Wait to see whether it is better by your next meeting", "Ask other mentors in a group chat what they would do"],
          answer: 1,
        },
        {
          id: "meeting-place",
          prompt: "Which of these is a good place for a mentoring meeting?",
          options: ["Your mentee's room in their residence hall", "The library café on campus", "A party off campus", "Your car"],
          answer: 1,
        },
        {
          id: "borrow-money",
          prompt: "Your mentee asks to borrow some money until the end of the month. What do you do?",
          options: ["Lend it: it is a small amount", "Lend it, and ask them to sign an IOU", "Kindly say no and, if money is a worry, help them find the student support office"],
          answer: 2,
        },
        {
          id: "confidentiality",
          prompt: "When should you explain the limits of confidentiality to your mentee?",
          options: ["Only if something serious comes up", "In your first meeting", "Never: it would worry them"],
          answer: 1,
        },
      ],
    },
  },
  {
    title: "Active listening",
    durationMinutes: 20,
    quiz: null,
    content: md(
      "Most mentees need to be heard more than they need advice. Active listening is the skill of understanding what someone means, and showing them you have understood.",
      "",
      "## Four habits",
      "- **Give full attention.** Put your phone away and let silences sit for a moment: people often say the important thing after a pause.",
      "- **Ask open questions.** \"How did the first week of labs go?\" invites a story; \"Did labs go well?\" invites a yes or a no.",
      "- **Reflect back.** Sum up what you heard in your own words: \"So the workload is fine, but you haven't made friends on the course yet?\" It shows you listened, and lets them correct you.",
      "- **Name the feeling.** \"That sounds frustrating\" or \"You sound proud of that\" helps a mentee feel understood.",
      "",
      "## Hold back the fix",
      "When you have been through the same thing, it is tempting to jump to what worked for you. Ask first: \"Would it help if I told you what I did?\" Your experience is most useful when it is offered, not imposed.",
      "",
      "## Online meetings",
      "On video, body language carries less. Nod, use short cues (\"right\", \"go on\"), keep your camera on if you can, and close other tabs.",
      "",
      "## Try it",
      "In your next meeting, ask at least three open questions and reflect back once before you offer any advice. Afterwards, note in your check-in one thing you learned that you would not have found out by talking.",
    ),
  },
  {
    title: "Goal setting",
    durationMinutes: 20,
    content: md(
      "Goals give your meetings direction. Your mentoring space has a goals section: in your first or second meeting, help your mentee set one to three goals for the term.",
      "",
      "## Make goals specific",
      "A vague goal (\"do better at university\") is hard to act on. Help your mentee shape it so that it is:",
      "- **Specific**: what exactly will change?",
      "- **Measurable**: how will you both know it happened?",
      "- **Achievable**: realistic next to their courses, work and life.",
      "- **Relevant**: something they want, not what you think they should want.",
      "- **Time-bound**: done by a date, such as mid-terms or the end of term.",
      "",
      "\"Go to the statistics office hours at least twice before the mid-term\" is a goal you can both check.",
      "",
      "## Break it down",
      "For each goal, agree the first small step before you next meet. Small steps build confidence: a mentee who has done one thing is far more likely to do the next.",
      "",
      "## Review, don't judge",
      "Open each meeting by looking at the goals together. If one has stalled, ask what got in the way rather than why it was not done. It is fine to change or drop a goal that no longer fits; update it in the mentoring space so your coordinator sees the current picture.",
      "",
      "## Celebrate",
      "When a goal is reached, mark it achieved and say so. Recognising progress is one of the most motivating things a mentor can do.",
    ),
    quiz: {
      passMark: 75,
      questions: [
        {
          id: "specific-goal",
          prompt: "Which of these is a well-formed goal?",
          options: ["Be more organised", "Use a weekly planner every Sunday evening until the end of term", "Get better grades", "Stop procrastinating"],
          answer: 1,
        },
        {
          id: "stalled-goal",
          prompt: "Your mentee has made no progress on a goal since your last meeting. What is the best thing to ask?",
          options: ["Why didn't you do it?", "What got in the way?", "Shall we forget about goals?"],
          answer: 1,
        },
        {
          id: "whose-goal",
          prompt: "Whose goals are they?",
          options: ["Yours, as the more experienced student", "The coordinator's", "Your mentee's"],
          answer: 2,
        },
        {
          id: "goal-changes",
          prompt: "A goal no longer fits what your mentee wants. What do you do?",
          options: ["Keep it: goals should not change", "Change or drop it together, and update it in the mentoring space", "Quietly stop mentioning it"],
          answer: 1,
        },
      ],
    },
  },
];

// ── Faculty–student mentoring: a member of faculty and a student ────────────

const FACULTY_STUDENT: StarterModule[] = [
  {
    title: "Program expectations",
    durationMinutes: 15,
    quiz: null,
    content: md(
      "Thank you for mentoring a student. Faculty mentors open doors students often do not know exist: research, graduate study, careers, and the unwritten rules of academic life. This module covers what the program asks of you.",
      "",
      "## Your commitment",
      "- **Meet at the agreed rhythm.** Your first meeting sets the pattern, and the program's cadence is the minimum. Put the meetings in your calendar as you would any teaching commitment.",
      "- **Log each meeting** in your mentoring space. It takes a minute, and your coordinator knows the pair is on track.",
      "- **Reply within a few working days**, even briefly. Students often hesitate to write to faculty; a prompt answer tells them it was right to ask.",
      "- **Tell the coordinator** about leave, fieldwork or a sabbatical that will interrupt meetings, so your mentee is not left waiting.",
      "",
      "## The role",
      "You are a mentor, not your mentee's supervisor, instructor or examiner. Keep mentoring separate from any course you teach them. If you find you will be assessing your mentee's work, tell the coordinator so the arrangement can be reviewed.",
      "",
      "## What mentees value most",
      "Students tell us they value honesty about academic paths, introductions to people in their field, and a mentor who remembers what they talked about last time. You do not need a polished plan for every meeting: genuine curiosity about their goals is the best preparation.",
    ),
  },
  {
    title: "Boundaries and safety",
    durationMinutes: 25,
    content: md(
      "The power difference between a member of faculty and a student is real, even when the relationship is friendly. Clear boundaries keep mentoring safe and fair for both of you.",
      "",
      "## Professional boundaries",
      "- Meet in your office with the door open, in a public space on campus, or online.",
      "- A romantic or sexual relationship with a mentee is never acceptable, and most institutions' policies forbid it.",
      "- Do not give valuable gifts, lend money or employ your mentee privately. Paid research positions go through your department's normal hiring.",
      "- Avoid conflicts of interest: do not grade, examine or sit on a selection panel for your mentee. If it cannot be avoided, tell your coordinator.",
      "",
      "## Confidentiality",
      "Keep what your mentee shares confidential, except **when someone may be at risk of harm**, or when your institution's policy requires you to report (for example, a disclosure of harassment or discrimination). Explain this early, and tell your coordinator promptly when it applies.",
      "",
      "## A student in difficulty",
      "If a mentee tells you about a mental-health crisis, harassment or anything affecting their safety, listen without judgment, do not investigate yourself, and refer them to the right service: counseling, student support, or the office that handles harassment reports. If anyone is in immediate danger, call emergency services.",
      "",
      "## Your own limits",
      "When a conversation goes beyond your role, say so and help your mentee find the right person. Your coordinator can advise you at any stage.",
    ),
    quiz: {
      passMark: 75,
      questions: [
        {
          id: "conflict-of-interest",
          prompt: "You are asked to examine your mentee's thesis. What do you do?",
          options: ["Accept: you know their work best", "Tell the coordinator and ask to step aside from examining it", "Examine it, and grade generously", "Stop mentoring without explaining why"],
          answer: 1,
        },
        {
          id: "meeting-place",
          prompt: "Where should mentoring meetings take place?",
          options: ["At your home", "In your office with the door open, a public space on campus, or online", "Wherever is most private"],
          answer: 1,
        },
        {
          id: "harassment-disclosure",
          prompt: "Your mentee tells you another member of staff is harassing them. What do you do?",
          options: ["Investigate it yourself", "Listen, refer them to the office that handles reports, and follow your reporting duties", "Advise them to ignore it", "Keep it to yourself"],
          answer: 1,
        },
        {
          id: "paid-work",
          prompt: "You would like your mentee to work on your research project. How?",
          options: ["Pay them privately", "Offer the position through the department's normal hiring", "Ask them to help unpaid, as a favour"],
          answer: 1,
        },
      ],
    },
  },
  {
    title: "Active listening",
    durationMinutes: 20,
    quiz: null,
    content: md(
      "Faculty are used to explaining. Mentoring asks for the opposite skill first: listening until you understand what the student is really asking. A question about \"whether to do a master's\" may be a question about money, confidence or family expectations.",
      "",
      "## Habits that help",
      "- **Give your full attention.** Close the laptop and silence notifications. Students notice when a meeting is squeezed between emails.",
      "- **Ask open questions.** \"What draws you to research?\" or \"What would a good year look like for you?\" lets the student think aloud.",
      "- **Paraphrase.** \"It sounds as if you enjoy lab work but are unsure about five more years of it. Is that right?\" Checking your understanding keeps advice aimed at the right problem.",
      "- **Notice what is not said.** A hesitation, a change of subject or a quick \"it's fine\" deserves a gentle follow-up.",
      "",
      "## Advice, when it is wanted",
      "Your experience is valuable, but it comes from one time and one discipline. Offer it as one perspective (\"In my field, what helped was…\") and ask what the student makes of it. Point them to other people too: a mentee gains from hearing more than one path.",
      "",
      "## Explain the unwritten rules",
      "Students, especially the first in their family at university, often do not know how conferences, recommendation letters or lab applications work. Listening well includes noticing what they do not know to ask, and explaining it without making them feel they should have known.",
    ),
  },
  {
    title: "Goal setting",
    durationMinutes: 20,
    content: md(
      "Goals turn good conversations into progress. Early on, agree one to three goals with your mentee and record them in your mentoring space.",
      "",
      "## Typical goals",
      "Students with a faculty mentor often work towards:",
      "- deciding whether graduate study is right for them and, if so, where to apply;",
      "- a first research experience: a summer project, a lab placement, a thesis topic;",
      "- a professional network in their field;",
      "- an application, a poster or a first presentation.",
      "",
      "## Shape each goal",
      "Help your mentee turn an aspiration into a concrete goal with a date: not \"learn about research\", but \"**talk to two ecology researchers about their work by the end of March**\". Ask how you will both know it is done.",
      "",
      "## Plan the first step",
      "End each meeting with one agreed next step (an email to send, a paper to read, a draft to share) and open the next meeting with it. Offer introductions where you can: a two-line email from you can matter more than hours of advice.",
      "",
      "## Review and adjust",
      "Goals change as students learn more about themselves. Changing a goal is a success of mentoring, not a failure. Update the goals in your mentoring space as they evolve, and mark each achievement when it happens.",
    ),
    quiz: {
      passMark: 75,
      questions: [
        {
          id: "specific-goal",
          prompt: "Which of these is a well-formed goal?",
          options: ["Learn about research", "Talk to two ecology researchers about their work by the end of March", "Become more professional", "Think about graduate school"],
          answer: 1,
        },
        {
          id: "end-of-meeting",
          prompt: "What is a good way to end a mentoring meeting?",
          options: ["Agree one next step before you meet again", "Set five new goals", "End without a plan, to keep it informal"],
          answer: 0,
        },
        {
          id: "changed-mind",
          prompt: "Your mentee decides graduate school is not for them after all. How do you respond?",
          options: ["Try to change their mind", "Treat it as progress and update their goals together", "End the mentoring: the goal is gone"],
          answer: 1,
        },
        {
          id: "where-goals-live",
          prompt: "Where are the pair's goals recorded?",
          options: ["Nowhere: they are private", "In the mentoring space, agreed by you and your mentee together", "In an email to the coordinator once a year"],
          answer: 1,
        },
      ],
    },
  },
];

// ── Community (youth) mentoring: a volunteer adult and a young person ──────

const COMMUNITY: StarterModule[] = [
  {
    title: "Program expectations",
    durationMinutes: 15,
    quiz: null,
    content: md(
      "Thank you for volunteering to mentor a young person. What helps young people most is a caring adult who shows up **consistently, over a long time**. A match that ends early can leave a young person feeling let down once more, so please read these expectations before you commit.",
      "",
      "## Your commitment",
      "- **Stay for the whole commitment period** the program asks for (often 12 months). If your circumstances change, talk to your coordinator before you tell your mentee, so the ending can be planned well.",
      "- **Meet as scheduled**, usually weekly or every two weeks, and be on time. Cancel only when you must, and always with notice.",
      "- **Log every meeting** in your mentoring space, with what you did.",
      "- **Stay in touch with your coordinator.** They contact you, your mentee and your mentee's parent or guardian regularly, most often in the first months. This monitoring is part of keeping young people safe; please take their calls.",
      "",
      "## Before you are matched",
      "You complete screening (an interview, references and a background check), this training, and sign the code of conduct. It can feel like a lot. It is what every well-run youth program does, and it protects you as well as the young person.",
      "",
      "## Your role",
      "You are a trusted adult friend and a role model: not a parent, teacher, social worker or therapist. You do not have to fix your mentee's life. Being reliable, interested and encouraging is what makes the difference.",
      "",
      "To learn more about quality youth mentoring, visit [MENTOR](https://www.mentoring.org/).",
    ),
  },
  {
    title: "Boundaries and safety",
    durationMinutes: 30,
    content: md(
      "These rules keep your mentee safe and protect you from situations that could be misunderstood. They are not optional: breaking them can end a match.",
      "",
      "## Where you meet",
      "- Meet only in **public places or places the program has approved**: a library, a café, a park, a museum, a partner site, or online through the program's channels.",
      "- Never meet at your home or your mentee's home, and do not be alone together in a private space.",
      "- Drive your mentee only if the program and their parent or guardian have agreed in writing.",
      "",
      "## Contact and social media",
      "- Keep in touch only through the channels the program sets up, which the parent or guardian knows about.",
      "- **No private social-media contact**: do not follow, friend or message your mentee on personal accounts, and do not post photos of them.",
      "- Never share alcohol, drugs, tobacco or sexual content, and never ask your mentee to keep a secret from their parent or guardian.",
      "",
      "## Gifts and money",
      "**Do not give your mentee money or gifts, and do not accept them.** Choose free or low-cost activities. Your time is the gift.",
      "",
      "## Working with the family",
      "The parent or guardian consented to this match and stays involved. Introduce yourself, agree every outing with them in advance (where, when, until what time) and respect their rules. They can withdraw consent at any time.",
      "",
      "## Reporting concerns",
      "If your mentee tells you about abuse or neglect, or you see signs of it, **report it to your coordinator the same day.** Stay calm, do not promise to keep it secret, do not question the young person in detail, and do not contact the person involved. Write down what was said, in their words, and when. If a child is in immediate danger, call emergency services first.",
    ),
    quiz: {
      passMark: 75,
      questions: [
        {
          id: "social-media",
          prompt: "Your mentee sends you a follow request on your personal Instagram account. What do you do?",
          options: ["Accept it: it builds trust", "Kindly decline, and keep contact to the program's channels", "Accept it, but make your account private", "Open a second account just for them"],
          answer: 1,
        },
        {
          id: "disclosure",
          prompt: "Your mentee tells you an adult at home hurts them, and asks you not to tell anyone. What do you do?",
          options: [
            "Promise to keep the secret, so they keep trusting you",
            "Listen calmly, explain that you must pass it on to keep them safe, and report it to your coordinator the same day",
            "Talk to the adult yourself",
            "Wait until you know more",
          ],
          answer: 1,
        },
        {
          id: "money",
          prompt: "Your mentee asks you for money for a school trip. What do you do?",
          options: ["Give it: it is for school", "Lend it, and agree when they will pay it back", "Do not give money; tell your coordinator, who can let the family know about support that may be available"],
          answer: 2,
        },
        {
          id: "outing",
          prompt: "You would like to take your mentee to a museum on Saturday. What must you do first?",
          options: ["Nothing: a museum is a public place", "Agree the place, time and return time with their parent or guardian in advance", "Ask your mentee to tell their parents", "Post about it so the family can see"],
          answer: 1,
        },
      ],
    },
  },
  {
    title: "Active listening",
    durationMinutes: 20,
    quiz: null,
    content: md(
      "Young people often open up slowly. Many have adults who talk at them; an adult who listens is rarer, and valuable. Active listening is how trust is built, one meeting at a time.",
      "",
      "## Habits that help",
      "- **Be fully present.** Put your phone away. Doing something side by side (a walk, a game, drawing, cooking at a partner site) often makes talking easier than sitting face to face.",
      "- **Ask open, easy questions.** \"What was the best part of your week?\" works better than \"How's school?\", which usually gets \"fine\".",
      "- **Reflect back what you hear.** \"So the new teacher is strict, but you like the subject?\" shows you were listening.",
      "- **Accept silences and short answers.** Trust builds over weeks. Keep turning up, and keep being interested.",
      "",
      "## Don't judge, don't lecture",
      "If your mentee tells you about a mistake, or something you disagree with, stay calm and curious: \"What happened next?\" A young person who feels judged stops sharing, and then cannot be helped when it matters.",
      "",
      "## Follow their interests",
      "Remember what they told you last time and ask about it. Let them choose the activity sometimes. Feeling that an adult remembers and cares is one of the most powerful parts of mentoring.",
      "",
      "## When what you hear is worrying",
      "Listening well sometimes means hearing something serious. Stay calm, do not promise secrecy, and follow the reporting steps in **Boundaries and safety**: tell your coordinator the same day.",
    ),
  },
  {
    title: "Goal setting",
    durationMinutes: 20,
    content: md(
      "Setting goals together shows a young person that they can make things happen. Keep goals small, concrete, and chosen by your mentee.",
      "",
      "## Start with what they care about",
      "Ask what they would like to get better at, try or learn: reading a whole book, joining a team, a better grade in one subject, cooking or coding. The goal must be theirs; a goal chosen by an adult rarely motivates.",
      "",
      "## Make it concrete",
      "Turn the idea into a goal you can both check, with a date:",
      "- not \"do better at school\", but \"**hand in every math homework for the next four weeks**\";",
      "- not \"get fit\", but \"**try out for the basketball team in March**\".",
      "",
      "## One step at a time",
      "Agree one small step before your next meeting, and start that meeting by asking how it went. If it did not happen, ask what got in the way and plan a smaller step. Never make your mentee feel they have disappointed you.",
      "",
      "## Involve the family",
      "With your mentee's agreement, share their goals with their parent or guardian, who can encourage progress at home. Record the goals in your mentoring space so your coordinator can support you too.",
      "",
      "## Celebrate progress",
      "Notice effort as well as results. Marking a goal as achieved, and saying how proud you are of the work behind it, builds the confidence mentoring is for.",
    ),
    quiz: {
      passMark: 75,
      questions: [
        {
          id: "specific-goal",
          prompt: "Which of these is the best goal?",
          options: ["Do better at school", "Hand in every math homework for the next four weeks", "Be more responsible", "Get fit"],
          answer: 1,
        },
        {
          id: "who-chooses",
          prompt: "Who chooses your mentee's goals?",
          options: ["You, as the adult", "Their parent or guardian", "Your mentee, with your help", "Their school"],
          answer: 2,
        },
        {
          id: "missed-step",
          prompt: "Your mentee did not take the step you agreed last time. What do you do?",
          options: ["Tell them you are disappointed", "Ask what got in the way, and plan a smaller step together", "Stop setting goals"],
          answer: 1,
        },
        {
          id: "family",
          prompt: "When do you share your mentee's goals with their parent or guardian?",
          options: ["Never", "With your mentee's agreement, so the family can encourage progress at home", "Only when a goal is missed, without telling your mentee"],
          answer: 1,
        },
      ],
    },
  },
];

export const STARTER_MODULES: Record<ProgramType, StarterModule[]> = {
  peer: PEER,
  faculty_student: FACULTY_STUDENT,
  community: COMMUNITY,
};

/** The starter modules for a program type, in order; a deep copy the caller may change. */
export function starterModulesFor(type: ProgramType): StarterModule[] {
  return structuredClone(STARTER_MODULES[type]);
}
