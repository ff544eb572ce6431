import { contractForType, normalizeServiceHook, PullRequestCreated, PullRequestMerged, PullRequestUpdated, type EventEnvelope } from '@switchyard/contracts';

const pullRequestTypes = [PullRequestMerged, PullRequestUpdated, PullRequestCreated].map((contract) => contract.type).join(', ');

/** A payload that claims to be an event envelope but is not one the service would take; `issues` are printed one per line. */
export class InvalidEnvelopeError extends Error {
  constructor(
    message: string,
    readonly issues: string[],
  ) {
    super(message);
    this.name = 'InvalidEnvelopeError';
  }
}

/** The event a payload stands for: an event envelope (`specversion` 1.0) as published on the bus, else a service-hook body as the ingress normalizes it. */
export function payloadEnvelope(payload: unknown): EventEnvelope<unknown> {
  const candidate = payload as { specversion?: unknown; type?: unknown } | null;
  if (!candidate || typeof candidate !== 'object' || candidate.specversion !== '1.0') return normalizeServiceHook(payload) as EventEnvelope<unknown>;
  const type = typeof candidate.type === 'string' ? candidate.type : undefined;
  const contract = type === undefined ? undefined : contractForType(type);
  if (!contract) {
    // Without this, a mistyped type would be read as a service hook and reported as lacking eventType and resource.
    throw new InvalidEnvelopeError(`Not an event envelope explain can read: ${type === undefined ? '"type" is missing' : `"${type}" is not a switchyard event type`}.`, [
      `Give an event envelope of a pull-request type (${pullRequestTypes}), or the service-hook body Azure DevOps posts.`,
    ]);
  }
  const parsed = contract.envelope.safeParse(payload);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || '(envelope)'}: ${issue.message}`);
    throw new InvalidEnvelopeError(`Not a valid ${type} event envelope; fix these fields:`, issues);
  }
  return parsed.data as EventEnvelope<unknown>;
}
