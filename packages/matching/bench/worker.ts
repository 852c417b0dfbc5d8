/**
 * The benchmark's Worker, bundled with esbuild and run in workerd by
 * Miniflare: `GET /?mentees=&mentors=&capacity=&seed=` generates the cohort
 * and runs the engine; `&run=0` only generates it (to subtract that time).
 */
import { runMatching } from "../src/index.js";
import { generateCohort } from "./cohort.js";

export default {
  fetch(request: Request): Response {
    const url = new URL(request.url);
    const number = (name: string) => Number(url.searchParams.get(name));
    const input = generateCohort({ mentees: number("mentees"), mentors: number("mentors"), capacity: number("capacity"), seed: number("seed") });
    if (url.searchParams.get("run") === "0") return Response.json({ generated: input.mentees.length });
    const output = runMatching(input, { timing: false });
    return Response.json(output.stats);
  },
};
