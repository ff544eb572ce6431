export * from './run-service-main';
export * from './port-from-env';
export * from './listen-failure';
export * from './outcomes-to-event-grid';
export * from './start-consumer-app';
export * from './close-in-order';
