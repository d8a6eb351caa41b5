// The StackJobRunnerKubernetes component: the in-cluster runner of stack jobs,
// with its ServiceAccount, RBAC, env Secret, Deployment and Service.
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { ContainerImageSchema } from "@planton/gen/org/project_planton/provider/kubernetes/container_pb.js";
import {
  type StackJobRunnerKubernetesStackInput,
  StackJobRunnerKubernetesStackInputSchema,
} from "@planton/gen/org/project_planton/provider/kubernetes/stackjobrunnerkubernetes/v1/stack_input_pb.js";
import { common } from "@planton/kubernetes-job";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { clusterRoleName, RUNNER_RULES } from "./rbac.js";

export const STACK_JOB_RUNNER_KUBERNETES_KIND = "StackJobRunnerKubernetes";

/** Pulumi type token of the component. */
export const STACK_JOB_RUNNER_KUBERNETES_TYPE = "planton:kubernetes:StackJobRunnerKubernetes";

/**
 * Arguments of the component: a StackJobRunnerKubernetesStackInput, as an init
 * shape (`{target, providerConfig?, kubernetesNamespace?}`) or a decoded
 * message. Defaults are applied and everything is validated before any
 * resource is created.
 */
export type StackJobRunnerKubernetesArgs = MessageInitShape<typeof StackJobRunnerKubernetesStackInputSchema>;

/** The stack outputs, named as in stack_outputs.proto. */
export interface StackJobRunnerKubernetesOutputs {
  namespace: pulumi.Output<string>;
  service: pulumi.Output<string>;
  port_forward_command: pulumi.Output<string>;
  kube_endpoint: pulumi.Output<string>;
  external_hostname: pulumi.Output<string>;
  internal_hostname: pulumi.Output<string>;
}

/**
 * The runner image when the spec names none (upstream's spec is empty, so an
 * upstream manifest never does); documented on spec.image.
 */
export const DEFAULT_RUNNER_IMAGE = create(ContainerImageSchema, {
  repo: "ghcr.io/project-planton/stack-job-runner",
  tag: "v0.1.0",
});

/** Name of the container port, used by the Service and the probes. */
const PORT_NAME = "http";

/**
 * The stack job runner deployed from a StackJobRunnerKubernetes manifest.
 *
 * Creates, as its children: a Provider, the Namespace (when
 * `spec.createNamespace`, default true), a ServiceAccount, a Role and
 * RoleBinding in the namespace (a ClusterRole and ClusterRoleBinding with
 * `spec.clusterWidePermissions`), the Secret `<name>-env-secrets` (literal
 * secret env values), a Deployment and a ClusterIP Service. The probes are TCP
 * checks of the port: the runner is only required to listen on it. Throws a
 * PlantonError, creating nothing, when the arguments are invalid.
 */
export class StackJobRunnerKubernetes extends pulumi.ComponentResource {
  /** Namespace of the runner. */
  declare readonly namespace: pulumi.Output<string>;
  /** Name of the runner's Service. */
  declare readonly service: pulumi.Output<string>;
  /** `kubectl port-forward -n <namespace> service/<service> <port>:<port>`. */
  declare readonly portForwardCommand: pulumi.Output<string>;
  /** `<service>.<namespace>.svc.cluster.local:<port>`. */
  declare readonly kubeEndpoint: pulumi.Output<string>;
  /** `<service>.<namespace>.svc.cluster.local`. */
  declare readonly internalHostname: pulumi.Output<string>;
  /** Empty: the runner is not exposed outside the cluster. */
  declare readonly externalHostname: pulumi.Output<string>;

  constructor(name: string, args: StackJobRunnerKubernetesArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const input = common.prepareStackInput(
      StackJobRunnerKubernetesStackInputSchema,
      args,
      STACK_JOB_RUNNER_KUBERNETES_KIND,
    );
    super(STACK_JOB_RUNNER_KUBERNETES_TYPE, name, {}, opts);

    const { metadata, spec } = input.target;
    const labels = common.resourceLabels(metadata, STACK_JOB_RUNNER_KUBERNETES_KIND);
    const selector = common.selectorLabels(metadata, STACK_JOB_RUNNER_KUBERNETES_KIND);
    const ns = common.resolveNamespace(input.kubernetesNamespace, spec.namespace);
    const port = spec.port ?? 8080;
    const image = spec.image ?? DEFAULT_RUNNER_IMAGE;
    const provider = common.createProvider(`${name}-provider`, input.providerConfig, this, opts);
    const withProvider = provider ? { provider } : {};

    const namespace =
      spec.createNamespace !== false
        ? common.createNamespace({ resourceName: `${name}-namespace`, namespace: ns, labels, parent: this, provider })
        : undefined;
    const nsDeps: pulumi.Resource[] = namespace ? [namespace] : [];
    const inNamespace = (extra: pulumi.Resource[] = []): pulumi.CustomResourceOptions => {
      const dependsOn = [...nsDeps, ...extra];
      return { parent: this, ...withProvider, ...(dependsOn.length > 0 ? { dependsOn } : {}) };
    };

    const serviceAccount = new k8s.core.v1.ServiceAccount(
      `${name}-service-account`,
      { metadata: { name: metadata.name, namespace: ns, labels } },
      inNamespace(),
    );
    const subjects = [{ kind: "ServiceAccount", name: metadata.name, namespace: ns }];
    let binding: pulumi.Resource;
    if (spec.clusterWidePermissions) {
      const roleName = clusterRoleName(ns, metadata.name);
      const role = new k8s.rbac.v1.ClusterRole(
        `${name}-cluster-role`,
        { metadata: { name: roleName, labels }, rules: RUNNER_RULES },
        { parent: this, ...withProvider },
      );
      binding = new k8s.rbac.v1.ClusterRoleBinding(
        `${name}-cluster-role-binding`,
        {
          metadata: { name: roleName, labels },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName },
          subjects,
        },
        { parent: this, ...withProvider, dependsOn: [role, serviceAccount] },
      );
    } else {
      const role = new k8s.rbac.v1.Role(
        `${name}-role`,
        { metadata: { name: metadata.name, namespace: ns, labels }, rules: RUNNER_RULES },
        inNamespace(),
      );
      binding = new k8s.rbac.v1.RoleBinding(
        `${name}-role-binding`,
        {
          metadata: { name: metadata.name, namespace: ns, labels },
          roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: metadata.name },
          subjects,
        },
        inNamespace([role, serviceAccount]),
      );
    }

    const deploymentDeps: pulumi.Resource[] = [serviceAccount, binding];
    const envSecretName = common.envSecretName(metadata.name);
    const { env, secretData } = common.buildContainerEnv(spec.env, envSecretName);
    if (Object.keys(secretData).length > 0) {
      const secret = common.createOpaqueSecret(
        {
          resourceName: `${name}-env-secrets`,
          name: envSecretName,
          namespace: ns,
          labels,
          parent: this,
          provider,
          dependsOn: nsDeps,
        },
        secretData,
      );
      deploymentDeps.push(secret);
    }

    const probe = (initialDelaySeconds: number): k8s.types.input.core.v1.Probe => ({
      tcpSocket: { port: PORT_NAME },
      initialDelaySeconds,
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 3,
    });
    new k8s.apps.v1.Deployment(
      `${name}-deployment`,
      {
        metadata: { name: metadata.name, namespace: ns, labels },
        spec: {
          replicas: spec.replicas ?? 1,
          selector: { matchLabels: selector },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: metadata.name,
              containers: [
                {
                  name: metadata.name,
                  image: common.imageReference(image),
                  ports: [{ name: PORT_NAME, containerPort: port, protocol: "TCP" }],
                  ...(env.length > 0 ? { env } : {}),
                  resources: common.containerResources(spec.resources),
                  livenessProbe: probe(15),
                  readinessProbe: probe(5),
                },
              ],
              ...(image.pullSecretName !== "" ? { imagePullSecrets: [{ name: image.pullSecretName }] } : {}),
            },
          },
        },
      },
      inNamespace(deploymentDeps),
    );

    const service = new k8s.core.v1.Service(
      `${name}-service`,
      {
        metadata: { name: metadata.name, namespace: ns, labels },
        spec: {
          type: "ClusterIP",
          selector,
          ports: [{ name: PORT_NAME, port, targetPort: PORT_NAME, protocol: "TCP" }],
        },
      },
      inNamespace(),
    );

    this.namespace = namespace ? namespace.metadata.name : pulumi.output(ns);
    this.service = service.metadata.name;
    this.internalHostname = pulumi.interpolate`${this.service}.${this.namespace}.svc.cluster.local`;
    this.kubeEndpoint = pulumi.interpolate`${this.internalHostname}:${port}`;
    this.portForwardCommand = pulumi.interpolate`kubectl port-forward -n ${this.namespace} service/${this.service} ${port}:${port}`;
    this.externalHostname = pulumi.output("");
    this.registerOutputs({
      namespace: this.namespace,
      service: this.service,
      portForwardCommand: this.portForwardCommand,
      kubeEndpoint: this.kubeEndpoint,
      internalHostname: this.internalHostname,
      externalHostname: this.externalHostname,
    });
  }
}

/** The component for a decoded stack input, named after its metadata.name. */
export function fromStackInput(
  stackInput: StackJobRunnerKubernetesStackInput,
  opts?: pulumi.ComponentResourceOptions,
): StackJobRunnerKubernetes {
  return new StackJobRunnerKubernetes(stackInput.target?.metadata?.name || "stack-job-runner", stackInput, opts);
}

/** The component's outputs under the names of StackJobRunnerKubernetesStackOutputs. */
export function stackOutputs(runner: StackJobRunnerKubernetes): StackJobRunnerKubernetesOutputs {
  return {
    namespace: runner.namespace,
    service: runner.service,
    port_forward_command: runner.portForwardCommand,
    kube_endpoint: runner.kubeEndpoint,
    external_hostname: runner.externalHostname,
    internal_hostname: runner.internalHostname,
  };
}
