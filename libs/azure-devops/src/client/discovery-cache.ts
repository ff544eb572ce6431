import type { ResourceAreaInfo } from 'azure-devops-node-api/interfaces/LocationsInterfaces';
import type { BuildDefinitionRef } from '../builds/build.types';
import { TtlCache } from './ttl-cache';

/**
 * Location and resource-area answers are the same for every caller of an organization, so they are
 * cached per URL rather than per connection; that saves the OPTIONS round-trips per pipeline token.
 */
export class DiscoveryCache {
  private readonly locations = new Map<string, Record<string, unknown>>();
  private readonly areas = new Map<string, Promise<ResourceAreaInfo[] | null>>();
  /** Definition name → ref per org/project; definitions are renamed rarely, looked up per event. */
  readonly definitions: TtlCache<BuildDefinitionRef>;

  constructor(definitionTtlMs = 300_000) {
    this.definitions = new TtlCache(definitionTtlMs);
  }

  locationsFor(baseUrl: string): Record<string, unknown> {
    let entry = this.locations.get(baseUrl);
    if (!entry) {
      entry = {};
      this.locations.set(baseUrl, entry);
    }
    return entry;
  }

  resourceAreas(orgUrl: string, load: () => Promise<ResourceAreaInfo[] | null>): Promise<ResourceAreaInfo[] | null> {
    let pending = this.areas.get(orgUrl);
    if (!pending) {
      pending = load();
      // Only successes are kept; a failed lookup is retried by the next call.
      pending.catch(() => this.areas.delete(orgUrl));
      this.areas.set(orgUrl, pending);
    }
    return pending;
  }
}
