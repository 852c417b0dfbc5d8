/**
 * "My applications" (issue #7's participant portal): one place where a person
 * without an account sees everything they have at an institution — every
 * application made with their email address, where each stands, what happens
 * next, and a fresh link to the mentoring space of each match. Proven by a
 * signed link (signed-links.ts, `my1`: institution + normalised email, 7 days)
 * that `POST …/my/link` emails on request.
 */
import { and, desc, eq, gt, inArray, or } from "drizzle-orm";
import { type Database, schema } from "@tandem/db";
import { resolveSettings } from "@tandem/programs";
import { normaliseEmail, type RateLimitPolicy } from "@tandem/rate-limit";
import type { AppConfig } from "../config.js";
import type { TenantData } from "../data/tenant-data.js";
import type { Mailer } from "../email/mailer.js";
import { AppError } from "../errors.js";
import { describeError, log } from "../log.js";
import { emailMyApplicationsLink } from "./my-applications-email.js";
import { tenantDataForPublic } from "./public-tenant.js";
import { enforceRateLimits } from "./rate-limits.js";
import { PORTAL_AFTER_CLOSE_DAYS, portalUrl } from "./relationship-emails.js";
import { MY_APPLICATIONS_LINK_TTL_DAYS, readMyApplicationsToken } from "./signed-links.js";

type ApplicationRow = typeof schema.applications.$inferSelect;
type ProgramRow = typeof schema.programs.$inferSelect;
type MatchRow = typeof schema.matches.$inferSelect;

/** Whose applications, at which institution, as the link proves. */
export interface MyApplicationsSession {
  tenantData: TenantData;
  email: string;
  /** When the list's own link expires: the portal links it hands out expire then too, so a forwarded link opens nothing for longer. */
  linkExpiresAt: number;
}

const NEW_LINK = "Ask for a new one: enter your email address on this page and we will email you a fresh link.";

/**
 * Opens the list for a token at the institution at `slug`. A missing, bad or
 * expired token is 401, and so is another institution's (the page then offers
 * a new link by email): nothing of that institution is read.
 */
export async function openMyApplications(db: Database, config: AppConfig, slug: string, token: string | null, requestId: string, now = Date.now()): Promise<MyApplicationsSession> {
  const tenantData = await tenantDataForPublic(db, slug, requestId);
  const check = token ? await readMyApplicationsToken(config.authSecret, token, now) : ({ ok: false, reason: "invalid" } as const);
  if (!check.ok && check.reason === "expired") {
    throw new AppError(401, "my-applications-link-expired", `This link to your applications has expired: links work for ${MY_APPLICATIONS_LINK_TTL_DAYS} days. ${NEW_LINK}`);
  }
  if (!check.ok || check.grant.tenantId !== tenantData.tenant.id) {
    throw new AppError(401, "my-applications-link-invalid", `This link to your applications is not valid here (it may be incomplete, or for another institution). ${NEW_LINK}`);
  }
  return { tenantData, email: check.grant.email, linkExpiresAt: check.grant.expiresAt };
}

// ---------------------------------------------------------------- the list

const STATUS_LABELS: Record<ApplicationRow["status"], string> = {
  pending_consent: "Waiting for consent",
  submitted: "Under review",
  approved: "Approved",
  waitlisted: "On the waiting list",
  rejected: "Not accepted",
  withdrawn: "Withdrawn",
};

/** "Maya", "Maya and Leo", "Maya, Leo and Ana". */
function names(list: string[]): string {
  return list.length <= 1 ? (list[0] ?? "") : `${list.slice(0, -1).join(", ")} and ${list[list.length - 1]}`;
}

interface Context {
  application: ApplicationRow;
  program: ProgramRow;
  /** This application's matches, active first, then the most recently closed. */
  matches: { row: MatchRow; partner: ApplicationRow | undefined }[];
  /** Self-match: the mentor a waiting request of this mentee went to. */
  pendingRequestTo: ApplicationRow | undefined;
}

/** Where the application stands and what happens next, in plain English. */
function nextStepOf({ application, program, matches, pendingRequestTo }: Context): { statusLabel: string; nextStep: string } {
  const label = STATUS_LABELS[application.status];
  const ended = program.status === "closed";
  switch (application.status) {
    case "pending_consent":
      return { statusLabel: label, nextStep: "Waiting for your parent or guardian's consent: we emailed them a link. Once they consent, the coordinator reviews your application." };
    case "submitted":
      return { statusLabel: label, nextStep: ended ? "The program has ended without a review of your application. Contact the program's coordinator with any questions." : "Under review: the program's coordinator will let you know by email." };
    case "waitlisted":
      return { statusLabel: label, nextStep: "On the waiting list: the coordinator will contact you if a place opens." };
    case "rejected":
      return { statusLabel: label, nextStep: "Not accepted this time. Contact the program's coordinator if you have questions." };
    case "withdrawn":
      return { statusLabel: label, nextStep: program.status === "enrolling" ? "You withdrew this application. You can apply again while the program is taking applications." : "You withdrew this application." };
    case "approved": {
      const active = matches.filter((match) => match.row.status === "active");
      if (active.length > 0) {
        return { statusLabel: "Matched", nextStep: `Matched with ${names(active.map((match) => match.partner?.firstName ?? "your partner"))}: open your mentoring space to agree how you'll meet, set goals and log meetings.` };
      }
      if (matches.length > 0) {
        const partner = matches[0]!.partner?.firstName ?? "your partner";
        return { statusLabel: "Match ended", nextStep: ended ? `The program has ended, and with it your match with ${partner}. Thank you for taking part.` : `Your match with ${partner} has ended.` };
      }
      if (ended) return { statusLabel: label, nextStep: "The program has ended." };
      if (resolveSettings(program.matchingSettings).mode === "self_match") {
        if (application.role === "mentor") return { statusLabel: label, nextStep: "Approved — in this program mentees choose their mentor: we'll email you when one asks you." };
        if (pendingRequestTo) return { statusLabel: label, nextStep: `Approved — waiting for ${pendingRequestTo.firstName} to answer your request to be your mentor.` };
        return { statusLabel: label, nextStep: "Approved — choose your mentor: open the link in your confirmation email to see your suggested mentors." };
      }
      return { statusLabel: label, nextStep: "Approved — you'll be introduced to your match by email when matching runs." };
    }
  }
}

/**
 * Every application of the session's email address at the institution, newest
 * first, each with its program, where it stands, the next step, and its
 * matches with a fresh portal link (active ones, and closed ones for
 * PORTAL_AFTER_CLOSE_DAYS after closing: the closure survey and their history).
 */
export async function myApplicationsView({ tenantData, email, linkExpiresAt }: MyApplicationsSession, links: { secret: string; origin: string }, now = Date.now()) {
  const [institution, applications] = await Promise.all([
    tenantData.settings(),
    tenantData.find(schema.applications, eq(schema.applications.email, email), { orderBy: [desc(schema.applications.createdAt), desc(schema.applications.id)] }),
  ]);
  const ids = applications.map((application) => application.id);
  const menteeIds = applications.filter((application) => application.role === "mentee").map((application) => application.id);
  const [programs, matches, requests] =
    ids.length === 0
      ? [[], [], []]
      : await Promise.all([
          tenantData.find(schema.programs, inArray(schema.programs.id, [...new Set(applications.map((application) => application.programId))])),
          tenantData.find(schema.matches, or(inArray(schema.matches.mentorApplicationId, ids), inArray(schema.matches.menteeApplicationId, ids))!),
          menteeIds.length === 0 ? Promise.resolve([]) : tenantData.find(schema.matchRequests, and(inArray(schema.matchRequests.menteeApplicationId, menteeIds), eq(schema.matchRequests.status, "pending"), gt(schema.matchRequests.expiresAt, new Date(now)))!),
        ]);
  const ownIds = new Set(ids);
  const otherIds = [...new Set([...matches.flatMap((match) => [match.mentorApplicationId, match.menteeApplicationId]), ...requests.map((request) => request.mentorApplicationId)])].filter((id) => !ownIds.has(id));
  const others = otherIds.length === 0 ? [] : await tenantData.find(schema.applications, inArray(schema.applications.id, otherIds));
  const person = new Map([...applications, ...others].map((row) => [row.id, row]));
  const programById = new Map(programs.map((program) => [program.id, program]));

  const closedAt = (match: MatchRow) => match.closedAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const items = await Promise.all(
    applications.flatMap((application) => {
      const program = programById.get(application.programId);
      if (!program) return [];
      const own = matches
        // A mentor's matches and a mentee's, by this application: the same person may be both in two programs.
        .filter((match) => (application.role === "mentor" ? match.mentorApplicationId : match.menteeApplicationId) === application.id)
        .sort((a, b) => (a.status === b.status ? closedAt(b) - closedAt(a) || b.startedAt.getTime() - a.startedAt.getTime() : a.status === "active" ? -1 : 1))
        .map((row) => ({ row, partner: person.get(application.role === "mentor" ? row.menteeApplicationId : row.mentorApplicationId) }));
      const request = requests.find((candidate) => candidate.menteeApplicationId === application.id);
      const { statusLabel, nextStep } = nextStepOf({ application, program, matches: own, pendingRequestTo: request ? person.get(request.mentorApplicationId) : undefined });
      return [
        (async () => {
          const matchViews = await Promise.all(
            own.map(async ({ row, partner }) => {
              const open = row.status === "active" || (row.closedAt !== null && now - row.closedAt.getTime() < PORTAL_AFTER_CLOSE_DAYS * 86_400_000);
              return {
                partnerFirstName: partner?.firstName ?? "",
                startedAt: row.startedAt.toISOString(),
                status: row.status,
                closedAt: row.closedAt?.toISOString() ?? null,
                portalUrl: open ? await portalUrl(links.secret, links.origin, tenantData.tenant, row.id, application.id, now, linkExpiresAt) : null,
              };
            }),
          );
          return {
            id: application.id,
            program: { name: program.name, slug: program.slug, type: program.type, startsOn: program.startsOn, endsOn: program.endsOn },
            role: application.role,
            status: application.status,
            statusLabel,
            submittedAt: application.createdAt.toISOString(),
            nextStep,
            /** The newest match (an active one first), or null. */
            match: matchViews[0] ?? null,
            /** Every match of this application (a mentor may have several), in the same order. */
            matches: matchViews,
          };
        })(),
      ];
    }),
  );
  return {
    email,
    institution: { name: institution?.name ?? tenantData.tenant.name, logoUrl: institution?.logoUrl ?? null, brandColor: institution?.brandColor ?? "#0b6e4f" },
    applications: items,
  };
}

// ---------------------------------------------------------------- a link by email

const LINK_PER_IP: RateLimitPolicy = { name: "my-applications-link:ip", limit: 20, windowSeconds: 3600 };
const LINK_PER_EMAIL: RateLimitPolicy = { name: "my-applications-link:email", limit: 5, windowSeconds: 3600 };

export interface MyApplicationsLinkContext {
  db: Database;
  config: AppConfig;
  mailer: Mailer;
  origin: string;
  /** Keeps the request's work going after the response (the Worker's `executionCtx.waitUntil`). */
  waitUntil: (work: Promise<unknown>) => void;
}

export const MY_APPLICATIONS_LINK_MESSAGE = `If this address has applications here, we have emailed it a link to see them all. It can take a minute to arrive; the link works for ${MY_APPLICATIONS_LINK_TTL_DAYS} days.`;

/**
 * "Email me a link to all my applications": the same answer whether or not
 * the address applied here, and in the same time — looking it up and emailing
 * happen after the response, as for the portal link.
 */
export async function requestMyApplicationsLink(ctx: MyApplicationsLinkContext, tenantData: TenantData, email: string, ip: string, now = Date.now()) {
  const address = normaliseEmail(email);
  await enforceRateLimits(ctx.db, [
    { policy: LINK_PER_IP, subject: ip },
    { policy: LINK_PER_EMAIL, subject: `${tenantData.tenant.id}:${address}` },
  ]);
  ctx.waitUntil(
    emailMyApplicationsLink({ tenantData, mailer: ctx.mailer, config: ctx.config, origin: ctx.origin }, address, now).catch((error: unknown) =>
      log("error", "my applications link email failed", { tenantId: tenantData.tenant.id, error: describeError(error) }),
    ),
  );
  return { message: MY_APPLICATIONS_LINK_MESSAGE };
}
