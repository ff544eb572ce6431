import type { Writable } from 'node:stream';
import { createTestBus } from '@switchyard/messaging/testing';
import type { CreateLoggerOptions, Logger } from '@switchyard/observability';
import { BadgeStore, type BlobVersion, type BlobWrite, type StoredBlobContent, type WriteResult } from './badge-store/badge-store.port';
import { startBadgeRenderer } from './start-badge-renderer';

// The service's own logger, built as the service builds it, writing here instead of stdout.
const mockLog: { lines: string[]; loggers: Logger[] } = { lines: [], loggers: [] };
jest.mock('@switchyard/observability', () => {
  const actual = jest.requireActual<typeof import('@switchyard/observability')>('@switchyard/observability');
  const { Writable: WritableStream } = jest.requireActual<typeof import('node:stream')>('node:stream');
  const destination: Writable = new WritableStream({
    write(chunk: Buffer, _encoding, callback) {
      mockLog.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return {
    ...actual,
    createLogger: (options: CreateLoggerOptions) => {
      const logger = actual.createLogger({ ...options, destination });
      mockLog.loggers.push(logger);
      return logger;
    },
  };
});

/** Blobs in memory: enough for the renderer to prepare its container and start. */
class MemoryBadgeStore extends BadgeStore {
  private readonly blobs = new Map<string, StoredBlobContent>();

  ensureContainer(): Promise<void> {
    return Promise.resolve();
  }

  async properties(path: string): Promise<BlobVersion | undefined> {
    return this.blobs.get(path);
  }

  async read(path: string): Promise<StoredBlobContent | undefined> {
    return this.blobs.get(path);
  }

  async write(path: string, blob: BlobWrite): Promise<WriteResult> {
    const etag = `"${this.blobs.size + 1}"`;
    this.blobs.set(path, { etag, metadata: blob.metadata, body: Buffer.from(blob.body) });
    return { written: true, etag };
  }

  urlOf(path: string): string {
    return `https://fabrikam.blob.core.windows.net/badges/${path}`;
  }
}

const ACCOUNT_KEY = 'YWNjb3VudC1rZXktb2YtZmFicmlrYW0tc3RvcmFnZQ==';
const EVENTGRID_KEY = 'eg-access-key-0123456789abcdef';

describe('startBadgeRenderer', () => {
  it('scrubs the storage account key and the Event Grid key from its log lines, wherever they appear', async () => {
    const bus = createTestBus();
    const env = {
      STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=https;AccountName=fabrikam;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net`,
      EVENTGRID_KEY,
      LOG_LEVEL: 'info',
    };
    const renderer = await startBadgeRenderer({ bus, env, store: new MemoryBadgeStore() });
    try {
      const [logger] = mockLog.loggers;
      for (const value of [ACCOUNT_KEY, EVENTGRID_KEY]) logger.warn({ err: new Error(`request signed with ${value} was refused`) }, `storage refused ${value}`);
      const warnings = mockLog.lines.filter((line) => line.includes('storage refused'));
      expect(warnings.map((line) => JSON.parse(line) as unknown)).toEqual([
        expect.objectContaining({ service: 'badge-renderer', msg: 'storage refused [REDACTED]', err: expect.objectContaining({ message: 'request signed with [REDACTED] was refused' }) }),
        expect.objectContaining({ msg: 'storage refused [REDACTED]' }),
      ]);
      expect(mockLog.lines.join('\n')).not.toMatch(new RegExp(`${ACCOUNT_KEY}|${EVENTGRID_KEY}`));
    } finally {
      await renderer.close();
      await bus.close();
    }
  });
});
