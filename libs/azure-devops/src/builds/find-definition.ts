import type { OrganizationConnection } from '../client/organization-connection';
import { requireText } from '../client/validate';
import { toDefinitionRef } from './build-mapper';
import type { BuildDefinitionRef } from './build.types';

/**
 * Exact (case-insensitive) name match; undefined when the project has no such definition. `name` may
 * be a folder path, `\folder\name` (`\name` for the root folder), to pick one of several definitions
 * that share a name in different folders. When a bare name matches more than one, the first is
 * returned with all of them in `sameName`, and the caller must not take it for the one meant.
 * Unambiguous hits are cached per organization and project (AzureDevOpsClientOptions.definitionCacheTtlMs);
 * misses and ambiguous names are not, so a definition created, moved or renamed later is found on the
 * next call. `refresh` asks Azure DevOps again (the cached id was refused: the definition was deleted
 * and re-created under the same name).
 */
export async function findBuildDefinition(
  connection: OrganizationConnection,
  project: string,
  name: string,
  options: { refresh?: boolean } = {},
): Promise<BuildDefinitionRef | undefined> {
  requireText(project, 'project');
  requireText(name, 'definition name');
  const wanted = definitionPathOf(name);
  requireText(wanted.name, 'definition name after its folder');
  const key = `${connection.orgUrl}|${project.toLowerCase()}|${name.toLowerCase()}`;
  const cached = options.refresh ? undefined : connection.definitionCache.get(key);
  if (cached) return cached;
  // A burst of events for one definition (e.g. several merges) makes one request, not one each.
  return connection.coalesce(key, () => connection.run('findBuildDefinition', async () => {
    const api = await connection.buildApi();
    const found = await api.getDefinitions(project, wanted.name);
    const matches = (found ?? [])
      .filter((definition) => definition.name?.toLowerCase() === wanted.name.toLowerCase())
      .filter((definition) => wanted.folder === undefined || sameFolder(definition.path, wanted.folder))
      .map(toDefinitionRef);
    const [first] = matches;
    if (!first) return undefined;
    if (matches.length > 1) return { ...first, sameName: matches };
    connection.definitionCache.set(key, first);
    return first;
  }));
}

/**
 * `\folder\name` → its folder and name; a bare name has no folder. Definition names cannot hold a
 * backslash, so the last one ends the folder.
 */
function definitionPathOf(text: string): { folder?: string; name: string } {
  const end = text.lastIndexOf('\\');
  return end < 0 ? { name: text.trim() } : { folder: text.slice(0, end), name: text.slice(end + 1).trim() };
}

/** Azure DevOps writes folders as `\` (the root) and `\team-b\nightly`; either side may add or drop a trailing `\`. */
function sameFolder(path: string | undefined, folder: string): boolean {
  const normal = (text: string) => `\\${text.trim().replace(/^\\+|\\+$/g, '')}`.toLowerCase();
  return normal(path ?? '\\') === normal(folder);
}
