export const TRIGGER_RULES = Symbol('build-trigger.rules');
export const TRIGGER_LOGGER = Symbol('build-trigger.logger');
export const TRIGGER_METRICS = Symbol('build-trigger.metrics');
export const QUEUE_DEADLINE_MS = Symbol('build-trigger.queue-deadline-ms');
