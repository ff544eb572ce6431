/** Service Bus defaults, so both backends behave alike unless a subscription says otherwise. */
export const DEFAULT_MAX_DELIVERY_COUNT = 10;
export const DEFAULT_LOCK_DURATION_SECONDS = 60;
export const DEFAULT_DUPLICATE_DETECTION_WINDOW_MS = 10 * 60 * 1000;
export const DEFAULT_PUBLISH_TIMEOUT_MS = 10_000;
export const DEFAULT_CONCURRENCY = 1;
/**
 * Messages one embedded subscription may hold (queued, scheduled for it and dead-lettered), as a
 * Service Bus entity has a size quota: past it, publishes it would receive are refused.
 */
export const DEFAULT_EMBEDDED_MAX_MESSAGES = 10_000;
/** Dead-letter reason used by Service Bus itself when a message ran out of deliveries. */
export const MAX_DELIVERY_COUNT_EXCEEDED = 'MaxDeliveryCountExceeded';
