import { BaseRpcContext } from '@nestjs/microservices';
import type { InboundMessage } from '../bus/bus.port';

/** What a handler knows about the delivery it is processing (second handler argument, or `@Ctx()`). */
export class BusContext extends BaseRpcContext<[InboundMessage]> {
  readonly messageId: string;
  /** 1 on the first delivery; higher on redeliveries. */
  readonly deliveryCount: number;
  readonly topic: string;
  readonly subscription: string;
  readonly enqueuedTime: Date;
  readonly correlationId: string | undefined;
  readonly traceparent: string | undefined;
  readonly tracestate: string | undefined;
  readonly applicationProperties: Readonly<Record<string, unknown>>;

  constructor(message: InboundMessage) {
    super([message]);
    this.messageId = message.messageId;
    this.deliveryCount = message.deliveryCount;
    this.topic = message.topic;
    this.subscription = message.subscription;
    this.enqueuedTime = message.enqueuedTime;
    this.correlationId = message.correlationId;
    this.traceparent = stringOrUndefined(message.applicationProperties['traceparent']);
    this.tracestate = stringOrUndefined(message.applicationProperties['tracestate']);
    this.applicationProperties = message.applicationProperties;
  }

  getMessage(): InboundMessage {
    return this.args[0];
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
