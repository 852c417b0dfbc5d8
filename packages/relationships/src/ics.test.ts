import { describe, expect, it } from "vitest";
import { escapeIcsText, foldIcsLine, icsUtcTime, meetingIcs, type MeetingInvite } from "./index.js";

const octets = (line: string) => new TextEncoder().encode(line).length;
/** RFC 5545 §3.1 unfolding: a CRLF followed by one space or tab disappears. */
const unfold = (text: string) => text.replace(/\r\n[ \t]/g, "");

const invite: MeetingInvite = {
  uid: "match-1-3@northbridge.tandem.example",
  start: Date.parse("2026-03-16T17:00:00Z"),
  durationMinutes: 45,
  summary: "Mentoring: Ana & Ben",
  stamp: Date.parse("2026-03-10T09:30:15.250Z"),
};

describe("meetingIcs", () => {
  it("writes a minimal event with CRLF line endings and UTC times", () => {
    expect(meetingIcs(invite)).toBe(
      [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Tandem//Mentoring relationships//EN",
        "CALSCALE:GREGORIAN",
        "BEGIN:VEVENT",
        "UID:match-1-3@northbridge.tandem.example",
        "DTSTAMP:20260310T093015Z",
        "DTSTART:20260316T170000Z",
        "DTEND:20260316T174500Z",
        "SEQUENCE:0",
        "SUMMARY:Mentoring: Ana & Ben",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
      ].join("\r\n"),
    );
  });

  it("escapes commas, semicolons, backslashes and line breaks in texts", () => {
    const text = meetingIcs({
      ...invite,
      summary: "Check-in; goals, plans",
      description: "Bring: CV, notes\\drafts\r\nSecond line\nThird; last",
      location: "Library, room 2; 3rd floor",
    });
    const lines = unfold(text).split("\r\n");
    expect(lines).toContain("SUMMARY:Check-in\\; goals\\, plans");
    expect(lines).toContain("DESCRIPTION:Bring: CV\\, notes\\\\drafts\\nSecond line\\nThird\\; last");
    expect(lines).toContain("LOCATION:Library\\, room 2\\; 3rd floor");
    // No bare line break survives inside a value: every CR is part of a CRLF line ending.
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("folds long lines at 75 octets without splitting a character, and unfolds back to the original", () => {
    const description = `${"Réunion à la bibliothèque 📚, ".repeat(8)}fin`;
    const text = meetingIcs({ ...invite, description });
    const physical = text.split("\r\n");
    for (const line of physical) expect(octets(line), line).toBeLessThanOrEqual(75);
    const folded = physical.filter((line) => line.startsWith(" "));
    expect(folded.length).toBeGreaterThan(2);
    expect(physical.some((line) => octets(line) === 75 || octets(line) === 74)).toBe(true);
    expect(text).not.toContain("\uFFFD");
    expect(unfold(text).split("\r\n")).toContain(`DESCRIPTION:${escapeIcsText(description)}`);
  });

  it("uses the meeting link as the location when there is none, and lists organizer and attendees", () => {
    const text = unfold(
      meetingIcs({
        ...invite,
        url: "https://meet.example.org/abc-defg-hij?pwd=1,2;3",
        organizer: { email: "coordinator@northbridge.edu", name: "Northbridge Mentoring" },
        attendees: [{ email: "ana@example.org", name: 'Ana "Nan" Lopez' }, { email: "ben@example.org" }],
        sequence: 2,
      }),
    );
    const lines = text.split("\r\n");
    expect(lines).toContain("LOCATION:https://meet.example.org/abc-defg-hij?pwd=1\\,2\\;3");
    expect(lines).toContain("URL:https://meet.example.org/abc-defg-hij?pwd=1,2;3");
    expect(lines).toContain('ORGANIZER;CN="Northbridge Mentoring":mailto:coordinator@northbridge.edu');
    expect(lines).toContain('ATTENDEE;CN="Ana Nan Lopez";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:ana@example.org');
    expect(lines).toContain("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:ben@example.org");
    expect(lines).toContain("SEQUENCE:2");
  });

  it("keeps a place given as text even with a meeting link", () => {
    const lines = meetingIcs({ ...invite, url: "https://meet.example.org/x", location: "Café Nord" }).split("\r\n");
    expect(lines).toContain("LOCATION:Café Nord");
  });

  it("refuses what would break the file", () => {
    expect(() => meetingIcs({ ...invite, uid: "a\r\nX-INJECTED:1" })).toThrow(RangeError);
    expect(() => meetingIcs({ ...invite, uid: " " })).toThrow(RangeError);
    expect(() => meetingIcs({ ...invite, url: "https://meet.example.org/x\r\nX:1" })).toThrow(RangeError);
    expect(() => meetingIcs({ ...invite, url: "javascript:alert(1)" })).toThrow(RangeError);
    expect(() => meetingIcs({ ...invite, organizer: { email: "not an email" } })).toThrow(RangeError);
    expect(() => meetingIcs({ ...invite, attendees: [{ email: "a@b.c\nX:1" }] })).toThrow(RangeError);
    expect(() => meetingIcs({ ...invite, durationMinutes: 0 })).toThrow(RangeError);
    expect(() => meetingIcs({ ...invite, durationMinutes: 2.5 })).toThrow(RangeError);
    expect(() => meetingIcs({ ...invite, start: Number.NaN })).toThrow(RangeError);
  });
});

describe("ICS helpers", () => {
  it("escape the four special cases and drop other control characters", () => {
    expect(escapeIcsText("a,b;c\\d\ne\r\nf\rg\u0007h\ti")).toBe("a\\,b\\;c\\\\d\\ne\\nf\\ng" + "h\ti");
  });

  it("leave short lines alone and fold at exactly 75 octets", () => {
    expect(foldIcsLine("X".repeat(75))).toBe("X".repeat(75));
    expect(foldIcsLine("X".repeat(76))).toBe(`${"X".repeat(75)}\r\n X`);
    expect(foldIcsLine("X".repeat(75 + 74 + 1))).toBe(`${"X".repeat(75)}\r\n ${"X".repeat(74)}\r\n X`);
  });

  it("move a multi-byte character whole to the next line", () => {
    // 74 ASCII octets, then "é" (2 octets) would make 76.
    expect(foldIcsLine(`${"X".repeat(74)}é`)).toBe(`${"X".repeat(74)}\r\n é`);
    // An emoji is 4 octets and two UTF-16 units; it must not be cut between them.
    const line = `${"X".repeat(73)}😀Y`;
    expect(foldIcsLine(line)).toBe(`${"X".repeat(73)}\r\n 😀Y`);
  });

  it("write UTC times to the second", () => {
    expect(icsUtcTime(Date.parse("2026-01-02T03:04:05.999Z"))).toBe("20260102T030405Z");
  });
});
