/**
 * The event lacks something the badge cannot be drawn or placed without. Retrying cannot help,
 * so the consumer dead-letters it with `code` as reason and this message (naming the field).
 */
export class BadgeFieldMissingError extends Error {
  readonly code = 'BADGE_FIELD_MISSING';
  override readonly name = 'BadgeFieldMissingError';

  constructor(
    readonly field: string,
    why: string,
  ) {
    super(`${field} is missing: ${why}`);
  }
}
