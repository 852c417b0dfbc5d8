/**
 * Calendar dates as ISO `YYYY-MM-DD` strings, computed in UTC so that the
 * host's time zone can never move a date by one day.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a `YYYY-MM-DD` string, whether or not the day exists. */
export function hasIsoDateShape(value: string): boolean {
  return ISO_DATE.test(value);
}

/** The date at UTC midnight, or null for anything but a real calendar date (2026-02-30 is not one). */
export function parseIsoDate(value: string): Date | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC silently rolls 2026-02-30 over to March; the round trip catches it.
  date.setUTCFullYear(year); // years 0–99 would otherwise be read as 1900–1999
  const isSameDay = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return isSameDay ? date : null;
}

export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== null;
}

/** Like parseIsoDate, for dates our callers supply (e.g. `today`): a bad one is a bug, so it throws. */
export function requireIsoDate(value: string, name: string): Date {
  const date = parseIsoDate(value);
  if (date === null) throw new RangeError(`${name} must be a real calendar date as YYYY-MM-DD, got "${value}"`);
  return date;
}

/**
 * Completed years of age on `onDate`. Someone born on 29 February turns a year
 * older on 1 March in common years, as in most jurisdictions' reading of age.
 */
export function ageOn(birthDate: Date, onDate: Date): number {
  const years = onDate.getUTCFullYear() - birthDate.getUTCFullYear();
  const birthdayNotYetReached =
    onDate.getUTCMonth() < birthDate.getUTCMonth() ||
    (onDate.getUTCMonth() === birthDate.getUTCMonth() && onDate.getUTCDate() < birthDate.getUTCDate());
  return birthdayNotYetReached ? years - 1 : years;
}

export function formatIsoDate(date: Date): string {
  const year = String(date.getUTCFullYear()).padStart(4, "0");
  const month = String(date.getUTCMonth() + 1).padStart(2, "0");
  const day = String(date.getUTCDate()).padStart(2, "0");
  return `${year}-${month}-${day}`;
}

/**
 * The last birth date of someone who is at least `years` old on `onDate`:
 * people born after it are younger. 29 February becomes 28 February in a
 * common year, so it agrees with ageOn.
 */
export function latestBirthDateForAge(onDate: Date, years: number): Date {
  const year = onDate.getUTCFullYear() - years;
  const month = onDate.getUTCMonth();
  const lastDayOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const date = new Date(Date.UTC(year, month, Math.min(onDate.getUTCDate(), lastDayOfMonth)));
  date.setUTCFullYear(year);
  return date;
}
