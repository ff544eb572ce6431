import { isServiceBusError } from '@azure/service-bus';
import type { BusStatus } from '../bus/bus.port';

/** Codes after which the bus cannot work until someone fixes the namespace, rights or entities. */
const FATAL_CODES = new Set(['UnauthorizedAccess', 'MessagingEntityNotFound', 'MessagingEntityDisabled', 'QuotaExceeded']);
const CONNECTION_FAILED = 'MESSAGING.CONNECTION_FAILED';
/** Codes the SDK retries, but readiness should know about meanwhile. */
const DEGRADING_CODES = new Set(['ServiceCommunicationProblem', 'ServiceBusy', 'ServiceTimeout']);

/**
 * The SDK reports a namespace it cannot reach (refused, unknown host, blocked port 5671) as
 * GeneralError, with the socket's error code only in the message. Not ECONNRESET: an idle connection
 * that is reset is reopened by the SDK, and a quiet subscription would stay unready until its next message.
 */
const CONNECTION_FAILURE = /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\b/;

/** The status a receive or send error puts the bus in, or undefined when it does not affect readiness. */
export function statusForError(error: unknown): BusStatus | undefined {
  const code = isServiceBusError(error) ? error.code : (error as { code?: unknown })?.code;
  if (typeof code === 'string' && (FATAL_CODES.has(code) || DEGRADING_CODES.has(code))) {
    return { state: 'degraded', error: { code, message: describe(error, code) } };
  }
  const message = String((error as Error)?.message ?? '');
  if (CONNECTION_FAILURE.test(message) || (typeof code === 'string' && CONNECTION_FAILURE.test(code))) {
    return { state: 'degraded', error: { code: CONNECTION_FAILED, message: describe(error, CONNECTION_FAILED) } };
  }
  return undefined;
}

function describe(error: unknown, code: string): string {
  const hint =
    code === 'UnauthorizedAccess'
      ? 'grant the identity "Azure Service Bus Data Sender/Receiver" on the namespace'
      : code === 'MessagingEntityNotFound'
        ? 'create the topic/subscription: deploy/infra on Azure, SERVICEBUS_CREATE_ENTITIES=true on a local namespace, the Config.json of serviceBusEmulatorConfig for the emulator'
        : code === CONNECTION_FAILED
          ? 'check SERVICEBUS_FQDN and that port 5671 (AMQP) or 443 (websockets) is open; the SDK keeps retrying'
          : 'the SDK keeps retrying';
  // The SDK's message names entities and namespaces, never credentials.
  return `${(error as Error)?.message ?? code} — ${hint}`.slice(0, 500);
}

/**
 * Like statusForError, for a failed send: an error that is not a ServiceBusError at all comes from
 * the connection (socket refused, TLS, DNS), so the bus is not usable either.
 */
export function statusForSendError(error: unknown): BusStatus | undefined {
  const status = statusForError(error);
  if (status || isServiceBusError(error)) return status;
  return { state: 'degraded', error: { code: CONNECTION_FAILED, message: `${(error as Error)?.message ?? String(error)}`.slice(0, 500) } };
}
