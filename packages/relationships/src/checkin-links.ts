/**
 * What the one-click check-in answers in a reminder email carry (issue #6):
 * "We met" with a duration, "Not yet", "We need help".
 *
 * Each answer link carries a canonical payload string and its signature:
 * `<payload>.<signature>`, where the Worker signs the payload with HMAC-SHA-256
 * (WebCrypto) and encodes the signature as base64url. On a click the Worker
 * verifies the signature first (in constant time), then `parseCheckinPayload`,
 * then records the answer only if the payload's `linkId` was never used: all
 * the answers of one email share one `linkId`, so the first click wins and any
 * later one shows what was recorded and offers the full form.
 */
import * as v from "valibot";
import { DAY_MS } from "./time.js";

export const CHECKIN_ANSWERS = ["met", "not_yet", "need_help"] as const;
export type CheckinAnswer = (typeof CHECKIN_ANSWERS)[number];

/** The durations offered with "We met", in minutes. */
export const CHECKIN_DURATIONS = [15, 30, 45, 60, 90] as const;
export type CheckinDuration = (typeof CHECKIN_DURATIONS)[number];

/** A link works this long after the email was made: long enough for a late reader, short enough to not answer last month's reminder. */
export const CHECKIN_LINK_TTL_DAYS = 14;

/** The first field of every payload; a new layout gets a new version and the old one stops parsing. */
export const CHECKIN_PAYLOAD_VERSION = "c1";

/** Ids travel in URLs and are separated by dots: letters, digits, `_` and `-` only (UUIDs fit). */
const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,100}$/, "must be 1–100 letters, digits, _ or -"));
const Instant = v.pipe(v.number(), v.integer(), v.minValue(0));
const common = { tenantId: Id, matchId: Id, personId: Id, linkId: Id, expiresAt: Instant };

/**
 * The data behind one answer link. `personId` is who answers (an application
 * id); `linkId` is shared by the answers of one email and makes them single-use.
 */
export const CheckinPayloadSchema = v.variant("answer", [
  v.strictObject({ ...common, answer: v.literal("met"), minutes: v.picklist(CHECKIN_DURATIONS, `must be one of ${CHECKIN_DURATIONS.join(", ")}`) }),
  v.strictObject({ ...common, answer: v.picklist(["not_yet", "need_help"] as const) }),
]);
export type CheckinPayload = v.InferOutput<typeof CheckinPayloadSchema>;

/** When a link made at `issuedAt` stops working. A link is accepted while `now < expiresAt`. */
export function checkinLinkExpiry(issuedAt: number): number {
  return issuedAt + CHECKIN_LINK_TTL_DAYS * DAY_MS;
}

/**
 * The canonical string that gets signed, fields in this fixed order:
 * `c1.<tenantId>.<matchId>.<personId>.<linkId>.<answer>.<minutes or ->.<expiresAt>`.
 * It is URL-safe as it is. Throws on a payload the schema refuses.
 */
export function checkinLinkPayload(payload: CheckinPayload): string {
  const checked = v.parse(CheckinPayloadSchema, payload);
  const minutes = checked.answer === "met" ? String(checked.minutes) : "-";
  return [CHECKIN_PAYLOAD_VERSION, checked.tenantId, checked.matchId, checked.personId, checked.linkId, checked.answer, minutes, String(checked.expiresAt)].join(".");
}

export type ParsedCheckin = { ok: true; payload: CheckinPayload } | { ok: false; reason: "malformed" | "expired" };

/** Reads a payload string (after its signature was verified) and checks that it has not expired at `now`. */
export function parseCheckinPayload(text: string, now: number): ParsedCheckin {
  const fields = text.split(".");
  if (fields.length !== 8 || fields[0] !== CHECKIN_PAYLOAD_VERSION) return { ok: false, reason: "malformed" };
  const [, tenantId, matchId, personId, linkId, answer, minutes, expiresAt] = fields;
  if (!/^\d{1,16}$/.test(expiresAt)) return { ok: false, reason: "malformed" };
  const candidate =
    answer === "met"
      ? { tenantId, matchId, personId, linkId, answer, minutes: /^\d{2}$/.test(minutes) ? Number(minutes) : NaN, expiresAt: Number(expiresAt) }
      : minutes === "-"
        ? { tenantId, matchId, personId, linkId, answer, expiresAt: Number(expiresAt) }
        : null;
  const result = v.safeParse(CheckinPayloadSchema, candidate);
  // Only the canonical spelling is accepted (no leading zeros …): one payload, one text.
  if (!result.success || checkinLinkPayload(result.output) !== text) return { ok: false, reason: "malformed" };
  if (!(now < result.output.expiresAt)) return { ok: false, reason: "expired" };
  return { ok: true, payload: result.output };
}

export interface CheckinChoice {
  answer: CheckinAnswer;
  minutes: CheckinDuration | null;
  /** The button's text. */
  label: string;
  /** The payload string to sign for this button. */
  payload: string;
}

/** Every one-click answer of one email, in the order to show them: "We met" with each duration, "Not yet", "We need help". */
export function checkinChoices(link: { tenantId: string; matchId: string; personId: string; linkId: string; expiresAt: number }): CheckinChoice[] {
  const met = CHECKIN_DURATIONS.map((minutes) => ({
    answer: "met" as const,
    minutes,
    label: `We met: ${minutes} minutes`,
    payload: checkinLinkPayload({ ...link, answer: "met", minutes }),
  }));
  return [
    ...met,
    { answer: "not_yet", minutes: null, label: "Not yet", payload: checkinLinkPayload({ ...link, answer: "not_yet" }) },
    { answer: "need_help", minutes: null, label: "We need help", payload: checkinLinkPayload({ ...link, answer: "need_help" }) },
  ];
}
