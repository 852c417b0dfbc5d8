/**
 * The README's run command, for real: the local libSQL server, migrations,
 * the demo seed, `wrangler dev` with assets and queues — started twice on the
 * same data folder, and stopped with Ctrl-C.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, killAllDevProcesses, startDev } from "./dev-process.js";

const dataDir = mkdtempSync(join(tmpdir(), "tandem-dev-"));
afterAll(() => {
  killAllDevProcesses();
  rmSync(dataDir, { recursive: true, force: true });
});

async function runOnce() {
  const [port, dbPort] = [await freePort(), await freePort()];
  const dev = await startDev(["--port", String(port), "--db-port", String(dbPort), "--data-dir", dataDir]);
  return { dev, port, dbPort };
}

describe("pnpm dev", () => {
  it("starts everything, seeds the demo institution once, serves the app, and stops on Ctrl-C", async () => {
    const { dev, port, dbPort } = await runOnce();
    expect(dev.output()).toContain("Seeded the demo institution: 3 programs");
    expect(dev.output()).toContain("admin@demo.tandem.test");
    // The printed sign-in link signs the demo admin in.
    const link = /Sign in:\s+(http\S+)/.exec(dev.output())?.[1];
    expect(link).toContain("/auth/verify.html?token=");
    const token = new URL(link!).searchParams.get("token");
    const verified = await fetch(`${dev.url}/api/v1/auth/verify`, { method: "POST", headers: { "content-type": "application/json", origin: dev.url }, body: JSON.stringify({ token }) });
    expect(verified.status).toBe(200);
    expect(await verified.json()).toMatchObject({ user: { email: "admin@demo.tandem.test" } });

    expect(await (await fetch(`${dev.url}/healthz`)).json()).toEqual({ status: "ok", db: "ok" });
    const landing = await fetch(`${dev.url}/`);
    expect(landing.headers.get("content-type")).toContain("text/html");
    expect(await landing.text()).toContain("<title>Tandem");
    const demo = await fetch(`${dev.url}/api/v1/t/demo`);
    expect(await demo.json()).toMatchObject({ slug: "demo", name: "Northbridge University" });
    // API paths always reach the Worker, so unknown ones are problem+json, not an asset 404.
    const unknown = await fetch(`${dev.url}/api/v1/unknown`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toBe("application/problem+json");
    // The cron trigger reaches the scheduled handler.
    expect((await fetch(`${dev.url}/cdn-cgi/handler/scheduled?cron=*/15+*+*+*+*`)).status).toBe(200);

    expect(await dev.interrupt()).toBe(0);
    await expect.poll(() => dev.anyProcessLeft(), { timeout: 5_000 }).toBe(false);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${dbPort}/v2`)).rejects.toThrow();
  });

  it("keeps the data on a second run and does not seed again", async () => {
    const { dev } = await runOnce();
    expect(dev.output()).toContain("Database already has data; not seeding.");
    expect((await fetch(`${dev.url}/api/v1/t/demo`)).status).toBe(200);
    expect(await dev.interrupt()).toBe(0);
  });
});
