import { Subscriptions } from '@switchyard/contracts';
import { schemaProblem } from './support/kube-models';
import { find, kubectlUnavailableReason, one, overlays, renderOverlay, renderOverlayWith, type KubeObject } from './support/render-overlay';

const services = ['ingress', 'badge-renderer', 'build-trigger', 'gate-evaluator'];
const consumers = [...new Set(Subscriptions.map((s) => s.name))];
const secretVariables = ['HOOK_KEYS', 'GATE_TOKEN_KEY', 'GATE_TOKEN_PREVIOUS_KEYS', 'AZURE_DEVOPS_TOKEN', 'EVENTGRID_KEY', 'SERVICEBUS_CONNECTION_STRING'];
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
      const problems = objects.map((o) => [`${o.kind}/${o.metadata.name}`, schemaProblem(o)]).filter(([, problem]) => problem);
      expect(problems).toEqual([]);
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

describeRendered(`deploy/k8s/components${unavailable ? ` [skipped: ${unavailable}]` : ''}`, () => {
  describe('egress-on-premises (an overlay adding it)', () => {
    let objects: KubeObject[];
    beforeAll(() => {
      objects = renderOverlayWith('dev', ['egress-on-premises']);
    });

    it('renders valid objects, all in the switchyard namespace', () => {
      const problems = objects.map((o) => [`${o.kind}/${o.metadata.name}`, schemaProblem(o)]).filter(([, problem]) => problem);
      expect(problems).toEqual([]);
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

  describe('keyvault-tls', () => {
    it('refuses to render without the ingress-tls ConfigMap naming the certificate', () => {
      expect(() => renderOverlayWith('dev', ['keyvault-tls'])).toThrow(/ingress-tls/);
    });
  });
});
