import type { SettlementObserver } from '../consumer/event-handler';
import { writeJsonLine } from './json-line-logger';

/** What logSettlements needs of a logger (pino's signature); the service's own, so lines carry its name. */
export interface SettlementLogger {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

const DELIVERED_AGAIN = '; the message will be delivered again';
const LAST_DELIVERY = ' on its last delivery; the bus dead-letters the message (MaxDeliveryCountExceeded)';

/**
 * One line per delivery that did not complete: abandoned (delivered again), dead-lettered, or a
 * settlement the bus could not apply. A handler error without a `code` is none of the project's typed
 * errors, so most likely a bug: it is logged at error level with its stack. Handlers log their expected
 * failures themselves, with the event's context; this line adds what became of the message.
 */
export function logSettlements(logger: SettlementLogger): SettlementObserver {
  return ({ messageId, type, topic, subscription, deliveryCount, maxDeliveryCount, settlement, settleFailed }) => {
    const fields = { messageId, type, subscription: `${topic}/${subscription}`, deliveryCount };
    if (settleFailed) {
      logger.warn({ ...fields, settlement: settlement.kind, code: settleFailed.code, error: settleFailed.error }, 'settlement not applied; the bus delivers the message again');
    } else if (settlement.kind === 'deadLetter') {
      logger.warn({ ...fields, reason: settlement.reason, description: settlement.description }, 'message dead-lettered');
    } else if (settlement.kind === 'abandon') {
      const code = (settlement.error as { code?: unknown } | undefined)?.code;
      // The bus dead-letters a message whose last delivery failed, and no dead-letter line follows
      // (the bus, not this consumer, does it): this line is the only one that can say so.
      const last = maxDeliveryCount !== undefined && deliveryCount >= maxDeliveryCount;
      const failed = last ? { ...fields, maxDeliveryCount } : fields;
      const fate = last ? LAST_DELIVERY : DELIVERED_AGAIN;
      // A typed error is expected (storage or Azure DevOps unavailable): its code and message say enough,
      // and the handler has usually logged it with its stack and the event's context already.
      if (typeof code === 'string') logger.warn({ ...failed, code, error: messageOf(settlement.error) }, `handler failed${fate}`);
      else logger.error({ ...failed, err: settlement.error }, `handler failed unexpectedly${fate}`);
    }
  };
}

/**
 * Where settlements are logged when the consumer passes no `onSettled` of its own: JSON lines on
 * stderr, with codes and error names only (this library cannot know what an error's text may quote).
 */
export const settlementsToStderr: SettlementObserver = logSettlements({
  warn: (fields, message) => writeJsonLine('messaging.settlement', { msg: message, ...withoutErrorText(fields) }),
  error: (fields, message) => writeJsonLine('messaging.settlement', { level: 'error', msg: message, ...withoutErrorText(fields) }),
});

function withoutErrorText(fields: object): Record<string, unknown> {
  const { err, error: _text, ...rest } = fields as { err?: unknown; error?: unknown } & Record<string, unknown>;
  const name = (err as { name?: unknown } | undefined)?.name;
  return { ...rest, ...(typeof name === 'string' && { errorType: name }) };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
