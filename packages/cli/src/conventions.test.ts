// The CLI conventions users bring from kubectl, buf and compilers: colour per
// stream, progress only on a terminal, shell completion, location-first problem
// lines and CI formats, several inputs, int64 as numbers, explain on validate's
// paths. Terminal behaviour is checked under a real pseudo-terminal (util-linux
// `script`) when it is installed.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse, parseAllDocuments } from "yaml";
import { cliBin, repoRoot, runCli } from "./test/run-cli.js";

const job = (name: string, extra = "") => `apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesJob
metadata:
  name: ${name}
spec:
  namespace:
    value: batch-jobs
  image:
    repo: ghcr.io/acme/report
    tag: v1.2.0
${extra}`;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "planton-conventions-"));
}

function has(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escapes are what is looked for.
const ESC = /\u001b\[/;

/** Runs a shell command line under a pseudo-terminal (stdin, stdout and stderr are a terminal unless redirected). */
function inTerminal(commandLine: string, env: NodeJS.ProcessEnv = {}): string {
  const clean: NodeJS.ProcessEnv = { ...process.env, PLANTON_DEBUG: "", ...env };
  for (const k of ["NO_COLOR", "FORCE_COLOR", "NODE_DISABLE_COLORS"]) if (!(k in env)) delete clean[k];
  // The exit code is the command's (-e); what matters here is what the terminal shows.
  const r = spawnSync("script", ["-qec", commandLine, "/dev/null"], {
    encoding: "utf8",
    env: { ...clean, TERM: "xterm-256color" },
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return r.stdout;
}

const sh = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;
const node = `${sh(process.execPath)} ${sh(cliBin)}`;

describe("colour is decided per stream", () => {
  const dir = tempDir();
  const bad = join(dir, "bad.yaml");
  writeFileSync(bad, job("Bad"));

  test("--color always colours a pipe; --color never keeps FORCE_COLOR out", () => {
    const always = runCli(["validate", "-f", bad, "--color", "always"]);
    assert.equal(always.code, 1);
    assert.match(always.stderr, ESC);
    const never = runCli(["validate", "-f", bad, "--color", "never"], { env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    assert.doesNotMatch(never.stderr, ESC);
  });

  test("piped without NO_COLOR: no escapes; FORCE_COLOR=1 forces them", () => {
    const piped = runCli(["validate", "-f", bad], { env: { NO_COLOR: "" } });
    assert.equal(piped.code, 1);
    assert.doesNotMatch(piped.stderr, ESC);
    const forced = runCli(["validate", "-f", bad], { env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    assert.match(forced.stderr, ESC);
  });

  test("on a terminal, stdout redirected to a file: problems are coloured, the file is not", {
    skip: has("script") ? false : "util-linux script is not installed",
  }, () => {
    const good = join(dir, "good.yaml");
    writeFileSync(good, job("good"));
    const out = join(dir, "out.txt");
    const terminal = inTerminal(`${node} validate -f ${sh(bad)} -f ${sh(good)} > ${sh(out)}`);
    assert.match(terminal, ESC, "stderr is a terminal: coloured");
    assert.match(terminal, /bad\.yaml.*:4:9: .*metadata\.name: must be a lowercase/);
    const file = readFileSync(out, "utf8");
    assert.equal(file, `valid: ${good} (KubernetesJob good)\n`, "no escapes in the file");
    const noColor = inTerminal(`${node} validate -f ${sh(bad)}`, { NO_COLOR: "1" });
    assert.doesNotMatch(noColor, ESC, "NO_COLOR on a terminal");
  });
});

describe("progress", () => {
  const manifest = join(repoRoot(), "examples/kubernetes-job.yaml");

  test("render draws spinner frames on a terminal, then prints the objects", {
    skip: has("script") ? false : "util-linux script is not installed",
  }, () => {
    const out = inTerminal(`${node} render -f ${sh(manifest)} -o name`, { NO_COLOR: "1" });
    assert.match(out, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] (reading|validating|loading|rendering)/, out);
    assert.match(out, /job\.batch\/data-migration/);
  });

  test("piped: no progress at all", () => {
    const r = runCli(["render", "-f", manifest, "-o", "name"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.doesNotMatch(r.stdout, /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/);
  });
});

describe("shell completion", () => {
  const dir = tempDir();
  const script = join(dir, "planton.bash");
  writeFileSync(script, runCli(["completion", "bash"]).stdout);

  /** What bash completes for the words typed so far (the last one being completed). */
  function complete(...words: string[]): string[] {
    const line = words.map(sh).join(" ");
    const out = execFileSync(
      "bash",
      [
        "--norc",
        "-c",
        `source ${sh(script)}; COMP_WORDS=(${line}); COMP_CWORD=${words.length - 1}; _planton; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { encoding: "utf8", cwd: dir },
    );
    return out.split("\n").filter((l) => l !== "");
  }

  test("commands, flags, -o values, kinds, pulumi operations and files", () => {
    assert.deepEqual(complete("planton", "va"), ["validate"]);
    assert.deepEqual(complete("planton", "validate", "--fi"), ["--file"]);
    assert.deepEqual(complete("planton", "validate", "-o", ""), ["text", "json", "yaml", "name"]);
    assert.deepEqual(complete("planton", "render", "--output", "j"), ["json"]);
    assert.deepEqual(complete("planton", "validate", "--error-format", "g"), ["github-actions"]);
    assert.deepEqual(complete("planton", "explain", "Kub"), ["KubernetesJob"]);
    assert.deepEqual(complete("planton", "init", ""), [
      "AltinityOperatorKubernetes",
      "KubernetesJob",
      "StackJobRunnerKubernetes",
    ]);
    assert.deepEqual(complete("project-planton", "schema", "S"), ["StackJobRunnerKubernetes"]);
    assert.deepEqual(complete("planton", "pulumi", "p"), ["preview"]);
    assert.deepEqual(complete("planton", "completion", ""), ["bash", "zsh", "fish"]);
    writeFileSync(join(dir, "job.yaml"), job("x"));
    assert.deepEqual(complete("planton", "validate", "-f", "jo"), ["job.yaml"]);
    assert.ok(complete("planton", "pulumi", "--").includes("--write-status"));
  });

  test("every command and flag of the table is in each script", () => {
    const top = runCli(["--help"]).stdout;
    const commands = [...top.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1] as string);
    for (const shell of ["bash", "zsh", "fish"]) {
      const text = runCli(["completion", shell]).stdout;
      for (const c of commands) assert.match(text, new RegExp(`\\b${c}\\b`), `${shell}: ${c}`);
      for (const flag of ["write-status", "show-secrets", "provider-config", "error-format", "recursive"])
        assert.ok(text.includes(flag), `${shell}: --${flag}`);
    }
  });

  for (const shell of ["zsh", "fish"]) {
    test(`${shell} parses its script`, { skip: has(shell) ? false : `${shell} is not installed` }, () => {
      const file = join(dir, `planton.${shell}`);
      writeFileSync(file, runCli(["completion", shell]).stdout);
      execFileSync(shell, ["-n", file]);
    });
  }

  test("an unknown shell is a usage error with a suggestion", () => {
    const r = runCli(["completion", "bsh"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown shell "bsh"; did you mean "bash"\?/);
  });
});

describe("problem lines and --error-format", () => {
  const dir = tempDir();
  const bad = join(dir, "bad,job.yaml");
  writeFileSync(bad, job("Bad", "  restartPolicy: Always\n"));

  test("text: FILE:LINE:COL: PATH: MESSAGE, the location first", () => {
    const r = runCli(["validate", "-f", bad]);
    assert.equal(r.code, 1);
    const lines = r.stderr.trimEnd().split("\n");
    assert.equal(lines[0], `${bad}:4:9: metadata.name: ${lines[0]?.split("metadata.name: ")[1]}`);
    assert.equal(lines[1], `${bad}:11:18: spec.restartPolicy: must be in list [OnFailure, Never]`);
    assert.equal(lines[2], "2 problems");
  });

  test("github-actions: ::error annotations with escaped properties", () => {
    const r = runCli(["validate", "-f", bad, "--error-format", "github-actions"]);
    assert.equal(r.code, 1);
    const file = bad.replaceAll(",", "%2C").replaceAll(":", "%3A");
    assert.ok(
      r.stderr
        .split("\n")
        .includes(
          `::error file=${file},line=11,col=18,title=spec.restartPolicy::spec.restartPolicy: must be in list [OnFailure, Never]`,
        ),
      r.stderr,
    );
  });

  test("json: one object per line; usage errors too", () => {
    const r = runCli(["validate", "-f", bad, "--error-format", "json"]);
    const objects = r.stderr
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    assert.deepEqual(objects[1], {
      severity: "error",
      file: bad,
      line: 11,
      column: 18,
      path: "spec.restartPolicy",
      message: "must be in list [OnFailure, Never]",
      rule: "string.in",
    });
    const usage = runCli(["validate", "--error-format", "json", "--fil", "x"]);
    assert.equal(usage.code, 2);
    assert.deepEqual(JSON.parse(usage.stderr), {
      severity: "error",
      message: 'unknown flag --fil for "validate"; did you mean "file"?',
    });
  });
});

describe("several inputs", () => {
  const dir = tempDir();
  mkdirSync(join(dir, "sub"));
  writeFileSync(join(dir, "b.yaml"), job("b"));
  writeFileSync(join(dir, "a.yml"), job("a"));
  writeFileSync(join(dir, "notes.txt"), "not a manifest");
  writeFileSync(join(dir, "sub", "c.json"), JSON.stringify(parse(job("c"))));
  const stream = join(dir, "stream.yaml");
  writeFileSync(join(tmpdir(), "unused"), "");
  const streamText = `${job("first")}---\n${job("Second")}---\n${job("third")}`;

  test("a directory: its manifests in name order; -R adds subdirectories", () => {
    const r = runCli(["validate", "-f", dir, "-o", "name"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "KubernetesJob/a\nKubernetesJob/b\n");
    const deep = runCli(["validate", "-f", dir, "-R", "-o", "name"]);
    assert.equal(deep.stdout, "KubernetesJob/a\nKubernetesJob/b\nKubernetesJob/c\n");
  });

  test("a stream: each document on its own, problems at the file's own lines, exit 1 if any failed", () => {
    const s = join(tempDir(), "stream.yaml");
    writeFileSync(s, streamText);
    const r = runCli(["validate", "-f", s]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stdout,
      `valid: ${s} (document 1: KubernetesJob first)\nvalid: ${s} (document 3: KubernetesJob third)\n`,
    );
    assert.match(r.stderr, new RegExp(`^${s.replace(/[.]/g, "\\.")}:15:9: metadata\\.name: must be`));
    const json = JSON.parse(runCli(["validate", "-f", s, "-o", "json"]).stdout);
    assert.equal(json.valid, false);
    assert.deepEqual(
      json.results.map((x: { document: number; valid: boolean }) => [x.document, x.valid]),
      [
        [1, true],
        [2, false],
        [3, true],
      ],
    );
    assert.equal(json.results[1].violations[0].line, 15);
  });

  test("repeated -f: load-manifest prints a YAML stream, render every object", () => {
    const a = join(dir, "a.yml");
    const b = join(dir, "b.yaml");
    const r = runCli(["load-manifest", "-f", a, "--manifest", b]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      parseAllDocuments(r.stdout).map((d) => d.toJS().metadata.name),
      ["a", "b"],
    );
    const json = JSON.parse(runCli(["load-manifest", "-f", a, "-f", b, "-o", "json"]).stdout);
    assert.equal(json.length, 2);
    const names = runCli(["render", "-f", a, "-f", b, "-o", "name"]);
    assert.equal(names.code, 0, names.stderr);
    assert.equal(names.stdout.split("\n").filter((l) => l.startsWith("job.batch/")).length, 2);
  });

  test("pulumi and outputs refuse several manifests with a clear message", () => {
    const r = runCli(["pulumi", "preview", "-f", join(dir, "a.yml"), "-f", join(dir, "b.yaml")]);
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /--file\/-f is given more than once; give it once \("pulumi" works on one manifest at a time/,
    );
    const dir2 = runCli(["pulumi", "preview", "-f", dir]);
    assert.equal(dir2.code, 2);
    assert.match(dir2.stderr, /planton pulumi preview works on one manifest at a time; -f names 2 files/);
    writeFileSync(stream, streamText);
    const o = runCli(["outputs", "-f", stream]);
    assert.equal(o.code, 2);
    assert.match(o.stderr, /holds 3 \(put each in its own file\)/);
  });

  test("a directory without manifests is a usage error", () => {
    const empty = tempDir();
    const r = runCli(["validate", "-f", empty]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no manifests \(\*\.yaml, \*\.yml, \*\.json\) in .* \(-R reads subdirectories\)/);
  });
});

describe("int64 fields print as written", () => {
  const withDeadline = job("deadline", "  activeDeadlineSeconds: 3600\n");

  test("load-manifest and stack-input print numbers, and the printed manifest loads back the same", () => {
    const yaml = runCli(["load-manifest", "-f", "-", "--show-secrets"], { input: withDeadline });
    assert.equal(yaml.code, 0, yaml.stderr);
    assert.match(yaml.stdout, /^ {2}activeDeadlineSeconds: 3600$/m);
    const json = runCli(["load-manifest", "-f", "-", "-o", "json"], { input: withDeadline });
    assert.equal(JSON.parse(json.stdout).spec.activeDeadlineSeconds, 3600);
    const again = runCli(["load-manifest", "-f", "-", "--show-secrets"], { input: yaml.stdout });
    assert.equal(again.stdout, yaml.stdout, "round trip");
    const si = runCli(["stack-input", "-f", "-", "-o", "json"], { input: withDeadline });
    assert.equal(JSON.parse(si.stdout).target.spec.activeDeadlineSeconds, 3600);
  });

  test("beyond 2^53 a value stays quoted (exact); other fields are left alone", async () => {
    const { findKind } = await import("@planton/sdk");
    const { int64AsNumbers } = await import("./print.js");
    const kind = findKind("KubernetesJob");
    assert.ok(kind);
    const json = {
      spec: { activeDeadlineSeconds: "9007199254740993", backoffLimit: 3, image: { tag: "123" } },
      metadata: { labels: { n: "42" } },
    };
    assert.deepEqual(int64AsNumbers(kind.schema, structuredClone(json)), json);
    const small = { spec: { activeDeadlineSeconds: "-3600" } };
    assert.deepEqual(int64AsNumbers(kind.schema, small), { spec: { activeDeadlineSeconds: -3600 } });
  });
});

describe("explain", () => {
  const paths = [
    "spec.volumeMounts[0].configMap.defaultMode",
    "spec.env.variables.FOO",
    "spec.env.variables.FOO.value",
    'metadata.labels["app.kubernetes.io/name"]',
    "spec.backoff_limit",
    "spec.active_deadline_seconds",
  ];
  for (const p of paths) {
    test(`accepts ${p} with and without the kind`, () => {
      const withKind = runCli(["explain", `KubernetesJob.${p}`]);
      assert.equal(withKind.code, 0, withKind.stderr);
      const bare = runCli(["explain", p, "--kind", "KubernetesJob"]);
      assert.equal(bare.code, 0, bare.stderr);
      assert.equal(bare.stdout, withKind.stdout);
    });
  }

  test("the paths validate prints are the paths explain takes", () => {
    const bad = job(
      "x",
      "  volumeMounts:\n    - name: v\n      mountPath: /v\n      configMap:\n        name: c\n        key: k\n        path: p\n        defaultMode: 99999\n",
    );
    const v = JSON.parse(runCli(["validate", "-f", "-", "-o", "json"], { input: bad }).stdout);
    const located = v.violations.filter((x: { path: string }) => x.path.startsWith("spec."));
    assert.ok(located.length > 0, JSON.stringify(v));
    for (const x of located) {
      const r = runCli(["explain", x.path, "--kind", "KubernetesJob"]);
      assert.equal(r.code, 0, `${x.path}: ${r.stderr}`);
    }
  });

  test("a path only one kind has needs no kind; a shared one asks for it", () => {
    const r = runCli(["explain", "spec.backoffLimit"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^KIND: +KubernetesJob$/m);
    const shared = runCli(["explain", "spec.namespace"]);
    assert.equal(shared.code, 2);
    assert.match(shared.stderr, /name the kind/);
  });

  test("--recursive prints the field tree, nested", () => {
    const r = runCli(["explain", "KubernetesJob.spec", "--recursive"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ {2}volumeMounts\t<\[\]VolumeMount>$/m);
    assert.match(r.stdout, /^ {4}configMap\t<[A-Za-z]+>$/m);
    assert.match(r.stdout, /^ {6}defaultMode\t<integer[^>]*>$/m);
    const json = JSON.parse(runCli(["explain", "KubernetesJob.spec", "--recursive", "-o", "json"]).stdout);
    const mounts = json.fields.find((f: { name: string }) => f.name === "volumeMounts");
    assert.ok(mounts.fields.some((f: { name: string }) => f.name === "configMap"));
  });
});

describe("flags", () => {
  test("every form of a flag still works: -f x, --file=x, -fx, -f=x, --manifest x, --yes=false", () => {
    const path = join(tempDir(), "job.yaml");
    writeFileSync(path, job("flags"));
    for (const args of [["-f", path], [`--file=${path}`], [`-f${path}`], [`-f=${path}`], ["--manifest", path]]) {
      const r = runCli(["validate", ...args]);
      assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
    }
  });

  test("a single-valued flag given twice, a boolean with a value, a missing value: usage errors", () => {
    const twice = runCli(["validate", "-f", "-", "-o", "json", "-o", "text"]);
    assert.equal(twice.code, 2);
    assert.match(twice.stderr, /--output\/-o is given more than once/);
    const boolean = runCli(["render", "-f", "-", "--show-secrets=yes"]);
    assert.match(boolean.stderr, /--show-secrets takes no value \(or =true\/=false\), got "yes"/);
    const missing = runCli(["validate", "-f"]);
    assert.match(missing.stderr, /--file needs a value \(FILE\)/);
    const choice = runCli(["validate", "-f", "-", "--color", "sometimes"]);
    assert.match(choice.stderr, /--color must be one of auto, always, never, got "sometimes"/);
  });

  test("--help lists the global flags and examples", () => {
    const r = runCli(["render", "--help"]);
    assert.match(r.stdout, /Global flags:\n.*--color WHEN/);
    assert.match(r.stdout, /--error-format FORMAT/);
    assert.match(r.stdout, /Examples:/);
  });
});
