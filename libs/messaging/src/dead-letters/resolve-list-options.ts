import { DEAD_LETTER_PAGE_DEFAULT, DEAD_LETTER_PAGE_MAX } from './constants';
import type { ListDeadLettersOptions } from './dead-letter.port';
import { InvalidDeadLetterPageError } from './invalid-dead-letter-page.error';

/** Both backends' cursors are a sequence number (Service Bus: a 64-bit `Long`). */
const CURSOR = /^(0|[1-9]\d{0,18})$/;
const MAX_SEQUENCE = 2n ** 63n - 1n;

export interface ResolvedListOptions {
  limit: number;
  /** The first sequence number of the page (inclusive), as decimal digits. */
  after?: string;
}

/** Checks a page request, filling in the default limit; throws `InvalidDeadLetterPageError` naming the option. */
export function resolveListOptions(options: ListDeadLettersOptions = {}): ResolvedListOptions {
  const limit = options.limit === undefined ? DEAD_LETTER_PAGE_DEFAULT : checkLimit(options.limit);
  return options.after === undefined ? { limit } : { limit, after: checkCursor(options.after) };
}

/** A page size from 1 to `DEAD_LETTER_PAGE_MAX`; anything else (from code or a query string) throws. */
export function checkLimit(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= DEAD_LETTER_PAGE_MAX) return value;
  throw new InvalidDeadLetterPageError('limit', `"limit" must be a whole number from 1 to ${DEAD_LETTER_PAGE_MAX} (got ${shown(value)})`);
}

/** A page size as a person typed it (query string, command line): decimal digits, then `checkLimit`. */
export function checkLimitText(value: unknown): number {
  return checkLimit(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
}

/** A `next` cursor as a page gave it; anything else throws. */
export function checkCursor(value: unknown): string {
  if (typeof value === 'string' && CURSOR.test(value) && BigInt(value) <= MAX_SEQUENCE) return value;
  throw new InvalidDeadLetterPageError('after', `"after" must be the "next" cursor of a previous page, as it was given (got ${shown(value)})`);
}

/** The value as sent, short: it may be anything a person typed. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
