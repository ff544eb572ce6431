import { dirname, join } from 'node:path';

/** The blob service's own entry file, run directly so the child's pid is the server's pid. */
export function azuriteBlobEntry(): string {
  return join(dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'blob', 'main.js');
}
