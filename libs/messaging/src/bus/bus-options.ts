import { quoteValue, readInteger } from '@switchyard/env-config';
import type { EmbeddedBus } from '../embedded/embedded-bus';
import type { EmbeddedBusOptions } from '../embedded/embedded-options';
import { BusConfigError } from '../errors/bus-config.error';
import { DEFAULT_REDELIVERY_DELAY, type RedeliveryDelay } from './redelivery-delay';
import type { ServiceBusErrorHandler } from '../servicebus/servicebus-error-event';
import type { Topology } from './topology';

export interface ServiceBusConnection {
  /** Namespace host name (`<ns>.servicebus.windows.net`), authenticated with DefaultAzureCredential. */
  fullyQualifiedNamespace?: string;
  /** Connection string (emulator, local development). */
  connectionString?: string;
  /** Create missing topics/subscriptions/rules (emulator and local use only). */
  createEntities?: boolean;
  topology?: Topology;
  /**
   * The topics this process publishes to. Their sender links are opened (within publishTimeoutMs)
   * before the bus reports `ready`, so a replica that cannot publish is never ready and its first
   * publishes need no token, connection or link of their own. Default: none, ready at once.
   */
  publishesTo?: readonly string[];
  publishTimeoutMs?: number;
  /** How long an abandoned message waits (in its lock) before it is delivered again; default 1 s doubling to 30 s. */
  redeliveryDelay?: RedeliveryDelay;
  /** Told about settle failures and receive errors; default: one JSON line on stderr. */
  onError?: ServiceBusErrorHandler;
}

export type BusOptions =
  | { backend: 'embedded'; embedded?: EmbeddedBus; embeddedOptions?: EmbeddedBusOptions }
  | ({ backend: 'servicebus' } & ServiceBusConnection);

type Env = Record<string, string | undefined>;

/** What the environment does not say. */
export interface BusOptionsDefaults {
  /**
   * The topology the bus runs on, on either backend (default: the one declared in
   * @switchyard/contracts). A consumer outside switchyard passes the contracts plus its own subscription.
   */
  topology?: Topology;
  /** On Service Bus, the topics whose sender links must open before the bus is ready (ServiceBusConnection.publishesTo). */
  publishesTo?: readonly string[];
}

const invalid = (variable: string, problem: string) => new BusConfigError(variable, problem);

/**
 * Reads BUS, SERVICEBUS_FQDN / SERVICEBUS_CONNECTION_STRING, SERVICEBUS_CREATE_ENTITIES,
 * BUS_PUBLISH_TIMEOUT_MS, BUS_REDELIVERY_DELAY_MS / BUS_REDELIVERY_MAX_DELAY_MS and, for the embedded
 * bus only, BUS_EMBEDDED_MAX_MESSAGES. Throws
 * BusConfigError naming the variable that is missing or malformed. `topology` applies to both backends.
 */
export function busOptionsFromEnv(env: Env = process.env, { topology, publishesTo }: BusOptionsDefaults = {}): BusOptions {
  // Blank means unset, as for every other variable.
  const backend = env['BUS']?.trim() || 'embedded';
  // Capped: setTimeout turns anything above 2^31-1 ms into 1 ms.
  const publishTimeoutMs = readInteger(env, 'BUS_PUBLISH_TIMEOUT_MS', { min: 1, max: 600_000 }, invalid);
  const redeliveryDelay = redeliveryDelayFromEnv(env);
  if (backend === 'embedded') {
    const maxMessagesPerSubscription = readInteger(env, 'BUS_EMBEDDED_MAX_MESSAGES', { min: 1, max: 10_000_000 }, invalid);
    return { backend, embeddedOptions: { publishTimeoutMs, redeliveryDelay, maxMessagesPerSubscription, ...(topology && { topology }) } };
  }
  if (backend !== 'servicebus') throw new BusConfigError('BUS', `must be "servicebus" or "embedded", got ${quoteValue(backend)}`);
  const fullyQualifiedNamespace = nonEmpty(env['SERVICEBUS_FQDN']);
  const connectionString = nonEmpty(env['SERVICEBUS_CONNECTION_STRING']);
  if (!fullyQualifiedNamespace && !connectionString) {
    throw new BusConfigError(
      'SERVICEBUS_FQDN',
      'BUS=servicebus needs SERVICEBUS_FQDN (namespace host, e.g. myns.servicebus.windows.net, used with DefaultAzureCredential) or SERVICEBUS_CONNECTION_STRING',
    );
  }
  if (fullyQualifiedNamespace && !/^[a-z0-9][a-z0-9.-]*[a-z0-9](:\d+)?$/i.test(fullyQualifiedNamespace)) {
    throw new BusConfigError('SERVICEBUS_FQDN', 'must be a host name such as myns.servicebus.windows.net (no scheme, no path)');
  }
  if (connectionString && !/Endpoint=sb:\/\//i.test(connectionString)) {
    // The value is a secret: say what is wrong without echoing it.
    throw new BusConfigError('SERVICEBUS_CONNECTION_STRING', 'must contain "Endpoint=sb://..." (value not shown)');
  }
  return {
    backend,
    fullyQualifiedNamespace,
    connectionString,
    createEntities: booleanFlag(env, 'SERVICEBUS_CREATE_ENTITIES'),
    publishTimeoutMs,
    redeliveryDelay,
    ...(topology && { topology }),
    ...(publishesTo && { publishesTo }),
  };
}

/** The wait before an abandoned message is delivered again: first, doubling up to max (0 turns it off). */
export function redeliveryDelayFromEnv(env: Env): RedeliveryDelay {
  const firstMs = readInteger(env, 'BUS_REDELIVERY_DELAY_MS', { fallback: DEFAULT_REDELIVERY_DELAY.firstMs, min: 0, max: 300_000 }, invalid);
  const maxMs = readInteger(env, 'BUS_REDELIVERY_MAX_DELAY_MS', { fallback: Math.max(firstMs, DEFAULT_REDELIVERY_DELAY.maxMs), min: 0, max: 300_000 }, invalid);
  if (maxMs < firstMs) throw invalid('BUS_REDELIVERY_MAX_DELAY_MS', `must be at least BUS_REDELIVERY_DELAY_MS (${firstMs}), got ${maxMs}`);
  return { firstMs, maxMs };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}

function booleanFlag(env: Env, name: string): boolean {
  const value = nonEmpty(env[name])?.toLowerCase();
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new BusConfigError(name, `must be "true" or "false", got ${quoteValue(value)}`);
}
