/*! Tandem enrollment form. Paste where the form should appear:
 * <script src="https://APP/embed.js" data-tenant="SLUG" data-program="PROGRAM" data-role="mentee" async></script>
 * Optional: data-lang="es" (else the page's language), data-heading-level="1".."5" (default 2).
 * With data-token="…" (Tandem's own status page) it edits that application's answers instead.
 * Plain JavaScript, no dependencies; it must never break the page it is pasted into. */
(() => {
  "use strict";

  /** Every string the widget shows itself; question labels come from the server as written. */
  const STRINGS = {
    en: {
      loading: "Loading the enrollment form…",
      mentee: "Apply as a mentee",
      mentor: "Apply as a mentor",
      closes: "Applications close on {date}.",
      expect: "What we expect of participants",
      optional: "(optional)",
      choose: "Choose…",
      morning: "Morning",
      afternoon: "Afternoon",
      evening: "Evening",
      day: "Day",
      submit: "Send application",
      sending: "Sending…",
      problem: "There is a problem",
      problems: "{n} answers need your attention.",
      needText: "Enter an answer.",
      needChoice: "Choose an answer.",
      needSome: "Choose at least one.",
      needConsent: "Check this box to apply.",
      done: "Application sent",
      closed: "This program is not taking applications",
      notFound: "We couldn't find this enrollment form",
      refused: "This form can't be shown on this website",
      applyThere: "Apply on Tandem instead",
      failed: "The enrollment form couldn't load",
      offline: "Check your internet connection, then reload the page.",
      later: "Something went wrong on our side. Try again in a minute.",
      sendOffline: "We couldn't send your application. Check your internet connection and try again.",
      honeypot: "Leave this field empty",
      needCheck: "Complete the check that you are a person, just above the Send button, then send the form again.",
      checkFailed: "The check that you are a person couldn't load, so the form can't be sent. Check your internet connection (and allow challenges.cloudflare.com if you use a blocker), then reload the page.",
      loadingEdit: "Loading your answers…",
      editTitle: "Change your answers",
      emailFixed: "Your email address identifies your application, so it can't be changed here.",
      save: "Save changes",
      saving: "Saving…",
      cancel: "Cancel",
      saved: "Changes saved",
      noEdit: "This application can no longer be changed here.",
    },
    es: {
      loading: "Cargando el formulario de inscripción…",
      mentee: "Inscríbete como mentorado/a",
      mentor: "Inscríbete como mentor/a",
      closes: "Las inscripciones cierran el {date}.",
      expect: "Lo que esperamos de los participantes",
      optional: "(opcional)",
      choose: "Elige…",
      morning: "Mañana",
      afternoon: "Tarde",
      evening: "Noche",
      day: "Día",
      submit: "Enviar solicitud",
      sending: "Enviando…",
      problem: "Hay un problema",
      problems: "{n} respuestas necesitan tu atención.",
      needText: "Escribe una respuesta.",
      needChoice: "Elige una respuesta.",
      needSome: "Elige al menos una opción.",
      needConsent: "Marca esta casilla para inscribirte.",
      done: "Solicitud enviada",
      closed: "Este programa no acepta solicitudes",
      notFound: "No encontramos este formulario de inscripción",
      refused: "Este formulario no se puede mostrar en este sitio web",
      applyThere: "Inscríbete en Tandem",
      failed: "No se pudo cargar el formulario de inscripción",
      offline: "Comprueba tu conexión a internet y vuelve a cargar la página.",
      later: "Algo falló de nuestro lado. Inténtalo de nuevo en un minuto.",
      sendOffline: "No pudimos enviar tu solicitud. Comprueba tu conexión a internet e inténtalo de nuevo.",
      honeypot: "Deja este campo vacío",
      needCheck: "Completa la verificación de que eres una persona, justo encima del botón Enviar, y vuelve a enviar el formulario.",
      checkFailed: "No se pudo cargar la verificación de que eres una persona, así que el formulario no se puede enviar. Comprueba tu conexión a internet (y permite challenges.cloudflare.com si usas un bloqueador) y vuelve a cargar la página.",
      loadingEdit: "Cargando tus respuestas…",
      editTitle: "Cambia tus respuestas",
      emailFixed: "Tu correo electrónico identifica tu solicitud, así que no se puede cambiar aquí.",
      save: "Guardar cambios",
      saving: "Guardando…",
      cancel: "Cancelar",
      saved: "Cambios guardados",
      noEdit: "Esta solicitud ya no se puede cambiar aquí.",
    },
  };

  /** The server's language list (packages/forms vocabulary.ts); names come from Intl in the page's language. */
  const LANGUAGE_CODES = "sq am ar bn bs my zh hr cs nl en fa fr de el gu ht ha he hi hu id it ja km ko ms mr ne ps pl pt pa ro ru sr so es sw sv tl ta te th ti tr uk ur vi yo".split(" ");
  const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  const DAY_PARTS = ["morning", "afternoon", "evening"];
  const LIST_TYPES = ["multiple_choice", "languages", "availability"];
  const GROUP_TYPES = ["single_choice", "scale", ...LIST_TYPES];
  /** More single-choice options than this read better as a drop-down than as radio buttons. */
  const MAX_RADIOS = 6;
  const AUTOCOMPLETE = { first_name: "given-name", last_name: "family-name", email: "email", date_of_birth: "bday" };
  const INPUT_TYPES = { email: "email", phone: "tel", number: "number", date: "date" };
  const MAX_LENGTHS = { short_text: 200, long_text: 4000, email: 254, phone: 20 };
  const TURNSTILE_API = "https://challenges.cloudflare.com/turnstile/v0/api.js?render=explicit";

  // Colors from tandem.css (light); the brand color is added per institution.
  const CSS = `
:host{display:block}
.tw{all:initial;display:block;box-sizing:border-box;max-width:42em;margin:1em 0;padding:1.5em;font:medium/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1b2320;background:#fff;border:1px solid #d3dbd7;border-radius:12px;text-align:start}
.tw *{box-sizing:border-box;font-family:inherit;line-height:inherit}
h1,h2,h3,h4,h5,h6{font-size:1.45em;line-height:1.25;margin:0 0 .3em}
.sub{font-size:1.15em;margin:0 0 .5em}
p{margin:0 0 1em}
.prose{white-space:pre-line}
.muted,.hint{color:#4b5753}
.org{display:flex;align-items:center;gap:.75em;margin:0 0 .75em;font-weight:600;color:#4b5753}
.org img{max-height:3em;max-width:10em}
details{margin:0 0 1em}
summary{cursor:pointer;font-weight:600}
.field{margin:0 0 1.4em;padding:0;border:0;min-width:0}
label,legend{display:block;font-weight:600;margin:0 0 .3em;padding:0}
.hint,.err{display:block;font-size:.92em;margin:0 0 .4em}
.err{color:#b3261e;font-weight:600}
.err::before{content:"⚠ "}
input,select,textarea,button{font:inherit;color:inherit;margin:0}
.text{display:block;width:100%;min-height:2.75em;padding:.5em .75em;background:#fff;border:1px solid #6a7571;border-radius:8px}
textarea.text{min-height:7em;resize:vertical}
[aria-invalid=true]{border-color:#b3261e}
.text[aria-invalid=true]{box-shadow:inset 0 0 0 1px #b3261e}
fieldset[aria-invalid=true]{border-left:4px solid #b3261e;padding-left:.75em}
.opts{display:grid;grid-template-columns:repeat(auto-fill,minmax(12em,1fr));gap:.1em 1em}
.scale{display:flex;flex-wrap:wrap;gap:.25em 1.25em}
.opt{display:flex;align-items:flex-start;gap:.55em;font-weight:400;margin:0;padding:.3em 0;cursor:pointer}
input[type=checkbox],input[type=radio]{width:1.25em;height:1.25em;margin:.15em 0 0;flex:none;accent-color:var(--brand)}
table{border-collapse:collapse}
th,td{padding:0;text-align:center;border-bottom:1px solid #d3dbd7}
th{font-weight:600;padding:.4em .6em;font-size:.92em}
th[scope=row]{text-align:start;padding-left:0}
td label{display:block;margin:0;padding:.55em .9em;cursor:pointer}
.btn{min-height:2.75em;padding:.6em 1.3em;border:0;border-radius:8px;background:var(--brand);color:var(--on-brand);font-weight:600;cursor:pointer}
.btn:hover{filter:brightness(.92)}
.btn[aria-disabled=true]{opacity:.7;cursor:progress}
.btn2{min-height:2.75em;margin-left:.75em;padding:.6em 1.3em;border:1px solid #6a7571;border-radius:8px;background:#fff;font-weight:600;cursor:pointer}
.text[readonly]{background:#eef1ef}
:focus-visible{outline:3px solid var(--ring);outline-offset:2px}
[tabindex="-1"]:focus{outline:none}
.summary{margin:0 0 1.5em;padding:1em 1.25em;border:2px solid #b3261e;border-left-width:6px;border-radius:8px;background:#fdecea}
.summary ul{margin:.3em 0 0;padding-left:1.2em}
.summary a{color:#8c1d18;font-weight:600}
.notice,.done{margin:0;padding:.25em 0 .25em 1em;border-left:4px solid #b3261e}
.done{margin-top:1em;border-color:var(--brand)}
.notice>:last-child,.done>:last-child{margin-bottom:0}
a{color:inherit}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
[hidden]{display:none!important}`;

  /** Creates an element: `text` sets its text, true/false/null toggle attributes. */
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (name === "text") node.textContent = value;
      else if (value === true) node.setAttribute(name, "");
      else if (value !== false && value != null) node.setAttribute(name, value);
    }
    node.append(...children.flat().filter((child) => child != null && child !== false));
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, name) => values[name]);
  }

  function report(error) {
    try {
      console.error("Tandem enrollment form:", error);
    } catch {
      // Nothing left to do: the host page comes first.
    }
  }

  /** Wraps an event handler so that nothing it does can throw into the host page. */
  function safely(handler) {
    return (event) => {
      try {
        Promise.resolve(handler(event)).catch(report);
      } catch (error) {
        report(error);
      }
    };
  }

  function isBlank(value) {
    return value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
  }

  /** The text color (white or near-black) that reads best on a background, and the contrast ratio between two colors. */
  function luminance(hex) {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  function contrast(a, b) {
    const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (light + 0.05) / (dark + 0.05);
  }
  function brandCss(color) {
    const brand = /^#[0-9a-f]{6}$/i.test(color) ? color : "#0b6e4f";
    const onBrand = contrast(brand, "#ffffff") >= contrast(brand, "#1b2320") ? "#ffffff" : "#1b2320";
    // The focus ring sits on white: a pale brand color would be invisible there.
    const ring = contrast(brand, "#ffffff") >= 3 ? brand : "#1a56b8";
    return `.tw{--brand:${brand};--on-brand:${onBrand};--ring:${ring}}`;
  }

  /** Constructable stylesheets: allowed by page CSPs (ours: style-src 'self') that refuse <style> elements. */
  function applyStyles(root, cssTexts) {
    if (root.adoptedStyleSheets && typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype) {
      root.adoptedStyleSheets = cssTexts.map((text) => {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(text);
        return sheet;
      });
    } else {
      root.querySelectorAll("style").forEach((style) => style.remove());
      root.prepend(...cssTexts.map((text) => h("style", { text })));
    }
  }

  /** The language of the widget: data-lang, else the page's, else the browser's; English without a translation. */
  function pickLanguage(script) {
    const wanted = [script.dataset.lang, document.documentElement.lang, navigator.language];
    for (const tag of wanted) {
      const base = String(tag || "").toLowerCase().split("-")[0];
      if (STRINGS[base]) return base;
    }
    return "en";
  }

  /** A `YYYY-MM-DD` date in words, in the widget's language. */
  function formatDate(iso, lang) {
    const [y, m, d] = iso.split("-").map(Number);
    return new Intl.DateTimeFormat(lang, { dateStyle: "long", timeZone: "UTC" }).format(Date.UTC(y, m - 1, d));
  }

  function languageChoices(lang) {
    let names;
    try {
      names = new Intl.DisplayNames([lang], { type: "language" });
    } catch {
      names = { of: (code) => code };
    }
    const choices = LANGUAGE_CODES.map((code) => {
      const name = names.of(code) || code;
      return { value: code, label: name.charAt(0).toLocaleUpperCase(lang) + name.slice(1) };
    });
    return choices.sort((a, b) => a.label.localeCompare(b.label, lang));
  }

  /** Monday to Sunday in the widget's language (1 January 2024 was a Monday). */
  function dayNames(lang) {
    const format = new Intl.DateTimeFormat(lang, { weekday: "long", timeZone: "UTC" });
    return DAYS.map((_, i) => {
      const name = format.format(Date.UTC(2024, 0, 1 + i));
      return name.charAt(0).toLocaleUpperCase(lang) + name.slice(1);
    });
  }

  let turnstileLoad;
  /** Cloudflare's Turnstile script, loaded once per page for every form on it; rejects if it cannot load. */
  function loadTurnstile() {
    if (window.turnstile) return Promise.resolve(window.turnstile);
    return (turnstileLoad ||= new Promise((resolve, reject) => {
      const script = h("script", { src: TURNSTILE_API, async: true });
      script.addEventListener("load", () => (window.turnstile ? resolve(window.turnstile) : reject(new Error("Turnstile did not start"))));
      script.addEventListener("error", () => {
        turnstileLoad = null;
        reject(new Error("Turnstile did not load"));
      });
      document.head.append(script);
    }));
  }

  /** A problem's inline text: the server's lowercase fragment as a sentence. */
  function asSentence(fragment) {
    const text = String(fragment).trim();
    return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? "" : ".");
  }

  class EnrollmentForm {
    constructor(script) {
      const data = script.dataset;
      const role = data.role === "mentor" ? "mentor" : "mentee";
      const origin = new URL(script.src, location.href).origin;
      const slug = encodeURIComponent(data.tenant || "");
      const program = encodeURIComponent(data.program || "");
      this.token = data.token;
      this.endpoint = this.token ? `${origin}/api/v1/t/${slug}/applications/status` : `${origin}/api/v1/t/${slug}/join/${program}/${role}`;
      this.hostedPage = `${origin}/t/${slug}/p/${program}/join?role=${role}`;
      this.sameOrigin = origin === location.origin;
      this.role = role;
      this.level = Math.min(Math.max(Number(data.headingLevel) || 2, 1), 5);
      this.lang = pickLanguage(script);
      this.t = STRINGS[this.lang];
      this.fields = new Map();

      this.host = document.createElement("tandem-enrollment");
      // In <head> the form would be invisible; the end of <body> is the next best place.
      if (script.parentNode && !document.head.contains(script)) script.after(this.host);
      else document.body.append(this.host);
      this.root = this.host.attachShadow({ mode: "open" });
      applyStyles(this.root, [CSS, brandCss()]);
      this.status = h("div", { class: "sr", role: "status", "aria-live": "polite" });
      this.content = h("div", {}, h("p", { class: "muted", text: this.token ? this.t.loadingEdit : this.t.loading }));
      this.root.append(h("div", { class: "tw", lang: this.lang }, this.status, this.content));
    }

    heading(offset, attrs) {
      return h(`h${Math.min(this.level + offset, 6)}`, attrs);
    }

    /** Puts a message in the live region: cleared first so the same text is read again. */
    say(message) {
      this.status.textContent = "";
      setTimeout(() => (this.status.textContent = message), 50);
    }

    /** Calls the API; never throws. Network failures come back as status 0. */
    async call(method, body, url = this.endpoint) {
      try {
        const response = await fetch(url, {
          method,
          credentials: "omit",
          headers: body ? { "content-type": "application/json" } : {},
          body: body ? JSON.stringify(body) : undefined,
        });
        const data = await response.json().catch(() => ({}));
        return { ok: response.ok, status: response.status, data: data || {} };
      } catch {
        return { ok: false, status: 0, data: {} };
      }
    }

    async start() {
      const result = await this.call("GET", null, this.token ? `${this.endpoint}?token=${encodeURIComponent(this.token)}` : this.endpoint);
      if (!result.ok) return this.showNotice(result);
      const form = this.token ? result.data.form : result.data;
      if (!form) return this.showNotice({ status: 409, data: {} }, this.t.noEdit);
      try {
        this.render(form);
        if (this.token) this.prefill(result.data.answers || {});
      } catch (error) {
        report(error);
        return this.showNotice({ status: -1, data: {} });
      }
      // On the status page the form opens on request: take the person to it.
      if (this.token) this.header.firstChild.focus();
      this.host.dispatchEvent(new CustomEvent("tandem:form", { bubbles: true, detail: { institution: form.institution, program: form.program } }));
    }

    /** Why there is no form: closed, unknown, refused on this website, or unreachable. */
    showNotice({ status, data }, heading) {
      const t = this.t;
      const title = heading || { 0: t.failed, 400: t.notFound, 403: t.refused, 404: t.notFound, 409: t.closed }[status] || t.failed;
      const detail = status === 0 ? t.offline : status >= 500 || !data.detail ? t.later : data.detail;
      const link = status === 403 && !this.sameOrigin ? h("p", {}, h("a", { href: this.hostedPage, text: t.applyThere })) : null;
      this.content.replaceChildren(h("div", { class: "notice" }, this.heading(0, { text: title }), h("p", { text: detail }), link));
      this.say(`${title}. ${detail}`);
    }

    render(form) {
      const { institution = {}, program = {} } = form;
      applyStyles(this.root, [CSS, brandCss(institution.brandColor)]);
      const t = this.t;
      this.minimumFillMs = (Number(form.minimumFillSeconds) || 0) * 1000;
      this.labels = this.token ? [t.save, t.saving] : [t.submit, t.sending];
      this.header = this.token
        ? h("div", {}, this.heading(0, { id: "tw-title", tabindex: "-1", text: t.editTitle }))
        : h("div", {}, this.institutionLine(institution), this.programIntro(program));
      this.summary = h("div", { class: "summary", tabindex: "-1", hidden: true });
      this.button = h("button", { class: "btn", type: "submit", text: this.labels[0] });
      const cancel = this.token ? h("button", { class: "btn2", type: "button", text: t.cancel }) : null;
      cancel?.addEventListener("click", safely(() => this.host.dispatchEvent(new CustomEvent("tandem:cancel", { bubbles: true }))));
      this.check = form.turnstile && form.turnstile.siteKey ? { siteKey: form.turnstile.siteKey, token: "" } : null;
      this.form = h(
        "form",
        { novalidate: true, "aria-labelledby": "tw-title" },
        this.summary,
        (form.questions || []).map((question) => this.field(question)),
        this.token ? null : this.honeypot(),
        this.check ? this.checkBox() : null,
        this.button,
        cancel,
      );
      this.form.addEventListener("submit", safely((event) => this.submit(event)));
      this.content.replaceChildren(this.header, this.form);
      this.startedAt = Date.now();
    }

    /**
     * The institution's Turnstile widget. Turnstile cannot render inside a
     * shadow root (its script looks its container up in the document), so the
     * container is a child of our host element, in the page's own DOM, shown
     * here through a slot.
     */
    checkBox() {
      const check = this.check;
      const box = h("div", { slot: "turnstile" });
      this.host.append(box);
      check.note = h("p", { class: "err", hidden: true });
      loadTurnstile()
        .then((turnstile) => {
          check.id = turnstile.render(box, {
            sitekey: check.siteKey,
            language: this.lang,
            callback: (token) => (check.token = token),
            "expired-callback": () => (check.token = ""),
            "error-callback": () => (check.token = ""),
          });
        })
        .catch((error) => {
          // Not loaded (offline, blocked) or not started: say so, rather than leave a button that never sends.
          report(error);
          check.failed = true;
          check.note.textContent = this.t.checkFailed;
          check.note.hidden = false;
          this.say(this.t.checkFailed);
        });
      return h("div", { class: "field" }, check.note, h("slot", { name: "turnstile" }));
    }

    /** A token is good once: after a refused submission the person needs a fresh one. */
    resetCheck() {
      const check = this.check;
      if (!check || check.id === undefined) return;
      check.token = "";
      try {
        window.turnstile.reset(check.id);
      } catch (error) {
        report(error);
      }
    }

    /** Shows the application's answers in the form, to be changed. */
    prefill(answers) {
      for (const { question, box } of this.fields.values()) {
        const value = answers[question.key];
        if (value == null) continue;
        const values = [].concat(value).map(String);
        for (const input of box.querySelectorAll("input, select, textarea")) {
          if (input.type === "checkbox" || input.type === "radio") input.checked = question.type === "consent" ? value === true : values.includes(input.value);
          else input.value = String(value);
        }
      }
    }

    institutionLine(institution) {
      // Our own pages' CSP allows only same-origin images, and a logo that fails to load should not leave a broken icon.
      const showLogo = institution.logoUrl && (!this.sameOrigin || new URL(institution.logoUrl, location.href).origin === location.origin);
      const logo = showLogo ? h("img", { src: institution.logoUrl, alt: "" }) : null;
      logo?.addEventListener("error", () => logo.remove());
      return h("div", { class: "org" }, logo, h("span", { text: institution.name }));
    }

    programIntro(program) {
      const t = this.t;
      return [
        this.heading(0, { id: "tw-title", text: program.name }),
        h("p", { class: "sub", text: t[this.role] }),
        program.description ? h("p", { class: "prose", text: program.description }) : null,
        program.expectations ? h("details", {}, h("summary", { text: t.expect }), h("p", { class: "prose", text: program.expectations })) : null,
        program.enrollmentClosesOn ? h("p", { class: "muted", text: fill(t.closes, { date: formatDate(program.enrollmentClosesOn, this.lang) }) }) : null,
      ];
    }

    /** One question: a labelled control, or a fieldset with a legend for a group of choices. */
    field(question) {
      const id = `tw-${question.key}`;
      const label = question.required ? question.label : `${question.label} ${this.t.optional}`;
      const fixed = this.token && question.key === "email";
      const help = fixed ? this.t.emailFixed : question.help;
      const hint = help ? h("span", { class: "hint", id: `${id}-hint`, text: help }) : null;
      const error = h("span", { class: "err", id: `${id}-err`, hidden: true });
      const manyChoices = (question.choices || []).length > MAX_RADIOS;
      let box;
      let described;
      if (GROUP_TYPES.includes(question.type) && !(question.type === "single_choice" && manyChoices)) {
        box = described = h("fieldset", { class: "field" }, h("legend", { text: label }), hint, error, this.group(question, id));
      } else if (question.type === "consent") {
        described = h("input", { type: "checkbox", id, name: id });
        box = h("div", { class: "field" }, error, h("label", { class: "opt", for: id }, described, h("span", { text: label })), hint);
      } else {
        described = this.control(question, id);
        if (fixed) described.readOnly = true;
        box = h("div", { class: "field" }, h("label", { for: id, text: label }), hint, error, described);
      }
      const entry = { question, box, described, hint, error };
      this.fields.set(question.key, entry);
      this.describe(entry);
      return box;
    }

    /** A text box, number, date, or drop-down for a single choice with many options. */
    control(question, id) {
      const attrs = { id, name: id, class: "text", "aria-required": question.required ? "true" : null };
      if (question.type === "single_choice") {
        return h("select", attrs, h("option", { value: "", text: this.t.choose }), question.choices.map((c) => h("option", { value: c.value, text: c.label })));
      }
      const maxlength = question.type === "number" ? null : question.max || MAX_LENGTHS[question.type];
      Object.assign(attrs, { maxlength, autocomplete: AUTOCOMPLETE[question.key] });
      if (question.type === "long_text") return h("textarea", { ...attrs, rows: 5 });
      const type = INPUT_TYPES[question.type] || "text";
      return h("input", { ...attrs, type, min: type === "number" ? question.min : null, max: type === "number" ? question.max : null, step: type === "number" ? "any" : null });
    }

    /** Radio buttons or check boxes for a question's choices, a 1–5 scale, languages, or the weekly availability grid. */
    group(question, id) {
      if (question.type === "availability") return this.availability(id);
      const isScale = question.type === "scale";
      const choices = question.type === "languages" ? languageChoices(this.lang) : isScale ? [1, 2, 3, 4, 5].map((n) => ({ value: n, label: n })) : question.choices;
      const type = LIST_TYPES.includes(question.type) ? "checkbox" : "radio";
      const options = choices.map((choice, index) =>
        h("label", { class: "opt", for: `${id}-${index}` }, h("input", { type, id: `${id}-${index}`, name: id, value: choice.value }), h("span", { text: choice.label })),
      );
      return h("div", { class: isScale ? "scale" : "opts" }, options);
    }

    /** Days down, parts of the day across: seven rows fit a phone better than seven columns. */
    availability(id) {
      const t = this.t;
      const days = dayNames(this.lang);
      const head = h("tr", {}, h("th", { scope: "col", class: "sr", text: t.day }), DAY_PARTS.map((part) => h("th", { scope: "col", text: t[part] })));
      const rows = DAYS.map((day, i) =>
        h(
          "tr",
          {},
          h("th", { scope: "row", text: days[i] }),
          DAY_PARTS.map((part) =>
            h("td", {}, h("label", {}, h("input", { type: "checkbox", name: id, value: `${day}_${part}`, "aria-label": `${days[i]}, ${t[part]}` }))),
          ),
        ),
      );
      return h("table", {}, h("thead", {}, head), h("tbody", {}, rows));
    }

    /** Bots fill every field; people never see this one. */
    honeypot() {
      return h(
        "div",
        { class: "hp", "aria-hidden": "true" },
        h("label", { for: "tw-website", text: this.t.honeypot }),
        h("input", { id: "tw-website", name: "website", type: "text", tabindex: "-1", autocomplete: "off" }),
      );
    }

    /** Links a control to its error (first) and help text, and marks it invalid while it has an error. */
    describe(entry, message) {
      const { described, hint, error } = entry;
      error.textContent = message || "";
      error.hidden = !message;
      const ids = [message ? error.id : null, hint ? hint.id : null].filter(Boolean).join(" ");
      if (ids) described.setAttribute("aria-describedby", ids);
      else described.removeAttribute("aria-describedby");
      if (message) described.setAttribute("aria-invalid", "true");
      else described.removeAttribute("aria-invalid");
    }

    /** The answers as the API takes them, and the required questions left blank. */
    collect() {
      const data = new FormData(this.form);
      const answers = {};
      const problems = [];
      for (const { question } of this.fields.values()) {
        const name = `tw-${question.key}`;
        let value;
        if (LIST_TYPES.includes(question.type)) value = data.getAll(name);
        else if (question.type === "consent") value = data.has(name) ? true : undefined;
        else value = String(data.get(name) ?? "").trim();
        if (!isBlank(value)) answers[question.key] = value;
        else if (question.required) problems.push({ key: question.key, message: this.missingMessage(question.type) });
      }
      return { answers, problems, website: String(data.get("website") ?? "") };
    }

    missingMessage(type) {
      const t = this.t;
      if (type === "consent") return t.needConsent;
      if (LIST_TYPES.includes(type)) return t.needSome;
      return type === "single_choice" || type === "scale" ? t.needChoice : t.needText;
    }

    /** Server errors (`body.answers.<key>[.<index>]`) as one problem per field; others stay general. */
    serverProblems(errors) {
      const byKey = new Map();
      const general = [];
      for (const { path = "", message = "" } of errors) {
        const key = /^body\.answers\.([^.]+)/.exec(path)?.[1];
        if (key && this.fields.has(key)) byKey.set(key, [...(byKey.get(key) || []), asSentence(message)]);
        else general.push({ message: path === "body.turnstileToken" ? this.t.needCheck : asSentence(message) });
      }
      const fieldProblems = [...byKey].map(([key, messages]) => ({ key, message: [...new Set(messages)].join(" ") }));
      return [...fieldProblems, ...general];
    }

    clearErrors() {
      for (const entry of this.fields.values()) this.describe(entry);
      this.summary.hidden = true;
      this.summary.replaceChildren();
    }

    /** Marks each field, lists every problem at the top, and moves focus to the first invalid field. */
    showProblems(problems) {
      for (const problem of problems) {
        const entry = this.fields.get(problem.key);
        if (entry) this.describe(entry, problem.message);
      }
      // In form order, so the list reads like the form.
      const ordered = [...this.fields.values()].filter((entry) => !entry.error.hidden);
      const items = ordered.map((entry) => {
        const link = h("a", { href: `#tw-${entry.question.key}`, text: `${entry.question.label.replace(/[:\s]+$/, "")} — ${entry.error.textContent}` });
        link.addEventListener("click", safely((event) => (event.preventDefault(), this.focusField(entry))));
        return h("li", {}, link);
      });
      const general = problems.filter((problem) => !this.fields.has(problem.key)).map((problem) => h("li", { text: problem.message }));
      this.summary.replaceChildren(this.heading(1, { text: this.t.problem }), h("ul", {}, general, items));
      this.summary.hidden = false;
      // The status page's edit form takes the person to the list of problems first; the join form, to the first field.
      if (ordered.length && !this.token) this.focusField(ordered[0]);
      else this.summary.focus();
      this.say(ordered.length > 1 ? fill(this.t.problems, { n: ordered.length }) : `${this.t.problem}: ${problems[0].message}`);
    }

    focusField(entry) {
      const target = entry.box.querySelector("input:checked") || entry.box.querySelector("input, select, textarea");
      target.focus();
      entry.box.scrollIntoView?.({ block: "center" });
    }

    setBusy(busy) {
      this.busy = busy;
      this.button.textContent = this.labels[busy ? 1 : 0];
      this.button.setAttribute("aria-disabled", String(busy));
      if (busy) this.say(this.labels[1]);
    }

    async submit(event) {
      event.preventDefault();
      if (this.busy) return;
      const { answers, problems, website } = this.collect();
      const check = this.check;
      if (check && !check.token) problems.push({ message: check.failed ? this.t.checkFailed : this.t.needCheck });
      this.clearErrors();
      if (problems.length) return this.showProblems(problems);

      this.setBusy(true);
      // The server refuses forms sent faster than a person could fill them (autofill can be that fast).
      const tooSoon = this.startedAt + this.minimumFillMs + 500 - Date.now();
      if (tooSoon > 0) await new Promise((resolve) => setTimeout(resolve, tooSoon));
      const result = this.token
        ? await this.call("PUT", { token: this.token, answers })
        : await this.call("POST", { answers, website, startedAt: this.startedAt, turnstileToken: check ? check.token : undefined });
      this.setBusy(false);

      if (result.ok) {
        this.showSuccess(result.data.message);
        if (this.token) this.host.dispatchEvent(new CustomEvent("tandem:saved", { bubbles: true, detail: result.data }));
        return;
      }
      this.resetCheck();
      const { status, data } = result;
      if (status === 400 && Array.isArray(data.errors) && data.errors.length) return this.showProblems(this.serverProblems(data.errors));
      const message = status === 0 ? this.t.sendOffline : status >= 500 || !data.detail ? this.t.later : data.detail;
      this.showProblems([{ message }]);
    }

    showSuccess(message) {
      const title = this.heading(1, { tabindex: "-1", text: this.token ? this.t.saved : this.t.done });
      this.content.replaceChildren(this.header, h("div", { class: "done" }, title, h("p", { text: message })));
      title.focus();
      this.say(`${title.textContent}. ${message}`);
    }
  }

  /** This script's tag (currentScript is null for async scripts in some browsers), plus any other snippet not yet shown. */
  function snippets() {
    const all = [...document.querySelectorAll("script[data-tenant][src*='embed.js']")];
    const current = document.currentScript;
    if (current && !all.includes(current)) all.unshift(current);
    return all.filter((script) => !script.hasAttribute("data-tandem-shown"));
  }

  try {
    for (const script of snippets()) {
      script.setAttribute("data-tandem-shown", "");
      try {
        new EnrollmentForm(script).start().catch(report);
      } catch (error) {
        report(error);
      }
    }
  } catch (error) {
    report(error);
  }
})();
