/**
 * The badge's blob name would be longer than Blob storage accepts. Escaping can triple a name
 * (`/` becomes `~2F`), so long Azure DevOps names can get there. Retrying cannot help: the event is
 * dead-lettered with this message, which names the longest segment to shorten.
 */
export class BadgePathTooLongError extends Error {
  readonly code = 'BADGE_PATH_TOO_LONG';
  override readonly name = 'BadgePathTooLongError';

  constructor(
    readonly path: string,
    readonly length: number,
    readonly limit: number,
    longestSegment: string,
  ) {
    const shown = longestSegment.length > 60 ? `${longestSegment.slice(0, 60)}…` : longestSegment;
    super(
      `the badge blob name would be ${length.toLocaleString('en-US')} characters long, over the ` +
        `${limit.toLocaleString('en-US')} Blob storage allows; shorten the longest name in it, ` +
        `"${shown}" (${longestSegment.length.toLocaleString('en-US')} characters once escaped: ` +
        'each / \\ ~ % ? # ( ) [ ] < > " \' ` | ^ { } * : ; and control character takes 3 or more)',
    );
  }
}
