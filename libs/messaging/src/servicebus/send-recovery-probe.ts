import type { ServiceBusClient } from '@azure/service-bus';
import { RECOVERY_PROBE_MS, recoveryProbe } from './recovery-probe';

export interface SendRecoveryProbe {
  /** A send on `topic` degraded readiness: check that topic again after the interval, until it works. */
  failed(topic: string): void;
  /** A send worked: no check needed. */
  recovered(): void;
  stop(): void;
}

/**
 * Otherwise only a successful send makes a failed send's degraded state ready again, and a replica
 * that is not ready gets no traffic to send: a publish-only process (the ingress) would stay out of
 * its Service until restarted. So after such a failure a new sender link is opened on the topic every interval:
 * `createMessageBatch` attaches it (the link's maximum message size comes from the broker), which
 * proves the namespace is reachable, the topic exists and the identity may send, needing no more
 * than Send rights and sending nothing. The link is closed again; the cached sender reconnects by itself.
 */
export function sendRecoveryProbe(client: ServiceBusClient, onRecovered: () => void, intervalMs = RECOVERY_PROBE_MS): SendRecoveryProbe {
  let topic = '';
  const stopping = new AbortController();
  const probe = recoveryProbe(
    async () => {
      const sender = client.createSender(topic);
      try {
        await sender.createMessageBatch({ abortSignal: stopping.signal });
      } finally {
        await sender.close().catch(() => undefined);
      }
    },
    onRecovered,
    intervalMs,
  );
  return {
    failed: (failedTopic) => {
      topic = failedTopic;
      probe.failed();
    },
    recovered: () => probe.recovered(),
    stop: () => {
      probe.stop();
      stopping.abort();
    },
  };
}
