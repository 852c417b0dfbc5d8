/**
 * The relationship's emails that are not reminders: the closure survey when a
 * match ends (job `match.closed`), the coordinators' alert when a pair answers
 * "We need help" (job `checkin.help_alert`), and "email me my portal link".
 *
 * The two jobs are delivered at least once, so each recipient's email is
 * recorded in the job ledger under its own key before the job is done: a retry
 * after a failure part-way sends only what is missing, a redelivery nothing.
 */
import { and, eq, inArray } from "drizzle-orm";
import { schema } from "@tandem/db";
import type { JobMessage } from "@tandem/jobs";
import { closureSurvey, localDate } from "@tandem/relationships";
import type { AppConfig } from "../config.js";
import { isJobProcessed, markJobProcessed } from "../data/jobs.js";
import type { TenantData, TenantRef } from "../data/tenant-data.js";
import { findUsersByIds, type UserSummary } from "../data/users.js";
import type { Mailer } from "../email/mailer.js";
import { renderEmail } from "../email/render.js";
import { log } from "../log.js";
import { portalToken, PORTAL_LINK_TTL_DAYS } from "./signed-links.js";

type ApplicationRow = typeof schema.applications.$inferSelect;
type MatchRow = typeof schema.matches.$inferSelect;

export interface RelationshipEmailContext {
  tenantData: TenantData;
  mailer: Mailer;
  config: AppConfig;
}

const CLOSED_BY_WHOM = { mentor: "your mentor", mentee: "your mentee" } as const;

/**
 * Where links in emails from background jobs point (a job has no request to
 * echo): the configured app origin (`pnpm dev` sets its own), else the
 * institution's own address under the base domain; null when neither is set.
 * (The self-match sweep's emails use it too.)
 */
export function tenantOrigin(config: AppConfig, slug: string): string | null {
  if (config.appOrigin) return config.appOrigin;
  return config.baseDomain ? `https://${slug}.${config.baseDomain}` : null;
}

/** A fresh link to one person's portal for one match (the page keeps the token and sends it as a Bearer token). */
export async function portalUrl(secret: string, origin: string, tenant: TenantRef, matchId: string, applicationId: string, now: number, notAfter?: number): Promise<string> {
  const token = await portalToken(secret, { tenantId: tenant.id, matchId, applicationId }, now, notAfter);
  return `${origin}/portal?t=${encodeURIComponent(tenant.slug)}&token=${encodeURIComponent(token)}`;
}

/** The coordinator's page of one pair. */
export function coordinatorMatchUrl(origin: string, tenant: TenantRef, programSlug: string, matchId: string): string {
  return `${origin}/relationships.html?tenant=${encodeURIComponent(tenant.slug)}&program=${encodeURIComponent(programSlug)}&match=${encodeURIComponent(matchId)}`;
}

/** The job that sends both people their closure survey; keyed by the match, so closing twice cannot send twice. */
export function matchClosedJob(tenantId: string, matchId: string, now: number): JobMessage {
  return { kind: "match.closed", key: `match.closed:${matchId}`, payload: { tenantId, matchId }, enqueuedAt: now };
}

/** The job that tells the program's coordinators a pair asked for help. */
export function helpAlertJob(tenantId: string, checkinId: string, now: number): JobMessage {
  return { kind: "checkin.help_alert", key: `checkin.help_alert:${checkinId}`, payload: { tenantId, checkinId }, enqueuedAt: now };
}

/** Sends `send` once per ledger key: skipped if an earlier attempt already recorded it. */
async function once(tenantData: TenantData, key: string, kind: string, send: () => Promise<void>): Promise<void> {
  const ledgerKey = `${kind}:${tenantData.tenant.id}:${key}`;
  if (await isJobProcessed(tenantData.db, ledgerKey)) return;
  await send();
  await markJobProcessed(tenantData.db, ledgerKey, kind);
}

/**
 * A match closed (early, or with the program): both people get the closure
 * survey, with a fresh link to their portal where they answer it. Neither is
 * told the other's reason or note: it may be a safeguarding matter.
 */
export async function sendClosureSurveys(context: RelationshipEmailContext, matchId: string): Promise<void> {
  const { tenantData, mailer, config } = context;
  const match = await tenantData.findOne(schema.matches, eq(schema.matches.id, matchId));
  if (!match || match.status !== "closed" || !match.closedAt) {
    log("info", "closure survey not needed", { matchId, status: match?.status ?? "deleted" });
    return;
  }
  const [program, people, relationship] = await Promise.all([
    tenantData.findOne(schema.programs, eq(schema.programs.id, match.programId)),
    tenantData.find(schema.applications, inArray(schema.applications.id, [match.mentorApplicationId, match.menteeApplicationId])),
    tenantData.findOne(schema.matchRelationships, eq(schema.matchRelationships.matchId, match.id)),
  ]);
  const mentor = people.find((person) => person.id === match.mentorApplicationId);
  const mentee = people.find((person) => person.id === match.menteeApplicationId);
  if (!program || !mentor || !mentee) return;

  const origin = tenantOrigin(config, tenantData.tenant.slug);
  const survey = closureSurvey(localDate(match.closedAt.getTime(), tenantData.tenant.timezone));
  const closedBy = relationship?.closedBy ?? "system";
  const now = Date.now();
  for (const [self, person, partner] of [
    ["mentor", mentor, mentee],
    ["mentee", mentee, mentor],
  ] as const) {
    await once(tenantData, `${match.id}:${self}`, "match.closed", async () => {
      const how =
        closedBy === "system"
          ? `Your mentoring match with ${partner.firstName} in ${program.name} has come to its end with the program.`
          : closedBy === "coordinator"
            ? `The program's coordinator has closed your mentoring match with ${partner.firstName} in ${program.name}.`
            : closedBy === self
              ? `You closed your mentoring match with ${partner.firstName} in ${program.name}.`
              : `Your mentoring match with ${partner.firstName} in ${program.name} has been closed by ${CLOSED_BY_WHOM[closedBy]}.`;
      const url = origin ? await portalUrl(config.authSecret, origin, tenantData.tenant, match.id, person.id, now) : null;
      const { text, html } = renderEmail({
        greeting: `Hi ${person.firstName},`,
        paragraphs: [
          how,
          `Thank you for taking part. Please tell us how it went in a short closure survey: it takes a few minutes, helps ${tenantData.tenant.name} run the program better, and is read by the program's coordinators, not by ${partner.firstName}.`,
          ...(url ? [] : ["Open your mentoring space from your most recent email from the program to answer it."]),
        ],
        action: url ? { label: "Answer the closure survey", url } : undefined,
        footnote: `The survey is open until ${survey.closesOn}.${url ? ` This link works for ${PORTAL_LINK_TTL_DAYS} days.` : ""}`,
      });
      await mailer.send({ to: person.email, subject: `Your mentoring match has ended — ${program.name}`, text, html, kind: "match.closure_survey", tenantId: tenantData.tenant.id });
    });
  }
  // The closure procedure's lasting record that the survey went out (the job ledger is pruned after 30 days).
  if (!relationship?.closureSurveySentAt) {
    // When the last send finished (on a retry, after the sends the ledger skipped).
    const sent = { closureSurveySentAt: new Date() };
    await tenantData.write([
      tenantData.insert(schema.matchRelationships, { matchId: match.id, ...sent }).onConflictDoUpdate({ target: [schema.matchRelationships.tenantId, schema.matchRelationships.matchId], set: sent }),
    ]);
  }
}

/** Who hears about a pair's call for help: the program's coordinators, or the institution's owners and admins when it has none. */
/** Who hears about a program's pairs: its assigned coordinators, else the institution's owners and admins. */
export async function coordinatorsOf(tenantData: TenantData, programId: string): Promise<UserSummary[]> {
  const assigned = await tenantData.find(schema.programCoordinators, eq(schema.programCoordinators.programId, programId));
  if (assigned.length > 0) return findUsersByIds(tenantData.db, assigned.map((row) => row.userId));
  const admins = await tenantData.find(schema.memberships, inArray(schema.memberships.role, ["owner", "admin"]));
  return findUsersByIds(tenantData.db, admins.map((row) => row.userId));
}

/** A participant answered "We need help": every coordinator of the program is emailed at once, with a link to the pair. */
export async function alertCoordinatorsOfHelp(context: RelationshipEmailContext, checkinId: string): Promise<void> {
  const { tenantData, mailer, config } = context;
  const checkin = await tenantData.findOne(schema.checkins, and(eq(schema.checkins.id, checkinId), eq(schema.checkins.outcome, "need_help"))!);
  if (!checkin || checkin.resolvedAt) return;
  const match = await tenantData.findOne(schema.matches, eq(schema.matches.id, checkin.matchId));
  if (!match) return;
  const [program, people] = await Promise.all([
    tenantData.findOne(schema.programs, eq(schema.programs.id, match.programId)),
    tenantData.find(schema.applications, inArray(schema.applications.id, [match.mentorApplicationId, match.menteeApplicationId])),
  ]);
  const author = people.find((person) => person.id === checkin.authorApplicationId);
  const partner = people.find((person) => person.id !== checkin.authorApplicationId);
  if (!program || !author || !partner) return;
  const role = author.id === match.mentorApplicationId ? "mentor" : "mentee";
  const origin = tenantOrigin(config, tenantData.tenant.slug);
  const url = origin ? coordinatorMatchUrl(origin, tenantData.tenant, program.slug, match.id) : null;
  const when = localDate(checkin.createdAt.getTime(), tenantData.tenant.timezone);
  for (const coordinator of await coordinatorsOf(tenantData, program.id)) {
    await once(tenantData, `${checkin.id}:${coordinator.id}`, "checkin.help_alert", async () => {
      const { text, html } = renderEmail({
        greeting: `Hi ${coordinator.name},`,
        paragraphs: [
          `${fullName(author)}, a ${role} in ${program.name}, answered "We need help" to a check-in email on ${when}. Their ${role === "mentor" ? "mentee" : "mentor"} is ${fullName(partner)}.`,
          "Please reach out to them soon. Once you have, log the contact and mark the request handled on the pair's page.",
        ],
        action: url ? { label: "Open the pair's page", url } : undefined,
      });
      await mailer.send({ to: coordinator.email, subject: `A pair in ${program.name} asked for help`, text, html, kind: "checkin.help_alert", tenantId: tenantData.tenant.id });
    });
  }
}

const fullName = (person: Pick<ApplicationRow, "firstName" | "lastName">) => `${person.firstName} ${person.lastName}`;

/** How long after a match closed its people can still ask for a portal link (the closure survey, their history). */
export const PORTAL_AFTER_CLOSE_DAYS = 60;

/**
 * "Email me my portal link": one email per active (or recently closed) match
 * the address belongs to in this institution. Unknown addresses get nothing,
 * and the caller answers the same either way.
 */
export async function emailPortalLinks(context: RelationshipEmailContext & { origin: string }, email: string, now: number): Promise<number> {
  const { tenantData, mailer, config, origin } = context;
  const applications = await tenantData.find(schema.applications, eq(schema.applications.email, email));
  if (applications.length === 0) return 0;
  const ids = applications.map((application) => application.id);
  const matches = new Map(
    [...(await tenantData.find(schema.matches, inArray(schema.matches.mentorApplicationId, ids))), ...(await tenantData.find(schema.matches, inArray(schema.matches.menteeApplicationId, ids)))].map((match) => [match.id, match]),
  );
  const recent = [...matches.values()].filter((match) => match.status === "active" || (match.closedAt && now - match.closedAt.getTime() < PORTAL_AFTER_CLOSE_DAYS * 86_400_000));
  if (recent.length === 0) return 0;
  const programs = new Map((await tenantData.find(schema.programs, inArray(schema.programs.id, [...new Set(recent.map((match) => match.programId))]))).map((program) => [program.id, program]));
  const partners = new Map(
    (await tenantData.find(schema.applications, inArray(schema.applications.id, recent.flatMap((match) => [match.mentorApplicationId, match.menteeApplicationId])))).map((person) => [person.id, person]),
  );
  for (const match of recent) {
    const self = ids.includes(match.mentorApplicationId) ? partners.get(match.mentorApplicationId)! : partners.get(match.menteeApplicationId)!;
    const partner = partnerOf(match, self.id, partners);
    const program = programs.get(match.programId);
    if (!program || !partner) continue;
    const url = await portalUrl(config.authSecret, origin, tenantData.tenant, match.id, self.id, now);
    const { text, html } = renderEmail({
      greeting: `Hi ${self.firstName},`,
      paragraphs: [`Here is your link to your mentoring space with ${partner.firstName} in ${program.name}: your agreement, goals, check-ins and surveys.`],
      action: { label: "Open your mentoring space", url },
      footnote: `This link works for ${PORTAL_LINK_TTL_DAYS} days; keep it to yourself, since it opens your space without a password. If you did not ask for it, ignore this email.`,
    });
    await mailer.send({ to: self.email, subject: `Your mentoring space — ${program.name}`, text, html, kind: "portal.link", tenantId: tenantData.tenant.id });
  }
  return recent.length;
}

function partnerOf(match: MatchRow, selfId: string, people: Map<string, ApplicationRow>): ApplicationRow | undefined {
  return people.get(match.mentorApplicationId === selfId ? match.menteeApplicationId : match.mentorApplicationId);
}
