import { compact, keyAt, textAt } from './json-access';
import type { MappedHook, Notification } from './notification';
import { ServiceHookReceived } from './service-hook-received.event';

/** Everything without a dedicated contract travels whole, so no notification is dropped. */
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
    resource: notification.resource,
    payload,
  };
  return { contract: ServiceHookReceived, data, subject: notification.eventType, issues: [] };
}
