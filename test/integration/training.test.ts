/**
 * Mentor training and preparation (issue #8): starter modules per program
 * type, coordinators writing and ordering modules, a volunteer mentor reading
 * modules and passing quizzes from their status link, signing the code of
 * conduct and accepting the commitment, coordinators following progress
 * (stuck mentors, in-person attendance), and readiness for matching.
 */
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { schema } from "@tandem/db";
import { Agent, inviteAndAccept, latestEmail, linkParam, signUpAndSignIn } from "./agent.js";
import { json, localDay, tenantDataFor, tenantIdOf } from "./fixtures/pairs.js";

let owner: Agent;
let slug: string;
let tenantId: string;

interface Quiz {
  passMark: number;
  questions: { id: string; prompt: string; options: string[]; answer: number }[];
}
interface StaffModule {
  id: string;
  position: number;
  title: string;
  content: string;
  html: string;
  durationMinutes: number;
  required: boolean;
  quiz: Quiz | null;
}
interface ModuleList {
  program: { slug: string; type: string };
  modules: StaffModule[];
  totalMinutes: number;
}
interface MentorModule {
  id: string;
  title: string;
  durationMinutes: number;
  html: string;
  quiz: { passMark: number; questions: Record<string, unknown>[] } | null;
  state: string;
  done: boolean;
  bestScore: number | null;
  attempts: number;
  passedAt: string | null;
  completedAt: string | null;
  attendedOn: string | null;
}
interface Preparation {
  canAct: boolean;
  training: { required: boolean; minMinutes: number; minutesDone: number; complete: boolean; doneModules: number; totalModules: number; dueOn: string | null; modules: MentorModule[] };
  codeOfConduct: { required: boolean; text: string; signedAt: string | null; signature: string | null };
  commitment: { required: boolean; months: number; acceptedAt: string | null; acceptedMonths: number | null };
  ready: boolean;
  blockers: string[];
}
interface MentorProgress {
  applicationId: string;
  firstName: string;
  complete: boolean;
  minutesDone: number;
  stuck: boolean;
  stuckReasons: string[];
  modules: { moduleId: string; state: string; bestScore: number | null; attempts: number; failedAttempts: number; attendedOn: string | null; stuck: boolean }[];
}
interface Progress {
  counts: { mentors: number; done: number; inProgress: number; notStarted: number; stuck: number };
  modules: { id: string; title: string }[];
  mentors: MentorProgress[];
}

const api = (program: string) => `/api/v1/t/${slug}/programs/${program}`;
const prep = () => `/api/v1/t/${slug}/applications/status/preparation`;

async function createProgram(program: string, type: "peer" | "faculty_student" | "community") {
  await json(await owner.post(`/api/v1/t/${slug}/programs`, { name: `Program ${program}`, slug: program, type }), 201);
  await json(await owner.post(`${api(program)}/status`, { status: "enrolling" }), 200);
}

async function modulesOf(program: string, agent = owner): Promise<StaffModule[]> {
  return (await json<ModuleList>(await agent.get(`${api(program)}/training/modules`), 200)).modules;
}

/** A volunteer applies through the program's form; their status token comes from the confirmation email. */
async function applyAsVolunteer(program: string, firstName = "Vera") {
  const email = `volunteer-${crypto.randomUUID().slice(0, 8)}@example.test`;
  const applied = await new Agent().post(`/api/v1/t/${slug}/join/${program}/mentor`, {
    answers: {
      first_name: firstName,
      last_name: "Volunteer",
      email,
      interests: ["music"],
      languages: ["en"],
      location: "Riverside",
      modality: "in_person",
      availability: ["sat_morning"],
      employer: "Riverside Bank",
      occupation: "Teller",
      bio: "I coach a youth football team and would like to mentor.",
      code_of_conduct: true,
      background_check: true,
    },
    startedAt: Date.now() - 60_000,
  });
  expect(applied.status, await applied.clone().text()).toBe(201);
  const token = linkParam(await latestEmail(email), "/applications/status", "token");
  const list = await json<{ applications: { id: string; email: string }[] }>(await owner.get(`${api(program)}/applications?search=${encodeURIComponent(email)}`), 200);
  return { email, token, id: list.applications[0]!.id };
}

async function preparation(token: string, agent = new Agent()): Promise<Preparation> {
  return json<Preparation>(await agent.get(`${prep()}?token=${encodeURIComponent(token)}`), 200);
}

/** The right answers of a module's quiz (from the staff view), or all wrong ones. */
function answersFor(module: StaffModule, right: boolean): Record<string, number> {
  return Object.fromEntries(module.quiz!.questions.map((question) => [question.id, right ? question.answer : (question.answer + 1) % question.options.length]));
}

async function passAll(program: string, token: string, only?: string[]) {
  for (const module of await modulesOf(program)) {
    if (only && !only.includes(module.title)) continue;
    if (module.quiz) await json(await new Agent().post(`${prep()}/modules/${module.id}/quiz`, { token, answers: answersFor(module, true) }), 200);
    else await json(await new Agent().post(`${prep()}/modules/${module.id}/complete`, { token }), 200);
  }
}

beforeAll(async () => {
  ({ owner, slug } = await signUpAndSignIn());
  tenantId = await tenantIdOf(slug);
  await createProgram("youth", "community");
  await createProgram("peers", "peer");
}, 60_000);

describe("starter modules", () => {
  it("are seeded when a program is created, for its type, and travel with a copy", async () => {
    const youth = await modulesOf("youth");
    expect(youth.map((module) => module.title)).toEqual(["Program expectations", "Boundaries and safety", "Active listening", "Goal setting"]);
    expect(youth.map((module) => module.position)).toEqual([0, 1, 2, 3]);
    const boundaries = youth[1]!;
    // Youth boundaries: public places, no private social media, no gifts or money, reporting, guardians.
    for (const phrase of ["public places", "No private social-media contact", "money or gifts", "report it to your coordinator", "parent or guardian"]) expect(boundaries.content).toContain(phrase);
    expect(boundaries.quiz?.questions.length).toBeGreaterThanOrEqual(3);
    expect(boundaries.html).toContain("<strong>");
    expect(youth.every((module) => module.durationMinutes >= 10 && module.durationMinutes <= 30)).toBe(true);

    const peers = await modulesOf("peers");
    expect(peers).toHaveLength(4);
    expect(peers[1]!.content).not.toEqual(boundaries.content);

    await json(await owner.post(`${api("youth")}/copy`, { name: "Youth next year", slug: "youth-next" }), 201);
    const copied = await modulesOf("youth-next");
    expect(copied.map((module) => [module.title, module.content, module.quiz])).toEqual(youth.map((module) => [module.title, module.content, module.quiz]));
    expect(copied.map((module) => module.id)).not.toContain(youth[0]!.id);
  });

  it("can be added again only when the program has none of those titles", async () => {
    await createProgram("starter-again", "faculty_student");
    const conflict = await owner.post(`${api("starter-again")}/training/starter-modules`, {});
    expect(conflict.status).toBe(409);
    for (const module of await modulesOf("starter-again")) expect((await owner.delete(`${api("starter-again")}/training/modules/${module.id}`)).status).toBe(204);
    expect(await modulesOf("starter-again")).toEqual([]);
    const added = await json<ModuleList>(await owner.post(`${api("starter-again")}/training/starter-modules`, {}), 201);
    expect(added.modules.map((module) => module.title)).toEqual(["Program expectations", "Boundaries and safety", "Active listening", "Goal setting"]);
    expect(added.totalMinutes).toBe(added.modules.reduce((sum, module) => sum + module.durationMinutes, 0));
  });
});

describe("modules for coordinators", () => {
  it("are created at the end, changed, reordered and deleted, each audited", async () => {
    await createProgram("crud", "peer");
    const quiz = { passMark: 50, questions: [{ id: "q1", prompt: "Meet where?", options: ["Library", "Home"], answer: 0 }] };
    const created = await json<{ module: StaffModule }>(
      await owner.post(`${api("crud")}/training/modules`, { title: "  Campus resources ", content: "See [the map](https://example.org/map).\n\n<script>alert(1)</script>", durationMinutes: 15, quiz }),
      201,
    );
    expect(created.module).toMatchObject({ title: "Campus resources", position: 4, required: true, durationMinutes: 15, quiz });
    expect(created.module.html).toContain('<a href="https://example.org/map" rel="noopener noreferrer" target="_blank">the map</a>');
    expect(created.module.html).toContain("&lt;script&gt;");
    expect(created.module.html).not.toContain("<script>");

    const patched = await json<{ module: StaffModule }>(await owner.request("PATCH", `${api("crud")}/training/modules/${created.module.id}`, { title: "Campus services", quiz: null, required: false }), 200);
    expect(patched.module).toMatchObject({ title: "Campus services", quiz: null, required: false, content: created.module.content });

    const ids = (await modulesOf("crud")).map((module) => module.id);
    const reversed = [...ids].reverse();
    const ordered = await json<ModuleList>(await owner.request("PUT", `${api("crud")}/training/order`, { moduleIds: reversed }), 200);
    expect(ordered.modules.map((module) => module.id)).toEqual(reversed);
    expect(ordered.modules[0]!.title).toBe("Campus services");

    expect((await owner.delete(`${api("crud")}/training/modules/${created.module.id}`)).status).toBe(204);
    expect((await modulesOf("crud")).map((module) => module.id)).toEqual(reversed.slice(1));

    const audit = await json<{ events: { action: string }[] }>(await owner.get(`/api/v1/t/${slug}/audit?limit=10`), 200);
    expect(audit.events.map((event) => event.action)).toEqual(expect.arrayContaining(["training.module_created", "training.module_updated", "training.modules_reordered", "training.module_deleted"]));
  });

  it("never lets HTML through, even after a tag that would switch Markdown into raw mode", async () => {
    await createProgram("raw-html", "peer");
    const content = [
      "x <pre> <img src=x onerror=alert(1)//",
      "<script>",
      'Text after <b>bold</b> <form action="https://evil.example/steal"><input type=password name=p></form>',
      "- a <kbd> <img src=https://tracker.example/p.gif> list",
      "`<code>` and <a href=\"javascript:alert(1)\">a link</a>",
    ].join("\n\n");
    const created = await json<{ module: StaffModule }>(await owner.post(`${api("raw-html")}/training/modules`, { title: "Raw HTML", content, durationMinutes: 5, quiz: null }), 201);
    for (const tag of ["<img", "<form", "<input", "<b>", "<pre>", "<script", "<kbd>", "<a href=\"javascript"]) expect(created.module.html, tag).not.toContain(tag);
    expect(created.module.html).toContain("&lt;img src=x onerror=alert(1)//");
    expect(created.module.html).toContain("&lt;form action=");
  });

  it("refuses invalid modules and orders, naming the field", async () => {
    const badQuiz = await owner.post(`${api("crud")}/training/modules`, {
      title: "Quiz",
      durationMinutes: 10,
      quiz: { passMark: 75, questions: [{ id: "q1", prompt: "Pick", options: ["A", "B"], answer: 2 }] },
    });
    expect(badQuiz.status).toBe(400);
    expect(((await badQuiz.json()) as { errors: { path: string }[] }).errors.map((error) => error.path)).toContain("body.quiz.questions.0.answer");

    const bad = await owner.post(`${api("crud")}/training/modules`, { title: "", durationMinutes: 0, content: "x".repeat(20_001) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((error) => error.path).sort()).toEqual(["body.content", "body.durationMinutes", "body.title"]);

    const ids = (await modulesOf("crud")).map((module) => module.id);
    const partial = await owner.request("PUT", `${api("crud")}/training/order`, { moduleIds: ids.slice(1) });
    expect(partial.status).toBe(400);
    const twice = await owner.request("PUT", `${api("crud")}/training/order`, { moduleIds: [ids[0], ...ids.slice(0, -1)] });
    expect(twice.status).toBe(400);
    expect(((await twice.json()) as { errors: { path: string }[] }).errors.map((error) => error.path)).toContain("body.moduleIds.1");

    // A module of another program is not there.
    const other = (await modulesOf("peers"))[0]!;
    expect((await owner.request("PATCH", `${api("crud")}/training/modules/${other.id}`, { title: "Mine now" })).status).toBe(404);
    expect((await owner.delete(`${api("crud")}/training/modules/${other.id}`)).status).toBe(404);
    expect((await modulesOf("peers"))[0]!.title).toBe(other.title);
  });
});

describe("a mentor's preparation", () => {
  it("shows the modules with their content and quizzes, never the answers", async () => {
    const { token } = await applyAsVolunteer("youth");
    const view = await preparation(token);
    expect(view.canAct).toBe(true);
    expect(view.training.modules.map((module) => module.title)).toEqual(["Program expectations", "Boundaries and safety", "Active listening", "Goal setting"]);
    expect(view.training.modules[0]).toMatchObject({ state: "not_started", done: false, quiz: null, bestScore: null });
    expect(view.training.modules[0]!.html).toContain('href="https://www.mentoring.org/"');
    const quiz = view.training.modules[1]!.quiz!;
    expect(quiz.questions.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(quiz.questions[0]!).sort()).toEqual(["id", "options", "prompt"]);
    expect(JSON.stringify(view)).not.toContain('"answer"');
    // Nothing required by default: ready, nothing blocking.
    expect(view).toMatchObject({ ready: true, blockers: [], training: { required: false, minutesDone: 0, doneModules: 0, totalModules: 4 } });
  });

  it("finishes a module with a quiz only once the quiz is passed, recording every attempt", async () => {
    const { token, id } = await applyAsVolunteer("youth");
    const boundaries = (await modulesOf("youth"))[1]!;

    const read = await json<{ message: string; preparation: Preparation }>(await new Agent().post(`${prep()}/modules/${boundaries.id}/complete`, { token }), 200);
    expect(read.message).toContain("Pass its quiz");
    expect(read.preparation.training.modules[1]).toMatchObject({ state: "in_progress", done: false });
    expect(read.preparation.training.doneModules).toBe(0);

    const unanswered = await new Agent().post(`${prep()}/modules/${boundaries.id}/quiz`, { token, answers: { [boundaries.quiz!.questions[0]!.id]: 0 } });
    expect(unanswered.status).toBe(400);
    const paths = ((await unanswered.json()) as { errors: { path: string }[] }).errors.map((error) => error.path);
    expect(paths).toEqual(boundaries.quiz!.questions.slice(1).map((question) => `body.answers.${question.id}`));

    const failed = await json<{ score: number; passed: boolean; passMark: number; correct: Record<string, boolean>; preparation: Preparation }>(
      await new Agent().post(`${prep()}/modules/${boundaries.id}/quiz`, { token, answers: answersFor(boundaries, false) }),
      200,
    );
    expect(failed).toMatchObject({ score: 0, passed: false, passMark: boundaries.quiz!.passMark });
    expect(Object.values(failed.correct).every((right) => !right)).toBe(true);
    expect(failed.preparation.training.modules[1]).toMatchObject({ state: "quiz_failed", done: false, bestScore: 0, attempts: 1 });

    const passed = await json<{ score: number; passed: boolean; preparation: Preparation }>(await new Agent().post(`${prep()}/modules/${boundaries.id}/quiz`, { token, answers: answersFor(boundaries, true) }), 200);
    expect(passed).toMatchObject({ score: 100, passed: true });
    expect(passed.preparation.training.modules[1]).toMatchObject({ state: "passed", done: true, bestScore: 100, attempts: 2, passedAt: expect.any(String) });
    expect(passed.preparation.training.minutesDone).toBe(boundaries.durationMinutes);

    const tenantData = await tenantDataFor(tenantId);
    const attempts = await tenantData.find(schema.trainingQuizAttempts, and(eq(schema.trainingQuizAttempts.applicationId, id), eq(schema.trainingQuizAttempts.moduleId, boundaries.id))!, {
      orderBy: [schema.trainingQuizAttempts.createdAt],
    });
    expect(attempts.map((attempt) => [attempt.score, attempt.passed])).toEqual([
      [0, false],
      [100, true],
    ]);
    expect(attempts[1]!.answers).toEqual(answersFor(boundaries, true));

    // A module without a quiz is done once read; a module with none takes no quiz.
    const expectations = (await modulesOf("youth"))[0]!;
    const done = await json<{ preparation: Preparation }>(await new Agent().post(`${prep()}/modules/${expectations.id}/complete`, { token }), 200);
    expect(done.preparation.training.modules[0]).toMatchObject({ state: "completed", done: true, completedAt: expect.any(String) });
    expect((await new Agent().post(`${prep()}/modules/${expectations.id}/quiz`, { token, answers: {} })).status).toBe(409);
  });

  it("limits quiz attempts to ten a day per module", async () => {
    const { token } = await applyAsVolunteer("youth");
    const goals = (await modulesOf("youth"))[3]!;
    for (let attempt = 0; attempt < 10; attempt++) await json(await new Agent().post(`${prep()}/modules/${goals.id}/quiz`, { token, answers: answersFor(goals, false) }), 200);
    const limited = await new Agent().post(`${prep()}/modules/${goals.id}/quiz`, { token, answers: answersFor(goals, true) });
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { detail: string }).detail).toContain("10 times");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("signs the code of conduct once, with the name, time, IP and text as signed", async () => {
    await createProgram("conduct", "community");
    const { token, id } = await applyAsVolunteer("conduct");
    const noText = await new Agent().post(`${prep()}/code-of-conduct`, { token, signature: "Vera Volunteer", agree: true });
    expect(noText.status).toBe(409);

    const code = "## Our code\n\nI will meet my mentee only in public places.";
    await json(await owner.request("PATCH", `${api("conduct")}/safeguarding`, { codeOfConduct: code, screeningRequired: true, screeningSteps: ["code_of_conduct", "commitment"], commitmentMonths: 12 }), 200);
    const before = await preparation(token);
    expect(before).toMatchObject({ ready: false, codeOfConduct: { required: true, text: code, signedAt: null }, commitment: { required: true, months: 12, acceptedAt: null } });
    expect(before.blockers).toEqual(["Sign the code of conduct.", "Accept the 12-month commitment."]);

    const unchecked = await new Agent().post(`${prep()}/code-of-conduct`, { token, signature: "Vera Volunteer", agree: false });
    expect(unchecked.status).toBe(400);
    expect(((await unchecked.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe("body.agree");

    const signer = new Agent("198.51.100.7");
    const signed = await json<{ preparation: Preparation }>(await signer.post(`${prep()}/code-of-conduct`, { token, signature: "  Vera Volunteer ", agree: true }), 200);
    expect(signed.preparation.codeOfConduct).toMatchObject({ signature: "Vera Volunteer", signedAt: expect.any(String) });
    expect(signed.preparation.blockers).toEqual(["Accept the 12-month commitment."]);

    const record = await (await tenantDataFor(tenantId)).findOne(schema.mentorScreenings, eq(schema.mentorScreenings.applicationId, id));
    expect(record).toMatchObject({ codeOfConductSignature: "Vera Volunteer", codeOfConductIp: "198.51.100.7", codeOfConductText: code });
    expect(Math.abs(record!.codeOfConductSignedAt!.getTime() - Date.now())).toBeLessThan(60_000);

    expect((await signer.post(`${prep()}/code-of-conduct`, { token, signature: "Someone Else", agree: true })).status).toBe(409);

    const accepted = await json<{ preparation: Preparation }>(await new Agent().post(`${prep()}/commitment`, { token, accept: true }), 200);
    expect(accepted.preparation).toMatchObject({ ready: true, blockers: [], commitment: { acceptedMonths: 12, acceptedAt: expect.any(String) } });
    expect((await new Agent().post(`${prep()}/commitment`, { token, accept: true })).status).toBe(409);

    const audit = await json<{ events: { action: string; actor: unknown; after: Record<string, unknown> }[] }>(await owner.get(`/api/v1/t/${slug}/audit?limit=10`), 200);
    const signing = audit.events.find((event) => event.action === "screening.code_of_conduct_signed");
    expect(signing?.after).toMatchObject({ applicationId: id, signature: "Vera Volunteer", ip: "198.51.100.7" });
    expect(audit.events.find((event) => event.action === "screening.commitment_accepted")?.after).toMatchObject({ applicationId: id, commitmentMonths: 12 });
  });

  it("is refused for withdrawn applications, and absent for mentees and unknown links", async () => {
    const { token } = await applyAsVolunteer("youth");
    await json(await new Agent().post(`/api/v1/t/${slug}/applications/status/withdraw`, { token }), 200);
    const module = (await modulesOf("youth"))[0]!;
    expect((await preparation(token)).canAct).toBe(false);
    const refused = await new Agent().post(`${prep()}/modules/${module.id}/complete`, { token });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { detail: string }).detail).toContain("withdrew");

    const email = `mentee-${crypto.randomUUID().slice(0, 6)}@example.test`;
    await json(
      await new Agent().post(`/api/v1/t/${slug}/join/peers/mentee`, {
        answers: { first_name: "Mia", last_name: "Lee", email, major: "psychology", year: 1, goals: ["study_habits"], interests: ["music"], availability: ["mon_evening"], languages: ["en"], bio: "First year." },
        startedAt: Date.now() - 60_000,
      }),
      201,
    );
    const menteeToken = linkParam(await latestEmail(email), "/applications/status", "token");
    const mentee = await new Agent().get(`${prep()}?token=${menteeToken}`);
    expect(mentee.status).toBe(404);
    expect(((await mentee.json()) as { detail: string }).detail).toMatch(/no preparation/i);
    expect((await new Agent().get(`${prep()}?token=not-a-real-token-at-all`)).status).toBe(404);
  });
});

describe("training required before matching", () => {
  it("keeps a mentor not ready until the required modules and minimum minutes are done", async () => {
    await createProgram("ready", "community");
    const modules = await modulesOf("ready");
    // Listening and goal setting become optional; 60 minutes are required in all.
    for (const module of modules.slice(2)) await json(await owner.request("PATCH", `${api("ready")}/training/modules/${module.id}`, { required: false }), 200);
    await json(await owner.request("PATCH", `${api("ready")}/safeguarding`, { trainingRequired: true, minTrainingMinutes: 60, trainingDueOn: "2030-01-15" }), 200);

    const { token } = await applyAsVolunteer("ready");
    const start = await preparation(token);
    expect(start).toMatchObject({ ready: false, training: { required: true, minMinutes: 60, complete: false, dueOn: "2030-01-15" } });
    expect(start.blockers).toEqual(["Finish 2 required training modules: Program expectations, Boundaries and safety.", "Do at least 60 minutes of training (0 so far)."]);

    await passAll("ready", token, ["Program expectations", "Boundaries and safety"]);
    const required = await preparation(token);
    const requiredMinutes = modules[0]!.durationMinutes + modules[1]!.durationMinutes;
    expect(required).toMatchObject({ ready: false, training: { minutesDone: requiredMinutes, complete: false } });
    expect(required.blockers).toEqual([`Do at least 60 minutes of training (${requiredMinutes} so far).`]);

    await passAll("ready", token, ["Active listening"]);
    const ready = await preparation(token);
    expect(ready).toMatchObject({ ready: true, blockers: [], training: { complete: true, minutesDone: requiredMinutes + modules[2]!.durationMinutes } });
  });
});

describe("coordinators following progress", () => {
  let mentors: { done: { id: string; token: string }; failing: { id: string; token: string }; slow: { id: string; token: string }; idle: { id: string; token: string } };
  let modules: StaffModule[];

  beforeAll(async () => {
    await createProgram("follow", "community");
    modules = await modulesOf("follow");
    mentors = {
      done: await applyAsVolunteer("follow", "Dana"),
      failing: await applyAsVolunteer("follow", "Fred"),
      slow: await applyAsVolunteer("follow", "Sally"),
      idle: await applyAsVolunteer("follow", "Ivan"),
    };
    await passAll("follow", mentors.done.token);
    const boundaries = modules[1]!;
    for (let attempt = 0; attempt < 3; attempt++) await json(await new Agent().post(`${prep()}/modules/${boundaries.id}/quiz`, { token: mentors.failing.token, answers: answersFor(boundaries, false) }), 200);
    // Sally read the goal-setting module eight days ago and has not taken its quiz.
    await json(await new Agent().post(`${prep()}/modules/${modules[3]!.id}/complete`, { token: mentors.slow.token }), 200);
    const tenantData = await tenantDataFor(tenantId);
    await tenantData.write([
      tenantData.update(
        schema.trainingProgress,
        { startedAt: new Date(Date.now() - 8 * 86_400_000) },
        and(eq(schema.trainingProgress.applicationId, mentors.slow.id), eq(schema.trainingProgress.moduleId, modules[3]!.id))!,
      ),
    ]);
  }, 60_000);

  const mentorIn = (progress: Progress, id: string) => progress.mentors.find((mentor) => mentor.applicationId === id)!;

  it("shows each mentor's module states, who is done, not started and stuck", async () => {
    const progress = await json<Progress>(await owner.get(`${api("follow")}/training/progress`), 200);
    expect(progress.modules.map((module) => module.id)).toEqual(modules.map((module) => module.id));
    expect(progress.counts).toEqual({ mentors: 4, done: 1, inProgress: 2, notStarted: 1, stuck: 2 });

    const done = mentorIn(progress, mentors.done.id);
    expect(done).toMatchObject({ complete: true, stuck: false, minutesDone: modules.reduce((sum, module) => sum + module.durationMinutes, 0) });
    expect(done.modules.map((module) => module.state)).toEqual(["completed", "passed", "completed", "passed"]);

    const failing = mentorIn(progress, mentors.failing.id);
    expect(failing).toMatchObject({ complete: false, stuck: true });
    expect(failing.modules[1]).toMatchObject({ state: "quiz_failed", attempts: 3, failedAttempts: 3, bestScore: 0, stuck: true });
    expect(failing.stuckReasons[0]).toContain("3 times");

    const slow = mentorIn(progress, mentors.slow.id);
    expect(slow.modules[3]).toMatchObject({ state: "in_progress", stuck: true });
    expect(slow.stuckReasons[0]).toContain("8 days ago");

    const idle = mentorIn(progress, mentors.idle.id);
    expect(idle).toMatchObject({ complete: false, stuck: false });
    expect(idle.modules.every((module) => module.state === "not_started")).toBe(true);
  });

  it("marks in-person attendance (never in the future) and takes it back", async () => {
    const path = `${api("follow")}/training/progress/${mentors.idle.id}/${modules[1]!.id}/attendance`;
    const future = await owner.post(path, { attendedOn: localDay(2) });
    expect(future.status).toBe(400);
    expect(((await future.json()) as { errors: { path: string }[] }).errors[0]!.path).toBe("body.attendedOn");

    const today = localDay(0);
    const marked = await json<{ mentor: MentorProgress }>(await owner.post(path, { attendedOn: today }), 200);
    expect(marked.mentor.modules[1]).toMatchObject({ state: "attended", attendedOn: today });
    // The mentor sees it too, and it counts as done.
    const view = await preparation(mentors.idle.token);
    expect(view.training.modules[1]).toMatchObject({ state: "attended", done: true, attendedOn: today });
    expect(view.training.minutesDone).toBe(modules[1]!.durationMinutes);

    const audit = await json<{ events: { action: string; after: Record<string, unknown> }[] }>(await owner.get(`/api/v1/t/${slug}/audit?limit=5`), 200);
    expect(audit.events.find((event) => event.action === "training.attendance_marked")?.after).toMatchObject({ moduleId: modules[1]!.id, attendedOn: today });

    const cleared = await json<{ mentor: MentorProgress }>(await owner.request("DELETE", path), 200);
    expect(cleared.mentor.modules[1]).toMatchObject({ state: "not_started", attendedOn: null });

    // Another program's module, or a mentee of none: 404.
    const peersModule = (await modulesOf("peers"))[0]!;
    expect((await owner.post(`${api("follow")}/training/progress/${mentors.idle.id}/${peersModule.id}/attendance`, { attendedOn: today })).status).toBe(404);
    expect((await owner.post(`${api("follow")}/training/progress/${crypto.randomUUID()}/${modules[1]!.id}/attendance`, { attendedOn: today })).status).toBe(404);
  });

  it("is for coordinators: viewers read modules but not progress; other institutions see nothing", async () => {
    const { member: viewer } = await inviteAndAccept(owner, slug, "viewer");
    expect((await viewer.get(`${api("follow")}/training/modules`)).status).toBe(200);
    expect((await viewer.get(`${api("follow")}/training/progress`)).status).toBe(403);
    expect((await viewer.post(`${api("follow")}/training/modules`, { title: "Viewer module", durationMinutes: 10 })).status).toBe(403);
    expect((await viewer.post(`${api("follow")}/training/progress/${mentors.idle.id}/${modules[1]!.id}/attendance`, { attendedOn: localDay(0) })).status).toBe(403);

    const { owner: stranger } = await signUpAndSignIn();
    expect((await stranger.get(`${api("follow")}/training/progress`)).status).toBe(404);
    expect((await stranger.get(`${api("follow")}/training/modules`)).status).toBe(404);
    expect((await stranger.delete(`${api("follow")}/training/modules/${modules[0]!.id}`)).status).toBe(404);
  });
});
