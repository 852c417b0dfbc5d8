import { describe, expect, it } from "vitest";
import { checkCohort, cohortOptions, cohortQuestions, mentorOnlyKeys } from "./index.js";

const mentee = {
  questions: [
    { key: "first_gen", type: "single_choice", label: "Are you the first in your family at university?", choices: [{ value: "yes", label: "Yes" }, { value: "no", label: "No" }] },
    { key: "entry_term", type: "single_choice", label: "When did you start?", choices: [{ value: "fall_2025", label: "Fall 2025" }, { value: "spring_2026", label: "Spring 2026" }] },
    { key: "goals", type: "multiple_choice", label: "What would you like help with?", choices: [{ value: "study", label: "Study habits" }, { value: "friends", label: "Making friends" }] },
    { key: "year", type: "number", label: "Year of study" },
    { key: "bio", type: "long_text", label: "About you" },
  ],
};
const mentor = {
  questions: [
    { key: "entry_term", type: "single_choice", label: "When did you join?", choices: [{ value: "fall_2025", label: "Fall 2025" }, { value: "fall_2024", label: "Fall 2024" }] },
    { key: "field", type: "single_choice", label: "Your field", choices: [{ value: "cs", label: "Computer science" }, { value: "bio", label: "Biology" }] },
  ],
};

describe("cohort questions", () => {
  const questions = cohortQuestions(mentee);
  const mentorOnly = mentorOnlyKeys(mentee, mentor);
  it("are the mentee form's choice questions, with its options: a cohort is a group of mentees", () => {
    expect(questions.map((question) => [question.key, question.label, question.options.map((option) => option.value)])).toEqual([
      ["first_gen", "Are you the first in your family at university?", ["yes", "no"]],
      ["entry_term", "When did you start?", ["fall_2025", "spring_2026"]],
      ["goals", "What would you like help with?", ["study", "friends"]],
    ]);
    // The mentor form's own question, and its extra option of a shared one, are not offered.
    expect(mentorOnly).toEqual(["field"]);
    expect(mentorOnlyKeys(mentee, mentee)).toEqual([]);
  });
  it("count applications per option, 0 where none answered it", () => {
    const available = cohortOptions(questions, [
      { question: "entry_term", value: "fall_2025", n: 7 },
      { question: "entry_term", value: "fall_2024", n: 2 },
      { question: "goals", value: "study", n: 4 },
      { question: "goals", value: "friends", n: 5 },
    ]);
    expect(available.find((question) => question.question === "entry_term")).toEqual({
      question: "entry_term",
      label: "When did you start?",
      options: [
        { value: "fall_2025", label: "Fall 2025", n: 7 },
        { value: "spring_2026", label: "Spring 2026", n: 0 },
      ],
    });
    expect(available.find((question) => question.question === "goals")!.options.map((option) => option.n)).toEqual([4, 5]);
  });
  it("accept a question and one of its options, both or neither, with a message per field", () => {
    expect(checkCohort(questions, null, null)).toEqual([]);
    expect(checkCohort(questions, "entry_term", "spring_2026")).toEqual([]);
    expect(checkCohort(questions, "goals", "friends")).toEqual([]);
    expect(checkCohort(questions, "year", "1", { mentorOnly })).toEqual([{ field: "cohortQuestion", message: "is not a choice question of this program's mentee form (first_gen, entry_term, goals)" }]);
    expect(checkCohort(questions, "entry_term", "summer")).toEqual([{ field: "cohort", message: "is not an option of entry_term on the mentee form (fall_2025, spring_2026)" }]);
    // Only mentors were asked: a mentor's option of a shared question, and a question of the mentor form alone.
    expect(checkCohort(questions, "entry_term", "fall_2024", { mentorOnly })).toEqual([{ field: "cohort", message: "is not an option of entry_term on the mentee form (fall_2025, spring_2026)" }]);
    expect(checkCohort(questions, "field", "cs", { mentorOnly })).toEqual([
      { field: "cohortQuestion", message: "is asked only on the mentor form: a cohort is a group of mentees, so cohorts come from the mentee form's choice questions (first_gen, entry_term, goals)" },
    ]);
    expect(checkCohort(questions, "entry_term", null)).toEqual([{ field: "cohort", message: "is required with cohortQuestion" }]);
    expect(checkCohort(questions, null, "fall_2025")).toEqual([{ field: "cohort", message: "needs cohortQuestion, the question it answers" }]);
    expect(checkCohort([], "entry_term", "fall_2025")).toEqual([{ field: "cohortQuestion", message: "is not available: this program's mentee form has no choice questions" }]);
    expect(checkCohort([], "field", "cs", { mentorOnly })).toEqual([
      { field: "cohortQuestion", message: "is asked only on the mentor form: a cohort is a group of mentees, so cohorts come from the mentee form's choice questions, and it has none" },
    ]);
  });
});
