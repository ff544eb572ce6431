import { withoutUserInfo } from '@switchyard/contracts';

/**
 * A URL as a rules-file problem may quote it (an `organizations:` key, in a path or a message): without
 * its user info, query and fragment, where a token or a signature may have been written.
 */
export function quotedUrl(raw: string): string {
  return withoutUserInfo(raw).replace(/[?#][\s\S]*$/, '');
}
