/**
 * The Worker's configuration, validated once per environment object at the
 * entry. A misconfigured deploy fails loudly on its first request with the
 * names of the bad settings, instead of deep inside a handler.
 */
import * as v from "valibot";

export const ENVIRONMENTS = ["development", "test", "production"] as const;

const ConfigSchema = v.pipe(
  v.object({
  ENVIRONMENT: v.picklist(ENVIRONMENTS, "must be one of development, test, production"),
  LIBSQL_URL: v.pipe(
    v.string("is required"),
    v.url("must be a URL"),
    v.regex(/^(https?|libsql):\/\//, "must be an http(s):// or libsql:// URL"),
  ),
  LIBSQL_AUTH_TOKEN: v.optional(v.string()),
  DB_TIMEOUT_MS: v.optional(
    v.pipe(v.string(), v.transform(Number), v.integer("must be a whole number of milliseconds"), v.minValue(100), v.maxValue(30_000)),
    "4000",
  ),
  /** Institutions get `{slug}.<BASE_DOMAIN>`; other hosts are looked up as custom domains. Unset: host resolution is off. */
  BASE_DOMAIN: v.optional(v.pipe(v.string(), v.toLowerCase(), v.regex(/^([a-z0-9-]+\.)+[a-z0-9-]+$|^$/, "must be a domain name such as tandem.app"))),
  /** Where links in emails from background jobs point when no request names a host; unset: the institution's `{slug}.<BASE_DOMAIN>`. */
  APP_ORIGIN: v.optional(v.pipe(v.string(), v.url("must be a URL such as https://tandem.app"), v.regex(/^https?:\/\/[^/]+$/, "must be an origin: scheme and host, no path"))),
  AUTH_SECRET: v.pipe(v.string("is required (a random secret of at least 32 characters)"), v.minLength(32, "must be at least 32 characters")),
  EMAIL_PROVIDER: v.optional(v.picklist(["outbox", "resend"], "must be outbox or resend"), "outbox"),
  EMAIL_FROM: v.optional(v.pipe(v.string(), v.minLength(3)), "Tandem <no-reply@tandem.test>"),
  RESEND_API_KEY: v.optional(v.string()),
  /** Resend's API; overridable so tests can stand a local server in for the provider. */
  RESEND_API_URL: v.optional(v.pipe(v.string(), v.url("must be a URL")), "https://api.resend.com"),
  /** Cloudflare Turnstile's siteverify API; overridable so tests can stand a local server in for it. */
  TURNSTILE_VERIFY_URL: v.optional(
    v.pipe(v.string(), v.url("must be a URL"), v.regex(/^https?:\/\//, "must be an http(s):// URL")),
    "https://challenges.cloudflare.com/turnstile/v0/siteverify",
  ),
  }),
  v.forward(
    v.check((env) => env.ENVIRONMENT !== "production" || env.EMAIL_PROVIDER === "resend", "must be resend in production, or no email would be delivered"),
    ["EMAIL_PROVIDER"],
  ),
  v.forward(
    v.check((env) => env.EMAIL_PROVIDER !== "resend" || Boolean(env.RESEND_API_KEY), "is required when EMAIL_PROVIDER is resend"),
    ["RESEND_API_KEY"],
  ),
);

export interface AppConfig {
  environment: (typeof ENVIRONMENTS)[number];
  database: { url: string; authToken?: string; timeoutMs: number };
  email: { provider: "outbox" | "resend"; from: string; resendApiKey?: string; resendApiUrl: string };
  authSecret: string;
  baseDomain?: string;
  appOrigin?: string;
  turnstile: { verifyUrl: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid Worker configuration: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
}

const parsed = new WeakMap<object, AppConfig>();

export function loadConfig(env: object): AppConfig {
  const cached = parsed.get(env);
  if (cached) return cached;
  const result = v.safeParse(ConfigSchema, env, { abortPipeEarly: true });
  if (!result.success) {
    // Names and messages only: values may be secrets.
    throw new ConfigError(result.issues.map((issue) => `${v.getDotPath(issue) ?? "env"} ${issue.message}`));
  }
  const { ENVIRONMENT, LIBSQL_URL, LIBSQL_AUTH_TOKEN, DB_TIMEOUT_MS, EMAIL_PROVIDER, EMAIL_FROM, RESEND_API_KEY, RESEND_API_URL, AUTH_SECRET, BASE_DOMAIN, TURNSTILE_VERIFY_URL, APP_ORIGIN } = result.output;
  const config: AppConfig = {
    environment: ENVIRONMENT,
    database: { url: LIBSQL_URL, authToken: LIBSQL_AUTH_TOKEN || undefined, timeoutMs: DB_TIMEOUT_MS },
    email: { provider: EMAIL_PROVIDER, from: EMAIL_FROM, resendApiKey: RESEND_API_KEY || undefined, resendApiUrl: RESEND_API_URL.replace(/\/$/, "") },
    authSecret: AUTH_SECRET,
    baseDomain: BASE_DOMAIN || undefined,
    appOrigin: APP_ORIGIN || undefined,
    turnstile: { verifyUrl: TURNSTILE_VERIFY_URL },
  };
  parsed.set(env, config);
  return config;
}
