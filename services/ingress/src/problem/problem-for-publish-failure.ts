import { InvalidEventError } from '@switchyard/messaging';
import { RETRY_AFTER_SECONDS } from './problem-for-error';
import { ProblemError } from './problem.error';

/**
 * The bus refused the message or did not accept it in time (BusUnavailableError, which PublishDeadline
 * throws too): the only publish failure that a retry can cure, so the only one answered 503.
 */
export function isBusFailure(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'MESSAGING.BUS_UNAVAILABLE';
}

/**
 * 400 for an event the publisher found not to fit its contract: the same request would fail the same
 * way every time, so a 503 would only make the sender retry in vain. The issues name event fields,
 * never their values. Undefined for any other error.
 */
export function eventInvalidProblem(error: unknown, detail: string): ProblemError | undefined {
  if (!(error instanceof InvalidEventError) || error.code !== 'MESSAGING.INVALID_EVENT') return undefined;
  return new ProblemError(400, 'EVENT_INVALID', 'Bad Request', detail, { issues: error.issues, cause: error });
}

/** 503 with Retry-After for a publish the bus did not accept: the sender may try again. */
export function busUnavailableProblem(detail: string, cause: unknown): ProblemError {
  return new ProblemError(503, 'BUS_UNAVAILABLE', 'Service Unavailable', detail, { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) }, cause });
}
