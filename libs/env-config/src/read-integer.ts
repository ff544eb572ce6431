import type { Env } from './env';
import { quoteValue } from './quote-value';

/** Builds the caller's own configuration error, so each project keeps its error class and code. */
export type InvalidSetting = (variable: string, problem: string) => Error;

export interface IntegerSetting {
  /** Used when the variable is unset or blank; without it such a variable reads as undefined. */
  fallback?: number;
  /** Smallest accepted value (inclusive). */
  min: number;
  /** Largest accepted value (inclusive); defaults to Number.MAX_SAFE_INTEGER. */
  max?: number;
}

/**
 * Reads a whole number from `env[variable]` (surrounding blanks ignored). Only plain digits count:
 * "1e3", "0x10", "+5", "2.0" and "-1" are refused, so what an operator typed is what the service uses.
 * A bad value throws `invalid(variable, '"<raw>" is not a whole number from <min> to <max>')`, quoting
 * the value only when it is short and plain (quoteValue).
 */
export function readInteger(env: Env, variable: string, setting: IntegerSetting & { fallback: number }, invalid: InvalidSetting): number;
export function readInteger(env: Env, variable: string, setting: IntegerSetting, invalid: InvalidSetting): number | undefined;
export function readInteger(env: Env, variable: string, setting: IntegerSetting, invalid: InvalidSetting): number | undefined {
  const { min, max = Number.MAX_SAFE_INTEGER } = setting;
  assertRange(min, max);
  const raw = env[variable]?.trim();
  if (!raw) return setting.fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw invalid(variable, `${quoteValue(raw)} is not a whole number ${describeRange(min, max)}`);
  }
  return value;
}

function describeRange(min: number, max: number): string {
  return max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
}

// A wrong range is a programming error in the caller, not an operator's mistake.
function assertRange(min: number, max: number): void {
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || min > max) {
    throw new RangeError(`readInteger needs whole numbers 0 <= min <= max <= ${Number.MAX_SAFE_INTEGER}, got min=${min} max=${max}`);
  }
}
