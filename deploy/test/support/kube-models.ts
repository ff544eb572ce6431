import { ScaledObject, TriggerAuthentication } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import type { KubeObject } from './render-overlay';

interface Validatable {
  validate(): void;
}

// Every kind deploy/k8s may render; anything else fails the check rather than going unvalidated.
const models: Record<string, new (data: never) => Validatable> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
  'keda.sh/v1alpha1/TriggerAuthentication': TriggerAuthentication,
};

/** Validates an object against its Kubernetes (or KEDA) JSON schema; returns the problem, if any. */
export function schemaProblem(object: KubeObject): string | undefined {
  const Model = models[`${object.apiVersion}/${object.kind}`];
  if (!Model) return `no schema known for ${object.apiVersion} ${object.kind}`;
  try {
    new Model(object as never).validate();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Each object that fails its schema, as `Kind/name` with the problem: empty when all are valid. */
export function schemaProblems(objects: readonly KubeObject[]): string[][] {
  return objects.flatMap((o) => {
    const problem = schemaProblem(o);
    return problem ? [[`${o.kind}/${o.metadata.name}`, problem]] : [];
  });
}
