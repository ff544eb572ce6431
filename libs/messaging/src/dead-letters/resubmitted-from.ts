/** Application property of a resubmitted copy: the message id of the dead letter it was made from. */
export const RESUBMITTED_FROM_PROPERTY = 'switchyard-resubmitted-from';

/** The `resubmittedFrom` of a dead letter whose properties are these, when it is a resubmitted copy. */
export function resubmittedFromOf(properties: Record<string, unknown> | undefined): { resubmittedFrom?: string } {
  const from = properties?.[RESUBMITTED_FROM_PROPERTY];
  return typeof from === 'string' && from ? { resubmittedFrom: from } : {};
}
