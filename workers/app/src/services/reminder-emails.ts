/**
 * What a reminder email says (issue #6): one section per item with its action
 * — the seven one-click check-in answers, the portal page to act on, the
 * coordinator's page of a pair — a per-kind "stop these" link under each, and
 * a footer saying why the person gets it. Branded per institution; every name
 * and title is escaped by the renderer.
 *
 * The email depends only on the message and the institution's branding (link
 * ids come from the message's claim token, expiries from its planned time), so
 * a retry renders the same email and the provider's idempotency key matches it.
 */
import { CHECKIN_LINK_TTL_DAYS, checkinChoices, checkinLinkExpiry, REMINDER_KIND_LABELS, type ReminderKind, UNSUBSCRIBE_ALL, type UnsubscribeKind } from "@tandem/relationships";
import type { AppConfig } from "../config.js";
import type { TenantRef } from "../data/tenant-data.js";
import { type EmailLink, type EmailSection, renderEmail } from "../email/render.js";
import { coordinatorMatchUrl, portalUrl, tenantOrigin } from "./relationship-emails.js";
import type { ReminderDeliveryPayload, ReminderItem } from "./reminder-payload.js";
import { PORTAL_LINK_TTL_DAYS, preparationToken, signCheckinPayload, unsubscribeToken } from "./signed-links.js";

export interface Branding {
  brandColor: string;
  logoUrl: string | null;
}

export interface ComposedReminderEmail {
  subject: string;
  text: string;
  html: string;
  /** `reminder.<kind>` for one item, `reminder.digest` for several. */
  kind: string;
  headers: Record<string, string>;
}

const longDate = new Intl.DateTimeFormat("en-US", { dateStyle: "full", timeZone: "UTC" });
/** A local calendar date as people read it: "Monday, March 16, 2031". */
export function readableDate(date: string): string {
  return longDate.format(Date.parse(`${date}T12:00:00Z`));
}

const someone = (name: string | undefined, fallback: string) => name || fallback;

/** "Jordan and the guardian": who a coordinator still has to reach (each has their own rhythm), or "" when the item doesn't say. */
function stillToReach(c: ReminderItem["context"]): string {
  const names = (c.notReached ?? []).map((party) => (party === "mentor" ? someone(c.mentorFirstName, "the mentor") : party === "mentee" ? someone(c.menteeFirstName, "the mentee") : "the guardian"));
  return names.length === 0 ? "" : names.length === 1 ? names[0]! : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** Why an item was sent, in a sentence, for the coordinator's log. */
export function reminderReason(item: Pick<ReminderItem, "kind" | "context">): string {
  const c = item.context;
  const partner = someone(c.partnerFirstName, "their partner");
  switch (item.kind) {
    case "checkin.due":
      return c.lastMetOn
        ? `No meeting logged with ${partner} since ${c.lastMetOn}; ${c.programName} expects one every ${c.cadenceDays} days.`
        : `No meeting logged with ${partner} since ${c.sinceOn ?? c.matchStartedOn}; ${c.programName} expects one every ${c.cadenceDays} days.`;
    case "agreement.unacknowledged":
      return `The agreement with ${partner} is not acknowledged; the match started on ${c.matchStartedOn}.`;
    case "goal.target_near":
      return `The goal "${c.goalTitle ?? "a goal"}" is due on ${c.targetOn}.`;
    case "survey.open":
      return `${c.surveyTitle ?? "A survey"} is open until ${c.closesOn} and not answered yet.`;
    case "survey.closing":
      return `${c.surveyTitle ?? "A survey"} closes on ${c.closesOn} and is not answered yet.`;
    case "support.overdue": {
      const who = stillToReach(c) || `${someone(c.mentorFirstName, "the mentor")} and ${someone(c.menteeFirstName, "the mentee")}`;
      return c.lastContactOn ? `A support contact with ${who} is due; the last contact with the pair was on ${c.lastContactOn}.` : `No support contact with ${who} since the match started on ${c.matchStartedOn}.`;
    }
    case "program.starting":
      return `${c.programName} starts on ${c.startsOn}.`;
    case "program.ending":
      return `${c.programName} ends on ${c.endsOn}.`;
    case "self_match.unanswered":
      return `${someone(c.menteeFirstName, "A mentee")}'s request is unanswered; it lapses after ${c.expiresOn}.`;
    case "training.unfinished":
      return `Required training for ${c.programName} is unfinished; it is due by ${c.trainingDueOn}.`;
  }
}

/** The email's subject: the one item's, or a count for a digest. */
function subjectOf(items: readonly ReminderItem[], institution: string): string {
  const programs = new Set(items.map((item) => item.context.programName));
  const where = programs.size === 1 ? items[0]!.context.programName : institution;
  if (items.length > 1) {
    return items.every((item) => item.kind === "support.overdue") ? `${items.length} pairs are due a support contact — ${where}` : `${items.length} things for your mentoring today — ${where}`;
  }
  const { kind, context: c } = items[0]!;
  const partner = someone(c.partnerFirstName, "your mentoring partner");
  switch (kind) {
    case "checkin.due":
      return `Did you meet ${partner}? — ${where}`;
    case "agreement.unacknowledged":
      return `Please read and acknowledge your mentoring agreement — ${where}`;
    case "goal.target_near":
      return `Your goal is due on ${readableDate(c.targetOn!)} — ${where}`;
    case "survey.open":
      return `${c.surveyTitle ?? "A short survey"}: how is it going? — ${where}`;
    case "survey.closing":
      return `${c.surveyTitle ?? "Your survey"} closes on ${readableDate(c.closesOn!)} — ${where}`;
    case "support.overdue":
      return `${someone(c.mentorFirstName, "A pair")} and ${someone(c.menteeFirstName, "their mentee")} are due a support contact — ${where}`;
    case "program.starting":
      return `${where} starts on ${readableDate(c.startsOn!)}`;
    case "program.ending":
      return `${where} ends on ${readableDate(c.endsOn!)}`;
    case "self_match.unanswered":
      return `${someone(c.menteeFirstName, "A mentee")} is waiting for your answer — ${where}`;
    case "training.unfinished":
      return `Please finish your mentor training by ${readableDate(c.trainingDueOn!)} — ${where}`;
  }
}

interface Links {
  origin: string;
  tenant: TenantRef;
  secret: string;
  recipientId: string;
  issuedAt: number;
  portal: (matchId: string) => Promise<string>;
  /** The mentor's training and preparation page. */
  preparation: () => Promise<string>;
  unsubscribePage: (kind: UnsubscribeKind) => Promise<string>;
}

function stopLink(kind: ReminderKind, url: string): EmailLink {
  return { label: `Stop ${REMINDER_KIND_LABELS[kind]}`, url };
}

/** The one-click answers of one match's check-in, under a link id of their own (the first click of the email wins). */
async function checkinButtons(links: Links, matchId: string, linkId: string): Promise<EmailLink[]> {
  const choices = checkinChoices({ tenantId: links.tenant.id, matchId, personId: links.recipientId, linkId, expiresAt: checkinLinkExpiry(links.issuedAt) });
  return Promise.all(
    choices.map(async (choice) => ({
      label: choice.label,
      url: `${links.origin}/checkin?t=${encodeURIComponent(links.tenant.slug)}&link=${encodeURIComponent(await signCheckinPayload(links.secret, choice.payload))}`,
    })),
  );
}

async function participantSection(item: ReminderItem, links: Links | null, linkId: string): Promise<EmailSection> {
  const c = item.context;
  const partner = someone(c.partnerFirstName, "your mentoring partner");
  const portal = links && c.matchId ? await links.portal(c.matchId) : null;
  const stop = links ? [stopLink(item.kind, await links.unsubscribePage(item.kind))] : [];
  const open = (label: string) => (portal ? [{ label, url: portal }] : []);
  switch (item.kind) {
    case "checkin.due": {
      const since = c.lastMetOn ? `You and ${partner} last logged a meeting on ${readableDate(c.lastMetOn)}.` : `You and ${partner} have not logged a meeting since ${readableDate(c.sinceOn ?? c.matchStartedOn!)}.`;
      return {
        heading: `Check in: did you meet ${partner}?`,
        paragraphs: [
          `${since} ${c.programName} asks pairs to meet every ${c.cadenceDays} days. Answer with one click: choose how long you met, "Not yet", or "We need help" to let your coordinator know.`,
        ],
        buttons: links && c.matchId ? await checkinButtons(links, c.matchId, linkId) : [],
        links: open("Log the meeting in full"),
        smallLinks: stop,
      };
    }
    case "agreement.unacknowledged":
      return {
        heading: "Your mentoring agreement",
        paragraphs: [`Please read what you and ${partner} agree to in ${c.programName}, with a prompt for your first meeting, and confirm it.`],
        links: open("Read and acknowledge the agreement"),
        smallLinks: stop,
      };
    case "goal.target_near":
      return {
        heading: `Goal due ${readableDate(c.targetOn!)}`,
        paragraphs: [`Your goal "${c.goalTitle ?? "a goal"}" with ${partner} is due on ${readableDate(c.targetOn!)}. Update its progress, mark it achieved, or move the date.`],
        links: open("Update the goal"),
        smallLinks: stop,
      };
    case "survey.open":
    case "survey.closing":
      return {
        heading: item.kind === "survey.open" ? `${c.surveyTitle ?? "A short survey"} is open` : `${c.surveyTitle ?? "Your survey"} closes soon`,
        paragraphs: [
          `How is your mentoring with ${partner} going? The survey takes a couple of minutes, is read by the program's coordinators (not by ${partner}), and is open until ${readableDate(c.closesOn!)}.`,
        ],
        links: open("Answer the survey"),
        smallLinks: stop,
      };
    case "program.starting":
      return {
        heading: `${c.programName} starts ${readableDate(c.startsOn!)}`,
        paragraphs: [c.partnerFirstName ? `${c.programName} starts on ${readableDate(c.startsOn!)}. A good moment to plan your first meeting with ${partner}.` : `${c.programName} starts on ${readableDate(c.startsOn!)}. Your coordinator will be in touch about your match.`],
        links: open("Open your mentoring space"),
        smallLinks: stop,
      };
    case "program.ending":
      return {
        heading: `${c.programName} ends ${readableDate(c.endsOn!)}`,
        paragraphs: [`${c.programName} ends on ${readableDate(c.endsOn!)}. Plan a last meeting with ${partner}: look back at your goals and celebrate what you achieved.`],
        links: open("Open your mentoring space"),
        smallLinks: stop,
      };
    case "self_match.unanswered":
      return {
        heading: `${someone(c.menteeFirstName, "A mentee")} is waiting for your answer`,
        paragraphs: [
          `${someone(c.menteeFirstName, "A mentee")} asked you to be their mentor in ${c.programName}. Please accept or decline with the link in the request email by ${readableDate(c.expiresOn!)}: a "no" is better than silence, which leaves them waiting.`,
        ],
        smallLinks: stop,
      };
    case "training.unfinished":
      return {
        heading: "Your mentor training",
        paragraphs: [
          `${c.programName} asks every mentor to finish its training before being matched with a mentee. Yours is due by ${readableDate(c.trainingDueOn!)}: until then you cannot be matched. Pick up where you left off; each module says how long it takes.`,
        ],
        links: links ? [{ label: "Continue your training", url: await links.preparation() }] : [],
        smallLinks: stop,
      };
    case "support.overdue":
      throw new Error("support reminders are for coordinators");
  }
}

/** A coordinator's overdue support contacts, one section per program, a line per pair. */
async function supportSections(items: readonly ReminderItem[], links: Links | null): Promise<EmailSection[]> {
  const byProgram = new Map<string, ReminderItem[]>();
  for (const item of items) byProgram.set(item.context.programId, [...(byProgram.get(item.context.programId) ?? []), item]);
  const stop = links ? [stopLink("support.overdue", await links.unsubscribePage("support.overdue"))] : [];
  return [...byProgram.values()].map((pairs) => {
    const c = pairs[0]!.context;
    const lines = pairs.map(({ context: pair }) => {
      const names = `${someone(pair.mentorFirstName, "Mentor")} and ${someone(pair.menteeFirstName, "mentee")}`;
      const who = stillToReach(pair);
      const last = pair.lastContactOn
        ? `last contact ${readableDate(pair.lastContactOn)}${who ? `; still to reach: ${who}` : ""}`
        : `no contact since the match started on ${readableDate(pair.matchStartedOn!)}`;
      return { names, last, matchId: pair.matchId };
    });
    return {
      heading: pairs.length === 1 ? `A pair in ${c.programName} is due a support contact` : `${pairs.length} pairs in ${c.programName} are due a support contact`,
      paragraphs: [
        "Best practice is to contact each mentor and mentee at least monthly (in youth programs the guardian too, and twice in the first month). Reach out, then log the contact on the pair's page, saying who you reached.",
        ...(links ? [] : lines.map((line) => `${line.names}: ${line.last}.`)),
      ],
      links: links ? lines.map((line) => ({ label: `${line.names}: ${line.last}`, url: coordinatorMatchUrl(links.origin, links.tenant, c.programSlug, line.matchId!) })) : [],
      smallLinks: stop,
    };
  });
}

/**
 * The email for a claimed message and the items it still carries. Links need
 * an origin (`APP_ORIGIN`, or the institution's host under `BASE_DOMAIN`); a
 * deployment with neither sends the text without them.
 */
export async function composeReminderEmail(config: AppConfig, tenant: TenantRef, branding: Branding, payload: ReminderDeliveryPayload, items: readonly ReminderItem[]): Promise<ComposedReminderEmail> {
  const { recipient } = payload;
  const origin = tenantOrigin(config, tenant.slug);
  const unsubscribeTokens = new Map<UnsubscribeKind, Promise<string>>();
  const tokenFor = (kind: UnsubscribeKind) => {
    let token = unsubscribeTokens.get(kind);
    if (!token) unsubscribeTokens.set(kind, (token = unsubscribeToken(config.authSecret, { tenantId: tenant.id, recipientId: recipient.personId, kind })));
    return token;
  };
  const portals = new Map<string, Promise<string>>();
  const links: Links | null = origin
    ? {
        origin,
        tenant,
        secret: config.authSecret,
        recipientId: recipient.personId,
        issuedAt: payload.plannedAt,
        portal: (matchId) => {
          let url = portals.get(matchId);
          if (!url) portals.set(matchId, (url = portalUrl(config.authSecret, origin, tenant, matchId, recipient.personId, payload.plannedAt)));
          return url;
        },
        preparation: async () => `${origin}/t/${encodeURIComponent(tenant.slug)}/applications/status?token=${encodeURIComponent(await preparationToken(config.authSecret, { tenantId: tenant.id, applicationId: recipient.personId }, payload.plannedAt))}`,
        unsubscribePage: async (kind) => `${origin}/unsubscribe?t=${encodeURIComponent(tenant.slug)}&token=${encodeURIComponent(await tokenFor(kind))}`,
      }
    : null;

  let sections: EmailSection[];
  if (recipient.role === "coordinator") {
    sections = await supportSections(items.filter((item) => item.kind === "support.overdue"), links);
  } else {
    // Each match's check-in buttons get their own link id, made from the claim token so a retry renders the same links.
    const matchOrder = [...new Set(items.map((item) => item.context.matchId).filter((id): id is string => Boolean(id)))];
    sections = await Promise.all(items.map((item) => participantSection(item, links, `${payload.claimToken}-${matchOrder.indexOf(item.context.matchId ?? "")}`)));
  }

  const programNames = [...new Set(items.map((item) => item.context.programName))];
  const programs = programNames.length === 1 ? programNames[0]! : `${programNames.slice(0, -1).join(", ")} and ${programNames.at(-1)}`;
  const why =
    recipient.role === "coordinator"
      ? `You get this email because you coordinate ${programs} at ${tenant.name}. Reminders come at most once a day, never at night.`
      : `You get this email because you are a ${recipient.role} in ${programs} at ${tenant.name}. Reminders come at most once a day, never at night.`;
  const firstMatch = items.find((item) => item.context.matchId)?.context.matchId;
  const footerLinks: EmailLink[] = [];
  if (links) {
    if (recipient.role === "coordinator") {
      const { programSlug } = items[0]!.context;
      footerLinks.push({ label: "Open the program's relationships", url: `${links.origin}/relationships.html?tenant=${encodeURIComponent(tenant.slug)}&program=${encodeURIComponent(programSlug)}` });
    } else if (firstMatch) {
      footerLinks.push({ label: "Open your mentoring space", url: await links.portal(firstMatch) });
    }
    footerLinks.push({ label: "Stop all reminders", url: await links.unsubscribePage(UNSUBSCRIBE_ALL) });
  }

  const { text, html } = renderEmail({
    brand: { name: tenant.name, color: branding.brandColor, logoUrl: branding.logoUrl },
    greeting: `Hi ${recipient.firstName},`,
    paragraphs: items.length > 1 ? [`Here is what is waiting for you today in ${programs}.`] : [],
    sections,
    footnote: items.some((item) => item.kind === "checkin.due") && links ? `The answer buttons work once, for ${CHECKIN_LINK_TTL_DAYS} days. Your mentoring space link works for ${PORTAL_LINK_TTL_DAYS} days; keep it to yourself.` : undefined,
    footer: { lines: [why], links: footerLinks },
  });

  const headers: Record<string, string> = {};
  // RFC 8058 one-click: a mail client POSTs `List-Unsubscribe=One-Click` to this URL, with no cookies. The URL must be
  // https; a development origin on http gets the links in the body only.
  if (origin?.startsWith("https://")) {
    headers["List-Unsubscribe"] = `<${origin}/api/v1/t/${encodeURIComponent(tenant.slug)}/unsubscribe?token=${encodeURIComponent(await tokenFor(UNSUBSCRIBE_ALL))}>`;
    headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  }
  return {
    subject: subjectOf(items, tenant.name),
    text,
    html,
    kind: items.length === 1 ? `reminder.${items[0]!.kind}` : "reminder.digest",
    headers,
  };
}
