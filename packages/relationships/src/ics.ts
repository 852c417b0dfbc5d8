/**
 * A pair's next meeting as an RFC 5545 calendar file (issue #6: "an `.ics`
 * invite can be downloaded for the next meeting").
 *
 * The file has no METHOD: it is a calendar object to import, not an iTIP
 * request, so calendars add it without treating the download as an invitation
 * to answer. Times are UTC (`Z`), which every client converts to its own zone.
 */

export interface IcsPerson {
  email: string;
  name?: string;
}

export interface MeetingInvite {
  /** Globally unique and stable for this meeting (e.g. `<match id>-<n>@<tenant host>`): re-importing updates the event. */
  uid: string;
  /** Start (ms). */
  start: number;
  durationMinutes: number;
  summary: string;
  description?: string;
  /** A place, as text. */
  location?: string;
  /** The pair's meeting link (video); also used as the location when there is none. */
  url?: string;
  organizer?: IcsPerson;
  attendees?: readonly IcsPerson[];
  /** When the file was made (ms): the DTSTAMP. Passed in to keep this pure. */
  stamp: number;
  /** Bump when the same meeting (same uid) changes, so calendars take the update. Default 0. */
  sequence?: number;
}

const CRLF = "\r\n";
const MAX_LINE_OCTETS = 75;
const PRODID = "-//Tandem//Mentoring relationships//EN";

/**
 * RFC 5545 §3.3.11: backslash, semicolon and comma are escaped; every line break
 * becomes `\n`; other control characters (which TEXT cannot hold) are dropped, tabs kept.
 */
export function escapeIcsText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
}

/**
 * RFC 5545 §3.1: lines longer than 75 octets (UTF-8) are folded with CRLF and a
 * space. A fold never splits a character's UTF-8 bytes, and the leading space
 * counts towards the continuation line's 75.
 */
export function foldIcsLine(line: string): string {
  const encoder = new TextEncoder();
  const lines: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    const limit = lines.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > limit) {
      lines.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join(`${CRLF} `);
}

/** `20260315T170000Z` */
export function icsUtcTime(instant: number): string {
  if (!Number.isFinite(instant)) throw new RangeError(`a time must be finite, got ${instant}`);
  return new Date(Math.floor(instant / 1000) * 1000).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
}

/** Control characters (tabs included) have no place in a single-line value. */
const CONTROL = /[\u0000-\u001f\u007f]/;

function requireLine(value: string, name: string): string {
  if (CONTROL.test(value)) throw new RangeError(`${name} must be one line without control characters`);
  return value;
}

/** A CN parameter value: quoted, with the one character a quoted value cannot hold (") dropped. */
function commonName(name: string): string {
  return `"${name.replace(/[\u0000-\u001f\u007f"]/g, "").trim()}"`;
}

function calAddress(person: IcsPerson, name: string): string {
  const email = requireLine(person.email.trim(), `${name} email`);
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new RangeError(`${name} email must be an email address`);
  return `mailto:${email}`;
}

function personLine(property: "ORGANIZER" | "ATTENDEE", person: IcsPerson): string {
  const params = person.name?.trim() ? [`CN=${commonName(person.name)}`] : [];
  if (property === "ATTENDEE") params.push("ROLE=REQ-PARTICIPANT", "PARTSTAT=NEEDS-ACTION");
  return `${[property, ...params].join(";")}:${calAddress(person, property.toLowerCase())}`;
}

/** The `.ics` text of one meeting: CRLF line endings, folded lines, escaped texts. Serve it as `text/calendar; charset=utf-8`. */
export function meetingIcs(invite: MeetingInvite): string {
  const uid = requireLine(invite.uid.trim(), "uid");
  if (uid === "") throw new RangeError("uid must not be empty");
  if (!Number.isInteger(invite.durationMinutes) || invite.durationMinutes <= 0) throw new RangeError(`durationMinutes must be a positive whole number, got ${invite.durationMinutes}`);
  const sequence = invite.sequence ?? 0;
  if (!Number.isInteger(sequence) || sequence < 0) throw new RangeError(`sequence must be a whole number ≥ 0, got ${sequence}`);
  const url = invite.url === undefined ? undefined : requireLine(invite.url.trim(), "url");
  if (url !== undefined && !/^https?:\/\/\S+$/i.test(url)) throw new RangeError("url must be an http(s) address");

  const location = invite.location?.trim() ? invite.location.trim() : url;
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${PRODID}`,
    "CALSCALE:GREGORIAN",
    "BEGIN:VEVENT",
    `UID:${uid}`,
    `DTSTAMP:${icsUtcTime(invite.stamp)}`,
    `DTSTART:${icsUtcTime(invite.start)}`,
    `DTEND:${icsUtcTime(invite.start + invite.durationMinutes * 60_000)}`,
    `SEQUENCE:${sequence}`,
    `SUMMARY:${escapeIcsText(invite.summary)}`,
    ...(invite.description ? [`DESCRIPTION:${escapeIcsText(invite.description)}`] : []),
    ...(location ? [`LOCATION:${escapeIcsText(location)}`] : []),
    ...(url ? [`URL:${url}`] : []),
    ...(invite.organizer ? [personLine("ORGANIZER", invite.organizer)] : []),
    ...(invite.attendees ?? []).map((attendee) => personLine("ATTENDEE", attendee)),
    "STATUS:CONFIRMED",
    "TRANSP:OPAQUE",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}
