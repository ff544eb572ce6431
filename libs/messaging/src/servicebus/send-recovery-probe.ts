import type { ServiceBusClient, ServiceBusSender } from '@azure/service-bus';
import { RECOVERY_PROBE_MS, recoveryProbe } from './recovery-probe';

export interface SendRecoveryProbe {
  /** Sending on (or opening a link to) these topics degraded readiness: check them again after the interval, until they work. */
  failed(...topics: string[]): void;
  /** A send worked: no check needed. */
  recovered(): void;
  stop(): void;
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
 * Otherwise only a successful send makes a failed send's degraded state ready again, and a replica
 * that is not ready gets no traffic to send: a publish-only process (the ingress) would stay out of
 * its Service until restarted. So after such a failure a new sender link is opened on each failed
 * topic every interval (attachSenderLink) and closed again; the cached sender reconnects by itself.
 */
export function sendRecoveryProbe(client: ServiceBusClient, onRecovered: () => void, intervalMs = RECOVERY_PROBE_MS): SendRecoveryProbe {
  const topics = new Set<string>();
  const stopping = new AbortController();
  const probe = recoveryProbe(
    () =>
      Promise.all(
        [...topics].map(async (topic) => {
          const sender = client.createSender(topic);
          try {
            await attachSenderLink(sender, stopping.signal);
          } finally {
            await sender.close().catch(() => undefined);
          }
        }),
      ),
    () => {
      topics.clear();
      onRecovered();
    },
    intervalMs,
  );
  return {
    failed: (...failedTopics) => {
      for (const topic of failedTopics) topics.add(topic);
      probe.failed();
    },
    recovered: () => {
      topics.clear();
      probe.recovered();
    },
    stop: () => {
      probe.stop();
      stopping.abort();
    },
  };
}
