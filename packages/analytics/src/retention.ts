/** Retention: matches that ended early and why, and mentees still matched at the program's end (or now). */
import { activeAt, type MatchFacts } from "./engagement.js";
import { closeReasonLabel } from "@tandem/relationships";
import { percent } from "./numbers.js";

export interface RetentionInput {
  /** The matches that started in the range. */
  matches: readonly MatchFacts[];
  /** The program's end (the start of the day after its last day), or null without an end date. */
  programEndsAt: number | null;
  /** The end of the range, or now if earlier. */
  asOf: number;
}

export interface Retention {
  /** Matches that started in the range. */
  matches: number;
  /** Of those, closed by `asOf` with a reason other than `completed` (no reason recorded: `unspecified`). */
  closedEarly: number;
  /** closedEarly ÷ matches, percent with one decimal. */
  earlyClosureRate: number | null;
  /** Early closures per reason, most frequent first, with their share of the early closures. */
  /** Each reason with its label as coordinators see it ("No reason given" for `unspecified`). */
  reasons: { reason: string; label: string; n: number; share: number | null }[];
  /**
   * Mentees of those matches (each once), and how many were still in a match
   * at `at` — the program's end if it has passed, else `asOf` — or whose match
   * ended as `completed` before it.
   */
  stillActive: { at: string; mentees: number; active: number; share: number | null };
}

export function retention(input: RetentionInput): Retention {
  const closedEarly = input.matches.filter((match) => match.closedAt !== null && match.closedAt <= input.asOf && match.closeReason !== "completed");
  const reasons = new Map<string, number>();
  for (const match of closedEarly) reasons.set(match.closeReason ?? "unspecified", (reasons.get(match.closeReason ?? "unspecified") ?? 0) + 1);
  const at = input.programEndsAt !== null ? Math.min(input.programEndsAt, input.asOf) : input.asOf;
  const mentees = new Map<string, boolean>();
  for (const match of input.matches) {
    if (match.startedAt > at) continue;
    const stayed = activeAt(match, at) || match.closeReason === "completed";
    mentees.set(match.menteeId, (mentees.get(match.menteeId) ?? false) || stayed);
  }
  const active = [...mentees.values()].filter(Boolean).length;
  return {
    matches: input.matches.length,
    closedEarly: closedEarly.length,
    earlyClosureRate: percent(closedEarly.length, input.matches.length),
    reasons: [...reasons].map(([reason, n]) => ({ reason, label: closeReasonLabel(reason), n, share: percent(n, closedEarly.length) })).sort((a, b) => b.n - a.n || a.reason.localeCompare(b.reason)),
    stillActive: { at: new Date(at).toISOString(), mentees: mentees.size, active, share: percent(active, mentees.size) },
  };
}
