/** Structured logs: one JSON object per line, which Workers Logs and `wrangler tail` index by field. */
export type LogLevel = "debug" | "info" | "warn" | "error";

export function log(level: LogLevel, message: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields });
  if (level === "error") console.error(line);
  else if (level === "warn") console.warn(line);
  else console.log(line);
}

/**
 * What an error looks like in a log line: name, message, stack and causes
 * (never in a response). Query errors list their bound parameters after
 * "params:" — emails, names — which stay out of the logs.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { value: "non-Error value thrown" };
  return {
    name: error.name,
    message: withoutQueryParams(error.message),
    stack: error.stack === undefined ? undefined : withoutQueryParams(error.stack),
    ...(error.cause !== undefined ? { cause: describeError(error.cause) } : {}),
  };
}

function withoutQueryParams(text: string): string {
  return text.replace(/\nparams: [^\n]*/g, "\nparams: [redacted]");
}
