/**
 * Pieces of the end-to-end story test (story.test.ts): the dev outbox, a
 * website on another origin that holds only the embed snippet, the people who
 * apply, the dev database, and one-click check-in links signed as the Worker
 * signs them.
 */
import { createHmac, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { type CheckinDuration, checkinLinkPayload } from "@tandem/relationships";
import { type DevProcess, freePort } from "../e2e/dev-process.js";
import { authSecret, emailsTo } from "./harness.js";

// ---------------------------------------------------------------- the dev outbox

/**
 * The first link in an email to `to` that `wanted` accepts, waiting for the email
 * as a person waits for mail. Links name the app's public origin; the returned
 * one is on this run's server.
 */
export async function linkFromOutbox(dev: DevProcess, to: string, wanted: (link: URL) => boolean, timeout = 30_000): Promise<string> {
  const deadline = Date.now() + timeout;
  do {
    for (const email of await emailsTo(dev, to)) {
      for (const candidate of email.links) {
        const url = new URL(candidate, dev.url);
        if (wanted(url)) return `${dev.url}${url.pathname}${url.search}${url.hash}`;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  } while (Date.now() < deadline);
  throw new Error(`no email to ${to} with the link wanted; the outbox has ${JSON.stringify((await emailsTo(dev, to)).map((email) => email.subject))}`);
}

/** A portal link's match: its token is `p1.<tenant>.<match>.<application>.<expiry>.<signature>`. */
export function portalMatchOf(link: URL): string | undefined {
  if (link.pathname !== "/portal" && link.pathname !== "/portal.html") return undefined;
  return link.searchParams.get("token")?.split(".")[2];
}

// ---------------------------------------------------------------- the institution's website (another origin)

/** Serves `pages` (path → HTML) on 127.0.0.1 at a free port: another origin than the app's. */
export async function startWebsite(pages: Record<string, string>): Promise<{ url: string; server: Server }> {
  const port = await freePort();
  const server = createServer((request, response) => {
    const page = pages[new URL(request.url ?? "/", "http://host").pathname];
    response.writeHead(page ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    response.end(page ?? "Not found");
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${port}`, server };
}

/** A plain page holding nothing but the snippet a school web developer pastes. */
export function snippetPage(title: string, appUrl: string, tenant: string, program: string, role: "mentor" | "mentee"): string {
  const snippet = `<script src="${appUrl}/embed.js" data-tenant="${tenant}" data-program="${program}" data-role="${role}" async></script>`;
  return `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${title}</title></head>\n<body>\n<main>\n${snippet}\n</main>\n</body>\n</html>\n`;
}

// ---------------------------------------------------------------- the applicants

export type Answers = Record<string, string | number | string[]>;

const FIRST = ["Leo", "Amara", "Noah", "Sofia", "Kenji", "Zara", "Omar", "Lucia", "Ethan", "Priya", "Jonas", "Fatima", "Mateo", "Chloe", "Dmitri", "Aisha", "Felix", "Ines", "Tariq", "Hana", "Marco", "Yara", "Oscar", "Leila", "Ravi", "Elena", "Kofi", "Nadia", "Theo", "Mina", "Samir", "Greta", "Iker", "Lena", "Bruno", "Aiko", "Hugo", "Selin"];
const LAST = ["Park", "Garcia", "Nguyen", "Brien", "Schmidt", "Haddad", "Kowalski", "Silva", "Ivanova", "Mensah", "Tanaka", "Rossi", "Dubois", "Larsen", "Novak", "Costa", "Ahmed", "Murphy", "Kim"];
const MAJORS = ["biology", "computer_science", "psychology", "nursing", "economics", "history", "mathematics", "english", "chemistry", "education"];
const GOALS = ["make_friends", "study_habits", "time_management", "manage_stress", "choose_a_major", "get_involved_in_clubs", "navigate_campus_resources", "find_a_research_opportunity", "find_an_internship", "balance_work_and_school", "budgeting", "homesickness"];
const INTERESTS = ["music", "fitness", "gaming", "film", "travel", "cooking", "reading", "photography", "hiking", "basketball", "soccer", "art", "coding", "volunteering", "writing", "dance", "board_games", "chess", "robotics", "gardening"];
/** Every applicant can meet on Monday evenings, so availability never decides alone; the other slots vary. */
const SLOTS = ["tue_afternoon", "wed_morning", "thu_evening", "fri_afternoon", "sat_morning", "sun_evening", "wed_evening"];
const BIOS = [
  "I love music and hiking and want help with study habits.",
  "Into chess, coding and robotics; looking for someone to talk courses with.",
  "I cook, travel and sometimes worry about stress before exams.",
  "History and reading, looking for friends and clubs on campus.",
  "Budgeting and internships are on my mind this year.",
  "Film nights, photography and a part-time job: balancing it all.",
];

/** `count` items of `list` starting at `start`, wrapping: varied, but the same on every run. */
const slice = <T>(list: readonly T[], start: number, count: number) => Array.from({ length: count }, (_, i) => list[(start + i) % list.length]!);

export interface Applicant {
  role: "mentor" | "mentee";
  firstName: string;
  lastName: string;
  email: string;
  answers: Answers;
}

/**
 * The people who apply through the endpoint the widget uses: `mentees` mentees
 * (the last `unmatchable` of them speak only Swahili, which no mentor speaks) and
 * `mentors` mentors, with varied majors, goals, interests and times.
 */
export function applicants(mentees: number, mentors: number, unmatchable: number): Applicant[] {
  const people: Applicant[] = [];
  for (let i = 0; i < mentors + mentees; i++) {
    const role = i < mentors ? "mentor" : "mentee";
    const n = role === "mentor" ? i : i - mentors;
    const firstName = FIRST[i % FIRST.length]!;
    const lastName = LAST[(i * 7) % LAST.length]!;
    const swahiliOnly = role === "mentee" && n >= mentees - unmatchable;
    people.push({
      role,
      firstName,
      lastName,
      email: `${firstName}.${lastName}.${role}${n}@students.example`.toLowerCase(),
      answers: {
        first_name: firstName,
        last_name: lastName,
        email: `${firstName}.${lastName}.${role}${n}@students.example`.toLowerCase(),
        major: MAJORS[(i * 3) % MAJORS.length]!,
        year: role === "mentor" ? 2 + (n % 3) : 1,
        goals: slice(GOALS, i * 5, role === "mentor" ? 3 : 1 + (n % 3)),
        interests: slice(INTERESTS, i * 3, 2 + (i % 4)),
        availability: ["mon_evening", ...slice(SLOTS, i, role === "mentor" ? 3 : 1 + (n % 2))],
        languages: swahiliOnly ? ["sw"] : i % 5 === 0 ? ["en", "es"] : ["en"],
        bio: BIOS[i % BIOS.length]!,
      },
    });
  }
  return people;
}

// ---------------------------------------------------------------- the dev database

/** The libSQL server the dev runner started: its banner names it ("Database: libSQL server at http://…"). */
export function libsqlUrlOf(dev: DevProcess): string {
  const url = /Database: libSQL server at (http:\/\/\S+)/.exec(dev.output())?.[1];
  if (!url) throw new Error(`the dev runner did not say where its database is:\n${dev.output().slice(0, 2000)}`);
  return url;
}

/** `value` rounded half away from zero, as the analytics figures are (1.005 → 1.01). */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return (Math.sign(value) * Math.round((Math.abs(value) + Number.EPSILON) * factor)) / factor;
}

// ---------------------------------------------------------------- one-click check-in links

/**
 * A "We met (minutes)" link of a check-in reminder email, signed as
 * workers/app/src/services/signed-links.ts signs it. Reminder emails go out from
 * the cron only once a check-in is due (days after the match starts), so the
 * story makes the link the email would carry.
 */
export function checkinMetLink(appUrl: string, tenant: string, ids: { tenantId: string; matchId: string; personId: string }, minutes: CheckinDuration): string {
  const payload = checkinLinkPayload({ ...ids, linkId: randomUUID(), answer: "met", minutes, expiresAt: Date.now() + 14 * 86_400_000 });
  const signature = createHmac("sha256", authSecret()).update(`checkin\n${payload}`).digest("base64url");
  return `${appUrl}/checkin?t=${encodeURIComponent(tenant)}&link=${encodeURIComponent(`${payload}.${signature}`)}`;
}
