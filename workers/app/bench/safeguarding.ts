/**
 * `pnpm bench:safeguarding`: what issue #8's gate and report cost at a large
 * volunteer program — one community program with 2,000 volunteer mentors
 * (each with a screening record, two references, four training modules of
 * progress and a quiz attempt) and 1,000 active pairs with six coordinator
 * contacts each — in Node against our local libSQL server on a file. It
 * times the Worker's own services: `mentorReadinessOf` (every mentor's
 * screening and training status), the matching pool (`loadPool`) with the
 * program requiring screening and training and without, and the compliance
 * report (`complianceReport`), reporting median and maximum time and the
 * database round trips (HTTP requests, counted at `fetch`) of each. Prints
 * Markdown for docs/benchmarks.md. Not a test: numbers depend on the machine.
 *
 * Options: --mentors N (2,000), --pairs N (1,000), --runs N (10), --keep (leave the database file).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createClient, type InStatement } from "@libsql/client";
import { openDatabase } from "@tandem/db";
import { applyMigrations } from "@tandem/db/migrate";
import { startLibsqlServer } from "@tandem/libsql-server";
import { addDays, addMonths, starterModulesFor } from "@tandem/safeguarding";
import { TenantData } from "../src/data/tenant-data.js";
import { complianceReport } from "../src/services/compliance.js";
import { findProgramBySlug } from "../src/services/forms.js";
import { loadPool } from "../src/services/matching.js";
import { mentorReadinessOf } from "../src/services/safeguarding.js";
import { countDatabaseRequests, inserts, machine, seededRandom } from "./shared.js";

const { values: options } = parseArgs({
  options: { mentors: { type: "string", default: "2000" }, pairs: { type: "string", default: "1000" }, runs: { type: "string", default: "10" }, keep: { type: "boolean", default: false } },
});
const MENTORS = Number(options.mentors);
const PAIRS = Math.min(Number(options.pairs), MENTORS);
const RUNS = Number(options.runs);
const DAY = 86_400_000;
const NOW = Date.now();
const TODAY = new Date(NOW).toISOString().slice(0, 10);
const TENANT = { id: "bench-tenant", slug: "bench", name: "Bench Youth Org", kind: "community_org" as const, timezone: "America/Chicago" };
const PROGRAM = "bench-youth";
const STEPS = ["application_review", "interview", "references", "background_check", "code_of_conduct", "commitment"];
const CODE = "Meet in public places; never alone in a private home or car.";

const random = seededRandom(2026);

function seed(): InStatement[] {
  const programId = `${TENANT.id}-program`;
  const statements: InStatement[] = [
    { sql: "INSERT INTO tenants (id, slug, name, kind, timezone) VALUES (?, ?, ?, ?, ?)", args: [TENANT.id, TENANT.slug, TENANT.name, TENANT.kind, TENANT.timezone] },
    {
      sql: "INSERT INTO programs (id, tenant_id, slug, name, type, status, starts_on, ends_on, guardian_consent_under_age) VALUES (?, ?, ?, 'Bench Youth Mentoring', 'community', 'active', ?, ?, 18)",
      args: [programId, TENANT.id, PROGRAM, addDays(TODAY, -150), addDays(TODAY, 215)],
    },
  ];
  const modules = starterModulesFor("community").map((module, index) => ({ id: `${programId}-m${index}`, ...module, position: index + 1 }));
  const applications: unknown[][] = [];
  const screenings: unknown[][] = [];
  const references: unknown[][] = [];
  const progress: unknown[][] = [];
  const attempts: unknown[][] = [];
  const matches: unknown[][] = [];
  const contacts: unknown[][] = [];
  for (let n = 0; n < MENTORS; n++) {
    const mentor = `mentor-${n}`;
    applications.push([mentor, TENANT.id, programId, "mentor", "approved", `Mentor${n}`, "Bench", `mentor-${n}@bench.test`, "{}", NOW - 200 * DAY]);
    // Most screened; some with a pending check, some expired, some not interviewed yet.
    const roll = random();
    const cleared = addDays(TODAY, -Math.floor(random() * 700));
    const status = roll < 0.08 ? "pending" : "cleared";
    const expires = roll > 0.95 ? addDays(TODAY, -3) : addMonths(cleared, 24);
    screenings.push([
      TENANT.id, mentor, programId, NOW - 190 * DAY, roll < 0.9 ? addDays(TODAY, -180) : null, roll < 0.9 ? "Bench Interviewer" : null, "Notes.",
      "Sterling", addDays(cleared, -7), status === "cleared" ? cleared : null, status, status === "cleared" ? expires : null,
      CODE, `Mentor${n} Bench`, NOW - 185 * DAY, "203.0.113.9", 12, NOW - 185 * DAY,
    ]);
    for (let r = 0; r < 2; r++) references.push([`${mentor}-r${r}`, TENANT.id, programId, mentor, `Referee ${r}`, `ref-${n}-${r}@bench.test`, "Friend", roll < 0.85 || r === 0 ? NOW - 180 * DAY : null]);
    const done = roll < 0.8 ? modules.length : Math.floor(random() * modules.length);
    for (const [index, module] of modules.entries()) {
      if (index >= done) break;
      const at = NOW - (170 - index) * DAY;
      progress.push([TENANT.id, mentor, module.id, programId, at, at, module.quiz ? 100 : null, module.quiz ? at : null]);
      if (module.quiz) attempts.push([`${mentor}-${module.id}-a`, TENANT.id, mentor, module.id, 100, 1, "{}", at]);
    }
    if (n < PAIRS) {
      const mentee = `mentee-${n}`;
      applications.push([mentee, TENANT.id, programId, "mentee", "approved", `Mentee${n}`, "Bench", `mentee-${n}@bench.test`, "{}", NOW - 200 * DAY]);
      const startedAt = NOW - (30 + Math.floor(random() * 120)) * DAY;
      matches.push([`match-${n}`, TENANT.id, programId, mentor, mentee, "active", "matching_run", 0.8, startedAt, startedAt]);
      for (let c = 0; c < 6; c++) {
        contacts.push([`match-${n}-c${c}`, TENANT.id, `match-${n}`, new Date(startedAt + Math.floor(random() * ((NOW - startedAt) / DAY)) * DAY).toISOString().slice(0, 10), JSON.stringify(["mentor", "mentee", "guardian"]), NOW]);
      }
    }
  }
  return [
    ...statements,
    {
      sql: "INSERT INTO program_safeguarding (tenant_id, program_id, screening_required, screening_steps, references_required, code_of_conduct, training_required, min_training_minutes) VALUES (?, ?, 1, ?, 2, ?, 1, 60)",
      args: [TENANT.id, programId, JSON.stringify(STEPS), CODE],
    },
    ...inserts("training_modules", ["id", "tenant_id", "program_id", "position", "title", "content", "duration_minutes", "quiz"], modules.map((module) => [module.id, TENANT.id, programId, module.position, module.title, module.content, module.durationMinutes, module.quiz ? JSON.stringify(module.quiz) : null])),
    ...inserts("applications", ["id", "tenant_id", "program_id", "role", "status", "first_name", "last_name", "email", "answers", "created_at"], applications),
    ...inserts(
      "mentor_screenings",
      [
        "tenant_id", "application_id", "program_id", "application_reviewed_at", "interview_on", "interviewer", "interview_notes",
        "background_check_provider", "background_check_requested_on", "background_check_cleared_on", "background_check_status", "background_check_expires_on",
        "code_of_conduct_text", "code_of_conduct_signature", "code_of_conduct_signed_at", "code_of_conduct_ip", "commitment_months", "commitment_accepted_at",
      ],
      screenings,
    ),
    ...inserts("mentor_references", ["id", "tenant_id", "program_id", "application_id", "name", "contact", "relationship", "received_at"], references),
    ...inserts("training_progress", ["tenant_id", "application_id", "module_id", "program_id", "started_at", "completed_at", "best_score", "quiz_passed_at"], progress),
    ...inserts("training_quiz_attempts", ["id", "tenant_id", "application_id", "module_id", "score", "passed", "answers", "created_at"], attempts),
    ...inserts("matches", ["id", "tenant_id", "program_id", "mentor_application_id", "mentee_application_id", "status", "source", "score", "started_at", "introduced_at"], matches),
    ...inserts("support_contacts", ["id", "tenant_id", "match_id", "contacted_on", "parties", "created_at"], contacts),
  ];
}

const print = (line: string) => process.stdout.write(`${line}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "tandem-bench-safeguarding-"));
  const server = await startLibsqlServer({ db: join(dir, "bench.db") });
  try {
    await applyMigrations({ url: server.url });
    const seeding = createClient({ url: server.url });
    const seedStarted = performance.now();
    const statements = seed();
    for (let start = 0; start < statements.length; start += 10) await seeding.batch(statements.slice(start, start + 10), "write");
    const seedMs = performance.now() - seedStarted;
    seeding.close();

    const roundTrips = countDatabaseRequests(server.url);
    const { db } = openDatabase({ url: server.url, timeoutMs: 30_000 });
    const tenantData = new TenantData(TENANT, db);
    const program = await findProgramBySlug(tenantData, PROGRAM);
    /** `RUNS` calls after a warm-up call, timed and with their round trips. */
    const measure = async <T>(work: () => Promise<T>) => {
      const timings: number[] = [];
      const trips: number[] = [];
      let result: T | null = null;
      for (let run = 0; run <= RUNS; run++) {
        const [started, before] = [performance.now(), roundTrips()];
        result = await work();
        if (run > 0) {
          timings.push(performance.now() - started);
          trips.push(roundTrips() - before);
        }
      }
      return { timings, trips, result: result! };
    };
    const readiness = await measure(() => mentorReadinessOf(tenantData, program));
    const gated = await measure(() => loadPool(tenantData, program, { requireCriteria: false }));
    const report = await measure(() => complianceReport(tenantData, PROGRAM));
    // The same pool with nothing required: what the gate adds.
    const toggling = createClient({ url: server.url });
    await toggling.execute({ sql: "UPDATE program_safeguarding SET screening_required = 0, training_required = 0 WHERE tenant_id = ?", args: [TENANT.id] });
    toggling.close();
    const open = await measure(() => loadPool(tenantData, program, { requireCriteria: false }));

    const ms = (value: number) => `${Math.round(value)} ms`;
    const row = (label: string, result: { timings: number[]; trips: number[] }) =>
      print(`| ${label} | ${ms(median(result.timings))} / ${ms(Math.max(...result.timings))} | ${median(result.trips)} |`);
    const ready = [...readiness.result.values()].filter((entry) => entry.readiness.ready).length;
    print(`Machine: ${machine()}, ${TODAY}\n`);
    print(
      `One community program: ${MENTORS.toLocaleString("en-US")} approved volunteer mentors (screening record, 2 references, ${starterModulesFor("community").length} training modules each in some state), ${PAIRS.toLocaleString("en-US")} active pairs with 6 coordinator contacts each; local libSQL server on a file (seeded in ${(seedMs / 1000).toFixed(1)} s); each service called ${RUNS} times after one warm-up call.\n`,
    );
    print("| Service | Median / max | Round trips |\n| --- | ---: | ---: |");
    row(`\`mentorReadinessOf\`: every mentor's screening and training status (${ready.toLocaleString("en-US")} ready)`, readiness);
    row(`Matching pool, screening and training required (${gated.result.mentors.length.toLocaleString("en-US")} mentors in, ${gated.result.mentorsNotReady.size.toLocaleString("en-US")} held back)`, gated);
    row(`Matching pool, nothing required (${open.result.mentors.length.toLocaleString("en-US")} mentors)`, open);
    row(`Compliance report (${report.result.mentors.length.toLocaleString("en-US")} mentors, ${report.result.matches.length.toLocaleString("en-US")} matches, ${report.result.summary.monthsEnded.toLocaleString("en-US")} ended match-months)`, report);
  } finally {
    await server.close();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
    else console.error(`database kept in ${dir}`);
  }
}

await main();
