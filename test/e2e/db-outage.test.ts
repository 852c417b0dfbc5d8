/**
 * With the dev server running, the database goes away and comes back:
 * /healthz turns 503, data routes answer 503 problem+json within 5 s, and
 * both recover once the database is back — without restarting the Worker.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LibsqlServer, startLibsqlServer } from "@tandem/libsql-server";
import { type DevProcess, freePort, killAllDevProcesses, startDev } from "./dev-process.js";

const dir = mkdtempSync(join(tmpdir(), "tandem-outage-"));
const dbFile = join(dir, "outage.db");
let dbPort: number;
let libsql: LibsqlServer | undefined;
let dev: DevProcess;

beforeAll(async () => {
  dbPort = await freePort();
  libsql = await startLibsqlServer({ db: dbFile, port: dbPort });
  dev = await startDev(["--port", String(await freePort()), "--db-url", libsql.url, "--data-dir", join(dir, "data")]);
});
afterAll(async () => {
  killAllDevProcesses();
  await libsql?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function timed(path: string) {
  const started = Date.now();
  const response = await fetch(`${dev.url}${path}`);
  return { response, ms: Date.now() - started };
}

describe("a database outage", () => {
  it("is reported fast and recovered from by itself", async () => {
    expect((await timed("/healthz")).response.status).toBe(200);

    await libsql!.close();
    libsql = undefined;
    const health = await timed("/healthz");
    expect(health.response.status).toBe(503);
    expect(await health.response.json()).toEqual({ status: "degraded", db: "unreachable" });
    expect(health.ms).toBeLessThan(5_000);

    const data = await timed("/api/v1/t/demo");
    expect(data.response.status).toBe(503);
    expect(data.response.headers.get("content-type")).toBe("application/problem+json");
    expect(await data.response.json()).toMatchObject({ status: 503, title: "Service unavailable" });
    expect(data.ms).toBeLessThan(5_000);

    libsql = await startLibsqlServer({ db: dbFile, port: dbPort });
    await expect.poll(async () => (await fetch(`${dev.url}/healthz`)).status, { timeout: 10_000, interval: 200 }).toBe(200);
    expect((await timed("/api/v1/t/demo")).response.status).toBe(200);
  });
});
