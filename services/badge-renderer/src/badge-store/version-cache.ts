import type { BlobVersion } from './badge-store.port';

/**
 * The last version of each blob this process saw or wrote (LRU). Badge states only move forward,
 * so a remembered version is a safe lower bound: an event older than it is stale without asking
 * storage, and a newer one is written straight away on the remembered ETag. When another replica
 * wrote in between, the condition fails and the writer falls back to reading.
 */
export class VersionCache {
  private readonly versions = new Map<string, BlobVersion>();

  constructor(private readonly capacity = 20_000) {}

  get(path: string): BlobVersion | undefined {
    const version = this.versions.get(path);
    if (version) {
      this.versions.delete(path);
      this.versions.set(path, version);
    }
    return version;
  }

  set(path: string, version: BlobVersion): void {
    this.versions.delete(path);
    this.versions.set(path, version);
    if (this.versions.size > this.capacity) this.versions.delete(this.versions.keys().next().value as string);
  }

  forget(path: string): void {
    this.versions.delete(path);
  }

  clear(): void {
    this.versions.clear();
  }
}
