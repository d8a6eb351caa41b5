// A workload's spec.volumeMounts → the container's volumeMounts and the pod's
// volumes. Each entry declares its own volume, named like the mount.

import type { KeyToPath, VolumeMount } from "@planton/gen/org/project_planton/provider/kubernetes/volume_mount_pb.js";
import { compact } from "@planton/sdk";
import type * as k8s from "@pulumi/kubernetes";

type V1Volume = k8s.types.input.core.v1.Volume;
type V1VolumeMount = k8s.types.input.core.v1.VolumeMount;

export interface PodVolumes {
  volumeMounts: V1VolumeMount[];
  volumes: V1Volume[];
}

/**
 * The items of a ConfigMap or Secret volume: upstream's one `key` (as `path`, or
 * as a file named like the key), or Planton's `items`; every key when neither.
 * `path` without `key` is ignored, as upstream ignores it.
 */
function items(source: { key: string; path: string; items: KeyToPath[] }): { items?: { key: string; path: string }[] } {
  if (source.key !== "") return { items: [{ key: source.key, path: source.path !== "" ? source.path : source.key }] };
  return source.items.length > 0 ? { items: source.items.map((i) => ({ key: i.key, path: i.path })) } : {};
}

/** 0 is "not set" (the field has no presence, as upstream's): Kubernetes' default 0644. */
function mode(defaultMode: number): { defaultMode?: number } {
  return defaultMode > 0 ? { defaultMode } : {};
}

/**
 * The volume of a mount. Validation requires exactly one source; the order below
 * is upstream's, should a caller skip validation.
 */
function volume(m: VolumeMount): V1Volume {
  if (m.configMap) {
    const s = m.configMap;
    return { name: m.name, configMap: { name: s.name, ...items(s), ...mode(s.defaultMode) } };
  }
  if (m.secret) {
    const s = m.secret;
    return { name: m.name, secret: { secretName: s.name, ...items(s), ...mode(s.defaultMode) } };
  }
  if (m.hostPath) {
    const s = m.hostPath;
    return { name: m.name, hostPath: compact({ path: s.path, type: s.type || undefined }) };
  }
  if (m.emptyDir) {
    const s = m.emptyDir;
    return {
      name: m.name,
      emptyDir: compact({ medium: s.medium || undefined, sizeLimit: s.sizeLimit || undefined }),
    };
  }
  if (m.pvc) {
    const s = m.pvc;
    return {
      name: m.name,
      persistentVolumeClaim: compact({ claimName: s.claimName, readOnly: s.readOnly || undefined }),
    };
  }
  throw new Error(`volume mount ${m.name} has no source`);
}

export function podVolumes(mounts: VolumeMount[]): PodVolumes {
  return {
    volumeMounts: mounts.map((m) =>
      compact({
        name: m.name,
        mountPath: m.mountPath,
        readOnly: m.readOnly || undefined,
        subPath: m.subPath || undefined,
      }),
    ),
    volumes: mounts.map(volume),
  };
}
