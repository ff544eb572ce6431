import type { ConfiguredPolicy, GatePolicies } from '@switchyard/gates';
import { ProblemError } from '../../problem/problem.error';

/** The configured policy of that name, or a 404 naming the ones that exist. */
export function findPolicy(policies: GatePolicies, name: string): ConfiguredPolicy {
  const policy = policies.get(name);
  if (policy) return policy;
  const known = policies.names;
  throw new ProblemError(
    404,
    'GATE_POLICY_NOT_FOUND',
    'Not Found',
    known.length
      ? `No gate policy named "${name.slice(0, 64)}" in GATE_POLICIES_FILE; configured: ${known.join(', ')}.`
      : 'No gate policies are configured; set GATE_POLICIES_FILE to a policies file (see docs/gate-evaluator.md).',
  );
}
