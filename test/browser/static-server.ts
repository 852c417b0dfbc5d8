/**
 * A tiny static server for workers/app/public, for testing the pages with a
 * faked API: it serves files as Workers static assets do, and as the Worker does
 * redirects the old dashboard address /t/<slug> to the web console's overview and
 * answers deeper /console/… paths with the console's index.html (built by
 * `pnpm build:web`), and sends the pages' CSP.
 */
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { extname, join, normalize } from "node:path";
import { PAGE_CSP, REPO_ROOT } from "./browser.js";

const PUBLIC = join(REPO_ROOT, "workers", "app", "public");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

export interface StaticServer {
  url: string;
  close: () => Promise<void>;
}

export async function startStaticServer(): Promise<StaticServer> {
  const server: Server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? "/", "http://localhost");
    const headers = { "content-security-policy": PAGE_CSP, "x-content-type-options": "nosniff" };
    const oldDashboard = /^\/t\/([^/]+)\/?$/.exec(pathname);
    if (oldDashboard) {
      response.writeHead(302, { ...headers, location: `/console/${oldDashboard[1].toLowerCase()}` }).end();
      return;
    }
    let file = pathname === "/" ? "/index.html" : pathname;
    if (pathname.startsWith("/console/") && !pathname.startsWith("/console/assets/")) file = "/console/index.html";
    const path = normalize(join(PUBLIC, decodeURIComponent(file)));
    if (!path.startsWith(PUBLIC) || file.startsWith("/_")) {
      response.writeHead(404, headers).end("Not found");
      return;
    }
    try {
      const body = await readFile(path);
      response.writeHead(200, { ...headers, "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(body);
    } catch {
      response.writeHead(404, { ...headers, "content-type": "text/plain" }).end("Not found");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no address");
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
