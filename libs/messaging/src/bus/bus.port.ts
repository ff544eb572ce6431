import type { Observable } from 'rxjs';
import type { EventPublisher } from '../publisher/event-publisher';
import type { DeadLetterQueue } from '../dead-letters/dead-letter.port';
import type { Topology } from './topology';

export type BusState = 'starting' | 'ready' | 'degraded' | 'closed';

/** Connection state as a stream, so readiness probes can follow it. */
export interface BusStatus {
  state: BusState;
  error?: { code: string; message: string };
}

/** A message as a backend hands it to a consumer, before it is parsed as an event. */
export interface InboundMessage {
  messageId: string;
  body: unknown;
  subject?: string;
  correlationId?: string;
  applicationProperties: Record<string, unknown>;
  /** 1 on the first delivery, 2 on the first redelivery, ... */
  deliveryCount: number;
  /**
   * The subscription's maxDeliveryCount, when the backend knows it: a failed delivery with this
   * count is the last one, and the bus then dead-letters the message (MaxDeliveryCountExceeded).
   */
  maxDeliveryCount?: number;
  enqueuedTime: Date;
  /** When this delivery's lock ends, when the backend says (a wait before abandoning stays inside it). */
  lockedUntil?: Date;
  topic: string;
  subscription: string;
}

/** How a consumer wants a message settled; the backend applies it while it still holds the lock. */
export type Settlement =
  | { kind: 'complete' }
  | { kind: 'abandon'; error?: unknown }
  | { kind: 'deadLetter'; reason: string; description: string };

export type MessageProcessor = (message: InboundMessage) => Promise<Settlement>;

/** A settlement the backend could not apply (usually a lost lock: the broker will redeliver). */
export interface SettleFailure {
  message: InboundMessage;
  settlement: Settlement;
  /** Stable error code when the backend gave one (e.g. MessageLockLost). */
  code?: string;
  /** The backend's error text (names entities, never credentials or bodies). */
  error: string;
}

export interface ReceiveOptions {
  topic: string;
  subscription: string;
  /** Handlers that may run at once on this receiver. */
  concurrency?: number;
  /** Told when the settlement `process` asked for could not be applied. */
  onSettleFailed?: (failure: SettleFailure) => void;
}

export interface Receiver {
  /** Stops taking new messages and waits for the handlers in flight to settle theirs. */
  close(): Promise<void>;
}

/** One bus API over Azure Service Bus and the embedded in-process twin. */
export interface Bus {
  readonly backend: 'embedded' | 'servicebus';
  readonly topology: Topology;
  readonly publisher: EventPublisher;
  readonly status$: Observable<BusStatus>;
  /** Starts peek-lock receiving on one subscription; every message is settled by `process`'s answer. */
  receive(options: ReceiveOptions, process: MessageProcessor): Promise<Receiver>;
  deadLetters(topic: string, subscription: string): DeadLetterQueue;
  close(): Promise<void>;
}
