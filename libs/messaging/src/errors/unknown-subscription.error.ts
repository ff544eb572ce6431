/** A receiver asked for a subscription the topology does not declare. */
export class UnknownSubscriptionError extends Error {
  readonly code = 'MESSAGING.UNKNOWN_SUBSCRIPTION';

  constructor(topic: string, subscription: string) {
    super(`Subscription "${subscription}" on topic "${topic}" is not declared; add it to Subscriptions in @switchyard/contracts`);
    this.name = 'UnknownSubscriptionError';
  }
}
