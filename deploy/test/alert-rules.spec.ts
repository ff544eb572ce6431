import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markdownAnchors } from '@switchyard/testing';
import { parse, stringify } from 'yaml';
import { alertRulesPath, prometheusRulePath, renderPrometheusRule } from '../scripts/prometheus-rule';
import { sourceMetrics } from './support/metric-declarations';
import { promqlReferences } from './support/promql-references';
import { schemaProblems } from './support/kube-models';
import { find, kubectlUnavailableReason, one, renderOverlayWith, repoRoot, type KubeObject } from './support/render-overlay';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const read = (path: string) => readFileSync(join(repoRoot, path), 'utf8');
const alertCasesPath = 'deploy/monitoring/switchyard-alerts.cases.yaml';
const ruleFileText = read(alertRulesPath);
const ruleFile = parse(ruleFileText) as { groups: Array<{ name: string; rules: Rule[] }> };
const alerts = ruleFile.groups.flatMap((group) => group.rules);
const byName = alerts.map((rule) => [rule.alert ?? '(no name)', rule] as const);
const code = sourceMetrics(repoRoot);
// Labels Prometheus itself puts on every scraped series (the target's), beside the registry's default labels.
const targetLabels = ['job', 'instance'];
const PROM_DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

/** The declaration of a metric an expression names; a histogram's _bucket/_sum/_count series included. */
function declarationOf(metric: string) {
  const direct = code.metrics.get(metric);
  if (direct) return { declaration: direct, extra: [] as string[] };
  const suffix = /^(.*)_(bucket|sum|count)$/.exec(metric);
  const histogram = suffix ? code.metrics.get(suffix[1]) : undefined;
  if (histogram?.kind === 'histogram') return { declaration: histogram, extra: suffix![2] === 'bucket' ? ['le'] : [] };
  return undefined;
}

function labelsOf(metric: string): string[] {
  const found = declarationOf(metric);
  return found ? [...found.declaration.labelNames, ...found.extra, ...code.defaultLabels, ...targetLabels] : [];
}

describe(`${alertRulesPath}`, () => {
  it('is a Prometheus rule file: groups with unique names, each rule an alert with expr and a duration in for', () => {
    expect(Object.keys(ruleFile)).toEqual(['groups']);
    const groupNames = ruleFile.groups.map((group) => group.name);
    expect(new Set(groupNames).size).toBe(groupNames.length);
    const names = alerts.map((rule) => rule.alert);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of alerts) {
      expect(Object.keys(rule).filter((key) => !['alert', 'expr', 'for', 'labels', 'annotations'].includes(key))).toEqual([]);
      expect(rule.alert).toMatch(/^Switchyard[A-Z][A-Za-z]+$/);
      expect(typeof rule.expr).toBe('string');
      expect(rule.for).toMatch(PROM_DURATION);
    }
  });

  it.each(byName)('gives %s a severity, a summary, a description and a docs section', (_, rule) => {
    expect(['warning', 'critical']).toContain(rule.labels?.severity);
    expect(rule.annotations?.summary?.trim()).toBeTruthy();
    expect(rule.annotations?.description?.trim()).toBeTruthy();
    expect(rule.annotations?.docs).toMatch(/^docs\/[\w.-]+\.md#[\w-]+$/);
  });

  it.each(byName)('points %s at a docs file and heading (or <a id>) that exist', (_, rule) => {
    const [file, anchor] = rule.annotations!.docs.split('#');
    expect(existsSync(join(repoRoot, file))).toBe(true);
    expect([...markdownAnchors(read(file)).keys()]).toContain(anchor);
  });

  it.each(byName)('names in %s only switchyard metrics the code declares, with labels they have', (_, rule) => {
    const { selectors, groupingLabels } = promqlReferences(rule.expr);
    const own = selectors.filter((s) => s.metric.startsWith('switchyard_'));
    const declared = own.filter((s) => declarationOf(s.metric));
    const problems = new Set([
      ...own.filter((s) => !declarationOf(s.metric)).map((s) => `${s.metric} is declared nowhere in libs/*/src or services/*/src`),
      ...declared.flatMap((s) =>
        s.matchers.filter((m) => !labelsOf(s.metric).includes(m.label)).map((m) => `${s.metric} has no label ${m.label} (it has ${labelsOf(s.metric).join(', ')})`),
      ),
      ...declared.flatMap((s) => groupingLabels.filter((label) => !labelsOf(s.metric).includes(label)).map((label) => `${s.metric} has no label ${label} to group by`)),
    ]);
    expect([...problems]).toEqual([]);
    for (const range of rule.expr.matchAll(/\[([^\]]+)\]/g)) expect(range[1]).toMatch(PROM_DURATION);
  });

  it.each(byName)('matches in %s only label values the code writes (= and != matchers on switchyard metrics)', (_, rule) => {
    const values = promqlReferences(rule.expr)
      .selectors.filter((s) => s.metric.startsWith('switchyard_'))
      .flatMap((s) => s.matchers.filter((m) => m.op === '=' || m.op === '!=').map((m) => `${s.metric}{${m.label}="${m.value}"}`));
    const unwritten = values.filter((value) => !code.strings.has(/="(.*)"\}$/.exec(value)![1]));
    expect(unwritten).toEqual([]);
  });

  it('covers what the docs tell operators to alert on', () => {
    const exprs = alerts.map((rule) => rule.expr).join('\n');
    expect(exprs).toContain('switchyard_bus_dead_lettered_total{reason="BUILD_TRIGGER.UNAUTHORIZED"}');
    expect(exprs).toContain('switchyard_ingress_hooks_total{code="RATE_LIMITED"}');
    expect(exprs).toContain('switchyard_gate_outcome_publish_failures_total');
  });

  it.each(byName)('lists %s with its severity in docs/observability.md, "Alerts"', (name, rule) => {
    const row = read('docs/observability.md')
      .split('\n')
      .find((line) => line.startsWith(`| \`${name}\``));
    expect(row).toContain(`| ${rule.labels?.severity} |`);
  });
});

const promtoolUnavailable = promtoolUnavailableReason();
(promtoolUnavailable ? describe.skip : describe)(`${alertRulesPath} checked by promtool${promtoolUnavailable ? ` [skipped: ${promtoolUnavailable}]` : ''}`, () => {
  it('parses: every expression is valid PromQL and every template renders', () => {
    const output = execFileSync('promtool', ['check', 'rules', join(repoRoot, alertRulesPath)], { encoding: 'utf8', stdio: 'pipe' });
    expect(output).toContain(`SUCCESS: ${alerts.length} rules found`);
  });

  it(`fires each alert for what it is about, and not for a blip or a counter standing still (${alertCasesPath})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-alerts-'));
    const withoutAnnotations = { groups: ruleFile.groups.map((group) => ({ ...group, rules: group.rules.map(({ annotations: _, ...rule }) => rule) })) };
    writeFileSync(join(dir, 'rules.yaml'), stringify(withoutAnnotations));
    writeFileSync(join(dir, 'cases.yaml'), read(alertCasesPath));
    try {
      execFileSync('promtool', ['test', 'rules', join(dir, 'cases.yaml')], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      throw new Error(`promtool test rules failed:\n${stdout ?? ''}${stderr ?? ''}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the Prometheus Operator component (deploy/k8s/components/prometheus-rules)', () => {
  it('is not stale: the committed PrometheusRule is what the rule file generates now', () => {
    // Fix: node -r @swc-node/register deploy/scripts/generate-prometheus-rule.ts
    expect(read(prometheusRulePath)).toBe(renderPrometheusRule(ruleFileText));
  });

  const unavailable = kubectlUnavailableReason();
  (unavailable ? describe.skip : describe)(`added to an overlay${unavailable ? ` [skipped: ${unavailable}]` : ''}`, () => {
    let objects: KubeObject[];
    beforeAll(() => {
      objects = renderOverlayWith('dev', ['prometheus-rules']);
    });

    it('renders a PrometheusRule in the switchyard namespace whose spec is the rule file', () => {
      const rule = one(objects, 'PrometheusRule', 'switchyard-alerts');
      expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
      expect(rule.metadata.namespace).toBe('switchyard');
      expect(rule.spec).toEqual(ruleFile);
    });

    it('scrapes every switchyard Deployment on a port its container declares, with the namespace label the scrape alerts select on', () => {
      const monitor = one(objects, 'PodMonitor', 'switchyard');
      expect(monitor.metadata.namespace).toBe('switchyard');
      const selects = (labels: Record<string, string>) =>
        monitor.spec.selector.matchExpressions.every((e: { key: string; operator: string; values: string[] }) => e.operator === 'In' && e.values.includes(labels[e.key]));
      const deployments = find(objects, 'Deployment');
      expect(deployments.filter((d) => !selects(d.spec.template.metadata.labels)).map((d) => d.metadata.name)).toEqual([]);
      for (const endpoint of monitor.spec.podMetricsEndpoints) {
        for (const d of deployments) expect(d.spec.template.spec.containers[0].ports.map((p: { name: string }) => p.name)).toContain(endpoint.port);
      }
      const setLabels = monitor.spec.podMetricsEndpoints.flatMap((e: { relabelings?: Array<{ targetLabel: string }> }) => (e.relabelings ?? []).map((r) => r.targetLabel));
      const upLabels = alerts.flatMap((rule) => promqlReferences(rule.expr).selectors.filter((s) => s.metric === 'up').flatMap((s) => s.matchers.map((m) => m.label)));
      expect(upLabels.length).toBeGreaterThan(0);
      expect(upLabels.filter((label) => !setLabels.includes(label) && !targetLabels.includes(label))).toEqual([]);
    });

    it('leaves the rest of the overlay valid', () => {
      expect(schemaProblems(objects.filter((o) => o.apiVersion !== 'monitoring.coreos.com/v1'))).toEqual([]);
    });
  });
});

/** Why promtool cannot run here (.ci/run puts it on the PATH from Debian's prometheus package), or undefined. */
function promtoolUnavailableReason(): string | undefined {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `promtool is not installed (Debian package prometheus): ${(error as Error).message.split('\n')[0]}`;
  }
}
