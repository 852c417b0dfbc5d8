/**
 * Self-match as plain data: which mentors a mentee is shown, how many places a
 * mentor has left, and when a mentor who leaves requests unanswered is paused.
 *
 * Suggestions respect capacity: a mentor is shown to at most as many mentees at
 * once as they have open places. That same rule rotates the most attractive
 * profiles — once their places are "spoken for" by mentees looking at them, the
 * next mentees see others until those suggestions expire.
 */

/** How long a mentee's suggestions hold a mentor's place: long enough to think it over, short enough to rotate. */
export const SUGGESTION_HOURS = 48;

/** Open places for new requests: capacity less active matches and requests awaiting an answer. */
export function openPlaces(capacity: number, activeMatches: number, pendingRequests: number): number {
  return Math.max(0, capacity - activeMatches - pendingRequests);
}

/** A mentor as scored for one mentee by the engine. */
export interface Candidate {
  mentor: string;
  score: number;
  feasible: boolean;
}

export interface MentorAvailability {
  /** Capacity less active matches less pending requests (see `openPlaces`). */
  openPlaces: number;
  paused: boolean;
  /** The unexpired suggestions of this mentor: to whom, since when (ms). */
  shownTo: readonly { mentee: string; shownAt: number }[];
}

export interface SuggestionInput {
  mentee: string;
  /** How many to show (the program's `suggestionCount`). */
  count: number;
  candidates: readonly Candidate[];
  /** Every mentor of the program; a candidate missing here is not suggested. */
  mentors: ReadonlyMap<string, MentorAvailability>;
  /** The mentors this mentee is being shown now (unexpired suggestions). */
  current: readonly string[];
  /** Mentors not to suggest to this mentee again: they declined, or let the mentee's request lapse. */
  excluded?: ReadonlySet<string>;
}

export interface SuggestionChoice {
  /** What the mentee sees, best score first. */
  mentors: string[];
  /** Newly shown: to record with a fresh expiry. */
  added: string[];
  /** Current suggestions no longer offered (the mentor was paused, filled up, or declined): to forget. */
  dropped: string[];
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The mentee's suggestions. Current ones stay as they are (refreshing the page
 * reshuffles nothing) while the mentor can still take them; gaps are filled
 * with the best-scoring feasible mentors who have an open place that is not
 * already being shown to as many other mentees. Ties go to the mentor shown
 * to fewer mentees, then by id, so the same state always gives the same list.
 */
export function chooseSuggestions(input: SuggestionInput): SuggestionChoice {
  const score = new Map(input.candidates.map((candidate) => [candidate.mentor, candidate]));
  const offerable = (mentor: string) => {
    const candidate = score.get(mentor);
    const availability = input.mentors.get(mentor);
    return Boolean(candidate?.feasible && availability && !availability.paused && availability.openPlaces > 0 && !input.excluded?.has(mentor));
  };

  // A current suggestion holds while this mentee is among the first `openPlaces` to have been shown the mentor.
  const stillHeld = (mentor: string) => {
    const holders = [...input.mentors.get(mentor)!.shownTo].sort((a, b) => a.shownAt - b.shownAt || byId(a.mentee, b.mentee));
    const rank = holders.findIndex((holder) => holder.mentee === input.mentee);
    return rank === -1 || rank < input.mentors.get(mentor)!.openPlaces;
  };
  const kept = [...new Set(input.current)].filter((mentor) => offerable(mentor) && stillHeld(mentor));
  const keptSet = new Set(kept);
  const dropped = input.current.filter((mentor) => !keptSet.has(mentor));

  const shownToOthers = (mentor: string) => input.mentors.get(mentor)!.shownTo.filter((holder) => holder.mentee !== input.mentee).length;
  const fresh = input.candidates
    .filter((candidate) => !keptSet.has(candidate.mentor) && offerable(candidate.mentor))
    .map((candidate) => ({ ...candidate, exposure: shownToOthers(candidate.mentor) }))
    .filter((candidate) => candidate.exposure < input.mentors.get(candidate.mentor)!.openPlaces)
    .sort((a, b) => b.score - a.score || a.exposure - b.exposure || byId(a.mentor, b.mentor));
  const added = fresh.slice(0, Math.max(0, input.count - kept.length)).map((candidate) => candidate.mentor);

  const mentors = [...kept, ...added].sort((a, b) => score.get(b)!.score - score.get(a)!.score || byId(a, b));
  return { mentors, added, dropped };
}

/** A request to a mentor as the pause rule sees it (times in ms). */
export interface RequestHistoryEntry {
  status: "pending" | "accepted" | "declined" | "expired" | "cancelled";
  createdAt: number;
  respondedAt: number | null;
}

/**
 * Requests the mentor let lapse in a row: those made since their last answer
 * (accept or decline) and since they last resumed, that expired unanswered.
 * Cancelled and pending requests count neither way.
 */
export function unansweredInARow(requests: readonly RequestHistoryEntry[], resumedAt: number | null): number {
  let since = resumedAt ?? -Infinity;
  for (const request of requests) {
    if ((request.status === "accepted" || request.status === "declined") && request.respondedAt !== null) since = Math.max(since, request.respondedAt);
  }
  return requests.filter((request) => request.status === "expired" && request.createdAt > since).length;
}

/** Whether a mentor should stop being suggested: `threshold` requests unanswered in a row. */
export function shouldPause(requests: readonly RequestHistoryEntry[], options: { resumedAt: number | null; threshold: number }): boolean {
  return unansweredInARow(requests, options.resumedAt) >= options.threshold;
}
