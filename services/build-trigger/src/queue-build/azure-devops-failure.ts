import { AzureDevOpsErrorCodes, isAzureDevOpsError, isPermanent } from '@switchyard/azure-devops';
import { PermanentError } from '@switchyard/messaging';
import type { PlannedBuild } from '../match-rules/planned-build';
import { BuildTriggerErrorCodes as Codes } from './build-trigger.errors';

/**
 * What the handler throws for an Azure DevOps failure: a refusal that retrying cannot fix becomes a
 * PermanentError (dead-lettered at once, with what to change); throttling and outages are rethrown
 * as they are so the bus redelivers, and dead-letters after its maximum delivery count.
 */
export function toHandlerError(error: unknown, build: PlannedBuild, organizationAllowed: boolean): unknown {
  if (error instanceof PermanentError || !isAzureDevOpsError(error) || !isPermanent(error)) return error;
  const where = `project "${build.project}" of ${build.organizationUrl}`;
  const rule = `rule "${build.ruleName}" (target ${build.target.index + 1}, line ${build.target.line})`;
  switch (error.code) {
    case AzureDevOpsErrorCodes.ORG_NOT_ALLOWED:
      if (!organizationAllowed) {
        return new PermanentError(Codes.orgNotAllowed, `${rule} targets ${build.organizationUrl}, which is not in ALLOWED_ORG_URLS; add it there if builds may be queued in it. No request was sent.`);
      }
      // The organization is allowed: a hop after it was refused (a redirect, say http to https, or a
      // service location it gave). The client's message names that hop, never a credential.
      return new PermanentError(
        Codes.orgNotAllowed,
        `${rule} targets ${build.organizationUrl}, which is in ALLOWED_ORG_URLS, but Azure DevOps led a call on to an address that is refused, by a redirect or a service location it gave: ${error.message} ` +
          'If that is the same server under another URL (http redirected to https, say), use that URL in the target\'s organization or as the server\'s public URL, and in ALLOWED_ORG_URLS.',
      );
    case AzureDevOpsErrorCodes.UNAUTHORIZED:
      return new PermanentError(Codes.unauthorized, `Azure DevOps rejected the token in ${build.tokenVariable} for ${build.organizationUrl} (${error.status ?? 401}); renew the token, give it the Build (read & execute) scope (a PAT without a scope the call needs is answered 401 too), or point ${rule} at the right variable.`);
    case AzureDevOpsErrorCodes.FORBIDDEN:
      return new PermanentError(Codes.forbidden, `The token in ${build.tokenVariable} may not queue builds in ${where} (403); give its user "Queue builds" on definition ${String(build.definition)} and the Build (read & execute) scope.`);
    case AzureDevOpsErrorCodes.NOT_FOUND:
      return new PermanentError(Codes.notFound, `Azure DevOps found no ${where} or definition ${String(build.definition)} (404); check ${rule}.`);
    case AzureDevOpsErrorCodes.CERTIFICATE_UNTRUSTED:
      return new PermanentError(Codes.certificateUntrusted, `${rule} cannot reach ${build.organizationUrl}: ${error.message}`);
    default:
      return new PermanentError(Codes.refused, `Azure DevOps refused to queue definition ${String(build.definition)} in ${where} for ${rule}: ${error.message}`);
  }
}
