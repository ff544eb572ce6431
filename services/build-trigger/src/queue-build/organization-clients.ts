import { patCredential, type AzureDevOpsClient, type OrganizationClient } from '@switchyard/azure-devops';
import { PermanentError } from '@switchyard/messaging';
import type { PlannedBuild } from '../match-rules/planned-build';
import { BuildTriggerErrorCodes } from './build-trigger.errors';

/** The client for a planned build's organization, with the token its rule says to use. */
export class OrganizationClients {
  constructor(
    private readonly client: AzureDevOpsClient,
    private readonly tokens: ReadonlyMap<string, string>,
  ) {}

  /** Whether ALLOWED_ORG_URLS lets calls go to the organization at all (its redirects are checked on each hop). */
  isAllowed(organizationUrl: string): boolean {
    return this.client.isAllowed(organizationUrl);
  }

  /** Throws AZURE_DEVOPS.ORG_NOT_ALLOWED (before any request) for an organization outside ALLOWED_ORG_URLS. */
  for(build: PlannedBuild, organizationUrl: string): OrganizationClient {
    const token = this.tokens.get(build.tokenVariable);
    if (!token) {
      throw new PermanentError(
        BuildTriggerErrorCodes.missingToken,
        `No token for ${organizationUrl}: set ${build.tokenVariable}, or map the organization to a variable under "organizations:" in the rules file.`,
      );
    }
    return this.client.forOrganization(organizationUrl, patCredential(token));
  }
}
