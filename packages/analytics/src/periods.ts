/**
 * Periods of a report, in the institution's time zone: calendar months
 * (`YYYY-MM`) or ISO weeks, Monday to Sunday, labelled by their Monday's date
 * (`YYYY-MM-DD`). Also the zone's UTC offsets over a stretch of time, so the
 * database can put a timestamp in its local day exactly across DST changes.
 */
import { addDays, DAY_MS, isIsoDate, localParts, MINUTE_MS, startOfLocalDay } from "@tandem/relationships";

export const PERIODS = ["month", "week"] as const;
export type Period = (typeof PERIODS)[number];

const MONTH = /^(\d{4})-(\d{2})$/;

/** The month (`YYYY-MM`) of a `YYYY-MM-DD` date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

/** The month after `month`. */
export function nextMonth(month: string): string {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`not a month: ${month}`);
  const [year, number] = [Number(match[1]), Number(match[2])];
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, "0")}`;
}

/** Every month from `first` to `last` inclusive (empty when `last` is before `first`). */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let month = first; month <= last && months.length < 1200; month = nextMonth(month)) months.push(month);
  return months;
}

/** The month's instants `[start, end)`: from its first local midnight to the next month's. */
export function monthBounds(month: string, timeZone: string): [number, number] {
  return [startOfLocalDay(`${month}-01`, timeZone), startOfLocalDay(`${nextMonth(month)}-01`, timeZone)];
}

/** A date range's instants `[start, end)`: `from`'s local midnight to the midnight after `to`. */
export function rangeBounds(from: string, to: string, timeZone: string): [number, number] {
  return [startOfLocalDay(from, timeZone), startOfLocalDay(addDays(to, 1), timeZone)];
}

/** The Monday (`YYYY-MM-DD`) of the ISO week holding `date`: weeks run Monday to Sunday, across month and year ends. */
export function weekOf(date: string): string {
  if (!isIsoDate(date)) throw new RangeError(`not a date: ${date}`);
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

/** The period (`YYYY-MM` or a Monday's `YYYY-MM-DD`) holding the local date `date`. */
export function periodOf(date: string, period: Period): string {
  return period === "month" ? monthOf(date) : weekOf(date);
}

/** Every period from the one holding `first` to the one holding `last` (dates or labels), oldest first; empty when `last` is earlier. */
export function periodsBetween(first: string, last: string, period: Period): string[] {
  if (period === "month") return monthsBetween(monthOf(first), monthOf(last));
  const weeks: string[] = [];
  const end = weekOf(last);
  for (let week = weekOf(first); week <= end && weeks.length < 5300; week = addDays(week, 7)) weeks.push(week);
  return weeks;
}

/** A period's instants `[start, end)`: from its first local midnight to the next period's (a week in a DST change is an hour shorter or longer). */
export function periodBounds(label: string, period: Period, timeZone: string): [number, number] {
  if (period === "month") return monthBounds(label, timeZone);
  return [startOfLocalDay(label, timeZone), startOfLocalDay(addDays(label, 7), timeZone)];
}

/** From `from` (ms) on, the zone is `offsetMs` ahead of UTC, until the next segment's `from`. */
export interface OffsetSegment {
  from: number;
  offsetMs: number;
}

const WEEK_MS = 7 * DAY_MS;
const offsetAt = (instant: number, timeZone: string) => localParts(instant, timeZone).offsetMinutes * MINUTE_MS;

/**
 * The zone's UTC offsets over `[start, end]`, oldest first: the first segment
 * holds at `start` (and, for the database, before it), each later one from the
 * instant of a change to the minute. Zones change offset at most a few times a
 * year, never twice in a week, so the stretch is walked a week at a time and
 * each change found by halving. A zone without DST gives one segment.
 */
export function offsetSegments(start: number, end: number, timeZone: string): OffsetSegment[] {
  const segments: OffsetSegment[] = [{ from: start, offsetMs: offsetAt(start, timeZone) }];
  for (let at = start; at < end; ) {
    const next = Math.min(at + WEEK_MS, end);
    const offset = offsetAt(next, timeZone);
    if (offset !== segments[segments.length - 1]!.offsetMs) {
      // The change is in (at, next], on a whole minute: halve on whole minutes until `high` is that minute.
      let low = Math.floor(at / MINUTE_MS) * MINUTE_MS;
      let high = Math.ceil(next / MINUTE_MS) * MINUTE_MS;
      while (high - low > MINUTE_MS) {
        const middle = low + Math.floor((high - low) / MINUTE_MS / 2) * MINUTE_MS;
        if (offsetAt(middle, timeZone) === offset) high = middle;
        else low = middle;
      }
      segments.push({ from: high, offsetMs: offset });
    }
    at = next;
  }
  return segments;
}

/** The local date of `instant` by `segments` (the instant's own segment; the first one before them all). */
export function localDateBySegments(instant: number, segments: readonly OffsetSegment[]): string {
  let offset = segments[0]!.offsetMs;
  for (const segment of segments) if (instant >= segment.from) offset = segment.offsetMs;
  return new Date(instant + offset).toISOString().slice(0, 10);
}
