import { describe, expect, it } from "vitest";
import { chooseSuggestions, type MentorAvailability, openPlaces, type RequestHistoryEntry, shouldPause, type SuggestionInput, unansweredInARow } from "./self-match.js";

const HOUR = 3_600_000;
const free = (places = 1, shownTo: MentorAvailability["shownTo"] = []): MentorAvailability => ({ openPlaces: places, paused: false, shownTo });

function input(overrides: Partial<SuggestionInput> & Pick<SuggestionInput, "candidates" | "mentors">): SuggestionInput {
  return { mentee: "me", count: 3, current: [], ...overrides };
}

describe("openPlaces", () => {
  it("is capacity less active matches and pending requests, never below 0", () => {
    expect(openPlaces(3, 1, 1)).toBe(1);
    expect(openPlaces(2, 2, 1)).toBe(0);
  });
});

describe("chooseSuggestions", () => {
  const candidates = [
    { mentor: "a", score: 0.9, feasible: true },
    { mentor: "b", score: 0.7, feasible: true },
    { mentor: "c", score: 0.5, feasible: true },
    { mentor: "d", score: 0.3, feasible: true },
  ];
  const everyoneFree = new Map(["a", "b", "c", "d"].map((id) => [id, free()]));

  it("shows the best-scoring mentors, as many as the program says", () => {
    expect(chooseSuggestions(input({ candidates, mentors: everyoneFree }))).toEqual({ mentors: ["a", "b", "c"], added: ["a", "b", "c"], dropped: [] });
    expect(chooseSuggestions(input({ candidates, mentors: everyoneFree, count: 1 })).mentors).toEqual(["a"]);
  });

  it("skips infeasible, paused, full and excluded mentors", () => {
    const mentors = new Map([
      ["a", { ...free(), paused: true }],
      ["b", free(0)],
      ["c", free()],
      ["d", free()],
    ]);
    const withInfeasible = [...candidates, { mentor: "e", score: 1, feasible: false }];
    mentors.set("e", free());
    expect(chooseSuggestions(input({ candidates: withInfeasible, mentors })).mentors).toEqual(["c", "d"]);
    expect(chooseSuggestions(input({ candidates, mentors, excluded: new Set(["c"]) })).mentors).toEqual(["d"]);
  });

  it("does not show a mentor to more mentees at once than they have open places", () => {
    const mentors = new Map([
      ["a", free(1, [{ mentee: "other", shownAt: 0 }])],
      ["b", free(2, [{ mentee: "other", shownAt: 0 }])],
      ["c", free(1)],
      ["d", free(1)],
    ]);
    // a's one place is being shown to someone else; b has a second place.
    expect(chooseSuggestions(input({ candidates, mentors })).mentors).toEqual(["b", "c", "d"]);
  });

  it("rotates a popular mentor: the next mentee gets them once the earlier suggestion expired", () => {
    const busy = new Map([...everyoneFree, ["a", free(1, [{ mentee: "first", shownAt: 0 }])]]);
    expect(chooseSuggestions(input({ candidates, mentors: busy, count: 1 })).mentors).toEqual(["b"]);
    // The first mentee's suggestion expired: it is no longer in shownTo.
    expect(chooseSuggestions(input({ candidates, mentors: everyoneFree, count: 1 })).mentors).toEqual(["a"]);
  });

  it("keeps a mentee's current suggestions across reloads, even when better mentors free up", () => {
    const mentors = new Map([
      ["a", free()],
      ["b", free()],
      ["c", free(1, [{ mentee: "me", shownAt: 5 }])],
      ["d", free(1, [{ mentee: "me", shownAt: 5 }])],
    ]);
    const choice = chooseSuggestions(input({ candidates, mentors, count: 2, current: ["d", "c"] }));
    expect(choice).toEqual({ mentors: ["c", "d"], added: [], dropped: [] });
  });

  it("drops a current suggestion the mentor can no longer take, and fills the gap", () => {
    const mentors = new Map([
      ["a", free()],
      ["b", free()],
      ["c", { ...free(1, [{ mentee: "me", shownAt: 5 }]), paused: true }],
      ["d", free(1, [{ mentee: "me", shownAt: 5 }])],
    ]);
    expect(chooseSuggestions(input({ candidates, mentors, count: 2, current: ["c", "d"] }))).toEqual({ mentors: ["a", "d"], added: ["a"], dropped: ["c"] });
  });

  it("lets the earliest holders keep a mentor whose places shrank", () => {
    // Two mentees were shown d while it had two places; one place went to a request since.
    const shownTo = [
      { mentee: "earlier", shownAt: 1 },
      { mentee: "me", shownAt: 2 },
    ];
    const mentors = new Map([...everyoneFree, ["d", free(1, shownTo)]]);
    expect(chooseSuggestions(input({ candidates, mentors, count: 1, current: ["d"] }))).toEqual({ mentors: ["a"], added: ["a"], dropped: ["d"] });
    expect(chooseSuggestions(input({ candidates, mentors, mentee: "earlier", count: 1, current: ["d"] })).mentors).toEqual(["d"]);
  });

  it("breaks ties by fewer current viewers, then by id, the same way every time", () => {
    const tied = [
      { mentor: "y", score: 0.5, feasible: true },
      { mentor: "x", score: 0.5, feasible: true },
      { mentor: "z", score: 0.5, feasible: true },
    ];
    const mentors = new Map([
      ["x", free(3, [{ mentee: "o1", shownAt: 0 }])],
      ["y", free(3)],
      ["z", free(3)],
    ]);
    expect(chooseSuggestions(input({ candidates: tied, mentors, count: 2 })).added).toEqual(["y", "z"]);
    expect(chooseSuggestions(input({ candidates: [...tied].reverse(), mentors, count: 2 })).added).toEqual(["y", "z"]);
  });

  it("shows nothing when no mentor can take the mentee", () => {
    expect(chooseSuggestions(input({ candidates, mentors: new Map() }))).toEqual({ mentors: [], added: [], dropped: [] });
  });
});

describe("pausing unresponsive mentors", () => {
  /** A request made at `at` that lapsed. */
  const expired = (at: number): RequestHistoryEntry => ({ status: "expired", createdAt: at, respondedAt: null });
  const answered = (status: "accepted" | "declined", at: number): RequestHistoryEntry => ({ status, createdAt: at - HOUR, respondedAt: at });

  it("counts requests made since the last answer that lapsed", () => {
    expect(unansweredInARow([expired(1 * HOUR), answered("declined", 2 * HOUR), expired(3 * HOUR)], null)).toBe(1);
    expect(unansweredInARow([expired(1 * HOUR), expired(3 * HOUR)], null)).toBe(2);
    // Answering a later request shows the mentor is back: earlier lapses no longer count.
    expect(unansweredInARow([expired(1 * HOUR), expired(2 * HOUR), answered("accepted", 5 * HOUR)], null)).toBe(0);
  });

  it("pauses after the program's number of unanswered requests in a row", () => {
    const history = [answered("accepted", 0), expired(1 * HOUR), expired(2 * HOUR)];
    expect(shouldPause(history, { resumedAt: null, threshold: 2 })).toBe(true);
    expect(shouldPause(history, { resumedAt: null, threshold: 3 })).toBe(false);
  });

  it("starts counting again after the mentor resumes", () => {
    const history = [expired(1 * HOUR), expired(2 * HOUR), expired(5 * HOUR)];
    expect(shouldPause(history, { resumedAt: 3 * HOUR, threshold: 2 })).toBe(false);
    expect(shouldPause([...history, expired(6 * HOUR)], { resumedAt: 3 * HOUR, threshold: 2 })).toBe(true);
  });

  it("counts neither pending nor cancelled requests", () => {
    const history: RequestHistoryEntry[] = [
      { status: "cancelled", createdAt: HOUR, respondedAt: null },
      { status: "pending", createdAt: 2 * HOUR, respondedAt: null },
      expired(3 * HOUR),
    ];
    expect(unansweredInARow(history, null)).toBe(1);
  });
});
