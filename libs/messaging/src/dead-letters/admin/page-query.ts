import type { ListDeadLettersOptions } from '../dead-letter.port';
import { InvalidDeadLetterPageError } from '../invalid-dead-letter-page.error';
import { checkCursor, checkLimitText } from '../resolve-list-options';

/**
 * `?limit=&after=` of the list route as list options; throws `InvalidDeadLetterPageError` naming the
 * parameter. A cursor belongs to one subscription's pages, so `after` needs `subscription`.
 */
export function pageQuery(query: Record<string, unknown>): ListDeadLettersOptions {
  const { limit, after, subscription } = query;
  const options: ListDeadLettersOptions = {};
  if (limit !== undefined) options.limit = checkLimitText(limit);
  if (after !== undefined) {
    options.after = checkCursor(after);
    if (typeof subscription !== 'string' || !subscription) {
      throw new InvalidDeadLetterPageError('after', '"after" needs "subscription" (topic/name): a cursor belongs to the pages of one subscription');
    }
  }
  return options;
}
