import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRulesFile } from '@switchyard/build-trigger';
import { createPolicyRegistry, loadGatePolicies } from '@switchyard/gates';

// The example files the docs point people at must stay valid as the loaders evolve.
const examples = join(__dirname, '..', '..', '..', 'config', 'examples');

describe('example configuration', () => {
  it('the example trigger rules load and compile', () => {
    const rules = loadRulesFile(join(examples, 'trigger-rules.yaml'));
    expect(rules.rules.map((rule) => rule.name)).toEqual(['app-on-lib-merge']);
  });

  it('the example gate policies load, one per policy type', () => {
    const file = join(examples, 'gate-policies.yaml');
    const policies = loadGatePolicies(readFileSync(file, 'utf8'), { registry: createPolicyRegistry(), source: file });
    expect([...policies.names].sort()).toEqual(['business-hours', 'canary-healthy', 'coverage-80', 'manual-only', 'require-cmdline', 'stories-done']);
  });
});
