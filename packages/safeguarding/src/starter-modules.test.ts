import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { QuizSchema, STARTER_MODULES, starterModulesFor } from "./index.js";

const TYPES = ["peer", "faculty_student", "community"] as const;
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe("starter modules", () => {
  it.each(TYPES)("give a %s program the four standard modules", (type) => {
    const modules = starterModulesFor(type);
    expect(modules.map((module) => module.title)).toEqual(["Program expectations", "Boundaries and safety", "Active listening", "Goal setting"]);
    for (const module of modules) {
      expect(module.durationMinutes).toBeGreaterThanOrEqual(10);
      expect(module.durationMinutes).toBeLessThanOrEqual(30);
      expect(words(module.content)).toBeGreaterThanOrEqual(150);
      expect(words(module.content)).toBeLessThanOrEqual(340);
      expect(module.content.length).toBeLessThanOrEqual(20_000);
      // The Markdown subset only: no raw HTML.
      expect(module.content).not.toMatch(/<[a-z/]/i);
    }
  });

  it.each(TYPES)("give every %s quiz in a valid form, boundaries and safety included", (type) => {
    const modules = starterModulesFor(type);
    const quizzes = modules.filter((module) => module.quiz !== null);
    expect(quizzes.length).toBeGreaterThanOrEqual(2);
    expect(modules.find((module) => module.title === "Boundaries and safety")?.quiz).not.toBeNull();
    for (const { quiz } of quizzes) {
      expect(v.parse(QuizSchema, quiz)).toEqual(quiz);
      expect(quiz!.questions.length).toBeGreaterThanOrEqual(3);
      expect(quiz!.questions.length).toBeLessThanOrEqual(4);
      // Passing takes at least all but one right, and is possible.
      expect(quiz!.passMark).toBeGreaterThanOrEqual(60);
      expect(quiz!.passMark).toBeLessThanOrEqual(100);
    }
  });

  it("covers what a youth program's volunteers must know about boundaries", () => {
    const boundaries = STARTER_MODULES.community.find((module) => module.title === "Boundaries and safety")!.content;
    expect(boundaries).toMatch(/public places or places the program has approved/);
    expect(boundaries).toMatch(/No private social-media contact/);
    expect(boundaries).toMatch(/Do not give your mentee money or gifts/);
    expect(boundaries).toMatch(/abuse or neglect[\s\S]*report it to your coordinator/);
    expect(boundaries).toMatch(/parent or guardian/);
  });

  it("are written for each kind of program, not copied between them", () => {
    const contents = TYPES.flatMap((type) => STARTER_MODULES[type].map((module) => module.content));
    expect(new Set(contents).size).toBe(contents.length);
  });

  it("hand out a copy, so a caller's changes do not reach the next program", () => {
    const first = starterModulesFor("peer");
    first[0]!.title = "Changed";
    first[1]!.quiz!.questions.pop();
    expect(starterModulesFor("peer")[0]!.title).toBe("Program expectations");
    expect(starterModulesFor("peer")[1]!.quiz!.questions).toHaveLength(4);
  });
});
