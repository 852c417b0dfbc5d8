/** Shared by the tests: valibot results as `{ path, message }`, the shape the API's problem+json `errors` uses. */
import * as v from "valibot";

export interface FieldError {
  path: string | null;
  message: string;
}

export function errorsOf(schema: v.GenericSchema, input: unknown, config?: v.Config<v.BaseIssue<unknown>>): FieldError[] {
  const result = v.safeParse(schema, input, config);
  if (result.success) throw new Error(`Expected the input to be refused, but it was accepted as ${JSON.stringify(result.output)}`);
  return result.issues.map((issue) => ({ path: v.getDotPath(issue), message: issue.message }));
}

export function outputOf<TSchema extends v.GenericSchema>(schema: TSchema, input: unknown): v.InferOutput<TSchema> {
  const result = v.safeParse(schema, input);
  if (!result.success) {
    const errors = result.issues.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`);
    throw new Error(`Expected the input to be accepted, but: ${errors.join("; ")}`);
  }
  return result.output;
}
