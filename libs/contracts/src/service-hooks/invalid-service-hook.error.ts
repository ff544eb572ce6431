/**
 * The request body is not an Azure DevOps service-hook notification. `issues` name each missing or
 * wrong field by its JSON path; they never quote payload values, so they are safe to return and log.
 */
export class InvalidServiceHookError extends Error {
  readonly code = 'INVALID_SERVICE_HOOK';

  constructor(readonly issues: string[]) {
    super(
      `Not a valid Azure DevOps service-hook notification: ${issues.join('; ')}. ` +
        'Send the JSON body Azure DevOps posts for a service hook (an object with id, eventType and resource).',
    );
    this.name = 'InvalidServiceHookError';
  }
}
