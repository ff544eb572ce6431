import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { isProcessAlive } from '@switchyard/testing';
import { startAzurite, type RunningAzurite } from './start-azurite';

function canListen(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

jest.setTimeout(15_000);

describe('startAzurite', () => {
  let location: string;
  const running: RunningAzurite[] = [];

  beforeEach(() => {
    location = mkdtempSync(join(tmpdir(), 'switchyard-azurite-'));
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((azurite) => azurite.stop()));
    rmSync(location, { recursive: true, force: true });
  });

  it('serves the Blob API on a free port and frees the port and pid on stop', async () => {
    const azurite = await startAzurite({ location });
    running.push(azurite);
    expect(azurite.blobEndpoint).toBe(`http://127.0.0.1:${azurite.blobPort}/devstoreaccount1`);

    const container = BlobServiceClient.fromConnectionString(azurite.connectionString).getContainerClient('probe');
    await container.create();
    await container.getBlockBlobClient('a/b c.txt').upload('hello', 5);
    expect((await container.getBlockBlobClient('a/b c.txt').downloadToBuffer()).toString()).toBe('hello');

    expect(isProcessAlive(azurite.pid)).toBe(true);
    await azurite.stop();
    expect(isProcessAlive(azurite.pid)).toBe(false);
    expect(await canListen(azurite.blobPort)).toBe(true);
  });

  it('keeps blobs across restarts on the same location', async () => {
    const first = await startAzurite({ location });
    running.push(first);
    const client = BlobServiceClient.fromConnectionString(first.connectionString).getContainerClient('keep');
    await client.create();
    await client.getBlockBlobClient('x.json').upload('{}', 2);
    await first.stop();

    const second = await startAzurite({ location });
    running.push(second);
    const again = BlobServiceClient.fromConnectionString(second.connectionString).getContainerClient('keep');
    expect((await again.getBlockBlobClient('x.json').downloadToBuffer()).toString()).toBe('{}');
  });

  it('runs in memory only when asked: the Blob API works and nothing survives a restart', async () => {
    const first = await startAzurite({ inMemory: true });
    running.push(first);
    const client = BlobServiceClient.fromConnectionString(first.connectionString).getContainerClient('ephemeral');
    await client.create({ access: 'blob' });
    await client.getBlockBlobClient('x.json').upload('{}', 2);
    expect((await (await fetch(`${first.blobEndpoint}/ephemeral/x.json`)).text())).toBe('{}');
    await first.stop();

    const second = await startAzurite({ inMemory: true, blobPort: first.blobPort });
    running.push(second);
    const again = BlobServiceClient.fromConnectionString(second.connectionString).getContainerClient('ephemeral');
    expect(await again.exists()).toBe(false);
  });

  it('refuses a location together with in-memory persistence (Azurite cannot do both)', async () => {
    await expect(startAzurite({ inMemory: true, location } as unknown as Parameters<typeof startAzurite>[0])).rejects.toMatchObject({
      code: 'AZURITE_OPTIONS_INVALID',
    });
  });

  it('rejects with AZURITE_START_FAILED and Azurite\'s reason when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startAzurite({ location, blobPort: port })).rejects.toMatchObject({
        code: 'AZURITE_START_FAILED',
        message: expect.stringContaining('EADDRINUSE'),
      });
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('names its folder and the damaged database file to move aside when it cannot read its database', async () => {
    writeFileSync(join(location, '__azurite_db_blob__.json'), '{"filename":"__azurite_db_blob__.json","collections":[{"na');
    await expect(startAzurite({ location })).rejects.toMatchObject({
      code: 'AZURITE_START_FAILED',
      message: expect.stringContaining(`it could not read its database in ${location}: move the damaged __azurite_db_*.json files there aside`),
    });
  });

  it('stops at once and cleanly even right after it started', async () => {
    for (let round = 0; round < 4; round++) {
      const azurite = await startAzurite({ location });
      running.push(azurite);
      const started = Date.now();
      await azurite.stop();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(await azurite.exited).toEqual({ code: 0, signal: null });
    }
  }, 30_000);

  it('keeps serving through a Ctrl-C to the parent\'s process group until the parent stops it', async () => {
    // The parent ignores SIGINT as a service draining its handlers would, then stops Azurite when told.
    const script = `
      process.on('SIGINT', () => console.log('SIGINT'));
      require('@swc-node/register');
      require(${JSON.stringify(join(__dirname, 'start-azurite.ts'))})
        .startAzurite({ location: ${JSON.stringify(location)} })
        .then((a) => {
          console.log('PID ' + a.pid + ' PORT ' + a.blobPort);
          process.stdin.once('data', () => a.stop().then(() => a.exited).then((e) => console.log('EXITED ' + JSON.stringify(e))));
        });
    `;
    // detached: the parent leads its own process group, as a shell's foreground job does.
    const parent = spawn(process.execPath, ['-e', script], {
      cwd: join(__dirname, '..', '..', '..'),
      stdio: ['pipe', 'pipe', 'inherit'],
      detached: true,
    });
    let out = '';
    parent.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    try {
      expect(await waitUntil(() => /PID \d+ PORT \d+/.test(out), 15_000)).toBe(true);
      const [, pid, port] = /PID (\d+) PORT (\d+)/.exec(out) as RegExpExecArray;
      process.kill(-(parent.pid as number), 'SIGINT');
      expect(await waitUntil(() => out.includes('SIGINT'), 5_000)).toBe(true);
      await new Promise((r) => setTimeout(r, 500));
      expect(isProcessAlive(Number(pid))).toBe(true);
      const answer = await fetch(`http://127.0.0.1:${port}/devstoreaccount1?comp=list`).catch((e: unknown) => e);
      expect(answer).toBeInstanceOf(Response);

      parent.stdin.write('stop\n');
      expect(await waitUntil(() => out.includes('EXITED'), 10_000)).toBe(true);
      expect(out).toContain('EXITED {"code":0,"signal":null}');
      expect(isProcessAlive(Number(pid))).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  }, 30_000);

  it('does not outlive a parent that dies without stopping it', async () => {
    const script = `
      require('@swc-node/register');
      require(${JSON.stringify(join(__dirname, 'start-azurite.ts'))})
        .startAzurite({ location: ${JSON.stringify(location)} })
        .then((a) => console.log('PID ' + a.pid));
    `;
    const parent = spawn(process.execPath, ['-e', script], { cwd: join(__dirname, '..', '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolvePid, reject) => {
      let out = '';
      parent.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /PID (\d+)/.exec(out);
        if (match) resolvePid(Number(match[1]));
      });
      parent.once('exit', () => reject(new Error(`parent exited early: ${out}`)));
    });
    expect(isProcessAlive(pid)).toBe(true);
    parent.kill('SIGKILL');
    expect(await waitUntil(() => !isProcessAlive(pid), 8_000)).toBe(true);
  }, 20_000);
});
