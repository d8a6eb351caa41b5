#!/usr/bin/env node
// Release packing: `pnpm pack` for every public package of the workspace (pnpm
// turns `workspace:*` and `catalog:` into the versions they stand for), then a
// check of each tarball before anything is published:
//   - no `workspace:`/`catalog:`/`link:`/`file:` specifier left in package.json;
//   - no compiled tests, test helpers or build info;
//   - LICENSE, README.md and package.json present, every `bin` and `exports`
//     target present;
//   - every source map's sources inside the tarball.
//
//   node scripts/pack.mjs [--out DIR] [--json]
//
// Writes the tarballs to DIR (default .packs/) and prints one line per package
// (name, tarball, size, files), or JSON with --json. Exits 1 listing every
// problem when a tarball fails a check. Needs a built workspace (pnpm build).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The workspace's public packages: gen and packages/*, minus `"private": true`. */
export function publicPackages() {
  const dirs = ["gen", ...readdirSync(join(ROOT, "packages")).map((d) => join("packages", d))];
  return dirs
    .filter((d) => existsSync(join(ROOT, d, "package.json")))
    .map((d) => ({ dir: join(ROOT, d), manifest: JSON.parse(readFileSync(join(ROOT, d, "package.json"), "utf8")) }))
    .filter((p) => p.manifest.private !== true);
}

const DEP_FIELDS = ["dependencies", "peerDependencies", "optionalDependencies"];
const LOCAL_SPEC = /^(workspace|catalog|link|file):/;
const TEST_FILE = /(^|\/)([^/]*\.test\.[cm]?[jt]s(\.map)?|[^/]*\.test\.d\.ts(\.map)?|testing\/|[^/]*\.tsbuildinfo$)/;

/** Problems of one unpacked tarball (`files`: paths relative to package/). */
export function checkTarball(manifest, files, read) {
  const problems = [];
  const has = new Set(files);
  for (const field of DEP_FIELDS) {
    for (const [name, spec] of Object.entries(manifest[field] ?? {})) {
      if (LOCAL_SPEC.test(String(spec))) problems.push(`${field}.${name} is "${spec}" (not installable)`);
    }
  }
  for (const f of files) if (TEST_FILE.test(f)) problems.push(`ships test code or build info: ${f}`);
  for (const f of ["package.json", "LICENSE", "README.md"]) if (!has.has(f)) problems.push(`missing ${f}`);
  const bins = typeof manifest.bin === "string" ? [manifest.bin] : Object.values(manifest.bin ?? {});
  for (const b of bins) if (!has.has(posix.normalize(b))) problems.push(`bin ${b} is not in the tarball`);
  for (const target of exportTargets(manifest.exports)) {
    if (target.includes("*")) {
      const [pre, post] = target.split("*");
      const p = posix.normalize(pre);
      if (!files.some((f) => f.startsWith(p) && f.endsWith(post ?? ""))) problems.push(`exports ${target}: no file`);
    } else if (!has.has(posix.normalize(target))) problems.push(`exports ${target} is not in the tarball`);
  }
  for (const f of files) {
    if (!f.endsWith(".map")) continue;
    const map = JSON.parse(read(f));
    for (const s of map.sources ?? []) {
      const src = posix.normalize(posix.join(posix.dirname(f), map.sourceRoot ?? "", s));
      if (!has.has(src)) problems.push(`${f} points at ${src}, which is not shipped`);
    }
  }
  return problems;
}

function exportTargets(exports) {
  if (exports === undefined) return [];
  if (typeof exports === "string") return [exports];
  return Object.values(exports).flatMap((v) => exportTargets(v));
}

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

/** Packs every public package into `out`; returns [{name, version, tarball, bytes, files, problems}]. */
export function packAll(out) {
  mkdirSync(out, { recursive: true });
  const results = [];
  for (const pkg of publicPackages()) {
    const { filename: tarball } = JSON.parse(run("pnpm", ["pack", "--pack-destination", out, "--json"], pkg.dir));
    const unpacked = join(tmpdir(), `planton-pack-${process.pid}-${results.length}`);
    rmSync(unpacked, { recursive: true, force: true });
    mkdirSync(unpacked, { recursive: true });
    try {
      run("tar", ["-xzf", tarball, "-C", unpacked]);
      const base = join(unpacked, "package");
      const files = listFiles(base).map((f) => relative(base, f).split("\\").join("/"));
      const manifest = JSON.parse(readFileSync(join(base, "package.json"), "utf8"));
      const problems = checkTarball(manifest, files, (f) => readFileSync(join(base, f), "utf8"));
      results.push({
        name: manifest.name,
        version: manifest.version,
        tarball,
        bytes: statSync(tarball).size,
        files: files.length,
        problems,
      });
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
  }
  return results;
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)],
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: "string" }, json: { type: "boolean" } } });
  const out = resolve(values.out ?? join(ROOT, ".packs"));
  const results = packAll(out);
  if (values.json) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  else {
    for (const r of results) {
      const kib = (r.bytes / 1024).toFixed(0).padStart(6);
      process.stdout.write(`${r.name.padEnd(40)} ${kib} KiB ${String(r.files).padStart(5)} files  ${r.tarball}\n`);
    }
  }
  const bad = results.filter((r) => r.problems.length > 0);
  for (const r of bad) for (const p of r.problems) process.stderr.write(`error: ${r.name}: ${p}\n`);
  process.exitCode = bad.length > 0 ? 1 : 0;
}
