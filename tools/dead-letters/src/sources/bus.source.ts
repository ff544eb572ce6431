import { InvalidDeadLetterPageError, purgeDeadLetters, refOf, resolveSubscriptions, resubmitDeadLetters, toDeadLetterView, SubscriptionRefError, type Bus } from '@switchyard/messaging';
import { CliError } from '../cli/cli-error';
import type { DeadLetterSource } from './dead-letter-source.port';

/** Reads the dead-letter sub-queues through a Bus (Service Bus from env in production); `namespace` names it in errors. */
export function busSource(bus: Bus, namespace: string): DeadLetterSource {
  const specsFor = (subscription: string | undefined) => {
    try {
      return resolveSubscriptions(bus.topology, subscription);
    } catch (error) {
      // Exit 1, as when the admin API refuses the subscription (docs/observability.md, exit codes).
      if (error instanceof SubscriptionRefError) throw new CliError(error.code, error.message);
      throw error;
    }
  };
  // The SDK's text names the host or entity and never a credential; alone it does not say what to check.
  const failed = (error: unknown): never => {
    if (error instanceof CliError) throw error;
    if (error instanceof InvalidDeadLetterPageError) throw new CliError(error.code, error.message, true);
    const { code, message } = error as { code?: unknown; message?: unknown };
    const said = [typeof code === 'string' && !String(message).startsWith(code) ? code : undefined, message ?? String(error)].filter(Boolean).join(': ');
    throw new CliError(
      'CLI.SERVICEBUS_FAILED',
      `Service Bus ${namespace} failed: ${said}. Check SERVICEBUS_FQDN / SERVICEBUS_CONNECTION_STRING, the network to the namespace, and that your identity has Azure Service Bus Data Receiver and Data Sender on it`,
    );
  };
  return {
    async list(subscription, showBody, page = {}) {
      const found = [];
      for (const spec of specsFor(subscription)) {
        const deadLetters = await bus.deadLetters(spec.topic, spec.name).list(page).catch(failed);
        const next = deadLetters.next === undefined ? {} : { next: deadLetters.next };
        found.push({ subscription: refOf(spec), deadLetters: deadLetters.map((d) => toDeadLetterView(d, showBody)), ...next });
      }
      return found;
    },
    async resubmit(subscription, ids) {
      const [spec] = specsFor(subscription);
      return resubmitDeadLetters(bus.deadLetters(spec.topic, spec.name), refOf(spec), ids).catch(failed);
    },
    async purge(subscription, selection) {
      const [spec] = specsFor(subscription);
      return purgeDeadLetters(bus.deadLetters(spec.topic, spec.name), refOf(spec), selection).catch(failed);
    },
    close: () => bus.close(),
  };
}
