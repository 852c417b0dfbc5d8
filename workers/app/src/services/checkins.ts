/**
 * Check-ins (issue #6): a meeting logged in the portal, and the one-click
 * answers of a reminder email ("We met" with a duration, "Not yet", "We need
 * help"), which work without signing in and only once per email.
 */
import { eq } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";
import type { JobMessage } from "@tandem/jobs";
import { addDays, localDate } from "@tandem/relationships";
import type { AppConfig } from "../config.js";
import type { TenantData } from "../data/tenant-data.js";
import { AppError } from "../errors.js";
import { assertRunning, checkinFor, type Portal } from "./portal.js";
import { helpAlertJob, portalUrl } from "./relationship-emails.js";
import type { CheckinRow } from "./relationships.js";
import { readCheckinLink } from "./signed-links.js";
import { isUniqueViolation } from "./tokens.js";

export interface CheckinInput {
  meetingOn: string;
  durationMinutes: number;
  mode: (typeof schema.MEETING_MODES)[number];
  topics?: string[];
  sharedNote?: string;
  privateReflection?: string;
  rating: number;
}

/** Either person logs a meeting: when (not in the future, not before the match started), how long, how, and how it went. */
export async function logCheckin(portal: Portal, input: CheckinInput, now = Date.now()) {
  const { tenantData, match, me } = portal;
  // Closed (409 match-closed), or paused while a guardian's consent is withdrawn (409 match-paused).
  assertRunning(match);
  const timeZone = tenantData.tenant.timezone;
  const today = localDate(now, timeZone);
  // A day of slack before the start: the pair may have met the day they were told, in another zone.
  const earliest = addDays(localDate(match.startedAt.getTime(), timeZone), -1);
  if (input.meetingOn > today) throw AppError.validation([{ path: "body.meetingOn", message: `cannot be in the future (today is ${today})` }]);
  if (input.meetingOn < earliest) throw AppError.validation([{ path: "body.meetingOn", message: `cannot be before your match started (${addDays(earliest, 1)})` }]);
  const checkin = {
    id: crypto.randomUUID(),
    matchId: match.id,
    authorApplicationId: me.id,
    source: "portal" as const,
    outcome: "met" as const,
    meetingOn: input.meetingOn,
    durationMinutes: input.durationMinutes,
    mode: input.mode,
    topics: input.topics ?? [],
    sharedNote: input.sharedNote ?? "",
    privateReflection: input.privateReflection ?? "",
    rating: input.rating,
  };
  // The audit row names the meeting, never its notes: the private reflection stays with its author.
  await tenantData.write(
    [tenantData.insert(schema.checkins, checkin)],
    [{ action: "checkin.logged", entityType: "checkin", entityId: checkin.id, after: { matchId: match.id, by: portal.role, outcome: "met", meetingOn: checkin.meetingOn, source: "portal" } }],
  );
  return { checkin: checkinFor(portal, (await tenantData.findOne(schema.checkins, eq(schema.checkins.id, checkin.id)))!) };
}

export interface CheckinLinkContext {
  db: Database;
  config: AppConfig;
  /** Where the fresh portal link in the answer points. */
  origin: string;
  jobs: Queue<JobMessage>;
}

/**
 * Records a one-click answer. The link's signature and expiry are checked
 * first; then the check-in and the use of the email's link id are written in
 * one batch, and the link id's primary key makes the first click of an email
 * the only one recorded: a second click (or a mail scanner's) writes nothing
 * and says what was recorded. "We need help" alerts the coordinators from the queue.
 */
export async function recordCheckinLink(ctx: CheckinLinkContext, tenantData: TenantData, link: string, now = Date.now()) {
  const parsed = await readCheckinLink(ctx.config.authSecret, link, now);
  if (!parsed.ok) {
    if (parsed.reason === "expired") {
      throw new AppError(410, "link-expired", "This check-in link has expired: the buttons in a reminder work for 14 days. Log your meeting in your mentoring space instead; the link in your newest email from the program opens it.");
    }
    throw new AppError(400, "link-invalid", "This check-in link is not valid (it may have been cut short). Use the button in the email again, or log your meeting in your mentoring space.");
  }
  const { payload } = parsed;
  const notFound = AppError.notFound("There is no such mentoring match here.");
  if (payload.tenantId !== tenantData.tenant.id) throw notFound;
  const match = await tenantData.findOne(schema.matches, eq(schema.matches.id, payload.matchId));
  if (!match || (match.mentorApplicationId !== payload.personId && match.menteeApplicationId !== payload.personId)) throw notFound;
  const [program, partner] = await Promise.all([
    tenantData.findOne(schema.programs, eq(schema.programs.id, match.programId)),
    tenantData.findOne(schema.applications, eq(schema.applications.id, match.mentorApplicationId === payload.personId ? match.menteeApplicationId : match.mentorApplicationId)),
  ]);
  if (!program || !partner) throw notFound;
  assertRunning(match);

  const minutes = payload.answer === "met" ? payload.minutes : null;
  const checkin = {
    id: crypto.randomUUID(),
    matchId: match.id,
    authorApplicationId: payload.personId,
    source: "email_link" as const,
    outcome: payload.answer,
    // A click on "We met" means today, where the institution is.
    meetingOn: payload.answer === "met" ? localDate(now, tenantData.tenant.timezone) : null,
    durationMinutes: minutes,
  };
  const by = match.mentorApplicationId === payload.personId ? "mentor" : "mentee";
  let recorded = true;
  let first: Pick<CheckinRow, "id" | "outcome" | "durationMinutes" | "resolvedAt"> | null = { id: checkin.id, outcome: checkin.outcome, durationMinutes: minutes, resolvedAt: null };
  try {
    await tenantData.write(
      [tenantData.insert(schema.checkins, checkin), tenantData.insert(schema.checkinLinkUses, { linkId: payload.linkId, checkinId: checkin.id })],
      [{ action: "checkin.answered_by_link", entityType: "checkin", entityId: checkin.id, after: { matchId: match.id, by, outcome: checkin.outcome, minutes } }],
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Used already: nothing was written; tell them what the first click recorded.
    recorded = false;
    const use = await tenantData.findOne(schema.checkinLinkUses, eq(schema.checkinLinkUses.linkId, payload.linkId));
    first = use?.checkinId ? await tenantData.findOne(schema.checkins, eq(schema.checkins.id, use.checkinId)) : null;
  }
  // The alert goes on the queue after the write: should that fail, the person's retry (which finds the
  // link used) enqueues it again. Its key is the check-in's, so the coordinators hear of it once either way.
  if (first?.outcome === "need_help" && !first.resolvedAt) await ctx.jobs.send(helpAlertJob(tenantData.tenant.id, first.id, now), { contentType: "json" });
  const answer = first ? { answer: first.outcome, minutes: first.durationMinutes } : { answer: payload.answer, minutes };
  return {
    recorded,
    ...answer,
    match: { partnerFirstName: partner.firstName, programName: program.name },
    portalUrl: await portalUrl(ctx.config.authSecret, ctx.origin, tenantData.tenant, match.id, payload.personId, now),
  };
}
