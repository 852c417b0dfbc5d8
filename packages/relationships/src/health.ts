/**
 * Match health (issue #6) and the coordinator's support-contact rhythm
 * (issue #6, with the youth rule of issue #8). Elapsed time is measured in
 * 24-hour days of milliseconds: a DST change moves a flag by an hour at most.
 */
import { DAY_MS, localDate, startOfLocalDay } from "./time.js";

export const HEALTH_STATUSES = ["on_track", "needs_attention", "at_risk"] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

export type ParticipantRole = "mentor" | "mentee";

/** The thresholds of issue #6: a pulse at or below `lowPulse` is low; silence is measured in multiples of the cadence. */
export const HEALTH_RULES = {
  lowPulse: 2,
  needsAttentionAfterCadences: 1.5,
  atRiskAfterCadences: 2,
} as const;

/** One answer to the pulse question "How is your mentoring relationship going?" (1–5). */
export interface Pulse {
  by: ParticipantRole;
  at: number;
  score: number;
}

export interface MatchHealthInput {
  /** When the match started (ms); the silence counts from here until the first check-in. */
  startedAt: number;
  /** The program's expected days between meetings. */
  checkinCadenceDays: number;
  /** When the pair last met, per their latest check-in (ms), or null. */
  lastCheckinAt: number | null;
  /** Pulse answers of both people, in any order. Only the latest ones matter; passing the last two per person is enough. */
  pulses: readonly Pulse[];
  now: number;
}

export type HealthReasonCode = "checkin_on_cadence" | "checkin_late" | "checkin_very_late" | "low_pulse" | "low_pulses";

export interface HealthReason {
  code: HealthReasonCode;
  /** The status this reason alone would give. */
  status: HealthStatus;
  /** A sentence for the coordinator. */
  message: string;
}

export interface MatchHealth {
  status: HealthStatus;
  /** Most severe first; an on-track match has one reason saying when the pair last met. */
  reasons: HealthReason[];
  /** Whole days since the last check-in, or since the start when there was none. */
  daysSinceCheckin: number;
  /** Whole days past the cadence (0 when the pair is not late). */
  daysOverdue: number;
}

const RANK: Record<HealthStatus, number> = { on_track: 0, needs_attention: 1, at_risk: 2 };
const days = (n: number) => `${n} ${n === 1 ? "day" : "days"}`;

/**
 * The health of an active match:
 * - `at_risk` when there has been no check-in for 2× the cadence, or the two
 *   most recent pulses (of either person, by time) are both ≤ 2;
 * - `needs_attention` when there has been no check-in for 1.5× the cadence, or
 *   the latest pulse of either person is ≤ 2 (one cheerful person cannot hide
 *   the other's low answer);
 * - `on_track` otherwise.
 * Check-ins and pulses are judged separately: a meeting does not clear a low
 * pulse; the next pulse does.
 */
export function matchHealth(input: MatchHealthInput): MatchHealth {
  const { startedAt, checkinCadenceDays: cadence, lastCheckinAt, now } = input;
  if (!Number.isFinite(cadence) || cadence <= 0) throw new RangeError(`checkinCadenceDays must be positive, got ${cadence}`);
  const reasons: HealthReason[] = [];

  const since = lastCheckinAt ?? startedAt;
  const elapsed = Math.max(0, now - since);
  const daysSinceCheckin = Math.floor(elapsed / DAY_MS);
  const daysOverdue = Math.max(0, Math.floor((elapsed - cadence * DAY_MS) / DAY_MS));
  const silence = lastCheckinAt === null ? `No check-in since the match started ${days(daysSinceCheckin)} ago` : `No check-in for ${days(daysSinceCheckin)}`;
  const expected = `the pair is expected to meet every ${days(cadence)}`;
  if (elapsed >= HEALTH_RULES.atRiskAfterCadences * cadence * DAY_MS) {
    reasons.push({ code: "checkin_very_late", status: "at_risk", message: `${silence}: ${expected}, and twice that has passed.` });
  } else if (elapsed >= HEALTH_RULES.needsAttentionAfterCadences * cadence * DAY_MS) {
    reasons.push({ code: "checkin_late", status: "needs_attention", message: `${silence}: ${expected}.` });
  }

  const pulses = [...input.pulses].sort((a, b) => b.at - a.at);
  const low = (pulse: Pulse) => pulse.score <= HEALTH_RULES.lowPulse;
  if (pulses.length >= 2 && low(pulses[0]) && low(pulses[1])) {
    reasons.push({
      code: "low_pulses",
      status: "at_risk",
      message: `The two latest pulse answers are both low: ${pulses[1].by} ${pulses[1].score}/5, then ${pulses[0].by} ${pulses[0].score}/5.`,
    });
  } else {
    for (const role of ["mentee", "mentor"] as const) {
      const latest = pulses.find((pulse) => pulse.by === role);
      if (latest && low(latest)) {
        reasons.push({ code: "low_pulse", status: "needs_attention", message: `The ${role}'s latest pulse answer is ${latest.score}/5.` });
      }
    }
  }

  reasons.sort((a, b) => RANK[b.status] - RANK[a.status]);
  const status = reasons[0]?.status ?? "on_track";
  if (reasons.length === 0) {
    const last = lastCheckinAt === null ? `No check-in yet; the match started ${days(daysSinceCheckin)} ago` : `Last check-in ${days(daysSinceCheckin)} ago`;
    reasons.push({ code: "checkin_on_cadence", status: "on_track", message: `${last}; ${expected}.` });
  }
  return { status, reasons, daysSinceCheckin, daysOverdue };
}

/** Most at risk first: status, then days overdue, then days since the last check-in. 0 for equally urgent matches. */
export function compareByRisk(a: MatchHealth, b: MatchHealth): number {
  return RANK[b.status] - RANK[a.status] || b.daysOverdue - a.daysOverdue || b.daysSinceCheckin - a.daysSinceCheckin;
}

/** The coordinator's list: most at risk first, ties by id so the order never flickers. Returns a new array. */
export function sortByRisk<T extends { id: string; health: MatchHealth }>(matches: readonly T[]): T[] {
  return [...matches].sort((a, b) => compareByRisk(a.health, b.health) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Who a coordinator's support contact can reach: a youth program's guardian too. */
export const SUPPORT_PARTIES = ["mentor", "mentee", "guardian"] as const;
export type SupportParty = (typeof SUPPORT_PARTIES)[number];

/**
 * How often a coordinator must contact a pair. `everyDays` at most between
 * contacts; `firstPeriod`, if set, asks for `contacts` contacts in the match's
 * first `days`, one in each equal slot of it (twice in the first month: one in
 * each half), so they are spread out rather than made on consecutive days.
 */
export interface SupportPolicy {
  everyDays: number;
  firstPeriod?: { days: number; contacts: number };
  /**
   * Who each party's rhythm applies to: every one of them must be reached on
   * time (see `supportDueByParty`). Absent or empty: any contact counts.
   */
  parties?: readonly SupportParty[];
}

export const SUPPORT_POLICIES = {
  /** Best practice for every program: the mentor and the mentee, at least monthly (issue #6). */
  standard: { everyDays: 30, parties: ["mentor", "mentee"] },
  /** Youth programs: the mentor, the mentee and the guardian, twice in the first month, then monthly (issue #8). */
  youth: { everyDays: 30, firstPeriod: { days: 30, contacts: 2 }, parties: ["mentor", "mentee", "guardian"] },
} as const satisfies Record<string, SupportPolicy>;

/**
 * The policy for one pair: a youth program asks for the guardian only where the
 * mentee has one (a guardian consented); an adult mentee in it has none to reach.
 */
export function pairSupportPolicy(policy: SupportPolicy, menteeHasGuardian: boolean): SupportPolicy {
  return { ...policy, parties: (policy.parties ?? []).filter((party) => party !== "guardian" || menteeHasGuardian) };
}

export interface SupportContactDue {
  /** Whether a contact is due now (at or after `dueAt`). */
  due: boolean;
  /** When the next contact is (or was) due. */
  dueAt: number;
  /** Whole days past `dueAt` (0 when not due). */
  daysOverdue: number;
}

/**
 * When the pair's next support contact is due. With no first period, or once
 * the last contact falls after it: `everyDays` after the last contact (or the
 * start). Within the first period: the end of the slot after the one holding the
 * last contact (the end of the first slot without any contact), unless
 * `everyDays` after the last contact comes sooner. Contacts before the match
 * started (during matching) do not count.
 */
export function supportContactDue(lastContactAt: number | null, startedAt: number, now: number, policy: SupportPolicy): SupportContactDue {
  if (!(policy.everyDays > 0)) throw new RangeError(`everyDays must be positive, got ${policy.everyDays}`);
  const last = lastContactAt !== null && lastContactAt >= startedAt ? lastContactAt : null;
  const reference = last ?? startedAt;
  let dueAt = reference + policy.everyDays * DAY_MS;

  const first = policy.firstPeriod;
  if (first) {
    if (!(first.days > 0) || !Number.isInteger(first.contacts) || first.contacts < 1) {
      throw new RangeError("firstPeriod needs positive days and a whole number of contacts");
    }
    const slot = (first.days * DAY_MS) / first.contacts;
    // The slot the next contact must fall in: the first one, or the one after the last contact's.
    const next = last === null ? 0 : Math.floor((last - startedAt) / slot) + 1;
    if (next < first.contacts) dueAt = Math.min(dueAt, startedAt + (next + 1) * slot);
  }

  const due = now >= dueAt;
  return { due, dueAt, daysOverdue: due ? Math.floor((now - dueAt) / DAY_MS) : 0 };
}

/**
 * When a contact logged for a local date counts from: the start of that day,
 * or for a contact on the match's first day the match's start (the day's start
 * falls before it, where contacts count for no one).
 */
export function supportContactAt(contactedOn: string, startedAt: number, timeZone: string): number {
  return contactedOn === localDate(startedAt, timeZone) ? startedAt : startOfLocalDay(contactedOn, timeZone);
}

/** A coordinator's contact with a pair: when, and who was reached. An empty list (contacts logged before this was asked) reached everyone. */
export interface SupportContact {
  at: number;
  parties: readonly string[];
}

export interface PartySupportDue extends SupportContactDue {
  /** Who the next contact must reach: the parties overdue now, or else those due soonest. Empty when the policy names no parties. */
  waitingOn: SupportParty[];
  /** The latest contact with anyone, or null. */
  lastContactAt: number | null;
}

/**
 * When the pair's next support contact is due when each of the policy's
 * parties must be reached on its own rhythm (a call with the mentor alone
 * leaves the mentee and the guardian still due): the soonest of the parties'
 * `supportContactDue`, and who they are.
 */
export function supportDueByParty(contacts: readonly SupportContact[], startedAt: number, now: number, policy: SupportPolicy): PartySupportDue {
  const lastWith = (party: SupportParty | null) =>
    contacts.reduce<number | null>((latest, contact) => {
      const reached = party === null || contact.parties.length === 0 || contact.parties.includes(party);
      return reached && (latest === null || contact.at > latest) ? contact.at : latest;
    }, null);
  const lastContactAt = lastWith(null);
  const parties = policy.parties ?? [];
  if (parties.length === 0) return { ...supportContactDue(lastContactAt, startedAt, now, policy), waitingOn: [], lastContactAt };

  const each = parties.map((party) => ({ party, ...supportContactDue(lastWith(party), startedAt, now, policy) }));
  const dueAt = Math.min(...each.map((entry) => entry.dueAt));
  const due = now >= dueAt;
  const waitingOn = each.filter((entry) => (due ? entry.due : entry.dueAt === dueAt)).map((entry) => entry.party);
  return { due, dueAt, daysOverdue: due ? Math.floor((now - dueAt) / DAY_MS) : 0, waitingOn, lastContactAt };
}
