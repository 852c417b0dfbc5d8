/**
 * Calendar arithmetic on ISO `YYYY-MM-DD` strings, done in UTC so that the
 * host's time zone can never shift a date by one day.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Parses a `YYYY-MM-DD` string, rejecting impossible dates such as 2026-02-30. */
export function parseIsoDate(isoDate: string): Date {
  const match = ISO_DATE.exec(isoDate);
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    // Date.UTC silently rolls 2026-02-30 over to March; a round trip catches it.
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) {
      return date;
    }
  }
  throw new RangeError(`Expected a real calendar date as YYYY-MM-DD, got "${isoDate}"`);
}

export function formatIsoDate(date: Date): string {
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  const month = String(date.getUTCMonth() + 1).padStart(2, "0");
  const day = String(date.getUTCDate()).padStart(2, "0");
  return `${year}-${month}-${day}`;
}

export function addDays(isoDate: string, days: number): string {
  return formatIsoDate(new Date(parseIsoDate(isoDate).getTime() + days * MS_PER_DAY));
}

export function daysBetween(fromIsoDate: string, toIsoDate: string): number {
  return Math.round((parseIsoDate(toIsoDate).getTime() - parseIsoDate(fromIsoDate).getTime()) / MS_PER_DAY);
}

/** The same calendar day `years` earlier; 29 February becomes 28 February in a common year. */
export function subtractYears(isoDate: string, years: number): string {
  const date = parseIsoDate(isoDate);
  const year = date.getUTCFullYear() - years;
  const month = date.getUTCMonth();
  const lastDayOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return formatIsoDate(new Date(Date.UTC(year, month, Math.min(date.getUTCDate(), lastDayOfMonth))));
}

/** Completed years of age on `onIsoDate`; someone born on 29 February turns a year older on 1 March in common years. */
export function ageOn(birthIsoDate: string, onIsoDate: string): number {
  const birth = parseIsoDate(birthIsoDate);
  const on = parseIsoDate(onIsoDate);
  const years = on.getUTCFullYear() - birth.getUTCFullYear();
  const birthdayNotYetReached =
    on.getUTCMonth() < birth.getUTCMonth() || (on.getUTCMonth() === birth.getUTCMonth() && on.getUTCDate() < birth.getUTCDate());
  return birthdayNotYetReached ? years - 1 : years;
}

/** The instant `hour:minute` UTC on `isoDate`, as an ISO string (`2026-09-14T15:30:00.000Z`). */
export function instantOn(isoDate: string, hour: number, minute: number): string {
  parseIsoDate(isoDate);
  if (!Number.isInteger(hour) || hour < 0 || hour > 23 || !Number.isInteger(minute) || minute < 0 || minute > 59) {
    throw new RangeError(`Expected a time of day, got ${hour}:${minute}`);
  }
  return `${isoDate}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00.000Z`;
}
