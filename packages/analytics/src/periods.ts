/** Calendar months as periods: `YYYY-MM`, in the institution's time zone. */
import { addDays, startOfLocalDay } from "@tandem/relationships";

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
