/**
 * `pnpm bench:analytics`: program analytics at the size issue #7 names — one
 * program with 5,000 participants (2,500 mentors, 2,500 mentees, 2,500 pairs),
 * 50,000 check-ins and 35,000 survey responses (five pulses, a midpoint and a
 * final survey per person) — in Node against our local libSQL server on a
 * file. Every application answers the forms' three choice questions (the
 * cohort filter's), the program has a daily health snapshot for each of its
 * 150 days, and a matching run left 250 of 300 late mentees unmatched with
 * the engine's reasons. Seeds with multi-row INSERTs, then calls the Worker's
 * own service (`programAnalytics`, the whole of the route's work after
 * sign-in) once to warm up and `--runs` times for each kind of report — by
 * month (the default), by week, for one cohort, for a 30-day range — and
 * reports the median and maximum time and the database round trips (HTTP
 * requests, counted at `fetch`) per report. Prints Markdown for
 * docs/benchmarks.md. Not a test: numbers depend on the machine.
 *
 * Options: --pairs N (2,500), --checkins N per pair (20), --runs N (10), --keep (leave the database file).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createClient, type InStatement } from "@libsql/client";
import { countDatabaseRequests, inserts, machine, seededRandom } from "./shared.js";
import { openDatabase } from "@tandem/db";
import { applyMigrations } from "@tandem/db/migrate";
import { startLibsqlServer } from "@tandem/libsql-server";
import { TenantData } from "../src/data/tenant-data.js";
import { programAnalytics } from "../src/services/analytics.js";

const { values: options } = parseArgs({
  options: { pairs: { type: "string", default: "2500" }, checkins: { type: "string", default: "20" }, runs: { type: "string", default: "10" }, keep: { type: "boolean", default: false } },
});
const PAIRS = Number(options.pairs);
const CHECKINS_PER_PAIR = Number(options.checkins);
const RUNS = Number(options.runs);
const DAY = 86_400_000;
const NOW = Date.now();
const TARGET_MS = 300;
const TENANT = { id: "bench-tenant", slug: "bench", name: "Bench University", kind: "university" as const, timezone: "America/Chicago" };
const PROGRAM = "bench-program";

const random = seededRandom(2026);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
const isoDate = (instant: number) => new Date(instant).toISOString().slice(0, 10);



/** The forms' choice questions: what a report can be filtered by. */
const choices = (values: string[]) => values.map((value) => ({ value, label: value.replace(/_/g, " ") }));
const YEARS = ["first", "second", "third", "fourth"];
const TERMS = ["fall_2025", "spring_2026"];
const GOALS = ["make_friends", "study_habits", "time_management", "manage_stress", "choose_a_major", "find_an_internship"];
const FORM_QUESTIONS = [
  { key: "year_of_study", type: "single_choice", label: "Which year of study are you in?", required: true, choices: choices(YEARS) },
  { key: "entry_term", type: "single_choice", label: "When did you start?", required: true, choices: choices(TERMS) },
  { key: "goals", type: "multiple_choice", label: "What would you like help with?", required: true, choices: choices(GOALS), max: 3 },
];
/** The cohort the bench filters by. */
const COHORT = { cohortQuestion: "year_of_study", cohort: "first" };
const LATE_MENTEES = 300;

/**
 * The program started 150 days ago and ends in 30. Applications came in over
 * the 60 days before; pairs were matched 1–30 days after applying; each pair
 * logged `CHECKINS_PER_PAIR` check-ins (85 % met) over its time; 8 % of pairs
 * closed early with a reason. Every person answered five pulses, the midpoint
 * and the final survey (with the 0–10 recommendation). Every application
 * answers the forms' choice questions; the reminder scan's daily health
 * snapshot exists for each day since the start; a matching run 20 days ago
 * left 250 of 300 late mentees out (the other 50 were approved after it).
 */
function seed(): InStatement[] {
  const programId = `${TENANT.id}-program`;
  const startsAt = NOW - 150 * DAY;
  const form = JSON.stringify({ version: 1, questions: FORM_QUESTIONS });
  const statements: InStatement[] = [
    { sql: "INSERT INTO tenants (id, slug, name, kind, timezone) VALUES (?, ?, ?, ?, ?)", args: [TENANT.id, TENANT.slug, TENANT.name, TENANT.kind, TENANT.timezone] },
    {
      sql: "INSERT INTO programs (id, tenant_id, slug, name, type, status, starts_on, ends_on, checkin_cadence_days) VALUES (?, ?, ?, 'Peer Mentoring', 'peer', 'active', ?, ?, 14)",
      args: [programId, TENANT.id, PROGRAM, isoDate(startsAt), isoDate(NOW + 30 * DAY)],
    },
    { sql: "INSERT INTO program_forms (tenant_id, program_id, role, definition) VALUES (?, ?, 'mentor', ?), (?, ?, 'mentee', ?)", args: [TENANT.id, programId, form, TENANT.id, programId, form] },
  ];
  const answers = () => JSON.stringify({ year_of_study: pick(YEARS), entry_term: pick(TERMS), goals: [...new Set([pick(GOALS), pick(GOALS)])] });
  const applications: unknown[][] = [];
  const matches: unknown[][] = [];
  const closures: unknown[][] = [];
  const checkins: unknown[][] = [];
  const responses: unknown[][] = [];
  const reasons = ["schedule_conflict", "lost_contact", "not_a_good_fit", "personal_circumstances", "left_program"];
  const yesMaybeNo = ["yes", "yes", "yes", "maybe", "no"];
  for (let pair = 0; pair < PAIRS; pair++) {
    const [mentor, mentee, matchId] = [`m-${pair}`, `e-${pair}`, `match-${pair}`];
    const appliedAt = startsAt - Math.floor(random() * 60) * DAY;
    const startedAt = appliedAt + (1 + Math.floor(random() * 30)) * DAY;
    applications.push([mentor, TENANT.id, programId, "mentor", "approved", `Mentor${pair}`, "Bench", `mentor-${pair}@bench.test`, answers(), appliedAt]);
    applications.push([mentee, TENANT.id, programId, "mentee", "approved", `Mentee${pair}`, "Bench", `mentee-${pair}@bench.test`, answers(), appliedAt]);
    const closedAt = random() < 0.08 ? startedAt + Math.floor(random() * 100) * DAY : null;
    matches.push([matchId, TENANT.id, programId, mentor, mentee, closedAt ? "closed" : "active", "matching_run", Math.round(random() * 1000) / 1000, startedAt, closedAt, startedAt]);
    if (closedAt) closures.push([TENANT.id, matchId, pick(reasons), "mentee"]);
    const end = closedAt ?? NOW;
    for (let n = 0; n < CHECKINS_PER_PAIR; n++) {
      const at = startedAt + Math.floor(random() * Math.max(1, (end - startedAt) / DAY)) * DAY;
      const met = random() < 0.85;
      checkins.push([`${matchId}-c${n}`, TENANT.id, matchId, n % 2 ? mentor : mentee, "portal", met ? "met" : "not_yet", met ? isoDate(at) : null, met ? 45 : null, met ? 4 : null, at]);
    }
    for (const [person, role] of [[mentor, "mentor"], [mentee, "mentee"]] as const) {
      for (let n = 1; n <= 5; n++) {
        const at = startsAt + n * 14 * DAY + Math.floor(random() * 5) * DAY;
        const rating = 1 + Math.floor(random() * 5);
        responses.push([`${matchId}-${role}-pulse-${n}`, TENANT.id, programId, matchId, person, `pulse-${n}`, rating, JSON.stringify({ rating }), at, at]);
      }
      const midpointAt = startsAt + 60 * DAY;
      const midpoint = { rating: 1 + Math.floor(random() * 5), meeting_frequency: pick(["more", "as_expected", "as_expected", "less"]), goals_progress: 1 + Math.floor(random() * 5) };
      responses.push([`${matchId}-${role}-midpoint`, TENANT.id, programId, matchId, person, "midpoint", midpoint.rating, JSON.stringify(midpoint), midpointAt, midpointAt]);
      const finalAt = NOW - Math.floor(random() * 10) * DAY;
      const final = {
        rating: 1 + Math.floor(random() * 5),
        goals_progress: 1 + Math.floor(random() * 5),
        recommend: pick(yesMaybeNo),
        recommend_score: Math.min(10, Math.floor(random() * 12)),
        ...(role === "mentee" ? { confidence: 1 + Math.floor(random() * 5) } : { mentor_again: pick(yesMaybeNo) }),
        highlight: "The conversations.",
      };
      responses.push([`${matchId}-${role}-final`, TENANT.id, programId, matchId, person, "final", final.rating, JSON.stringify(final), finalAt, finalAt]);
    }
  }
  // A waitlist and some refusals, so every status has rows.
  for (let n = 0; n < 200; n++) applications.push([`x-${n}`, TENANT.id, programId, n % 2 ? "mentor" : "mentee", pick(["waitlisted", "rejected", "submitted", "withdrawn"]), `Extra${n}`, "Bench", `extra-${n}@bench.test`, answers(), startsAt - Math.floor(random() * 60) * DAY]);
  // Late mentees, approved and unmatched: the last run (20 days ago) left 250 out with the engine's reasons; 50 came after it.
  const unmatched: { mentee: string; reason: string }[] = [];
  const engineReasons = ["all compatible mentors are at capacity", "no mentor shares the required languages", "no mentor shares the required availability", "this mentee has no answer for the required languages"];
  for (let n = 0; n < LATE_MENTEES; n++) {
    applications.push([`late-${n}`, TENANT.id, programId, "mentee", "approved", `Late${n}`, "Bench", `late-${n}@bench.test`, answers(), NOW - (n < 250 ? 30 : 10) * DAY]);
    if (n < 250) unmatched.push({ mentee: `late-${n}`, reason: pick(engineReasons) });
  }
  const run = { pairs: [], unmatched, openPlaces: {}, stats: { matched: 0, totalScore: 0, minScore: null, elapsedMs: 12 } };
  statements.push({
    sql: "INSERT INTO matching_runs (id, tenant_id, program_id, status, settings, proposal, created_at, completed_at, decided_at) VALUES (?, ?, ?, 'approved', '{}', ?, ?, ?, ?)",
    args: [`${TENANT.id}-run`, TENANT.id, programId, JSON.stringify(run), NOW - 20 * DAY, NOW - 20 * DAY, NOW - 20 * DAY],
  });
  // The reminder scan's daily health snapshot, one per day since the program started.
  const snapshots: unknown[][] = [];
  for (let day = 150; day >= 1; day--) {
    const open = Math.round(PAIRS * (1 - (0.08 * (150 - day)) / 150));
    const atRisk = Math.floor(open * (0.05 + random() * 0.1));
    const needsAttention = Math.floor(open * (0.1 + random() * 0.1));
    snapshots.push([TENANT.id, programId, isoDate(NOW - day * DAY), open - atRisk - needsAttention, needsAttention, atRisk]);
  }
  return [
    ...statements,
    ...inserts("applications", ["id", "tenant_id", "program_id", "role", "status", "first_name", "last_name", "email", "answers", "created_at"], applications),
    ...inserts("matches", ["id", "tenant_id", "program_id", "mentor_application_id", "mentee_application_id", "status", "source", "score", "started_at", "closed_at", "introduced_at"], matches),
    ...inserts("match_relationships", ["tenant_id", "match_id", "close_reason", "closed_by"], closures),
    ...inserts("checkins", ["id", "tenant_id", "match_id", "author_application_id", "source", "outcome", "meeting_on", "duration_minutes", "rating", "created_at"], checkins),
    ...inserts("survey_responses", ["id", "tenant_id", "program_id", "match_id", "application_id", "survey_key", "rating", "answers", "created_at", "updated_at"], responses),
    ...inserts("program_health_snapshots", ["tenant_id", "program_id", "day", "on_track", "needs_attention", "at_risk"], snapshots),
  ];
}


const print = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "tandem-bench-analytics-"));
  const server = await startLibsqlServer({ db: join(dir, "bench.db") });
  try {
    await applyMigrations({ url: server.url });
    const seeding = createClient({ url: server.url });
    const seedStarted = performance.now();
    // In batches of a few statements: one request per batch stays small enough for the server.
    const statements = seed();
    for (let start = 0; start < statements.length; start += 10) await seeding.batch(statements.slice(start, start + 10), "write");
    const seedMs = performance.now() - seedStarted;
    const count = async (table: string) => Number((await seeding.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
    const [applications, matches, checkins, responses, snapshots] = [await count("applications"), await count("matches"), await count("checkins"), await count("survey_responses"), await count("program_health_snapshots")];
    seeding.close();
    console.error(`seeded ${applications} applications, ${matches} matches, ${checkins} check-ins, ${responses} survey responses in ${seconds(seedMs)}`);

    const roundTrips = countDatabaseRequests(server.url);
    const { db } = openDatabase({ url: server.url, timeoutMs: 30_000 });
    const tenantData = new TenantData(TENANT, db);
    type Report = Awaited<ReturnType<typeof programAnalytics>>;
    /** `RUNS` reports of one kind after a warm-up run (which opens the connection and warms the server's page cache). */
    const measure = async (query: Parameters<typeof programAnalytics>[2]) => {
      const timings: number[] = [];
      const trips: number[] = [];
      let report: Report | null = null;
      for (let run = 0; run <= RUNS; run++) {
        const [started, before] = [performance.now(), roundTrips()];
        report = await programAnalytics(tenantData, PROGRAM, query, NOW);
        if (run > 0) {
          timings.push(performance.now() - started);
          trips.push(roundTrips() - before);
        }
      }
      return { timings, trips, report: report! };
    };
    const monthly = await measure({});
    const weekly = await measure({ period: "week" });
    const cohort = await measure(COHORT);
    const range = await measure({ from: isoDate(NOW - 60 * DAY), to: isoDate(NOW - 30 * DAY) });
    const { trips, report } = monthly;

    const ms = (value: number) => `${Math.round(value)} ms`;
    const row = (label: string, result: { timings: number[] }) => print(`| ${label}, median / max | ${ms(median(result.timings))} / ${ms(Math.max(...result.timings))} |`);
    print(`Machine: ${machine()}, ${new Date().toISOString().slice(0, 10)}\n`);
    print(
      `One program: ${applications.toLocaleString("en-US")} applications (${(PAIRS * 2).toLocaleString("en-US")} approved participants and ${LATE_MENTEES} late mentees), ${matches.toLocaleString("en-US")} pairs, ${checkins.toLocaleString("en-US")} check-ins, ${responses.toLocaleString("en-US")} survey responses, ${snapshots} daily health snapshots; local libSQL server on a file; \`programAnalytics\` called ${RUNS} times per kind of report after one warm-up run.\n`,
    );
    print("| Measurement | Value |\n| --- | ---: |");
    print(`| Seeding (not part of the report) | ${seconds(seedMs)} |`);
    row("Whole report by month, default range (everything to today)", monthly);
    row(`Whole report by week (${weekly.report.range.periods.length} weeks)`, weekly);
    row(`Whole report for one cohort (${COHORT.cohortQuestion} = ${COHORT.cohort}, ${cohort.report.participation.applications.toLocaleString("en-US")} applications)`, cohort);
    row("Whole report, a 30-day range", range);
    print(`| Database round trips per report | ${median(trips)} (${trips.length > 0 ? Math.max(...trips) : 0} max; ${median(cohort.trips)} with a cohort): the program and its forms, then the rest in parallel |`);
    print(`| Target (issue #7): server time per report | under ${TARGET_MS} ms |`);
    const sum = (counts: Record<string, number>) => Object.values(counts).reduce((total, n) => total + n, 0);
    print(
      `\nSanity: ${report.matching.matchedMentees.toLocaleString("en-US")} matched mentees, ${report.engagement.checkinsPerMatch.reduce((total, period) => total + period.checkins, 0).toLocaleString("en-US")} met check-ins counted (${weekly.report.engagement.checkinsPerMatch.reduce((total, period) => total + period.checkins, 0).toLocaleString("en-US")} by week), ${sum(report.engagement.health.counts)} active pairs in the health mix, ${report.engagement.healthOverTime.length} months and ${weekly.report.engagement.healthOverTime.length} weeks of health over time, ${report.matching.unmatched.total} unmatched mentees (${report.matching.unmatched.reasons.map((reason) => `${reason.reason} ${reason.n}`).join(", ")}), NPS ${report.satisfaction.nps.score} from ${report.satisfaction.nps.responses.toLocaleString("en-US")} answers; the cohort has ${cohort.report.matching.matchedMentees.toLocaleString("en-US")} matched mentees.`,
    );
    if ([monthly, weekly, cohort, range].some((result) => median(result.timings) > TARGET_MS)) process.exitCode = 1;
  } finally {
    await server.close();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
    else console.error(`database kept in ${dir}`);
  }
}

await main();
