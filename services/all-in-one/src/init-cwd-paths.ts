import { isAbsolute, resolve } from 'node:path';

/** Path settings the local run and its services read. */
const PATH_SETTINGS = ['GATE_POLICIES_FILE', 'TRIGGER_RULES_FILE', 'SWITCHYARD_DATA_DIR'] as const;

/**
 * npm runs `npm start` at the repository root whatever folder it was typed in, and names that folder in
 * INIT_CWD: a relative path setting is made absolute against it, so that it means what the user typed
 * and errors quote the file actually read. Without INIT_CWD (run directly) the working folder applies.
 */
export function resolveFromInitCwd(env: Record<string, string | undefined>): void {
  const from = env['INIT_CWD']?.trim();
  if (!from) return;
  for (const name of PATH_SETTINGS) {
    const value = env[name]?.trim();
    if (value && !isAbsolute(value)) env[name] = resolve(from, value);
  }
}
