/**
 * Issue #3's "Done when", in a real browser against the real `pnpm dev` runner:
 * an institution signs up, its admin signs in from the emailed link (landing on
 * the web console's overview), invites a coordinator on the console's Staff page,
 * the coordinator joins in another browser, and the admin signs out.
 * axe checks every page on the way; screenshots go to test-artifacts/screenshots
 * (and, with UPDATE_README_SCREENSHOTS=1, three to docs/screenshots for the README).
 */
import { describe, expect, it } from "vitest";
import { screenshot } from "./browser.js";
import { requireLinkTo, useDevAndBrowser } from "./harness.js";

const harness = useDevAndBrowser("browser", { context: { viewport: { width: 1100, height: 800 }, locale: "en-US", timezoneId: "America/Los_Angeles" } });
const { dev, newPage, axeCheck } = harness;

/**
 * The newest link to `linkPath` in an email to `to` (other than links in `seen`),
 * waiting for it to be "sent". Returns the link on the dev server's origin.
 */
const linkFromOutbox = (to: string, linkPath: string, seen: string[] = []) => requireLinkTo(dev, to, linkPath, { except: seen });

/** Workers static assets may drop ".html" (…/sign-in.html → …/sign-in); both are the same page. */
function isPage(url: URL, path: string): boolean {
  return url.pathname === path || url.pathname === path.replace(/\.html$/, "");
}

describe("staff journey (issue #3)", () => {
  const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;
  // Names need not be unique, addresses must: this run's address is new, its name reads well in the README.
  const institution = "Harbor Mentors";
  const slug = `harbor-${suffix}`;
  // Each run has its own database (a fresh --data-dir), so plain addresses are safe.
  const adminEmail = "dana@harbor.example";
  const coordinatorEmail = "sam@harbor.example";

  it("signs up, signs in by email, invites a coordinator who joins, and signs out", async () => {
    // On failure: what each page showed, what went wrong in it, and the server's output.
    harness.explainFailures();
    // 1. Sign up the institution.
    const admin = await newPage("admin");
    await admin.goto(`${dev.url}/signup.html`);
    await admin.getByRole("heading", { name: "Start your mentoring program" }).waitFor();
    await axeCheck(admin, "signup");
    await admin.getByLabel("Institution name").fill(institution);
    await expect(admin.getByLabel("Address").inputValue()).resolves.toBe("harbor-mentors");
    await admin.getByLabel("Address").fill(slug);
    await admin.getByLabel("Kind").selectOption("community_org");
    await expect(admin.getByLabel("Time zone").inputValue()).resolves.toBe("America/Los_Angeles");
    await admin.getByLabel("Your name").fill("Dana Whitfield");
    await admin.getByLabel("Your email", { exact: true }).fill(adminEmail);
    await screenshot(admin, "signup", { docs: true });
    await admin.getByRole("button", { name: "Create institution" }).click();
    await admin.getByRole("heading", { name: "Check your email" }).waitFor();
    await axeCheck(admin, "signup (check your email)");
    await screenshot(admin, "signup-check-email");

    // 2. Sign in from the emailed link.
    const signIn = await linkFromOutbox(adminEmail, "/auth/verify.html");
    await admin.goto(signIn);
    await admin.waitForURL((url) => url.pathname === `/console/${slug}`, { timeout: 20_000 });
    await admin.getByRole("heading", { level: 1, name: institution }).waitFor({ timeout: 20_000 });
    await expect(admin.locator("#my-role").textContent()).resolves.toBe("Owner");
    const ownerSteps = admin.locator("section", { has: admin.getByRole("heading", { name: "What to do next" }) });
    await expect(ownerSteps.textContent()).resolves.toContain("Invite the coordinators who will run your programs");
    await axeCheck(admin, "console overview (owner)");

    // The link worked once: opening it again explains and offers a new one.
    const reused = await newPage("reused link", admin.context());
    await reused.goto(signIn);
    await reused.getByRole("heading", { name: "We couldn't sign you in" }).waitFor();
    await axeCheck(reused, "verify (used link)");
    await screenshot(reused, "verify-used-link");
    await reused.close();

    // 3. Invite a coordinator, from the Staff page the overview's next steps link to.
    await ownerSteps.getByRole("link", { name: "Staff" }).click();
    await admin.waitForURL((url) => url.pathname === `/console/${slug}/staff`);
    await admin.getByRole("heading", { name: "Members" }).waitFor({ timeout: 20_000 });
    await expect(admin.getByText("No one else yet.").isVisible()).resolves.toBe(true);
    await expect(admin.getByText("No pending invitations.").isVisible()).resolves.toBe(true);
    await axeCheck(admin, "console staff (owner)");
    await admin.getByLabel("Email address").fill(coordinatorEmail);
    await admin.getByLabel("Role").selectOption("coordinator");
    await admin.getByRole("button", { name: "Send invitation" }).click();
    const invitations = admin.locator("section", { has: admin.getByRole("heading", { name: "Pending invitations" }) });
    await expect.poll(() => invitations.locator("li").textContent(), { timeout: 15_000 }).toContain(coordinatorEmail);
    await expect(admin.locator("section", { has: admin.getByRole("heading", { name: "Invite someone" }) }).locator('[role="status"]').textContent()).resolves.toContain(
      `Invitation sent to ${coordinatorEmail} as a coordinator.`,
    );
    await axeCheck(admin, "console staff (owner, invitation sent)");
    await screenshot(admin, "dashboard-owner", { docs: true });

    // 4. The coordinator joins in a second browser.
    const invitation = await linkFromOutbox(coordinatorEmail, "/invitations/accept.html");
    const coordinator = await newPage("coordinator");
    await coordinator.goto(invitation);
    await coordinator.getByRole("heading", { name: `Join ${institution} on Tandem` }).waitFor();
    await axeCheck(coordinator, "accept invitation");
    await screenshot(coordinator, "accept-invitation");
    await coordinator.getByLabel("Your name").fill("Sam Rivera");
    await coordinator.getByRole("button", { name: "Join" }).click();
    await coordinator.waitForURL((url) => url.pathname === `/console/${slug}`, { timeout: 20_000 });
    await coordinator.getByRole("heading", { level: 1, name: institution }).waitFor({ timeout: 20_000 });
    await expect(coordinator.locator("#my-role").textContent()).resolves.toBe("Coordinator");
    await expect(coordinator.getByRole("navigation", { name: "Institution" }).getByRole("link", { name: "Staff" }).count()).resolves.toBe(0);
    await expect(coordinator.locator("section", { has: coordinator.getByRole("heading", { name: "What to do next" }) }).textContent()).resolves.toContain(
      "Create a program, review its applications and import participants",
    );
    await axeCheck(coordinator, "console overview (coordinator)");
    await screenshot(coordinator, "dashboard-coordinator", { docs: true });
    // The Staff page's address says whom to ask instead.
    await coordinator.goto(`${dev.url}/console/${slug}/staff`);
    await coordinator.getByRole("heading", { name: "Only owners and admins manage staff" }).waitFor({ timeout: 20_000 });
    await expect(coordinator.getByRole("button", { name: "Send invitation" }).count()).resolves.toBe(0);
    await axeCheck(coordinator, "console staff (coordinator)");

    // The admin's staff list now shows the coordinator as a member, not a pending invitation.
    await admin.reload();
    const members = admin.locator("section", { has: admin.getByRole("heading", { name: "Members" }) });
    await members.waitFor({ timeout: 20_000 });
    await expect(members.locator("li", { hasText: "Sam Rivera" }).textContent()).resolves.toContain("Coordinator");
    await expect(invitations.textContent()).resolves.not.toContain(coordinatorEmail);
    await expect(admin.getByText("No pending invitations.").isVisible()).resolves.toBe(true);

    // 5. The admin signs out; the old dashboard address then leads, through the console, to sign in.
    await admin.getByRole("button", { name: "Sign out" }).click();
    await admin.waitForURL((url) => isPage(url, "/sign-in.html"));
    await admin.getByRole("heading", { name: "Sign in to Tandem" }).waitFor();
    await axeCheck(admin, "sign-in");
    await screenshot(admin, "sign-in-after-sign-out");
    await admin.goto(`${dev.url}/t/${slug}`);
    await admin.waitForURL((url) => isPage(url, "/sign-in.html") && url.searchParams.get("next") === `/console/${slug}`, { timeout: 20_000 });

    // 6. Signing in again from the sign-in page leads back to the institution.
    await admin.getByLabel("Email address").fill(adminEmail);
    await admin.getByRole("button", { name: "Email me a sign-in link" }).click();
    await admin.getByRole("heading", { name: "Check your email" }).waitFor();
    await axeCheck(admin, "sign-in (check your email)");
    const again = await linkFromOutbox(adminEmail, "/auth/verify.html", [signIn]);
    await admin.goto(again);
    await admin.waitForURL((url) => url.pathname === `/console/${slug}`, { timeout: 20_000 });
    await admin.getByRole("heading", { level: 1, name: institution }).waitFor({ timeout: 20_000 });

    // The landing page links to both.
    await admin.goto(`${dev.url}/`);
    await expect(admin.getByRole("link", { name: "Sign up your institution" }).getAttribute("href")).resolves.toBe("/signup.html");
    await axeCheck(admin, "landing");

    // No page hit a script error, a CSP refusal or a missing asset.
    expect(harness.problems()).toEqual([]);
  });
});
