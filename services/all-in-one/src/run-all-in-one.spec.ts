import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive } from '@switchyard/testing';
import { runAllInOne, type AllInOne } from './run-all-in-one';
import type { StartService } from './services';

jest.setTimeout(30_000);

describe('runAllInOne close', () => {
  let dataDir: string;
  let run: AllInOne | undefined;
  const log: string[] = [];

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-close-'));
    log.length = 0;
  });

  afterEach(async () => {
    // Only if a test failed half-way: never leave an Azurite child behind.
    await run?.azurite?.stop();
    run = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A stand-in service that logs when it closes and whether Azurite was still running then. */
  function fake(name: string, closeError?: Error): StartService {
    return async () => ({
      name,
      close: async () => {
        log.push(`${name} closing (azurite ${run?.azurite && isProcessAlive(run.azurite.pid) ? 'up' : 'down'})`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        log.push(`${name} closed`);
        if (closeError) throw closeError;
      },
    });
  }

  function start(services: StartService[]): Promise<AllInOne> {
    return runAllInOne({ env: { SWITCHYARD_AZURITE_MEMORY: 'true' }, dataDir, services });
  }

  // Ingress first (no new 202s), then each consumer in turn, all while Azurite is still up.
  const closeOrder = [
    'ingress closing (azurite up)',
    'ingress closed',
    'badge-renderer closing (azurite up)',
    'badge-renderer closed',
    'gate-evaluator closing (azurite up)',
    'gate-evaluator closed',
  ];

  it('closes the ingress first, then each consumer one after the other, then Azurite', async () => {
    run = await start([fake('ingress'), fake('badge-renderer'), fake('gate-evaluator')]);
    const azurite = run.azurite!;
    expect(isProcessAlive(azurite.pid)).toBe(true);

    await run.close();

    expect(log).toEqual(closeOrder);
    expect(isProcessAlive(azurite.pid)).toBe(false);
  });

  it('still closes the other services and stops Azurite when a close rejects, then rejects with that error', async () => {
    const failure = new Error('ingress close failed');
    run = await start([fake('ingress', failure), fake('badge-renderer', new Error('second failure')), fake('gate-evaluator')]);
    const azurite = run.azurite!;

    await expect(run.close()).rejects.toBe(failure);

    expect(log).toEqual(closeOrder);
    expect(isProcessAlive(azurite.pid)).toBe(false);
  });

  it('closes what started and stops Azurite when a stop is asked for while a service is starting', async () => {
    const starting = new AbortController();
    const stopRequested = new Error('stopped while starting (SIGTERM)');
    let azuritePort = 0;
    const slow: StartService = async (options) => {
      azuritePort = Number(/127\.0\.0\.1:(\d+)/.exec(options.env?.['STORAGE_CONNECTION_STRING'] ?? '')?.[1]);
      starting.abort(stopRequested); // Ctrl-C while this service starts
      return fake('badge-renderer')(options);
    };
    const started = runAllInOne({ env: { SWITCHYARD_AZURITE_MEMORY: 'true' }, dataDir, services: [fake('ingress'), slow, fake('gate-evaluator')], signal: starting.signal });

    await expect(started).rejects.toBe(stopRequested);
    // The services that started (consumers start first) are closed; the ingress, not yet started, never starts.
    expect(log).toEqual([expect.stringMatching(/^badge-renderer closing/), 'badge-renderer closed', expect.stringMatching(/^gate-evaluator closing/), 'gate-evaluator closed']);
    // Azurite was stopped, not left to outlive the start: nothing answers on its port.
    expect(azuritePort).toBeGreaterThan(0);
    await expect(fetch(`http://127.0.0.1:${azuritePort}/devstoreaccount1?comp=list`)).rejects.toThrow();
  });

  it('starts no service when a stop is asked for while Azurite is starting, and stops Azurite', async () => {
    const starting = new AbortController();
    const stopRequested = new Error('stopped while starting (SIGINT)');
    const started: string[] = [];
    const spy: StartService = async (options) => {
      started.push('service');
      return fake('build-trigger')(options);
    };
    const env: Record<string, string | undefined> = { SWITCHYARD_AZURITE_MEMORY: 'true' };
    const run = runAllInOne({ env, dataDir, services: [spy], signal: starting.signal });
    starting.abort(stopRequested); // Ctrl-C while Azurite starts

    await expect(run).rejects.toBe(stopRequested);
    expect(started).toEqual([]);
    expect(env['STORAGE_CONNECTION_STRING']).toBeUndefined();
  });

  it('stops Azurite and the services already started when a later service fails to start, rejecting with the start error', async () => {
    const startFailure = new Error('gate-evaluator could not start');
    let blobEndpoint = '';
    let ingressStarted = false;
    await expect(
      start([
        async (options) => {
          ingressStarted = true;
          return fake('ingress')(options);
        },
        async ({ env }) => {
          blobEndpoint = /BlobEndpoint=([^;]+)/.exec(env?.['STORAGE_CONNECTION_STRING'] ?? '')?.[1] ?? '';
          throw startFailure;
        },
        fake('badge-renderer', new Error('close failed too')),
      ]),
    ).rejects.toBe(startFailure);
    // Consumers start before the ingress: a consumer that cannot start stops the run before any hook is accepted.
    expect(ingressStarted).toBe(false);
    expect(log).toEqual([expect.stringMatching(/^badge-renderer closing/), 'badge-renderer closed']);
    expect(blobEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    await expect(fetch(blobEndpoint)).rejects.toThrow();
  });
});
