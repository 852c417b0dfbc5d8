/** Participation: who applied, in which role, how it was decided, and the waitlist. */
import { percent, ratio } from "./numbers.js";

export const ROLES = ["mentor", "mentee"] as const;
export type Role = (typeof ROLES)[number];
export const APPLICATION_STATUSES = ["pending_consent", "submitted", "approved", "waitlisted", "rejected", "withdrawn"] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Applications of one role with one (current) status, submitted in one month. */
export interface ApplicationCountRow {
  period: string;
  role: Role;
  status: ApplicationStatus;
  n: number;
}

export interface Participation {
  /** Applications submitted in the range, whatever became of them. */
  applications: number;
  /** Per role, applications by their current status (every status present, 0 when none). */
  byRole: Record<Role, Record<ApplicationStatus, number>>;
  /** Per month (`YYYY-MM`) of submission, per role and current status; only non-zero rows. */
  byPeriod: ApplicationCountRow[];
  /**
   * Approved ÷ decided (approved + waitlisted + rejected), in percent with one
   * decimal; applications still pending, awaiting consent or withdrawn are not
   * decided. Null when nothing was decided.
   */
  approvalRate: number | null;
  /** Approved mentors and mentees, and mentees per approved mentor (two decimals; null without mentors). */
  approved: { mentors: number; mentees: number; menteesPerMentor: number | null };
  /** Applications waitlisted now, per role. */
  waitlist: { mentors: number; mentees: number; total: number };
}

const emptyStatuses = () => Object.fromEntries(APPLICATION_STATUSES.map((status) => [status, 0])) as Record<ApplicationStatus, number>;

export function participation(rows: readonly ApplicationCountRow[]): Participation {
  const byRole: Record<Role, Record<ApplicationStatus, number>> = { mentor: emptyStatuses(), mentee: emptyStatuses() };
  const merged = new Map<string, ApplicationCountRow>();
  for (const row of rows) {
    if (row.n <= 0) continue;
    byRole[row.role][row.status] += row.n;
    const key = `${row.period}|${row.role}|${row.status}`;
    const seen = merged.get(key);
    if (seen) seen.n += row.n;
    // Only the row's own fields: callers may hand rows that carry more (sums counted in the same pass).
    else merged.set(key, { period: row.period, role: row.role, status: row.status, n: row.n });
  }
  const all = (status: ApplicationStatus) => byRole.mentor[status] + byRole.mentee[status];
  const decided = all("approved") + all("waitlisted") + all("rejected");
  const byPeriod = [...merged.values()].sort((a, b) => a.period.localeCompare(b.period) || ROLES.indexOf(a.role) - ROLES.indexOf(b.role) || APPLICATION_STATUSES.indexOf(a.status) - APPLICATION_STATUSES.indexOf(b.status));
  return {
    applications: APPLICATION_STATUSES.reduce((sum, status) => sum + all(status), 0),
    byRole,
    byPeriod,
    approvalRate: percent(all("approved"), decided),
    approved: { mentors: byRole.mentor.approved, mentees: byRole.mentee.approved, menteesPerMentor: ratio(byRole.mentee.approved, byRole.mentor.approved) },
    waitlist: { mentors: byRole.mentor.waitlisted, mentees: byRole.mentee.waitlisted, total: all("waitlisted") },
  };
}
