/** An institution's own hosts: `{slug}.<base domain>` and registered custom domains. */
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../workers/app/src/index.js";
import { signUpAndSignIn } from "./agent.js";

const BASE = "tandem.test";

async function onHost(host: string, path: string) {
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(`https://${host}${path}`), { ...env, BASE_DOMAIN: BASE }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

describe("institution hosts", () => {
  it("let {slug}.<base domain> address its own institution and no other", async () => {
    const mine = await signUpAndSignIn();
    const other = await signUpAndSignIn();
    expect((await onHost(`${mine.slug}.${BASE}`, `/api/v1/t/${mine.slug}`)).status).toBe(200);
    const cross = await onHost(`${mine.slug}.${BASE}`, `/api/v1/t/${other.slug}`);
    expect(cross.status).toBe(404);
    // The same answer as for a path that does not exist: nothing about the other institution.
    expect(((await cross.json()) as { detail: string }).detail).toBe(`There is nothing at GET /api/v1/t/${other.slug}.`);
    // The base host addresses anyone's public profile, as before.
    expect((await onHost(BASE, `/api/v1/t/${other.slug}`)).status).toBe(200);
  });

  it("resolve a registered custom domain to its institution, until it is removed", async () => {
    const { owner, slug } = await signUpAndSignIn();
    const other = await signUpAndSignIn();
    const domain = `mentoring-${crypto.randomUUID().slice(0, 6)}.example.edu`;
    expect((await owner.post(`/api/v1/t/${slug}/domains`, { hostname: domain.toUpperCase() })).status).toBe(201);
    expect(await (await owner.get(`/api/v1/t/${slug}/domains`)).json()).toEqual({ domains: [{ hostname: domain, createdAt: expect.any(String) }] });

    expect((await onHost(domain, `/api/v1/t/${slug}`)).status).toBe(200);
    expect((await onHost(domain, `/api/v1/t/${other.slug}`)).status).toBe(404);

    expect((await owner.delete(`/api/v1/t/${slug}/domains/${domain}`)).status).toBe(204);
    expect((await onHost(domain, `/api/v1/t/${other.slug}`)).status).toBe(200);
  });

  it("refuse a domain under the base domain, and one already registered", async () => {
    const { owner, slug } = await signUpAndSignIn();
    const other = await signUpAndSignIn();
    const domain = `taken-${crypto.randomUUID().slice(0, 6)}.example.org`;
    expect((await other.owner.post(`/api/v1/t/${other.slug}/domains`, { hostname: domain })).status).toBe(201);
    const taken = await owner.post(`/api/v1/t/${slug}/domains`, { hostname: domain });
    expect(taken.status).toBe(409);
    expect(await taken.text()).not.toContain(other.slug);
    const invalid = await owner.post(`/api/v1/t/${slug}/domains`, { hostname: "not a domain" });
    expect(invalid.status).toBe(400);
  });

  it("open the institution's page in the web console at /, while the base host shows the landing page", async () => {
    const { slug } = await signUpAndSignIn();
    const home = await onHost(`${slug}.${BASE}`, "/");
    expect(home.status).toBe(302);
    expect(home.headers.get("location")).toBe(`/console/${slug}`);
    expect((await onHost(BASE, "/")).status).toBe(200);
  });

  it("send the old dashboard address /t/{slug} to the institution's overview in the web console", async () => {
    const { slug } = await signUpAndSignIn();
    for (const path of [`/t/${slug}`, `/t/${slug}/`, `/t/${slug.toUpperCase()}`]) {
      const old = await onHost(BASE, path);
      expect(old.status, path).toBe(302);
      expect(old.headers.get("location"), path).toBe(`/console/${slug}`);
    }
    // An old capitalised link on the institution's own host is the same institution, not someone else's.
    const own = await onHost(`${slug}.${BASE}`, `/t/${slug.toUpperCase()}`);
    expect(own.headers.get("location")).toBe(`/console/${slug}`);
    // The retired dashboard page's own address, from bookmarks.
    for (const path of ["/dashboard", "/dashboard.html"]) expect((await onHost(BASE, path)).headers.get("location"), path).toBe("/console/");
  });

  it("answer the health check on any host without a lookup", async () => {
    expect((await onHost("unknown-host.example.net", "/healthz")).status).toBe(200);
  });
});
