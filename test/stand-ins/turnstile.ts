/**
 * A local stand-in for Cloudflare Turnstile's siteverify API, for tests that
 * run without a network: the Worker tests (global setup) and the browser tests
 * (passed to `pnpm dev` as TURNSTILE_VERIFY_URL).
 */
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";

/** Cloudflare's documented test secrets and dummy token (developers.cloudflare.com/turnstile/troubleshooting/testing). */
export const TURNSTILE_PASS_SECRET = "1x0000000000000000000000000000000AA";
export const TURNSTILE_FAIL_SECRET = "2x0000000000000000000000000000000AA";
export const TURNSTILE_SPENT_SECRET = "3x0000000000000000000000000000000AA";
export const TURNSTILE_DUMMY_TOKEN = "XXXX.DUMMY.TOKEN.XXXX";

/**
 * A stand-in for Turnstile's siteverify on 127.0.0.1, answering as Cloudflare
 * documents for its test secrets: the pass secret accepts any token, the fail
 * secret refuses every token, the third says the token was spent, and any other
 * (a "production") secret refuses the dummy token. It records what it is sent
 * (form-encoded `secret`, `response`, `remoteip`); GET /received lists it.
 */
export async function startTurnstileVerifier() {
  const received: Record<string, string>[] = [];
  const server = createHttpServer((req, res) => {
    if (req.method === "GET" && req.url === "/received") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(received));
      return;
    }
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      const form = Object.fromEntries(new URLSearchParams(body));
      received.push({ ...form, contentType: req.headers["content-type"] ?? "" });
      const answer = (success: boolean, codes: string[] = []) =>
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ success, "error-codes": codes, ...(success ? { hostname: "example.com", challenge_ts: new Date().toISOString() } : {}) }));
      if (!form.secret) answer(false, ["missing-input-secret"]);
      else if (!form.response) answer(false, ["missing-input-response"]);
      else if (form.secret === TURNSTILE_PASS_SECRET) answer(true);
      else if (form.secret === TURNSTILE_FAIL_SECRET) answer(false, ["invalid-input-response"]);
      else if (form.secret === TURNSTILE_SPENT_SECRET) answer(false, ["timeout-or-duplicate"]);
      else answer(false, [form.response === TURNSTILE_DUMMY_TOKEN ? "invalid-input-response" : "invalid-input-secret"]);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${address.port}/turnstile/v0/siteverify`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
