import { buildEnvelope } from '../envelope/build-envelope';
import type { EventEnvelope } from '../envelope/envelope.schema';
import { eventTime } from './event-time';
import { InvalidServiceHookError } from './invalid-service-hook.error';
import { mapperForEventType } from './mapper-for-event-type';
import { readNotification } from './read-notification';

export interface NormalizeServiceHookOptions {
  /** Non-secret string metadata to carry on the envelope (e.g. the hook key's name). */
  metadata?: Record<string, string>;
  /** When the hook arrived; the event time when the payload has no usable `createdDate`. */
  receivedAt?: Date;
}

/** Envelope `source` when the notification names no organization. */
export const unknownOrganizationSource = 'urn:azure-devops:unknown-organization';

/**
 * Turns a service-hook notification (parsed JSON) into the typed envelope of its contract. The
 * envelope id is the notification id, so a redelivered hook is a duplicate on the bus.
 * Throws only InvalidServiceHookError, whatever the input.
 */
export function normalizeServiceHook(payload: unknown, options: NormalizeServiceHookOptions = {}): EventEnvelope {
  try {
    return normalize(payload, options);
  } catch (error) {
    if (error instanceof InvalidServiceHookError) throw error;
    // Defensive: a mapper bug must still surface as a 400-class error, never as a crash.
    throw new InvalidServiceHookError([`body: could not be read (${error instanceof Error ? error.name : 'error'})`]);
  }
}

function normalize(payload: unknown, options: NormalizeServiceHookOptions): EventEnvelope {
  const notification = readNotification(payload);
  if ('issues' in notification) throw new InvalidServiceHookError(notification.issues);
  const mapped = mapperForEventType(notification.eventType)(notification);
  if (mapped.issues.length > 0) throw new InvalidServiceHookError(mapped.issues);
  const checked = mapped.contract.data.safeParse(mapped.data);
  if (!checked.success) {
    throw new InvalidServiceHookError(
      checked.error.issues.map((issue) => `${['data', ...issue.path.map(String)].join('.')}: ${issue.message}`),
    );
  }
  // The data was parsed just above; createEvent would parse it a second time.
  return buildEnvelope(
    mapped.contract,
    {
      id: notification.id,
      source: notification.organizationUrl ?? unknownOrganizationSource,
      subject: mapped.subject,
      time: eventTime(notification.payload['createdDate'], options.receivedAt),
      metadata: options.metadata,
      data: checked.data,
    },
    checked.data,
  );
}
