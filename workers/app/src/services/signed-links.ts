/**
 * Links in emails that act without an account, signed with HMAC-SHA-256 over
 * the app secret (WebCrypto) and checked in constant time by `crypto.subtle.verify`:
 * - the participant portal (`p1.…`): one person's view of one match, for 30 days;
 * - one-click check-in answers (`c1.…`, payload from @tandem/relationships);
 * - one-click unsubscribe (`u1.…`): one person, one reminder kind (or `all`), no expiry;
 * - all my applications (`my1.…`): one email address's applications at one institution, for 7 days;
 * - a mentor's preparation (`t1.…`): one application's training and code of conduct, for 30 days.
 * Each kind signs under its own purpose label, so one kind's signature never
 * validates as another's. Nothing is stored: a link is its own proof.
 */
import { checkinLinkPayload, type CheckinPayload, parseCheckinPayload, type ParsedCheckin } from "@tandem/relationships";

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function keyFor(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    keys.set(secret, key);
  }
  return key;
}

function base64url(bytes: ArrayBuffer): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return null;
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

async function sign(secret: string, purpose: string, payload: string): Promise<string> {
  const signature = await crypto.subtle.sign("HMAC", await keyFor(secret), encoder.encode(`${purpose}\n${payload}`));
  return `${payload}.${base64url(signature)}`;
}

/** The payload of a correctly signed `<payload>.<signature>`, else null. */
async function verify(secret: string, purpose: string, token: string): Promise<string | null> {
  const dot = token.lastIndexOf(".");
  if (dot <= 0 || token.length > 600) return null;
  const payload = token.slice(0, dot);
  const signature = fromBase64url(token.slice(dot + 1));
  if (!signature) return null;
  const valid = await crypto.subtle.verify("HMAC", await keyFor(secret), signature, encoder.encode(`${purpose}\n${payload}`));
  return valid ? payload : null;
}

const ID = /^[A-Za-z0-9_-]{1,100}$/;
const DAY_MS = 86_400_000;

// ── Portal ───────────────────────────────────────────────────────────────────

/** A portal link works this long; every reminder and a "send me a new link" request issue a fresh one. */
export const PORTAL_LINK_TTL_DAYS = 30;

export interface PortalGrant {
  tenantId: string;
  matchId: string;
  /** The participant's application id. */
  applicationId: string;
  expiresAt: number;
}

/** `notAfter` caps the link's life, for a portal link handed out through a shorter-lived link. */
export function portalToken(secret: string, grant: Omit<PortalGrant, "expiresAt">, now: number, notAfter = Number.POSITIVE_INFINITY): Promise<string> {
  const expiresAt = Math.min(now + PORTAL_LINK_TTL_DAYS * DAY_MS, notAfter);
  return sign(secret, "portal", ["p1", grant.tenantId, grant.matchId, grant.applicationId, String(expiresAt)].join("."));
}

export type PortalCheck = { ok: true; grant: PortalGrant } | { ok: false; reason: "invalid" | "expired" };

export async function readPortalToken(secret: string, token: string, now: number): Promise<PortalCheck> {
  const payload = await verify(secret, "portal", token);
  const fields = payload?.split(".") ?? [];
  const [version, tenantId, matchId, applicationId, expiresAt] = fields;
  if (fields.length !== 5 || version !== "p1" || ![tenantId, matchId, applicationId].every((id) => ID.test(id!)) || !/^\d{1,16}$/.test(expiresAt!)) return { ok: false, reason: "invalid" };
  if (!(now < Number(expiresAt))) return { ok: false, reason: "expired" };
  return { ok: true, grant: { tenantId: tenantId!, matchId: matchId!, applicationId: applicationId!, expiresAt: Number(expiresAt) } };
}

// ── One-click check-ins ──────────────────────────────────────────────────────

/** `<payload>.<signature>` for one answer button (payload from `checkinChoices(…)[i].payload` or `checkinLinkPayload`). */
export function signCheckinPayload(secret: string, payload: string): Promise<string> {
  return sign(secret, "checkin", payload);
}

export function checkinLink(secret: string, payload: CheckinPayload): Promise<string> {
  return signCheckinPayload(secret, checkinLinkPayload(payload));
}

export async function readCheckinLink(secret: string, link: string, now: number): Promise<ParsedCheckin | { ok: false; reason: "invalid" }> {
  const payload = await verify(secret, "checkin", link);
  if (payload === null) return { ok: false, reason: "invalid" };
  return parseCheckinPayload(payload, now);
}

// ── Unsubscribe ──────────────────────────────────────────────────────────────

export interface UnsubscribeGrant {
  tenantId: string;
  /** An application id (participant) or a user id (coordinator). */
  recipientId: string;
  /** A reminder kind, or `all`. */
  kind: string;
}

const KIND = /^[a-z_]+(\.[a-z_]+)?$/;

export function unsubscribeToken(secret: string, grant: UnsubscribeGrant): Promise<string> {
  return sign(secret, "unsubscribe", ["u1", grant.tenantId, grant.recipientId, grant.kind].join("~"));
}

export async function readUnsubscribeToken(secret: string, token: string): Promise<UnsubscribeGrant | null> {
  const payload = await verify(secret, "unsubscribe", token);
  const fields = payload?.split("~") ?? [];
  const [version, tenantId, recipientId, kind] = fields;
  if (fields.length !== 4 || version !== "u1" || !ID.test(tenantId!) || !ID.test(recipientId!) || !KIND.test(kind!)) return null;
  return { tenantId: tenantId!, recipientId: recipientId!, kind: kind! };
}

// ── All my applications ──────────────────────────────────────────────────────

/** A link to all of one's applications works this long; the page offers a new one by email. */
export const MY_APPLICATIONS_LINK_TTL_DAYS = 7;

export interface MyApplicationsGrant {
  tenantId: string;
  /** The normalised (trimmed, lowercased) email address the applications were made with. */
  email: string;
  expiresAt: number;
}

const EMAIL_FIELD = /^[A-Za-z0-9_-]{4,400}$/;

/** The address as base64url, so the payload's `.` separators stay unambiguous (addresses have dots). */
function encodeText(text: string): string {
  return base64url(encoder.encode(text).buffer as ArrayBuffer);
}

function decodeText(field: string): string | null {
  if (!EMAIL_FIELD.test(field)) return null;
  try {
    const binary = atob(field.replace(/-/g, "+").replace(/_/g, "/"));
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    return null;
  }
}

export function myApplicationsToken(secret: string, grant: Omit<MyApplicationsGrant, "expiresAt">, now: number): Promise<string> {
  const expiresAt = now + MY_APPLICATIONS_LINK_TTL_DAYS * DAY_MS;
  return sign(secret, "my-applications", ["my1", grant.tenantId, encodeText(grant.email), String(expiresAt)].join("."));
}

export type MyApplicationsCheck = { ok: true; grant: MyApplicationsGrant } | { ok: false; reason: "invalid" | "expired" };

export async function readMyApplicationsToken(secret: string, token: string, now: number): Promise<MyApplicationsCheck> {
  const payload = await verify(secret, "my-applications", token);
  const fields = payload?.split(".") ?? [];
  const [version, tenantId, encodedEmail, expiresAt] = fields;
  const email = fields.length === 4 ? decodeText(encodedEmail!) : null;
  if (version !== "my1" || !ID.test(tenantId ?? "") || !email || email.length > 254 || !email.includes("@") || !/^\d{1,16}$/.test(expiresAt ?? "")) return { ok: false, reason: "invalid" };
  if (!(now < Number(expiresAt))) return { ok: false, reason: "expired" };
  return { ok: true, grant: { tenantId: tenantId!, email, expiresAt: Number(expiresAt) } };
}

// ── A mentor's preparation (training, code of conduct) ──────────────────────

/** A link to one's training and preparation works this long; each training reminder issues a fresh one. */
export const PREPARATION_LINK_TTL_DAYS = 30;

export interface PreparationGrant {
  tenantId: string;
  /** The mentor's application id. */
  applicationId: string;
  expiresAt: number;
}

export function preparationToken(secret: string, grant: Omit<PreparationGrant, "expiresAt">, now: number): Promise<string> {
  const expiresAt = now + PREPARATION_LINK_TTL_DAYS * DAY_MS;
  return sign(secret, "preparation", ["t1", grant.tenantId, grant.applicationId, String(expiresAt)].join("."));
}

export type PreparationCheck = { ok: true; grant: PreparationGrant } | { ok: false; reason: "invalid" | "expired" };

export async function readPreparationToken(secret: string, token: string, now: number): Promise<PreparationCheck> {
  const payload = await verify(secret, "preparation", token);
  const fields = payload?.split(".") ?? [];
  const [version, tenantId, applicationId, expiresAt] = fields;
  if (fields.length !== 4 || version !== "t1" || !ID.test(tenantId ?? "") || !ID.test(applicationId ?? "") || !/^\d{1,16}$/.test(expiresAt ?? "")) return { ok: false, reason: "invalid" };
  if (!(now < Number(expiresAt))) return { ok: false, reason: "expired" };
  return { ok: true, grant: { tenantId: tenantId!, applicationId: applicationId!, expiresAt: Number(expiresAt) } };
}
