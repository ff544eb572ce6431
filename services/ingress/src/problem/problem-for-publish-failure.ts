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

/**
 * 413 EVENT_TOO_LARGE: the bus refuses an event over its message limit on every retry, so never a 503.
 * `why` says how it was found too large (measured here, or refused by the bus).
 */
export function eventTooLarge(why: string, cause?: unknown): ProblemError {
  return new ProblemError(
    413,
    'EVENT_TOO_LARGE',
    'Payload Too Large',
    `${why}; send a smaller notification (e.g. a service-hook resource version or event with less detail).`,
    cause === undefined ? {} : { cause },
  );
}

/**
 * EVENT_TOO_LARGE for a message the bus refused for its size (MessageTooLargeError, matched by code:
 * Service Bus `MessageSizeExceeded`). Undefined for any other failure.
 */
export function eventTooLargeProblem(error: unknown, busMaxMessageBytes: number): ProblemError | undefined {
  if ((error as { code?: unknown } | null)?.code !== 'MESSAGING.MESSAGE_TOO_LARGE') return undefined;
  return eventTooLarge(
    `The event bus refused the event as larger than its message limit (BUS_MAX_MESSAGE_BYTES is ${busMaxMessageBytes}); resending it unchanged fails the same way`,
    error,
  );
}

/** 503 with Retry-After for a publish the bus did not accept: the sender may try again. */
export function busUnavailableProblem(detail: string, cause: unknown): ProblemError {
  return new ProblemError(503, 'BUS_UNAVAILABLE', 'Service Unavailable', detail, { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) }, cause });
}
