import { isServiceBusError } from '@azure/service-bus';
import type { BusStatus } from '../bus/bus.port';

/** Codes after which the bus cannot work until someone fixes the namespace, rights or entities. */
const FATAL_CODES = new Set(['UnauthorizedAccess', 'MessagingEntityNotFound', 'MessagingEntityDisabled', 'QuotaExceeded']);
/** Codes the SDK retries, but readiness should know about meanwhile. */
const DEGRADING_CODES = new Set(['ServiceCommunicationProblem', 'ServiceBusy', 'ServiceTimeout']);

/** The status a receive or send error puts the bus in, or undefined when it does not affect readiness. */
export function statusForError(error: unknown): BusStatus | undefined {
  const code = isServiceBusError(error) ? error.code : (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !(FATAL_CODES.has(code) || DEGRADING_CODES.has(code))) return undefined;
  return { state: 'degraded', error: { code, message: describe(error, code) } };
}

function describe(error: unknown, code: string): string {
  const hint =
    code === 'UnauthorizedAccess'
      ? 'grant the identity "Azure Service Bus Data Sender/Receiver" on the namespace'
      : code === 'MessagingEntityNotFound'
        ? 'create the topic/subscription (infrastructure, or SERVICEBUS_CREATE_ENTITIES=true for the emulator)'
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
  return { state: 'degraded', error: { code: 'MESSAGING.CONNECTION_FAILED', message: `${(error as Error)?.message ?? String(error)}`.slice(0, 500) } };
}
