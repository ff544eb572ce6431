export { registerDeadLetterAdminRoutes, DEAD_LETTER_ADMIN_PATH, type DeadLetterAdminOptions } from './dead-letter-admin.routes';
export { adminKeyAuthenticator, ADMIN_KEY_HEADER } from './admin-key';
export { toDeadLetterView, type DeadLetterView, type SubscriptionDeadLetters } from './dead-letter-view';
export { resolveSubscriptions, refOf, SubscriptionRefError } from './subscription-ref';
export { resubmitDeadLetters, type ResubmitAnswer } from './resubmit-dead-letters';
export { purgeDeadLetters, type PurgeAnswer } from './purge-dead-letters';
