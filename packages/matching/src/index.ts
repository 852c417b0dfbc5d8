/**
 * The matching engine: proposes mentor–mentee pairs for a program, exactly
 * optimal for its objective, with a score and reasons for every pair and a
 * reason for every mentee left unmatched. Pure (no I/O), deterministic, and
 * the same in Node and workerd.
 */
export { explainPair, pairScore, runMatching, scorePairs } from "./engine.js";
export type { PairExplanation } from "./engine.js";
export { parseMatchingInput, MatchingInputError, DEFAULT_MAX_PAIRS } from "./input.js";
export type { InputIssue } from "./input.js";
export { criterionLabel } from "./labels.js";
export { SCORE_UNITS } from "./scoring.js";
export { tokenize } from "./text.js";
export { CRITERION_KINDS, OBJECTIVES } from "./types.js";
export type {
  Attributes,
  Criterion,
  CriterionKind,
  Match,
  MatchingInput,
  MatchingOptions,
  MatchingOutput,
  MatchingStats,
  Mentee,
  Mentor,
  Objective,
  PairRef,
  ParsedCriterion,
  ParsedInput,
  Reason,
  Unmatched,
  UnmatchedCode,
} from "./types.js";
