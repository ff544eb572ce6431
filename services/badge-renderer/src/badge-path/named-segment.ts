import { BadgeFieldMissingError } from '../errors/badge-field-missing.error';
import { blobSegment, idSegment } from './blob-segment';

/** A path segment and the name to show for it. */
export interface NamedSegment {
  segment: string;
  display: string;
}

/**
 * Names are preferred (badge URLs people can read); an id is used only when the event carries no
 * name. When neither exists the badge cannot be placed, so the event is refused naming `field`.
 */
export function namedSegment(
  ref: { name?: string; id?: number | string } | undefined,
  field: string,
): NamedSegment {
  const name = ref?.name?.trim();
  if (name) return { segment: blobSegment(name), display: name };
  if (typeof ref?.id === 'number') return { segment: idSegment(ref.id), display: `#${ref.id}` };
  if (typeof ref?.id === 'string' && ref.id.trim()) return { segment: blobSegment(ref.id.trim()), display: ref.id.trim() };
  throw new BadgeFieldMissingError(field, 'the badge path needs its name or id');
}

/**
 * The segment of a build or pipeline definition: its name and, when the event carries it, its id
 * (`deploy~id-41`). Names are unique only within a folder, and the events do not carry the folder:
 * two pipelines named "deploy" in different folders must not share, and overwrite, one badge.
 */
export function definitionSegment(ref: { name?: string; id?: number | string } | undefined, field: string): string {
  const named = namedSegment(ref, field);
  return typeof ref?.id === 'number' && ref.name?.trim() ? `${named.segment}${idSegment(ref.id)}` : named.segment;
}
