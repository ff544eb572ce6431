import { find, type KubeObject } from './render-overlay';

/** Where one environment variable of a container comes from, as the kubelet resolves it. */
export type EnvSource =
  | { from: 'value'; value: string }
  | { from: 'configMap'; configMap: string; key: string; value: string | undefined; optional: boolean }
  | { from: 'secret'; secret: string; key: string; optional: boolean }
  | { from: 'other' };

interface Container {
  env?: Array<{ name: string; value?: string; valueFrom?: Record<string, any> }>;
  envFrom?: Array<{ prefix?: string; configMapRef?: { name: string; optional?: boolean }; secretRef?: { name: string; optional?: boolean } }>;
}

/**
 * The environment a container starts with, resolved against the rendered ConfigMaps: every key of each
 * `envFrom` source (later sources win), then `env` (which wins over `envFrom`, as in Kubernetes).
 * Secrets are not rendered, so a Secret-backed variable is reported by reference.
 */
export function containerEnvironment(objects: KubeObject[], container: Container): Map<string, EnvSource> {
  const configMaps = new Map(find(objects, 'ConfigMap').map((m) => [m.metadata.name, m.data ?? {}]));
  const environment = new Map<string, EnvSource>();
  for (const source of container.envFrom ?? []) {
    const prefix = source.prefix ?? '';
    if (source.configMapRef) {
      const data = configMaps.get(source.configMapRef.name);
      if (!data) throw new Error(`envFrom names ConfigMap ${source.configMapRef.name}, which is not rendered`);
      for (const [key, value] of Object.entries(data)) {
        environment.set(prefix + key, { from: 'configMap', configMap: source.configMapRef.name, key, value, optional: false });
      }
    }
    if (source.secretRef) throw new Error(`envFrom secretRef ${source.secretRef.name}: its keys cannot be known from the manifests`);
  }
  for (const variable of container.env ?? []) {
    const mapRef = variable.valueFrom?.configMapKeyRef;
    const secretRef = variable.valueFrom?.secretKeyRef;
    if (variable.value !== undefined) environment.set(variable.name, { from: 'value', value: variable.value });
    else if (mapRef) {
      environment.set(variable.name, {
        from: 'configMap',
        configMap: mapRef.name,
        key: mapRef.key,
        value: configMaps.get(mapRef.name)?.[mapRef.key],
        optional: mapRef.optional === true,
      });
    } else if (secretRef) environment.set(variable.name, { from: 'secret', secret: secretRef.name, key: secretRef.key, optional: secretRef.optional === true });
    else if (!variable.valueFrom) environment.set(variable.name, { from: 'value', value: '' });
    else environment.set(variable.name, { from: 'other' });
  }
  return environment;
}

/** The value a variable ends up with when it comes from a value or a ConfigMap (undefined otherwise). */
export function plainValue(source: EnvSource | undefined): string | undefined {
  if (source?.from === 'value') return source.value;
  if (source?.from === 'configMap') return source.value;
  return undefined;
}

/**
 * Kubernetes `pathType: Prefix` matching: the request path, split on "/", starts with the path's
 * elements ("/checks" matches /checks and /checks/x, not /checksum).
 */
export function prefixMatches(prefix: string, requestPath: string): boolean {
  const elements = (path: string) => path.split('/').filter(Boolean);
  const wanted = elements(prefix);
  const got = elements(requestPath.split('?')[0]);
  return wanted.length <= got.length && wanted.every((element, i) => element === got[i]);
}
