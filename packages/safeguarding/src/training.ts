/**
 * Mentor training (issue #8): grading a module's quiz, and whether a mentor has
 * finished the program's required training (every required module, and at
 * least the minimum time).
 */
import * as v from "valibot";

export interface QuizQuestion {
  id: string;
  prompt: string;
  options: string[];
  /** Index into `options` of the right answer. */
  answer: number;
}

export interface Quiz {
  /** Percentage of right answers needed to pass, 1–100. */
  passMark: number;
  questions: QuizQuestion[];
}

const Text = (max: number) => v.pipe(v.string("must be text"), v.trim(), v.minLength(1, "is required"), v.maxLength(max, `must be at most ${max} characters`));

/** A quiz as a coordinator writes it: 1–20 questions of 2–6 options, one of them right. */
export const QuizSchema = v.pipe(
  v.object({
    passMark: v.pipe(v.number("must be a number"), v.integer("must be a whole number"), v.minValue(1, "must be from 1 to 100"), v.maxValue(100, "must be from 1 to 100")),
    questions: v.pipe(
      v.array(
        v.pipe(
          v.object({
            id: v.pipe(v.string(), v.regex(/^[a-z0-9_-]{1,40}$/, "must be 1–40 lowercase letters, digits, - or _")),
            prompt: Text(500),
            options: v.pipe(v.array(Text(200), "must be a list of options"), v.minLength(2, "needs at least 2 options"), v.maxLength(6, "allows at most 6 options")),
            answer: v.pipe(v.number("must be the index of the right option"), v.integer("must be the index of the right option"), v.minValue(0, "must be the index of the right option")),
          }),
          v.forward(
            v.check((question) => question.answer < question.options.length, "must be the index of one of the options"),
            ["answer"],
          ),
        ),
        "must be a list of questions",
      ),
      v.minLength(1, "needs at least one question"),
      v.maxLength(20, "allows at most 20 questions"),
      v.check((questions) => new Set(questions.map((question) => question.id)).size === questions.length, "question ids must be unique"),
    ),
  }),
);

export interface QuizResult {
  /** Percentage right, rounded down. */
  score: number;
  passed: boolean;
  /** Per question: whether the answer was right (missing answers are wrong). */
  correct: Record<string, boolean>;
}

/** Grades answers (question id → chosen option index) against the quiz. */
export function gradeQuiz(quiz: Quiz, answers: Readonly<Record<string, number>>): QuizResult {
  const correct: Record<string, boolean> = {};
  for (const question of quiz.questions) correct[question.id] = answers[question.id] === question.answer;
  const right = Object.values(correct).filter(Boolean).length;
  const score = quiz.questions.length === 0 ? 0 : Math.floor((right * 100) / quiz.questions.length);
  return { score, passed: score >= quiz.passMark, correct };
}

/** The quiz as a mentor sees it: no answers. */
export function quizForMentor(quiz: Quiz) {
  return { passMark: quiz.passMark, questions: quiz.questions.map(({ id, prompt, options }) => ({ id, prompt, options })) };
}

export interface TrainingModuleRef {
  id: string;
  title: string;
  durationMinutes: number;
  required: boolean;
  hasQuiz: boolean;
}

export interface ModuleProgress {
  moduleId: string;
  completedAt: number | null;
  quizPassedAt: number | null;
  attendedInPersonOn: string | null;
}

/**
 * A module counts as done when the mentor attended it in person, or completed
 * it online and (if it has a quiz) passed the quiz.
 */
export function moduleDone(module: TrainingModuleRef, progress: ModuleProgress | undefined): boolean {
  if (!progress) return false;
  if (progress.attendedInPersonOn) return true;
  return progress.completedAt !== null && (!module.hasQuiz || progress.quizPassedAt !== null);
}

export interface TrainingStatus {
  /** Required modules done and the minimum time reached. Always true when the program does not require training. */
  complete: boolean;
  doneModules: number;
  requiredModules: number;
  requiredDone: number;
  /** Estimated minutes of the modules done. */
  minutesDone: number;
  minMinutes: number;
  /** Titles of required modules not done yet, in order. */
  missing: string[];
}

export function trainingStatus(required: boolean, modules: readonly TrainingModuleRef[], progress: readonly ModuleProgress[], minMinutes: number): TrainingStatus {
  const byModule = new Map(progress.map((row) => [row.moduleId, row]));
  const done = modules.filter((module) => moduleDone(module, byModule.get(module.id)));
  const doneIds = new Set(done.map((module) => module.id));
  const requiredModules = modules.filter((module) => module.required);
  const missing = requiredModules.filter((module) => !doneIds.has(module.id)).map((module) => module.title);
  const minutesDone = done.reduce((sum, module) => sum + module.durationMinutes, 0);
  return {
    complete: !required || (missing.length === 0 && minutesDone >= minMinutes),
    doneModules: done.length,
    requiredModules: requiredModules.length,
    requiredDone: requiredModules.length - missing.length,
    minutesDone,
    minMinutes,
    missing,
  };
}
