import { createHash } from 'node:crypto';
import { INDEX_PATH, emptyIndex } from '../badge-index/index-entry';
import type { BadgeStore } from '../badge-store/badge-store.port';
import { GALLERY_PATH, galleryPage } from './gallery-page';

/**
 * Start-up step: the container, an empty `index.json` if there is none yet (so the gallery never
 * meets a 404) and the gallery page, rewritten only when its content changed.
 */
export async function prepareContainer(store: BadgeStore, maxAgeSeconds: number): Promise<void> {
  await store.ensureContainer();
  await store.write(INDEX_PATH, {
    body: JSON.stringify(emptyIndex(), null, 1),
    contentType: 'application/json; charset=utf-8',
    maxAgeSeconds,
    metadata: { revision: '0' },
    condition: { ifNoneMatch: '*' },
  });
  const page = galleryPage();
  const hash = createHash('sha256').update(page).digest('hex');
  const current = await store.properties(GALLERY_PATH);
  if (current?.metadata['contenthash'] === hash) return;
  await store.write(GALLERY_PATH, {
    body: page,
    contentType: 'text/html; charset=utf-8',
    maxAgeSeconds,
    metadata: { contenthash: hash },
    condition: 'unconditional',
  });
}
