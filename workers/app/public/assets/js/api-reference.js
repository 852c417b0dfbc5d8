// Renders /api/v1/openapi.json as a readable reference: endpoints by tag, with
// parameters, request bodies and responses. No framework, no external code.
const statusRegion = document.getElementById("status");
const toc = document.getElementById("toc");
const operationsRoot = document.getElementById("operations");

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  return node;
}

function resolve(document, value) {
  let current = value;
  for (let depth = 0; current && current.$ref && depth < 10; depth++) {
    current = current.$ref.replace(/^#\//, "").split("/").reduce((node, key) => node?.[key], document);
  }
  return current ?? {};
}

function typeOf(schema) {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(" | ");
  if (schema.anyOf || schema.oneOf) return (schema.anyOf ?? schema.oneOf).map((option) => typeOf(option)).join(" | ");
  if (schema.type === "array") return `array of ${schema.items ? typeOf(schema.items) : "values"}`;
  return Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
}

function constraints(schema) {
  const notes = [];
  if (schema.format) notes.push(schema.format);
  if (schema.minLength !== undefined) notes.push(`at least ${schema.minLength} characters`);
  if (schema.maxLength !== undefined) notes.push(`at most ${schema.maxLength} characters`);
  if (schema.minimum !== undefined) notes.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) notes.push(`≤ ${schema.maximum}`);
  if (schema.default !== undefined) notes.push(`default ${JSON.stringify(schema.default)}`);
  if (schema.description) notes.push(schema.description);
  return notes.length ? ` — ${notes.join("; ")}` : "";
}

function schemaList(document, schemaOrRef, depth = 0) {
  const schema = resolve(document, schemaOrRef);
  const properties = schema.properties ?? (schema.type === "array" ? resolve(document, schema.items).properties : undefined);
  if (!properties || depth > 4) return el("p", { class: "small muted" }, typeOf(schema) + constraints(schema));
  const required = new Set(schema.required ?? (schema.type === "array" ? resolve(document, schema.items).required : []) ?? []);
  return el(
    "ul",
    { class: "schema" },
    Object.entries(properties).map(([name, propertyRef]) => {
      const property = resolve(document, propertyRef);
      const nested = property.properties || (property.type === "array" && resolve(document, property.items).properties);
      return el(
        "li",
        {},
        el("code", {}, name),
        " ",
        required.has(name) ? el("span", { class: "required" }, "required") : null,
        ` ${typeOf(property)}${constraints(property)}`,
        nested ? schemaList(document, property, depth + 1) : null,
      );
    }),
  );
}

function renderOperation(document, method, path, operation) {
  const id = operation.operationId ?? `${method}-${path}`;
  const parameters = (operation.parameters ?? []).map((parameter) => resolve(document, parameter));
  const body = operation.requestBody && resolve(document, operation.requestBody).content?.["application/json"]?.schema;
  return el(
    "section",
    { class: "card operation", id, "aria-labelledby": `${id}-title` },
    el("h3", { id: `${id}-title` }, el("span", { class: `method method-${method}` }, method.toUpperCase()), el("code", {}, path)),
    operation.summary ? el("p", {}, operation.summary) : null,
    parameters.length
      ? [
          el("h4", {}, "Parameters"),
          el(
            "table",
            {},
            el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Name"), el("th", { scope: "col" }, "In"), el("th", { scope: "col" }, "Type"))),
            el("tbody", {}, parameters.map((p) => el("tr", {}, el("td", {}, el("code", {}, p.name), p.required ? [" ", el("span", { class: "required" }, "required")] : null), el("td", {}, p.in), el("td", {}, typeOf(p.schema ?? {}) + constraints(p.schema ?? {}))))),
          ),
        ]
      : null,
    body ? [el("h4", {}, "Request body (JSON)"), schemaList(document, body)] : null,
    el("h4", {}, "Responses"),
    el(
      "ul",
      { class: "schema" },
      Object.entries(operation.responses ?? {}).map(([status, responseRef]) => {
        const response = resolve(document, responseRef);
        const content = response.content ?? {};
        const [mediaType, media] = Object.entries(content)[0] ?? [];
        const showSchema = media?.schema && mediaType === "application/json";
        return el("li", {}, el("strong", {}, status), ` ${response.description ?? ""}`, mediaType ? [" ", el("code", {}, mediaType)] : null, showSchema ? schemaList(document, media.schema) : null);
      }),
    ),
  );
}

async function main() {
  const response = await fetch("/api/v1/openapi.json", { headers: { accept: "application/json" } });
  if (!response.ok) throw new Error(`The API description could not be loaded (HTTP ${response.status}).`);
  const document = await response.json();
  const byTag = new Map((document.tags ?? []).map((tag) => [tag.name, { description: tag.description, operations: [] }]));
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const tag = operation.tags?.[0] ?? "other";
      if (!byTag.has(tag)) byTag.set(tag, { description: "", operations: [] });
      byTag.get(tag).operations.push({ method, path, operation });
    }
  }
  const tocList = el("ul");
  for (const [tag, group] of byTag) {
    if (group.operations.length === 0) continue;
    operationsRoot.append(el("h2", { id: `tag-${tag}` }, tag[0].toUpperCase() + tag.slice(1)), group.description ? el("p", { class: "muted" }, group.description) : null);
    for (const { method, path, operation } of group.operations) {
      operationsRoot.append(renderOperation(document, method, path, operation));
      tocList.append(el("li", {}, el("a", { href: `#${operation.operationId}` }, `${method.toUpperCase()} ${path}`)));
    }
  }
  toc.append(el("h2", { class: "sr-only" }, "Endpoints"), tocList);
  statusRegion.replaceChildren(el("p", { class: "small muted" }, `${document.info.title}, version ${document.info.version}.`));
}

main().catch((error) => {
  statusRegion.replaceChildren(el("p", {}, `${error.message} Reload the page to try again.`));
});
