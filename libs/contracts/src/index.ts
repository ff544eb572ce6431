export * from './envelope/envelope.schema';
export * from './envelope/define-event';
