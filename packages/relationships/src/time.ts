/**
 * Local time in a tenant's IANA time zone, with nothing but `Intl.DateTimeFormat`:
 * what an instant looks like on the wall there, the instant of a wall-clock time
 * there (across DST changes), quiet hours and the next moment a reminder may go.
 *
 * Instants are milliseconds since the epoch (as in the database); calendar dates
 * are ISO `YYYY-MM-DD` strings, and their arithmetic is done in UTC so the host's
 * own zone never moves a date.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** No reminder is sent from 21:00 until 08:00 local time (issue #6). */
export const QUIET_HOURS = { startHour: 21, endHour: 8 } as const;

export interface LocalParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  /** 0–23 */
  hour: number;
  minute: number;
  second: number;
  /** The local calendar date, `YYYY-MM-DD`. */
  date: string;
  /** Minutes the zone is ahead of UTC at that instant (Asia/Kolkata: 330, America/Los_Angeles in winter: -480). */
  offsetMinutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone: building one is far slower than using it, and the cron formats many instants. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws a RangeError for a zone the runtime does not know: a bad zone is a bug, not a reason to send at night.
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function requireInstant(instant: number): void {
  if (!Number.isFinite(instant)) throw new RangeError(`instant must be a finite number of milliseconds, got ${instant}`);
}

/** The zone's offset from UTC at `instant` (ms), straight from Intl: slow, so only for `offsetMs`'s cache. */
function intlOffsetMs(instant: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  const hour = fields.hour === 24 ? 0 : fields.hour; // some engines still print midnight as 24 despite h23
  const wall = Date.UTC(fields.year, fields.month - 1, fields.day, hour, fields.minute, fields.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** Per zone, per UTC hour: the offset that holds for the whole hour, or null for an hour with a change in it. */
const offsetCache = new Map<string, Map<number, number | null>>();
const OFFSET_CACHE_HOURS = 20_000;

/**
 * The zone's offset at `instant` (ms). Zones change offset on whole minutes and
 * never twice in an hour, so an hour whose first and last seconds share an
 * offset has it throughout; that is remembered, which turns the cron's many
 * conversions into arithmetic. Hours with a change in them ask Intl each time.
 */
function offsetMs(instant: number, timeZone: string): number {
  let hours = offsetCache.get(timeZone);
  if (!hours) {
    hours = new Map();
    offsetCache.set(timeZone, hours);
  }
  const hour = Math.floor(instant / HOUR_MS);
  let offset = hours.get(hour);
  if (offset === undefined) {
    const first = intlOffsetMs(hour * HOUR_MS, timeZone);
    const last = intlOffsetMs(hour * HOUR_MS + HOUR_MS - 1000, timeZone);
    offset = first === last ? first : null;
    if (hours.size >= OFFSET_CACHE_HOURS) hours.clear();
    hours.set(hour, offset);
  }
  return offset ?? intlOffsetMs(instant, timeZone);
}

/** What the wall clock shows in `timeZone` at `instant`. */
export function localParts(instant: number, timeZone: string): LocalParts {
  requireInstant(instant);
  const offset = offsetMs(instant, timeZone);
  const wall = new Date(instant + offset);
  const [year, month, day] = [wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate()];
  return {
    year,
    month,
    day,
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
    date: isoDate(year, month, day),
    offsetMinutes: Math.round(offset / MINUTE_MS),
  };
}

/** The local calendar date at `instant` in `timeZone`. */
export function localDate(instant: number, timeZone: string): string {
  return localParts(instant, timeZone).date;
}

/**
 * The instant the wall clock in `timeZone` shows `date` at `hour:minute`.
 * Around DST changes this follows Temporal's "compatible" rule: a time that
 * happens twice (clocks go back) is its first occurrence; a time that does not
 * exist (clocks go forward) is moved forward by the gap (02:30 → 03:30).
 */
export function zonedInstant(date: string, hour: number, minute: number, timeZone: string): number {
  const { year, month, day } = requireDate(date, "date");
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`hour must be 0–23, got ${hour}`);
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) throw new RangeError(`minute must be 0–59, got ${minute}`);
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Zones change offset at most once in any two days, so the offsets a day either side are the two that can apply.
  const offsetBefore = localParts(wall - DAY_MS, timeZone).offsetMinutes;
  const offsetAfter = localParts(wall + DAY_MS, timeZone).offsetMinutes;
  const shows = (instant: number) => {
    const parts = localParts(instant, timeZone);
    return parts.date === date && parts.hour === hour && parts.minute === minute;
  };
  const candidates = [wall - offsetBefore * MINUTE_MS, wall - offsetAfter * MINUTE_MS].filter(shows).sort((a, b) => a - b);
  if (candidates.length > 0) return candidates[0];
  // In a gap: read the wall time with the offset from before the change, which lands after the gap.
  return wall - offsetBefore * MINUTE_MS;
}

/** The first instant of a local calendar day (usually 00:00; later where midnight falls in a DST gap). */
export function startOfLocalDay(date: string, timeZone: string): number {
  return zonedInstant(date, 0, 0, timeZone);
}

/** True from 21:00 until 08:00 local time. */
export function isQuietHour(instant: number, timeZone: string): boolean {
  const { hour } = localParts(instant, timeZone);
  return hour >= QUIET_HOURS.startHour || hour < QUIET_HOURS.endHour;
}

/** `instant` itself outside quiet hours; otherwise the next 08:00 local time. */
export function nextSendTime(instant: number, timeZone: string): number {
  const { hour, date } = localParts(instant, timeZone);
  if (hour >= QUIET_HOURS.endHour && hour < QUIET_HOURS.startHour) return instant;
  const day = hour >= QUIET_HOURS.startHour ? addDays(date, 1) : date;
  return zonedInstant(day, QUIET_HOURS.endHour, 0, timeZone);
}

/** 08:00 local on the day after `instant`'s local date: when a person who already had today's email may get the next. */
export function nextLocalMorning(instant: number, timeZone: string): number {
  return zonedInstant(addDays(localDate(instant, timeZone), 1), QUIET_HOURS.endHour, 0, timeZone);
}

// Calendar dates, as day numbers (days since 1970-01-01) underneath: pure arithmetic, no Date objects.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Day numbers of dates already read: the cron reads the same few program and target dates over and over. */
const dayNumbers = new Map<string, number>();

/** The day number of a real `YYYY-MM-DD` date, or null. */
function dayNumber(value: string): number | null {
  const known = dayNumbers.get(value);
  if (known !== undefined) return known;
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > (month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1])) return null;
  // Days from civil (H. Hinnant): exact for every proleptic Gregorian date.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  const number = era * 146_097 + dayOfEra - 719_468;
  if (dayNumbers.size >= 10_000) dayNumbers.clear();
  dayNumbers.set(value, number);
  return number;
}

/** The `YYYY-MM-DD` of a day number (civil from days, H. Hinnant). */
function fromDayNumber(number: number): string {
  const z = number + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return isoDate(yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day);
}

/** A `YYYY-MM-DD` string that names a real day (2026-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  return dayNumber(value) !== null;
}

function requireDayNumber(value: string, name: string): number {
  const number = dayNumber(value);
  if (number === null) throw new RangeError(`${name} must be a real calendar date as YYYY-MM-DD, got "${value}"`);
  return number;
}

function requireDate(value: string, name: string): { year: number; month: number; day: number } {
  requireDayNumber(value, name);
  return { year: Number(value.slice(0, 4)), month: Number(value.slice(5, 7)), day: Number(value.slice(8, 10)) };
}

/** `date` moved by `days` calendar days (negative: back). */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`days must be a whole number, got ${days}`);
  return fromDayNumber(requireDayNumber(date, "date") + days);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return requireDayNumber(to, "to") - requireDayNumber(from, "from");
}
