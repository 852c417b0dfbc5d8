/**
 * The emails of volunteer screening: the referee's request (with the one-time
 * form link), the note to coordinators that a reference arrived (never its
 * answers: they read those on the screening page, where the read is audited),
 * and the coordinators' notice that background checks expired.
 */
import { schema } from "@tandem/db";
import type { TenantData } from "../data/tenant-data.js";
import type { Mailer } from "../email/mailer.js";
import { type EmailBrand, renderEmail } from "../email/render.js";
import { coordinatorsOf } from "./relationship-emails.js";

type ProgramRow = typeof schema.programs.$inferSelect;
type ApplicationRow = typeof schema.applications.$inferSelect;


/** The console page where coordinators read a program's screening records. */
export function screeningPageUrl(origin: string, tenantSlug: string, programSlug: string): string {
  return `${origin}/console/${encodeURIComponent(tenantSlug)}/programs/${encodeURIComponent(programSlug)}/screening`;
}

/** The referee's form, opened from their email without an account. */
export function referenceFormUrl(origin: string, tenantSlug: string, token: string): string {
  return `${origin}/reference.html?tenant=${encodeURIComponent(tenantSlug)}&token=${encodeURIComponent(token)}`;
}

async function brandOf(tenantData: TenantData): Promise<EmailBrand> {
  const settings = await tenantData.settings();
  return { name: tenantData.tenant.name, color: settings?.brandColor, logoUrl: settings?.logoUrl };
}

/** Asks a referee to answer a few questions about a volunteer, with a one-time link. */
export async function emailReferee(
  mailer: Mailer,
  origin: string,
  tenantData: TenantData,
  program: ProgramRow,
  mentor: Pick<ApplicationRow, "firstName" | "lastName">,
  referee: { name: string; email: string },
  token: string,
): Promise<void> {
  const mentorName = `${mentor.firstName} ${mentor.lastName}`;
  const { text, html } = renderEmail({
    brand: await brandOf(tenantData),
    greeting: `Dear ${referee.name},`,
    paragraphs: [
      `${mentorName} has offered to volunteer as a mentor in ${program.name}, a program run by ${tenantData.tenant.name}, and named you as a referee.`,
      "Mentors spend time with young people, so we ask people who know them a few short questions. It takes about five minutes, and you don't need an account.",
      `Your answers go to the program's coordinators only; ${mentor.firstName} does not see them.`,
    ],
    action: { label: `Give a reference for ${mentor.firstName}`, url: referenceFormUrl(origin, tenantData.tenant.slug, token) },
    footnote: "The link works once. If you don't know this person or did not expect this email, you can ignore it.",
  });
  await mailer.send({ to: referee.email, subject: `A reference for ${mentorName} — ${program.name}`, text, html, kind: "screening.reference_request", tenantId: tenantData.tenant.id });
}

/** Tells the program's coordinators that a reference arrived; the answers stay on the screening page. */
export async function emailReferenceArrived(mailer: Mailer, origin: string, tenantData: TenantData, program: ProgramRow, mentor: Pick<ApplicationRow, "firstName" | "lastName">, refereeName: string): Promise<void> {
  const mentorName = `${mentor.firstName} ${mentor.lastName}`;
  for (const person of await coordinatorsOf(tenantData, program.id)) {
    const { text, html } = renderEmail({
      greeting: `Hi ${person.name},`,
      paragraphs: [`${refereeName} has sent a reference for ${mentorName}, a volunteer mentor in ${program.name}.`, "Read it on the program's screening page."],
      action: { label: "Open the screening page", url: screeningPageUrl(origin, tenantData.tenant.slug, program.slug) },
    });
    await mailer.send({ to: person.email, subject: `A reference arrived for ${mentorName} — ${program.name}`, text, html, kind: "screening.reference_received", tenantId: tenantData.tenant.id });
  }
}

export interface ExpiredCheck {
  firstName: string;
  lastName: string;
  clearedOn: string | null;
  expiresOn: string;
}

/** One email per person who runs the program, listing every mentor whose background check expired. */
export async function emailChecksExpired(mailer: Mailer, origin: string, tenantData: TenantData, program: ProgramRow, expired: readonly ExpiredCheck[]): Promise<void> {
  const lines = expired.map((check) => `${check.firstName} ${check.lastName}: cleared ${check.clearedOn ?? "(date not recorded)"}, expired ${check.expiresOn}.`);
  const many = expired.length !== 1;
  for (const person of await coordinatorsOf(tenantData, program.id)) {
    const { text, html } = renderEmail({
      greeting: `Hi ${person.name},`,
      paragraphs: [
        `${many ? `The background checks of ${expired.length} volunteer mentors` : "A volunteer mentor's background check"} in ${program.name} ${many ? "have" : "has"} expired:`,
        ...lines,
        `${many ? "They are" : "This mentor is"} out of matching until a new check is recorded as cleared. Existing matches are not changed.`,
      ],
      action: { label: "Open the screening page", url: screeningPageUrl(origin, tenantData.tenant.slug, program.slug) },
    });
    await mailer.send({
      to: person.email,
      subject: `${many ? `${expired.length} background checks` : "A background check"} expired — ${program.name}`,
      text,
      html,
      kind: "screening.check_expired",
      tenantId: tenantData.tenant.id,
    });
  }
}
