export * from './run-service-main';
export * from './outcomes-to-event-grid';
