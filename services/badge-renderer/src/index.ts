export { startBadgeRenderer, BADGE_RENDERER_SERVICE, type StartBadgeRendererOptions, type RunningBadgeRenderer } from './start-badge-renderer';
export { badgeRendererConfigFromEnv, type BadgeRendererConfig } from './config/badge-renderer.config';
export { BadgeRendererConfigError } from './config/config.error';
export { BadgeStore, type BlobVersion, type BlobWrite, type StoredBlobContent } from './badge-store/badge-store.port';
export { AzureBlobBadgeStore } from './badge-store/azure-blob-badge-store';
export { createBadgeStore } from './badge-store/create-badge-store';
export { blobSegment } from './badge-path/blob-segment';
export { badgeStyles, type BadgeStyle } from './badge-style/badge-style';
export type { BadgeIndex, IndexEntry } from './badge-index/index-entry';
