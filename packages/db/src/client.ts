/**
 * The one way to open the database, in the Worker, in scripts and in tests.
 * It speaks HTTP (Hrana) to Turso in production and to our local libSQL
 * server in development; nothing above this module knows the difference.
 */
import { createClient, type Client } from "@libsql/client/web";
import type { LibSQLDatabase } from "drizzle-orm/libsql";
import { drizzle } from "drizzle-orm/libsql/web";
import { DatabaseUnavailableError } from "./errors.js";
import * as schema from "./schema.js";

export type Database = LibSQLDatabase<typeof schema>;

export interface DatabaseConfig {
  url: string;
  authToken?: string;
  /** Each HTTP round trip to the database fails after this long (fail fast, never hang). */
  timeoutMs?: number;
}

export interface DatabaseHandle {
  db: Database;
  client: Client;
}

export function openDatabase(config: DatabaseConfig): DatabaseHandle {
  const client = createClient({
    url: config.url,
    authToken: config.authToken,
    fetch: guardedFetch(config.timeoutMs ?? 4_000),
  });
  return { db: drizzle(client, { schema }), client };
}

/**
 * Protocol-version answers by server origin. A new client probes the server's
 * protocol version before its first request, and closes itself for good if
 * that probe fails — so we remember the answer per isolate, which saves a
 * round trip per client and lets a fresh client work as soon as the server is back.
 */
const versionProbeStatus = new Map<string, number>();
const VERSION_PROBE = /\/v\d[\w-]*$/;

function guardedFetch(timeoutMs: number): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const isVersionProbe = request.method === "GET" && VERSION_PROBE.test(new URL(request.url).pathname);
    const probeKey = request.url;
    if (isVersionProbe && versionProbeStatus.has(probeKey)) {
      return new Response(null, { status: versionProbeStatus.get(probeKey) });
    }
    let response: Response;
    try {
      response = await fetch(request, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      throw new DatabaseUnavailableError(
        timedOut ? `The database did not answer within ${timeoutMs} ms` : "The database could not be reached",
        { cause: error },
      );
    }
    if (response.status === 502 || response.status === 503 || response.status === 504) {
      await response.body?.cancel();
      throw new DatabaseUnavailableError(`The database answered HTTP ${response.status}`);
    }
    if (isVersionProbe) versionProbeStatus.set(probeKey, response.status);
    return response;
  };
}
