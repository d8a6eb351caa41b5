#!/usr/bin/env node
// planton / project-planton: see `planton --help`.
import module from "node:module";

// Cache compiled code between runs (Node >= 22.1): later starts skip most of the
// parsing of the SDK, protovalidate and protobuf-es. NODE_COMPILE_CACHE chooses
// the directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
module.enableCompileCache?.();
const { main } = await import("../dist/main.js");

process.exitCode = await main(process.argv.slice(2));
