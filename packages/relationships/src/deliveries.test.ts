import { describe, expect, it } from "vitest";
import { dedupeKey, digestKey, localParts, planDeliveries, type Reminder, type ReminderKind, type ReminderPreferences } from "./index.js";

const LA = "America/Los_Angeles";
const AUCKLAND = "Pacific/Auckland";
const at = (iso: string) => Date.parse(iso);
const NOW = at("2026-03-16T17:00:00Z"); // 10:00 PDT on Monday 16 March

const MENTOR = { personId: "mentor-1", role: "mentor" as const };
const MENTEE = { personId: "mentee-1", role: "mentee" as const };
const COORDINATOR = { personId: "coord-1", role: "coordinator" as const };

function reminder(recipient: Reminder["recipient"], kind: ReminderKind, overrides: Partial<Reminder> = {}): Reminder {
  const subject = kind === "goal.target_near" ? { type: "goal" as const, id: "goal-1" } : { type: "match" as const, id: "match-1" };
  return { recipient, kind, subject, period: "2026-03-16", dueAt: NOW - 3_600_000, ...overrides };
}

const due = [
  reminder(MENTOR, "goal.target_near", { period: "2026-03-15", dueAt: NOW - 30 * 3_600_000 }),
  reminder(MENTOR, "checkin.due"),
  reminder(MENTEE, "checkin.due"),
  reminder(COORDINATOR, "support.overdue"),
];

const kindsOf = (items: { reminder: Reminder }[]) => items.map((item) => item.reminder.kind);

describe("planDeliveries", () => {
  it("sends each person one email now, folding several due items into a digest", () => {
    const plan = planDeliveries(due, new Set(), NOW, LA, new Map());
    expect(plan.deferred).toEqual([]);
    expect(plan.dropped).toEqual([]);
    expect(plan.send.map((email) => [email.digestKey, email.localDate, kindsOf(email.items)])).toEqual([
      ["digest:coordinator:coord-1:2026-03-16", "2026-03-16", ["support.overdue"]],
      ["digest:mentee:mentee-1:2026-03-16", "2026-03-16", ["checkin.due"]],
      ["digest:mentor:mentor-1:2026-03-16", "2026-03-16", ["checkin.due", "goal.target_near"]],
    ]);
    const mentorEmail = plan.send[2];
    expect(mentorEmail.recipient).toEqual(MENTOR);
    expect(mentorEmail.items.map((item) => item.dedupeKey)).toEqual([
      "checkin.due:match:match-1:mentor:mentor-1:2026-03-16",
      "goal.target_near:goal:goal-1:mentor:mentor-1:2026-03-15",
    ]);
  });

  it("defers to tomorrow 08:00 everything for someone who already had today's email", () => {
    const plan = planDeliveries(due, new Set([digestKey(MENTOR, "2026-03-16")]), NOW, LA);
    expect(plan.send.map((email) => email.recipient.personId)).toEqual(["coord-1", "mentee-1"]);
    expect(plan.deferred.map((item) => [item.reminder.kind, item.reason, new Date(item.until).toISOString()])).toEqual([
      ["goal.target_near", "daily_cap", "2026-03-17T15:00:00.000Z"],
      ["checkin.due", "daily_cap", "2026-03-17T15:00:00.000Z"],
    ]);
  });

  it("does not count yesterday's email against today", () => {
    const plan = planDeliveries(due, new Set([digestKey(MENTOR, "2026-03-15")]), NOW, LA);
    expect(plan.send).toHaveLength(3);
  });

  it("drops the kinds a person unsubscribed from and sends the rest", () => {
    const preferences: ReminderPreferences = new Map([
      ["mentor-1", new Set<ReminderKind>(["goal.target_near"])],
      ["coord-1", new Set<ReminderKind>(["support.overdue"])],
    ]);
    const plan = planDeliveries(due, new Set(), NOW, LA, preferences);
    expect(plan.send.map((email) => [email.recipient.personId, kindsOf(email.items)])).toEqual([
      ["mentee-1", ["checkin.due"]],
      ["mentor-1", ["checkin.due"]],
    ]);
    expect(plan.dropped.map((item) => [item.reminder.recipient.personId, item.reminder.kind, item.reason])).toEqual([
      ["mentor-1", "goal.target_near", "unsubscribed"],
      ["coord-1", "support.overdue", "unsubscribed"],
    ]);
  });

  it("defers everything during quiet hours to 08:00 local, and drops unsubscribed kinds even then", () => {
    const night = at("2026-03-17T05:30:00Z"); // 22:30 PDT
    const plan = planDeliveries(due, new Set(), night, LA, new Map([["coord-1", new Set<ReminderKind>(["support.overdue"])]]));
    expect(plan.send).toEqual([]);
    expect(plan.dropped).toHaveLength(1);
    expect(plan.deferred.map((item) => [item.reason, new Date(item.until).toISOString()])).toEqual([
      ["quiet_hours", "2026-03-17T15:00:00.000Z"],
      ["quiet_hours", "2026-03-17T15:00:00.000Z"],
      ["quiet_hours", "2026-03-17T15:00:00.000Z"],
    ]);
  });

  it("judges quiet hours, the local day and the daily cap in each person's zone", () => {
    // 17:00Z is 10:00 on the 16th in Los Angeles and 06:00 on the 17th in Auckland.
    const zones = new Map([
      ["mentor-1", LA],
      ["mentee-1", AUCKLAND],
      ["coord-1", AUCKLAND],
    ]);
    const plan = planDeliveries(due, new Set(), NOW, zones);
    expect(plan.send.map((email) => email.digestKey)).toEqual(["digest:mentor:mentor-1:2026-03-16"]);
    expect(plan.deferred.map((item) => [item.reminder.recipient.personId, item.reason, new Date(item.until).toISOString()])).toEqual([
      ["mentee-1", "quiet_hours", "2026-03-16T19:00:00.000Z"],
      ["coord-1", "quiet_hours", "2026-03-16T19:00:00.000Z"],
    ]);
    const later = planDeliveries(due, new Set([digestKey(MENTOR, "2026-03-16")]), at("2026-03-16T19:00:00Z"), zones);
    expect(later.send.map((email) => email.digestKey)).toEqual(["digest:coordinator:coord-1:2026-03-17", "digest:mentee:mentee-1:2026-03-17"]);
  });

  it("drops a reminder whose dedupe key is already in the ledger, and still sends the rest", () => {
    const plan = planDeliveries(due, new Set([dedupeKey(due[1])]), NOW, LA);
    expect(plan.dropped.map((item) => [item.dedupeKey, item.reason])).toEqual([[dedupeKey(due[1]), "already_sent"]]);
    expect(plan.send.find((email) => email.recipient.personId === "mentor-1")?.items.map((item) => item.reminder.kind)).toEqual(["goal.target_near"]);
  });

  it("counts the same reminder given twice once", () => {
    const plan = planDeliveries([...due, { ...due[1] }, { ...due[1], dueAt: due[1].dueAt - 5 }], new Set(), NOW, LA);
    expect(plan.send.find((email) => email.recipient.personId === "mentor-1")?.items).toHaveLength(2);
  });

  it("defers a reminder that is not due yet to when it is (never at night)", () => {
    const soon = reminder(MENTEE, "survey.open", { dueAt: NOW + 3_600_000 });
    const tonight = reminder(MENTOR, "survey.open", { dueAt: at("2026-03-17T06:00:00Z") }); // 23:00 PDT
    const plan = planDeliveries([soon, tonight], new Set(), NOW, LA);
    expect(plan.send).toEqual([]);
    expect(plan.deferred.map((item) => [item.reason, new Date(item.until).toISOString()])).toEqual([
      ["not_due", "2026-03-16T18:00:00.000Z"],
      ["not_due", "2026-03-17T15:00:00.000Z"],
    ]);
  });

  it("needs a zone for everyone", () => {
    expect(() => planDeliveries(due, new Set(), NOW, new Map([["mentor-1", LA]]))).toThrow("no time zone for person mentee-1");
  });
});

describe("planDeliveries over three days of cron runs, with a ledger that enforces the keys", () => {
  /**
   * The Worker's side, simulated: every 15 minutes it finds what is due, plans
   * against the ledger's keys, and "sends" each email by inserting its digest key
   * and item keys into a ledger with unique keys, all or nothing. Two runs overlap
   * on every tick (both plan from the same ledger), as overlapping crons would.
   */
  function simulate(reminders: Reminder[], zones: Map<string, string>, from: number, to: number) {
    const ledger = new Set<string>();
    const sent: { personId: string; at: number; localDate: string; items: string[] }[] = [];
    const stillDue = (reminder: Reminder, now: number) => reminder.dueAt <= now && now < reminder.dueAt + 3 * 86_400_000;
    for (let now = from; now < to; now += 15 * 60_000) {
      const pending = reminders.filter((reminder) => stillDue(reminder, now));
      const ledgerKeys = new Set(ledger);
      const runs = [planDeliveries(pending, ledgerKeys, now, zones), planDeliveries(pending, ledgerKeys, now, zones)];
      for (const plan of runs) {
        for (const email of plan.send) {
          const keys = [email.digestKey, ...email.items.map((item) => item.dedupeKey)];
          if (keys.some((key) => ledger.has(key))) continue; // the unique index refuses the whole transaction
          for (const key of keys) ledger.add(key);
          sent.push({ personId: email.recipient.personId, at: now, localDate: email.localDate, items: email.items.map((item) => item.dedupeKey) });
        }
      }
    }
    return sent;
  }

  // One person in Auckland, one in Los Angeles; Auckland leaves DST on 5 April.
  const zones = new Map([
    ["mentee-nz", AUCKLAND],
    ["mentor-la", LA],
  ]);
  const nz = { personId: "mentee-nz", role: "mentee" as const };
  const la = { personId: "mentor-la", role: "mentor" as const };
  const item = (recipient: typeof nz | typeof la, kind: ReminderKind, dueAt: string, period: string) => reminder(recipient, kind, { dueAt: at(dueAt), period });
  const reminders = [
    item(nz, "checkin.due", "2026-04-03T09:00:00Z", "2026-04-03"), // 22:00 NZDT: waits for the morning
    item(nz, "agreement.unacknowledged", "2026-04-03T10:00:00Z", "2026-04-03"), // 23:00 NZDT: folded into the same email
    item(nz, "goal.target_near", "2026-04-04T11:00:00Z", "2026-04-05"), // 00:00 NZDT on the 5th
    item(nz, "survey.open", "2026-04-05T02:00:00Z", "2026-04-05"), // 14:00 NZST on the 5th: the day's email is gone
    item(la, "checkin.due", "2026-04-03T16:00:00Z", "2026-04-03"), // 09:00 PDT
    item(la, "survey.open", "2026-04-03T20:00:00Z", "2026-04-03"), // 13:00 PDT: after the day's email
    item(la, "support.overdue", "2026-04-04T03:30:00Z", "2026-04-03"), // 20:30 PDT
  ];
  const sent = simulate(reminders, zones, at("2026-04-03T00:00:00Z"), at("2026-04-09T00:00:00Z"));

  it("sends every due item exactly once", () => {
    const items = sent.flatMap((email) => email.items);
    expect(items.length).toBe(reminders.length);
    expect(new Set(items)).toEqual(new Set(reminders.map(dedupeKey)));
  });

  it("sends each person at most one email per local day, and none at night", () => {
    for (const personId of zones.keys()) {
      const days = sent.filter((email) => email.personId === personId).map((email) => email.localDate);
      expect(new Set(days).size, personId).toBe(days.length);
    }
    for (const email of sent) {
      const { hour, date } = localParts(email.at, zones.get(email.personId)!);
      expect(hour >= 8 && hour < 21, `${email.personId} at ${new Date(email.at).toISOString()}`).toBe(true);
      expect(date).toBe(email.localDate);
    }
  });

  it("folds, defers to the next morning, and follows the DST change", () => {
    const summary = sent.map((email) => [email.personId, new Date(email.at).toISOString(), email.items.map((key) => key.split(":")[0])]);
    expect(summary).toEqual([
      // 09:00 PDT on 3 April.
      ["mentor-la", "2026-04-03T16:00:00.000Z", ["checkin.due"]],
      // 08:00 NZDT on 4 April: the two items of the night before, in one digest.
      ["mentee-nz", "2026-04-03T19:00:00.000Z", ["checkin.due", "agreement.unacknowledged"]],
      // 08:00 PDT on 4 April: the survey (13:00) and the support nudge (20:30) of the 3rd, after that day's email.
      ["mentor-la", "2026-04-04T15:00:00.000Z", ["survey.open", "support.overdue"]],
      // 08:00 NZST on 5 April (clocks went back at 03:00): the goal due at midnight.
      ["mentee-nz", "2026-04-04T20:00:00.000Z", ["goal.target_near"]],
      // 08:00 NZST on 6 April: the survey that came due after the 5th's email.
      ["mentee-nz", "2026-04-05T20:00:00.000Z", ["survey.open"]],
    ]);
  });
});
