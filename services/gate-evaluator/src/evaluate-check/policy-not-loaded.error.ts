const CODE = 'GATE.POLICY_NOT_LOADED';

export interface DeliveryHistory {
  count: number;
  /** No delivery before this one did more than wait for the policy. */
  onlyWaitsBefore: boolean;
}

/**
 * Thrown while a check names a policy this replica's GATE_POLICIES_FILE lacks and deliveries remain:
 * the ingress and the evaluator load the file on their own, so during a rollout another replica may
 * have it. The message is abandoned and comes again after the bus's redelivery delay.
 *
 * The bus keeps an abandon's code, and only that, as the message's last error. So the code names the
 * delivery that waited when no delivery before it did more than wait: the next delivery then knows
 * that nothing was evaluated, posted or scheduled for this message yet.
 */
export class PolicyNotLoadedError extends Error {
  override readonly name = 'PolicyNotLoadedError';
  readonly code: string;

  constructor(policy: string, delivery: DeliveryHistory) {
    super(`Policy "${policy}" is not in this gate evaluator's GATE_POLICIES_FILE; the bus delivers the check again (to a replica that has it, once a rollout got there)`);
    this.code = delivery.onlyWaitsBefore ? `${CODE}:${delivery.count}` : CODE;
  }
}

/** A delivery that lost its lock sets no last error, so the count of the one after it no longer follows the recorded one. */
export function deliveryHistory(count: number, lastError: unknown): DeliveryHistory {
  return { count, onlyWaitsBefore: count === 1 || lastError === `${CODE}:${count - 1}` };
}
