import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAllInOne } from './run-all-in-one';
import { lockDataDir } from './data-dir-lock';
import { services } from './services';

jest.setTimeout(60_000);

describe('the local run data folder', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'switchyard-data-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is used by one run at a time: a second run on it stops before starting Azurite, naming SWITCHYARD_DATA_DIR', async () => {
    const first = await runAllInOne({ env: {}, dataDir, services: [] });
    try {
      await expect(runAllInOne({ env: {}, dataDir, services: [] })).rejects.toMatchObject({
        variable: 'SWITCHYARD_DATA_DIR',
        message: expect.stringContaining(`another switchyard run (pid ${process.pid}) uses ${dataDir}`),
      });
      // The pid of a run killed long ago may be another process's by now: say how to get past it.
      await expect(runAllInOne({ env: {}, dataDir, services: [] })).rejects.toMatchObject({
        message: expect.stringContaining(`If pid ${process.pid} is no switchyard run, delete ${join(dataDir, 'switchyard.lock')}.`),
      });
    } finally {
      await first.close();
    }
    // Released at close: the next run starts.
    const next = await runAllInOne({ env: {}, dataDir, services: [] });
    await next.close();
  });

  it('names SWITCHYARD_DATA_DIR when the folder cannot be made (a file in its path), before starting Azurite', async () => {
    const file = join(dataDir, 'not-a-folder');
    writeFileSync(file, '');
    await expect(runAllInOne({ env: {}, dataDir: join(file, 'data'), services: [] })).rejects.toMatchObject({
      variable: 'SWITCHYARD_DATA_DIR',
      message: expect.stringMatching(/^cannot keep the local run's data in \S+not-a-folder\/data \(ENOTDIR: .*\): .*set SWITCHYARD_DATA_DIR to one\.$/),
    });
  });

  it('makes missing folders on the way to it', () => {
    const nested = join(dataDir, 'a', 'b', 'c');
    lockDataDir(nested).release();
    expect(existsSync(nested)).toBe(true);
  });

  // Node's recursive mkdirSync never returns there (and holds the event loop, so no stop gets through):
  // run in a child with a time limit, so that a hang fails this test instead of the whole suite.
  (existsSync('/proc/self') ? it : it.skip)('names SWITCHYARD_DATA_DIR at once for a folder under /proc, where no folder can be made', () => {
    const script = `try { require(${JSON.stringify(join(__dirname, 'data-dir-lock.ts'))}).lockDataDir('/proc/switchyard-no-such/data'); } catch (e) { console.error(e.message); process.exit(3); }`;
    const child = spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(child.signal).toBeNull();
    expect(child.status).toBe(3);
    expect(child.stderr).toMatch(/^cannot keep the local run's data in \/proc\/switchyard-no-such\/data \(ENOENT: .*\): .*set SWITCHYARD_DATA_DIR to one\.$/m);
  });

  it('holds the pid in the lock file from the moment it exists, and leaves no file of its own beside it', () => {
    const lock = lockDataDir(dataDir);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('switchyard.lock'))).toEqual(['switchyard.lock']);
    expect(readFileSync(join(dataDir, 'switchyard.lock'), 'utf8')).toBe(String(process.pid));
    lock.release();
    expect(readdirSync(dataDir).filter((name) => name.startsWith('switchyard.lock'))).toEqual([]);
  });

  it('takes over the lock of a run that was killed', () => {
    lockDataDir(dataDir, 2 ** 22 + 12345); // a pid no process has: never released
    expect(() => lockDataDir(dataDir).release()).not.toThrow();
  });

  it("keeps the lock of the run that took it over when the killed run's lock is released", () => {
    const killed = lockDataDir(dataDir, 2 ** 22 + 12345); // a pid no process has
    const current = lockDataDir(dataDir);
    killed.release();
    expect(() => lockDataDir(dataDir)).toThrow(`another switchyard run (pid ${process.pid}) uses ${dataDir}`);
    current.release();
    expect(() => lockDataDir(dataDir).release()).not.toThrow();
  });

  it('gives Azurite the port it had before, so the badge URLs the index keeps still work after a restart', async () => {
    const first = await runAllInOne({ env: {}, dataDir, services: [] });
    const port = first.azurite!.blobPort;
    await first.close();
    const second = await runAllInOne({ env: {}, dataDir, services: [] });
    try {
      expect(second.azurite!.blobPort).toBe(port);
    } finally {
      await second.close();
    }
  });

  it('says so, naming both ports, when another process holds the port Azurite had: the stored badge URLs name the old one', async () => {
    const first = await runAllInOne({ env: {}, dataDir, services: [] });
    const port = first.azurite!.blobPort;
    await first.close();
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(port, '127.0.0.1', done));
    try {
      const second = await runAllInOne({ env: {}, dataDir, services: [] });
      const now = second.azurite!.blobPort;
      await second.close();
      expect(now).not.toBe(port);
      expect(second.warnings).toEqual([
        `azurite's port ${port} is in use by another process, so it listens on ${now} this run: badge URLs stored earlier (index.json, the gallery, ` +
          `copied markdown) still name port ${port}. To keep them working, free port ${port} and restart switchyard.`,
      ]);
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });

  it('does not move to another port when Azurite fails for another reason: a damaged database is named, with SWITCHYARD_DATA_DIR', async () => {
    const first = await runAllInOne({ env: {}, dataDir, services: [] });
    await first.close();
    const database = join(dataDir, 'azurite', '__azurite_db_blob__.json');
    writeFileSync(database, readFileSync(database, 'utf8').slice(0, 40));
    const failure = await runAllInOne({ env: {}, dataDir, services: [] }).then(
      () => undefined,
      (error: unknown) => error as Error,
    );
    expect(failure?.message).toContain(`it could not read its database in ${join(dataDir, 'azurite')}: move the damaged __azurite_db_*.json files there aside`);
    expect(failure?.message).toContain(`is under SWITCHYARD_DATA_DIR: set it to another folder`);
    // Remembered port unchanged: the next run, once the file is moved aside, is on the old port.
    expect(failure?.message).not.toContain('EADDRINUSE');
  });
});

describe('npm start with STORAGE_CONNECTION_STRING set', () => {
  it('says, when that storage cannot be reached, that Azurite was not started because of the variable', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-own-storage-'));
    try {
      const unreachable = 'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;';
      const env = { STORAGE_CONNECTION_STRING: unreachable };
      const failure = await runAllInOne({ env, dataDir, services: [services[1]!] }).then(
        () => undefined,
        (error: unknown) => error as Error,
      );
      expect(failure?.message).toContain('npm start did not start Azurite because STORAGE_CONNECTION_STRING is set');
      expect(failure?.message).not.toContain('Eby8vdM02x');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
  it('passes a storage failure on unchanged when it started Azurite itself: the variable is not set', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-own-azurite-'));
    const failure = Object.assign(new Error('Blob storage refused the write'), { code: 'BLOB_WRITE_FAILED' });
    try {
      const env: Record<string, string | undefined> = { SWITCHYARD_AZURITE_MEMORY: 'true' };
      await expect(
        runAllInOne({
          env,
          dataDir,
          services: [
            async () => {
              throw failure;
            },
          ],
        }),
      ).rejects.toBe(failure);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
