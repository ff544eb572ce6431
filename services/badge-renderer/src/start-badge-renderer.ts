import type { Bus } from '@switchyard/messaging';
import { createLogger, createMetrics, type ServiceMetrics } from '@switchyard/observability';
import { startConsumerApp, type ServiceHealth } from '@switchyard/service-host';
import { BadgeRendererModule } from './badge-renderer.module';
import type { BadgeStore } from './badge-store/badge-store.port';
import { ContainerRecovery } from './badge-store/container-recovery';
import { createBadgeStore } from './badge-store/create-badge-store';
import { badgeRendererConfigFromEnv } from './config/badge-renderer.config';
import { GALLERY_PATH } from './gallery/gallery-page';
import { prepareContainer } from './gallery/gallery-publisher';

export interface StartBadgeRendererOptions {
  bus: Bus;
  env?: Record<string, string | undefined>;
  /** HTTP port for /healthz, /readyz and /metrics; omitted: no HTTP listener. 0: a free port. */
  port?: number;
  /** Replaces the Blob store built from env (tests inject failing stores). */
  store?: BadgeStore;
}

export interface RunningBadgeRenderer {
  name: string;
  url?: string;
  /** The container URL badges are read from (or BADGE_PUBLIC_BASE_URL). */
  badgesUrl: string;
  /** The static gallery page (index.html at the container root). */
  galleryUrl: string;
  /** The service's Prometheus registry (also served on GET /metrics when a port is given). */
  metrics: ServiceMetrics;
  /** Its readiness (bus, Blob storage) and metrics, which the all-in-one serves on the ingress' port. */
  health: ServiceHealth;
  close(): Promise<void>;
}

export const BADGE_RENDERER_SERVICE = 'badge-renderer';

/**
 * Builds the badge renderer on a bus: checks config, prepares the container (public read, empty
 * index, gallery page), then consumes release, build and stage events.
 */
export async function startBadgeRenderer(options: StartBadgeRendererOptions): Promise<RunningBadgeRenderer> {
  const env = options.env ?? process.env;
  const config = badgeRendererConfigFromEnv(env);
  const logger = createLogger({ service: BADGE_RENDERER_SERVICE, level: config.logLevel, env });
  const store = options.store ?? createBadgeStore(config);
  const prepare = () => prepareContainer(store, config.maxAgeSeconds);
  await prepare();
  const recovery = new ContainerRecovery(prepare, logger);

  const metrics = createMetrics(BADGE_RENDERER_SERVICE);
  // BadgeRendered also goes to Event Grid when EVENTGRID_ENDPOINT is set (never blocking the bus).
  const app = await startConsumerApp({
    service: BADGE_RENDERER_SERVICE,
    bus: options.bus,
    env,
    logger,
    metrics,
    concurrency: config.concurrency,
    port: options.port,
    module: (bus) => BadgeRendererModule.forRoot({ bus, config, store, recovery, metrics, logger }),
  });
  const url = app.url;
  logger.info({ container: store.urlOf(''), gallery: store.urlOf(GALLERY_PATH), url }, 'badge renderer started');
  return {
    name: BADGE_RENDERER_SERVICE,
    ...(url !== undefined && { url }),
    badgesUrl: store.urlOf('').replace(/\/$/, ''),
    galleryUrl: store.urlOf(GALLERY_PATH),
    metrics,
    health: app.health,
    close: app.close,
  };
}
