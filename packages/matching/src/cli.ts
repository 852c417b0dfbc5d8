/**
 * `pnpm --silent match [--no-timing] [input.json] > output.json`
 *
 * Reads a matching input (JSON) from the file named, or from stdin, and writes
 * the result as JSON to stdout. Bad input (invalid JSON included) exits 2 with
 * one `path: message` line per problem on stderr; success exits 0.
 */
import { readFileSync, realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MatchingInputError, runMatching } from "./index.js";

const USAGE = `usage: pnpm --silent match [--no-timing] [input.json] > output.json
  Reads the input from the file, or from stdin without one; writes the result to stdout.
  --no-timing  report elapsed_ms as 0, so the same input gives byte-identical output`;

/** Runs the CLI; returns the exit code. Exported for tests that do not spawn a process. */
export function main(args: readonly string[], io: { stdin: () => string; stdout: (text: string) => void; stderr: (text: string) => void }): number {
  let timing = true;
  const files: string[] = [];
  for (const arg of args) {
    if (arg === "--no-timing") timing = false;
    else if (arg === "--help" || arg === "-h") {
      io.stdout(`${USAGE}\n`);
      return 0;
    } else if (arg.startsWith("-") && arg !== "-") {
      io.stderr(`unknown option ${arg}\n${USAGE}\n`);
      return 2;
    } else files.push(arg);
  }
  if (files.length > 1) {
    io.stderr(`expected at most one input file, got ${files.length}\n${USAGE}\n`);
    return 2;
  }

  let text: string;
  const file = files[0];
  try {
    text = file === undefined || file === "-" ? io.stdin() : readFileSync(file, "utf8");
  } catch (error) {
    io.stderr(`cannot read ${file ?? "stdin"}: ${(error as Error).message}\n`);
    return 2;
  }

  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    io.stderr(`input is not valid JSON: ${(error as Error).message}\n`);
    return 2;
  }

  try {
    const output = runMatching(input, { timing });
    io.stdout(`${JSON.stringify(output, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof MatchingInputError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function isEntry(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntry()) {
  process.exitCode = main(process.argv.slice(2), {
    stdin: () => readFileSync(0, "utf8"),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  });
}
