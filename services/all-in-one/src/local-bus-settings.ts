import { busOptionsFromEnv, type EmbeddedBusOptions } from '@switchyard/messaging';
import { LocalRunConfigError } from './azurite-options';

export interface LocalBusSettings {
  /** What the in-process bus honours, as it would for a service run alone: BUS_PUBLISH_TIMEOUT_MS, BUS_REDELIVERY_*, BUS_EMBEDDED_MAX_MESSAGES. */
  options: EmbeddedBusOptions;
  /** One line for the terminal when BUS=servicebus or SERVICEBUS_* are set, naming them. */
  warning?: string;
}

/**
 * `npm start` always runs every service on one in-process bus: that is what makes it a local run.
 * Service Bus settings (often left in a shell or an .env file shared with the deployed services)
 * are therefore not used, and the warning says so instead of the run looking like it honoured them.
 * A BUS value no service accepts is a typo that would stop a service run alone with the same
 * environment, so it fails here too.
 */
export function localBusSettings(env: Record<string, string | undefined>): LocalBusSettings {
  const bus = env['BUS']?.trim();
  if (bus && bus !== 'embedded' && bus !== 'servicebus') {
    throw new LocalRunConfigError(
      'BUS',
      // The value is quoted only when short and plain: a connection string pasted into BUS by mistake is a secret.
      `BUS must be "embedded" or "servicebus" (got ${/^[\w-]{1,20}$/.test(bus) ? `"${bus}"` : `a value of ${bus.length} characters`}); npm start always runs on the in-process bus, so leave BUS unset or set it to embedded.`,
    );
  }
  // Names only: SERVICEBUS_CONNECTION_STRING is a secret.
  const ignored = Object.keys(env)
    .filter((name) => name.startsWith('SERVICEBUS_') && env[name]?.trim())
    .sort();
  if (bus === 'servicebus') ignored.unshift('BUS=servicebus');
  const parsed = busOptionsFromEnv({
    BUS: 'embedded',
    BUS_PUBLISH_TIMEOUT_MS: env['BUS_PUBLISH_TIMEOUT_MS'],
    BUS_REDELIVERY_DELAY_MS: env['BUS_REDELIVERY_DELAY_MS'],
    BUS_REDELIVERY_MAX_DELAY_MS: env['BUS_REDELIVERY_MAX_DELAY_MS'],
    BUS_EMBEDDED_MAX_MESSAGES: env['BUS_EMBEDDED_MAX_MESSAGES'],
  });
  const options = parsed.backend === 'embedded' ? (parsed.embeddedOptions ?? {}) : {};
  if (ignored.length === 0) return { options };
  return {
    options,
    warning:
      `Ignoring ${ignored.join(', ')}: npm start runs every service on one in-process bus, never on Service Bus. ` +
      'To use Service Bus, run each service alone (node -r @swc-node/register services/<service>/src/main.ts).',
  };
}
