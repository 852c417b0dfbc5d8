/**
 * Match monitoring for the compliance report (issue #8): coordinator contacts
 * made in each month of a match against what the program requires (youth:
 * twice in the first month, then monthly; otherwise monthly).
 */
import { addMonths } from "./dates.js";

/**
 * A coordinator's contact: its local date, and who was reached. A bare date, or
 * an empty list (contacts logged before this was asked), counts for everyone.
 */
export type MonitoringContact = string | { on: string; parties: readonly string[] };

/** Who a coordinator keeps in touch with: in youth programs the guardian too. */
export const MONITORED_PARTIES = { youth: ["mentor", "mentee", "guardian"], standard: ["mentor", "mentee"] } as const;

export interface MonitoringMonth {
  /** 1 for the match's first month. */
  index: number;
  /** First local date of the month of the match, inclusive. */
  from: string;
  /** First local date after it (exclusive). */
  to: string;
  required: number;
  /** Contacts that count: the fewest any one required party had (each of mentor, mentee — and guardian — must be reached). */
  made: number;
  /** Contacts in the month with each party. */
  byParty: Record<string, number>;
  met: boolean;
  /** The month has not ended yet: not met is not yet a miss. */
  inProgress: boolean;
}

export interface MonitoringSummary {
  months: MonitoringMonth[];
  /** Ended months with fewer contacts than required. */
  missedMonths: number;
}

/**
 * Months of a match from `startedOn` until `until` (today, or the close date),
 * each with the contacts made in it (local dates). `parties`: who must be
 * reached, by default the program's (a youth pair whose mentee has no guardian
 * passes the standard two).
 */
export function monitoringByMonth(
  startedOn: string,
  until: string,
  contacts: readonly MonitoringContact[],
  youth: boolean,
  parties: readonly string[] = youth ? MONITORED_PARTIES.youth : MONITORED_PARTIES.standard,
): MonitoringSummary {
  const normalised = contacts.map((contact) => (typeof contact === "string" ? { on: contact, parties: [] as readonly string[] } : contact));
  const months: MonitoringMonth[] = [];
  for (let index = 1; ; index++) {
    const from = addMonths(startedOn, index - 1);
    if (from > until) break;
    const to = addMonths(startedOn, index);
    const required = youth && index === 1 ? 2 : 1;
    const inMonth = normalised.filter((contact) => contact.on >= from && contact.on < to);
    const byParty = Object.fromEntries(parties.map((party) => [party, inMonth.filter((contact) => contact.parties.length === 0 || contact.parties.includes(party)).length]));
    const made = Math.min(...Object.values(byParty));
    const inProgress = to > until;
    months.push({ index, from, to, required, made, byParty, met: made >= required, inProgress });
    if (index > 600) break; // 50 years: a guard against a bad date, not a real limit
  }
  return { months, missedMonths: months.filter((month) => !month.met && !month.inProgress).length };
}
