/** Inject the Bus with `@Inject(BUS)` (an interface cannot be a token). */
export const BUS = Symbol.for('switchyard.messaging.bus');
