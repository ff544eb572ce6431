import { FOREIGN_CONSUMER_DOC } from './foreign-consumer-doc';

/** A receiver asked for a subscription the topology does not declare. */
export class UnknownSubscriptionError extends Error {
  readonly code = 'MESSAGING.UNKNOWN_SUBSCRIPTION';

  constructor(topic: string, subscription: string) {
    super(
      `Subscription "${subscription}" on topic "${topic}" is not declared; add it to Subscriptions in @switchyard/contracts ` +
        `or, for a consumer outside switchyard, create the bus with a topology that includes it (${FOREIGN_CONSUMER_DOC})`,
    );
    this.name = 'UnknownSubscriptionError';
  }
}
