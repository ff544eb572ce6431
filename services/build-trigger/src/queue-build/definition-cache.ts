import type { OrganizationClient } from '@switchyard/azure-devops';
import { PermanentError } from '@switchyard/messaging';
import type { PlannedBuild } from '../match-rules/planned-build';
import { organizationKey } from '../rules/organization-url';
import { BuildTriggerErrorCodes } from './build-trigger.errors';

export interface ResolvedDefinition {
  id: number;
  name?: string;
}

/**
 * Definition names are looked up once per (organization, project, name) — concurrent handlers share
 * the one lookup in flight — and ids are used as given. Failed lookups are not cached.
 */
export class DefinitionCache {
  private readonly byName = new Map<string, Promise<ResolvedDefinition>>();

  resolve(client: OrganizationClient, build: PlannedBuild): Promise<ResolvedDefinition> {
    const { definition } = build;
    if (typeof definition === 'number') return Promise.resolve({ id: definition });
    const key = `${organizationKey(client.orgUrl)}|${build.project.toLowerCase()}|${definition.toLowerCase()}`;
    let lookup = this.byName.get(key);
    if (!lookup) {
      lookup = this.lookUp(client, build, definition);
      this.byName.set(key, lookup);
      lookup.catch(() => this.byName.delete(key));
    }
    return lookup;
  }

  private async lookUp(client: OrganizationClient, build: PlannedBuild, name: string): Promise<ResolvedDefinition> {
    const found = await client.findBuildDefinition(build.project, name);
    if (!found) {
      throw new PermanentError(
        BuildTriggerErrorCodes.definitionNotFound,
        `No build definition named "${name}" in project "${build.project}" of ${client.orgUrl}; fix rule "${build.ruleName}" (line ${build.target.line}) with the pipeline's exact name or its numeric id.`,
      );
    }
    return { id: found.id, name: found.name };
  }
}
