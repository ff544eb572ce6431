import type { OrganizationConnection } from '../client/organization-connection';
import { requireText } from '../client/validate';
import { toDefinitionRef } from './build-mapper';
import type { BuildDefinitionRef } from './build.types';

/**
 * Exact (case-insensitive) name match; undefined when the project has no such definition. Hits are
 * cached per organization and project (AzureDevOpsClientOptions.definitionCacheTtlMs); misses are
 * not, so a definition created later is found on the next call. `refresh` asks Azure DevOps again
 * (the cached id was refused: the definition was deleted and re-created under the same name).
 */
export async function findBuildDefinition(
  connection: OrganizationConnection,
  project: string,
  name: string,
  options: { refresh?: boolean } = {},
): Promise<BuildDefinitionRef | undefined> {
  requireText(project, 'project');
  requireText(name, 'definition name');
  const key = `${connection.orgUrl}|${project.toLowerCase()}|${name.toLowerCase()}`;
  const cached = options.refresh ? undefined : connection.definitionCache.get(key);
  if (cached) return cached;
  // A burst of events for one definition (e.g. several merges) makes one request, not one each.
  return connection.coalesce(key, () => connection.run('findBuildDefinition', async () => {
    const api = await connection.buildApi();
    const found = await api.getDefinitions(project, name);
    const match = (found ?? []).find((definition) => definition.name?.toLowerCase() === name.toLowerCase());
    if (!match) return undefined;
    const ref = toDefinitionRef(match);
    connection.definitionCache.set(key, ref);
    return ref;
  }));
}
