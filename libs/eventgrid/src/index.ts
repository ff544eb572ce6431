export * from './config/eventgrid-config';
export * from './config/eventgrid-config.error';
export * from './publish/outcome-publisher.port';
export * from './publish/outcome-logger';
export * from './publish/create-outcome-publisher';
export * from './publish/forward-outcomes';
export * from './publish/to-cloud-event';
export { NoopOutcomePublisher } from './publish/noop-outcome-publisher';
export * from './publish/outcome-event-types';
