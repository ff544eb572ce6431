import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPolicyRegistry } from '../registry/default-registry';
import { loadGatePolicies } from './load-policies';

// The example the README points people at must stay valid as the policies format evolves.
describe('config/examples/gate-policies.yaml', () => {
  it('loads, one policy of each type', () => {
    const file = join(__dirname, '..', '..', '..', '..', 'config', 'examples', 'gate-policies.yaml');
    const policies = loadGatePolicies(readFileSync(file, 'utf8'), { registry: createPolicyRegistry(), source: file });
    expect([...policies.names].sort()).toEqual(['business-hours', 'canary-healthy', 'coverage-80', 'manual-only', 'require-cmdline', 'stories-done']);
  });
});
