/** Institution settings: branding and embed origins, for owners and admins, audited. */
import { describe, expect, it } from "vitest";
import { Agent, inviteAndAccept, signUpAndSignIn } from "./agent.js";

describe("institution settings", () => {
  it("change branding and embed origins, show them in the public profile, and are audited", async () => {
    const { owner, slug } = await signUpAndSignIn();
    const updated = await owner.request("PATCH", `/api/v1/t/${slug}/settings`, {
      brandColor: "#1A56B8",
      logoUrl: "https://cdn.example.edu/logo.svg",
      allowedEmbedOrigins: ["https://www.example.edu", "https://www.example.edu/"],
      turnstileEnabled: true,
      turnstileSiteKey: "0x4AAAAAAATestSiteKey",
      turnstileSecretKey: "0x4AAAAAAATestSecretKey",
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({
      settings: { brandColor: "#1a56b8", logoUrl: "https://cdn.example.edu/logo.svg", allowedEmbedOrigins: ["https://www.example.edu"], turnstileEnabled: true, turnstileSiteKey: "0x4AAAAAAATestSiteKey", turnstileSecretSet: true },
    });
    expect(await (await new Agent().get(`/api/v1/t/${slug}`)).json()).toMatchObject({ brandColor: "#1a56b8", logoUrl: "https://cdn.example.edu/logo.svg" });
    // Embed origins are settings, not public information.
    expect(JSON.stringify(await (await new Agent().get(`/api/v1/t/${slug}`)).json())).not.toContain("www.example.edu");

    const audit = (await (await owner.get(`/api/v1/t/${slug}/audit?limit=1`)).json()) as { events: { action: string; before: Record<string, unknown> }[] };
    expect(audit.events[0]).toMatchObject({ action: "institution.settings_updated", before: { brandColor: "#0b6e4f", allowedEmbedOrigins: [] } });
  });

  it("refuse bad values with every field named, and coordinators altogether", async () => {
    const { owner, slug } = await signUpAndSignIn();
    const bad = await owner.request("PATCH", `/api/v1/t/${slug}/settings`, { brandColor: "teal", timezone: "Atlantis/Central", allowedEmbedOrigins: ["ftp://x.org"] });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path).sort()).toEqual(["body.allowedEmbedOrigins.0", "body.brandColor", "body.timezone"]);
    const { member: coordinator } = await inviteAndAccept(owner, slug, "coordinator");
    expect((await coordinator.get(`/api/v1/t/${slug}/settings`)).status).toBe(403);
    expect((await coordinator.request("PATCH", `/api/v1/t/${slug}/settings`, { brandColor: "#000000" })).status).toBe(403);
  });
});
