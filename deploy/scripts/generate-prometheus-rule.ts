// Regenerates the PrometheusRule of deploy/k8s/components/prometheus-rules from deploy/monitoring/switchyard-alerts.yaml.
// Run from the repository root: node -r @swc-node/register deploy/scripts/generate-prometheus-rule.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertRulesPath, prometheusRulePath, renderPrometheusRule } from './prometheus-rule';

const repoRoot = join(__dirname, '..', '..');
writeFileSync(join(repoRoot, prometheusRulePath), renderPrometheusRule(readFileSync(join(repoRoot, alertRulesPath), 'utf8')));
console.log(`wrote ${prometheusRulePath}`);
