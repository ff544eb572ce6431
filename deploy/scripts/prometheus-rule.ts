import { parse, stringify } from 'yaml';

/** The recommended alerts, a plain Prometheus rule file: the one source of the rules. */
export const alertRulesPath = 'deploy/monitoring/switchyard-alerts.yaml';
/** The same rules as a Prometheus Operator PrometheusRule, generated from alertRulesPath. */
export const prometheusRulePath = 'deploy/k8s/components/prometheus-rules/prometheus-rule.generated.yaml';

/** The rule file wrapped in a PrometheusRule (monitoring.coreos.com/v1): its groups are spec.groups, unchanged. */
export function renderPrometheusRule(ruleFile: string): string {
  const rule = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: 'switchyard-alerts',
      // Explicit: the namespace transformer of deploy/k8s/base does not reach objects an overlay adds.
      namespace: 'switchyard',
      labels: { 'app.kubernetes.io/part-of': 'switchyard' },
    },
    spec: parse(ruleFile),
  };
  return `# Generated from ${alertRulesPath} by deploy/scripts/generate-prometheus-rule.ts; do not edit.\n${stringify(rule, { lineWidth: 0 })}`;
}
