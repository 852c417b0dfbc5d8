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
  /** Sends Ctrl-C as a terminal does (SIGINT to the whole process group) and resolves with the exit code. */
  interrupt: () => Promise<number | null>;
  /** True while any process of the runner's group (tsx, wrangler, workerd…) is alive. */
  anyProcessLeft: () => boolean;
  kill: () => void;
}

const killers = new Set<() => void>();

/** Kills every runner a test started, even one a failed assertion left running. */
export function killAllDevProcesses(): void {
  for (const kill of killers) kill();
  killers.clear();
}

export async function startDev(args: string[], env: Record<string, string> = {}): Promise<DevProcess> {
  const child: ChildProcess = spawn(process.execPath, [`${REPO_ROOT}node_modules/tsx/dist/cli.mjs`, "packages/ops/src/dev.ts", ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const kill = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // The group is already gone.
    }
  };
  killers.add(kill);

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev runner not ready in 60 s:\n${output}`)), 60_000);
    const check = () => {
      // The banner ends with this line; wait for it so the whole banner is in `output`.
      const match = /Tandem is running at (http:\/\/\S+)[\s\S]*Press Ctrl-C to stop\./.exec(output);
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
      process.kill(-child.pid!, "SIGINT");
      return exited;
    },
    anyProcessLeft: () => {
      try {
        process.kill(-child.pid!, 0);
        return true;
      } catch {
        return false;
      }
    },
    kill,
  };
}
