/**
 * Pieces the Screening page and a mentor's screening page share: a step's state
 * in words with an icon (never colour alone), local dates in the reader's
 * words, and how far a background check is from expiring.
 */
import type { ComponentChildren } from "preact";

export type StepState = "complete" | "missing" | "pending" | "flagged" | "expired";

/** Each state in words, with an icon hidden from screen readers (the word says it). */
export const STEP_STATES: Record<StepState, { word: string; icon: string }> = {
  complete: { word: "Done", icon: "✓" },
  missing: { word: "Missing", icon: "○" },
  pending: { word: "Waiting", icon: "…" },
  flagged: { word: "Flagged", icon: "!" },
  expired: { word: "Expired", icon: "!" },
};

export function StepChip({ state, children }: { state: StepState; children?: ComponentChildren }) {
  const { word, icon } = STEP_STATES[state];
  return (
    <span class={`screening-state screening-state-${state}`}>
      <span class="screening-icon" aria-hidden="true">
        {icon}
      </span>{" "}
      {children ? <>{children}: {word}</> : word}
    </span>
  );
}

/** Yes or no, in words with an icon: "Ready" / "Not ready". */
export function ReadyChip({ ready }: { ready: boolean }) {
  return (
    <span class={`screening-state ${ready ? "screening-state-complete" : "screening-state-missing"}`}>
      <span class="screening-icon" aria-hidden="true">
        {ready ? "✓" : "✕"}
      </span>{" "}
      {ready ? "Ready" : "Not ready"}
    </span>
  );
}

export const APPLICATION_WORDS: Record<string, string> = {
  pending_consent: "Waiting for guardian consent",
  submitted: "Applied, not yet approved",
  approved: "Approved",
  waitlisted: "Waitlisted",
  rejected: "Not accepted",
  withdrawn: "Withdrawn",
};

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });
const momentFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** A local calendar date (`2026-09-01`) as the reader writes dates; never shifted by time zones. */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? iso : dayFormat.format(date);
}

/** An instant (ISO timestamp) in the reader's time zone. */
export function formatMoment(iso: string | null | undefined): string {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : momentFormat.format(date);
}

/** Whole days from `from` to `to` (local dates). */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Warn this many days before a background check expires. */
export const EXPIRY_WARNING_DAYS = 30;

export type ExpiryKind = "expired" | "soon" | "valid";

/** How a check's expiry stands on `today`, in words. */
export function expiryOf(expiresOn: string, today: string): { kind: ExpiryKind; text: string } {
  const days = daysFrom(today, expiresOn);
  if (days <= 0) return { kind: "expired", text: `Expired on ${formatDay(expiresOn)}` };
  if (days <= EXPIRY_WARNING_DAYS) return { kind: "soon", text: `Expires in ${days} ${days === 1 ? "day" : "days"} (${formatDay(expiresOn)})` };
  return { kind: "valid", text: `Expires on ${formatDay(expiresOn)}` };
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Minutes as a person says them: "90 minutes (1.5 hours)". */
export function minutesText(minutes: number): string {
  if (minutes < 60) return plural(minutes, "minute");
  const hours = minutes / 60;
  return `${plural(minutes, "minute")} (${Number.isInteger(hours) ? plural(hours, "hour") : `${hours.toFixed(1)} hours`})`;
}

/** Focuses an element once the next render is on screen. */
export const focusSoon = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus());

