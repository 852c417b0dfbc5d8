/**
 * `pnpm bench:analytics`: program analytics at the size issue #7 names — one
 * program with 5,000 participants (2,500 mentors, 2,500 mentees, 2,500 pairs),
 * 50,000 check-ins and 35,000 survey responses (five pulses, a midpoint and a
 * final survey per person) — in Node against our local libSQL server on a
 * file. Seeds with multi-row INSERTs, then calls the Worker's own service
 * (`programAnalytics`, the whole of the route's work after sign-in) once to
 * warm up and `--runs` times, and reports the median and maximum time and the
 * database round trips (HTTP requests, counted at `fetch`) per report.
 * Prints Markdown for docs/benchmarks.md. Not a test: numbers depend on the machine.
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



/**
 * The program started 150 days ago and ends in 30. Applications came in over
 * the 60 days before; pairs were matched 1–30 days after applying; each pair
 * logged `CHECKINS_PER_PAIR` check-ins (85 % met) over its time; 8 % of pairs
 * closed early with a reason. Every person answered five pulses, the midpoint
 * and the final survey.
 */
function seed(): InStatement[] {
  const programId = `${TENANT.id}-program`;
  const startsAt = NOW - 150 * DAY;
  const statements: InStatement[] = [
    { sql: "INSERT INTO tenants (id, slug, name, kind, timezone) VALUES (?, ?, ?, ?, ?)", args: [TENANT.id, TENANT.slug, TENANT.name, TENANT.kind, TENANT.timezone] },
    {
      sql: "INSERT INTO programs (id, tenant_id, slug, name, type, status, starts_on, ends_on, checkin_cadence_days) VALUES (?, ?, ?, 'Peer Mentoring', 'peer', 'active', ?, ?, 14)",
      args: [programId, TENANT.id, PROGRAM, isoDate(startsAt), isoDate(NOW + 30 * DAY)],
    },
  ];
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
    applications.push([mentor, TENANT.id, programId, "mentor", "approved", `Mentor${pair}`, "Bench", `mentor-${pair}@bench.test`, appliedAt]);
    applications.push([mentee, TENANT.id, programId, "mentee", "approved", `Mentee${pair}`, "Bench", `mentee-${pair}@bench.test`, appliedAt]);
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
      const final = { rating: 1 + Math.floor(random() * 5), goals_progress: 1 + Math.floor(random() * 5), recommend: pick(yesMaybeNo), ...(role === "mentee" ? { confidence: 1 + Math.floor(random() * 5) } : { mentor_again: pick(yesMaybeNo) }), highlight: "The conversations." };
      responses.push([`${matchId}-${role}-final`, TENANT.id, programId, matchId, person, "final", final.rating, JSON.stringify(final), finalAt, finalAt]);
    }
  }
  // A waitlist and some refusals, so every status has rows.
  for (let n = 0; n < 200; n++) applications.push([`x-${n}`, TENANT.id, programId, n % 2 ? "mentor" : "mentee", pick(["waitlisted", "rejected", "submitted", "withdrawn"]), `Extra${n}`, "Bench", `extra-${n}@bench.test`, startsAt - Math.floor(random() * 60) * DAY]);
  return [
    ...statements,
    ...inserts("applications", ["id", "tenant_id", "program_id", "role", "status", "first_name", "last_name", "email", "created_at"], applications),
    ...inserts("matches", ["id", "tenant_id", "program_id", "mentor_application_id", "mentee_application_id", "status", "source", "score", "started_at", "closed_at", "introduced_at"], matches),
    ...inserts("match_relationships", ["tenant_id", "match_id", "close_reason", "closed_by"], closures),
    ...inserts("checkins", ["id", "tenant_id", "match_id", "author_application_id", "source", "outcome", "meeting_on", "duration_minutes", "rating", "created_at"], checkins),
    ...inserts("survey_responses", ["id", "tenant_id", "program_id", "match_id", "application_id", "survey_key", "rating", "answers", "created_at", "updated_at"], responses),
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
    const [applications, matches, checkins, responses] = [await count("applications"), await count("matches"), await count("checkins"), await count("survey_responses")];
    seeding.close();
    console.error(`seeded ${applications} applications, ${matches} matches, ${checkins} check-ins, ${responses} survey responses in ${seconds(seedMs)}`);

    const roundTrips = countDatabaseRequests(server.url);
    const { db } = openDatabase({ url: server.url, timeoutMs: 30_000 });
    const tenantData = new TenantData(TENANT, db);
    const timings: number[] = [];
    const trips: number[] = [];
    let report: Awaited<ReturnType<typeof programAnalytics>> | null = null;
    for (let run = 0; run <= RUNS; run++) {
      const [started, before] = [performance.now(), roundTrips()];
      report = await programAnalytics(tenantData, PROGRAM, {}, NOW);
      // The first run opens the connection and warms the server's page cache: not counted.
      if (run > 0) {
        timings.push(performance.now() - started);
        trips.push(roundTrips() - before);
      }
    }
    const rangeReport = await (async () => {
      const started = performance.now();
      await programAnalytics(tenantData, PROGRAM, { from: isoDate(NOW - 60 * DAY), to: isoDate(NOW - 30 * DAY) }, NOW);
      return performance.now() - started;
    })();

    const ms = (value: number) => `${Math.round(value)} ms`;
    print(`Machine: ${machine()}, ${new Date().toISOString().slice(0, 10)}\n`);
    print(
      `One program: ${applications.toLocaleString("en-US")} applications (${(PAIRS * 2).toLocaleString("en-US")} approved participants), ${matches.toLocaleString("en-US")} pairs, ${checkins.toLocaleString("en-US")} check-ins, ${responses.toLocaleString("en-US")} survey responses; local libSQL server on a file; \`programAnalytics\` called ${RUNS} times after one warm-up run.\n`,
    );
    print("| Measurement | Value |\n| --- | ---: |");
    print(`| Seeding (not part of the report) | ${seconds(seedMs)} |`);
    print(`| Whole report, default range (everything to today), median / max | ${ms(median(timings))} / ${ms(Math.max(...timings))} |`);
    print(`| Whole report, a 30-day range | ${ms(rangeReport)} |`);
    print(`| Database round trips per report | ${median(trips)} (${trips.length > 0 ? Math.max(...trips) : 0} max), run in parallel |`);
    print(`| Target (issue #7): server time per report | under ${TARGET_MS} ms |`);
    print(
      `\nSanity: ${report!.matching.matchedMentees.toLocaleString("en-US")} matched mentees, ${report!.engagement.checkinsPerMatch.reduce((sum, month) => sum + month.checkins, 0).toLocaleString("en-US")} met check-ins counted, ${report!.engagement.health.counts.on_track + report!.engagement.health.counts.needs_attention + report!.engagement.health.counts.at_risk} active pairs in the health mix.`,
    );
    if (median(timings) > TARGET_MS) process.exitCode = 1;
  } finally {
    await server.close();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
    else console.error(`database kept in ${dir}`);
  }
}

await main();
