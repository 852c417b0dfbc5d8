/**
 * The OpenAPI document: valid OpenAPI 3.1, generated from the routes' own
 * schemas, and complete — a route added without its description fails here.
 */
import { validate } from "@readme/openapi-parser";
import { inspectRoutes } from "hono/dev";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../workers/app/src/app.js";

const env = {
  ENVIRONMENT: "test",
  LIBSQL_URL: "http://127.0.0.1:9",
  AUTH_SECRET: "openapi-test-secret-0123456789abcdef",
  EMAIL_PROVIDER: "outbox",
};
/** Routes that are not part of the API contract. */
const UNDOCUMENTED = new Set(["GET /api/v1/openapi.json", "GET /api/v1/docs"]);

type Operation = { operationId?: string; responses?: Record<string, unknown>; parameters?: unknown[]; requestBody?: unknown };
let document: { openapi: string; paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  const response = await createApp().request("/api/v1/openapi.json", {}, env);
  expect(response.status).toBe(200);
  document = await response.json();
});

function routerRoutes(): string[] {
  const routes = inspectRoutes(createApp())
    .filter((route) => !route.isMiddleware && (route.path.startsWith("/api/") || route.path === "/healthz"))
    .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, "{$1}")}`);
  return [...new Set(routes)].filter((route) => !UNDOCUMENTED.has(route)).sort();
}

function documentedRoutes(): string[] {
  return Object.entries(document.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

describe("the OpenAPI document", () => {
  it("is valid OpenAPI 3.1", async () => {
    expect(document.openapi).toBe("3.1.0");
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, JSON.stringify(result, null, 2)).toBe(true);
  });

  it("documents every API route, and only routes that exist", () => {
    expect(documentedRoutes()).toEqual(routerRoutes());
  });

  it("gives every operation an id, a success response, and a 400 when it takes input", () => {
    const problems: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const name = `${method.toUpperCase()} ${path}`;
        const statuses = Object.keys(operation.responses ?? {});
        if (!operation.operationId) problems.push(`${name}: no operationId`);
        if (!statuses.some((status) => status.startsWith("2"))) problems.push(`${name}: no 2xx response`);
        if ((operation.parameters?.length || operation.requestBody) && !statuses.includes("400")) problems.push(`${name}: takes input but documents no 400`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("describes validation failures with our problem shape, never a library default", () => {
    const text = JSON.stringify(document);
    expect(text).toContain("#/components/responses/ValidationFailed");
    expect(text).not.toMatch(/"success"\s*:\s*\{\s*"type"\s*:\s*"boolean"/);
  });
});
