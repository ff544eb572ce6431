import { isObservable, lastValueFrom } from 'rxjs';
import type { Settlement } from '../bus/bus.port';
import { asPermanentFailure } from '../errors/permanent.error';

/** Dead-letter descriptions are capped: Service Bus limits them and they are read by people. */
const MAX_DESCRIPTION_LENGTH = 1024;

export function deadLetter(reason: string, description: string): Settlement {
  return { kind: 'deadLetter', reason, description: description.slice(0, MAX_DESCRIPTION_LENGTH) };
}

/**
 * Runs a handler to the end (awaiting a returned promise or observable, unlike Nest's base
 * `handleEvent`) and turns its outcome into a settlement: success → complete,
 * PermanentError → dead-letter with its code, anything else → abandon (redelivery).
 */
export async function settleByOutcome(run: () => unknown): Promise<Settlement> {
  try {
    const result = await run();
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
    return { kind: 'complete' };
  } catch (error) {
    const permanent = asPermanentFailure(error);
    if (permanent) return deadLetter(permanent.code, permanent.message);
    return { kind: 'abandon', error };
  }
}
