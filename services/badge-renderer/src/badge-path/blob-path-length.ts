import { BadgePathTooLongError } from '../errors/badge-path-too-long.error';

/** Longest blob name Azure Blob storage accepts, in characters (Azurite does not check it). */
export const MAX_BLOB_NAME_LENGTH = 1_024;

// Every badge is stored as `<path>.svg` and `<path>.json`; the longer one decides.
const LONGEST_EXTENSION = '.json'.length;

/**
 * Refuses a badge path whose blobs Blob storage would reject (400 OutOfRangeInput), before any
 * write. Counted in UTF-16 code units, which is never fewer than the characters Azure counts.
 */
export function checkBlobPathLength(path: string): void {
  const length = path.length + LONGEST_EXTENSION;
  if (length <= MAX_BLOB_NAME_LENGTH) return;
  const longest = path.split('/').reduce((a, b) => (b.length > a.length ? b : a), '');
  throw new BadgePathTooLongError(path, length, MAX_BLOB_NAME_LENGTH, longest);
}
