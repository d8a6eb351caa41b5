// The generated JSON Schemas in a real editor: drives yaml-language-server (the
// server of the VS Code YAML extension and of most editors' YAML support, a
// pinned devDependency) over stdio LSP with the one combined schema,
// gen/jsonschema/planton.schema.json, associated to every file, as a user would.
// One server process serves the whole run. For every kind in testdata/:
// - every valid fixture: no diagnostic (the editor accepts what `planton
//   validate` accepts);
// - every invalid fixture: at least one diagnostic, on the lines of the field the
//   fixture's `# expect:` line names, in plain words (no raw regex), unless all
//   its expected rules are ones only the CLI checks (CLI_ONLY, with the reason):
//   then no diagnostic, so that a closed gap shows;
// - completion: in every mapping of the valid fixtures, each property the server
//   offers, inserted as an editor does, gives YAML that parses with that key; the
//   whole-document snippet of the kind parses and holds the required fields;
// - hover on every key of the valid fixtures shows that field's own text.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit } from "yaml";
import { LspClient, serverEntry } from "./lsp-client.mjs";

const root = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const { parsePath } = await import(pathToFileURL(`${root}/packages/sdk/dist/field-path.js`).href);
const combinedSchemaPath = join(root, "gen/jsonschema/planton.schema.json");

/**
 * Rules of invalid fixtures that a JSON Schema (and so the editor) cannot check:
 * only `planton validate` reports them. docs/editor.md lists the same rules.
 */
export const CLI_ONLY = {
  "k8s.resources.request_le_limit": "compares two quantities (requests ≤ limits): JSON Schema cannot compare fields",
  "env.distinct_names": "a name may not be a key of both maps (variables and secrets): JSON Schema cannot compare keys",
  "spec.volume_mounts.unique_names": "one property unique across list items: uniqueItems compares whole items",
  "spec.volume_mounts.unique_mount_paths": "one property unique across list items: uniqueItems compares whole items",
  "spec.indexed_pod_hostname": "adds a name's length to the digits of another field: JSON Schema has no arithmetic",
  "env.secrets_size": "sums the sizes of map values: JSON Schema has no arithmetic",
  "spec.env.secret_ref_namespace": "compares a field of every map value with the namespace: JSON Schema cannot compare",
  "type.ambiguous_octal":
    "a leading-zero number is octal to YAML 1.1 and decimal to YAML 1.2: the editor sees only the number",
  "type.mode_octal":
    "644 in a mode field: planton reads an unquoted 0644 as octal and refuses 644; the editor (YAML 1.2) sees 644 for both",
};

/**
 * Rules only the CLI checks in some fixtures: when `when(node)` holds for the
 * value at the expected path.
 */
const CLI_ONLY_WHEN = {
  "type.bool": {
    reason:
      'a quoted YAML 1.1 word ("yes"): the loader takes yes/no/on/off unquoted only, the editor cannot see quotes',
    when: (node) => isScalar(node) && node.type !== "PLAIN" && /^(y|yes|n|no|on|off)$/i.test(String(node.value)),
  },
};

/** Whether the editor cannot flag this expected problem of a fixture. */
function cliOnly(text, e) {
  if (e.rule in CLI_ONLY) return true;
  const w = CLI_ONLY_WHEN[e.rule];
  return w?.when(nodeAt(parseDocument(text), e.path).node) === true;
}

/** YAML errors the server reports without a schema: such a fixture is flagged, but not by the schema. */
const YAML_RULES = new Set(["yaml.undefined_alias", "yaml.duplicate_key"]);

const kindDirs = readdirSync(join(root, "testdata"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && ["valid", "invalid"].some((s) => existsSync(join(root, "testdata", d.name, s))))
  .map((d) => d.name)
  .sort();

function fixtures(kind, which) {
  const dir = join(root, "testdata", kind, which);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => ({ file: `${kind}/${which}/${f}`, text: readFileSync(join(dir, f), "utf8") }));
}

function expectations(text) {
  return [...text.matchAll(/^# expect: (.*) (\S+)$/gm)].map((m) => ({ path: m[1].trim(), rule: m[2] }));
}

let client;
let docNumber = 0;
const counts = {};
const started = Date.now();

/** A fresh URI per opened text (the server caches per URI). */
function nextUri(name) {
  docNumber++;
  return `file:///planton-lsp-test/${docNumber}/${name.replaceAll("/", "-")}`;
}

async function diagnose(name, text) {
  const uri = nextUri(name);
  const d = await client.open(uri, text);
  client.close(uri);
  return d;
}

/** Diagnostics of every fixture, by file: all opened at once (the server validates each after a delay). */
const diagnostics = new Map();

before(async () => {
  const { bin, version } = serverEntry(root);
  assert.ok(existsSync(bin), `yaml-language-server is not installed at ${bin}: run pnpm install`);
  assert.ok(existsSync(combinedSchemaPath), `${combinedSchemaPath} is missing: run pnpm generate`);
  client = new LspClient(bin);
  const init = await client.request("initialize", {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      textDocument: {
        completion: { completionItem: { snippetSupport: true, documentationFormat: ["markdown", "plaintext"] } },
        hover: { contentFormat: ["markdown", "plaintext"] },
        publishDiagnostics: {},
      },
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false } },
    },
  });
  assert.ok(init?.capabilities?.completionProvider, "yaml-language-server did not start (no capabilities)");
  client.notify("initialized", {});
  client.settings = {
    validate: true,
    completion: true,
    hover: true,
    schemaStore: { enable: false },
    schemas: { [pathToFileURL(combinedSchemaPath).href]: "*" },
  };
  client.notify("workspace/didChangeConfiguration", { settings: { yaml: client.settings } });
  console.log(`# yaml-language-server ${version}, ${kindDirs.length} kinds: ${kindDirs.join(", ")}`);
  const all = kindDirs.flatMap((k) => [...fixtures(k, "valid"), ...fixtures(k, "invalid")]);
  for (const [file, d] of await Promise.all(all.map(async (f) => [f.file, await diagnose(f.file, f.text)]))) {
    diagnostics.set(file, d);
  }
});

after(async () => {
  await client?.shutdown();
  for (const [kind, c] of Object.entries(counts)) {
    console.log(
      `# ${kind}: valid clean ${c.validClean}/${c.valid}, invalid flagged ${c.flagged}, invalid CLI-only ${c.cliOnly}` +
        `, completions ${c.completions}, hovers ${c.hovers}`,
    );
    for (const f of c.cliOnlyFiles ?? []) console.log(`#   CLI-only: ${f}`);
  }
  console.log(`# LSP run: ${docNumber} documents in ${Date.now() - started} ms`);
});

/** The node at a field path of the SDK's form, or the nearest ancestor that exists. */
function nodeAt(doc, path) {
  const segments = parsePath(path);
  let node = doc.contents;
  let keyNode;
  if (typeof segments === "string") return { node, keyNode };
  for (const s of segments) {
    if ("name" in s && isMap(node)) {
      const pair = node.items.find(
        (p) => isScalar(p.key) && (p.key.value === s.name || p.key.value === snakeCase(s.name)),
      );
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value;
    } else if ("index" in s && isSeq(node) && node.items[s.index]) {
      keyNode = undefined;
      node = node.items[s.index];
    } else break;
  }
  return { node, keyNode };
}

function snakeCase(name) {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The lines (0-based, inclusive) a field path covers in the text. */
function linesOf(text, path) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  const { node, keyNode } = nodeAt(doc, path);
  const start = keyNode?.range?.[0] ?? node?.range?.[0] ?? 0;
  const end = node?.range?.[1] ?? start;
  return [lineCounter.linePos(start).line - 1, lineCounter.linePos(Math.max(start, end - 1)).line - 1];
}

for (const kind of kindDirs) {
  counts[kind] = { valid: 0, validClean: 0, flagged: 0, cliOnly: 0, completions: 0, hovers: 0 };
  const c = counts[kind];

  describe(`${kind}: diagnostics`, () => {
    for (const f of fixtures(kind, "valid")) {
      c.valid++;
      test(`valid ${f.file} has no diagnostic`, async () => {
        const d = diagnostics.get(f.file);
        assert.deepEqual(
          d.map((x) => `${x.range.start.line + 1}:${x.range.start.character + 1} ${x.message}`),
          [],
          "the editor flags a manifest planton validate accepts",
        );
        c.validClean++;
      });
    }
    for (const f of fixtures(kind, "invalid")) {
      const expected = expectations(f.text);
      const onlyCli = expected.length > 0 && expected.every((e) => cliOnly(f.text, e));
      if (onlyCli)
        c.cliOnlyFiles = [...(c.cliOnlyFiles ?? []), `${f.file} (${expected.map((e) => e.rule).join(", ")})`];
      const yamlError = expected.some((e) => YAML_RULES.has(e.rule));
      test(`invalid ${f.file} ${onlyCli ? "is left to the CLI" : "is flagged"}`, async () => {
        assert.ok(expected.length > 0, "an invalid fixture names its problems with `# expect:` lines");
        const d = diagnostics.get(f.file);
        const shown = d.map((x) => `${x.range.start.line + 1}:${x.range.start.character + 1} ${x.message}`);
        if (yamlError) {
          // The server reports the YAML error itself.
          assert.ok(d.length > 0, "a YAML error the server should report");
          c.flagged++;
          return;
        }
        if (onlyCli) {
          assert.deepEqual(
            shown,
            [],
            `flagged although CLI_ONLY says the editor cannot (${expected.map((e) => e.rule).join(", ")}): ` +
              "move the fixture's rule out of CLI_ONLY and docs/editor.md",
          );
          c.cliOnly++;
          return;
        }
        assert.ok(d.length > 0, `not flagged; expected ${expected.map((e) => `${e.path} ${e.rule}`).join(", ")}`);
        for (const e of expected) {
          if (cliOnly(f.text, e)) continue;
          const [from, to] = linesOf(f.text, e.path);
          assert.ok(
            d.some((x) => x.range.start.line >= from - 1 && x.range.start.line <= to),
            `no diagnostic on lines ${from + 1}-${to + 1} (${e.path} ${e.rule}); got:\n  ${shown.join("\n  ")}`,
          );
        }
        for (const x of d) {
          assert.doesNotMatch(x.message, /does not match the pattern of/, "a raw regex instead of the rule's words");
        }
        c.flagged++;
      });
    }
  });
}

// ---- completion and hover ----

/** The text an editor inserts for a snippet: tab stops replaced by their default text (or nothing). */
function resolveSnippet(text) {
  return text
    .replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, "$1")
    .replace(/\$\{\d+:([^}]*)\}/g, "$1")
    .replace(/\$\{\d+\}|\$\d+/g, "")
    .replace(/\\([$}\\])/g, "$1");
}

/** The document after applying a completion item at (line, character), as an editor does. */
function applyCompletion(lines, line, character, item) {
  let text = item.textEdit?.newText ?? item.insertText ?? item.label;
  if (item.insertTextFormat === 2) text = resolveSnippet(text);
  const range = item.textEdit?.range ?? item.textEdit?.insert;
  const start = range ? range.start.character : character;
  const end = range ? range.end.character : character;
  const indent = /^\s*/.exec(lines[line])[0];
  text = text.split("\n").join(`\n${indent}`);
  const out = [...lines];
  out[line] = `${lines[line].slice(0, start)}${text}${lines[line].slice(end)}`;
  return out.join("\n");
}

function openQuiet(name, text) {
  const uri = nextUri(name);
  client.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
  return uri;
}

/** Block mappings of a document with their key column and the line after their last line. */
function blockMaps(text) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const maps = [];
  visit(doc, {
    Map(_, node) {
      if (node.flow || node.items.length === 0 || !node.range) return;
      const first = lineCounter.linePos(node.items[0].key.range[0]);
      const last = lineCounter.linePos(node.range[1] - 1);
      maps.push({ column: first.col - 1, after: last.line });
    },
  });
  return maps;
}

/**
 * The paths (key names and list indexes from the root) of the mappings of a
 * document, each once, for completion with nothing written yet.
 */
function mappingPaths(text) {
  const doc = parseDocument(text);
  const out = new Map();
  const walk = (node, path) => {
    if (isMap(node)) {
      out.set(JSON.stringify(path), path);
      for (const pair of node.items) if (isScalar(pair.key)) walk(pair.value, [...path, String(pair.key.value)]);
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item, [...path, 0]);
    }
  };
  walk(doc.contents, []);
  return [...out.values()];
}

/**
 * A document holding only the way down to a mapping at `path` (the kind selects
 * the schema) and an empty line in it, with the position to complete at: there
 * every property of the mapping is offered.
 */
function skeleton(apiVersion, kind, path) {
  const lines = [`apiVersion: ${apiVersion}`, `kind: ${kind}`];
  if (path.length === 0) return { lines: [...lines, ""], line: 2, character: 0 };
  let indent = "";
  let pending = "";
  for (const segment of path) {
    if (typeof segment === "number") {
      pending = `${pending}- `;
      continue;
    }
    lines.push(`${indent}${pending}${segment}:`);
    indent += " ".repeat(pending.length + 2);
    pending = "";
  }
  if (pending) {
    lines.push(`${indent}${pending}`);
    return { lines, line: lines.length - 1, character: indent.length + pending.length };
  }
  lines.push(indent);
  return { lines, line: lines.length - 1, character: indent.length };
}

/** The schema a `$ref` points to (in the per-kind schema file). */
function deref(schema, s) {
  let out = s;
  for (let i = 0; i < 32 && out?.$ref; i++) out = schema.$defs[out.$ref.replace("#/$defs/", "")];
  return out;
}

/** The subschemas that apply to a value: the schema and its allOf/anyOf/oneOf/then members. */
function applicable(schema, s, seen = new Set()) {
  const r = deref(schema, s);
  if (!r || typeof r !== "object" || seen.has(r)) return [];
  seen.add(r);
  const out = [r];
  for (const k of ["allOf", "anyOf", "oneOf"]) for (const m of r[k] ?? []) out.push(...applicable(schema, m, seen));
  if (r.then) out.push(...applicable(schema, r.then, seen));
  return out;
}

/** Keys of the mappings of a document with the JSON Schema property each names (declared `properties` only). */
function keysWithSchema(schema, text) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const found = [];
  const walk = (node, schemas) => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const props = schemas.flatMap((s) => (s.properties?.[key] ? [s.properties[key]] : []));
        const values = props.length
          ? props
          : schemas.flatMap((s) => {
              const pattern = Object.entries(s.patternProperties ?? {}).find(([p]) => new RegExp(p, "u").test(key));
              if (pattern) return [pattern[1]];
              return s.additionalProperties && typeof s.additionalProperties === "object"
                ? [s.additionalProperties]
                : [];
            });
        if (props.length) {
          const pos = lineCounter.linePos(pair.key.range[0]);
          found.push({ key, line: pos.line - 1, character: pos.col - 1, property: props[0] });
        }
        walk(
          pair.value,
          values.flatMap((v) => applicable(schema, v)),
        );
      }
    } else if (isSeq(node)) {
      for (const item of node.items) {
        walk(
          item,
          schemas.flatMap((s) => (s.items ? applicable(schema, s.items) : [])),
        );
      }
    }
  };
  walk(doc.contents, applicable(schema, schema));
  return found;
}

/** Text for comparing a hover with a description: no Markdown escapes, no backticks, spaces collapsed. */
function plain(text) {
  return text.replace(/\\(.)/g, "$1").replace(/[`*_]/g, "").replace(/\s+/g, " ").trim();
}

for (const kind of kindDirs) {
  const c = counts[kind];
  const schemaFile = join(root, "gen/jsonschema", `${kind}.schema.json`);
  const valid = fixtures(kind, "valid");

  describe(`${kind}: completion and hover`, () => {
    test("the whole-document snippet parses, holds the required fields and is valid", async () => {
      const uri = openQuiet(`${kind}-empty.yaml`, "");
      const result = await client.request("textDocument/completion", {
        textDocument: { uri },
        position: { line: 0, character: 0 },
      });
      const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
      const items = result?.items ?? [];
      const snippet = items.find((i) => i.label === schema.title);
      assert.ok(
        snippet,
        `no whole-document snippet "${schema.title}" in an empty file; got ${items.map((i) => i.label)}`,
      );
      const text = applyCompletion([""], 0, 0, snippet);
      const doc = parseDocument(text);
      assert.deepEqual(doc.errors, [], `the snippet is not valid YAML:\n${text}`);
      const value = doc.toJS();
      const rootDef = deref(schema, schema);
      for (const r of rootDef.required ?? []) assert.ok(r in value, `the snippet lacks ${r}:\n${text}`);
      assert.equal(value.kind, schema.title);
      const specDef = deref(schema, rootDef.properties.spec);
      for (const r of specDef.required ?? [])
        assert.ok(r in (value.spec ?? {}), `the snippet lacks spec.${r}:\n${text}`);
      const d = await diagnose(`${kind}-snippet.yaml`, `${text}\n`);
      assert.deepEqual(
        d.map((x) => `${x.range.start.line + 1}: ${x.message}`),
        [],
        `the snippet, as inserted, is flagged:\n${text}`,
      );
      client.close(uri);
    });

    for (const f of valid) {
      const maps = blockMaps(f.text);
      if (maps.length === 0) continue; // a JSON (flow) manifest: nothing is completed on a new line
      test(`every property completion in ${f.file} inserts valid YAML with a colon`, async () => {
        const lines = f.text.split("\n");
        let checked = 0;
        await Promise.all(
          maps.map(async ({ column, after }) => {
            const withLine = [...lines.slice(0, after), " ".repeat(column), ...lines.slice(after)];
            const uri = openQuiet(f.file, withLine.join("\n"));
            const result = await client.request("textDocument/completion", {
              textDocument: { uri },
              position: { line: after, character: column },
            });
            client.close(uri);
            for (const item of result?.items ?? []) {
              const text = applyCompletion(withLine, after, column, item);
              const doc = parseDocument(text, { uniqueKeys: false });
              assert.deepEqual(
                doc.errors.map((e) => e.message),
                [],
                `completing "${item.label}" at ${after + 1}:${column + 1} gives invalid YAML:\n${text}`,
              );
              if (item.kind === 10) {
                const inserted = text.split("\n")[after];
                assert.match(
                  inserted,
                  new RegExp(`^\\s*${item.label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:( |$)`),
                  `completing property "${item.label}" inserts no "key:"`,
                );
              }
              checked++;
            }
          }),
        );
        assert.ok(checked > 0, "the server offered no completion at all");
        c.completions += checked;
      });
    }

    test("every property of every mapping of the valid fixtures, completed with nothing written yet, inserts valid YAML with a colon", async () => {
      const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
      const apiVersion = deref(schema, schema).properties.apiVersion.const;
      const paths = new Map();
      for (const f of valid) for (const p of mappingPaths(f.text)) paths.set(JSON.stringify(p), p);
      let checked = 0;
      await Promise.all(
        [...paths.values()].map(async (path) => {
          const { lines, line, character } = skeleton(apiVersion, schema.title, path);
          const uri = openQuiet(`${kind}-skeleton.yaml`, lines.join("\n"));
          const result = await client.request("textDocument/completion", {
            textDocument: { uri },
            position: { line, character },
          });
          client.close(uri);
          const where = path.join(".") || "<root>";
          for (const item of result?.items ?? []) {
            const text = applyCompletion(lines, line, character, item);
            const doc = parseDocument(text, { uniqueKeys: false });
            assert.deepEqual(
              doc.errors.map((e) => e.message),
              [],
              `completing "${item.label}" in ${where} gives invalid YAML:\n${text}`,
            );
            if (item.kind === 10) {
              const inserted = text.split("\n")[line].slice(character);
              assert.ok(
                inserted.startsWith(`${item.label}:`),
                `completing property "${item.label}" in ${where} inserts no "${item.label}:" but:\n${text}`,
              );
            }
            checked++;
          }
        }),
      );
      assert.ok(checked > 0, "the server offered no completion at all");
      c.completions += checked;
    });

    for (const f of valid) {
      test(`hover on every key of ${f.file} shows the field's own text`, async () => {
        const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
        const keys = keysWithSchema(schema, f.text).filter(
          (k) => k.property.markdownDescription ?? k.property.description,
        );
        assert.ok(keys.length > 0, "no documented key found");
        const uri = openQuiet(f.file, f.text);
        await Promise.all(
          keys.map(async (k) => {
            const h = await client.request("textDocument/hover", {
              textDocument: { uri },
              position: { line: k.line, character: k.character + 1 },
            });
            const shown = plain(typeof h?.contents === "string" ? h.contents : (h?.contents?.value ?? ""));
            const want = plain(k.property.markdownDescription ?? k.property.description).slice(0, 60);
            assert.ok(
              shown.includes(want),
              `hover on "${k.key}" (${k.line + 1}:${k.character + 1}) shows\n  ${shown}\nnot\n  ${want}`,
            );
          }),
        );
        client.close(uri);
        c.hovers += keys.length;
      });
    }
  });
}
