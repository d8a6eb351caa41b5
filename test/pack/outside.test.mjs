// The packages as a user gets them: packed by the release script (scripts/pack.mjs),
// installed with npm into projects outside the workspace, and used in each role:
//   - validate only: @planton/cli alone (no Pulumi), `planton validate`;
//   - types: a TypeScript program importing @planton/gen, type-checked;
//   - Pulumi component: a program building a KubernetesJob component, with one
//     copy of @pulumi/pulumi, type-checked and run under Pulumi's mocks; the CLI's
//     `render` through the installed module package.
// Third-party dependencies come from the npm registry (npm's cache makes later runs
// fast); ours only from the tarballs. Prints the install sizes.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, globSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { packAll } from "../../scripts/pack.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const scratch = mkdtempSync(join(tmpdir(), "planton-outside-"));
const npmCache =
  process.env.PLANTON_NPM_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "planton", "npm");
/** npm bundled with the Node.js running the tests, else the machine's `npm` (run by that Node.js). */
const bundledNpm = join(dirname(process.execPath), "..", "lib", "node_modules", "npm", "bin", "npm-cli.js");
const npmCommand = existsSync(bundledNpm) ? [process.execPath, bundledNpm] : ["npm"];

let packs;
const tarball = (name) => {
  const p = packs.find((r) => r.name === name);
  assert.ok(p, `no tarball for ${name}`);
  return p.tarball;
};

function npm(args, cwd) {
  const [cmd, ...pre] = npmCommand;
  const r = spawnSync(cmd, [...pre, ...args], {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      npm_config_cache: npmCache,
      npm_config_fund: "false",
      npm_config_audit: "false",
      npm_config_update_notifier: "false",
    },
  });
  assert.ok(!r.error, `npm could not be run (${r.error?.message}): the packaging test needs npm on PATH`);
  assert.equal(r.status, 0, `npm ${args.join(" ")} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** A new outside project with `deps` installed (--ignore-scripts: @pulumi/kubernetes' script downloads its plugin). */
function project(name, deps) {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: `outside-${name}`, private: true, type: "module" }));
  npm(["install", "--ignore-scripts", "--no-package-lock", ...deps], dir);
  return dir;
}

function duBytes(dir) {
  return Number(execFileSync("du", ["-sb", dir], { encoding: "utf8" }).split("\t")[0]);
}

function run(cmd, args, cwd, input) {
  return spawnSync(cmd, args, { cwd, encoding: "utf8", input, env: { ...process.env, NO_COLOR: "1" } });
}

before(() => {
  packs = packAll(join(scratch, "packs"));
});

after(() => {
  if (process.env.PLANTON_KEEP_OUTSIDE !== "1") rmSync(scratch, { recursive: true, force: true });
});

describe("the packed packages", () => {
  test("every tarball passes the release checks", () => {
    assert.ok(packs.length >= 5, `packed ${packs.length} packages`);
    for (const p of packs) assert.deepEqual(p.problems, [], `${p.name}: ${p.problems.join("; ")}`);
  });
});

describe("installed outside the workspace with npm", { concurrency: false }, () => {
  const sizes = {};
  after(() => {
    for (const [role, bytes] of Object.entries(sizes)) {
      console.log(`# install size (${role}): ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
    }
  });

  test("validate only: @planton/cli without any Pulumi package", () => {
    const dir = project("validate", [tarball("@planton/cli"), tarball("@planton/sdk"), tarball("@planton/gen")]);
    sizes["validate only: @planton/cli"] = duBytes(join(dir, "node_modules"));
    assert.ok(!existsSync(join(dir, "node_modules", "@pulumi")), "no @pulumi package installed");
    const bin = join(dir, "node_modules", ".bin");
    const ok = run(join(bin, "planton"), ["validate", "-f", join(ROOT, "examples", "kubernetes-job.yaml")], dir);
    assert.equal(ok.status, 0, ok.stderr);
    const bad = run(join(bin, "project-planton"), ["validate", "-f", "-"], dir, "kind: KubernetesJob\nspec: {}\n");
    assert.equal(bad.status, 1, bad.stderr);
    assert.match(bad.stderr, /metadata/);
    const schema = run(join(bin, "planton"), ["schema"], dir);
    assert.equal(schema.status, 0, schema.stderr);
    assert.match(JSON.stringify(JSON.parse(schema.stdout)), /KubernetesJob/);
    // A command that needs a kind's module says which package to install.
    const render = run(join(bin, "planton"), ["render", "-f", join(ROOT, "examples", "kubernetes-job.yaml")], dir);
    assert.notEqual(render.status, 0);
    assert.match(render.stderr, /@planton\/kubernetes-job/);
    assert.doesNotMatch(render.stderr, /\n\s+at /, "no stack trace");
  });

  test("types and a Pulumi component: one @pulumi/pulumi, type-checked, run under mocks, rendered", () => {
    const ours = packs.map((p) => p.tarball);
    const catalog = readFileSync(join(ROOT, "pnpm-workspace.yaml"), "utf8");
    const pin = (name) => {
      const m = new RegExp(`^\\s+"?${name.replace("/", "\\/")}"?:\\s*(\\S+)`, "m").exec(catalog);
      assert.ok(m, `${name} is not in the pnpm catalog`);
      return `${name}@${m[1]}`;
    };
    const dir = project("full", [
      ...ours,
      pin("typescript"),
      pin("@types/node"),
      pin("@pulumi/pulumi"),
      pin("@pulumi/kubernetes"),
    ]);
    sizes["everything, with Pulumi"] = duBytes(join(dir, "node_modules"));
    const copies = globSync("**/node_modules/@pulumi/pulumi/package.json", { cwd: dir });
    assert.deepEqual(copies, ["node_modules/@pulumi/pulumi/package.json"], "exactly one copy of @pulumi/pulumi");

    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2023",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          types: ["node"],
          outDir: "out",
          skipLibCheck: false,
        },
        include: ["*.ts"],
      }),
    );
    writeFileSync(
      join(dir, "types.ts"),
      [
        'import { create, toBinary, fromBinary } from "@bufbuild/protobuf";',
        'import { KubernetesJobSchema, type KubernetesJob } from "@planton/gen";',
        'import { KubernetesJobSpecSchema } from "@planton/gen/org/project_planton/provider/kubernetes/kubernetesjob/v1/spec_pb.js";',
        "const job: KubernetesJob = create(KubernetesJobSchema, {",
        '  apiVersion: "kubernetes.project-planton.org/v1",',
        '  kind: "KubernetesJob",',
        '  metadata: { name: "outside" },',
        '  spec: create(KubernetesJobSpecSchema, { image: { repo: "busybox", tag: "1.36" } }),',
        "});",
        "const back = fromBinary(KubernetesJobSchema, toBinary(KubernetesJobSchema, job));",
        "console.log(JSON.stringify({ name: back.metadata?.name, repo: back.spec?.image?.repo }));",
        "",
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "program.ts"),
      [
        'import * as pulumi from "@pulumi/pulumi";',
        'import { KubernetesJob } from "@planton/kubernetes-job";',
        "",
        "const registered: string[] = [];",
        "await pulumi.runtime.setMocks(",
        "  {",
        "    newResource: (args) => {",
        "      registered.push(`${args.type}::${args.name}`);",
        "      return { id: `${args.name}-id`, state: args.inputs };",
        "    },",
        "    call: (args) => args.inputs,",
        "  },",
        '  "outside",',
        '  "dev",',
        "  false,",
        ");",
        'const job = new KubernetesJob("report", {',
        "  target: {",
        '    metadata: { name: "report" },',
        "    spec: {",
        '      namespace: "batch",',
        "      // Another resource's output or a config value, as a user's program passes them.",
        '      image: { repo: "busybox", tag: pulumi.output("1.36") },',
        '      command: ["sh", "-c", "echo hi"],',
        "    },",
        "  },",
        "});",
        "const name = await new Promise<string>((resolve) => job.jobName.apply((n) => resolve(n)));",
        "await new Promise((r) => setTimeout(r, 200));",
        "console.log(JSON.stringify({ name, registered: registered.sort() }));",
        "",
      ].join("\n"),
    );
    const tsc = run(process.execPath, [join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", "."], dir);
    assert.equal(tsc.status, 0, `tsc failed:\n${tsc.stdout}${tsc.stderr}`);

    const types = run(process.execPath, [join(dir, "out", "types.js")], dir);
    assert.equal(types.status, 0, types.stderr);
    assert.deepEqual(JSON.parse(types.stdout), { name: "outside", repo: "busybox" });

    const program = run(process.execPath, [join(dir, "out", "program.js")], dir);
    assert.equal(program.status, 0, program.stderr);
    const result = JSON.parse(program.stdout.trim().split("\n").at(-1));
    assert.equal(result.name, "report");
    assert.ok(result.registered.includes("kubernetes:batch/v1:Job::report-job"), result.registered.join(", "));

    const render = run(
      join(dir, "node_modules", ".bin", "planton"),
      ["render", "-f", join(ROOT, "examples", "kubernetes-job.yaml"), "-o", "json"],
      dir,
    );
    assert.equal(render.status, 0, render.stderr);
    assert.ok(statSync(join(dir, "node_modules", "@planton", "kubernetes-job", "Pulumi.yaml")).isFile());
    assert.match(render.stdout, /"kind": ?"Job"/);
  });
});
