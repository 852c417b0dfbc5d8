/**
 * A program's embed code (the one `<script>` line institutions paste into their
 * site, as program.html builds it), for the program and role chosen here, with
 * a Copy button that falls back to selecting the code.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { api, consolePaths, staticPages, unwrap } from "../api.js";
import { useLoad } from "../hooks.js";
import { copyText, Segmented } from "./fields.js";
import { Announce, EmptyState, Loading, ProblemPanel } from "./status.js";

type Role = "mentee" | "mentor";

export function embedSnippet(origin: string, tenant: string, program: string, role: Role): string {
  return `<script src="${origin}/embed.js" data-tenant="${tenant}" data-program="${program}" data-role="${role}" async></script>`;
}

const STATUS_WORDS: Record<string, string> = { draft: "a draft", enrolling: "enrolling", matching: "matching", active: "active", closed: "closed" };

export function EmbedCode({ tenant, origins }: { tenant: string; origins: string[] }) {
  const programs = useLoad(() => unwrap(api.programs.api.v1.t[":slug"].programs.$get({ param: { slug: tenant } })), [tenant]);
  const [chosen, setChosen] = useState("");
  const [role, setRole] = useState<Role>("mentee");
  const [status, setStatus] = useState<{ message: string; tone?: "success" | "error" } | null>(null);
  const snippetRef = useRef<HTMLTextAreaElement>(null);

  const list = programs.state === "ready" ? programs.data.programs : [];
  // The first enrolling program is the likeliest one to embed; otherwise the newest.
  useEffect(() => {
    if (list.length > 0 && !list.some((program) => program.slug === chosen)) setChosen((list.find((program) => program.status === "enrolling") ?? list[0]).slug);
  }, [programs.state]);

  if (programs.state === "loading") return <Loading what="your programs" />;
  if (programs.state === "failed") return <ProblemPanel problem={programs.problem} retry={programs.reload} />;
  if (list.length === 0) {
    return (
      <EmptyState title="No programs yet, so there is no form to embed.">
        <p>
          <a href={staticPages.programs(tenant)}>Create a program</a>; its enrollment form's embed code then appears here.
        </p>
      </EmptyState>
    );
  }
  const program = list.find((candidate) => candidate.slug === chosen) ?? list[0];
  const snippet = embedSnippet(location.origin, tenant, program.slug, role);
  const hosted = `${location.origin}/t/${encodeURIComponent(tenant)}/p/${encodeURIComponent(program.slug)}/join?role=${role}`;

  async function copy() {
    const who = role === "mentor" ? "mentor" : "mentee";
    if (await copyText(snippet)) {
      setStatus({ message: `Copied the embed code for the ${who} form of ${program.name}. Paste it into your website's page.`, tone: "success" });
      return;
    }
    snippetRef.current?.focus();
    snippetRef.current?.select();
    setStatus({ message: "Your browser didn't let us copy. The code is selected: press Ctrl+C (⌘C on a Mac) to copy it." });
  }

  return (
    <>
      <div class="row two">
        <div class="field">
          <label for="embed-program">Program</label>
          <select
            id="embed-program"
            value={program.slug}
            onChange={(event) => {
              setChosen(event.currentTarget.value);
              setStatus(null);
            }}
          >
            {list.map((candidate) => (
              <option key={candidate.slug} value={candidate.slug}>
                {candidate.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      {program.status !== "enrolling" && (
        <p class="note">
          {program.name} is {STATUS_WORDS[program.status] ?? program.status} now, so its form shows people a message instead of taking applications. It takes applications
          while the program is enrolling: open enrollment on <a href={staticPages.program(tenant, program.slug)}>the program's page</a>.
        </p>
      )}
      <Segmented
        legend="Form for"
        name="embed-role"
        value={role}
        options={[
          { value: "mentee", label: "Mentees" },
          { value: "mentor", label: "Mentors" },
        ]}
        onChange={(value) => {
          setRole(value);
          setStatus(null);
        }}
      />
      <div class="field">
        <label for="embed-snippet">Embed code</label>
        <textarea id="embed-snippet" ref={snippetRef} class="code" readOnly rows={3} spellcheck={false} aria-describedby="embed-snippet-hint" value={snippet} />
        <span id="embed-snippet-hint" class="hint">
          Paste it into the page where the form should appear. Sites with a Content-Security-Policy must allow <code>{location.origin}</code> in <code>script-src</code> and{" "}
          <code>connect-src</code>.
        </span>
      </div>
      <div class="actions">
        <button class="button" type="button" onClick={copy}>
          Copy embed code
        </button>
        <a href={consolePaths.form(tenant, program.slug)}>Edit this form</a>
      </div>
      <Announce message={status?.message ?? null} tone={status?.tone} />
      <p class="small">
        {origins.length === 0 ? (
          <>The code works only on the websites listed under “Websites that may embed your forms” above, and none is listed yet. </>
        ) : (
          <>The code works on the {origins.length === 1 ? "website" : `${origins.length} websites`} listed above. </>
        )}
        No website? Share the form Tandem hosts: <a class="break-anywhere" href={hosted}>{hosted}</a>
      </p>
    </>
  );
}
