import type { Bus } from '../bus/bus.port';
import type { DeadLetter } from '../dead-letters/dead-letter.port';
import { waitFor } from './wait-for';

/** Waits until the subscription's dead-letter queue holds a message (with that id, when given). */
export function waitForDeadLetter(
  bus: Bus,
  topic: string,
  subscription: string,
  options: { messageId?: string; timeoutMs?: number } = {},
): Promise<DeadLetter> {
  return waitFor(
    async () => (await bus.deadLetters(topic, subscription).list()).find((d) => !options.messageId || d.messageId === options.messageId),
    `a dead letter on ${topic}/${subscription}${options.messageId ? ` with id ${options.messageId}` : ''}`,
    options.timeoutMs,
  );
}
