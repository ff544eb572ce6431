import { WriteContentionError } from '../errors/write-contention.error';
import type { BadgeStore, BlobVersion, BlobWrite } from './badge-store.port';

export type WriteOutcome = 'written' | 'unchanged' | 'stale';

/** Decides from the blob as it is now (undefined: absent) what to do with our version. */
export type WriteDecision = (current: BlobVersion | undefined) => 'write' | 'unchanged' | 'stale';

const MAX_ATTEMPTS = 12;

/**
 * Optimistic concurrency: read the current version, decide, write on exactly that version
 * (If-Match its ETag, or If-None-Match * when absent) and start over when another writer got there
 * first. Correct with any number of renderer replicas: a write only lands on the version it was
 * decided against.
 */
export async function writeConditionally(
  store: BadgeStore,
  path: string,
  decide: WriteDecision,
  blob: Omit<BlobWrite, 'condition'>,
): Promise<WriteOutcome> {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await store.properties(path);
    const decision = decide(current);
    if (decision !== 'write') return decision;
    const condition = current ? { ifMatch: current.etag } : { ifNoneMatch: '*' as const };
    if ((await store.write(path, { ...blob, condition })) === 'written') return 'written';
    await jitter(attempt);
  }
  throw new WriteContentionError(path, MAX_ATTEMPTS);
}

function jitter(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(50, 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
