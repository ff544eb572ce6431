import { context } from '@opentelemetry/api';
import type { InboundMessage, MessageProcessor, ReceiveOptions, Settlement } from '../bus/bus.port';
import { contractOf, type Topology } from '../bus/topology';
import { BusContext } from '../ctx-host/bus.context';
import { describeIssues } from '../mapping/describe-issues';
import { deadLetter, settleByOutcome } from '../server/settle-by-outcome';
import type { MessagingSystem } from '../tracing/messaging-system';
import { withProcessSpan } from '../tracing/process-span';
import { extractTraceContext } from '../tracing/trace-carrier';
import type { EventRoute, SettlementObserver } from './event-handler';

/** Dead-letter reasons set by the consumer side (the handler's own come from PermanentError codes). */
export const DeadLetterReasons = {
  invalidEnvelope: 'MESSAGING.INVALID_ENVELOPE',
  unknownEventType: 'MESSAGING.UNKNOWN_EVENT_TYPE',
  noHandler: 'MESSAGING.NO_HANDLER',
  schemaViolation: 'MESSAGING.SCHEMA_VIOLATION',
} as const;

/**
 * The `type` observers are told for a type this consumer has no handler for: the type comes from the
 * message body, and a publisher's stray or garbled types must not make unbounded metric series.
 * The dead letter's description names the actual type.
 */
export const OTHER_EVENT_TYPE = 'other';

/**
 * Parses a message as an event, validates it with its contract and runs the route's handler.
 * Anything that cannot be handled is dead-lettered with a reason; descriptions name fields,
 * never values, so no secret from the body reaches the dead-letter queue.
 */
export function createEventProcessor(
  topology: Topology,
  routes: ReadonlyMap<string, EventRoute>,
  onSettled?: SettlementObserver,
  system: MessagingSystem = 'switchyard.embedded',
): MessageProcessor {
  const untraced = processWith(topology, routes);
  const observed: MessageProcessor = onSettled
    ? async (message) => {
        const started = performance.now();
        const settlement = await untraced(message);
        observe(onSettled, routes, message, settlement, performance.now() - started);
        return settlement;
      }
    : untraced;
  // The observer runs inside the consumer span, so its log line carries that message's trace and not
  // whatever context the backend happened to call the processor in (the Service Bus SDK's own span).
  return (message) => withProcessSpan(system, message, typeOf(message.body), () => observed(message));
}

function observe(onSettled: SettlementObserver, routes: ReadonlyMap<string, EventRoute>, message: InboundMessage, settlement: Settlement, durationMs: number): void {
  const { messageId, topic, subscription, deliveryCount, maxDeliveryCount } = message;
  try {
    const type = typeOf(message.body);
    const label = type === undefined || routes.has(type) ? type : OTHER_EVENT_TYPE;
    onSettled({ messageId, type: label, topic, subscription, deliveryCount, maxDeliveryCount, settlement, durationMs });
  } catch {
    // An observer must not change how a message is settled.
  }
}

function processWith(topology: Topology, routes: ReadonlyMap<string, EventRoute>): MessageProcessor {
  return async (message: InboundMessage) => {
    const type = typeOf(message.body);
    if (type === undefined) {
      return deadLetter(DeadLetterReasons.invalidEnvelope, 'The message body is not a JSON event envelope with a string "type".');
    }
    const route = routes.get(type);
    if (!route) {
      const known = contractOf(topology, type) !== undefined;
      return known
        ? deadLetter(DeadLetterReasons.noHandler, `No handler for "${type}" on ${message.topic}/${message.subscription}.`)
        : deadLetter(DeadLetterReasons.unknownEventType, `"${type.slice(0, 200)}" is not a known event type.`);
    }
    const parsed = route.contract.envelope.safeParse(message.body);
    if (!parsed.success) {
      return deadLetter(DeadLetterReasons.schemaViolation, `Not a valid ${type}: ${describeIssues(parsed.error).join('; ')}`);
    }
    const ctx = new BusContext(message);
    return settleByOutcome(() => route.handle(parsed.data, ctx));
  };
}

/** Passes a backend's settle failure on to the observer as a second report for that delivery. */
export function settleFailureReporter(onSettled: SettlementObserver | undefined): ReceiveOptions['onSettleFailed'] {
  if (!onSettled) return undefined;
  return ({ message, settlement, code, error }) => {
    const { messageId, topic, subscription, deliveryCount } = message;
    const outcome = { messageId, type: typeOf(message.body), topic, subscription, deliveryCount, settlement, durationMs: 0, settleFailed: { code, error } };
    try {
      // Its consumer span has ended: the message's own trace context makes the line lead to that trace,
      // not to the backend's (the Service Bus SDK's settle span).
      context.with(extractTraceContext(message.applicationProperties, message.body), () => onSettled(outcome));
    } catch {
      // An observer must not break the receiver.
    }
  };
}

function typeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const type = (body as { type?: unknown }).type;
  return typeof type === 'string' ? type : undefined;
}
