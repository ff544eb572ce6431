/** Where a team outside switchyard reads how to put its own subscription on the bus's topology. */
export const FOREIGN_CONSUMER_DOC = 'docs/messaging.md#a-consumer-owned-by-another-team';
