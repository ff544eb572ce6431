import { ConfigError } from './config.error';

/** A named shared secret that senders present; the name travels with events, the secret never does. */
export interface HookKey {
  readonly name: string;
  readonly secret: string;
}

export const MIN_HOOK_SECRET_LENGTH = 16;
const namePattern = /^[A-Za-z0-9][\w.-]{0,63}$/;

/**
 * Parses `HOOK_KEYS` (`name:secret,name2:secret2`). Errors name an entry by its position, never by a
 * value: a secret written before the colon by mistake is still a secret.
 */
export function parseHookKeys(value: string | undefined, variable = 'HOOK_KEYS'): HookKey[] {
  if (!value?.trim()) {
    throw new ConfigError(variable, 'is not set; set it to name:secret pairs separated by commas, e.g. "ado-prod:<32 random characters>"');
  }
  const keys: HookKey[] = [];
  const positions = new Map<string, string>();
  value.split(',').forEach((entry, index) => {
    const trimmed = entry.trim();
    if (!trimmed) return;
    const colon = trimmed.indexOf(':');
    const position = `entry ${index + 1}`;
    if (colon <= 0) throw new ConfigError(variable, `${position} is not name:secret`);
    const name = trimmed.slice(0, colon).trim();
    const secret = trimmed.slice(colon + 1).trim();
    if (!namePattern.test(name)) {
      throw new ConfigError(variable, `${position} has an invalid name; use 1-64 letters, digits, ".", "_" or "-"`);
    }
    if (secret.length < MIN_HOOK_SECRET_LENGTH) {
      throw new ConfigError(variable, `${position} has a secret shorter than ${MIN_HOOK_SECRET_LENGTH} characters`);
    }
    const earlier = positions.get(name);
    if (earlier) throw new ConfigError(variable, `${position} has the same name as ${earlier}`);
    positions.set(name, position);
    keys.push({ name, secret });
  });
  if (keys.length === 0) throw new ConfigError(variable, 'holds no name:secret pair');
  return keys;
}
