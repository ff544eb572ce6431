import type { BadgeFacts, BadgeKind, BadgeState } from '../badge-model/badge-state';

/**
 * One badge as listed in `index.json` (and shown by the gallery): the badge's state with its facts
 * flattened in, plus where to read it. `order` is kept so an older event never replaces the entry.
 */
export interface IndexEntry extends Omit<BadgeState, 'facts'>, BadgeFacts {
  svgUrl: string;
  jsonUrl: string;
  markdown: string;
}

/** `index.json`: every badge in the container, sorted by path. */
export interface BadgeIndex {
  schemaVersion: 1;
  /**
   * Goes up on every change, to at least the time of the change in epoch ms (see nextRevision);
   * summary badges carry the revision they were derived from as their ordering key.
   */
  revision: number;
  updated: string;
  badges: IndexEntry[];
}

export const INDEX_PATH = 'index.json';

function markdownAlt(text: string): string {
  return text.replace(/[\\[\]]/g, (char) => `\\${char}`);
}

/** Markdown image for a badge; the URL never needs escaping because path segments are escaped. */
export function badgeMarkdown(label: string, kind: BadgeKind, svgUrl: string): string {
  return `![${markdownAlt(`${label} ${kind}`)}](${svgUrl})`;
}

export function toIndexEntry(state: BadgeState, urlOf: (path: string) => string): IndexEntry {
  const svgUrl = urlOf(`${state.path}.svg`);
  return {
    kind: state.kind,
    path: state.path,
    ...state.facts,
    label: state.label,
    message: state.message,
    status: state.status,
    color: state.color,
    updated: state.updated,
    svgUrl,
    jsonUrl: urlOf(`${state.path}.json`),
    markdown: badgeMarkdown(state.label, state.kind, svgUrl),
    sourceEventId: state.sourceEventId,
    order: state.order,
  };
}

export function emptyIndex(): BadgeIndex {
  return { schemaVersion: 1, revision: 0, updated: new Date(0).toISOString(), badges: [] };
}
