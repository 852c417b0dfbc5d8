/**
 * Starts a throwaway libSQL server with the schema applied for the Worker
 * tests, plus a "hanging" server that accepts connections and never answers
 * (to prove requests fail fast instead of hanging), and a second libSQL server
 * that tests may stop and start again (an outage mid-consumer). Each test file
 * creates its own tenant, so files can share the databases and run in parallel.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AddressInfo, createServer, type Server, type Socket } from "node:net";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "@tandem/db/migrate";
import { type LibsqlServer, startLibsqlServer } from "@tandem/libsql-server";
import { startTurnstileVerifier } from "./stand-ins/turnstile.js";

declare module "vitest" {
  export interface ProvidedContext {
    libsqlUrl: string;
    hangingDbUrl: string;
    emailProviderUrl: string;
    turnstileVerifyUrl: string;
    /** A migrated libSQL server on a file database, which `POST <control>/stop` stops and `POST <control>/start` starts again on the same port. */
    restartableDbUrl: string;
    restartableDbControlUrl: string;
  }
}

/**
 * A stand-in for the email provider's HTTP API on 127.0.0.1: records what it
 * is sent (GET /sent lists it) and refuses messages to `refuse@…` with a 422.
 */
async function startEmailProvider() {
  const received: unknown[] = [];
  const server = createHttpServer((req, res) => {
    if (req.method === "GET" && req.url === "/sent") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(received));
      return;
    }
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const message = JSON.parse(body || "{}") as { to?: string[] };
      const idempotencyKey = req.headers["idempotency-key"];
      received.push({ path: req.url, authorization: req.headers.authorization, message, ...(idempotencyKey ? { idempotencyKey } : {}) });
      if (message.to?.[0]?.startsWith("refuse@")) res.writeHead(422, { "content-type": "application/json" }).end('{"message":"refused"}');
      else res.writeHead(200, { "content-type": "application/json" }).end('{"id":"email_1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${address.port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A libSQL server on a file database, stopped and started again by a control
 * server on 127.0.0.1 (`POST /stop`, `POST /start`; both answer once done,
 * and doing either twice is harmless): the database going away and coming
 * back, with its data, on the same URL.
 */
async function startRestartableLibsql() {
  const dir = mkdtempSync(join(tmpdir(), "tandem-restartable-db-"));
  const dbFile = join(dir, "db.sqlite");
  let libsql: LibsqlServer | null = await startLibsqlServer({ db: dbFile });
  const { port, url } = libsql;
  await applyMigrations({ url });
  let busy = Promise.resolve();
  const control = createHttpServer((req, res) => {
    const act = async () => {
      if (req.method === "POST" && req.url === "/stop") {
        await libsql?.close();
        libsql = null;
      } else if (req.method === "POST" && req.url === "/start") {
        libsql ??= await startLibsqlServer({ db: dbFile, port });
      } else {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ running: libsql !== null }));
    };
    // One change at a time: a start racing a stop must not leave two servers.
    busy = busy.then(act, act).catch((error: Error) => void res.writeHead(500).end(error.message));
  });
  await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
  const controlUrl = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
  return {
    url,
    controlUrl,
    close: async () => {
      await new Promise<void>((resolve) => control.close(() => resolve()));
      await libsql?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export default async function setup(project: TestProject) {
  const libsql = await startLibsqlServer({ db: ":memory:" });
  await applyMigrations({ url: libsql.url });

  const sockets = new Set<Socket>();
  const hanging: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
  const address = hanging.address();
  if (address === null || typeof address === "string") throw new Error("hanging server has no port");

  const emailProvider = await startEmailProvider();
  project.provide("emailProviderUrl", emailProvider.url);
  const turnstileVerifier = await startTurnstileVerifier();
  project.provide("turnstileVerifyUrl", turnstileVerifier.url);
  project.provide("libsqlUrl", libsql.url);
  const restartable = await startRestartableLibsql();
  project.provide("restartableDbUrl", restartable.url);
  project.provide("restartableDbControlUrl", restartable.controlUrl);
  project.provide("hangingDbUrl", `http://127.0.0.1:${address.port}`);

  return async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => hanging.close(() => resolve()));
    await emailProvider.close();
    await turnstileVerifier.close();
    await restartable.close();
    await libsql.close();
  };
}
