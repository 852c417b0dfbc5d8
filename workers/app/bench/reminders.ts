/**
 * `pnpm bench:reminders`: the reminder pipeline at scale, through the Worker's
 * own queue consumer (`consumeJobs`) in Node against our local libSQL server.
 * 100,000 active matches across 50 institutions in eight time zones are seeded;
 * then one cron tick's `reminders.scan` runs, its per-institution scans, and
 * every `reminders.deliver` message they enqueue, in queue batches of 50.
 * Reports the scan time, database round trips per delivery batch (HTTP
 * requests to the database, counted at `fetch`) and messages per second.
 * Prints Markdown for docs/benchmarks.md. Not a test: numbers depend on the machine.
 *
 * Options: --tenants N (50), --matches N per institution (2,000), --keep (leave the database file).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createClient, type InStatement } from "@libsql/client";
import { countDatabaseRequests, inserts, machine, seededRandom } from "./shared.js";
import { applyMigrations } from "@tandem/db/migrate";
import { type JobMessage, planCronJobs } from "@tandem/jobs";
import { startLibsqlServer } from "@tandem/libsql-server";
import { consumeJobs } from "../src/jobs/consumer.js";

const { values: options } = parseArgs({
  options: { tenants: { type: "string", default: "50" }, matches: { type: "string", default: "2000" }, keep: { type: "boolean", default: false } },
});
const TENANTS = Number(options.tenants);
const MATCHES_PER_TENANT = Number(options.matches);
const ZONES = ["Pacific/Auckland", "America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Berlin", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney"];
/**
 * The tick: the latest quarter hour. The consumer holds a message that arrives
 * long after its tick during the recipient's night, so the tick must be now;
 * which zones are in quiet hours then depends on when the bench runs.
 */
const TICK = Math.floor(Date.now() / 900_000) * 900_000;
const DAY = 86_400_000;
const QUEUE_BATCH = 50;

const random = seededRandom(2026);
const isoDate = (instant: number) => new Date(instant).toISOString().slice(0, 10);



/**
 * One institution: a coordinator, an active peer program that started eight
 * weeks before the tick (so its second pulse survey opens that day), and
 * `MATCHES_PER_TENANT` pairs in every state: most met recently, some are
 * overdue, some never acknowledged the agreement, some have a goal due soon,
 * some a support contact (with both of the pair, or with each at a different time).
 */
function seedTenant(index: number): InStatement[] {
  const tenantId = `bench-tenant-${index}`;
  const programId = `${tenantId}-program`;
  const coordinatorId = `${tenantId}-coordinator`;
  const startsOn = isoDate(TICK - 56 * DAY);
  const statements: InStatement[] = [
    { sql: "INSERT INTO tenants (id, slug, name, kind, timezone) VALUES (?, ?, ?, 'university', ?)", args: [tenantId, `bench-${index}`, `Bench University ${index}`, ZONES[index % ZONES.length]!] },
    { sql: "INSERT INTO users (id, email, name) VALUES (?, ?, ?)", args: [coordinatorId, `coordinator-${index}@bench.test`, `Coordinator ${index}`] },
    { sql: "INSERT INTO memberships (tenant_id, user_id, role) VALUES (?, ?, 'coordinator')", args: [tenantId, coordinatorId] },
    {
      sql: "INSERT INTO programs (id, tenant_id, slug, name, type, status, starts_on, ends_on, checkin_cadence_days) VALUES (?, ?, 'peer', 'Peer Mentoring', 'peer', 'active', ?, ?, 14)",
      args: [programId, tenantId, startsOn, isoDate(TICK + 120 * DAY)],
    },
    { sql: "INSERT INTO program_coordinators (tenant_id, program_id, user_id) VALUES (?, ?, ?)", args: [tenantId, programId, coordinatorId] },
  ];
  const applications: unknown[][] = [];
  const matches: unknown[][] = [];
  const checkins: unknown[][] = [];
  const acknowledgements: unknown[][] = [];
  const goals: unknown[][] = [];
  const contacts: unknown[][] = [];
  const startedAt = TICK - 56 * DAY;
  for (let pair = 0; pair < MATCHES_PER_TENANT; pair++) {
    const mentor = `${tenantId}-mentor-${pair}`;
    const mentee = `${tenantId}-mentee-${pair}`;
    const matchId = `${tenantId}-match-${pair}`;
    applications.push([mentor, tenantId, programId, "mentor", "approved", `Mentor${pair}`, "Bench", `mentor-${pair}@t${index}.bench.test`]);
    applications.push([mentee, tenantId, programId, "mentee", "approved", `Mentee${pair}`, "Bench", `mentee-${pair}@t${index}.bench.test`]);
    matches.push([matchId, tenantId, programId, mentor, mentee, "active", "matching_run", 0.8, startedAt, startedAt]);
    // 70 % met within the last 0–30 days; the rest never logged a meeting.
    if (random() < 0.7) checkins.push([`${matchId}-checkin`, tenantId, matchId, mentee, "portal", "met", isoDate(TICK - Math.floor(random() * 30) * DAY), 60, "video", TICK - Math.floor(random() * 30) * DAY]);
    // 85 % both acknowledged the agreement; the others not at all.
    if (random() < 0.85) acknowledgements.push([tenantId, matchId, startedAt + DAY, startedAt + DAY]);
    if (random() < 0.25) goals.push([`${matchId}-goal`, tenantId, matchId, "Finish the first-year project", isoDate(TICK + Math.floor(random() * 10) * DAY)]);
    // Who was reached: both, or (a quarter) the mentor alone, with an older contact that reached the mentee.
    if (random() < 0.5) {
      const mentorOnly = random() < 0.25;
      const on = TICK - Math.floor(random() * 45) * DAY;
      contacts.push([`${matchId}-contact`, tenantId, matchId, coordinatorId, isoDate(on), JSON.stringify(mentorOnly ? ["mentor"] : ["mentor", "mentee"])]);
      if (mentorOnly) contacts.push([`${matchId}-contact-0`, tenantId, matchId, coordinatorId, isoDate(on - 10 * DAY), JSON.stringify(["mentee"])]);
    }
  }
  return [
    ...statements,
    ...inserts("applications", ["id", "tenant_id", "program_id", "role", "status", "first_name", "last_name", "email"], applications),
    ...inserts("matches", ["id", "tenant_id", "program_id", "mentor_application_id", "mentee_application_id", "status", "source", "score", "started_at", "introduced_at"], matches),
    ...inserts("checkins", ["id", "tenant_id", "match_id", "author_application_id", "source", "outcome", "meeting_on", "duration_minutes", "mode", "created_at"], checkins),
    ...inserts("match_relationships", ["tenant_id", "match_id", "mentor_acknowledged_at", "mentee_acknowledged_at"], acknowledgements),
    ...inserts("match_goals", ["id", "tenant_id", "match_id", "title", "target_on"], goals),
    ...inserts("support_contacts", ["id", "tenant_id", "match_id", "user_id", "contacted_on", "parties"], contacts),
  ];
}

/** A queue that keeps what is sent to it, so the bench can hand it to the consumer in batches. */
class CollectingQueue {
  readonly messages: JobMessage[] = [];
  async send(body: JobMessage) {
    this.messages.push(body);
  }
  async sendBatch(messages: Iterable<{ body: JobMessage }>) {
    for (const message of messages) this.messages.push(message.body);
  }
  take(): JobMessage[] {
    return this.messages.splice(0, this.messages.length);
  }
}

interface BatchOutcome {
  acked: number;
  retried: number;
}

let messageCounter = 0;
/** One queue batch through the Worker's consumer, as the Queues runtime would deliver it. */
async function deliverBatch(env: Record<string, unknown>, queueName: string, bodies: JobMessage[]): Promise<BatchOutcome> {
  const outcome = { acked: 0, retried: 0 };
  const messages = bodies.map((body) => ({
    id: `bench-message-${++messageCounter}`,
    timestamp: new Date(),
    attempts: 1,
    body,
    ack: () => void outcome.acked++,
    retry: () => void outcome.retried++,
  }));
  const batch = { queue: queueName, messages, ackAll: () => {}, retryAll: () => {} };
  await consumeJobs(batch as unknown as MessageBatch<unknown>, env as never);
  return outcome;
}


/** The report goes to stdout; the Worker's own info log lines (one per job) would drown it, so they are dropped. */
const print = (line: string) => process.stdout.write(`${line}\n`);
console.log = () => {};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "tandem-bench-reminders-"));
  const server = await startLibsqlServer({ db: join(dir, "bench.db") });
  try {
    await applyMigrations({ url: server.url });
    const seeding = createClient({ url: server.url });
    const seedStarted = performance.now();
    for (let index = 0; index < TENANTS; index++) await seeding.batch(seedTenant(index), "write");
    const seedMs = performance.now() - seedStarted;
    seeding.close();
    console.error(`seeded ${TENANTS} institutions × ${MATCHES_PER_TENANT} matches in ${seconds(seedMs)}`);

    const queue = new CollectingQueue();
    const env = { ENVIRONMENT: "test", LIBSQL_URL: server.url, AUTH_SECRET: "bench-only-secret-0123456789abcdef-0123", EMAIL_PROVIDER: "outbox", APP_ORIGIN: "https://bench.tandem.test", DB_TIMEOUT_MS: "30000", JOBS: queue };
    const roundTrips = countDatabaseRequests(server.url);

    // The cron tick: its jobs (the `reminders.scan` among them) go through the consumer.
    const tickJobs = planCronJobs(TICK).filter((job) => job.kind === "reminders.scan");
    const scanStarted = performance.now();
    await deliverBatch(env, "tandem-jobs", tickJobs);
    const tenantScans = queue.take();
    const perTenantMs: number[] = [];
    const perTenantTrips: number[] = [];
    for (const job of tenantScans) {
      const [started, trips] = [performance.now(), roundTrips()];
      await deliverBatch(env, "tandem-jobs", [job]);
      perTenantMs.push(performance.now() - started);
      perTenantTrips.push(roundTrips() - trips);
    }
    const scanMs = performance.now() - scanStarted;
    const deliveries = queue.take();
    console.error(`scan: ${tenantScans.length} institutions, ${deliveries.length} emails planned in ${seconds(scanMs)}`);

    const batchTrips: { size: number; trips: number }[] = [];
    let acked = 0;
    let retried = 0;
    const deliverStarted = performance.now();
    for (let start = 0; start < deliveries.length; start += QUEUE_BATCH) {
      const bodies = deliveries.slice(start, start + QUEUE_BATCH);
      const trips = roundTrips();
      const outcome = await deliverBatch(env, "tandem-jobs", bodies);
      batchTrips.push({ size: bodies.length, trips: roundTrips() - trips });
      acked += outcome.acked;
      retried += outcome.retried;
    }
    const deliverMs = performance.now() - deliverStarted;

    // A second run of the same tick (an overlapping cron) must add nothing.
    const check = createClient({ url: server.url });
    const outboxBefore = Number((await check.execute("SELECT count(*) AS n FROM email_outbox")).rows[0]!.n);
    await deliverBatch(env, "tandem-jobs", planCronJobs(TICK).filter((job) => job.kind === "reminders.scan").map((job) => ({ ...job, key: `${job.key}:again` })));
    for (const job of queue.take()) await deliverBatch(env, "tandem-jobs", [{ ...job, key: `${job.key}:again` }]);
    const replanned = queue.take();
    for (let start = 0; start < replanned.length; start += QUEUE_BATCH) await deliverBatch(env, "tandem-jobs", replanned.slice(start, start + QUEUE_BATCH));
    const outboxAfter = Number((await check.execute("SELECT count(*) AS n FROM email_outbox")).rows[0]!.n);
    const items = Number((await check.execute("SELECT count(*) AS n FROM reminder_deliveries WHERE kind <> 'digest'")).rows[0]!.n);
    check.close();

    const full = batchTrips.filter((batch) => batch.size === QUEUE_BATCH).map((batch) => batch.trips);
    const tripCounts = [...new Set(batchTrips.map((batch) => batch.trips))].sort((a, b) => a - b);
    print(`Machine: ${machine()}, ${new Date().toISOString().slice(0, 10)}\n`);
    print(`${TENANTS} institutions × ${MATCHES_PER_TENANT.toLocaleString("en-US")} active matches (${(TENANTS * MATCHES_PER_TENANT).toLocaleString("en-US")}), 8 time zones, one tick at ${new Date(TICK).toISOString()}.\n`);
    print("| Measurement | Value |\n| --- | ---: |");
    print(`| Seeding (not part of the pipeline) | ${seconds(seedMs)} |`);
    print(`| Cron scan, all institutions (\`reminders.scan\` + ${tenantScans.length} \`reminders.scan_tenant\` jobs) | ${seconds(scanMs)} |`);
    print(`| Per-institution scan (${MATCHES_PER_TENANT.toLocaleString("en-US")} matches), median / max | ${Math.round(median(perTenantMs))} ms / ${Math.round(Math.max(...perTenantMs))} ms |`);
    print(`| Database round trips per institution scan, median / max | ${median(perTenantTrips)} / ${Math.max(...perTenantTrips)} |`);
    print(`| Emails planned (one per person per day; ${items.toLocaleString("en-US")} reminders in them) | ${deliveries.length.toLocaleString("en-US")} |`);
    print(`| Delivery: queue batches of ${QUEUE_BATCH} | ${batchTrips.length} |`);
    const fullTrips = full.length === 0 ? "no full batch" : `${median(full)} (${Math.min(...full)}–${Math.max(...full)})`;
    print(`| Database round trips per delivery batch (full batches: median, min–max) | ${fullTrips}; all batches: ${tripCounts.join(", ") || "none"} |`);
    print(`| Delivery throughput | ${Math.round(deliveries.length / (deliverMs / 1000)).toLocaleString("en-US")} messages/s (${seconds(deliverMs)}) |`);
    print(`| Messages acked / retried | ${acked} / ${retried} |`);
    print(`| Outbox rows after a second full run of the same tick | ${outboxBefore.toLocaleString("en-US")} → ${outboxAfter.toLocaleString("en-US")} |`);
    if (outboxAfter !== outboxBefore || retried > 0 || acked !== deliveries.length) process.exitCode = 1;
  } finally {
    await server.close();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
    else console.error(`database kept in ${dir}`);
  }
}

await main();
