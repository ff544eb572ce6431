import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { startAzurite, type RunningAzurite } from '@switchyard/azurite';
import type { EmbeddedBus } from '@switchyard/messaging';
import { createTestBus } from '@switchyard/messaging/testing';
import type { BadgeIndex } from '../src/badge-index/index-entry';
import type { BadgeStore } from '../src/badge-store/badge-store.port';
import { startBadgeRenderer, type RunningBadgeRenderer } from '../src/start-badge-renderer';

/** Blob storage for a test file: the Azurite npm package by default, or a container (testcontainers). */
export interface TestStorage {
  connectionString: string;
  blobPort: number;
  stop(): Promise<void>;
}

async function npmAzurite(): Promise<TestStorage> {
  const location = mkdtempSync(join(tmpdir(), 'badge-azurite-'));
  const azurite: RunningAzurite = await startAzurite({ location });
  return {
    connectionString: azurite.connectionString,
    blobPort: azurite.blobPort,
    stop: async () => {
      await azurite.stop();
      rmSync(location, { recursive: true, force: true });
    },
  };
}

/** One storage per test file; every renderer gets its own container, so tests never see each other's badges. */
export class BadgeTestEnv {
  azurite!: TestStorage;
  private counter = 0;
  private readonly started: { close(): Promise<void> }[] = [];

  constructor(private readonly startStorage: () => Promise<TestStorage> = npmAzurite) {}

  async start(): Promise<void> {
    this.azurite = await this.startStorage();
  }

  async stop(): Promise<void> {
    try {
      await this.closeAll();
    } finally {
      await this.azurite?.stop();
    }
  }

  nextContainer(): string {
    this.counter += 1;
    return `badges-${process.pid}-${this.counter}`;
  }

  env(container: string, extra: Record<string, string> = {}): Record<string, string> {
    return { STORAGE_CONNECTION_STRING: this.azurite.connectionString, BADGE_CONTAINER: container, LOG_LEVEL: process.env['BADGE_TEST_LOG_LEVEL'] ?? 'silent', ...extra };
  }

  bus(options: Parameters<typeof createTestBus>[0] = {}): EmbeddedBus {
    const bus = createTestBus({ lockDurationMs: 5_000, ...options });
    this.started.push(bus);
    return bus;
  }

  /** `port`: serve /healthz, /readyz and /metrics (0: a free port), at `renderer.url`. */
  async renderer(bus: EmbeddedBus, container: string, extra: Record<string, string> = {}, store?: BadgeStore, port?: number): Promise<RunningBadgeRenderer> {
    const renderer = await startBadgeRenderer({ bus, env: this.env(container, extra), ...(store && { store }), ...(port !== undefined && { port }) });
    // renderers close before their bus
    this.started.unshift(renderer);
    return renderer;
  }

  container(name: string): ContainerClient {
    return BlobServiceClient.fromConnectionString(this.azurite.connectionString).getContainerClient(name);
  }

  /** Closes everything started, in order (renderers before buses), even when one close rejects; rethrows the first failure. */
  async closeAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const item of this.started.splice(0)) {
      const [outcome] = await Promise.allSettled([item.close()]);
      if (outcome.status === 'rejected') failures.push(outcome.reason);
    }
    if (failures.length > 0) throw failures[0];
  }
}

export async function readText(container: ContainerClient, path: string): Promise<string> {
  return (await container.getBlobClient(path).downloadToBuffer()).toString('utf8');
}

export async function readIndex(container: ContainerClient): Promise<BadgeIndex> {
  return JSON.parse(await readText(container, 'index.json')) as BadgeIndex;
}

/** Events the renderer finished with the given outcome (stored, dead_lettered, retried). */
export async function handled(renderer: RunningBadgeRenderer, outcome: string): Promise<number> {
  const metric = renderer.metrics.registry.getSingleMetric('switchyard_badge_events_total');
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.filter((v) => v.labels['outcome'] === outcome).reduce((sum, v) => sum + v.value, 0);
}

export async function waitUntil<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function waitForHandled(renderer: RunningBadgeRenderer, outcome: string, count: number, timeoutMs = 10_000): Promise<void> {
  await waitUntil(async () => ((await handled(renderer, outcome)) >= count ? true : undefined), `${count} events ${outcome}`, timeoutMs);
}
