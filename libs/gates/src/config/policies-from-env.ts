import { readFileSync } from 'node:fs';
import { GateConfigError } from '../errors/gate-config.error';
import type { PolicyRegistry } from '../registry/policy-registry';
import { GatePolicies } from './configured-policy';
import { loadGatePolicies } from './load-policies';

/**
 * Loads the file named by GATE_POLICIES_FILE. Unset means no policies (every check answers 404), so a
 * local run without gates still starts; set but unreadable or invalid stops the service with the reason.
 */
export function gatePoliciesFromEnv(env: Record<string, string | undefined>, registry: PolicyRegistry): GatePolicies {
  const file = env['GATE_POLICIES_FILE']?.trim();
  if (!file) return new GatePolicies([]);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new GateConfigError(`GATE_POLICIES_FILE=${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'GATE_POLICIES_FILE');
  }
  return loadGatePolicies(text.replace(/^\uFEFF/, ''), { registry, source: file });
}
