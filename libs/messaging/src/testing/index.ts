export { createTestBus } from './create-test-bus';
export { waitFor } from './wait-for';
export { waitForDeadLetter } from './wait-for-dead-letter';
export { collectPublished, type PublishedEvents } from './collect-published';
