import { isSecretField, mayHoldSecret } from './secret-redaction';

// Deeper or larger values take the copying path: it is bounded and cuts cycles, this check does not.
const MAX_DEPTH = 4;
const MAX_ARRAY_LENGTH = 64;

/**
 * Whether `redactSecrets` would leave `value` as it is, decided without copying it: only plain
 * objects, arrays and primitives, a few levels deep, with no secret-named field that has a value
 * and no string that contains a known secret or could hold one of the recognised patterns. Anything
 * else (class instances, errors, functions, cycles, deep or long values) answers false, and the
 * caller redacts a copy as before. The logger uses it so that ordinary log lines cost no copy.
 */
export function isFreeOfSecrets(value: unknown, knownSecrets: readonly string[], parent?: string, depth = 0): boolean {
  switch (typeof value) {
    case 'string':
      return !mayHoldSecret(value, knownSecrets);
    case 'number':
    case 'boolean':
    case 'undefined':
      return true;
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (depth >= MAX_DEPTH) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype === Array.prototype) {
    const items = value as unknown[];
    if (items.length > MAX_ARRAY_LENGTH) return false;
    for (let i = 0; i < items.length; i++) {
      if (!isFreeOfSecrets(items[i], knownSecrets, parent, depth + 1)) return false;
    }
    return true;
  }
  if (prototype !== Object.prototype && prototype !== null) return false;
  // for…in, as pino walks the object; inherited enumerable fields are checked too (never trusted).
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined && item !== null && isSecretField(key, parent)) return false;
    if (!isFreeOfSecrets(item, knownSecrets, key, depth + 1)) return false;
  }
  return true;
}
