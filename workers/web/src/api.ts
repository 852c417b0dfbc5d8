/**
 * The console's API client: one `hono/client` per route module, typed from the
 * Worker's own route definitions, so a renamed field or path breaks `pnpm typecheck`
 * rather than production. `unwrap` turns any failure into one `ApiProblem`
 * (the API's problem+json, or a network failure said in plain words).
 */
import { hc } from "hono/client";
import type { analyticsRoutes } from "../../app/src/routes/analytics.js";
import type { auditRoutes } from "../../app/src/routes/audit.js";
import type { authRoutes, meRoutes } from "../../app/src/routes/auth.js";
import type { domainRoutes } from "../../app/src/routes/domains.js";
import type { formRoutes } from "../../app/src/routes/forms.js";
import type { institutionRoutes } from "../../app/src/routes/institutions.js";
import type { programCoordinatorRoutes, programRoutes } from "../../app/src/routes/programs.js";
import type { settingsRoutes } from "../../app/src/routes/settings.js";
import type { staffRoutes } from "../../app/src/routes/staff.js";

const options = { init: { credentials: "same-origin" as const }, headers: { accept: "application/json, application/problem+json" } };

export const api = {
  auth: hc<typeof authRoutes>("/", options),
  me: hc<typeof meRoutes>("/", options),
  institution: hc<typeof institutionRoutes>("/", options),
  programs: hc<typeof programRoutes>("/", options),
  coordinators: hc<typeof programCoordinatorRoutes>("/", options),
  analytics: hc<typeof analyticsRoutes>("/", options),
  settings: hc<typeof settingsRoutes>("/", options),
  domains: hc<typeof domainRoutes>("/", options),
  forms: hc<typeof formRoutes>("/", options),
  staff: hc<typeof staffRoutes>("/", options),
  audit: hc<typeof auditRoutes>("/", options),
};

export interface FieldProblem {
  path: string;
  message: string;
}

/** What went wrong, as the API said it (problem+json), ready to show. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: FieldProblem[] = [],
    readonly requestId?: string,
  ) {
    super(detail);
  }

  /** The message for one field (by its path, e.g. "brandColor"), if the API named it. */
  fieldError(path: string): string | undefined {
    return this.errors.find((error) => error.path === path)?.message;
  }
}

interface AnyResponse<T> {
  ok: boolean;
  status: number;
  headers: Headers;
  json(): Promise<T>;
}

/** The success body of a call, or an `ApiProblem`; a 401 sends the person to sign in and never resolves. */
export async function unwrap<T>(pending: Promise<AnyResponse<T>>): Promise<T> {
  let response: AnyResponse<T>;
  try {
    response = await pending;
  } catch {
    throw new ApiProblem(0, "Network error", "We couldn't reach Tandem. Check your internet connection and try again.");
  }
  if (response.status === 401) {
    location.assign(signInUrl());
    return new Promise<T>(() => {});
  }
  if (response.ok) return response.status === 204 ? (undefined as T) : response.json();
  let body: Partial<{ title: string; detail: string; errors: FieldProblem[]; requestId: string }> = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // Not problem+json (a proxy's error page): fall back to the status.
  }
  const detail =
    body.detail ?? (response.status >= 500 ? "Something went wrong on our side. Please try again in a minute." : `The request failed (HTTP ${response.status}). Please try again.`);
  throw new ApiProblem(response.status, body.title ?? "Request failed", detail, body.errors ?? [], body.requestId ?? response.headers.get("x-request-id") ?? undefined);
}

export const signInUrl = () => `/sign-in.html?next=${encodeURIComponent(location.pathname + location.search)}`;

/** Links to the pages that are still static HTML (program setup, matching, pairs). */
export const staticPages = {
  programs: (tenant: string) => `/programs.html?tenant=${encodeURIComponent(tenant)}`,
  program: (tenant: string, program: string) => `/program.html?tenant=${encodeURIComponent(tenant)}&program=${encodeURIComponent(program)}`,
  matching: (tenant: string, program: string) => `/matching.html?tenant=${encodeURIComponent(tenant)}&program=${encodeURIComponent(program)}`,
  pairs: (tenant: string, program: string) => `/relationships.html?tenant=${encodeURIComponent(tenant)}&program=${encodeURIComponent(program)}`,
};

/** Console paths (this SPA). */
export const consolePaths = {
  home: () => "/console/",
  institution: (tenant: string) => `/console/${encodeURIComponent(tenant)}`,
  staff: (tenant: string) => `/console/${encodeURIComponent(tenant)}/staff`,
  settings: (tenant: string) => `/console/${encodeURIComponent(tenant)}/settings`,
  audit: (tenant: string) => `/console/${encodeURIComponent(tenant)}/audit`,
  analytics: (tenant: string, program: string) => `/console/${encodeURIComponent(tenant)}/programs/${encodeURIComponent(program)}/analytics`,
  report: (tenant: string, program: string) => `/console/${encodeURIComponent(tenant)}/programs/${encodeURIComponent(program)}/report`,
  form: (tenant: string, program: string) => `/console/${encodeURIComponent(tenant)}/programs/${encodeURIComponent(program)}/form`,
  outcomes: (tenant: string, program: string) => `/console/${encodeURIComponent(tenant)}/programs/${encodeURIComponent(program)}/outcomes`,
  screening: (tenant: string, program: string) => `/console/${encodeURIComponent(tenant)}/programs/${encodeURIComponent(program)}/screening`,
  mentor: (tenant: string, program: string, applicationId: string) => `/console/${encodeURIComponent(tenant)}/programs/${encodeURIComponent(program)}/mentors/${encodeURIComponent(applicationId)}`,
  training: (tenant: string, program: string) => `/console/${encodeURIComponent(tenant)}/programs/${encodeURIComponent(program)}/training`,
  compliance: (tenant: string, program: string) => `/console/${encodeURIComponent(tenant)}/programs/${encodeURIComponent(program)}/compliance`,
  incidents: (tenant: string) => `/console/${encodeURIComponent(tenant)}/incidents`,
};

import type { outcomeRoutes } from "../../app/src/routes/outcomes.js";
export const outcomesApi = hc<typeof outcomeRoutes>("/", options);

import type { complianceRoutes } from "../../app/src/routes/compliance.js";
import type { incidentRoutes } from "../../app/src/routes/incidents.js";
import type { matchingRoutes } from "../../app/src/routes/matching.js";
import type { safeguardingRoutes } from "../../app/src/routes/safeguarding.js";
import type { screeningRoutes } from "../../app/src/routes/screening.js";
import type { trainingRoutes } from "../../app/src/routes/training.js";
/** Issue #8: safeguarding settings, screening, training, incidents and the compliance report. */
export const safeguardingApi = {
  settings: hc<typeof safeguardingRoutes>("/", options),
  screening: hc<typeof screeningRoutes>("/", options),
  training: hc<typeof trainingRoutes>("/", options),
  incidents: hc<typeof incidentRoutes>("/", options),
  compliance: hc<typeof complianceRoutes>("/", options),
  /** A program's matches (the pair an incident concerns). */
  matching: hc<typeof matchingRoutes>("/", options),
};
