import type { ServiceBusSender } from '@azure/service-bus';
import type { SenderCache } from './sender-cache';

/** A topic whose sender link did not open, and why. */
export interface LinkFailure {
  topic: string;
  error: unknown;
}

/**
 * Attaches the sender's link, sending nothing: `createMessageBatch` asks the broker for the link's
 * maximum message size, which proves the namespace is reachable, the identity got a token, the
 * topic exists and the identity may send there (Send rights are enough).
 */
export async function attachSenderLink(sender: ServiceBusSender, abortSignal: AbortSignal): Promise<void> {
  await sender.createMessageBatch({ abortSignal });
}

/**
 * Opens the cached sender link of each topic at once, so that a publishing process is ready only
 * after Service Bus gave it a token, a connection and its links, and its first publishes do not wait
 * for them. Gives up after `timeoutMs` (start-up is never held for good) or when `closing` aborts.
 * Resolves with the first failure, or undefined when every link is open; never rejects.
 */
export async function openSenderLinks(senders: SenderCache, topics: readonly string[], timeoutMs: number, closing: AbortSignal): Promise<LinkFailure | undefined> {
  const giveUp = new AbortController();
  const abort = () => giveUp.abort();
  closing.addEventListener('abort', abort, { once: true });
  const timer = setTimeout(abort, timeoutMs);
  timer.unref();
  // The SDK retries a failed attach for longer than a start-up should wait, and may not stop at the signal at once.
  const gaveUp = new Promise<never>((_, reject) => giveUp.signal.addEventListener('abort', () => reject(giveUp.signal.reason), { once: true }));
  gaveUp.catch(() => undefined);
  try {
    const failures = await Promise.all(
      topics.map(async (topic): Promise<LinkFailure | undefined> => {
        try {
          await Promise.race([attachSenderLink(senders.get(topic), giveUp.signal), gaveUp]);
          return undefined;
        } catch (error) {
          const timedOut = giveUp.signal.aborted && !closing.aborted;
          return { topic, error: timedOut ? new Error(`Service Bus did not open the sender link of topic "${topic}" within ${timeoutMs} ms`) : error };
        }
      }),
    );
    return failures.find((failure) => failure !== undefined);
  } finally {
    clearTimeout(timer);
    closing.removeEventListener('abort', abort);
  }
}
