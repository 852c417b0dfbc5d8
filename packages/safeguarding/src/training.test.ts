import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { gradeQuiz, type ModuleProgress, moduleDone, type Quiz, QuizSchema, quizForMentor, type TrainingModuleRef, trainingStatus } from "./index.js";

const quiz: Quiz = {
  passMark: 75,
  questions: [
    { id: "a", prompt: "A?", options: ["yes", "no"], answer: 0 },
    { id: "b", prompt: "B?", options: ["yes", "no", "maybe"], answer: 2 },
    { id: "c", prompt: "C?", options: ["yes", "no"], answer: 1 },
    { id: "d", prompt: "D?", options: ["yes", "no"], answer: 1 },
  ],
};

const paths = (input: unknown) => {
  const result = v.safeParse(QuizSchema, input);
  return result.success ? [] : result.issues.map((issue) => v.getDotPath(issue));
};

describe("QuizSchema", () => {
  it("accepts a well-formed quiz as it is", () => {
    expect(v.parse(QuizSchema, quiz)).toEqual(quiz);
  });

  it("points at the answer that is not one of the options", () => {
    const bad = { passMark: 75, questions: [{ id: "a", prompt: "A?", options: ["yes", "no"], answer: 2 }] };
    expect(paths(bad)).toEqual(["questions.0.answer"]);
  });

  it("refuses a pass mark outside 1–100, too few options, empty prompts, bad ids, and repeated ids", () => {
    expect(paths({ ...quiz, passMark: 0 })).toEqual(["passMark"]);
    expect(paths({ ...quiz, passMark: 101 })).toEqual(["passMark"]);
    expect(paths({ passMark: 50, questions: [{ id: "a", prompt: "A?", options: ["only"], answer: 0 }] })).toContain("questions.0.options");
    expect(paths({ passMark: 50, questions: [{ id: "a", prompt: "   ", options: ["x", "y"], answer: 0 }] })).toContain("questions.0.prompt");
    expect(paths({ passMark: 50, questions: [{ id: "Not OK", prompt: "A?", options: ["x", "y"], answer: 0 }] })).toContain("questions.0.id");
    expect(paths({ passMark: 50, questions: [] })).toEqual(["questions"]);
    expect(paths({ passMark: 50, questions: [quiz.questions[0], quiz.questions[0]] })).toEqual(["questions"]);
  });
});

describe("gradeQuiz", () => {
  it("scores the share of right answers, rounded down, against the pass mark", () => {
    expect(gradeQuiz(quiz, { a: 0, b: 2, c: 1, d: 1 })).toEqual({ score: 100, passed: true, correct: { a: true, b: true, c: true, d: true } });
    expect(gradeQuiz(quiz, { a: 0, b: 2, c: 1, d: 0 })).toMatchObject({ score: 75, passed: true, correct: { d: false } });
    expect(gradeQuiz(quiz, { a: 0, b: 2, c: 0, d: 0 })).toMatchObject({ score: 50, passed: false });
    const thirds: Quiz = { passMark: 67, questions: quiz.questions.slice(0, 3) };
    // 2 of 3 is 66.67%: 66 after rounding down, one short of 67.
    expect(gradeQuiz(thirds, { a: 0, b: 2, c: 0 })).toMatchObject({ score: 66, passed: false });
  });

  it("counts missing answers as wrong", () => {
    expect(gradeQuiz(quiz, { a: 0 })).toEqual({ score: 25, passed: false, correct: { a: true, b: false, c: false, d: false } });
  });

  it("gives nothing for an empty quiz", () => {
    expect(gradeQuiz({ passMark: 1, questions: [] }, {})).toEqual({ score: 0, passed: false, correct: {} });
  });
});

describe("quizForMentor", () => {
  it("leaves out the answers", () => {
    const shown = quizForMentor(quiz);
    expect(shown.passMark).toBe(75);
    expect(shown.questions[1]).toEqual({ id: "b", prompt: "B?", options: ["yes", "no", "maybe"] });
    expect(JSON.stringify(shown)).not.toContain("answer");
  });
});

const reading: TrainingModuleRef = { id: "m1", title: "Expectations", durationMinutes: 15, required: true, hasQuiz: false };
const withQuiz: TrainingModuleRef = { id: "m2", title: "Safety", durationMinutes: 30, required: true, hasQuiz: true };
const optional: TrainingModuleRef = { id: "m3", title: "Listening", durationMinutes: 20, required: false, hasQuiz: false };
const progress = (moduleId: string, rest: Partial<ModuleProgress> = {}): ModuleProgress => ({ moduleId, completedAt: null, quizPassedAt: null, attendedInPersonOn: null, ...rest });

describe("moduleDone", () => {
  it("needs the module read, and its quiz passed when it has one", () => {
    expect(moduleDone(reading, undefined)).toBe(false);
    expect(moduleDone(reading, progress("m1"))).toBe(false);
    expect(moduleDone(reading, progress("m1", { completedAt: 1 }))).toBe(true);
    expect(moduleDone(withQuiz, progress("m2", { completedAt: 1 }))).toBe(false);
    expect(moduleDone(withQuiz, progress("m2", { quizPassedAt: 2 }))).toBe(false);
    expect(moduleDone(withQuiz, progress("m2", { completedAt: 1, quizPassedAt: 2 }))).toBe(true);
  });

  it("counts in-person attendance as done, quiz or not", () => {
    expect(moduleDone(withQuiz, progress("m2", { attendedInPersonOn: "2026-03-01" }))).toBe(true);
    expect(moduleDone(reading, progress("m1", { attendedInPersonOn: "2026-03-01" }))).toBe(true);
  });
});

describe("trainingStatus", () => {
  const modules = [reading, withQuiz, optional];

  it("is complete when training is not required, whatever was done", () => {
    expect(trainingStatus(false, modules, [], 60)).toMatchObject({ complete: true, doneModules: 0, minutesDone: 0, missing: ["Expectations", "Safety"] });
  });

  it("lists the required modules not done, in order", () => {
    const status = trainingStatus(true, modules, [progress("m2", { completedAt: 1 })], 0);
    expect(status).toEqual({ complete: false, doneModules: 0, requiredModules: 2, requiredDone: 0, minutesDone: 0, minMinutes: 0, missing: ["Expectations", "Safety"] });
  });

  it("needs the minimum minutes as well as every required module, counting optional modules' minutes", () => {
    const required = [progress("m1", { completedAt: 1 }), progress("m2", { attendedInPersonOn: "2026-03-01" })];
    expect(trainingStatus(true, modules, required, 60)).toMatchObject({ complete: false, requiredDone: 2, minutesDone: 45, missing: [] });
    expect(trainingStatus(true, modules, [...required, progress("m3", { completedAt: 1 })], 60)).toMatchObject({ complete: true, doneModules: 3, minutesDone: 65 });
    expect(trainingStatus(true, modules, required, 45)).toMatchObject({ complete: true });
  });

  it("is complete with no modules and no minimum", () => {
    expect(trainingStatus(true, [], [], 0)).toMatchObject({ complete: true, requiredModules: 0 });
    expect(trainingStatus(true, [], [], 30)).toMatchObject({ complete: false, minutesDone: 0 });
  });

  it("ignores progress on modules that are no longer in the program", () => {
    expect(trainingStatus(true, [reading], [progress("gone", { completedAt: 1 })], 0)).toMatchObject({ complete: false, doneModules: 0, minutesDone: 0 });
  });
});
