import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  CHECKIN_ANSWERS,
  CHECKIN_DURATIONS,
  checkinChoices,
  checkinLinkExpiry,
  checkinLinkPayload,
  CheckinPayloadSchema,
  parseCheckinPayload,
  type CheckinPayload,
} from "./index.js";

const ISSUED = Date.parse("2026-03-16T15:00:00Z");
const EXPIRES = checkinLinkExpiry(ISSUED);
const link = {
  tenantId: "tenant-1",
  matchId: "0b6e4f00-0000-4000-8000-000000000001",
  personId: "9f1c2d3e-0000-4000-8000-000000000002",
  linkId: "Lk_7d2f-a",
  expiresAt: EXPIRES,
};

describe("check-in answers", () => {
  it("are met (with a duration), not yet and need help", () => {
    expect(CHECKIN_ANSWERS).toEqual(["met", "not_yet", "need_help"]);
    expect(CHECKIN_DURATIONS).toEqual([15, 30, 45, 60, 90]);
  });

  it("expire 14 days after the email was made", () => {
    expect(EXPIRES - ISSUED).toBe(14 * 86_400_000);
  });
});

describe("checkinLinkPayload", () => {
  it("writes the fields in a fixed order, URL-safe", () => {
    const payload = checkinLinkPayload({ ...link, answer: "met", minutes: 30 });
    expect(payload).toBe(`c1.tenant-1.${link.matchId}.${link.personId}.Lk_7d2f-a.met.30.${EXPIRES}`);
    expect(encodeURIComponent(payload)).toBe(payload);
    expect(checkinLinkPayload({ ...link, answer: "need_help" })).toBe(`c1.tenant-1.${link.matchId}.${link.personId}.Lk_7d2f-a.need_help.-.${EXPIRES}`);
  });

  it("does not depend on the order the fields were given in", () => {
    const shuffled = { minutes: 60, answer: "met", expiresAt: EXPIRES, linkId: link.linkId, personId: link.personId, matchId: link.matchId, tenantId: link.tenantId } as const;
    expect(checkinLinkPayload(shuffled)).toBe(checkinLinkPayload({ ...link, answer: "met", minutes: 60 }));
  });

  it("refuses what the schema refuses", () => {
    expect(() => checkinLinkPayload({ ...link, answer: "met", minutes: 20 as 15 })).toThrow();
    expect(() => checkinLinkPayload({ ...link, matchId: "has.dot", answer: "not_yet" })).toThrow();
    expect(() => checkinLinkPayload({ ...link, answer: "not_yet", minutes: 30 } as unknown as CheckinPayload)).toThrow();
  });
});

describe("parseCheckinPayload", () => {
  it("reads back every choice of an email before it expires", () => {
    for (const choice of checkinChoices(link)) {
      const parsed = parseCheckinPayload(choice.payload, EXPIRES - 1);
      expect(parsed.ok, choice.payload).toBe(true);
      if (parsed.ok) expect(checkinLinkPayload(parsed.payload)).toBe(choice.payload);
    }
    expect(parseCheckinPayload(checkinLinkPayload({ ...link, answer: "met", minutes: 90 }), ISSUED)).toEqual({
      ok: true,
      payload: { ...link, answer: "met", minutes: 90 },
    });
  });

  it("refuses an expired link", () => {
    expect(parseCheckinPayload(checkinLinkPayload({ ...link, answer: "not_yet" }), EXPIRES)).toEqual({ ok: false, reason: "expired" });
  });

  it.each([
    ["an empty string", ""],
    ["another version", `c2.tenant-1.m.p.l.met.30.${EXPIRES}`],
    ["a missing field", `c1.tenant-1.m.p.met.30.${EXPIRES}`],
    ["an extra field", `c1.tenant-1.m.p.l.met.30.${EXPIRES}.x`],
    ["an unknown answer", `c1.tenant-1.m.p.l.maybe.-.${EXPIRES}`],
    ["met without a duration", `c1.tenant-1.m.p.l.met.-.${EXPIRES}`],
    ["met with a duration not offered", `c1.tenant-1.m.p.l.met.20.${EXPIRES}`],
    ["a duration with a leading zero", `c1.tenant-1.m.p.l.met.045.${EXPIRES}`],
    ["not yet with a duration", `c1.tenant-1.m.p.l.not_yet.30.${EXPIRES}`],
    ["an expiry that is not a number", "c1.tenant-1.m.p.l.met.30.soon"],
    ["an expiry with a leading zero", `c1.tenant-1.m.p.l.met.30.0${EXPIRES}`],
    ["an empty id", `c1..m.p.l.met.30.${EXPIRES}`],
    ["an id with a character outside the alphabet", `c1.tenant 1.m.p.l.met.30.${EXPIRES}`],
  ])("refuses %s as malformed", (_, text) => {
    expect(parseCheckinPayload(text, ISSUED)).toEqual({ ok: false, reason: "malformed" });
  });
});

describe("checkinChoices", () => {
  it("offers each duration of 'We met', then 'Not yet' and 'We need help', sharing one link id", () => {
    const choices = checkinChoices(link);
    expect(choices.map((choice) => [choice.answer, choice.minutes, choice.label])).toEqual([
      ["met", 15, "We met: 15 minutes"],
      ["met", 30, "We met: 30 minutes"],
      ["met", 45, "We met: 45 minutes"],
      ["met", 60, "We met: 60 minutes"],
      ["met", 90, "We met: 90 minutes"],
      ["not_yet", null, "Not yet"],
      ["need_help", null, "We need help"],
    ]);
    expect(new Set(choices.map((choice) => choice.payload)).size).toBe(7);
    expect(choices.every((choice) => choice.payload.includes(`.${link.linkId}.`))).toBe(true);
  });
});

describe("CheckinPayloadSchema", () => {
  it("is the valibot schema the Worker can reuse", () => {
    expect(v.safeParse(CheckinPayloadSchema, { ...link, answer: "met", minutes: 45 }).success).toBe(true);
    expect(v.safeParse(CheckinPayloadSchema, { ...link, answer: "met" }).success).toBe(false);
    expect(v.safeParse(CheckinPayloadSchema, { ...link, answer: "need_help", extra: 1 }).success).toBe(false);
  });
});
