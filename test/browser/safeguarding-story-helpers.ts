/**
 * Pieces of the safeguarding story (safeguarding-story.test.ts, issue #8):
 * local dates in the institution's time zone, the dev database, the embedded
 * community enrollment form as a volunteer or a young person fills it, and a
 * screenshot of one part of a page.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { openDatabase } from "@tandem/db";
import type { Locator, Page } from "playwright-core";
import { DOC_SCREENSHOTS, SCREENSHOTS } from "./browser.js";

const DAY_MS = 86_400_000;

/** The local calendar date `offset` days from today in `zone` (the institution's, and the browser's). */
export function localDay(zone: string, offset = 0): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(Date.now() + offset * DAY_MS));
}

/** A local date as the console writes it for an en-US reader ("Mar 4, 2026"). */
export function mediumDay(iso: string): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
}

/** A local date as the applicant's pages write it ("March 4, 2026"). */
export function longDay(iso: string): string {
  return new Intl.DateTimeFormat("en-US", { month: "long", day: "numeric", year: "numeric", timeZone: "UTC" }).format(new Date(`${iso}T12:00:00Z`));
}

/** SQL against the dev runner's own libSQL server. */
export async function query<T = Record<string, unknown>>(dbPort: number, sql: string, args: (string | number)[] = []): Promise<T[]> {
  const { client } = openDatabase({ url: `http://127.0.0.1:${dbPort}` });
  try {
    return (await client.execute({ sql, args })).rows as unknown as T[];
  } finally {
    client.close();
  }
}

/** A page of the institution's own website (another origin): its heading, a line of text, and the embed snippet. */
export function websitePage(title: string, intro: string, appUrl: string, tenant: string, program: string, role: "mentor" | "mentee"): string {
  const snippet = `<script src="${appUrl}/embed.js" data-tenant="${tenant}" data-program="${program}" data-role="${role}" async></script>`;
  return `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body>\n<main>\n<h1>${title}</h1>\n<p>${intro}</p>\n${snippet}\n</main>\n</body>\n</html>\n`;
}

/** The server refuses a form sent faster than a person fills one (3 s): wait out the rest, as a person would have taken it. */
export async function asAPersonWould(shownAt: number, page: Page): Promise<void> {
  const left = shownAt + 3_500 - Date.now();
  if (left > 0) await page.waitForTimeout(left);
}

export interface Volunteer {
  firstName: string;
  lastName: string;
  email: string;
}

/** The answers both roles give on a community program's starter form, so the engine finds them a good pair. */
async function fillShared(page: Page, person: Volunteer, role: "mentor" | "mentee"): Promise<void> {
  await page.getByLabel("First name").fill(person.firstName);
  await page.getByLabel("Last name").fill(person.lastName);
  await page.getByLabel("Email address", { exact: true }).fill(person.email);
  const interests = page.getByRole("group", { name: "What are your interests?" });
  for (const interest of ["Music", "Soccer"]) await interests.getByLabel(interest, { exact: true }).check();
  await page.getByRole("group", { name: "Which languages do you speak comfortably?" }).getByLabel("English", { exact: true }).check();
  await page.getByLabel(role === "mentee" ? "Which neighborhood do you live in?" : "Which neighborhood do you live or work in?").fill("Riverside");
  await page.getByRole("group", { name: "How would you like to meet?" }).getByLabel("In person", { exact: true }).check();
  for (const slot of ["Saturday, Morning", "Wednesday, Afternoon"]) await page.getByRole("checkbox", { name: slot }).check();
}

/** A volunteer's answers in the embedded community mentor form. */
export async function fillMentorForm(page: Page, volunteer: Volunteer): Promise<void> {
  await fillShared(page, volunteer, "mentor");
  await page.getByLabel("Who is your employer?").fill("Riverside Bank");
  await page.getByLabel("What is your job?").fill("Teller");
  await page.getByLabel("Tell us about yourself and why you want to mentor").fill("I coach a youth soccer team on Saturdays and play in a community band.");
  await page.getByLabel(/^I have read the code of conduct/).check();
  await page.getByLabel(/^I agree to a background check/).check();
}

/** A young person's answers in the embedded community mentee form, with their date of birth and their guardian. */
export async function fillMenteeForm(page: Page, mentee: Volunteer, dateOfBirth: string, guardian: { name: string; email: string }): Promise<void> {
  await fillShared(page, mentee, "mentee");
  await page.getByLabel("Date of birth").fill(dateOfBirth);
  await page.getByLabel(/^Parent or guardian's full name/).fill(guardian.name);
  await page.getByLabel(/^Parent or guardian's email address/).fill(guardian.email);
  await page.getByLabel("Which school do you go to?").fill("Riverside Middle School");
  await page.getByLabel("Tell us about yourself", { exact: true }).fill("I play soccer and the trumpet, and I'd like help with homework.");
}

/** A screenshot of one part of a page into test-artifacts (and, with UPDATE_README_SCREENSHOTS=1 and `docs`, into docs/screenshots). */
export async function partScreenshot(part: Locator, name: string, options: { docs?: boolean } = {}): Promise<void> {
  const forReadme = options.docs && process.env.UPDATE_README_SCREENSHOTS === "1";
  mkdirSync(SCREENSHOTS, { recursive: true });
  if (forReadme) await part.page().evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await part.screenshot({ path: join(SCREENSHOTS, `${name}.png`), animations: "disabled" });
  if (forReadme) {
    mkdirSync(DOC_SCREENSHOTS, { recursive: true });
    await part.screenshot({ path: join(DOC_SCREENSHOTS, `${name}.png`), animations: "disabled" });
  }
}
