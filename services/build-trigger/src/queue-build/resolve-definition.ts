import type { OrganizationClient } from '@switchyard/azure-devops';
import { PermanentError } from '@switchyard/messaging';
import type { PlannedBuild } from '../match-rules/planned-build';
import { BuildTriggerErrorCodes } from './build-trigger.errors';

export interface ResolvedDefinition {
  id: number;
  name?: string;
}

/**
 * The definition a target names: an id as given, a name looked up (the client remembers hits for a
 * few minutes and shares a lookup in flight). `refresh` asks Azure DevOps again instead.
 */
export async function resolveDefinition(client: OrganizationClient, build: PlannedBuild, options: { refresh?: boolean } = {}): Promise<ResolvedDefinition> {
  const { definition } = build;
  if (typeof definition === 'number') return { id: definition };
  const found = await client.findBuildDefinition(build.project, definition, options);
  if (!found) {
    throw new PermanentError(
      BuildTriggerErrorCodes.definitionNotFound,
      `No build definition named "${definition}" in project "${build.project}" of ${client.orgUrl}; fix rule "${build.ruleName}" (line ${build.target.line}) with the pipeline's exact name or its numeric id.`,
    );
  }
  return { id: found.id, name: found.name };
}
