import { compact, keyAt, textAt } from './json-access';
import type { MappedHook, Notification } from './notification';
import { ServiceHookReceived } from './service-hook-received.event';

/**
 * Everything without a dedicated contract travels whole, so no notification is dropped. The resource
 * is read from `payload.resource`: a copy beside it would double the event and halve the largest
 * notification the bus can take.
 */
export function mapServiceHookReceived(notification: Notification): MappedHook {
  const { payload } = notification;
  const data = {
    ...compact({
      eventType: notification.eventType,
      organizationUrl: notification.organizationUrl,
      publisherId: textAt(payload, 'publisherId'),
      subscriptionId: textAt(payload, 'subscriptionId'),
      notificationId: keyAt(payload, 'notificationId'),
    }),
    payload,
  };
  return { contract: ServiceHookReceived, data, subject: notification.eventType, issues: [] };
}
