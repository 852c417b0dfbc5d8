/** Whether a mentor may enter matching: screened (when required) and trained (when required). */
import type { ScreeningStatus } from "./screening.js";
import type { TrainingStatus } from "./training.js";

export interface Readiness {
  ready: boolean;
  /** Why not, in sentences a coordinator can act on; empty when ready. */
  blockers: string[];
}

export function mentorReadiness(screening: ScreeningStatus, training: TrainingStatus): Readiness {
  const blockers: string[] = [];
  if (!screening.screened) {
    for (const step of screening.steps) if (step.required && step.state !== "complete") blockers.push(`${step.label}: ${step.detail}`);
  }
  if (!training.complete) {
    if (training.missing.length) blockers.push(`Training: ${training.missing.length} required module${training.missing.length === 1 ? "" : "s"} not finished (${training.missing.join(", ")}).`);
    if (training.minutesDone < training.minMinutes) blockers.push(`Training: ${training.minutesDone} of ${training.minMinutes} minutes done.`);
  }
  return { ready: blockers.length === 0, blockers };
}
