import { z } from 'zod';
import { loadGatePolicies } from '../config/load-policies';
import type { GatePolicy } from '../policy/gate-policy.port';
import { pass } from '../policy/verdict';
import { createPolicyRegistry } from './default-registry';

// A new policy type is one class registered under its name.
class AlwaysPolicy implements GatePolicy {
  static readonly type = 'always';
  static readonly sync = true;
  static readonly description = 'Approves everything (example).';
  static readonly options = z.strictObject({ note: z.string().default('ok') });
  readonly requiredHeaders = [];
  constructor(private readonly config: { note: string }) {}
  async evaluate() {
    return pass(this.config.note);
  }
}

describe('PolicyRegistry', () => {
  it('makes a registered class usable from the policies file', async () => {
    const registry = createPolicyRegistry().register(AlwaysPolicy);
    const policies = loadGatePolicies('policies:\n  yes: { type: always, note: fine }\n', { registry });
    const verdict = await policies.get('yes')!.policy.evaluate({ policy: 'yes', headers: {}, evaluation: 1, state: {} }, { now: new Date() });
    expect(verdict).toEqual({ outcome: 'pass', reason: 'fine' });
    expect(policies.get('yes')!.sync).toBe(true);
  });

  it('refuses a second class under the same name', () => {
    expect(() => createPolicyRegistry().register(AlwaysPolicy).register(AlwaysPolicy)).toThrow(/registered twice/);
  });
});
