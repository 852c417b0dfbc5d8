/**
 * A local libSQL server speaking Hrana over HTTP (v2, JSON) — the protocol
 * `@libsql/client` uses against Turso — over a real libSQL database file.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as v from "valibot";
import Database from "libsql";
import { asHranaError, toProtoError } from "./connection.js";
import {
  HranaError,
  PipelineRequestSchema,
  type ProtoStreamRequest,
  type ProtoStreamResponse,
  type ProtoStreamResult,
} from "./protocol.js";
import { type Stream, StreamRegistry } from "./streams.js";

export interface LibsqlServerOptions {
  /** A database file path, or `:memory:` for a throwaway database. */
  db: string;
  port?: number;
  host?: string;
  /** When set, requests must carry `Authorization: Bearer <authToken>`. */
  authToken?: string;
  idleTimeoutMs?: number;
  busyTimeoutMs?: number;
  maxBodyBytes?: number;
}

export interface LibsqlServer {
  url: string;
  port: number;
  /** Number of open streams (for tests and diagnostics). */
  openStreams(): number;
  close(): Promise<void>;
}

export async function startLibsqlServer(options: LibsqlServerOptions): Promise<LibsqlServer> {
  // `:memory:` would give every stream its own private database; a temporary file keeps one
  // database shared by all streams, with real transaction isolation between them.
  const tempDir = options.db === ":memory:" ? mkdtempSync(join(tmpdir(), "libsql-server-")) : undefined;
  const dbPath = tempDir ? join(tempDir, "db.sqlite") : options.db;
  initialiseDatabase(dbPath);

  const registry = new StreamRegistry({
    dbPath,
    idleTimeoutMs: options.idleTimeoutMs ?? 10_000,
    busyTimeoutMs: options.busyTimeoutMs ?? 5_000,
  });
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) sendJson(res, 500, { message: `Internal error: ${(error as Error).message}`, code: "INTERNAL_ERROR" });
      else res.destroy();
    });
  });
  // Clients reuse connections; keep them only as long as a stream would live.
  server.keepAliveTimeout = 5_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (options.authToken !== undefined && req.headers.authorization !== `Bearer ${options.authToken}`) {
      return sendJson(res, 401, { message: "Missing or wrong authorization token", code: "UNAUTHORIZED" });
    }
    if (req.method === "GET" && (path === "/" || path === "/health" || path === "/v2")) {
      return sendJson(res, 200, { status: "ok", protocol: "hrana-over-http-v2" });
    }
    if (path === "/v2/pipeline") {
      if (req.method !== "POST") return sendJson(res, 405, { message: "Use POST", code: "METHOD_NOT_ALLOWED" });
      return pipeline(req, res);
    }
    // Unknown endpoints (including /v3 and /v3-protobuf) are 404, which tells clients to use v2.
    return sendJson(res, 404, { message: `No endpoint at ${path}`, code: "NOT_FOUND" });
  }

  async function pipeline(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, maxBodyBytes));
    } catch (error) {
      return sendJson(res, 400, { message: `Request body is not valid JSON: ${(error as Error).message}`, code: "PROTOCOL_ERROR" });
    }
    const parsed = v.safeParse(PipelineRequestSchema, body);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const where = v.getDotPath(issue) ?? "body";
      return sendJson(res, 400, { message: `Invalid pipeline request at ${where}: ${issue.message}`, code: "PROTOCOL_ERROR" });
    }

    let stream: Stream;
    try {
      stream = parsed.output.baton == null ? registry.open() : registry.claim(parsed.output.baton);
    } catch (error) {
      return sendJson(res, 400, asHranaError(error).toProto());
    }

    const results: ProtoStreamResult[] = [];
    let closed = false;
    for (const request of parsed.output.requests) {
      if (closed) {
        results.push({ type: "error", error: { message: "The stream was closed by an earlier request", code: "STREAM_CLOSED" } });
        continue;
      }
      try {
        const response = await runRequest(stream, request);
        if (request.type === "close") closed = true;
        results.push({ type: "ok", response });
      } catch (error) {
        results.push({ type: "error", error: toProtoError(error) });
      }
    }

    let baton: string | null = null;
    if (closed) registry.close(stream);
    else baton = registry.release(stream);
    sendJson(res, 200, { baton, base_url: null, results });
  }

  async function runRequest(stream: Stream, request: ProtoStreamRequest): Promise<ProtoStreamResponse> {
    const connection = stream.connection;
    switch (request.type) {
      case "close":
        return { type: "close" };
      case "execute":
        return { type: "execute", result: await connection.execute(request.stmt) };
      case "batch":
        return { type: "batch", result: await connection.batch(request.batch) };
      case "sequence":
        await connection.sequence(request.sql, request.sql_id);
        return { type: "sequence" };
      case "describe":
        return { type: "describe", result: connection.describe(request.sql, request.sql_id) };
      case "store_sql":
        connection.storeSql(request.sql_id, request.sql);
        return { type: "store_sql" };
      case "close_sql":
        connection.closeSql(request.sql_id);
        return { type: "close_sql" };
      case "get_autocommit":
        return { type: "get_autocommit", is_autocommit: connection.isAutocommit };
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    openStreams: () => registry.size,
    close: async () => {
      registry.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

/** WAL lets readers proceed while one stream writes, as on Turso. */
function initialiseDatabase(path: string): void {
  const db = new Database(path);
  try {
    db.exec("PRAGMA journal_mode = WAL;");
  } finally {
    db.close();
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HranaError(`Request body is larger than ${limit} bytes`, "PROTOCOL_ERROR"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
