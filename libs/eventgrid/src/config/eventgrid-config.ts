import { readInteger, type InvalidSetting } from '@switchyard/env-config';
import { EventGridConfigError } from './eventgrid-config.error';

export interface EventGridConfig {
  /** The topic endpoint, e.g. https://outcomes.westeurope-1.eventgrid.azure.net/api/events. */
  endpoint: string;
  /** Access key; when absent the publisher authenticates with DefaultAzureCredential (workload identity). */
  key?: string;
  batchSize: number;
  queueLimit: number;
  maxAttempts: number;
  timeoutMs: number;
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);
const topicPath = '/api/events';

const invalid: InvalidSetting = (variable, problem) => new EventGridConfigError(variable, `is invalid: ${problem}`);

/**
 * Reads the EVENTGRID_* variables. Returns undefined when EVENTGRID_ENDPOINT is unset
 * (outcomes then go nowhere but the bus); throws EventGridConfigError when a value is malformed.
 */
export function eventGridConfigFromEnv(env: Record<string, string | undefined> = process.env): EventGridConfig | undefined {
  const endpoint = env['EVENTGRID_ENDPOINT']?.trim();
  if (!endpoint) return undefined;
  const key = env['EVENTGRID_KEY']?.trim();
  const url = parseEndpoint(endpoint);
  // The SDK sends Entra ID tokens only over TLS: without a key, every publish to http:// would fail.
  if (url.protocol === 'http:' && !key) {
    throw new EventGridConfigError('EVENTGRID_ENDPOINT', `is http://, which works only with EVENTGRID_KEY (Entra ID tokens are sent over https:// only): set EVENTGRID_KEY or use https://`);
  }
  return {
    endpoint: url.toString(),
    ...(key ? { key } : {}),
    batchSize: readInteger(env, 'EVENTGRID_BATCH_SIZE', { fallback: 100, min: 1, max: 1000 }, invalid),
    queueLimit: readInteger(env, 'EVENTGRID_QUEUE_LIMIT', { fallback: 10_000, min: 1, max: 1_000_000 }, invalid),
    maxAttempts: readInteger(env, 'EVENTGRID_MAX_ATTEMPTS', { fallback: 6, min: 1, max: 20 }, invalid),
    timeoutMs: readInteger(env, 'EVENTGRID_TIMEOUT_MS', { fallback: 10_000, min: 100, max: 120_000 }, invalid),
  };
}

function parseEndpoint(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new EventGridConfigError('EVENTGRID_ENDPOINT', `is not a URL: set it to the topic endpoint, e.g. https://<topic>.<region>-1.eventgrid.azure.net/api/events`);
  }
  // Plain http is only tolerated on loopback (local runs and tests); the key must never cross a network in clear text.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopbackHosts.has(url.hostname))) {
    throw new EventGridConfigError('EVENTGRID_ENDPOINT', `must use https:// (http:// is accepted only for loopback hosts), got ${url.protocol}//${url.host}`);
  }
  // The client posts to the URL as given: a topic's host alone (as in the portal's resource URL) would
  // only fail at every publish, long after start-up.
  if (url.pathname.replace(/\/$/, '') !== topicPath) {
    throw new EventGridConfigError('EVENTGRID_ENDPOINT', `must be the topic endpoint, ending in ${topicPath}: e.g. ${url.protocol}//${url.host}${topicPath}`);
  }
  return url;
}
