import { isServiceBusError } from '@azure/service-bus';
import type { Settlement } from '../bus/bus.port';
import { writeJsonLine } from '../logging/json-line-logger';

/** A Service Bus error the bus handled without failing a call, reported so it is never invisible. */
export interface ServiceBusErrorEvent {
  kind: 'settle-failed' | 'receive-error';
  messageId?: string;
  settlement?: Settlement['kind'];
  code?: string;
  entityPath?: string;
  /** The SDK's text: it names entities and namespaces, never credentials; bodies are never included. */
  message: string;
}

export type ServiceBusErrorHandler = (event: ServiceBusErrorEvent) => void;

export const logServiceBusError: ServiceBusErrorHandler = (event) => writeJsonLine(`messaging.servicebus.${event.kind}`, { ...event });

/** The stable code of an SDK or AMQP error, when it has one. */
export function errorCodeOf(error: unknown): string | undefined {
  const code = isServiceBusError(error) ? error.code : (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

export function errorTextOf(error: unknown): string {
  return String((error as Error | undefined)?.message ?? error).slice(0, 500);
}

/** Calls a user hook without letting it break receiving or settlement. */
export function safely(handler: ServiceBusErrorHandler): ServiceBusErrorHandler {
  return (event) => {
    try {
      handler(event);
    } catch {
      // A failing hook must not change how messages are settled.
    }
  };
}
