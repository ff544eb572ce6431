import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Subscriptions } from '@switchyard/contracts';
import { containerEnvironment, plainValue, prefixMatches } from './support/container-environment';
import { schemaProblems } from './support/kube-models';
import {
  find,
  kubectlUnavailableReason,
  one,
  overlays,
  renderOverlay,
  renderOverlayWith,
  renderOverlayWithConfig,
  repoRoot,
  type KubeObject,
} from './support/render-overlay';

const services = ['ingress', 'badge-renderer', 'build-trigger', 'gate-evaluator'];
const consumers = [...new Set(Subscriptions.map((s) => s.name))];
const secretVariables = ['HOOK_KEYS', 'GATE_TOKEN_KEY', 'GATE_TOKEN_PREVIOUS_KEYS', 'AZURE_DEVOPS_TOKEN', 'EVENTGRID_KEY', 'SERVICEBUS_CONNECTION_STRING'];
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Set per Deployment (`env`), so they must win over anything config.env brings in.
const perServiceVariables = ['OTEL_SERVICE_NAME', 'GATE_POLICIES_FILE', 'TRIGGER_RULES_FILE'];

/** A `export const NAME = '<path>'` route constant of services/ingress/src. */
function ingressRoute(file: string, constant: string): string {
  const text = readFileSync(join(repoRoot, 'services', 'ingress', 'src', file), 'utf8');
  const match = new RegExp(`export const ${constant} = '([^']+)'`).exec(text);
  if (!match) throw new Error(`services/ingress/src/${file} no longer exports ${constant}`);
  return match[1];
}

/** The ingress' own bound on a request (REQUEST_TIMEOUT_MS in start-ingress.ts, Fastify's requestTimeout), in seconds. */
function ingressRequestTimeoutSeconds(): number {
  const text = readFileSync(join(repoRoot, 'services', 'ingress', 'src', 'start-ingress.ts'), 'utf8');
  const match = /REQUEST_TIMEOUT_MS = ([\d_]+);/.exec(text);
  if (!match) throw new Error('services/ingress/src/start-ingress.ts no longer declares REQUEST_TIMEOUT_MS');
  return Number(match[1].replace(/_/g, '')) / 1000;
}

/** Seconds a preStop hook holds the container before SIGTERM: a sleep action, or exec of sleep. */
function preStopSleepSeconds(preStop: { sleep?: { seconds: number }; exec?: { command: string[] } } | undefined): number | undefined {
  if (preStop?.sleep) return preStop.sleep.seconds;
  const command = preStop?.exec?.command ?? [];
  if (command.length === 2 && command[0] === '/bin/sleep' && /^\d+$/.test(command[1])) return Number(command[1]);
  return undefined;
}

const unavailable = kubectlUnavailableReason();
const describeRendered = unavailable ? describe.skip : describe;

describeRendered(`deploy/k8s overlays${unavailable ? ` [skipped: ${unavailable}]` : ''}`, () => {
  describe.each(overlays)('%s', (environment) => {
    let objects: KubeObject[];
    beforeAll(() => {
      objects = renderOverlay(environment);
    });
    const deployment = (name: string) => one(objects, 'Deployment', name);
    const container = (name: string) => deployment(name).spec.template.spec.containers[0];

    it('renders only objects that pass the Kubernetes and KEDA schemas', () => {
      expect(schemaProblems(objects)).toEqual([]);
      expect(objects.length).toBeGreaterThan(20);
    });

    it('puts everything in the switchyard namespace, which enforces the restricted pod security standard', () => {
      expect(objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== 'switchyard')).toEqual([]);
      expect(one(objects, 'Namespace', 'switchyard').metadata.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    });

    it.each(services)('runs %s as non-root, read-only, without capabilities, with probes and resources', (name) => {
      const pod = deployment(name).spec.template.spec;
      const c = container(name);
      expect(pod.containers).toHaveLength(1);
      expect(pod.securityContext.runAsNonRoot || c.securityContext.runAsNonRoot).toBe(true);
      expect(c.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
      expect(c.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(c.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(c.ports).toContainEqual(expect.objectContaining({ name: 'http', containerPort: 8080 }));
      for (const kind of ['requests', 'limits']) {
        expect(c.resources[kind]).toEqual({ cpu: expect.anything(), memory: expect.anything() });
      }
      const tmp = pod.volumes.find((v: { name: string }) => v.name === 'tmp');
      expect(tmp.emptyDir).toBeDefined();
      expect(c.volumeMounts).toContainEqual(expect.objectContaining({ name: 'tmp', mountPath: '/tmp' }));
      expect(c.image).toMatch(new RegExp(`/switchyard/${name}:[\\w.-]+$`));
    });

    it.each(services)('gives %s its own workload identity service account', (name) => {
      const pod = deployment(name).spec.template;
      const account = one(objects, 'ServiceAccount', name);
      expect(pod.spec.serviceAccountName).toBe(name);
      expect(pod.metadata.labels['azure.workload.identity/use']).toBe('true');
      expect(account.metadata.annotations?.['azure.workload.identity/client-id']).toMatch(guid);
    });

    it.each(services)('feeds %s config by reference: ConfigMap keys that exist, secrets only from the Secret', (name) => {
      const config = find(objects, 'ConfigMap').find((m) => m.metadata.name.startsWith('switchyard-config'));
      for (const variable of container(name).env) {
        if (secretVariables.includes(variable.name)) {
          expect(variable.valueFrom?.secretKeyRef).toEqual(expect.objectContaining({ name: 'switchyard-secrets', key: variable.name }));
        }
        const ref = variable.valueFrom?.configMapKeyRef;
        if (ref) {
          expect(ref.name).toBe(config?.metadata.name);
          expect(Object.keys(config?.data ?? {})).toContain(ref.key);
        }
      }
      // Secrets are created out of band (or by the Key Vault CSI driver), never rendered from the repository.
      expect(find(objects, 'Secret')).toEqual([]);
    });

    it.each(services)("gives %s every key of switchyard-config (base values merged with the overlay's config.env)", (name) => {
      const config = find(objects, 'ConfigMap').find((m) => m.metadata.name.startsWith('switchyard-config'));
      const variables = containerEnvironment(objects, container(name));
      const missing = Object.entries(config?.data ?? {})
        .filter(([key, value]) => plainValue(variables.get(key)) !== value)
        .map(([key]) => key);
      expect(missing).toEqual([]);
      // The overlay's value, not the base's.
      expect(plainValue(variables.get('LOG_LEVEL'))).toBe(environment === 'dev' ? 'debug' : 'info');
    });

    it('requires no Secret key a service can start without: a Secret with only HOOK_KEYS and GATE_TOKEN_KEY starts every pod', () => {
      // build-trigger refuses to start, naming the variable, when its rules need a token that is not set
      // (services/build-trigger/src/config/build-trigger-config.ts); without rules it needs none.
      const required = services.flatMap((name) =>
        [...containerEnvironment(objects, container(name)).values()].flatMap((source) =>
          source.from === 'secret' && !source.optional ? [`${name}: ${source.secret}/${source.key}`] : [],
        ),
      );
      expect(required.sort()).toEqual(['gate-evaluator: switchyard-secrets/GATE_TOKEN_KEY', 'ingress: switchyard-secrets/GATE_TOKEN_KEY', 'ingress: switchyard-secrets/HOOK_KEYS']);
      const token = containerEnvironment(objects, container('build-trigger')).get('AZURE_DEVOPS_TOKEN');
      expect(token).toEqual({ from: 'secret', secret: 'switchyard-secrets', key: 'AZURE_DEVOPS_TOKEN', optional: true });
    });

    it('routes only the service hook and check paths to the ingress: not /metrics, /healthz, /readyz or /admin', () => {
      const ingress = one(objects, 'Ingress', 'ingress');
      const paths = ingress.spec.rules.flatMap((rule: { http: { paths: Array<{ path: string; pathType: string; backend: unknown }> } }) => rule.http.paths);
      expect(paths.map((p: { path: string; pathType: string }) => `${p.pathType} ${p.path}`).sort()).toEqual(['Prefix /checks', 'Prefix /hooks/azure-devops']);
      expect(ingress.spec.defaultBackend).toBeUndefined();
      for (const p of paths) expect(p.backend).toEqual({ service: { name: 'ingress', port: { name: 'http' } } });
      const routed = (url: string) => paths.some((p: { path: string }) => prefixMatches(p.path, url));
      // The routes as services/ingress declares them, with a policy name filled in.
      const hook = ingressRoute('receive-service-hook/http.controller.ts', 'SERVICE_HOOK_PATH');
      const check = ingressRoute('checks/request-check/http.controller.ts', 'CHECK_PATH').replace(':policy', 'require-cmdline');
      const syncCheck = ingressRoute('checks/sync-check/http.controller.ts', 'SYNC_CHECK_PATH').replace(':policy', 'require-cmdline');
      expect([`${hook}?code=x`, check, syncCheck].filter((url) => !routed(url))).toEqual([]);
      const internal = ['/', '/metrics', '/healthz', '/readyz', '/admin/dead-letters', '/admin/dead-letters/resubmit', '/checksum', '/hooks/other'];
      expect(internal.filter(routed)).toEqual([]);
    });

    it('keeps each pod behind a Service serving until the ingress controller has stopped sending to it, then lets it drain', () => {
      // On SIGTERM the ingress closes at once (in-flight requests finish, new ones get 503), while
      // nginx learns of the endpoint's removal only some seconds later: a check call in that window
      // fails for good, since Azure Pipelines does not retry it. A preStop sleep covers the window.
      const behindServices = find(objects, 'Deployment').filter((d) =>
        find(objects, 'Service').some((s) => Object.entries(s.spec.selector ?? {}).every(([k, v]) => d.spec.template.metadata.labels[k] === v)),
      );
      expect(behindServices.map((d) => d.metadata.name)).toEqual(['ingress']);
      for (const d of behindServices) {
        const pod = d.spec.template.spec;
        const sleep = preStopSleepSeconds(pod.containers[0].lifecycle?.preStop);
        expect(sleep).toBeGreaterThanOrEqual(10);
        // Then the drain: a request in flight may take up to the ingress' requestTimeout, plus closing the bus.
        expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual((sleep ?? 0) + ingressRequestTimeoutSeconds() + 5);
        // exec needs the binary in the image: the Debian node images have coreutils (distroless would not).
        if (pod.containers[0].lifecycle.preStop.exec) {
          const dockerfile = readFileSync(join(repoRoot, 'deploy', 'docker', 'Dockerfile'), 'utf8');
          expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:\d+-(bookworm|bullseye|trixie)(-slim)?$/m);
          expect(dockerfile.match(/^FROM .*$/gm)?.at(-1)).toBe('FROM ${NODE_IMAGE} AS runtime');
        }
      }
    });

    it.each(consumers)('gives %s time to finish a message in flight after SIGTERM, before the kubelet kills it', (name) => {
      // A handler may hold its message up to the lock duration; killed before it settles, the message
      // comes back and its work (a queue call, a decision) can be done a second time.
      const lockSeconds = Math.max(...Subscriptions.filter((s) => s.name === name).map((s) => s.lockDurationSeconds));
      const eventGridCloseSeconds = 5;
      const closeBusAndTracingSeconds = 10;
      expect(deployment(name).spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(lockSeconds + eventGridCloseSeconds + closeBusAndTracingSeconds);
    });

    it.each([
      ['build-trigger', 'TRIGGER_RULES_FILE', 'build-trigger-rules'],
      ['gate-evaluator', 'GATE_POLICIES_FILE', 'gate-evaluator-policies'],
      // The ingress answers /checks/<policy> from the same file; without it every check is a 404.
      ['ingress', 'GATE_POLICIES_FILE', 'gate-evaluator-policies'],
    ])('mounts the %s file named by %s from its ConfigMap', (name, variable, configMap) => {
      const pod = deployment(name).spec.template.spec;
      const file = container(name).env.find((e: { name: string }) => e.name === variable).value as string;
      const volume = pod.volumes.find((v: { configMap?: { name: string } }) => v.configMap?.name.startsWith(configMap));
      const mount = container(name).volumeMounts.find((m: { name: string }) => m.name === volume.name);
      const rendered = find(objects, 'ConfigMap').find((m) => m.metadata.name === volume.configMap.name);
      expect(file.startsWith(`${mount.mountPath}/`)).toBe(true);
      expect(Object.keys(rendered?.data ?? {})).toContain(file.slice(mount.mountPath.length + 1));
    });

    it.each(services)('leaves the replica count of %s to its autoscaler: no spec.replicas for `kubectl apply` to reset', (name) => {
      const scalers = [...find(objects, 'HorizontalPodAutoscaler'), ...find(objects, 'ScaledObject')].filter((s) => s.spec.scaleTargetRef.name === name);
      expect(scalers).toHaveLength(1);
      expect(deployment(name).spec).not.toHaveProperty('replicas');
    });

    it("gives the Azure DevOps token (AZURE_DEVOPS_TOKEN) to build-trigger only: gate-evaluator calls with each check's AuthToken", () => {
      const given = services.filter((name) => container(name).env.some((e: { name: string }) => e.name === 'AZURE_DEVOPS_TOKEN'));
      expect(given).toEqual(['build-trigger']);
    });

    it('names the certificate of the Ingress host: the Secret switchyard-tls, or a Key Vault certificate synced by app routing', () => {
      const ingress = one(objects, 'Ingress', 'ingress');
      const hosts = ingress.spec.rules.map((rule: { host: string }) => rule.host);
      expect(ingress.spec.tls).toHaveLength(1);
      expect(ingress.spec.tls[0].hosts).toEqual(hosts);
      const uri = ingress.metadata.annotations?.['kubernetes.azure.com/tls-cert-keyvault-uri'];
      // prod uses components/keyvault-tls; dev expects `kubectl create secret tls switchyard-tls`.
      expect(uri !== undefined).toBe(environment === 'prod');
      if (uri === undefined) {
        expect(ingress.spec.tls[0].secretName).toBe('switchyard-tls');
      } else {
        // App routing keeps the certificate in the Secret keyvault-<Ingress name>, and only there.
        expect(ingress.spec.tls[0].secretName).toBe(`keyvault-${ingress.metadata.name}`);
        // No version at the end, so a renewed certificate is picked up.
        expect(uri).toMatch(/^https:\/\/[a-z0-9-]{3,24}\.vault\.azure\.net\/certificates\/[A-Za-z0-9-]+$/);
      }
      expect(find(objects, 'ConfigMap').filter((m) => m.metadata.name.startsWith('ingress-tls'))).toEqual([]);
    });

    it("ships only example values that docs/deploy.md's review grep (step 7) finds, so none is applied by mistake", () => {
      // A Key Vault URI left in makes nginx serve its self-signed certificate: every hook and check fails TLS.
      const docs = readFileSync(join(repoRoot, 'docs', 'deploy.md'), 'utf8');
      const pattern = /grep -nE '([^']+)'\s+# nothing: no example left/.exec(docs)?.[1];
      expect(pattern).toBeDefined();
      const grep = new RegExp(pattern!);
      const config = find(objects, 'ConfigMap').find((m) => m.metadata.name.startsWith('switchyard-config'))?.data ?? {};
      const ingress = one(objects, 'Ingress', 'ingress');
      const yours: Array<[string, string | undefined]> = [
        ...['SERVICEBUS_FQDN', 'SERVICEBUS_NAMESPACE', 'STORAGE_ACCOUNT_URL', 'EVENTGRID_ENDPOINT', 'ALLOWED_ORG_URLS'].map((key): [string, string | undefined] => [key, config[key]]),
        ...services.map((name): [string, string | undefined] => [`client id of ${name}`, one(objects, 'ServiceAccount', name).metadata.annotations?.['azure.workload.identity/client-id']]),
        ['KEDA identity', one(objects, 'TriggerAuthentication', 'azure-servicebus').spec.podIdentity.identityId],
        ...services.map((name): [string, string | undefined] => [`registry of ${name}`, container(name).image.split('/')[0]]),
        ...ingress.spec.rules.map((rule: { host: string }): [string, string] => ['Ingress host', rule.host]),
        ...Object.values(ingress.metadata.annotations ?? {})
          .filter((value) => value.includes('vault.azure.net'))
          .map((uri): [string, string] => ['Key Vault certificate', uri]),
      ];
      expect(yours.filter(([, value]) => !grep.test(value ?? '')).map(([what, value]) => `${what}: ${value}`)).toEqual([]);
    });

    it('lets pods out only to DNS, TCP 443 and 5671 (Azure) and OTLP; other destinations need components/egress-on-premises', () => {
      const egress = find(objects, 'NetworkPolicy').filter((p) => p.spec.policyTypes.includes('Egress'));
      const ports = egress.flatMap((p) =>
        (p.spec.egress ?? []).flatMap((rule: { ports?: Array<{ protocol: string; port: number }> }) => (rule.ports ?? []).map((port) => `${port.protocol}/${port.port}`)),
      );
      expect([...new Set(ports)].sort()).toEqual(['TCP/4317', 'TCP/4318', 'TCP/443', 'TCP/53', 'TCP/5671', 'UDP/53']);
    });

    it('exposes the ingress through a Service, an Ingress and an HPA', () => {
      const service = one(objects, 'Service', 'ingress');
      expect(service.spec.selector).toEqual(deployment('ingress').spec.selector.matchLabels);
      const backend = one(objects, 'Ingress', 'ingress').spec.rules[0].http.paths[0].backend.service;
      expect(backend).toEqual({ name: 'ingress', port: { name: 'http' } });
      expect(one(objects, 'HorizontalPodAutoscaler', 'ingress').spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'ingress' });
    });

    it.each(consumers)('scales %s with KEDA on exactly the subscriptions libs/contracts gives it', (name) => {
      const scaled = one(objects, 'ScaledObject', name);
      const namespace = find(objects, 'ConfigMap').find((m) => m.metadata.name.startsWith('switchyard-config'))?.data?.['SERVICEBUS_NAMESPACE'];
      expect(scaled.spec.scaleTargetRef.name).toBe(name);
      expect(find(objects, 'HorizontalPodAutoscaler', name)).toEqual([]);
      const triggers = scaled.spec.triggers as Array<{ type: string; metadata: Record<string, string>; authenticationRef: { name: string } }>;
      const declared = Subscriptions.filter((s) => s.name === name).map((s) => `${s.topic}/${s.name}`);
      expect(triggers.map((t) => `${t.metadata['topicName']}/${t.metadata['subscriptionName']}`).sort()).toEqual(declared.sort());
      for (const trigger of triggers) {
        expect(trigger.type).toBe('azure-servicebus');
        expect(trigger.metadata['namespace']).toBe(namespace);
        expect(namespace).toMatch(/^[a-z][a-z0-9-]{4,48}[a-z0-9]$/);
        const auth = one(objects, 'TriggerAuthentication', trigger.authenticationRef.name);
        expect(auth.spec.podIdentity).toEqual({ provider: 'azure-workload', identityId: expect.stringMatching(guid) });
      }
    });

    it.each(services)('has a disruption budget for %s that never blocks a node drain at its lowest replica count', (name) => {
      const budgets = find(objects, 'PodDisruptionBudget').filter((p) => p.spec.selector.matchLabels['app.kubernetes.io/name'] === name);
      expect(budgets).toHaveLength(1);
      const lowest = find(objects, 'HorizontalPodAutoscaler', name)[0]?.spec.minReplicas ?? one(objects, 'ScaledObject', name).spec.minReplicaCount;
      const { minAvailable, maxUnavailable } = budgets[0].spec;
      if (minAvailable !== undefined) expect(minAvailable).toBeLessThan(lowest);
      else expect(maxUnavailable).toBeGreaterThanOrEqual(1);
    });

    it('denies traffic by default and admits the ingress controller only to the ingress', () => {
      const policies = find(objects, 'NetworkPolicy');
      expect(policies.find((p) => p.metadata.name === 'default-deny')?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      const admitted = policies.filter((p) => p.spec.ingress?.some((rule: { from?: unknown[] }) => JSON.stringify(rule.from).includes('app-routing-system')));
      expect(admitted.map((p) => p.spec.podSelector)).toEqual([{ matchLabels: { 'app.kubernetes.io/name': 'ingress' } }]);
    });
  });
});

describeRendered(`a setting added to an overlay's config.env${unavailable ? ` [skipped: ${unavailable}]` : ''}`, () => {
  const added = {
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector.monitoring:4318',
    HOOK_RATE_PER_MINUTE: '120',
    BADGE_STYLE: 'flat-square',
    TRIGGER_CONCURRENCY: '8',
    GATE_CONCURRENCY: '8',
    HOOK_MAX_BYTES: '2097152',
    // Set by each Deployment for itself: config.env must not rename every service to one name.
    OTEL_SERVICE_NAME: 'from-config-env',
  };

  describe.each(overlays)('%s', (environment) => {
    let objects: KubeObject[];
    beforeAll(() => {
      objects = renderOverlayWithConfig(environment, Object.entries(added).map(([key, value]) => `${key}=${value}`));
    });

    it.each(services)('reaches %s', (name) => {
      const environmentOf = containerEnvironment(objects, one(objects, 'Deployment', name).spec.template.spec.containers[0]);
      const shared = Object.entries(added).filter(([key]) => !perServiceVariables.includes(key));
      expect(Object.fromEntries(shared.map(([key]) => [key, plainValue(environmentOf.get(key))]))).toEqual(Object.fromEntries(shared));
    });

    it.each(services)("leaves the variables %s sets for itself (explicit env wins over envFrom)", (name) => {
      const environmentOf = containerEnvironment(objects, one(objects, 'Deployment', name).spec.template.spec.containers[0]);
      expect(plainValue(environmentOf.get('OTEL_SERVICE_NAME'))).toBe(name);
    });
  });
});

describeRendered(`deploy/k8s/components${unavailable ? ` [skipped: ${unavailable}]` : ''}`, () => {
  describe('egress-on-premises (an overlay adding it)', () => {
    let objects: KubeObject[];
    beforeAll(() => {
      objects = renderOverlayWith('dev', ['egress-on-premises']);
    });

    it('renders valid objects, all in the switchyard namespace', () => {
      expect(schemaProblems(objects)).toEqual([]);
      expect(objects.filter((o) => o.kind !== 'Namespace' && o.metadata.namespace !== 'switchyard')).toEqual([]);
    });

    it('opens HTTP to Azure DevOps Server / TFS and Prometheus for the two services that call out, and nothing else', () => {
      const policy = one(objects, 'NetworkPolicy', 'allow-egress-on-premises');
      expect(policy.spec.policyTypes).toEqual(['Egress']);
      const selected = find(objects, 'Deployment')
        .filter((d) =>
          policy.spec.podSelector.matchExpressions.every((e: { key: string; operator: string; values: string[] }) =>
            e.operator === 'In' ? e.values.includes(d.spec.template.metadata.labels[e.key]) : false,
          ),
        )
        .map((d) => d.metadata.name);
      expect(selected.sort()).toEqual(['build-trigger', 'gate-evaluator']);
      const ports = policy.spec.egress.flatMap((rule: { ports: Array<{ port: number }> }) => rule.ports.map((p) => p.port));
      expect(ports).toEqual(expect.arrayContaining([80, 8080, 9090]));
    });
  });

  describe('azure-devops-server-ca (an overlay adding it)', () => {
    let objects: KubeObject[];
    beforeAll(() => {
      objects = renderOverlayWith('dev', ['azure-devops-server-ca']);
    });

    it('renders valid objects', () => {
      expect(schemaProblems(objects)).toEqual([]);
    });

    it('has the two services that call Azure DevOps trust the CA in the azure-devops-ca ConfigMap, keeping their own mounts and variables', () => {
      const trusting = find(objects, 'Deployment').filter((d) => (d.spec.template.spec.volumes ?? []).some((v: { name: string }) => v.name === 'azure-devops-ca'));
      expect(trusting.map((d) => d.metadata.name).sort()).toEqual(['build-trigger', 'gate-evaluator']);
      for (const deployment of trusting) {
        const pod = deployment.spec.template.spec;
        const container = pod.containers[0];
        expect(pod.volumes.find((v: { name: string }) => v.name === 'azure-devops-ca').configMap).toEqual({ name: 'azure-devops-ca', items: [{ key: 'ca.pem', path: 'ca.pem' }] });
        const mount = container.volumeMounts.find((m: { name: string }) => m.name === 'azure-devops-ca');
        expect(mount).toEqual({ name: 'azure-devops-ca', mountPath: '/etc/switchyard/azure-devops-ca', readOnly: true });
        const environment = containerEnvironment(objects, container);
        expect(plainValue(environment.get('NODE_EXTRA_CA_CERTS'))).toBe(`${mount.mountPath}/ca.pem`);
        expect(plainValue(environment.get('OTEL_SERVICE_NAME'))).toBe(deployment.metadata.name);
        expect(container.volumeMounts.map((m: { name: string }) => m.name)).toContain('tmp');
      }
    });
  });

  describe('keyvault-tls', () => {
    it('refuses to render without the ingress-tls ConfigMap naming the certificate', () => {
      expect(() => renderOverlayWith('dev', ['keyvault-tls'])).toThrow(/ingress-tls/);
    });
  });
});
