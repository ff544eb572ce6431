import { isValidatedEvent, type EventEnvelope } from '@switchyard/contracts';
import { contractOf, type Topology } from '../bus/topology';
import { DEFAULT_PUBLISH_TIMEOUT_MS } from '../bus/constants';
import { BusUnavailableError } from '../errors/bus-unavailable.error';
import { InvalidEventError } from '../errors/invalid-event.error';
import { describeIssues } from '../mapping/describe-issues';
import { toOutboundMessage } from '../mapping/to-outbound-message';
import type { MessagingSystem } from '../tracing/messaging-system';
import { withPublishSpan } from '../tracing/publish-span';
import { EventPublisher, type PublishOptions } from './event-publisher';
import { isMessageSizeExceeded, MessageTooLargeError } from './message-too-large.error';
import type { MessageSender } from './outbound-message';

/** Validates an event against its contract, picks the contract's topic and hands it to a backend. */
export class RoutingPublisher extends EventPublisher {
  constructor(
    private readonly topology: Topology,
    private readonly sender: MessageSender,
    private readonly defaultTimeoutMs = DEFAULT_PUBLISH_TIMEOUT_MS,
    private readonly system: MessagingSystem = 'switchyard.embedded',
  ) {
    super();
  }

  async publish(event: EventEnvelope, options: PublishOptions = {}): Promise<void> {
    const contract = contractOf(this.topology, event?.type);
    if (!contract) {
      throw new InvalidEventError(
        'MESSAGING.UNKNOWN_EVENT_TYPE',
        `No contract for event type "${String(event?.type)}"; define it in @switchyard/contracts`,
      );
    }
    // createEvent / normalizeServiceHook already checked this very object against this contract.
    if (!isValidatedEvent(event, contract)) {
      const parsed = contract.envelope.safeParse(event);
      if (!parsed.success) {
        throw new InvalidEventError('MESSAGING.INVALID_EVENT', `Event ${event.id} does not fit ${contract.type}`, describeIssues(parsed.error));
      }
    }
    const { topic } = contract;
    const at = options.scheduledEnqueueTime;
    const sendNow = this.sender.sendNow;
    if (sendNow) {
      // Accepted or refused before it returns, so there is nothing to time out (and no timer to arm).
      await withPublishSpan(this.system, topic, event, async (traced) => {
        try {
          sendNow.call(this.sender, topic, toOutboundMessage(traced), at);
        } catch (error) {
          throw asPublishFailure(error, topic);
        }
      });
      return;
    }
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    await withPublishSpan(this.system, topic, event, (traced) => withTimeout((signal) => this.sender.send(topic, toOutboundMessage(traced), at, signal), timeoutMs, topic));
  }
}

// A message over the bus's size limit is refused on every retry: MessageTooLargeError, not BusUnavailableError.
function asPublishFailure(error: unknown, topic: string): BusUnavailableError | MessageTooLargeError {
  if (error instanceof BusUnavailableError || error instanceof MessageTooLargeError) return error;
  if (isMessageSizeExceeded(error)) {
    return new MessageTooLargeError(`The bus refused the message on topic "${topic}" as too large: ${(error as Error)?.message ?? String(error)}`, {
      cause: error,
    });
  }
  return new BusUnavailableError(`Publishing on topic "${topic}" failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}

async function withTimeout(send: (signal: AbortSignal) => Promise<void>, timeoutMs: number, topic: string): Promise<void> {
  const giveUp = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // It may have reached the broker before the abort: a retry with the same event id is safe, since
      // the topic's duplicate detection drops the second copy.
      const error = new BusUnavailableError(`The bus did not accept the message on topic "${topic}" within ${timeoutMs} ms; it may still arrive, and a retry with the same event id is dropped as a duplicate`);
      reject(error);
      // The SDK would otherwise go on sending and retrying for minutes, holding the message, after the caller got its answer.
      giveUp.abort(error);
    }, timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([send(giveUp.signal), timeout]);
  } catch (error) {
    throw asPublishFailure(error, topic);
  } finally {
    clearTimeout(timer);
  }
}
