// Entry of protoc-gen-planton, run by buf (buf.gen.yaml) with Node, which strips
// the TypeScript types.
import { runNodeJs } from "@bufbuild/protoplugin";
import { plantonPlugin } from "./plugin.ts";

runNodeJs(plantonPlugin);
