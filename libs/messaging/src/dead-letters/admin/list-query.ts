import { shown } from '../resolve-list-options';
import { InvalidAdminQueryError } from './invalid-admin-query.error';

/** Every query parameter of the list route; `limit` and `after` are checked by `pageQuery`. */
export const LIST_QUERY_PARAMETERS = ['subscription', 'showBody', 'limit', 'after'] as const;

export interface ListQuery {
  /** `topic/name`; every subscription when omitted. */
  subscription?: string;
  showBody: boolean;
}

/**
 * `?subscription=&showBody=` of the list route; throws `InvalidAdminQueryError` naming the parameter.
 * An unknown parameter is refused rather than ignored: a misspelled `subscription` would otherwise
 * list every subscription, and a `showBody=1` would quietly hide the bodies asked for.
 */
export function listQuery(query: Record<string, unknown>): ListQuery {
  for (const name of Object.keys(query)) {
    if (!(LIST_QUERY_PARAMETERS as readonly string[]).includes(name)) {
      throw new InvalidAdminQueryError(name, `Unknown query parameter ${shown(name)}; use ${LIST_QUERY_PARAMETERS.join(', ')}`);
    }
  }
  const { subscription, showBody } = query;
  if (subscription !== undefined && typeof subscription !== 'string') {
    throw new InvalidAdminQueryError('subscription', '"subscription" must be given once, as topic/name');
  }
  return { subscription, showBody: showBodyOf(showBody) };
}

function showBodyOf(value: unknown): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (Array.isArray(value)) throw new InvalidAdminQueryError('showBody', '"showBody" must be given once, true or false');
  throw new InvalidAdminQueryError('showBody', `"showBody" must be true or false (got ${shown(value)})`);
}
