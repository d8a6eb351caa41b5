// spec.volumeMounts → the container's volumeMounts and the pod's volumes. Each
// entry declares its own volume, named like the mount.

import type { KeyToPath, VolumeMount } from "@planton/gen/org/project_planton/provider/kubernetes/volume_mount_pb.js";
import type * as k8s from "@pulumi/kubernetes";

type V1Volume = k8s.types.input.core.v1.Volume;
type V1VolumeMount = k8s.types.input.core.v1.VolumeMount;

export interface PodVolumes {
  volumeMounts: V1VolumeMount[];
  volumes: V1Volume[];
}

function items(list: KeyToPath[]): { items?: { key: string; path: string }[] } {
  return list.length > 0 ? { items: list.map((i) => ({ key: i.key, path: i.path })) } : {};
}

function mode(defaultMode: number | undefined): { defaultMode?: number } {
  return defaultMode !== undefined ? { defaultMode } : {};
}

function volume(m: VolumeMount): V1Volume {
  const s = m.source;
  switch (s.case) {
    case "configMap":
      return { name: m.name, configMap: { name: s.value.name, ...items(s.value.items), ...mode(s.value.defaultMode) } };
    case "secret":
      return {
        name: m.name,
        secret: { secretName: s.value.secretName, ...items(s.value.items), ...mode(s.value.defaultMode) },
      };
    case "hostPath":
      return { name: m.name, hostPath: { path: s.value.path, ...(s.value.type !== "" ? { type: s.value.type } : {}) } };
    case "emptyDir":
      return {
        name: m.name,
        emptyDir: {
          ...(s.value.medium !== "" ? { medium: s.value.medium } : {}),
          ...(s.value.sizeLimit !== "" ? { sizeLimit: s.value.sizeLimit } : {}),
        },
      };
    case "pvc":
      return {
        name: m.name,
        persistentVolumeClaim: { claimName: s.value.claimName, ...(s.value.readOnly ? { readOnly: true } : {}) },
      };
    default:
      // Validation requires exactly one source; reaching here is a bug.
      throw new Error(`volume mount ${m.name} has no source`);
  }
}

export function podVolumes(mounts: VolumeMount[]): PodVolumes {
  return {
    volumeMounts: mounts.map((m) => ({
      name: m.name,
      mountPath: m.mountPath,
      ...(m.readOnly ? { readOnly: true } : {}),
      ...(m.subPath !== "" ? { subPath: m.subPath } : {}),
    })),
    volumes: mounts.map(volume),
  };
}
