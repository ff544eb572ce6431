import type { DeadLetter, DeadLetterPage } from './dead-letter.port';

/** The page array with its cursor; `next` is set only when there is one. */
export function pageOf(items: DeadLetter[], next?: string): DeadLetterPage {
  return next === undefined ? items : Object.assign(items, { next });
}
