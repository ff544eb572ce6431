import { isServiceBusError } from '@azure/service-bus';
import { isCredentialFailure } from '@switchyard/env-config';
import type { BusStatus } from '../bus/bus.port';

/** Codes after which the bus cannot work until someone fixes the namespace, rights or entities. */
const FATAL_CODES = new Set(['UnauthorizedAccess', 'MessagingEntityNotFound', 'MessagingEntityDisabled', 'QuotaExceeded']);
const CONNECTION_FAILED = 'MESSAGING.CONNECTION_FAILED';
const SIGN_IN_FAILED = 'MESSAGING.SIGN_IN_FAILED';
/** Codes the SDK retries, but readiness should know about meanwhile. */
const DEGRADING_CODES = new Set(['ServiceCommunicationProblem', 'ServiceBusy', 'ServiceTimeout']);

/**
 * The SDK reports a namespace it cannot reach (refused, unknown host, blocked port 5671) as
 * GeneralError, with the socket's error code only in the message. Not ECONNRESET: an idle connection
 * that is reset is reopened by the SDK, and a quiet subscription would stay unready until its next message.
 */
const CONNECTION_FAILURE = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\b/;

/** The variable that names the namespace (and how the bus signs in): hints name it, never its value. */
export type NamespaceSetting = 'SERVICEBUS_FQDN' | 'SERVICEBUS_CONNECTION_STRING';

/** A connection string wins over the host name, as in createServiceBusClient. */
export function namespaceSettingOf(options: { connectionString?: string }): NamespaceSetting {
  return options.connectionString ? 'SERVICEBUS_CONNECTION_STRING' : 'SERVICEBUS_FQDN';
}

/** The status a receive or send error puts the bus in, or undefined when it does not affect readiness. */
export function statusForError(error: unknown, setting: NamespaceSetting = 'SERVICEBUS_FQDN'): BusStatus | undefined {
  const code = isServiceBusError(error) ? error.code : (error as { code?: unknown })?.code;
  if (typeof code === 'string' && (FATAL_CODES.has(code) || DEGRADING_CODES.has(code))) {
    return { state: 'degraded', error: { code, message: describe(error, code, setting) } };
  }
  // DefaultAzureCredential got no token (wrong client id, no federated credential).
  if (isCredentialFailure(error)) {
    return { state: 'degraded', error: { code: SIGN_IN_FAILED, message: describe(error, SIGN_IN_FAILED, setting) } };
  }
  const message = String((error as Error)?.message ?? '');
  if (CONNECTION_FAILURE.test(message) || (typeof code === 'string' && CONNECTION_FAILURE.test(code))) {
    return connectionFailed(error, setting);
  }
  return undefined;
}

function connectionFailed(error: unknown, setting: NamespaceSetting): BusStatus {
  return { state: 'degraded', error: { code: CONNECTION_FAILED, message: describe(error, CONNECTION_FAILED, setting) } };
}

function describe(error: unknown, code: string, setting: NamespaceSetting): string {
  const byConnectionString = setting === 'SERVICEBUS_CONNECTION_STRING';
  const hint =
    code === 'UnauthorizedAccess'
      ? byConnectionString
        ? 'check the key in SERVICEBUS_CONNECTION_STRING and that its shared access policy has the Send and Listen claims'
        : 'grant the identity "Azure Service Bus Data Sender/Receiver" on the namespace'
      : code === 'MessagingEntityNotFound'
        ? 'create the topic/subscription: deploy/infra on Azure, SERVICEBUS_CREATE_ENTITIES=true on a local namespace, the Config.json of serviceBusEmulatorConfig for the emulator'
        : code === SIGN_IN_FAILED
          ? "the workload identity got no token for Service Bus: check the client id in the service account's azure.workload.identity/client-id annotation and the identity's federated credential"
          : code === CONNECTION_FAILED
            ? `check ${byConnectionString ? 'the Endpoint host in SERVICEBUS_CONNECTION_STRING' : 'SERVICEBUS_FQDN'} and that port 5671 (AMQP) or 443 (websockets) is open; the SDK keeps retrying`
            : 'the SDK keeps retrying';
  // The SDK's message names entities and namespaces, never credentials.
  return `${(error as Error)?.message ?? String(error)} — ${hint}`.slice(0, 500);
}

/**
 * Like statusForError, for a failed send: an error that is not a ServiceBusError at all comes from
 * the connection (socket refused, TLS, DNS), so the bus is not usable either.
 */
export function statusForSendError(error: unknown, setting: NamespaceSetting = 'SERVICEBUS_FQDN'): BusStatus | undefined {
  const status = statusForError(error, setting);
  if (status || isServiceBusError(error)) return status;
  return connectionFailed(error, setting);
}

/**
 * Like statusForSendError, for a sender link that could not be opened at start-up: whatever the
 * error, the process cannot publish yet, so it is never ready with it.
 */
export function statusForLinkError(error: unknown, setting: NamespaceSetting = 'SERVICEBUS_FQDN'): BusStatus {
  return statusForSendError(error, setting) ?? connectionFailed(error, setting);
}
