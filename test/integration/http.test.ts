/** The HTTP surface every later route relies on: health, problem+json errors, request ids, headers. */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { createApp } from "../../workers/app/src/app.js";
import worker from "../../workers/app/src/index.js";
import { createTenant } from "./factories.js";

const BASE = "https://tandem.test";

async function call(path: string, init?: RequestInit, overrides: Partial<typeof env> = {}) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`${BASE}${path}`, init), { ...env, ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

async function expectProblem(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const problem = (await response.json()) as Record<string, unknown>;
  expect(problem).toMatchObject({ type: expect.stringMatching(/^https:\/\//), title: expect.any(String), status, detail: expect.any(String) });
  expect(problem.requestId).toBe(response.headers.get("x-request-id"));
  return problem;
}

afterEach(() => vi.restoreAllMocks());

describe("GET /healthz", () => {
  it("is 200 when the database answers", async () => {
    const response = await call("/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
    expect(response.headers.get("x-request-id")).toMatch(/^[\w-]{8,}$/);
  });

  it("is 503 at once when nothing listens at the database address", async () => {
    const started = Date.now();
    const response = await call("/healthz", undefined, { LIBSQL_URL: "http://127.0.0.1:9" });
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "degraded", db: "unreachable" });
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it("is 503 after the timeout, not a hang, when the database never answers", async () => {
    const started = Date.now();
    const response = await call("/healthz", undefined, { LIBSQL_URL: inject("hangingDbUrl"), DB_TIMEOUT_MS: "300" });
    expect(response.status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe("problem+json errors", () => {
  it("answers unknown API routes with 404", async () => {
    const problem = await expectProblem(await call("/api/v1/nothing-here"), 404);
    expect(problem.detail).toContain("/api/v1/nothing-here");
  });

  it("lists each invalid field in a 400", async () => {
    const problem = await expectProblem(await call("/api/v1/t/Not_A_Slug!"), 400);
    expect(problem.errors).toEqual([{ path: "params.slug", message: expect.stringContaining("lowercase") }]);
  });

  it("answers 503 problem+json on data routes when the database is down, keeping query values out of the log", async () => {
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const response = await call("/api/v1/t/private-school-slug", undefined, { LIBSQL_URL: "http://127.0.0.1:9" });
    await expectProblem(response, 503);
    expect(response.headers.get("retry-after")).toBe("5");
    const logged = warnings.mock.calls.map(([line]) => String(line)).join("\n");
    expect(logged).toContain("database unavailable");
    expect(logged).not.toContain("private-school-slug");
  });

  it("hides the details of an unexpected exception and logs them as one JSON line", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const app = createApp();
    app.get("/api/v1/boom", () => {
      throw new Error("SELECT secret FROM tokens WHERE 1");
    });
    const response = await app.request("/api/v1/boom", { headers: { "x-request-id": "req-boom-1234" } }, env, createExecutionContext());
    const problem = await expectProblem(response, 500);
    const text = JSON.stringify(problem);
    expect(text).not.toContain("SELECT");
    expect(text).not.toMatch(/at \w+ \(/);
    expect(problem.requestId).toBe("req-boom-1234");
    const logged = errors.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(logged).toContainEqual(expect.objectContaining({ level: "error", message: "unhandled error", requestId: "req-boom-1234", error: expect.objectContaining({ message: "SELECT secret FROM tokens WHERE 1" }) }));
  });

  it("refuses to run with invalid configuration, naming the setting but not its value", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const problem = await expectProblem(await call("/api/v1/t/some-school", undefined, { LIBSQL_URL: "not a url", ENVIRONMENT: "staging" }), 500);
    expect(JSON.stringify(problem)).not.toContain("not a url");
    const logged = errors.mock.calls.map(([line]) => JSON.parse(String(line)));
    const configLine = logged.find((line) => line.message === "configuration invalid");
    expect(configLine.problems).toEqual([expect.stringMatching(/^ENVIRONMENT /), expect.stringMatching(/^LIBSQL_URL /)]);
  });
});

describe("GET /api/v1/t/:slug", () => {
  it("returns the institution's public profile", async () => {
    const tenant = await createTenant({ name: "Harbor Community Mentors", kind: "community_org" });
    const response = await call(`/api/v1/t/${tenant.slug}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ slug: tenant.slug, name: "Harbor Community Mentors", kind: "community_org", timezone: "Europe/Berlin", brandColor: "#0b6e4f", logoUrl: null });
  });

  it("is 404 for an unknown institution", async () => {
    await expectProblem(await call("/api/v1/t/no-such-school"), 404);
  });
});

describe("every response", () => {
  it("carries security headers and echoes a trusted request id", async () => {
    const response = await call("/healthz", { headers: { "x-request-id": "edge-abc-12345" } });
    expect(response.headers.get("x-request-id")).toBe("edge-abc-12345");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("strict-transport-security")).toContain("max-age=");
  });

  it("replaces an untrustworthy request id", async () => {
    const response = await call("/healthz", { headers: { "x-request-id": "<script>" } });
    expect(response.headers.get("x-request-id")).not.toBe("<script>");
  });
});

describe("static assets", () => {
  // Routing between assets and the Worker (run_worker_first) is checked against real `wrangler dev` in test/e2e.
  it("binds the landing page", async () => {
    const page = await env.ASSETS.fetch(`${BASE}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>Tandem");
  });

  it("serves the landing page at / through the Worker, with the pages' security policy", async () => {
    const response = await call("/");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("<title>Tandem");
    expect(response.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(response.headers.get("x-request-id")).toBeTruthy();
  });

  it("reaches the Worker through the default export", async () => {
    const health = await exports.default.fetch(`${BASE}/healthz`);
    expect(health.status).toBe(200);
  });
});
