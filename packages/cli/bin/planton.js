#!/usr/bin/env node
// planton / project-planton: see `planton --help`.
import { main } from "../dist/main.js";

process.exitCode = await main(process.argv.slice(2));
