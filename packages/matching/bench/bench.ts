/**
 * `pnpm bench:matching`: the matching engine on generated cohorts, end to end
 * (validation, scoring, solving, explaining), in Node and in workerd, against
 * a greedy baseline and scipy's linear_sum_assignment. Prints Markdown for
 * docs/benchmarks.md. Not a test: numbers depend on the machine.
 *
 * Options: --quick (small cohort only, fewer runs), --no-scipy, --no-workerd.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { prepareRun, solveRun } from "../src/engine.js";
import { parseMatchingInput } from "../src/input.js";
import { runMatching } from "../src/index.js";
import { checkOptimality, maxWeight, solveMaxTotal, type AssignmentProblem } from "../src/solver.js";
import { generateCohort, mulberry32 } from "./cohort.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const args = new Set(process.argv.slice(2));
const quick = args.has("--quick");
const here = fileURLToPath(new URL(".", import.meta.url));

interface Case {
  name: string;
  mentees: number;
  mentors: number;
  capacity: number;
  runs: number;
}
const CASES: Case[] = [
  { name: "2,000 × 500 (capacity 4)", mentees: 2000, mentors: 500, capacity: 4, runs: quick ? 3 : 7 },
  ...(quick ? [] : [{ name: "5,000 × 1,000 (capacity 5)", mentees: 5000, mentors: 1000, capacity: 5, runs: 3 }]),
];
const SEED = 2026;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${Math.round(value).toLocaleString("en-US")} ms`;
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const time = <T>(work: () => T): [T, number] => {
  const started = performance.now();
  const result = work();
  return [result, performance.now() - started];
};

function machine(): string {
  let model = "unknown CPU";
  try {
    model = execFileSync("lscpu", { encoding: "utf8" }).match(/Model name:\s*(.+)/)?.[1]?.trim() ?? model;
  } catch {}
  return `${model}, ${availableParallelism()} cores (nproc), Node ${process.version}`;
}

/** Greedy baseline: best score first, within capacities. */
function greedy(problem: AssignmentProblem): { matched: number; weight: number } {
  const { rows, cols, weights } = problem;
  const keys: number[] = [];
  for (let index = 0; index < weights.length; index++) if (weights[index] >= 0) keys.push(weights[index] * 2 ** 23 + (2 ** 23 - 1 - (index % 2 ** 23)));
  // Key order: weight descending, then pair index ascending (index < 2^23 here).
  const sorted = Float64Array.from(keys).sort().reverse();
  const load = new Int32Array(cols);
  const taken = new Uint8Array(rows);
  let matched = 0;
  let weight = 0;
  for (const key of sorted) {
    const w = Math.floor(key / 2 ** 23);
    const index = 2 ** 23 - 1 - (key - w * 2 ** 23);
    const row = Math.floor(index / cols);
    const col = index % cols;
    if (taken[row] || load[col] >= problem.capacity[col]) continue;
    taken[row] = 1;
    load[col]++;
    matched++;
    weight += w;
  }
  return { matched, weight };
}

function sumOf(problem: AssignmentProblem, assignment: Int32Array): { matched: number; weight: number } {
  let matched = 0;
  let weight = 0;
  assignment.forEach((col, row) => {
    if (col < 0) return;
    matched++;
    weight += problem.weights[row * problem.cols + col];
  });
  return { matched, weight };
}

/** The same problem for scipy: one column per place with a mentor, plus one "unmatched" column per row. */
function scipy(problem: AssignmentProblem): { matched: number; weight: number; seconds: number; scipy: string } | { skipped: string } {
  const { rows, cols, weights } = problem;
  const capacity = Array.from(problem.capacity, (c) => Math.min(c, rows));
  const slots = capacity.reduce((sum, c) => sum + c, 0);
  const width = slots + rows;
  const bonus = (rows + 1) * (maxWeight(weights) + 1);
  const matrix = new Float64Array(rows * width);
  for (let row = 0; row < rows; row++) {
    let slot = row * width;
    for (let col = 0; col < cols; col++) {
      const w = weights[row * cols + col];
      const cost = w < 0 ? Infinity : -(bonus + w);
      for (let place = 0; place < capacity[col]; place++) matrix[slot++] = cost;
    }
  }
  const dir = mkdtempSync(join(tmpdir(), "matching-bench-"));
  try {
    const file = join(dir, "cost.f64");
    writeFileSync(file, new Uint8Array(matrix.buffer));
    const result = spawnSync("python3", [join(here, "lsa.py"), file, String(rows), String(width), String(slots), String(bonus)], {
      encoding: "utf8",
      maxBuffer: 1 << 20,
    });
    if (result.error) return { skipped: `python3 is not available (${result.error.message})` };
    if (result.status !== 0) return { skipped: `lsa.py failed: ${result.stderr.trim().split("\n").at(-1)}` };
    return JSON.parse(result.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Peak of heap + array buffers during a run, sampled at each progress call (about 100 a run). */
function measureMemory(input: unknown): number {
  gc();
  const base = process.memoryUsage();
  const baseline = base.heapUsed + base.arrayBuffers;
  let peak = baseline;
  const sample = () => {
    const usage = process.memoryUsage();
    peak = Math.max(peak, usage.heapUsed + usage.arrayBuffers);
  };
  runMatching(input, { progress: sample });
  sample();
  return peak - baseline;
}

/** The part of esbuild's API used here. */
interface Esbuild {
  build(options: Record<string, unknown> & { write: false }): Promise<{ outputFiles: { text: string }[] }>;
}

async function workerd(cases: Case[]): Promise<Map<string, { median: number; runs: number[]; matched: number; total: number }> | string> {
  let esbuild: Esbuild;
  try {
    // esbuild is not a dependency of the workspace; tsx ships one.
    const fromTsx = createRequire(createRequire(import.meta.url).resolve("tsx/package.json"));
    esbuild = fromTsx("esbuild") as Esbuild;
  } catch (error) {
    return `esbuild not found (${(error as Error).message})`;
  }
  const { Miniflare } = await import("miniflare");
  const built = await esbuild.build({
    entryPoints: [join(here, "worker.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const script = built.outputFiles[0].text;
  const mf = new Miniflare({
    workers: [
      {
        config: {
          name: "matching-bench",
          compatibilityDate: "2025-09-01",
          manifest: { mainModule: "worker.js", modules: { "worker.js": { type: "esm", contents: script } } },
        },
      },
    ],
  });
  const results = new Map<string, { median: number; runs: number[]; matched: number; total: number }>();
  try {
    const call = async (c: Case, run: boolean) => {
      const url = `http://bench/?mentees=${c.mentees}&mentors=${c.mentors}&capacity=${c.capacity}&seed=${SEED}${run ? "" : "&run=0"}`;
      const started = performance.now();
      const response = await mf.dispatchFetch(url);
      const body = (await response.json()) as { matched: number; total_score: number };
      if (response.status !== 200) throw new Error(`workerd answered ${response.status}: ${JSON.stringify(body)}`);
      return { elapsed: performance.now() - started, body };
    };
    for (const c of cases) {
      await call(c, true); // warm-up
      const runs: number[] = [];
      let body = { matched: 0, total_score: 0 };
      for (let index = 0; index < c.runs; index++) {
        const generateOnly = await call(c, false);
        const full = await call(c, true);
        runs.push(full.elapsed - generateOnly.elapsed);
        body = full.body;
      }
      results.set(c.name, { median: median(runs), runs, matched: body.matched, total: body.total_score });
    }
  } finally {
    await mf.dispose();
  }
  return results;
}

async function main(): Promise<void> {
  console.log(`Machine: ${machine()}\n`);
  const lines: string[] = [];
  const table = (row: string[]) => lines.push(`| ${row.join(" | ")} |`);
  table(["Cohort", "End to end (median)", "Runs", "Validate + score", "Solve", "Peak memory Δ", "Matched", "Total score", "Min score"]);
  table(["---", "---:", "---", "---:", "---:", "---:", "---:", "---:", "---:"]);
  const extra: string[] = [];

  for (const c of CASES) {
    const input = generateCohort({ mentees: c.mentees, mentors: c.mentors, capacity: c.capacity, seed: SEED });
    runMatching(input, { timing: false }); // warm-up
    const runs: number[] = [];
    let output = runMatching(input);
    for (let index = 0; index < c.runs; index++) {
      const [result, elapsed] = time(() => runMatching(input));
      runs.push(elapsed);
      output = result;
    }
    const memory = measureMemory(input);

    // Phases (medians of three), and the solver alone on the same problem.
    const phases = [0, 1, 2].map(() => {
      const [parsed, validate] = time(() => parseMatchingInput(input));
      const [run, score] = time(() => prepareRun(parsed));
      const [assignment, solve] = time(() => solveRun(run, "max_total"));
      return { run, assignment, validate, score, solve };
    });
    const { run, assignment } = phases[0];
    const validate = median(phases.map((phase) => phase.validate));
    const score = median(phases.map((phase) => phase.score));
    const solve = median(phases.map((phase) => phase.solve));
    const certificate = checkOptimality(run.problem, solveMaxTotal(run.problem));
    const optimum = sumOf(run.problem, assignment);
    const lockedCount = run.lockedMentor.size;
    const lockedWeight = Math.round(output.stats.total_score * 1e6) - optimum.weight;

    table([
      c.name,
      ms(median(runs)),
      runs.map((value) => Math.round(value)).join(", "),
      ms(validate + score),
      ms(solve),
      mib(memory),
      `${output.stats.matched.toLocaleString("en-US")} / ${c.mentees.toLocaleString("en-US")}`,
      output.stats.total_score.toFixed(6),
      String(output.stats.min_score),
    ]);

    const baseline = greedy(run.problem);
    const gap = optimum.weight - baseline.weight;
    extra.push(
      `- ${c.name}: ${lockedCount} locked pairs, ${run.problem.rows.toLocaleString("en-US")} free mentees; optimality certificate over all ${(run.problem.rows * run.problem.cols).toLocaleString("en-US")} pairs: ${certificate === undefined ? "holds" : `FAILS (${certificate})`}.`,
      `  Greedy (best score first): ${(baseline.matched + lockedCount).toLocaleString("en-US")} matched, total ${((baseline.weight + lockedWeight) / 1e6).toFixed(6)}; the optimum matches ${optimum.matched - baseline.matched} more and scores ${(gap / 1e6).toFixed(6)} more (${((100 * gap) / Math.max(1, baseline.weight)).toFixed(2)} %).`,
    );

    const [fairOutput, fairTime] = time(() => runMatching({ ...input, locked: [], objective: "max_min" }, { timing: false }));
    const plain = runMatching({ ...input, locked: [] }, { timing: false });
    extra.push(
      `  Without locked pairs: max_total ${plain.stats.matched} matched, total ${plain.stats.total_score}, min ${plain.stats.min_score}; max_min ${fairOutput.stats.matched} matched, total ${fairOutput.stats.total_score}, min ${fairOutput.stats.min_score} in ${ms(fairTime)}.`,
    );

    if (!args.has("--no-scipy")) {
      const reference = scipy(run.problem);
      if ("skipped" in reference) extra.push(`  scipy: skipped, ${reference.skipped}.`);
      else {
        const [, ours] = time(() => solveMaxTotal(run.problem));
        const same = reference.matched === optimum.matched && reference.weight === optimum.weight;
        extra.push(
          `  scipy ${reference.scipy} linear_sum_assignment on the slot-expanded ${run.problem.rows.toLocaleString("en-US")} × ${(run.problem.capacity.reduce((s, x) => s + Math.min(x, run.problem.rows), 0) + run.problem.rows).toLocaleString("en-US")} matrix: ${reference.matched} matched, weight ${reference.weight} — ${same ? "the same optimum" : `DIFFERENT from ours (${optimum.matched}, ${optimum.weight})`}; ${ms(reference.seconds * 1000)} vs our solver ${ms(ours)} on the same problem (${(reference.seconds * 1000 / ours).toFixed(1)}× ours).`,
        );
      }
    }
  }

  if (!quick) {
    // A hard case for shortest augmenting paths: every mentee ranks the mentors in the same order.
    const rows = 5000;
    const cols = 1000;
    const random = mulberry32(SEED);
    const quality = Array.from({ length: cols }, () => Math.floor(random() * 1_000_000));
    const weights = new Int32Array(rows * cols);
    for (let row = 0; row < rows; row++) for (let col = 0; col < cols; col++) weights[row * cols + col] = quality[col];
    const problem = { rows, cols, weights, capacity: new Int32Array(cols).fill(5) };
    const [result, elapsed] = time(() => solveMaxTotal(problem));
    extra.push(
      `- Stress, solver only: 5,000 × 1,000 (capacity 5) where every mentee ranks the mentors in the same order: ${ms(elapsed)}, certificate ${checkOptimality(problem, result) === undefined ? "holds" : "FAILS"}.`,
    );
  }

  console.log(lines.join("\n"));
  console.log();
  console.log(extra.join("\n"));

  if (!args.has("--no-workerd")) {
    const results = await workerd(CASES);
    console.log();
    if (typeof results === "string") console.log(`workerd: skipped, ${results}.`);
    else {
      console.log("| Cohort in workerd (Miniflare) | Median | Runs | Matched | Total score |");
      console.log("| --- | ---: | --- | ---: | ---: |");
      for (const [name, result] of results) {
        console.log(`| ${name} | ${ms(result.median)} | ${result.runs.map((value) => Math.round(value)).join(", ")} | ${result.matched} | ${result.total} |`);
      }
    }
  }
}

await main();
