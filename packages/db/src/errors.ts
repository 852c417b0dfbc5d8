/**
 * The database could not be reached (connection refused, timed out, or the
 * server answered 5xx). Callers answer 503 and retry later; the cause chain
 * keeps the transport error for the logs.
 */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DatabaseUnavailableError";
  }
}

/** True if `error`, or anything in its `cause` chain, says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 10; current = current.cause, depth++) {
    if (current instanceof DatabaseUnavailableError) return true;
    // @libsql/client reports transport-level failures it sees itself with these codes.
    const code = (current as { code?: unknown }).code;
    if (code === "SERVER_ERROR" || code === "HRANA_WEBSOCKET_ERROR" || code === "HTTP_ERROR") return true;
  }
  return false;
}
