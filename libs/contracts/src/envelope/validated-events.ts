import type { EventContract } from './define-event';

// Envelopes built by createEvent whose every field was checked, with the contract that checked them.
// A WeakMap: nothing is kept alive once the event is gone.
const validated = new WeakMap<object, EventContract>();

export function markValidated(event: object, contract: EventContract): void {
  validated.set(event, contract);
}

/**
 * True when `event` is the very object createEvent (or normalizeServiceHook) built for `contract`
 * and checked whole, so a publisher need not validate it again. A copy (`{ ...event }`) is not;
 * mutating a built event in place is not supported (consumers validate every message anyway).
 */
export function isValidatedEvent(event: unknown, contract: EventContract): boolean {
  return typeof event === 'object' && event !== null && validated.get(event) === contract;
}
