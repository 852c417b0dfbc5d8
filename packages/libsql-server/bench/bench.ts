/**
 * Benchmark: our Hrana-over-HTTP server vs the libSQL file driver, both driven through
 * `@libsql/client`, so the only difference is the transport (HTTP + JSON + a stream per
 * request) versus calling the engine in-process. Run with `pnpm bench`.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createClient, type Client, type InStatement } from "@libsql/client";
import { startLibsqlServer } from "../src/index.js";

const ROW_COUNT = 1_000;
const READ_COUNT = 1_000;
const ROUNDS = 5;
const WARMUP_ROWS = 50;
const WARMUP_READS = 50;
const PAYLOAD_BYTES = 64;

/** Small seeded PRNG (mulberry32) so both sides insert the same rows and read the same ids. */
function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Item { id: number; name: string; qty: number; price: number; payload: Uint8Array }

const random = seededRandom(42);
const items: Item[] = Array.from({ length: ROW_COUNT }, (_, i) => ({
  id: i + 1,
  name: `item-${i + 1}-${Math.floor(random() * 1e9).toString(36)}`,
  qty: Math.floor(random() * 1000),
  price: Math.round(random() * 100_000) / 100,
  payload: Uint8Array.from({ length: PAYLOAD_BYTES }, () => Math.floor(random() * 256)),
}));
const readIds = Array.from({ length: READ_COUNT }, () => 1 + Math.floor(random() * ROW_COUNT));

const insertStatements: InStatement[] = items.map((item) => ({
  sql: "INSERT INTO items(id, name, qty, price, payload) VALUES (?, ?, ?, ?, ?)",
  args: [item.id, item.name, item.qty, item.price, item.payload],
}));

/** Drop and recreate rather than DELETE, so every insert round starts from an empty b-tree. */
async function resetTable(client: Client): Promise<void> {
  await client.batch(
    [
      "DROP TABLE IF EXISTS items",
      "CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER NOT NULL, price REAL, payload BLOB)",
    ],
    "write",
  );
}

/** Checks results outside the timed sections, so a misbehaving server is caught, not just timed. */
async function verify(client: Client, side: string): Promise<void> {
  const count = (await client.execute("SELECT count(*) AS n FROM items")).rows[0].n;
  if (count !== ROW_COUNT) throw new Error(`${side}: expected ${ROW_COUNT} rows, found ${count}`);
  for (const id of [1, 500, ROW_COUNT]) {
    const row = (await client.execute({ sql: "SELECT * FROM items WHERE id = ?", args: [id] })).rows[0];
    const want = items[id - 1];
    const payload = new Uint8Array(row.payload as ArrayBuffer);
    if (row.name !== want.name || row.qty !== want.qty || row.price !== want.price || Buffer.compare(payload, want.payload) !== 0) {
      throw new Error(`${side}: row ${id} read back as ${JSON.stringify(row)}`);
    }
  }
}

interface Timings { insertMs: number[]; readMs: number[] }

async function runSide(client: Client, side: string): Promise<Timings> {
  // Warm-up: JIT, statement caches, the HTTP connection and the client's protocol-version probe.
  await resetTable(client);
  await client.batch(insertStatements.slice(0, WARMUP_ROWS), "write");
  for (let i = 0; i < WARMUP_READS; i++) await client.execute({ sql: "SELECT * FROM items WHERE id = ?", args: [1 + (i % WARMUP_ROWS)] });

  const timings: Timings = { insertMs: [], readMs: [] };
  for (let round = 0; round < ROUNDS; round++) {
    await resetTable(client);
    const started = performance.now();
    await client.batch(insertStatements, "write");
    timings.insertMs.push(performance.now() - started);
    await verify(client, side);
  }
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    // Sequential on purpose: one request handler issues one query and awaits it.
    for (const id of readIds) {
      const result = await client.execute({ sql: "SELECT * FROM items WHERE id = ?", args: [id] });
      if (result.rows.length !== 1 || result.rows[0].id !== id) throw new Error(`${side}: wrong result for id ${id}`);
    }
    timings.readMs.push(performance.now() - started);
  }
  return timings;
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const min = (xs: number[]) => Math.min(...xs);
const fmt = (n: number) => n.toFixed(n >= 100 ? 0 : n >= 10 ? 1 : 2);

const tempDir = mkdtempSync(join(os.tmpdir(), "libsql-bench-"));
const server = await startLibsqlServer({ db: join(tempDir, "server.sqlite"), port: 0 });
const serverClient = createClient({ url: server.url });
const fileClient = createClient({ url: `file:${join(tempDir, "file.sqlite")}` });
try {
  // The server puts its file in WAL mode; do the same for the file driver so both pay the same fsync/journal costs.
  await fileClient.execute("PRAGMA journal_mode=WAL");

  const fileTimings = await runSide(fileClient, "file driver");
  const serverTimings = await runSide(serverClient, "server");

  const perRead = (ms: number) => (ms * 1000) / READ_COUNT;
  const rows = [
    { label: `${ROW_COUNT.toLocaleString("en")} inserts, one batch (ms)`, server: serverTimings.insertMs, file: fileTimings.insertMs, scale: (x: number) => x },
    { label: `${READ_COUNT.toLocaleString("en")} point reads, sequential (ms)`, server: serverTimings.readMs, file: fileTimings.readMs, scale: (x: number) => x },
    { label: "per point read (µs)", server: serverTimings.readMs, file: fileTimings.readMs, scale: perRead },
  ].map(({ label, server, file, scale }) => [
    label,
    fmt(scale(median(server))), fmt(scale(min(server))),
    fmt(scale(median(file))), fmt(scale(min(file))),
    `${(median(server) / median(file)).toFixed(1)}×`,
  ]);
  const header = ["Measurement", "Server median", "Server min", "File median", "File min", "Server/File (median)"];

  const totalGiB = (os.totalmem() / 1024 ** 3).toFixed(1);
  const machine = `Machine: ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, ${totalGiB} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}, ${new Date().toISOString().slice(0, 10)}`;
  console.log(machine);
  console.log(`${ROUNDS} rounds each after warm-up; both sides via @libsql/client, WAL mode.\n`);

  // Plain aligned table for the terminal.
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));

  // The same figures as Markdown, for docs/benchmarks.md.
  console.log(`\n${machine}\n`);
  console.log(`| ${header.join(" | ")} |`);
  console.log(`| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`);
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
} finally {
  serverClient.close();
  fileClient.close();
  await server.close();
  rmSync(tempDir, { recursive: true, force: true });
}
