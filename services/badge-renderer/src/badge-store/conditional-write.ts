import { WriteContentionError } from '../errors/write-contention.error';
import type { BadgeStore, BlobVersion, BlobWrite } from './badge-store.port';
import type { VersionCache } from './version-cache';

export type WriteOutcome = 'written' | 'unchanged' | 'stale';

/** Decides from the blob as it is now (undefined: absent) what to do with our version. */
export type WriteDecision = (current: BlobVersion | undefined) => 'write' | 'unchanged' | 'stale';

const MAX_ATTEMPTS = 12;

/**
 * Optimistic concurrency: decide against the current version, write on exactly that version
 * (If-Match its ETag, or If-None-Match * when absent) and start over from a fresh read when another
 * writer got there first. Correct with any number of renderer replicas: a write only lands on the
 * version it was decided against. The first decision may use the cached version (see VersionCache),
 * but only to write: a failed condition corrects a wrong cache, while "unchanged" or "stale" would
 * write nothing and so never find out that the blob is gone (deleted by hand, or its container
 * re-created by another replica). Those are confirmed by a fresh read; they are rare (replays).
 */
export async function writeConditionally(
  store: BadgeStore,
  path: string,
  decide: WriteDecision,
  blob: Omit<BlobWrite, 'condition' | 'body'> & { body: BlobWrite['body'] | (() => BlobWrite['body']) },
  cache?: VersionCache,
): Promise<WriteOutcome> {
  // Drawn only when it is going to be written: most replays and out-of-order events end as stale.
  let body: BlobWrite['body'] | undefined;
  const bodyOnce = () => (body ??= typeof blob.body === 'function' ? blob.body() : blob.body);
  const cached = cache?.get(path);
  let current = cached && decide(cached) === 'write' ? cached : await readVersion(store, path, cache);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const decision = decide(current);
    if (decision !== 'write') return decision;
    const condition = current ? { ifMatch: current.etag } : { ifNoneMatch: '*' as const };
    const result = await store.write(path, { ...blob, body: bodyOnce(), condition });
    if (result.written) {
      cache?.set(path, { etag: result.etag, metadata: blob.metadata });
      return 'written';
    }
    cache?.forget(path);
    if (attempt > 1) await jitter(attempt);
    current = await readVersion(store, path, cache);
  }
  throw new WriteContentionError(path, MAX_ATTEMPTS);
}

async function readVersion(store: BadgeStore, path: string, cache: VersionCache | undefined): Promise<BlobVersion | undefined> {
  const version = await store.properties(path);
  if (version) cache?.set(path, version);
  else cache?.forget(path);
  return version;
}

function jitter(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
