import { refOf, resolveSubscriptions, toDeadLetterView, SubscriptionRefError, type Bus } from '@switchyard/messaging';
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
    async list(subscription, showBody) {
      const found = [];
      for (const spec of specsFor(subscription)) {
        const deadLetters = await bus.deadLetters(spec.topic, spec.name).list();
        found.push({ subscription: refOf(spec), deadLetters: deadLetters.map((d) => toDeadLetterView(d, showBody)) });
      }
      return found;
    },
    async resubmit(subscription, ids) {
      const [spec] = specsFor(subscription);
      const queue = bus.deadLetters(spec.topic, spec.name);
      const present = ids ? new Set((await queue.list()).map((d) => d.messageId)) : undefined;
      const resubmitted = await queue.resubmit(ids);
      return { subscription: refOf(spec), resubmitted, notFound: ids?.filter((id) => !present?.has(id)) ?? [] };
    },
    close: () => bus.close(),
  };
}
