// Safe readers for untrusted JSON: own properties only (never the prototype chain, so keys such as
// `__proto__` or `constructor` cannot smuggle in functions), and no recursion.

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value === undefined) return 'nothing';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Reads `obj.k1.k2…`, returning undefined as soon as a step is not an object or lacks the key. */
export function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isObject(current) || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

export function objectAt(value: unknown, ...path: string[]): JsonObject | undefined {
  const found = at(value, ...path);
  return isObject(found) ? found : undefined;
}

export function stringAt(value: unknown, ...path: string[]): string | undefined {
  const found = at(value, ...path);
  return typeof found === 'string' ? found : undefined;
}

/** A non-empty string, or undefined (Azure DevOps sends `null` and `""` for unknown names). */
export function textAt(value: unknown, ...path: string[]): string | undefined {
  const found = stringAt(value, ...path);
  return found !== undefined && found.length > 0 ? found : undefined;
}

/** .NET's DateTime.MinValue (0001-01-01), which Azure DevOps sends for "no time" / "not yet". */
export function isNoTime(text: string): boolean {
  return text.startsWith('0001-01-01');
}

/** A time, unless it is .NET's "no time" (isNoTime). */
export function timeAt(value: unknown, ...path: string[]): string | undefined {
  const time = textAt(value, ...path);
  return time !== undefined && isNoTime(time) ? undefined : time;
}

/** A non-negative integer id; digit strings are accepted because some payloads quote ids. */
export function idAt(value: unknown, ...path: string[]): number | undefined {
  const found = at(value, ...path);
  if (typeof found === 'number') return Number.isSafeInteger(found) && found >= 0 ? found : undefined;
  if (typeof found === 'string' && /^\d{1,15}$/.test(found)) return Number(found);
  return undefined;
}

/** An identifier that may arrive as a string (GUID) or a number, returned as a string. */
export function keyAt(value: unknown, ...path: string[]): string | undefined {
  const found = at(value, ...path);
  if (typeof found === 'string' && found.length > 0) return found;
  if (typeof found === 'number' && Number.isFinite(found)) return String(found);
  return undefined;
}

/** The first candidate that is not undefined. */
export function firstDefined<T>(...candidates: (T | undefined)[]): T | undefined {
  for (const candidate of candidates) if (candidate !== undefined) return candidate;
  return undefined;
}

/** Drops undefined properties so optional fields are absent rather than `undefined`. */
export function compact<T extends object>(value: T): T {
  // A plain loop: Object.fromEntries(Object.entries(…).filter(…)) costs several times as much per hook.
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) result[key] = field;
  }
  return result as T;
}
