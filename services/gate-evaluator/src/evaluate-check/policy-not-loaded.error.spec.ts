import { deliveryHistory, PolicyNotLoadedError } from './policy-not-loaded.error';

/** The code the bus keeps after a delivery that waited, as the next delivery reads it. */
const waitedOn = (count: number, lastError?: string) => new PolicyNotLoadedError('p', deliveryHistory(count, lastError)).code;

describe('a delivery after deliveries that only waited for the policy', () => {
  it('knows nothing was done for the message while every delivery before it only waited', () => {
    const first = waitedOn(1);
    expect(deliveryHistory(2, first).onlyWaitsBefore).toBe(true);
    expect(deliveryHistory(3, waitedOn(2, first)).onlyWaitsBefore).toBe(true);
  });

  it('guards against an earlier run when a delivery in between lost its lock or failed otherwise', () => {
    // Delivery 2 ran (perhaps evaluated and scheduled) and lost its lock: delivery 3 reads delivery 1's code.
    expect(deliveryHistory(3, waitedOn(1)).onlyWaitsBefore).toBe(false);
    // ...and a wait on delivery 3 does not clear it for delivery 4.
    expect(deliveryHistory(4, waitedOn(3, waitedOn(1))).onlyWaitsBefore).toBe(false);
    expect(deliveryHistory(2, 'AZURE_DEVOPS.UNAVAILABLE').onlyWaitsBefore).toBe(false);
    expect(deliveryHistory(2, undefined).onlyWaitsBefore).toBe(false);
  });
});
