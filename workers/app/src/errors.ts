/**
 * One error type for everything a handler wants to tell a client, and one
 * shape for every error response: RFC 9457 problem details.
 */
import * as v from "valibot";

export interface FieldError {
  /** Where the bad value is, e.g. `body.email` or `params.slug`. */
  path: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  requestId?: string;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Payload too large",
  415: "Unsupported media type",
  422: "Unprocessable content",
  429: "Too many requests",
  500: "Internal server error",
  503: "Service unavailable",
};

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly options: { errors?: FieldError[]; headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = "AppError";
  }

  static validation(errors: FieldError[]): AppError {
    const detail = errors.length === 1 ? `${errors[0].path}: ${errors[0].message}` : `${errors.length} fields are invalid; see errors.`;
    return new AppError(400, "validation-failed", detail, { errors });
  }

  static notFound(detail: string): AppError {
    return new AppError(404, "not-found", detail);
  }

  static tooManyRequests(retryAfterSeconds: number): AppError {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    return new AppError(429, "rate-limited", `Too many attempts. Try again in ${minutes === 1 ? "a minute" : `${minutes} minutes`}.`, {
      headers: { "retry-after": String(retryAfterSeconds) },
    });
  }

  static databaseUnavailable(): AppError {
    return new AppError(503, "database-unavailable", "The database is not reachable right now. Try again in a few seconds.", {
      headers: { "retry-after": "5" },
    });
  }

  toProblem(requestId: string): ProblemDetails {
    return {
      type: `https://tandem.dev/problems/${this.code}`,
      title: TITLES[this.status] ?? "Error",
      status: this.status,
      detail: this.message,
      ...(this.options.errors ? { errors: this.options.errors } : {}),
      ...this.options.extensions,
      requestId,
    };
  }
}

/**
 * Validates one part of a request with a valibot schema and returns the
 * typed value, or throws a 400 listing every failing field.
 */
export function validate<const TSchema extends v.GenericSchema>(
  part: "body" | "query" | "params" | "headers",
  schema: TSchema,
  input: unknown,
): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, input, { abortPipeEarly: true });
  if (result.success) return result.output;
  throw AppError.validation(fieldErrors(part, result.issues));
}

/** valibot issues as `errors[]` entries: `body.institution.slug`, `query.limit`, … */
export function fieldErrors(part: string, issues: readonly v.BaseIssue<unknown>[]): FieldError[] {
  return issues.map((issue) => {
    const dotPath = v.getDotPath(issue);
    return { path: dotPath ? `${part}.${dotPath}` : part, message: issue.message };
  });
}
