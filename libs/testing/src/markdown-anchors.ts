/** GitHub's heading anchor: lower case, punctuation other than `-` and `_` dropped, spaces as `-`. */
function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/**
 * Every anchor a link into a Markdown page can name (its headings' and its `<a id>`/`<a name>`
 * ones), each with the line it sits on (the table row or heading that explains it). Fenced code blocks
 * are left out: their `# …` lines are comments, not headings.
 */
export function markdownAnchors(markdown: string): Map<string, string> {
  const anchors = new Map<string, string>();
  for (const line of markdownProse(markdown).split('\n')) {
    for (const [, id] of line.matchAll(/<a\s+(?:id|name)="([^"]+)"/g)) anchors.set(id, line);
    const heading = /^#{1,6}\s+(.+)$/.exec(line);
    if (heading) anchors.set(headingAnchor(heading[1]), line);
  }
  return anchors;
}

/** The contents of the page's fenced code blocks, without their fences, in order. */
export function markdownCodeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map(([, content]) => content);
}

/** The page without its fenced code blocks, whose `# …` lines and `](#…)` are not the page's own. */
export function markdownProse(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '');
}
