import { Writable } from 'node:stream';
import type { EventEnvelope } from '@switchyard/contracts';
import type { Bus, EmbeddedBus } from '@switchyard/messaging';
import { createTestBus } from '@switchyard/messaging/testing';
import { createLogger } from '@switchyard/observability';
import { startIngress, type RunningIngress, type StartIngressOptions } from '../src/start-ingress';

export const KEYS = {
  prod: 'prod-secret-0123456789abcdef',
  tfs: 'tfs-secret-fedcba9876543210',
};
export const HOOK_KEYS = `ado-prod:${KEYS.prod},tfs-onprem:${KEYS.tfs}`;

export interface Harness {
  ingress: RunningIngress;
  bus: EmbeddedBus;
  /** Every event the bus accepted (not duplicates), in order. */
  accepted: EventEnvelope[];
  /** Every publish attempt the bus saw, duplicates included. */
  attempts: Array<{ id: string; duplicate: boolean }>;
  logLines: string[];
  hookUrl(query?: string): string;
  close(): Promise<void>;
}

/** Starts the real ingress on loopback (any free port) over an embedded bus, capturing its log lines. */
export async function startHarness(
  env: Record<string, string> = {},
  busOverride?: (bus: EmbeddedBus) => Bus,
  options: Pick<StartIngressOptions, 'requestTimeoutMs'> = {},
): Promise<Harness> {
  const bus = createTestBus();
  const accepted: EventEnvelope[] = [];
  const attempts: Array<{ id: string; duplicate: boolean }> = [];
  const subscription = bus.published$.subscribe((published) => {
    attempts.push({ id: published.message.messageId, duplicate: published.duplicate });
    if (!published.duplicate) accepted.push(published.message.body as EventEnvelope);
  });
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  const ingress = await startIngress({
    bus: busOverride ? busOverride(bus) : bus,
    env: { HOOK_KEYS, HOST: '127.0.0.1', ...env },
    port: 0,
    logger: createLogger({ service: 'ingress', level: 'debug', destination, secrets: Object.values(KEYS) }),
    ...options,
  });
  return {
    ingress,
    bus,
    accepted,
    attempts,
    logLines,
    hookUrl: (query = '') => `${ingress.url}/hooks/azure-devops${query}`,
    async close() {
      await ingress.close();
      subscription.unsubscribe();
      await bus.close();
    },
  };
}

export function postHook(
  url: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: body as RequestInit['body'],
  });
}

export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
