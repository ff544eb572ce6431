import { createHash } from 'node:crypto';
import { galleryScript } from './gallery-script';

export const GALLERY_PATH = 'index.html';

const style = `
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; max-width: 72rem; }
h1 { font-size: 1.4rem; }
input { padding: .4rem; width: 20rem; margin: .5rem 0 1rem; }
ul { list-style: none; padding: 0; }
li.badge { padding: .8rem 0; border-bottom: 1px solid #ddd; }
.picture { overflow-x: auto; }
.facts { color: #555; font-size: .85rem; margin: .3rem 0; }
code.markdown { font-size: .8rem; background: #f4f4f4; padding: .15rem .3rem; word-break: break-all; }
button { margin: 0 .5rem; }
`;

function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The gallery: one static page at the container root that lists every badge from `index.json`
 * beside it, with copy-ready Markdown. It needs no server and never changes with the badges, so it
 * is written once at start-up. The CSP allows only this page's own script and style (by hash) and
 * same-origin images and fetches.
 */
export function galleryPage(): string {
  const csp = [
    "default-src 'none'",
    // data: only for the empty favicon, which stops browsers asking the container for /favicon.ico
    "img-src 'self' data:",
    "connect-src 'self'",
    `style-src ${cspHash(style)}`,
    `script-src ${cspHash(galleryScript)}`,
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>switchyard badges</title>
<link rel="icon" href="data:,">
<style>${style}</style>
</head>
<body data-state="loading">
<h1>switchyard badges</h1>
<p>Deployment, build and stage badges, updated by switchyard when Azure DevOps reports a change. Copy the Markdown into a README or wiki.</p>
<label>Filter <input id="filter" type="search" placeholder="project, definition, environment…"></label>
<p id="summary">Loading…</p>
<noscript><p>This page needs JavaScript to list the badges; <a href="index.json">index.json</a> has the same list.</p></noscript>
<ul id="badges"></ul>
<script>${galleryScript}</script>
</body>
</html>
`;
}
