/**
 * Starts a throwaway libSQL server with the schema applied for the Worker
 * tests, plus a "hanging" server that accepts connections and never answers
 * (to prove requests fail fast instead of hanging). Each test file creates
 * its own tenant, so files can share the database and run in parallel.
 */
import { createServer as createHttpServer } from "node:http";
import { type AddressInfo, createServer, type Server, type Socket } from "node:net";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "@tandem/db/migrate";
import { startLibsqlServer } from "@tandem/libsql-server";
import { startTurnstileVerifier } from "./stand-ins/turnstile.js";

declare module "vitest" {
  export interface ProvidedContext {
    libsqlUrl: string;
    hangingDbUrl: string;
    emailProviderUrl: string;
    turnstileVerifyUrl: string;
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
      received.push({ path: req.url, authorization: req.headers.authorization, message });
      if (message.to?.[0]?.startsWith("refuse@")) res.writeHead(422, { "content-type": "application/json" }).end('{"message":"refused"}');
      else res.writeHead(200, { "content-type": "application/json" }).end('{"id":"email_1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${address.port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
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
  project.provide("hangingDbUrl", `http://127.0.0.1:${address.port}`);

  return async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => hanging.close(() => resolve()));
    await emailProvider.close();
    await turnstileVerifier.close();
    await libsql.close();
  };
}
