import type { BuildDefinitionRef, OrganizationClient } from '@switchyard/azure-devops';
import { PermanentError } from '@switchyard/messaging';
import type { PlannedBuild } from '../match-rules/planned-build';
import { BuildTriggerErrorCodes } from './build-trigger.errors';

export interface ResolvedDefinition {
  id: number;
  name?: string;
}

/**
 * The definition a target names: an id as given, a name (or `\folder\name` path) looked up (the client
 * remembers hits for a few minutes and shares a lookup in flight). `refresh` asks Azure DevOps again
 * instead. A name that several definitions share (in different folders) is refused rather than
 * queueing whichever Azure DevOps lists first.
 */
export async function resolveDefinition(client: OrganizationClient, build: PlannedBuild, options: { refresh?: boolean } = {}): Promise<ResolvedDefinition> {
  const { definition } = build;
  if (typeof definition === 'number') return { id: definition };
  const found = await client.findBuildDefinition(build.project, definition, options);
  const where = `project "${build.project}" of ${client.orgUrl}`;
  const rule = `rule "${build.ruleName}" (line ${build.target.line})`;
  if (!found) {
    throw new PermanentError(
      BuildTriggerErrorCodes.definitionNotFound,
      `No build definition named "${definition}" in ${where}; fix ${rule} with the pipeline's exact name, its folder path (\\folder\\name) or its numeric id.`,
    );
  }
  if (found.sameName) {
    const paths = found.sameName.map((ref) => ({ path: pathOf(ref), id: ref.id }));
    throw new PermanentError(
      BuildTriggerErrorCodes.definitionAmbiguous,
      `${paths.length} build definitions are named "${definition}" in ${where}: ${paths.map(({ path, id }) => `${path} (id ${id})`).join(', ')}; ` +
        `fix ${rule} with the one meant, by its numeric id or its folder path, e.g. ${pathOf(found)}.`,
    );
  }
  return { id: found.id, name: found.name };
}

/** `\folder\name`, as the rules file accepts it and the Pipelines page shows the folders. */
function pathOf(ref: BuildDefinitionRef): string {
  const folder = (ref.path ?? '\\').replace(/\\+$/, '');
  return `${folder}\\${ref.name}`;
}
