/** The raw protocol: batons, stream expiry, authorization and bad requests. */
import { createClient } from "@libsql/client";
import { afterEach, describe, expect, it } from "vitest";
import { type LibsqlServer, startLibsqlServer } from "../src/index.js";

const servers: LibsqlServer[] = [];
async function start(options: Partial<Parameters<typeof startLibsqlServer>[0]> = {}): Promise<LibsqlServer> {
  const server = await startLibsqlServer({ db: ":memory:", ...options });
  servers.push(server);
  return server;
}
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function pipeline(server: LibsqlServer, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/v2/pipeline`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}
const execute = (sql: string) => ({ type: "execute", stmt: { sql } });

describe("streams and batons", () => {
  it("issues a fresh baton per response and refuses a reused one", async () => {
    const server = await start();
    const opened = await pipeline(server, { baton: null, requests: [execute("BEGIN"), execute("CREATE TABLE t (x)")] });
    expect(opened.status).toBe(200);
    const baton1 = opened.body.baton as string;
    const next = await pipeline(server, { baton: baton1, requests: [execute("INSERT INTO t VALUES (1)")] });
    expect(next.status).toBe(200);
    expect(next.body.baton).not.toBe(baton1);

    const replay = await pipeline(server, { baton: baton1, requests: [execute("SELECT 1")] });
    expect(replay.status).toBe(400);
    expect(replay.body).toEqual({ message: expect.any(String), code: "BATON_REUSED" });
  });

  it("refuses a forged baton", async () => {
    const server = await start();
    const opened = await pipeline(server, { baton: null, requests: [execute("SELECT 1")] });
    const [id, generation] = (opened.body.baton as string).split(".");
    const forged = await pipeline(server, { baton: `${id}.${generation}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, requests: [] });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe("BATON_INVALID");
  });

  it("closes a stream on request and returns a null baton", async () => {
    const server = await start();
    const result = await pipeline(server, { baton: null, requests: [execute("SELECT 1"), { type: "close" }, execute("SELECT 2")] });
    expect(result.body.baton).toBeNull();
    expect(result.body.results.map((r: { type: string }) => r.type)).toEqual(["ok", "ok", "error"]);
    expect(server.openStreams()).toBe(0);
  });

  it("expires idle streams and rolls back their open transaction", async () => {
    const server = await start({ idleTimeoutMs: 100 });
    await pipeline(server, { baton: null, requests: [execute("CREATE TABLE t (x)"), { type: "close" }] });
    const opened = await pipeline(server, { baton: null, requests: [execute("BEGIN"), execute("INSERT INTO t VALUES (1)")] });
    expect(server.openStreams()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(server.openStreams()).toBe(0);

    const late = await pipeline(server, { baton: opened.body.baton, requests: [execute("COMMIT")] });
    expect(late.status).toBe(400);
    expect(late.body.code).toBe("STREAM_EXPIRED");
    const count = await createClient({ url: server.url }).execute("SELECT count(*) AS n FROM t");
    expect(count.rows[0].n).toBe(0);
  });

  it("evaluates batch step conditions, including not/and/or/error", async () => {
    const server = await start();
    const batch = {
      steps: [
        { stmt: { sql: "SELECT 1" } },
        { stmt: { sql: "SELEC broken" } },
        { condition: { type: "error", step: 1 }, stmt: { sql: "SELECT 'ran-after-error'" } },
        { condition: { type: "and", conds: [{ type: "ok", step: 0 }, { type: "ok", step: 1 }] }, stmt: { sql: "SELECT 'skipped'" } },
        { condition: { type: "or", conds: [{ type: "ok", step: 1 }, { type: "not", cond: { type: "ok", step: 3 } }] }, stmt: { sql: "SELECT 'ran-or'" } },
        { condition: { type: "is_autocommit" }, stmt: { sql: "SELECT 'autocommit'" } },
      ],
    };
    const result = await pipeline(server, { baton: null, requests: [{ type: "batch", batch }, { type: "close" }] });
    const { step_results, step_errors } = result.body.results[0].response.result;
    expect(step_results.map((r: unknown) => r !== null)).toEqual([true, false, true, false, true, true]);
    expect(step_errors[1]).toMatchObject({ code: "SQLITE_ERROR" });
    expect(step_results[4].rows[0][0]).toEqual({ type: "text", value: "ran-or" });
  });

  it("stores SQL texts per stream and describes statements", async () => {
    const server = await start();
    const result = await pipeline(server, {
      baton: null,
      requests: [
        execute("CREATE TABLE t (x INTEGER, y TEXT)"),
        { type: "store_sql", sql_id: 1, sql: "INSERT INTO t VALUES (?, :y)" },
        { type: "execute", stmt: { sql_id: 1, args: [{ type: "integer", value: "7" }], named_args: [{ name: ":y", value: { type: "text", value: "seven" } }] } },
        { type: "describe", sql_id: 1 },
        { type: "describe", sql: "SELECT x, y FROM t WHERE x = $x" },
        { type: "close_sql", sql_id: 1 },
        { type: "execute", stmt: { sql_id: 1 } },
        { type: "close" },
      ],
    });
    const results = result.body.results;
    expect(results[2].response.result.affected_row_count).toBe(1);
    expect(results[3].response.result).toMatchObject({ is_readonly: false, params: [{ name: null }, { name: ":y" }] });
    expect(results[4].response.result).toMatchObject({ is_readonly: true, params: [{ name: "$x" }], cols: [{ name: "x" }, { name: "y" }] });
    expect(results[6]).toMatchObject({ type: "error", error: { code: "SQL_NOT_FOUND" } });
  });
});

describe("the write lock", () => {
  it("makes a second writer fail with SQLITE_BUSY when the first holds its transaction too long", async () => {
    const server = await start({ busyTimeoutMs: 100 });
    await pipeline(server, { baton: null, requests: [execute("CREATE TABLE t (x)"), { type: "close" }] });
    await pipeline(server, { baton: null, requests: [execute("BEGIN IMMEDIATE"), execute("INSERT INTO t VALUES (1)")] });
    const second = await pipeline(server, { baton: null, requests: [execute("INSERT INTO t VALUES (2)"), { type: "close" }] });
    expect(second.body.results[0]).toMatchObject({ type: "error", error: { code: "SQLITE_BUSY" } });
  });

  it("is released when a stream holding it expires", async () => {
    const server = await start({ idleTimeoutMs: 100, busyTimeoutMs: 2_000 });
    await pipeline(server, { baton: null, requests: [execute("CREATE TABLE t (x)"), { type: "close" }] });
    await pipeline(server, { baton: null, requests: [execute("BEGIN IMMEDIATE"), execute("INSERT INTO t VALUES (1)")] });
    const started = Date.now();
    const second = await pipeline(server, { baton: null, requests: [execute("INSERT INTO t VALUES (2)"), execute("SELECT count(*) FROM t"), { type: "close" }] });
    expect(second.body.results[0].type).toBe("ok");
    expect(second.body.results[1].response.result.rows[0][0]).toEqual({ type: "integer", value: "1" });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe("bad requests", () => {
  it("answers malformed bodies with {message, code} and a 400", async () => {
    const server = await start();
    const notJson = await pipeline(server, "{nope");
    expect(notJson.status).toBe(400);
    expect(notJson.body.code).toBe("PROTOCOL_ERROR");
    const wrongShape = await pipeline(server, { baton: null, requests: [{ type: "execute", stmt: { sql: "SELECT ?", args: [{ type: "integer", value: "1.5" }] } }] });
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.body.message).toMatch(/requests\.0\.stmt\.args\.0/);
    expect(server.openStreams()).toBe(0);
  });

  it("answers unknown endpoints (including v3) with 404 so clients fall back to v2", async () => {
    const server = await start();
    expect((await fetch(`${server.url}/v3-protobuf`)).status).toBe(404);
    expect((await fetch(`${server.url}/v2`)).status).toBe(200);
  });

  it("requires the bearer token when one is configured", async () => {
    const server = await start({ authToken: "s3cret" });
    expect((await pipeline(server, { baton: null, requests: [] })).status).toBe(401);
    const client = createClient({ url: server.url, authToken: "s3cret" });
    expect((await client.execute("SELECT 1 AS one")).rows[0].one).toBe(1);
    client.close();
  });
});
