import { isShown } from './read-check-headers';

/**
 * A caller's URL (a PlanUrl, the organization a hook or check claims) as quoted back in answers and
 * logs: its origin and up to `segments` leading path segments (the organization, or the TFS virtual
 * directory and collection) while each is short and plain, never the rest of the path, where a token
 * could sit.
 */
export function shownUrl(raw: string, segments = 1): string {
  const url = new URL(raw);
  if (url.origin.length > 100 || !/^https?:\/\/[\w.-]+(:\d+)?$/.test(url.origin)) return `(a URL of ${raw.length} characters)`;
  const path = url.pathname.split('/').slice(1);
  let shown = `${url.origin}/`;
  for (const [index, segment] of path.entries()) {
    if (path.slice(index).every((rest) => rest === '')) break;
    if (index === segments) return `${shown}…`;
    if (!isShown(segment)) return `${shown}… (a URL of ${raw.length} characters)`;
    shown += `${segment}/`;
  }
  return shown;
}
