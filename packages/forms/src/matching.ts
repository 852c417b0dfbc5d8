import type { FormDefinition, MatchingKind } from "./definition.js";

export interface MatchingCriterion {
  key: string;
  kind: MatchingKind;
  /** 1–10: how much agreement on this question counts. */
  weight: number;
  /** A hard rule: pairs that do not agree on it are not proposed. */
  required: boolean;
}

/** The questions that feed matching, in form order: the matching engine's input. */
export function matchingCriteria(definition: FormDefinition): MatchingCriterion[] {
  return definition.questions.flatMap((question) =>
    question.matching === undefined
      ? []
      : [{ key: question.key, kind: question.matching.kind, weight: question.matching.weight, required: question.matching.required ?? false }],
  );
}
