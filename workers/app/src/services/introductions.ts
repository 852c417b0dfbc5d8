/**
 * The introduction email each person of a new match gets: who their match is
 * and how to reach them, what they have in common to start the first
 * conversation, and the program's expectations. In youth programs the contact
 * goes through the coordinator unless the program's safeguarding settings let a
 * side see the other's email (`mentorSees` / `menteeSees`), and the guardian
 * gets the introduction too (with the mentor's email when the mentee gets it).
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { schema } from "@tandem/db";
import type { AppConfig } from "../config.js";
import { isJobProcessed, markJobProcessed } from "../data/jobs.js";
import type { TenantData } from "../data/tenant-data.js";
import type { Mailer } from "../email/mailer.js";
import { renderEmail } from "../email/render.js";
import { log } from "../log.js";
import { portalUrl, tenantOrigin } from "./relationship-emails.js";
import { pairCommonGround } from "./relationships.js";
import { safeguardingSettingsOf } from "./safeguarding.js";
import { PORTAL_LINK_TTL_DAYS } from "./signed-links.js";

type ApplicationRow = typeof schema.applications.$inferSelect;

export interface IntroductionContext {
  tenantData: TenantData;
  mailer: Mailer;
  /** Where links point: the origin of the request that made the match; else the configured one. */
  origin?: string;
  /** For each person's link to their mentoring space (signed with the app secret); without it the email carries no link. */
  config?: AppConfig;
  /** The job's idempotency key: each recipient's email is recorded under it, so a retry skips those already sent. */
  jobKey: string;
}

export async function sendMatchIntroduction(context: IntroductionContext, matchId: string): Promise<void> {
  const { tenantData } = context;
  const match = await tenantData.findOne(schema.matches, eq(schema.matches.id, matchId));
  if (!match || match.status !== "active") {
    log("info", "introduction no longer needed", { matchId, status: match?.status ?? "deleted" });
    return;
  }
  const [program, people] = await Promise.all([
    tenantData.findOne(schema.programs, eq(schema.programs.id, match.programId)),
    tenantData.find(schema.applications, inArray(schema.applications.id, [match.mentorApplicationId, match.menteeApplicationId])),
  ]);
  const mentor = people.find((person) => person.id === match.mentorApplicationId);
  const mentee = people.find((person) => person.id === match.menteeApplicationId);
  if (!program || !mentor || !mentee) return;

  const common = await pairCommonGround(tenantData, program, match, mentor, mentee);
  const youth = program.guardianConsentUnderAge !== null;
  // Who sees whose email: everyone outside youth programs; in one, as the coordinator chose for each side.
  const sharing = youth ? await safeguardingSettingsOf(tenantData, program.id) : null;
  const sees = { mentor: !sharing || sharing.mentorSees === "name_and_email", mentee: !sharing || sharing.menteeSees === "name_and_email" };
  const fullName = (person: ApplicationRow) => `${person.firstName} ${person.lastName}`;

  const commonLines = common.map((item) => `${item.label.replace(/\?$/, "")}: ${item.values.join(", ")}`);
  const paragraphsFor = (self: "mentor" | "mentee", other: ApplicationRow) => [
    self === "mentor"
      ? `You are now the mentor of ${fullName(other)} in ${program.name} at ${tenantData.tenant.name}.`
      : `${fullName(other)} is now your mentor in ${program.name} at ${tenantData.tenant.name}.`,
    !youth
      ? `Say hello and suggest a first meeting: ${other.firstName} is at ${other.email}.`
      : sees[self]
        ? `Your coordinator will arrange your first meeting. You can also reach ${other.firstName} at ${other.email}; please keep your messages to the program's arrangements.`
        : "Your coordinator will arrange your first meeting and share contact details as the program's safeguarding rules allow.",
    ...(commonLines.length > 0 ? [`You have this in common — a good place to start your first conversation: ${commonLines.join("; ")}.`] : []),
    ...(program.expectations ? [`What you both agree to: ${program.expectations}`] : []),
  ];

  // Each person's own link to the pair's mentoring space: agreement, goals, check-ins, surveys.
  const origin = context.origin ?? (context.config ? tenantOrigin(context.config, tenantData.tenant.slug) : null);
  const spaceOf = async (person: ApplicationRow) =>
    context.config && origin ? { label: "Your mentoring space", url: await portalUrl(context.config.authSecret, origin, tenantData.tenant, match.id, person.id, Date.now()) } : undefined;
  const space = "In your mentoring space you both acknowledge the program's expectations, set goals, log your meetings and answer short surveys.";
  const emails: { recipient: string; to: string; greeting: string; subject: string; paragraphs: string[]; action?: { label: string; url: string }; footnote?: string }[] = [
    { recipient: "mentor", to: mentor.email, greeting: `Hi ${mentor.firstName},`, subject: `Meet your mentee, ${mentee.firstName} — ${program.name}`, paragraphs: paragraphsFor("mentor", mentee), action: await spaceOf(mentor) },
    { recipient: "mentee", to: mentee.email, greeting: `Hi ${mentee.firstName},`, subject: `Meet your mentor, ${mentor.firstName} — ${program.name}`, paragraphs: paragraphsFor("mentee", mentor), action: await spaceOf(mentee) },
  ];
  for (const email of emails) {
    if (!email.action) continue;
    email.paragraphs.push(space);
    email.footnote = `The link is yours alone and works for ${PORTAL_LINK_TTL_DAYS} days; reminders from the program bring fresh ones.`;
  }
  const guardianEmail = mentee.answers.guardian_email;
  if (youth && typeof guardianEmail === "string" && guardianEmail) {
    emails.push({
      recipient: "guardian",
      to: guardianEmail,
      greeting: `Dear ${String(mentee.answers.guardian_name ?? "parent or guardian")},`,
      subject: `${mentee.firstName} has been matched with a mentor — ${program.name}`,
      paragraphs: [
        `${mentee.firstName} has been matched with ${fullName(mentor)}, a screened mentor in ${program.name} at ${tenantData.tenant.name}.`,
        "The program's coordinator will be in touch about the first meeting. You can contact the coordinator at any time with questions or concerns.",
        ...(sees.mentee ? [`The program shares the mentor's email with ${mentee.firstName}: ${mentor.firstName} is at ${mentor.email}.`] : []),
        ...(program.expectations ? [`What the mentor and mentee agree to: ${program.expectations}`] : []),
      ],
    });
  }

  for (const email of emails) {
    // One ledger entry per recipient: a retry after a failure part-way sends only what is missing.
    const key = `${context.jobKey}:${email.recipient}`;
    if (await isJobProcessed(tenantData.db, key)) continue;
    const { text, html } = renderEmail({ greeting: email.greeting, paragraphs: email.paragraphs, action: email.action, footnote: email.footnote });
    await context.mailer.send({ to: email.to, subject: email.subject, text, html, kind: "match.introduction", tenantId: tenantData.tenant.id });
    await markJobProcessed(tenantData.db, key, "match.introduce");
  }
  await tenantData.write([tenantData.update(schema.matches, { introducedAt: new Date() }, and(eq(schema.matches.id, match.id), isNull(schema.matches.introducedAt))!)]);
}
