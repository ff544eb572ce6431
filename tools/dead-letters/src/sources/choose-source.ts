import { busOptionsFromEnv, createBus, type Bus, type BusOptions } from '@switchyard/messaging';
import { CliError } from '../cli/cli-error';
import type { Target } from '../cli/parse-args';
import { adminApiSource } from './admin-api.source';
import { busSource } from './bus.source';
import type { DeadLetterSource } from './dead-letter-source.port';

/**
 * --url → the running process' admin API (needs a key). Otherwise the bus from env, which must be
 * Service Bus: a fresh embedded bus in this process would be empty, the real one lives in npm start.
 */
export function chooseSource(target: Target, env: Record<string, string | undefined>, connect: (options: BusOptions) => Bus = createBus): DeadLetterSource {
  if (target.url) {
    if (!target.key) throw new CliError('CLI.MISSING_KEY', 'The admin API needs a hook key: set SWITCHYARD_ADMIN_KEY (or pass --key)', true);
    return adminApiSource(target.url, target.key);
  }
  let options: BusOptions;
  try {
    options = busOptionsFromEnv(env);
  } catch (error) {
    throw new CliError('CLI.BUS_CONFIG', (error as Error).message, true);
  }
  if (options.backend !== 'servicebus') {
    throw new CliError(
      'CLI.NO_TARGET',
      'BUS is embedded: its dead letters live inside the running process. Pass --url http://127.0.0.1:8080 with SWITCHYARD_ADMIN_KEY=<hook key>, or set BUS=servicebus with SERVICEBUS_FQDN / SERVICEBUS_CONNECTION_STRING',
      true,
    );
  }
  return busSource(connect(options), namespaceOf(options));
}

/** The namespace host, for errors: from the connection string only its Endpoint, never the key. */
function namespaceOf(options: Extract<BusOptions, { backend: 'servicebus' }>): string {
  const endpoint = /Endpoint=sb:\/\/([^/;]+)/i.exec(options.connectionString ?? '')?.[1];
  return options.fullyQualifiedNamespace ?? endpoint ?? 'namespace';
}
