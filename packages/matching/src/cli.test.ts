import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { main } from "./cli.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`../test-fixtures/${name}`, import.meta.url));
const tsx = `${root}node_modules/tsx/dist/cli.mjs`;
const cli = fileURLToPath(new URL("./cli.ts", import.meta.url));

function run(args: string[], stdin?: string) {
  const result = spawnSync(process.execPath, [tsx, cli, ...args], { cwd: root, input: stdin, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const BAD_INPUT = "criteria[1].weight: must be a number > 0\nmentors[3].capacity: must be an integer ≥ 0\n";

describe("the matching CLI", () => {
  it("pnpm --silent match < input.json writes the result to stdout and exits 0 (the real contract)", () => {
    const result = spawnSync("npx", ["-y", "pnpm@10.34.9", "--silent", "match", "--no-timing"], {
      cwd: root,
      input: readFileSync(fixture("small.json")),
      encoding: "utf8",
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(readFileSync(fixture("small.expected.json"), "utf8"));
  }, 60_000);

  it("pnpm --silent match exits 2 with the problems on stderr for bad input", () => {
    const result = spawnSync("npx", ["-y", "pnpm@10.34.9", "--silent", "match"], { cwd: root, input: readFileSync(fixture("bad-input.json")), encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(BAD_INPUT);
  }, 60_000);

  it("reads a file named on the command line, byte-identically with --no-timing", () => {
    const first = run(["--no-timing", fixture("small.json")]);
    expect(first).toEqual({ status: 0, stdout: readFileSync(fixture("small.expected.json"), "utf8"), stderr: "" });
    expect(run([fixture("small.json"), "--no-timing"]).stdout).toBe(first.stdout);
  }, 30_000);

  it("reports elapsed time without --no-timing", () => {
    const result = run([], readFileSync(fixture("small.json"), "utf8"));
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).stats.elapsed_ms).toBeGreaterThanOrEqual(0);
  }, 30_000);

  it.each([
    ["bad-input.json", BAD_INPUT],
    [
      "bad-locked.json",
      'mentees[0].attributes.year: must be a number (criterion "year" is numeric)\n' +
        'locked[1].mentor: "m1" has capacity 1 but is locked to 2 mentees\n' +
        'locked[2].mentor: "m9" is not the id of a mentor\n',
    ],
    ["not-json.txt", "input is not valid JSON: Unexpected end of JSON input\n"],
  ])("exits 2 for %s with the message on stderr", (name, message) => {
    expect(run([], readFileSync(fixture(name), "utf8"))).toEqual({ status: 2, stdout: "", stderr: message });
  }, 30_000);

  it("exits 2 for a missing file, an unknown option or two files", () => {
    const io = () => {
      const out = { stdout: "", stderr: "" };
      return { out, io: { stdin: () => "", stdout: (text: string) => (out.stdout += text), stderr: (text: string) => (out.stderr += text) } };
    };
    const missing = io();
    expect(main(["/nonexistent/input.json"], missing.io)).toBe(2);
    expect(missing.out.stderr).toMatch(/^cannot read \/nonexistent\/input.json: ENOENT/);
    const option = io();
    expect(main(["--fast"], option.io)).toBe(2);
    expect(option.out.stderr).toMatch(/^unknown option --fast\nusage:/);
    const two = io();
    expect(main(["a.json", "b.json"], two.io)).toBe(2);
    const help = io();
    expect(main(["--help"], help.io)).toBe(0);
    expect(help.out.stdout).toMatch(/^usage: pnpm --silent match/);
  });
});
