// Container images and resources from the shared schema messages to the
// Kubernetes shapes.

import type {
  ContainerImage,
  ContainerResources,
  CpuMemory,
} from "@planton/gen/org/project_planton/provider/kubernetes/container_pb.js";
import { compact } from "@planton/sdk";
import type * as k8s from "@pulumi/kubernetes";

/** `repo:tag`; "latest" when the tag is empty, nothing added when the repo pins a digest. */
export function imageReference(image: ContainerImage): string {
  if (image.tag !== "") return `${image.repo}:${image.tag}`;
  return image.repo.includes("@") ? image.repo : `${image.repo}:latest`;
}

function cpuMemory(v: CpuMemory | undefined): Record<string, string> | undefined {
  if (!v) return undefined;
  const out: Record<string, string> = {};
  if (v.cpu !== "") out.cpu = v.cpu;
  if (v.memory !== "") out.memory = v.memory;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Limits and requests with the empty quantities left out. */
export function containerResources(r: ContainerResources | undefined): k8s.types.input.core.v1.ResourceRequirements {
  const limits = cpuMemory(r?.limits);
  const requests = cpuMemory(r?.requests);
  return compact({ limits, requests });
}
