/**
 * Periods of a report, in the institution's time zone: calendar months
 * (`YYYY-MM`) or ISO weeks, Monday to Sunday, labelled by their Monday's date
 * (`YYYY-MM-DD`). Also the zone's UTC offsets over a stretch of time, so the
 * database can put a timestamp in its local day exactly across DST changes,
 * and the limits of a report's date range (`checkRange`).
 */
import { addDays, DAY_MS, isIsoDate, localParts, MINUTE_MS, startOfLocalDay } from "@tandem/relationships";

export const PERIODS = ["month", "week"] as const;
export type Period = (typeof PERIODS)[number];

const MONTH = /^(\d{4})-(\d{2})$/;
const WEEK_MS = 7 * DAY_MS;

// ── The range a report may cover ───────────────────────────────────────────

/** A report's first and last days are on or after this day. */
export const EARLIEST_REPORT_DATE = "2000-01-01";
/** A report covers at most this many years: `from` is on or after the same date this many years before `to`. */
export const MAX_REPORT_YEARS = 10;
/** A report ends at most this many years after today. */
export const MAX_YEARS_AHEAD = 1;
/**
 * The most periods the helpers list: more than the longest range `checkRange`
 * lets through (MAX_REPORT_YEARS years and a period at each end). Asked for
 * more, they throw rather than cut the list short.
 */
export const MAX_PERIODS: Record<Period, number> = { month: 12 * (MAX_REPORT_YEARS + 1), week: 53 * (MAX_REPORT_YEARS + 1) };
/** The longest stretch `offsetSegments` walks: a report's range, and the five years before its end a report without `from` looks back over. */
const MAX_OFFSET_SPAN_MS = (MAX_REPORT_YEARS + 6) * 366 * DAY_MS;

/** `date` moved by whole years; 29 February becomes the 28th in a year without one. */
export function addYears(date: string, years: number): string {
  if (!isIsoDate(date)) throw new RangeError(`not a date: ${date}`);
  const moved = `${String(Number(date.slice(0, 4)) + years).padStart(4, "0")}${date.slice(4)}`;
  if (isIsoDate(moved)) return moved;
  const leap = moved.replace(/-02-29$/, "-02-28");
  if (!isIsoDate(leap)) throw new RangeError(`${date} moved by ${years} years is not a date`);
  return leap;
}

export type RangeField = "from" | "to";
export interface RangeProblem {
  field: RangeField;
  message: string;
}

/**
 * What is wrong with a report's range, per field (empty when nothing is):
 * both days in 2000 or later; `to` at most a year after today; `from` not
 * after `to` — or, without `to`, not after today, its default — and at most
 * ten years before it. `today` is the institution's local date; null checks
 * only what needs no clock (a request's own fields, before its institution is
 * known). Dates are valid `YYYY-MM-DD` (the API's schema checked them).
 */
export function checkRange(from: string | null, to: string | null, today: string | null): RangeProblem[] {
  const problems: RangeProblem[] = [];
  const early = (date: string | null) => date !== null && date < EARLIEST_REPORT_DATE;
  if (early(from)) problems.push({ field: "from", message: `must be in ${EARLIEST_REPORT_DATE.slice(0, 4)} or later` });
  if (early(to)) problems.push({ field: "to", message: `must be in ${EARLIEST_REPORT_DATE.slice(0, 4)} or later` });
  const latest = today === null ? null : addYears(today, MAX_YEARS_AHEAD);
  if (to !== null && latest !== null && to > latest) problems.push({ field: "to", message: `must be at most a year after today: ${latest} or earlier` });
  // `from` against the range's end: `to`, or today when `to` is left out (and only when that end is itself fine).
  const end = to ?? today;
  if (from === null || end === null || early(from) || problems.some((problem) => problem.field === "to")) return problems;
  const endName = to !== null ? "to" : `today (${today}), the default for to`;
  if (from > end) problems.push({ field: "from", message: `must not be after ${endName}` });
  else if (from < addYears(end, -MAX_REPORT_YEARS)) {
    problems.push({ field: "from", message: `must be at most ${MAX_REPORT_YEARS} years before ${endName}: ${addYears(end, -MAX_REPORT_YEARS)} or later` });
  }
  return problems;
}

// ── Periods ────────────────────────────────────────────────────────────────

const tooMany = (count: number, period: Period, first: string, last: string) =>
  new RangeError(`${first} to ${last} has ${count} ${period}s, more than the ${MAX_PERIODS[period]} a report may have`);

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

/** Every month from `first` to `last` inclusive (empty when `last` is before `first`); throws for more than `MAX_PERIODS.month`. */
export function monthsBetween(first: string, last: string): string[] {
  const index = (month: string) => {
    const match = MONTH.exec(month);
    if (!match) throw new RangeError(`not a month: ${month}`);
    return Number(match[1]) * 12 + Number(match[2]) - 1;
  };
  const count = index(last) - index(first) + 1;
  if (count > MAX_PERIODS.month) throw tooMany(count, "month", first, last);
  const months: string[] = [];
  for (let month = first; months.length < count; month = nextMonth(month)) months.push(month);
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

/**
 * Every period from the one holding `first` to the one holding `last` (dates
 * or labels), oldest first; empty when `last` is earlier. Throws for more than
 * `MAX_PERIODS` (never a list cut short).
 */
export function periodsBetween(first: string, last: string, period: Period): string[] {
  if (period === "month") return monthsBetween(monthOf(first), monthOf(last));
  const [start, end] = [weekOf(first), weekOf(last)];
  const count = Math.max(0, Math.round((Date.parse(end) - Date.parse(start)) / WEEK_MS) + 1);
  if (count > MAX_PERIODS.week) throw tooMany(count, "week", first, last);
  const weeks: string[] = [];
  for (let week = start; weeks.length < count; week = addDays(week, 7)) weeks.push(week);
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

const offsetAt = (instant: number, timeZone: string) => localParts(instant, timeZone).offsetMinutes * MINUTE_MS;

/**
 * The zone's UTC offsets over `[start, end]`, oldest first: the first segment
 * holds at `start` (and, for the database, before it), each later one from the
 * instant of a change to the minute. Zones change offset at most a few times a
 * year, never twice in a week, so the stretch is walked a week at a time and
 * each change found by halving. A zone without DST gives one segment.
 * Throws for a stretch longer than a report can need (16 years), whose walk
 * would only burn time.
 */
export function offsetSegments(start: number, end: number, timeZone: string): OffsetSegment[] {
  if (end - start > MAX_OFFSET_SPAN_MS) throw new RangeError(`the stretch from ${new Date(start).toISOString()} to ${new Date(end).toISOString()} is longer than a report can cover`);
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
