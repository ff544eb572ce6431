import { isUtf8 } from 'node:buffer';
import type { ProblemCode } from '../problem/problem-codes';
import { ProblemError } from '../problem/problem.error';

/** Deeper JSON than this is refused: real service hooks nest about 10 levels. */
export const MAX_JSON_DEPTH = 64;

const BOM = 0xfeff;

function invalid(code: ProblemCode, detail: string): ProblemError {
  return new ProblemError(400, code, 'Bad Request', detail);
}

// Bracket depth outside strings, measured before parsing so deep input never reaches a recursive
// walker. Strings are skipped with indexOf (native), so the loop only visits the JSON's structure:
// most of a service hook's bytes are inside strings.
function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x22) {
      i = closingQuote(text, i);
      if (i < 0) return false; // unterminated string: JSON.parse refuses it with its position
    } else if (char === 0x7b || char === 0x5b) {
      if (++depth > limit) return true;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return false;
}

// Nesting needs an opening bracket per level, so a body with at most `limit` of them (most hooks have
// a few dozen) cannot be too deep; counting them with indexOf is far cheaper than the exact scan.
function hasMoreOpeningBracketsThan(text: string, limit: number): boolean {
  let count = 0;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) if (++count > limit) return true;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) if (++count > limit) return true;
  return false;
}

// Index of the quote that ends the string opened at `open`, or -1.
function closingQuote(text: string, open: number): number {
  let end = text.indexOf('"', open + 1);
  while (end > 0 && text.charCodeAt(end - 1) === 0x5c) {
    // A quote after an odd run of backslashes is escaped.
    let backslashes = 1;
    while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) break;
    end = text.indexOf('"', end + 1);
  }
  return end;
}

// The full walk only runs when a forbidden key could be present (also spelled with \u escapes).
// "proto" covers both "__proto__" and "prototype" in one native scan.
function mayHoldForbiddenKey(text: string): boolean {
  return text.includes('proto') || text.includes('\\u');
}

function findForbiddenKey(root: unknown): string | undefined {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    for (const key of Object.keys(value)) {
      if (key === '__proto__') return key;
      if (key === 'constructor') {
        const inner = (value as Record<string, unknown>)[key];
        if (inner !== null && typeof inner === 'object' && Object.hasOwn(inner, 'prototype')) return 'constructor.prototype';
      }
      stack.push((value as Record<string, unknown>)[key]);
    }
  }
  return undefined;
}

/**
 * Decodes a JSON body as UTF-8 (tolerating a BOM) and parses it. Refuses, with a 400 problem saying
 * what is wrong: an empty body, bytes that are not UTF-8, invalid JSON, nesting deeper than
 * MAX_JSON_DEPTH, and the prototype-pollution keys `__proto__` / `constructor.prototype`.
 */
export function parseJsonBody(body: Buffer | undefined): unknown {
  if (!body || body.length === 0) throw invalid('EMPTY_BODY', 'The body is empty; send the JSON document.');
  // toString would turn each invalid sequence into U+FFFD and the event would be published garbled.
  // isUtf8 is a native scan of the bytes, without allocating (a BOM is valid UTF-8).
  if (!isUtf8(body)) {
    throw invalid('INVALID_UTF8', 'The body is not valid UTF-8; send the JSON encoded as UTF-8 (not Latin-1 or UTF-16).');
  }
  let text = body.toString('utf8');
  if (text.charCodeAt(0) === BOM) text = text.slice(1);
  if (hasMoreOpeningBracketsThan(text, MAX_JSON_DEPTH) && exceedsDepth(text, MAX_JSON_DEPTH)) {
    throw invalid('JSON_TOO_DEEP', `The JSON nests deeper than ${MAX_JSON_DEPTH} levels; service hooks never do.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8's message names the position, never more than a few characters of the input.
    const reason = error instanceof Error ? error.message.slice(0, 200) : 'syntax error';
    throw invalid('INVALID_JSON', `The body is not valid JSON (${reason}); send the service-hook JSON unchanged.`);
  }
  if (mayHoldForbiddenKey(text)) {
    const key = findForbiddenKey(value);
    if (key) throw invalid('FORBIDDEN_JSON_KEY', `The JSON contains the key "${key}", which is refused to prevent prototype pollution.`);
  }
  return value;
}
