#!/usr/bin/env node
// planton / project-planton: see `planton --help`.
import { existsSync } from "node:fs";
import module from "node:module";

// Cache compiled code between runs (Node >= 22.1): later starts skip most of the
// parsing of the SDK and protobuf-es. NODE_COMPILE_CACHE chooses the directory;
// NODE_DISABLE_COMPILE_CACHE=1 turns it off.
module.enableCompileCache?.();
const argv = process.argv.slice(2);
// The bundle (scripts/bundle.mjs, written by the build) holds the CLI, the SDK and
// the generated code in one file. `render` runs the kinds' Pulumi modules in this
// process, which import the SDK as packages: it takes the unbundled entry so that
// there is one copy of the SDK and protobuf-es.
const bundle = new URL("../dist/planton.bundle.mjs", import.meta.url);
const entry = !argv.includes("render") && existsSync(bundle) ? bundle.href : "../dist/main.js";
const { main } = await import(entry);

process.exitCode = await main(argv);
