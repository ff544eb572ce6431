import { findCertificateFailure } from './certificate-failure';

/**
 * Which requests the client may send a second time after a failure that leaves open whether Azure
 * DevOps processed the first one (a timeout, a dropped connection, a 5xx that a gateway may have sent
 * for a backend that did the work). Sending a TaskCompleted decision or a build queue twice makes a
 * second decision or a second build, so those are never resent then: the caller gets the retryable
 * error, marked `outcomeUnknown`, and checks the state before it tries again.
 */

/** Repeating these has the effect of sending once (RFC 9110 §9.2.2). */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE', 'TRACE']);

/**
 * The writes of this library whose repetition is harmless although their method is POST or PATCH.
 * Any other POST or PATCH (in particular …/plans/{planId}/events and …/_apis/build/builds) is not.
 */
const REPEATABLE_WRITES: readonly { method: string; path: RegExp; why: string }[] = [
  { method: 'PATCH', path: /\/_apis\/distributedtask\/hubs\/[^/]+\/plans\/[^/]+\/timelines\/[^/]+\/records$/i, why: 'sets the given fields to the given values' },
  { method: 'POST', path: /\/_apis\/build\/builds\/\d+\/tags$/i, why: 'adds tags to a set' },
  { method: 'POST', path: /\/_apis\/build\/builds\/\d+\/workitems$/i, why: 'a read (work items of the given commits) sent as POST' },
  { method: 'POST', path: /\/_apis\/distributedtask\/hubs\/[^/]+\/plans\/[^/]+\/logs$/i, why: 'a second, empty log is never attached to the record' },
  { method: 'POST', path: /\/_apis\/distributedtask\/hubs\/[^/]+\/plans\/[^/]+\/logs\/\d+$/i, why: 'at worst repeats progress lines in the log' },
];

/**
 * Transport errors raised before any byte of the request left (name resolution, connect; a refused
 * certificate, see certificate-failure.ts): nothing can have been processed.
 */
const NOTHING_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** True when sending the request twice does no more than sending it once. */
export function isRepeatable(method: string, url: URL): boolean {
  const verb = method.toUpperCase();
  return IDEMPOTENT_METHODS.has(verb) || REPEATABLE_WRITES.some((write) => write.method === verb && write.path.test(url.pathname));
}

/** True for a transport error that happened before anything was sent. */
export function failedBeforeSending(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (typeof code === 'string' && NOTHING_SENT_CODES.has(code)) || findCertificateFailure(error) !== undefined;
}

/**
 * Answers saying the request was not processed: 429 (throttled), 408 (the server, or a proxy, gave up
 * waiting for the request itself) and 425 (too early: refused before processing).
 */
export function refusedUnprocessed(status: number): boolean {
  return status === 429 || status === 408 || status === 425;
}
