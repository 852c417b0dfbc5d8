/**
 * Starts a throwaway libSQL server with the schema applied for the Worker
 * tests, plus a "hanging" server that accepts connections and never answers
 * (to prove requests fail fast instead of hanging). Each test file creates
 * its own tenant, so files can share the database and run in parallel.
 */
import { createServer, type Server, type Socket } from "node:net";
import type { TestProject } from "vitest/node";
import { applyMigrations } from "@tandem/db/migrate";
import { startLibsqlServer } from "@tandem/libsql-server";

declare module "vitest" {
  export interface ProvidedContext {
    libsqlUrl: string;
    hangingDbUrl: string;
  }
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

  project.provide("libsqlUrl", libsql.url);
  project.provide("hangingDbUrl", `http://127.0.0.1:${address.port}`);

  return async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => hanging.close(() => resolve()));
    await libsql.close();
  };
}
