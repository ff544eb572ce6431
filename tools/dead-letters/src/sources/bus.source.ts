import { InvalidDeadLetterPageError, refOf, resolveSubscriptions, resubmitDeadLetters, toDeadLetterView, SubscriptionRefError, type Bus } from '@switchyard/messaging';
import { CliError } from '../cli/cli-error';
import type { DeadLetterSource } from './dead-letter-source.port';

/** Reads the dead-letter sub-queues through a Bus (Service Bus from env in production). */
export function busSource(bus: Bus): DeadLetterSource {
  const specsFor = (subscription: string | undefined) => {
    try {
      return resolveSubscriptions(bus.topology, subscription);
    } catch (error) {
      if (error instanceof SubscriptionRefError) throw new CliError(error.code, error.message, true);
      throw error;
    }
  };
  return {
    async list(subscription, showBody, page = {}) {
      const found = [];
      for (const spec of specsFor(subscription)) {
        const deadLetters = await bus
          .deadLetters(spec.topic, spec.name)
          .list(page)
          .catch((error: unknown) => {
            if (error instanceof InvalidDeadLetterPageError) throw new CliError(error.code, error.message, true);
            throw error;
          });
        const next = deadLetters.next === undefined ? {} : { next: deadLetters.next };
        found.push({ subscription: refOf(spec), deadLetters: deadLetters.map((d) => toDeadLetterView(d, showBody)), ...next });
      }
      return found;
    },
    async resubmit(subscription, ids) {
      const [spec] = specsFor(subscription);
      return resubmitDeadLetters(bus.deadLetters(spec.topic, spec.name), refOf(spec), ids);
    },
    close: () => bus.close(),
  };
}
