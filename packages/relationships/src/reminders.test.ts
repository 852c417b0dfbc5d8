import { describe, expect, it } from "vitest";
import { dedupeKey, dueReminders, SUPPORT_POLICIES, surveySubjectId, type MatchState, type Reminder, type ReminderState } from "./index.js";

const DAY = 86_400_000;
const LA = "America/Los_Angeles";
const at = (iso: string) => Date.parse(iso);
/** Noon in Los Angeles in winter (PST, UTC−8) or summer (PDT, UTC−7), the way a cron run in the day would see it. */
const noonLA = (date: string) => at(`${date}T12:00:00-0${date >= "2026-03-08" && date < "2026-11-01" ? 7 : 8}:00`);

const STARTED = at("2026-01-07T18:00:00Z"); // 10:00 PST on Wednesday 7 January

function match(overrides: Partial<MatchState> = {}): MatchState {
  return {
    id: "match-1",
    startedAt: STARTED,
    mentor: { id: "mentor-1", acknowledgedAt: STARTED + 3_600_000, answeredSurveys: [] },
    mentee: { id: "mentee-1", acknowledgedAt: STARTED + 7_200_000, answeredSurveys: [] },
    lastCheckinAt: null,
    supportContacts: [],
    goals: [],
    ...overrides,
  };
}

function state(overrides: Partial<ReminderState> = {}, matchOverrides: Partial<MatchState> = {}): ReminderState {
  return {
    timeZone: LA,
    program: {
      id: "program-1",
      startsOn: "2026-01-05",
      endsOn: "2026-06-29",
      checkinCadenceDays: 14,
      surveys: { pulseEveryWeeks: null, midpoint: false, final: false },
      coordinatorIds: ["coord-1"],
    },
    match: match(matchOverrides),
    ...overrides,
  };
}

/** The reminders due, without those the test is not about. */
function due(input: ReminderState, now: number, kind?: Reminder["kind"]): Reminder[] {
  const reminders = dueReminders(input, now);
  return kind ? reminders.filter((reminder) => reminder.kind === kind) : reminders;
}

const short = (reminder: Reminder) => `${reminder.kind} → ${reminder.recipient.role} ${reminder.recipient.personId} (${reminder.subject.type} ${reminder.subject.id}) @ ${reminder.period}`;

describe("dueReminders: a new match", () => {
  it("has nothing due on its first days", () => {
    expect(dueReminders(state(), STARTED)).toEqual([]);
    expect(dueReminders(state(), STARTED + 2 * DAY)).toEqual([]);
  });

  it("reminds each person who has not acknowledged the agreement after 3 days, once", () => {
    const input = state({}, { mentor: { id: "mentor-1", acknowledgedAt: null, answeredSurveys: [] } });
    expect(dueReminders(input, STARTED + 3 * DAY - 1)).toEqual([]);
    expect(dueReminders(input, STARTED + 3 * DAY)).toEqual([
      {
        recipient: { personId: "mentor-1", role: "mentor" },
        kind: "agreement.unacknowledged",
        subject: { type: "match", id: "match-1" },
        period: "2026-01-10",
        dueAt: STARTED + 3 * DAY,
      },
    ]);
    // Still the same reminder (same key) a week later: the ledger keeps it from going twice.
    expect(dueReminders(input, STARTED + 10 * DAY).map(dedupeKey)).toEqual(dueReminders(input, STARTED + 3 * DAY).map(dedupeKey));
  });
});

describe("dueReminders: check-ins", () => {
  it("reminds both people once the cadence has passed without a check-in", () => {
    expect(due(state(), STARTED + 14 * DAY - 1, "checkin.due")).toEqual([]);
    expect(due(state(), STARTED + 14 * DAY, "checkin.due").map(short)).toEqual([
      "checkin.due → mentee mentee-1 (match match-1) @ 2026-01-21",
      "checkin.due → mentor mentor-1 (match match-1) @ 2026-01-21",
    ]);
    expect(due(state(), STARTED + 14 * DAY, "checkin.due")[0].dueAt).toBe(STARTED + 14 * DAY);
  });

  it("keeps one period per cadence window, counted from the last check-in", () => {
    const window1 = due(state(), STARTED + 20 * DAY, "checkin.due");
    expect(window1.map((reminder) => reminder.period)).toEqual(["2026-01-21", "2026-01-21"]);
    expect(due(state(), STARTED + 28 * DAY, "checkin.due").map((reminder) => reminder.period)).toEqual(["2026-02-04", "2026-02-04"]);

    const met = state({}, { lastCheckinAt: STARTED + 20 * DAY });
    expect(due(met, STARTED + 33 * DAY, "checkin.due")).toEqual([]);
    expect(due(met, STARTED + 34 * DAY, "checkin.due").map((reminder) => reminder.period)).toEqual(["2026-02-10", "2026-02-10"]);
  });

  it("gives exactly one key per window to a silent pair over a cron run every 15 minutes for ten weeks", () => {
    const keys = new Set<string>();
    for (let now = STARTED; now < STARTED + 70 * DAY; now += 15 * 60_000) {
      for (const reminder of due(state(), now, "checkin.due")) keys.add(dedupeKey(reminder));
    }
    // Windows begin on days 14, 28, 42 and 56: four per person.
    expect([...keys].filter((key) => key.includes(":mentor:")).map((key) => key.slice(-10))).toEqual(["2026-01-21", "2026-02-04", "2026-02-18", "2026-03-04"]);
    expect(keys.size).toBe(8);
  });

  it("starts the clock on the program's first day for a pair matched before it", () => {
    const early = state({}, { startedAt: at("2025-12-15T18:00:00Z") });
    expect(due(early, noonLA("2026-01-04"), "checkin.due")).toEqual([]);
    expect(due(early, noonLA("2026-01-18"), "checkin.due")).toEqual([]);
    const first = due(early, noonLA("2026-01-19"), "checkin.due");
    expect(first.map((reminder) => reminder.period)).toEqual(["2026-01-19", "2026-01-19"]);
    expect(first[0].dueAt).toBe(at("2026-01-19T08:00:00Z")); // 00:00 PST, 14 days after the first day began
  });

  it("stops after the program's last day", () => {
    const late = state({}, { lastCheckinAt: noonLA("2026-06-01") });
    expect(due(late, noonLA("2026-06-29"), "checkin.due")).toHaveLength(2);
    expect(due(late, noonLA("2026-06-30"), "checkin.due")).toEqual([]);
  });
});

describe("dueReminders: goals", () => {
  const goals = [
    { id: "goal-open", targetOn: "2026-03-10", completedAt: null },
    { id: "goal-done", targetOn: "2026-03-10", completedAt: noonLA("2026-03-01") },
    { id: "goal-undated", targetOn: null, completedAt: null },
  ];
  const input = state({}, { goals, lastCheckinAt: noonLA("2026-03-05") });

  it("reminds both people from 3 days before an open goal's target date until that date", () => {
    expect(due(input, noonLA("2026-03-06"), "goal.target_near")).toEqual([]);
    const reminders = due(input, at("2026-03-07T08:00:00Z"), "goal.target_near"); // 00:00 PST on the 7th
    expect(reminders.map(short)).toEqual([
      "goal.target_near → mentee mentee-1 (goal goal-open) @ 2026-03-07",
      "goal.target_near → mentor mentor-1 (goal goal-open) @ 2026-03-07",
    ]);
    expect(reminders[0].dueAt).toBe(at("2026-03-07T08:00:00Z"));
    // The 10th (after the switch to PDT) still finds the same reminder.
    expect(due(input, noonLA("2026-03-10"), "goal.target_near").map(dedupeKey)).toEqual(reminders.map(dedupeKey));
    expect(due(input, noonLA("2026-03-11"), "goal.target_near")).toEqual([]);
  });

  it("follows the tenant's local date, not UTC's", () => {
    // 2026-03-06T12:00Z is already 01:00 on the 7th in Auckland (NZDT, UTC+13); an hour earlier it was still the 6th.
    const auckland = state({ timeZone: "Pacific/Auckland" }, { goals, lastCheckinAt: at("2026-03-05T00:00:00Z") });
    expect(due(auckland, at("2026-03-06T10:59:00Z"), "goal.target_near")).toEqual([]);
    const reminders = due(auckland, at("2026-03-06T12:00:00Z"), "goal.target_near");
    expect(reminders.map((reminder) => reminder.period)).toEqual(["2026-03-07", "2026-03-07"]);
    expect(reminders[0].dueAt).toBe(at("2026-03-06T11:00:00Z")); // 00:00 NZDT
  });
});

describe("dueReminders: surveys", () => {
  const withPulses = (matchOverrides: Partial<MatchState> = {}) => {
    const input = state({}, { lastCheckinAt: noonLA("2026-02-01"), ...matchOverrides });
    return { ...input, program: { ...input.program, surveys: {} } };
  };
  const pulse1 = surveySubjectId("program-1", "pulse-1");

  it("tells each person who has not answered that a survey opened, then that it closes soon", () => {
    expect(due(withPulses(), noonLA("2026-02-01"), "survey.open")).toEqual([]);
    const opened = dueReminders(withPulses(), noonLA("2026-02-02")).filter((reminder) => reminder.kind.startsWith("survey."));
    expect(opened.map(short)).toEqual([
      `survey.open → mentee mentee-1 (survey ${pulse1}) @ 2026-02-02`,
      `survey.open → mentor mentor-1 (survey ${pulse1}) @ 2026-02-02`,
    ]);
    expect(opened[0].dueAt).toBe(at("2026-02-02T08:00:00Z"));
    expect(due(withPulses(), noonLA("2026-02-05"), "survey.open")).toHaveLength(2);

    // From two days before it closes (the 8th), the closing reminder replaces the opening one.
    const closing = dueReminders(withPulses(), noonLA("2026-02-06")).filter((reminder) => reminder.kind.startsWith("survey."));
    expect(closing.map(short)).toEqual([
      `survey.closing → mentee mentee-1 (survey ${pulse1}) @ 2026-02-06`,
      `survey.closing → mentor mentor-1 (survey ${pulse1}) @ 2026-02-06`,
    ]);
    expect(due(withPulses(), noonLA("2026-02-08"), "survey.closing")).toHaveLength(2);
    expect(due(withPulses(), noonLA("2026-02-09"), "survey.closing")).toEqual([]);
  });

  it("skips people who answered", () => {
    const answered = withPulses({ mentee: { id: "mentee-1", acknowledgedAt: STARTED, answeredSurveys: ["pulse-1"] } });
    expect(due(answered, noonLA("2026-02-02"), "survey.open").map((reminder) => reminder.recipient.personId)).toEqual(["mentor-1"]);
  });

  it("skips surveys that opened before the match started", () => {
    const late = withPulses({ startedAt: noonLA("2026-02-03") });
    expect(due(late, noonLA("2026-02-04"), "survey.open")).toEqual([]);
  });

  it("keeps the final evaluation going after the program ends, when check-in reminders have stopped", () => {
    const input = state({}, { lastCheckinAt: noonLA("2026-06-20") });
    const withFinal = { ...input, program: { ...input.program, surveys: { final: true } } };
    const kinds = dueReminders(withFinal, noonLA("2026-07-02")).map((reminder) => reminder.kind);
    expect(kinds).toEqual(["survey.open", "survey.open"]);
    expect(due(withFinal, noonLA("2026-07-05"), "survey.closing")).toHaveLength(2);
  });
});

describe("dueReminders: support contacts", () => {
  const coordinators = (input: ReminderState) => ({ ...input, program: { ...input.program, coordinatorIds: ["coord-1", "coord-2"] } });

  it("reminds every coordinator when a monthly contact is overdue, then weekly while it stays overdue", () => {
    const input = coordinators(state({}, { lastCheckinAt: STARTED + 29 * DAY }));
    expect(due(input, STARTED + 30 * DAY - 1, "support.overdue")).toEqual([]);
    expect(due(input, STARTED + 30 * DAY, "support.overdue").map(short)).toEqual([
      "support.overdue → coordinator coord-1 (match match-1) @ 2026-02-06",
      "support.overdue → coordinator coord-2 (match match-1) @ 2026-02-06",
    ]);
    expect(due(input, STARTED + 36 * DAY, "support.overdue")[0].period).toBe("2026-02-06");
    expect(due(input, STARTED + 37 * DAY, "support.overdue")[0]).toMatchObject({ period: "2026-02-13", dueAt: STARTED + 37 * DAY });
  });

  it("counts from the last contact, under the program's policy", () => {
    const contacted = state({}, { supportContacts: [{ at: STARTED + 10 * DAY, parties: [] }], lastCheckinAt: STARTED + 35 * DAY });
    expect(due(contacted, STARTED + 39 * DAY, "support.overdue")).toEqual([]);
    expect(due(contacted, STARTED + 40 * DAY, "support.overdue")).toHaveLength(1);
    const youth = { ...state(), program: { ...state().program, supportPolicy: SUPPORT_POLICIES.youth } };
    expect(due(youth, STARTED + 15 * DAY, "support.overdue")).toHaveLength(1);
  });

  it("stays due while one of the parties has not been reached", () => {
    const mentorOnly = state({}, { supportContacts: [{ at: STARTED + 10 * DAY, parties: ["mentor"] }], lastCheckinAt: STARTED + 35 * DAY });
    expect(due(mentorOnly, STARTED + 30 * DAY, "support.overdue")).toHaveLength(1);
    const contacts = { supportContacts: [{ at: STARTED + 5 * DAY, parties: ["mentor", "mentee"] }] };
    const youth = { ...state({}, { ...contacts, menteeHasGuardian: true }), program: { ...state().program, supportPolicy: SUPPORT_POLICIES.youth } };
    // The guardian was never reached: due at the end of the first half-month, not after the others' second slot.
    expect(due(youth, STARTED + 15 * DAY - 1, "support.overdue")).toEqual([]);
    expect(due(youth, STARTED + 15 * DAY, "support.overdue")).toHaveLength(1);
    // An adult mentee in a youth program has no guardian to reach: the pair's next contact is in the second half.
    const adult = { ...youth, match: { ...youth.match!, menteeHasGuardian: false } };
    expect(due(adult, STARTED + 15 * DAY, "support.overdue")).toEqual([]);
    expect(due(adult, STARTED + 30 * DAY, "support.overdue")).toHaveLength(1);
  });
});

describe("dueReminders: the program starting and ending", () => {
  const waiting = { ...state(), match: null, participants: [{ id: "mentee-9", role: "mentee" as const }] };

  it("tells participants from 7 days before the first day until the day before", () => {
    expect(dueReminders(waiting, noonLA("2025-12-28"))).toEqual([]);
    expect(dueReminders(waiting, noonLA("2025-12-29"))).toEqual([
      {
        recipient: { personId: "mentee-9", role: "mentee" },
        kind: "program.starting",
        subject: { type: "program", id: "program-1" },
        period: "2025-12-29",
        dueAt: at("2025-12-29T08:00:00Z"),
      },
    ]);
    expect(dueReminders(waiting, noonLA("2026-01-04"))).toHaveLength(1);
    expect(dueReminders(waiting, noonLA("2026-01-05"))).toEqual([]);
  });

  it("tells a matched pair from 7 days before the last day until that day", () => {
    const input = state({}, { lastCheckinAt: noonLA("2026-06-20"), supportContacts: [{ at: noonLA("2026-06-01"), parties: ["mentor", "mentee"] }] });
    expect(due(input, noonLA("2026-06-21"), "program.ending")).toEqual([]);
    expect(due(input, noonLA("2026-06-22"), "program.ending").map(short)).toEqual([
      "program.ending → mentee mentee-1 (program program-1) @ 2026-06-22",
      "program.ending → mentor mentor-1 (program program-1) @ 2026-06-22",
    ]);
    expect(due(input, noonLA("2026-06-29"), "program.ending")).toHaveLength(2);
    expect(due(input, noonLA("2026-06-30"), "program.ending")).toEqual([]);
  });

  it("gives nothing for a program without dates", () => {
    const undated = { ...waiting, program: { ...waiting.program, startsOn: null, endsOn: null } };
    expect(dueReminders(undated, noonLA("2026-01-01"))).toEqual([]);
  });

  it("tells someone listed twice only once", () => {
    const twice = { ...state({}, { startedAt: noonLA("2025-12-20") }), participants: [{ id: "mentee-1", role: "mentee" as const }] };
    expect(dueReminders(twice, noonLA("2025-12-30")).map(short)).toEqual([
      "program.starting → mentee mentee-1 (program program-1) @ 2025-12-29",
      "program.starting → mentor mentor-1 (program program-1) @ 2025-12-29",
    ]);
  });
});

describe("dueReminders: self-match requests", () => {
  const createdAt = noonLA("2026-01-01");
  const input = { ...state(), match: null, pendingRequests: [{ id: "request-1", mentorId: "mentor-7", createdAt, expiresAt: createdAt + 7 * DAY }] };

  it("nudges the mentor from halfway through the time to answer until the request expires", () => {
    expect(dueReminders(input, createdAt + 3.5 * DAY - 1)).toEqual([]);
    expect(dueReminders(input, createdAt + 3.5 * DAY)).toEqual([
      {
        recipient: { personId: "mentor-7", role: "mentor" },
        kind: "self_match.unanswered",
        subject: { type: "match_request", id: "request-1" },
        period: "2026-01-05",
        dueAt: createdAt + 3.5 * DAY,
      },
    ]);
    expect(dueReminders(input, createdAt + 7 * DAY)).toEqual([]);
  });
});

describe("dueReminders: unfinished training (issue #8)", () => {
  const input = { ...state(), match: null, training: { dueOn: "2026-02-20", mentorIds: ["mentor-7", "mentor-8"] } };
  const training = (date: string) => dueReminders(input, noonLA(date)).filter((reminder) => reminder.kind === "training.unfinished");

  it("starts 14 days before the due date, to each mentor given", () => {
    expect(training("2026-02-05")).toEqual([]);
    const first = training("2026-02-06");
    expect(first.map((reminder) => reminder.recipient)).toEqual([
      { personId: "mentor-7", role: "mentor" },
      { personId: "mentor-8", role: "mentor" },
    ]);
    expect(first[0]).toMatchObject({ subject: { type: "program", id: "program-1" }, period: "2026-02-06" });
  });

  it("repeats weekly, the same reminder within a week, through the due date and not after", () => {
    expect(training("2026-02-12").map((reminder) => reminder.period)).toEqual(["2026-02-06", "2026-02-06"]);
    expect(training("2026-02-13")[0]!.period).toBe("2026-02-13");
    expect(training("2026-02-20")[0]!.period).toBe("2026-02-20");
    expect(training("2026-02-21")).toEqual([]);
    expect(dedupeKey(training("2026-02-07")[0]!)).toBe(dedupeKey(training("2026-02-12")[0]!));
  });

  it("says nothing when every mentor has finished", () => {
    expect(dueReminders({ ...input, training: { dueOn: "2026-02-20", mentorIds: [] } }, noonLA("2026-02-10")).filter((reminder) => reminder.kind === "training.unfinished")).toEqual([]);
  });
});

describe("dueReminders: as a whole", () => {
  it("sorts by due time, then kind, then recipient, and gives the same answer for the same input", () => {
    const busy = state(
      {},
      {
        mentor: { id: "mentor-1", acknowledgedAt: null, answeredSurveys: [] },
        goals: [{ id: "goal-1", targetOn: "2026-02-08", completedAt: null }],
      },
    );
    const now = noonLA("2026-02-06");
    const reminders = dueReminders(busy, now);
    expect(reminders.map((reminder) => `${reminder.kind} ${reminder.recipient.personId} ${reminder.period}`)).toEqual([
      "agreement.unacknowledged mentor-1 2026-01-10",
      "checkin.due mentee-1 2026-02-04",
      "checkin.due mentor-1 2026-02-04",
      "goal.target_near mentee-1 2026-02-05",
      "goal.target_near mentor-1 2026-02-05",
      "support.overdue coord-1 2026-02-06",
    ]);
    expect(dueReminders(busy, now)).toEqual(reminders);
    for (let i = 1; i < reminders.length; i++) expect(reminders[i].dueAt).toBeGreaterThanOrEqual(reminders[i - 1].dueAt);
  });

  it("refuses a cadence that is not positive", () => {
    const broken = { ...state(), program: { ...state().program, checkinCadenceDays: 0 } };
    expect(() => dueReminders(broken, STARTED + DAY)).toThrow(RangeError);
  });
});
