import { readInteger } from '@switchyard/env-config';
import type { EmbeddedBus } from '../embedded/embedded-bus';
import type { EmbeddedBusOptions } from '../embedded/embedded-options';
import { BusConfigError } from '../errors/bus-config.error';
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
  publishTimeoutMs?: number;
  /** Told about settle failures and receive errors; default: one JSON line on stderr. */
  onError?: ServiceBusErrorHandler;
}

export type BusOptions =
  | { backend: 'embedded'; embedded?: EmbeddedBus; embeddedOptions?: EmbeddedBusOptions }
  | ({ backend: 'servicebus' } & ServiceBusConnection);

type Env = Record<string, string | undefined>;

/**
 * Reads BUS, SERVICEBUS_FQDN / SERVICEBUS_CONNECTION_STRING, SERVICEBUS_CREATE_ENTITIES and
 * BUS_PUBLISH_TIMEOUT_MS. Throws BusConfigError naming the variable that is missing or malformed.
 */
export function busOptionsFromEnv(env: Env = process.env): BusOptions {
  const backend = (env['BUS'] ?? 'embedded').trim();
  const publishTimeoutMs = readInteger(env, 'BUS_PUBLISH_TIMEOUT_MS', { min: 1 }, (variable, problem) => new BusConfigError(variable, problem));
  if (backend === 'embedded') return { backend, embeddedOptions: { publishTimeoutMs } };
  if (backend !== 'servicebus') throw new BusConfigError('BUS', `must be "servicebus" or "embedded", got "${backend}"`);
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
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}

function booleanFlag(env: Env, name: string): boolean {
  const value = nonEmpty(env[name])?.toLowerCase();
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw new BusConfigError(name, `must be "true" or "false", got "${value}"`);
}
