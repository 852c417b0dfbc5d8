/**
 * `/console/:tenant/settings` (owners and admins): the institution's name, logo,
 * brand colour and time zone, the websites that may embed its forms, Cloudflare
 * Turnstile, its own domains, and the embed code for any program's form.
 */
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { api, ApiProblem, unwrap } from "../api.js";
import { EmbedCode } from "../components/embed-code.js";
import { contrastRatio, describedBy, ErrorSummary, FieldError, isHexColor, sentence, type SummaryItem } from "../components/fields.js";
import { type Membership, TenantPage } from "../components/gates.js";
import { Announce, EmptyState, Loading, ProblemPanel } from "../components/status.js";
import { useUnsavedChangesWarning } from "../components/unsaved-changes.js";
import { asProblem, useLoad, usePageTitle } from "../hooks.js";
import { canManageSettings } from "../session.js";

type Settings = Awaited<ReturnType<typeof loadSettings>>;

async function loadSettings(tenant: string) {
  return (await unwrap(api.settings.api.v1.t[":slug"].settings.$get({ param: { slug: tenant } }))).settings;
}

interface OriginRow {
  id: number;
  value: string;
}

interface Draft {
  name: string;
  logoUrl: string;
  brandColor: string;
  timezone: string;
  origins: OriginRow[];
  turnstileEnabled: boolean;
  turnstileSiteKey: string;
  /** A new secret key; blank keeps the stored one. */
  turnstileSecretKey: string;
  forgetSecret: boolean;
}

let nextRowId = 1;
const rowsOf = (origins: string[]): OriginRow[] => origins.map((value) => ({ id: nextRowId++, value }));

function draftOf(settings: Settings): Draft {
  return {
    name: settings.name,
    logoUrl: settings.logoUrl ?? "",
    brandColor: settings.brandColor,
    timezone: settings.timezone,
    origins: rowsOf(settings.allowedEmbedOrigins),
    turnstileEnabled: settings.turnstileEnabled,
    turnstileSiteKey: settings.turnstileSiteKey ?? "",
    turnstileSecretKey: "",
    forgetSecret: false,
  };
}

/**
 * The draft after a save of `sent` answered `settings`: each setting not edited
 * since takes the saved value (as the API normalised it); one edited while the
 * save was under way keeps the edit, still unsaved.
 */
function draftAfterSave(current: Draft, sent: Draft, settings: Settings): Draft {
  if (current === sent) return draftOf(settings);
  const fresh = draftOf(settings);
  const merged = { ...current };
  for (const key of Object.keys(fresh) as (keyof Draft)[]) {
    if (current[key] === sent[key]) (merged as Record<keyof Draft, unknown>)[key] = fresh[key];
  }
  return merged;
}

function contrastMessage(color: string): string {
  const hex = color.trim();
  if (!isHexColor(hex)) return "";
  const ratio = contrastRatio(hex, "#ffffff");
  return ratio < 4.5
    ? `This color is too light for white text: the contrast is ${ratio.toFixed(1)}:1, and text needs at least 4.5:1.`
    : `The contrast with white text is ${ratio.toFixed(1)}:1, easy to read.`;
}

type Changes = {
  name?: string;
  logoUrl?: string | null;
  brandColor?: string;
  timezone?: string;
  allowedEmbedOrigins?: string[];
  turnstileEnabled?: boolean;
  turnstileSiteKey?: string | null;
  turnstileSecretKey?: string | null;
};

/** The settings that differ from the saved ones, as PATCH takes them; blank website rows are left out (`sent` maps each sent origin back to its row). */
function changesOf(saved: Settings, draft: Draft): { changes: Changes; sent: OriginRow[] } {
  const changes: Changes = {};
  if (draft.name.trim() !== saved.name) changes.name = draft.name;
  const logo = draft.logoUrl.trim() || null;
  if (logo !== saved.logoUrl) changes.logoUrl = logo;
  if (draft.brandColor.trim().toLowerCase() !== saved.brandColor) changes.brandColor = draft.brandColor;
  if (draft.timezone !== saved.timezone) changes.timezone = draft.timezone;
  const sent = draft.origins.filter((row) => row.value.trim() !== "");
  const origins = sent.map((row) => row.value.trim());
  if (origins.join("\n") !== saved.allowedEmbedOrigins.join("\n")) changes.allowedEmbedOrigins = origins;
  if (draft.turnstileEnabled !== saved.turnstileEnabled) changes.turnstileEnabled = draft.turnstileEnabled;
  const siteKey = draft.turnstileSiteKey.trim() || null;
  if (siteKey !== saved.turnstileSiteKey) changes.turnstileSiteKey = siteKey;
  if (draft.turnstileSecretKey.trim()) changes.turnstileSecretKey = draft.turnstileSecretKey.trim();
  else if (draft.forgetSecret && saved.turnstileSecretSet) changes.turnstileSecretKey = null;
  return { changes, sent };
}

const SETTING_NAMES: Record<string, string> = {
  name: "institution name",
  logoUrl: "logo",
  brandColor: "brand color",
  timezone: "time zone",
  allowedEmbedOrigins: "websites that may embed your forms",
  turnstileEnabled: "Turnstile on or off",
  turnstileSiteKey: "Turnstile site key",
  turnstileSecretKey: "Turnstile secret key",
};

/** Each API field path's control, and its name for messages. */
const FIELDS: Record<string, { id: string; name: string }> = {
  "body.name": { id: "settings-name", name: "Institution name" },
  "body.logoUrl": { id: "settings-logo", name: "Logo address" },
  "body.brandColor": { id: "settings-brand-hex", name: "Brand color" },
  "body.timezone": { id: "settings-timezone", name: "Time zone" },
  "body.allowedEmbedOrigins": { id: "settings-add-origin", name: "Websites" },
  "body.turnstileEnabled": { id: "settings-turnstile-on", name: "Turnstile" },
  "body.turnstileSiteKey": { id: "settings-turnstile-site", name: "Site key" },
  "body.turnstileSecretKey": { id: "settings-turnstile-secret", name: "Secret key" },
};

function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    // An older browser: the current zone alone still lets the rest of the form work.
  }
  return zones.includes(current) ? zones : [current, ...zones];
}

function LogoPreview({ url }: { url: string }) {
  const [failed, setFailed] = useState<string | null>(null);
  const trimmed = url.trim();
  let valid = false;
  try {
    valid = new URL(trimmed).protocol === "https:";
  } catch {
    valid = false;
  }
  if (!trimmed) return <p class="hint">No logo: your forms show your institution's name alone.</p>;
  if (!valid) return <p class="hint">The preview appears once the address starts with https://.</p>;
  // No live region: the preview changes with every keystroke in the address, and would be read out each time.
  return (
    <div class="logo-preview">
      {failed !== trimmed && <img key={trimmed} src={trimmed} alt="Your logo, as your forms will show it" onError={() => setFailed(trimmed)} onLoad={() => setFailed(null)} />}
      {failed === trimmed && (
        <p class="hint">
          We couldn't show the image at this address here. Check that it opens your logo in a new tab (
          <a href={trimmed} target="_blank" rel="noopener noreferrer">
            open the address
          </a>
          ); it must be an image anyone can see without signing in.
        </p>
      )}
    </div>
  );
}

function SettingsForm({ membership, initial, onSaved }: { membership: Membership; initial: Settings; onSaved: (settings: Settings) => void }) {
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  /** The rows each `body.allowedEmbedOrigins.<i>` error refers to, as sent with the failed save. */
  const [sentRows, setSentRows] = useState<OriginRow[]>([]);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<{ message: string; tone?: "success" | "error" } | null>(null);
  /** The contrast, said once a color is chosen (the picker closed, the hex code left), not on every step of a drag or keystroke. */
  const [contrastNews, setContrastNews] = useState("");
  const latestDraft = useRef(draft);
  latestDraft.current = draft;
  const summaryRef = useRef<HTMLDivElement>(null);
  const zones = useMemo(() => timeZones(initial.timezone), [initial.timezone]);
  const { changes } = changesOf(saved, draft);
  const dirty = Object.keys(changes).length > 0;
  useUnsavedChangesWarning(dirty, "Your settings have unsaved changes. Leave this page and lose them?");

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const error = (path: string) => sentence(FIELDS[path]?.name ?? "", problem?.fieldError(path));
  const originError = (row: OriginRow, index: number) => {
    const at = sentRows.findIndex((sent) => sent.id === row.id);
    return at === -1 ? undefined : sentence(`Website ${index + 1}`, problem?.fieldError(`body.allowedEmbedOrigins.${at}`));
  };

  // A website row removed since the failed save takes its problem with it.
  const summary: SummaryItem[] = (problem?.errors ?? []).flatMap((fieldProblem) => {
    const origin = /^body\.allowedEmbedOrigins\.(\d+)$/.exec(fieldProblem.path);
    if (origin) {
      const row = sentRows[Number(origin[1])];
      const index = draft.origins.findIndex((candidate) => candidate.id === row?.id);
      return index === -1 ? [] : [{ target: `settings-origin-${row.id}`, message: sentence(`Website ${index + 1}`, fieldProblem.message)! }];
    }
    const field = FIELDS[fieldProblem.path];
    return [{ target: field?.id ?? "settings-name", message: sentence(field?.name ?? fieldProblem.path, fieldProblem.message)! }];
  });
  const showSummary = problem && (problem.errors.length === 0 || summary.length > 0) ? problem : null;

  function addOrigin() {
    const row = { id: nextRowId++, value: "" };
    setDraft((current) => ({ ...current, origins: [...current.origins, row] }));
    requestAnimationFrame(() => document.getElementById(`settings-origin-${row.id}`)?.focus());
  }

  function removeOrigin(row: OriginRow, index: number) {
    const rest = draft.origins.filter((candidate) => candidate.id !== row.id);
    setDraft((current) => ({ ...current, origins: rest }));
    setStatus({ message: `Removed ${row.value.trim() || `website ${index + 1}`} from the list. Save settings to apply the change.` });
    const next = rest[index] ?? rest[index - 1];
    requestAnimationFrame(() => document.getElementById(next ? `settings-origin-remove-${next.id}` : "settings-add-origin")?.focus());
  }

  async function save(event: Event) {
    event.preventDefault();
    const { changes: pending, sent } = changesOf(saved, draft);
    if (Object.keys(pending).length === 0) {
      setProblem(null);
      setStatus({ message: "Nothing to save: you haven't changed any setting." });
      return;
    }
    setSaving(true);
    setStatus(null);
    const sentDraft = draft;
    try {
      const body = await unwrap(api.settings.api.v1.t[":slug"].settings.$patch({ param: { slug: membership.slug }, json: pending }));
      // The saved baseline is what was sent, as the API normalised it; edits made meanwhile stay in the draft, unsaved.
      const editedMeanwhile = latestDraft.current !== sentDraft;
      setSaved(body.settings);
      setDraft((current) => draftAfterSave(current, sentDraft, body.settings));
      setProblem(null);
      onSaved(body.settings);
      const names = Object.keys(pending).map((key) => SETTING_NAMES[key] ?? key);
      setStatus({ message: `Saved: ${names.join(", ")}.${editedMeanwhile ? " Changes you made while saving are not saved yet." : ""}`, tone: "success" });
    } catch (caught) {
      const failure = asProblem(caught);
      setSentRows(sent);
      setProblem(failure);
      setStatus({
        message:
          failure.errors.length > 0
            ? `Nothing was saved: ${failure.errors.length === 1 ? "one setting needs" : `${failure.errors.length} settings need`} fixing. Correct the marked ${failure.errors.length === 1 ? "field" : "fields"} and save again.`
            : `Nothing was saved. ${failure.detail}`,
        tone: "error",
      });
      requestAnimationFrame(() => summaryRef.current?.focus());
    } finally {
      setSaving(false);
    }
  }

  const brandValid = isHexColor(draft.brandColor.trim());
  const whiteContrast = brandValid ? contrastRatio(draft.brandColor.trim(), "#ffffff") : 21;
  const errors = {
    name: error("body.name"),
    logo: error("body.logoUrl"),
    brand: error("body.brandColor"),
    timezone: error("body.timezone"),
    origins: error("body.allowedEmbedOrigins"),
    turnstileOn: error("body.turnstileEnabled"),
    site: error("body.turnstileSiteKey"),
    secret: error("body.turnstileSecretKey"),
  };

  return (
    <form onSubmit={save} noValidate aria-label="Institution settings">
      <ErrorSummary title="Nothing was saved: fix these settings" problem={showSummary} items={summary} summaryRef={summaryRef} />

      <section class="card" aria-labelledby="identity-title">
        <h2 id="identity-title">Name and branding</h2>
        <p class="muted">Applicants see these on your enrollment forms and in the emails Tandem sends for you.</p>
        <div class="field">
          <label for="settings-name">Institution name</label>
          <input
            id="settings-name"
            type="text"
            autocomplete="organization"
            value={draft.name}
            onInput={(event) => set("name", event.currentTarget.value)}
            aria-invalid={errors.name ? "true" : undefined}
            aria-describedby={describedBy(errors.name && "settings-name-error")}
          />
          <FieldError id="settings-name-error" message={errors.name} />
        </div>
        <div class="field">
          <label for="settings-logo">
            Logo address <span class="optional">(optional)</span>
          </label>
          <input
            id="settings-logo"
            type="url"
            inputMode="url"
            placeholder="https://www.example.edu/logo.png"
            value={draft.logoUrl}
            onInput={(event) => set("logoUrl", event.currentTarget.value)}
            aria-invalid={errors.logo ? "true" : undefined}
            aria-describedby={describedBy("settings-logo-hint", errors.logo && "settings-logo-error")}
          />
          <span id="settings-logo-hint" class="hint">
            An image on your own website, starting with https://. Leave it blank for no logo.
          </span>
          <FieldError id="settings-logo-error" message={errors.logo} />
          <LogoPreview url={draft.logoUrl} />
        </div>
        <fieldset class="field brand-field" aria-describedby={describedBy("settings-brand-hint", errors.brand && "settings-brand-error")}>
          <legend class="field-legend">Brand color</legend>
          <span id="settings-brand-hint" class="hint">
            Buttons and highlights on your forms use it. Choose it with the color picker or type its hex code.
          </span>
          <div class="brand-inputs">
            <div>
              <label for="settings-brand-picker">Color picker</label>
              <input
                id="settings-brand-picker"
                type="color"
                value={brandValid ? draft.brandColor.trim().toLowerCase() : saved.brandColor}
                onInput={(event) => set("brandColor", event.currentTarget.value)}
                onChange={(event) => setContrastNews(contrastMessage(event.currentTarget.value))}
              />
            </div>
            <div>
              <label for="settings-brand-hex">Hex code</label>
              <input
                id="settings-brand-hex"
                type="text"
                class="hex-input"
                spellcheck={false}
                autocomplete="off"
                value={draft.brandColor}
                onInput={(event) => set("brandColor", event.currentTarget.value)}
                onChange={(event) => setContrastNews(contrastMessage(event.currentTarget.value))}
                aria-invalid={errors.brand ? "true" : undefined}
                aria-describedby={describedBy(errors.brand && "settings-brand-error", "settings-brand-contrast")}
              />
            </div>
            {brandValid && (
              <span class="brand-sample" aria-hidden="true" style={{ backgroundColor: draft.brandColor.trim(), color: whiteContrast >= 4.5 ? "#ffffff" : "#1b2320" }}>
                Apply
              </span>
            )}
          </div>
          <FieldError id="settings-brand-error" message={errors.brand} />
          {/* Not a live region: it follows every step of a drag in the picker. The hex code is described by it; the region below speaks once a color is chosen. */}
          <div id="settings-brand-contrast">
            {brandValid && whiteContrast < 4.5 && (
              <p class="note contrast-warning">
                This color is too light for white text: the contrast is {whiteContrast.toFixed(1)}:1, and text needs at least 4.5:1. Your forms will put dark text on it
                instead, and it may be hard to see against white. A darker shade keeps your forms easy to read.
              </p>
            )}
          </div>
          <p class="sr-only" aria-live="polite">
            {contrastNews}
          </p>
        </fieldset>
        <div class="field">
          <label for="settings-timezone">Time zone</label>
          <select
            id="settings-timezone"
            value={draft.timezone}
            onChange={(event) => set("timezone", event.currentTarget.value)}
            aria-invalid={errors.timezone ? "true" : undefined}
            aria-describedby={describedBy("settings-timezone-hint", errors.timezone && "settings-timezone-error")}
          >
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replace(/_/g, " ")}
              </option>
            ))}
          </select>
          <span id="settings-timezone-hint" class="hint">
            Reminders go out in this time zone's daytime, and dates on forms turn over at its midnight.
          </span>
          <FieldError id="settings-timezone-error" message={errors.timezone} />
        </div>
      </section>

      <section class="card" aria-labelledby="origins-title">
        <h2 id="origins-title">Websites that may embed your forms</h2>
        <p class="muted" id="origins-hint">
          The embed code below works only on these websites. Give each as its address without a page: <code>https://www.example.edu</code>.
        </p>
        {draft.origins.length === 0 ? (
          <p class="empty">No websites yet: your forms work only on the page Tandem hosts for you.</p>
        ) : (
          <ul class="origin-list">
            {draft.origins.map((row, index) => {
              const message = originError(row, index);
              const id = `settings-origin-${row.id}`;
              return (
                <li key={row.id} class="origin-row">
                  <div class="origin-field">
                    <label for={id}>Website {index + 1}</label>
                    <input
                      id={id}
                      type="url"
                      inputMode="url"
                      placeholder="https://www.example.edu"
                      value={row.value}
                      onInput={(event) => {
                        const value = event.currentTarget.value;
                        setDraft((current) => ({ ...current, origins: current.origins.map((candidate) => (candidate.id === row.id ? { ...candidate, value } : candidate)) }));
                      }}
                      aria-invalid={message ? "true" : undefined}
                      aria-describedby={describedBy(message && `${id}-error`)}
                    />
                    <FieldError id={`${id}-error`} message={message} />
                  </div>
                  <button id={`settings-origin-remove-${row.id}`} class="button secondary small" type="button" onClick={() => removeOrigin(row, index)}>
                    Remove<span class="sr-only"> website {index + 1}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <FieldError id="settings-origins-error" message={errors.origins} />
        <p class="actions">
          <button id="settings-add-origin" class="button secondary" type="button" onClick={addOrigin} aria-describedby={describedBy(errors.origins && "settings-origins-error")}>
            Add a website
          </button>
        </p>
      </section>

      <section class="card" aria-labelledby="turnstile-title">
        <h2 id="turnstile-title">Spam protection (Cloudflare Turnstile)</h2>
        <p class="muted">
          Every form already has a hidden trap field, a minimum fill time and rate limits. Turnstile adds Cloudflare's check: create a widget in the Cloudflare dashboard whose
          hostnames include every website above (and {location.hostname}), then paste its two keys here.
        </p>
        <div class="check-field">
          <input
            id="settings-turnstile-on"
            type="checkbox"
            checked={draft.turnstileEnabled}
            onChange={(event) => set("turnstileEnabled", event.currentTarget.checked)}
            aria-describedby={describedBy(errors.turnstileOn && "settings-turnstile-on-error")}
          />
          <label for="settings-turnstile-on">Ask applicants to pass Turnstile</label>
        </div>
        <FieldError id="settings-turnstile-on-error" message={errors.turnstileOn} />
        <div class="row two">
          <div class="field">
            <label for="settings-turnstile-site">Site key</label>
            <input
              id="settings-turnstile-site"
              type="text"
              spellcheck={false}
              autocomplete="off"
              value={draft.turnstileSiteKey}
              onInput={(event) => set("turnstileSiteKey", event.currentTarget.value)}
              aria-invalid={errors.site ? "true" : undefined}
              aria-describedby={describedBy(errors.site && "settings-turnstile-site-error")}
            />
            <FieldError id="settings-turnstile-site-error" message={errors.site} />
          </div>
          <div class="field">
            <label for="settings-turnstile-secret">Secret key</label>
            <input
              id="settings-turnstile-secret"
              type="password"
              autocomplete="off"
              value={draft.turnstileSecretKey}
              onInput={(event) => set("turnstileSecretKey", event.currentTarget.value)}
              aria-invalid={errors.secret ? "true" : undefined}
              aria-describedby={describedBy("settings-turnstile-secret-hint", errors.secret && "settings-turnstile-secret-error")}
            />
            <span id="settings-turnstile-secret-hint" class="hint">
              {saved.turnstileSecretSet ? "A secret key is stored (it is never shown). Leave this blank to keep it." : "No secret key is stored yet."}
            </span>
            <FieldError id="settings-turnstile-secret-error" message={errors.secret} />
          </div>
        </div>
        {saved.turnstileSecretSet && (
          <div class="check-field">
            <input id="settings-turnstile-forget" type="checkbox" checked={draft.forgetSecret} onChange={(event) => set("forgetSecret", event.currentTarget.checked)} />
            <label for="settings-turnstile-forget">Remove the stored secret key</label>
          </div>
        )}
      </section>

      <div class="save-bar">
        <button class="button" type="submit" disabled={saving}>
          {saving ? "Saving…" : "Save settings"}
        </button>
        <span class="muted small">{dirty ? "You have unsaved changes." : "All changes saved."}</span>
      </div>
      <Announce message={status?.message ?? null} tone={status?.tone} />
    </form>
  );
}

type Domain = { hostname: string; createdAt: string };

function Domains({ tenant }: { tenant: string }) {
  const domains = useLoad(() => unwrap(api.domains.api.v1.t[":slug"].domains.$get({ param: { slug: tenant } })), [tenant]);
  const [hostname, setHostname] = useState("");
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [status, setStatus] = useState<{ message: string; tone?: "success" | "error" } | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (confirming) document.getElementById("domain-confirm-remove")?.focus();
  }, [confirming]);
  function keep(domain: string) {
    setConfirming(null);
    requestAnimationFrame(() => document.getElementById(`domain-remove-${domain}`)?.focus());
  }
  const fieldError =
    problem && (sentence("Domain", problem.fieldError("body.hostname")) ?? (problem.status === 409 || problem.errors.length === 0 ? problem.detail : problem.errors[0].message));

  async function add(event: Event) {
    event.preventDefault();
    if (!hostname.trim()) {
      setProblem(new ApiProblem(400, "Missing domain", "Type your domain first, such as mentoring.example.edu."));
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setStatus(null);
    try {
      const added = await unwrap(api.domains.api.v1.t[":slug"].domains.$post({ param: { slug: tenant }, json: { hostname } }));
      setHostname("");
      setProblem(null);
      setStatus({ message: `Added ${added.hostname}. Now create its DNS record, shown in the list.`, tone: "success" });
      domains.reload();
    } catch (caught) {
      setProblem(asProblem(caught));
      inputRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  async function remove(domain: string) {
    setBusy(true);
    try {
      await unwrap(api.domains.api.v1.t[":slug"].domains[":hostname"].$delete({ param: { slug: tenant, hostname: domain } }));
      setConfirming(null);
      setStatus({ message: `Removed ${domain}. People who open it no longer reach your institution.`, tone: "success" });
      domains.reload();
      inputRef.current?.focus();
    } catch (caught) {
      setStatus({ message: `We couldn't remove ${domain}: ${asProblem(caught).detail}`, tone: "error" });
    } finally {
      setBusy(false);
    }
  }

  const target = location.hostname;
  return (
    <section class="card" aria-labelledby="domains-title">
      <h2 id="domains-title">Your own domain</h2>
      <p class="muted">
        Show your enrollment forms and pages at an address of your own, such as <code>mentoring.example.edu</code>. Add it here, then create the DNS record shown for it
        where you manage your domain's DNS.
      </p>
      {domains.state === "loading" && <Loading what="your domains" />}
      {domains.state === "failed" && <ProblemPanel problem={domains.problem} retry={domains.reload} />}
      {domains.state === "ready" &&
        (domains.data.domains.length === 0 ? (
          <EmptyState title="No domains of your own yet.">
            <p>Your institution is reachable at Tandem's address; add a domain below to use yours.</p>
          </EmptyState>
        ) : (
          <ul class="domain-list">
            {(domains.data.domains as Domain[]).map((domain) => (
              <li key={domain.hostname} class="domain-item">
                <div class="domain-head">
                  <strong class="break-anywhere">{domain.hostname}</strong>
                  <span class="badge">Added {new Date(domain.createdAt).toLocaleDateString()}</span>
                </div>
                <dl class="dns-record">
                  <dt>Record type</dt>
                  <dd>
                    <code>CNAME</code>
                  </dd>
                  <dt>Name</dt>
                  <dd>
                    <code>{domain.hostname}</code>
                  </dd>
                  <dt>Points to</dt>
                  <dd>
                    <code>{target}</code>
                  </dd>
                </dl>
                <p class="small muted">
                  Tandem doesn't check DNS for you, so there is no verification status here: once the record is in place, open{" "}
                  <a href={`https://${domain.hostname}`} target="_blank" rel="noopener noreferrer">
                    https://{domain.hostname}
                  </a>{" "}
                  to check it shows your institution (DNS changes can take up to a day).
                </p>
                {confirming === domain.hostname ? (
                  <div class="confirm" role="group" aria-labelledby={`confirm-${domain.hostname}`}>
                    <p class="confirm-text" id={`confirm-${domain.hostname}`}>
                      Remove {domain.hostname}? People who open it will no longer reach your forms.
                    </p>
                    <div class="actions">
                      <button id="domain-confirm-remove" class="button danger" type="button" disabled={busy} onClick={() => remove(domain.hostname)}>
                        Remove {domain.hostname}
                      </button>
                      <button class="button secondary" type="button" onClick={() => keep(domain.hostname)}>
                        Keep it
                      </button>
                    </div>
                  </div>
                ) : (
                  <p class="actions">
                    <button id={`domain-remove-${domain.hostname}`} class="button secondary small" type="button" onClick={() => setConfirming(domain.hostname)}>
                      Remove<span class="sr-only"> {domain.hostname}</span>
                    </button>
                  </p>
                )}
              </li>
            ))}
          </ul>
        ))}
      <form class="inline-form" onSubmit={add} noValidate>
        <div class="field">
          <label for="domain-hostname">Add a domain</label>
          <div class="input-with-button">
            <input
              id="domain-hostname"
              ref={inputRef}
              type="text"
              inputMode="url"
              autocomplete="off"
              spellcheck={false}
              placeholder="mentoring.example.edu"
              value={hostname}
              onInput={(event) => setHostname(event.currentTarget.value)}
              aria-invalid={fieldError ? "true" : undefined}
              aria-describedby={describedBy("domain-hostname-hint", fieldError && "domain-hostname-error")}
            />
            <button class="button" type="submit" disabled={busy}>
              Add domain
            </button>
          </div>
          <span id="domain-hostname-hint" class="hint">
            Just the domain name, without https:// or a page.
          </span>
          <FieldError id="domain-hostname-error" message={fieldError ?? undefined} />
        </div>
      </form>
      <Announce message={status?.message ?? null} tone={status?.tone} />
    </section>
  );
}

function SettingsPage({ membership }: { membership: Membership }) {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(`Settings: ${membership.name}`, heading);
  const allowed = canManageSettings(membership.role);
  const settings = useLoad(() => (allowed ? loadSettings(membership.slug) : Promise.resolve(null)), [membership.slug, allowed]);
  const [origins, setOrigins] = useState<string[] | null>(null);

  if (!allowed) {
    return (
      <>
        <h1 ref={heading} tabIndex={-1}>
          Settings
        </h1>
        <div class="card">
          <h2>Only owners and admins change settings</h2>
          <p>
            You're {membership.role === "viewer" ? "a viewer" : `a ${membership.role}`} at {membership.name}. To change the name, branding, time zone, domains or the websites
            that may embed your forms, ask one of your institution's owners or admins — or ask them for the admin role.
          </p>
        </div>
      </>
    );
  }
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        Settings
      </h1>
      <p class="lead">How {membership.name} appears to applicants, where its forms may appear, and how they are protected from spam.</p>
      {settings.state === "loading" && <Loading what="your settings" />}
      {settings.state === "failed" && <ProblemPanel problem={settings.problem} retry={settings.reload} />}
      {settings.state === "ready" && settings.data && (
        <>
          <SettingsForm membership={membership} initial={settings.data} onSaved={(saved) => setOrigins(saved.allowedEmbedOrigins)} />
          <section class="card" aria-labelledby="embed-title">
            <h2 id="embed-title">Embed your enrollment forms</h2>
            <p class="muted">Put a program's form on your own website with one line of code: send it to whoever edits your site. Applications arrive in Tandem.</p>
            <EmbedCode tenant={membership.slug} origins={origins ?? settings.data.allowedEmbedOrigins} />
          </section>
          <Domains tenant={membership.slug} />
        </>
      )}
    </>
  );
}

export default function Settings({ tenant }: { tenant: string }) {
  return <TenantPage key={tenant} tenant={tenant}>{(membership) => <SettingsPage membership={membership} />}</TenantPage>;
}
