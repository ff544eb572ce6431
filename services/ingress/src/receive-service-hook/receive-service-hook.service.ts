import { Inject, Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { EMPTY_GUID, InvalidServiceHookError, normalizeServiceHook, unknownOrganizationSource, type EventEnvelope } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/messaging';
import { loggerForEvent, type Logger } from '@switchyard/observability';
import type { IngressConfig } from '../config/ingress-config';
import { assertUtf8Charset } from '../http-body/assert-utf8-charset';
import { parseJsonBody } from '../http-body/parse-json-body';
import { INGRESS_CONFIG, INGRESS_LOGGER } from '../ingress.di-tokens';
import { KeyOrganizations } from '../key-organizations/key-organizations';
import { ProblemError } from '../problem/problem.error';
import { busUnavailableProblem, eventInvalidProblem, eventTooLarge, eventTooLargeProblem, isBusFailure } from '../problem/problem-for-publish-failure';
import { badgeMetadataFrom, HookMetadata } from './badge-metadata';
import { HookMetrics } from './hook-metrics';
import { notAServiceHookDetail } from './not-a-service-hook-detail';
import { PublishDeadline } from './publish-deadline';

export interface ReceivedHook {
  body: Buffer | undefined;
  headers: IncomingHttpHeaders;
  hookKeyName: string;
  /** Called as soon as the notification's eventType is known (for metrics). */
  onEventType?: (eventType: string) => void;
  /** Called when the key HOOK_KEY_ORGANIZATIONS binds may not post for the organization the event names (undefined: none), before the 403 (for its log line). */
  onOrganizationRefused?: (organizationUrl: string | undefined, event: EventEnvelope) => void;
}

/**
 * Turns an authenticated hook request into a published event. Resolves only once the bus has
 * accepted it; every refusal is a ProblemError (4xx for the sender to fix, 503 to retry).
 */

/** Bytes of a bus message's limit kept for its properties (CloudEvents attributes, trace context, diagnostics). */
const MESSAGE_PROPERTIES_ROOM = 4 * 1024;

/**
 * An upper bound of the serialized event for a body of `bodyBytes`. Its data re-serializes the parsed
 * body, which can grow it: a number written `1e20` (4 bytes) comes back as 21 digits, so at most 5.25x;
 * strings and everything else never grow. A mapper may copy body strings beside it (ServiceHookReceived
 * copies publisherId, subscriptionId, …), at most the body once more. Metadata comes from headers (at
 * most 16 KiB in all), and the fixed envelope fields take a few hundred bytes.
 */
export function eventBytesBound(bodyBytes: number): number {
  return bodyBytes * 7 + 20 * 1024;
}
@Injectable()
export class ReceiveServiceHookService {
  private readonly deadline: PublishDeadline;

  constructor(
    private readonly publisher: EventPublisher,
    private readonly metrics: HookMetrics,
    private readonly keyOrganizations: KeyOrganizations,
    @Inject(INGRESS_CONFIG) private readonly config: IngressConfig,
    @Inject(INGRESS_LOGGER) private readonly logger: Logger,
  ) {
    // The publisher enforces timeoutMs itself; this deadline only guards against one that never settles.
    this.deadline = PublishDeadline.behind(config.publishTimeoutMs);
  }

  async receive(hook: ReceivedHook): Promise<{ id: string }> {
    assertUtf8Charset(hook.headers['content-type']);
    const payload = parseJsonBody(hook.body);
    const eventType = (payload as { eventType?: unknown } | null)?.eventType;
    if (typeof eventType === 'string') hook.onEventType?.(eventType);
    const metadata = badgeMetadataFrom(hook.headers);
    metadata[HookMetadata.hookKeyName] = hook.hookKeyName;
    const event = this.normalize(payload, eventType, metadata);
    this.assertKeyMayPostFor(hook, event, payload);
    this.assertFitsTheBus(event, hook.body?.length ?? 0);
    await this.publish(event, eventType as string);
    return { id: event.id };
  }

  private normalize(payload: unknown, eventType: unknown, metadata: Record<string, string>): EventEnvelope {
    try {
      return normalizeServiceHook(payload, { metadata });
    } catch (error) {
      if (!(error instanceof InvalidServiceHookError)) throw error;
      throw new ProblemError(400, 'NOT_A_SERVICE_HOOK', 'Bad Request', notAServiceHookDetail(eventType, error.issues), { issues: error.issues });
    }
  }

  // The normalized event's source is the organization the notification names (organizationUrlOf).
  private assertKeyMayPostFor(hook: ReceivedHook, event: EventEnvelope, payload: unknown): void {
    const organizations = this.keyOrganizations.of(hook.hookKeyName);
    if (organizations === undefined) return;
    const claimed = event.source === unknownOrganizationSource ? undefined : event.source;
    if (organizations.includes(claimed)) return;
    hook.onOrganizationRefused?.(claimed, event);
    throw organizations.refusal(claimed, 'hook', isTestNotification(payload));
  }

  // A bus refuses an oversized message every time: answering 503 would make Azure DevOps retry it
  // in vain. The event is measured exactly unless its bound (eventBytesBound) fits: the common small
  // body is never serialized here. Service Bus counts the whole message, so room is left for its
  // properties (type, traceparent, …).
  private assertFitsTheBus(event: EventEnvelope, bodyBytes: number): void {
    const limit = this.config.busMaxMessageBytes - MESSAGE_PROPERTIES_ROOM;
    if (eventBytesBound(bodyBytes) <= limit) return;
    const size = Buffer.byteLength(JSON.stringify(event));
    if (size <= limit) return;
    throw eventTooLarge(
      `The event would be ${size} bytes on the bus, above the ${limit} bytes its ${this.config.busMaxMessageBytes}-byte message limit (BUS_MAX_MESSAGE_BYTES) leaves beside the message properties`,
    );
  }

  private async publish(event: EventEnvelope, eventType: string): Promise<void> {
    const started = performance.now();
    try {
      await this.deadline.within(this.publisher.publish(event, { timeoutMs: this.config.publishTimeoutMs }));
    } catch (error) {
      throw this.publishFailure(error, event, eventType, started);
    }
    this.metrics.observePublish('accepted', (performance.now() - started) / 1000);
    // One flat line per accepted hook, the four fields operators search by: a child logger per
    // request, or each further field, costs measurably on this path (bench/stage-costs.ts).
    this.logger.info(
      {
        eventId: event.id,
        correlationId: event.correlationId,
        eventType: event.type,
        keyName: event.metadata?.[HookMetadata.hookKeyName],
      },
      'service hook accepted',
    );
  }

  // BUS_UNAVAILABLE only when the bus is at fault: Azure DevOps retries a 503, and an event that does not
  // fit its contract would fail every retry the same way.
  private publishFailure(error: unknown, event: EventEnvelope, eventType: string, started: number): unknown {
    const log = loggerForEvent(this.logger, event);
    const invalid = eventInvalidProblem(
      error,
      `The notification (eventType ${eventType}) does not make a valid ${event.type} event; the issues name the event fields that do not fit (time comes from createdDate). ` +
        'Resending it unchanged fails the same way: fix the notification.',
    );
    if (invalid) {
      log.warn({ err: error, azureDevOpsEventType: eventType }, 'hook event does not fit its contract; answered 400');
      return invalid;
    }
    // The bus measured the message larger than we did (its properties, its own encoding): no retry cures it.
    const tooLarge = eventTooLargeProblem(error, this.config.busMaxMessageBytes);
    if (tooLarge) {
      log.warn({ err: error, azureDevOpsEventType: eventType }, 'bus refused the hook event as too large; answered 413');
      return tooLarge;
    }
    // Not the bus's: a bug, answered 503 TEMPORARILY_UNAVAILABLE and logged as an unexpected error.
    if (!isBusFailure(error)) return error;
    this.metrics.observePublish('unavailable', (performance.now() - started) / 1000);
    log.warn({ err: error, azureDevOpsEventType: eventType }, 'bus did not accept the hook event; answered 503');
    return busUnavailableProblem('The event bus did not accept the event; Azure DevOps retries on 503, or resend it later.', error);
  }
}

/** The sample a subscription's Test button sends names no real subscription. */
function isTestNotification(payload: unknown): boolean {
  return (payload as { subscriptionId?: unknown }).subscriptionId === EMPTY_GUID;
}
