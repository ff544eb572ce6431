/**
 * Turning the event into badges failed for a reason no more specific error names (a value the
 * contract schema lets through but a path or label cannot use). That step reads only the event, so
 * a redelivery fails the same way: the event is dead-lettered at once instead of retried until the
 * bus gives up, with the cause in the description.
 */
export class BadgeEventUnrenderableError extends Error {
  readonly code = 'BADGE_EVENT_UNRENDERABLE';
  override readonly name = 'BadgeEventUnrenderableError';

  constructor(cause: unknown) {
    const why = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`the event could not be turned into a badge (${why}); it would fail the same way on every delivery`, { cause });
  }
}
