/**
 * Conformance of our server with the real `@libsql/client` — the same driver
 * the Worker uses against Turso in production.
 */
import { type Client, createClient, LibsqlError } from "@libsql/client";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type LibsqlServer, startLibsqlServer } from "../src/index.js";

let server: LibsqlServer;
let dir: string;
const clients: Client[] = [];

function connect(intMode: "number" | "bigint" = "bigint"): Client {
  const client = createClient({ url: server.url, intMode });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "libsql-conformance-"));
  server = await startLibsqlServer({ db: join(dir, "test.db") });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  const admin = connect();
  await admin.executeMultiple(`
    DROP TABLE IF EXISTS people;
    CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, score REAL, photo BLOB, big INTEGER);
  `);
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});

describe("execute", () => {
  it("round-trips every value type, including blobs and 64-bit integers", async () => {
    const db = connect();
    const blob = new Uint8Array([0, 1, 2, 253, 254, 255]);
    const big = 9_223_372_036_854_775_807n;
    const small = -9_223_372_036_854_775_808n;
    const inserted = await db.execute({
      sql: "INSERT INTO people (name, score, photo, big) VALUES (?, ?, ?, ?)",
      args: ["Zoë 🌱", 4.25, blob, big],
    });
    expect(inserted.rowsAffected).toBe(1);
    expect(inserted.lastInsertRowid).toBe(1n);
    await db.execute({ sql: "INSERT INTO people (name, score, photo, big) VALUES (?, NULL, NULL, ?)", args: ["Min", small] });

    const result = await db.execute("SELECT id, name, score, photo, big FROM people ORDER BY id");
    expect(result.columns).toEqual(["id", "name", "score", "photo", "big"]);
    expect(result.columnTypes).toEqual(["INTEGER", "TEXT", "REAL", "BLOB", "INTEGER"]);
    const [first, second] = result.rows;
    expect(first.name).toBe("Zoë 🌱");
    expect(first.score).toBe(4.25);
    expect(new Uint8Array(first.photo as ArrayBuffer)).toEqual(blob);
    expect(first.big).toBe(big);
    expect(second.big).toBe(small);
    expect(second.score).toBeNull();
    expect(second.photo).toBeNull();
  });

  it("keeps floats that happen to be whole numbers as floats", async () => {
    const db = connect("number");
    const result = await db.execute("SELECT 2.0 AS f, 2 AS i, typeof(2.0) AS t");
    expect(result.rows[0].f).toBe(2);
    expect(result.rows[0].t).toBe("real");
  });

  it("binds named arguments with any prefix", async () => {
    const db = connect("number");
    const result = await db.execute({ sql: "SELECT :a AS a, @b AS b, $c AS c", args: { a: 1, b: "two", c: null } });
    expect(result.rows[0]).toMatchObject({ a: 1, b: "two", c: null });
  });

  it("reports SQL errors with their SQLite code and keeps the server usable", async () => {
    const db = connect();
    await expect(db.execute("SELEC 1")).rejects.toMatchObject({ code: "SQLITE_ERROR" });
    await db.execute({ sql: "INSERT INTO people (name) VALUES (?)", args: ["Ada"] });
    const error = await db.execute({ sql: "INSERT INTO people (name) VALUES (?)", args: ["Ada"] }).catch((e) => e);
    expect(error).toBeInstanceOf(LibsqlError);
    expect((error as LibsqlError).code).toMatch(/^SQLITE_CONSTRAINT/);
    expect((await db.execute("SELECT count(*) AS n FROM people")).rows[0].n).toBe(1n);
  });

  it("runs multi-statement scripts with executeMultiple", async () => {
    const db = connect();
    await db.executeMultiple("INSERT INTO people (name) VALUES ('a'); INSERT INTO people (name) VALUES ('b');");
    expect((await db.execute("SELECT count(*) AS n FROM people")).rows[0].n).toBe(2n);
  });
});

describe("batch", () => {
  it("applies every statement of a successful batch atomically", async () => {
    const db = connect();
    const results = await db.batch(
      [
        { sql: "INSERT INTO people (name) VALUES (?)", args: ["a"] },
        { sql: "INSERT INTO people (name) VALUES (?)", args: ["b"] },
        "SELECT name FROM people ORDER BY name",
      ],
      "write",
    );
    expect(results).toHaveLength(3);
    expect(results[2].rows.map((row) => row.name)).toEqual(["a", "b"]);
  });

  it("rolls the whole batch back when one statement fails", async () => {
    const db = connect();
    await db.execute({ sql: "INSERT INTO people (name) VALUES (?)", args: ["taken"] });
    await expect(
      db.batch(
        [
          { sql: "INSERT INTO people (name) VALUES (?)", args: ["new-1"] },
          { sql: "INSERT INTO people (name) VALUES (?)", args: ["taken"] },
          { sql: "INSERT INTO people (name) VALUES (?)", args: ["new-2"] },
        ],
        "write",
      ),
    ).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_CONSTRAINT/) });
    const names = (await db.execute("SELECT name FROM people")).rows.map((row) => row.name);
    expect(names).toEqual(["taken"]);
  });
});

describe("interactive transactions", () => {
  it("commits", async () => {
    const db = connect();
    const tx = await db.transaction("write");
    await tx.execute({ sql: "INSERT INTO people (name) VALUES (?)", args: ["kept"] });
    expect((await tx.execute("SELECT count(*) AS n FROM people")).rows[0].n).toBe(1n);
    await tx.commit();
    expect((await db.execute("SELECT name FROM people")).rows.map((r) => r.name)).toEqual(["kept"]);
  });

  it("rolls back", async () => {
    const db = connect();
    const tx = await db.transaction("write");
    await tx.execute({ sql: "INSERT INTO people (name) VALUES (?)", args: ["discarded"] });
    await tx.rollback();
    expect((await db.execute("SELECT count(*) AS n FROM people")).rows[0].n).toBe(0n);
  });

  it("isolates two concurrent transactions from each other's uncommitted writes", async () => {
    const writer = connect();
    const reader = connect();
    const writeTx = await writer.transaction("write");
    const readTx = await reader.transaction("deferred");
    await writeTx.execute({ sql: "INSERT INTO people (name) VALUES (?)", args: ["uncommitted"] });
    // Both are open at once: the reader must not see the writer's row…
    expect((await readTx.execute("SELECT count(*) AS n FROM people")).rows[0].n).toBe(0n);
    await writeTx.commit();
    // …and keeps its snapshot until it ends, while a new reader sees the commit.
    expect((await readTx.execute("SELECT count(*) AS n FROM people")).rows[0].n).toBe(0n);
    await readTx.commit();
    expect((await reader.execute("SELECT count(*) AS n FROM people")).rows[0].n).toBe(1n);
  });

  it("serialises two concurrent write transactions instead of failing", async () => {
    const first = connect();
    const second = connect();
    const tx1 = await first.transaction("write");
    await tx1.execute({ sql: "INSERT INTO people (name) VALUES (?)", args: ["first"] });
    // The second writer waits for the lock; it must not see tx1's row while waiting.
    const secondDone = (async () => {
      const tx2 = await second.transaction("write");
      const seen = (await tx2.execute("SELECT count(*) AS n FROM people")).rows[0].n;
      await tx2.execute({ sql: "INSERT INTO people (name) VALUES (?)", args: ["second"] });
      await tx2.commit();
      return seen;
    })();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await tx1.commit();
    expect(await secondDone).toBe(1n);
    expect((await first.execute("SELECT name FROM people ORDER BY id")).rows.map((r) => r.name)).toEqual(["first", "second"]);
  });
});

describe("the :memory: database", () => {
  it("is one database shared by every stream, and goes away with the server", async () => {
    const memory = await startLibsqlServer({ db: ":memory:" });
    try {
      const a = createClient({ url: memory.url });
      const b = createClient({ url: memory.url });
      await a.execute("CREATE TABLE t (x)");
      await a.execute("INSERT INTO t VALUES (42)");
      expect((await b.execute("SELECT x FROM t")).rows[0].x).toBe(42);
      a.close();
      b.close();
    } finally {
      await memory.close();
    }
  });
});
