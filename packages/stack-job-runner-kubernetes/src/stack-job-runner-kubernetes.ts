// The StackJobRunnerKubernetes component: the in-cluster runner of stack jobs,
// with its ServiceAccount, RBAC, env Secret, Deployment and Service. Wiring
// only: each resource is built in its own file.
import { create } from "@bufbuild/protobuf";
import { ContainerImageSchema } from "@planton/gen/org/project_planton/provider/kubernetes/container_pb.js";
import {
  type StackJobRunnerKubernetesStackInput,
  StackJobRunnerKubernetesStackInputSchema,
} from "@planton/gen/org/project_planton/provider/kubernetes/stackjobrunnerkubernetes/v1/stack_input_pb.js";
import {
  buildContainerEnv,
  type ComponentArgs,
  createOpaqueSecret,
  envSecretName,
  KindComponent,
  selectorLabels,
} from "@planton/module-kit";
import * as pulumi from "@pulumi/pulumi";
import { createDeployment } from "./deployment.js";
import { kind } from "./kind.js";
import { createRbac } from "./rbac.js";
import { createService } from "./service.js";

/** The kind the component deploys: its descriptor and stack input schema. */
export const STACK_JOB_RUNNER_KUBERNETES = {
  descriptor: kind,
  stackInputSchema: StackJobRunnerKubernetesStackInputSchema,
} as const;

/**
 * Arguments of the component: a StackJobRunnerKubernetesStackInput
 * (`{target, providerConfig?, kubernetesNamespace?}`) where every string may be
 * a `pulumi.Input<string>`, a oneof is its one field (`namespace: "runners"`),
 * an int64 a number; or a decoded message. Defaults are applied and the known
 * values validated before any resource is created.
 */
export type StackJobRunnerKubernetesArgs = ComponentArgs<StackJobRunnerKubernetesStackInput>;

/**
 * The runner image when the spec names none (upstream's spec is empty, so an
 * upstream manifest never does); documented on spec.image.
 */
export const DEFAULT_RUNNER_IMAGE = create(ContainerImageSchema, {
  repo: "ghcr.io/project-planton/stack-job-runner",
  tag: "v0.1.0",
});

/**
 * The stack job runner deployed from a StackJobRunnerKubernetes manifest.
 *
 * Creates, as its children: a Provider (only when `providerConfig` names a
 * cluster or context), the Namespace (when `spec.createNamespace`, default
 * true), a ServiceAccount, a Role and RoleBinding in the namespace (a
 * ClusterRole and ClusterRoleBinding with `spec.clusterWidePermissions`), the
 * Secret `<name>-env-secrets` (literal secret env values), a Deployment and a
 * ClusterIP Service. Throws a PlantonError, creating nothing, when the
 * arguments are invalid.
 */
export class StackJobRunnerKubernetes extends KindComponent<typeof StackJobRunnerKubernetesStackInputSchema> {
  /** Name of the runner's Service. */
  readonly service: pulumi.Output<string>;
  /** `kubectl port-forward -n <namespace> service/<service> <port>:<port>`. */
  readonly portForwardCommand: pulumi.Output<string>;
  /** `<service>.<namespace>.svc.cluster.local:<port>`. */
  readonly kubeEndpoint: pulumi.Output<string>;
  /** `<service>.<namespace>.svc.cluster.local`. */
  readonly internalHostname: pulumi.Output<string>;
  /** Empty: the runner is not exposed outside the cluster. */
  readonly externalHostname: pulumi.Output<string>;

  constructor(name: string, args: StackJobRunnerKubernetesArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(STACK_JOB_RUNNER_KUBERNETES, name, args, opts);
    const { metadata, spec } = this.input.target;
    const namespace = this.namespaceName;
    const labels = this.labels;
    const selector = selectorLabels(metadata, kind.kind);
    const port = spec.port ?? 8080;

    const { serviceAccount, binding } = createRbac(
      { resourceName: name, name: metadata.name, namespace, labels, clusterWide: spec.clusterWidePermissions === true },
      (deps) => this.childOptions(deps),
      (deps) => this.childOptions(deps, { namespaced: false }),
    );

    const deploymentDeps: pulumi.Resource[] = [serviceAccount, binding];
    const envSecret = envSecretName(metadata.name);
    const { env, secretData } = buildContainerEnv(spec.env, envSecret);
    if (Object.keys(secretData).length > 0) {
      deploymentDeps.push(
        createOpaqueSecret(
          { resourceName: `${name}-env-secrets`, name: envSecret, namespace, labels },
          secretData,
          this.childOptions(),
        ),
      );
    }

    createDeployment(
      `${name}-deployment`,
      {
        name: metadata.name,
        namespace,
        labels,
        selector,
        image: spec.image ?? DEFAULT_RUNNER_IMAGE,
        port,
        replicas: spec.replicas ?? 1,
        env,
        resources: spec.resources,
      },
      this.childOptions(deploymentDeps),
    );

    const service = createService(
      `${name}-service`,
      { name: metadata.name, namespace, labels, selector, port },
      this.childOptions(),
    );

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
