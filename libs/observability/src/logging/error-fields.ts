import { types } from 'node:util';

// A longer chain of causes is cut short: the message and stack of each cause are appended.
const MAX_CAUSES = 10;

type ErrorLike = Error & Record<string, unknown>;

/** An Error of this or another realm (errors built by Node's internals in a test VM, say). */
export function isError(value: object): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/**
 * An error's fields as pino's err serializer writes them: type, message and stack with those of its
 * causes appended (a cause's message only when the message does not hold it already), its AggregateError members, then its own enumerable fields. One level only: the
 * values of those fields (other errors among them) are returned as they are, for the caller to walk
 * with its own bound on depth and cycles; pino's serializer recurses into them without one.
 */
export function errorFields(error: Error): Record<string, unknown> {
  const causes = causeChain(error as ErrorLike);
  const fields: Record<string, unknown> = {
    type: typeof error.constructor === 'function' ? error.constructor.name : error.name,
    message: messageOf(causes.chain) + (causes.cut ? ': ...' : ''),
    stack: causes.chain.map((each) => (typeof each.stack === 'string' ? each.stack : '')).join('\ncaused by: ') + (causes.cut ? '\ncaused by: ...' : ''),
  };
  const members = (error as { errors?: unknown }).errors;
  if (Array.isArray(members)) fields['aggregateErrors'] = members;
  // for…in, as pino's serializer reads errors; a cause is already in the message and stack.
  for (const key in error) {
    const value = (error as ErrorLike)[key];
    if (fields[key] === undefined && !(key === 'cause' && isErrorLike(value))) fields[key] = value;
  }
  return fields;
}

// A wrapper that repeats its cause's message (adding advice, say) is not followed by that message again.
function messageOf(chain: ErrorLike[]): string {
  return chain.reduce((text, each) => (text.includes(each.message) ? text : `${text}: ${each.message}`), chain[0].message);
}

function causeChain(error: ErrorLike): { chain: ErrorLike[]; cut: boolean } {
  const chain = [error];
  for (let cause = error.cause; isErrorLike(cause); cause = cause.cause) {
    if (chain.includes(cause) || chain.length > MAX_CAUSES) return { chain, cut: true };
    chain.push(cause);
  }
  return { chain, cut: false };
}
