/** Starts the real `pnpm dev` runner (packages/ops/src/dev.ts) for end-to-end tests, and stops it. */
import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

export interface DevProcess {
  url: string;
  output: () => string;
  /** Sends Ctrl-C (SIGINT) and resolves with the exit code. */
  interrupt: () => Promise<number | null>;
  kill: () => void;
}

export async function startDev(args: string[]): Promise<DevProcess> {
  const child: ChildProcess = spawn(process.execPath, [`${REPO_ROOT}node_modules/tsx/dist/cli.mjs`, "packages/ops/src/dev.ts", ...args], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev runner not ready in 60 s:\n${output}`)), 60_000);
    const check = () => {
      const match = /Tandem is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`dev runner exited with ${code} before it was ready:\n${output}`));
    });
  });

  return {
    url,
    output: () => output,
    interrupt: async () => {
      child.kill("SIGINT");
      return exited;
    },
    kill: () => {
      if (child.exitCode === null && child.pid) process.kill(-child.pid, "SIGKILL");
    },
  };
}
