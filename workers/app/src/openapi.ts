/**
 * The glue between valibot, hono-openapi and our error conventions: one
 * schema both validates a request and documents it in /api/v1/openapi.json.
 */
import type { ValidationTargets } from "hono";
import { resolver, validator } from "hono-openapi";
import * as v from "valibot";
import { AppError, fieldErrors } from "./errors.js";

/** The name each validation target has in our `errors[].path`. */
const PART = { json: "body", form: "body", param: "params", query: "query", header: "headers", cookie: "cookies" } as const;

/**
 * Validates one part of the request; bad input throws our 400 (problem+json,
 * every failing field listed), so the one error handler renders it.
 * JSON bodies are documented as the client sends them; params and query as
 * parsed (their pipelines end in an explicit type, e.g. `v.number()`).
 */
export function validated<Target extends keyof ValidationTargets, Schema extends v.GenericSchema>(target: Target, schema: Schema) {
  return validator(
    target,
    v.config(schema, { abortPipeEarly: true }),
    (result) => {
      if (result.success) return;
      // The issues are valibot's own, behind the Standard Schema interface.
      throw AppError.validation(fieldErrors(PART[target], result.error as unknown as v.BaseIssue<unknown>[]));
    },
    { options: { typeMode: target === "json" || target === "form" ? "input" : "output", target: "draft-2020-12" } },
  );
}

/** A response body schema, as sent. */
export const responseSchema = (schema: v.GenericSchema) => resolver(schema, { options: { typeMode: "output", target: "draft-2020-12" } });

export const jsonResponse = (description: string, schema: v.GenericSchema) => ({
  description,
  content: { "application/json": { schema: responseSchema(schema) } },
});

const FieldErrorSchema = v.object({
  path: v.pipe(v.string(), v.description("Where the bad value is, e.g. `body.email` or `params.slug`.")),
  message: v.string(),
});

/** RFC 9457 problem details, shared as `#/components/schemas/ProblemDetails`. */
export const ProblemDetailsSchema = v.pipe(
  v.object({
    type: v.pipe(v.string(), v.url()),
    title: v.string(),
    status: v.pipe(v.number(), v.integer()),
    detail: v.optional(v.string()),
    errors: v.optional(v.array(FieldErrorSchema)),
    requestId: v.optional(v.string()),
  }),
  v.title("ProblemDetails"),
  v.metadata({ ref: "ProblemDetails" }),
);

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: responseSchema(ProblemDetailsSchema) } },
});

/** Responses shared by many routes, as `#/components/responses/<name>`. */
export const sharedResponses = {
  ValidationFailed: problem("The request is invalid; `errors` lists every failing field."),
  Unauthorized: problem("Not signed in, or the session has ended."),
  Forbidden: problem("Signed in, but this role may not do that."),
  NotFound: problem("Nothing exists at this address (or it belongs to another institution)."),
  Conflict: problem("The request conflicts with what exists, e.g. a taken address."),
  TooManyRequests: problem("Too many attempts; `Retry-After` says when to try again."),
  Unavailable: problem("The database is not reachable right now; `Retry-After` says when to try again."),
};
export const ref = (name: keyof typeof sharedResponses) => ({ $ref: `#/components/responses/${name}` });
