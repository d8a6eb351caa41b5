#!/usr/bin/env node
// Creates the Kubernetes objects of a manifest on the cluster named by
// KUBECONFIG, without Pulumi: renders them with `planton render` (the module
// under Pulumi's mocks), POSTs each in creation order, then reads them back and
// prints a short summary. `--delete` removes them again (reverse order, waiting
// until they are gone). Used to run the KubernetesJob example on the embedded
// local cluster of test/e2e/cluster/up.sh:
//
//   source test/e2e/toolchain/env.sh && PLANTON_E2E_DIR=$(mktemp -d) test/e2e/cluster/up.sh
//   source $PLANTON_E2E_DIR/env
//   node test/e2e/apply.mjs -f examples/kubernetes-job.yaml
//   node test/e2e/apply.mjs -f examples/kubernetes-job.yaml --delete
//   test/e2e/cluster/down.sh
//
// Objects that already exist are left as they are (this is not a three-way
// merge; use `planton pulumi up` for real deployments). A Helm release
// (helm.sh/v3 Release) is not a Kubernetes object and is skipped.
// Exit codes: 0 ok, 1 the manifest is invalid or the API server rejected an
// object, 2 usage or environment error.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { render } from "./helpers.mjs";
import { describeObject, isKubernetesObject, KubeClient, KubeError } from "./kube-client.mjs";

const USAGE = "usage: node test/e2e/apply.mjs -f MANIFEST [--delete] [--dry-run] [--kubeconfig FILE]";

function summary(obj) {
  const s = obj.spec ?? {};
  switch (obj.kind) {
    case "Namespace":
      return `phase ${obj.status?.phase}`;
    case "Secret":
      return `type ${obj.type}, keys [${Object.keys(obj.data ?? {}).join(", ")}]`;
    case "ConfigMap":
      return `keys [${Object.keys(obj.data ?? {}).join(", ")}]`;
    case "ServiceAccount":
      return `uid ${obj.metadata.uid}`;
    case "Service":
      return `${s.type} ${s.clusterIP}, ports ${(s.ports ?? []).map((p) => `${p.name ?? ""}:${p.port}->${p.targetPort}`).join(", ")}`;
    case "Role":
    case "ClusterRole":
      return `${(obj.rules ?? []).length} rules`;
    case "RoleBinding":
    case "ClusterRoleBinding":
      return `${obj.roleRef?.kind} ${obj.roleRef?.name} -> ${(obj.subjects ?? []).map((x) => `${x.kind} ${x.namespace ? `${x.namespace}/` : ""}${x.name}`).join(", ")}`;
    case "Deployment": {
      const c = s.template?.spec?.containers?.[0];
      return `replicas ${s.replicas}, image ${c?.image}, ready ${obj.status?.readyReplicas ?? 0}`;
    }
    case "Job": {
      const c = s.template?.spec?.containers?.[0];
      const st = obj.status ?? {};
      return `image ${c?.image}, completions ${s.completions}, parallelism ${s.parallelism}, backoffLimit ${s.backoffLimit}, status active ${st.active ?? 0} succeeded ${st.succeeded ?? 0} failed ${st.failed ?? 0}`;
    }
    default:
      return `uid ${obj.metadata?.uid}`;
  }
}

/** The Job's pods (the job controller creates them; without a kubelet they stay Pending). */
async function jobPods(client, job, waitMs) {
  const ns = encodeURIComponent(job.metadata.namespace ?? "default");
  const selector = `batch.kubernetes.io/job-name=${job.metadata.name}`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const list = await client.call("GET", `/api/v1/namespaces/${ns}/pods`, { query: { labelSelector: selector } });
    if (list.items.length > 0 || Date.now() > deadline || job.spec?.suspend) return list.items;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main(argv) {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        file: { type: "string", short: "f" },
        manifest: { type: "string" },
        delete: { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        kubeconfig: { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (e) {
    console.error(`error: ${e.message}\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  const file = args.file ?? args.manifest;
  if (!file) {
    console.error(`error: name a manifest with -f\n${USAGE}`);
    return 2;
  }
  let client;
  try {
    client = KubeClient.fromKubeconfig(args.kubeconfig ?? process.env.KUBECONFIG);
  } catch (e) {
    console.error(`error: ${e.message}`);
    return 2;
  }
  try {
    let objects;
    try {
      objects = await render(resolve(file));
    } catch (e) {
      console.error(e.result ? `${e.result.stderr}${e.result.stdout}`.trimEnd() : `error: ${e.message}`);
      return e.result?.code === 1 ? 1 : 2;
    }
    for (const o of objects.filter((x) => !isKubernetesObject(x))) {
      console.log(
        `skipped ${o.apiVersion} ${o.kind} ${o.namespace ? `${o.namespace}/` : ""}${o.name}: not a Kubernetes object (Helm needs the Pulumi provider)`,
      );
    }
    const kube = objects.filter(isKubernetesObject);
    const version = await client.version();
    console.log(`cluster ${client.server} (Kubernetes ${version.gitVersion}): ${kube.length} objects from ${file}`);

    if (args.delete) {
      for (const o of [...kube].reverse()) {
        const existed = await client.delete(o);
        console.log(`${existed ? "deleting" : "absent  "} ${describeObject(o)}`);
      }
      for (const o of [...kube].reverse()) await client.waitGone(o, 120_000);
      console.log("deleted");
      return 0;
    }

    let failed = 0;
    for (const o of kube) {
      try {
        await client.create(o, { dryRun: args["dry-run"] });
        console.log(`${args["dry-run"] ? "accepted (dry run)" : "created"} ${describeObject(o)}`);
      } catch (e) {
        if (!(e instanceof KubeError)) throw e;
        if (e.status === 409 && e.reason === "AlreadyExists") {
          console.log(`exists  ${describeObject(o)} (left as is)`);
          continue;
        }
        failed++;
        console.log(`REJECTED ${describeObject(o)}: ${e.status} ${e.reason ?? ""} ${e.serverMessage}`);
      }
    }
    if (!args["dry-run"]) {
      console.log("read back:");
      for (const o of kube) {
        const got = await client.get(o);
        if (!got) {
          console.log(`  ${describeObject(o)}: absent`);
          continue;
        }
        console.log(`  ${describeObject(o)}: ${summary(got)}`);
        if (o.kind === "Job") {
          for (const p of await jobPods(client, got, 10_000)) {
            const why =
              p.status?.phase === "Pending" && !p.spec?.nodeName
                ? " (not scheduled: the e2e cluster has no nodes)"
                : "";
            console.log(`    pod ${p.metadata.name}: ${p.status?.phase}${why}`);
          }
        }
      }
    }
    return failed > 0 ? 1 : 0;
  } catch (e) {
    console.error(`error: ${e.message}`);
    return 2;
  } finally {
    client.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
