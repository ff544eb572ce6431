import { capture, KEY } from '../../test/admin-fixture';
import { startLoopbackServer } from '../../test/loopback-server';
import { runCli } from '../cli/run-cli';
import { adminApiSource } from './admin-api.source';
import type { DeadLetterSource } from './dead-letter-source.port';

type Server = Awaited<ReturnType<typeof startLoopbackServer>>;

describe('dead-letters CLI against an address that is not the admin API', () => {
  const servers: Server[] = [];
  const start = async (handle: Parameters<typeof startLoopbackServer>[0]) => {
    const server = await startLoopbackServer(handle);
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  const cli = (argv: string[], url: string) => capture((io) => runCli(argv, io), { SWITCHYARD_URL: url, SWITCHYARD_ADMIN_KEY: KEY });

  it('gives up on a process that accepts the connection but never answers, saying so', async () => {
    const hung = await start(() => undefined);
    const source = adminApiSource(hung.url, KEY, 300);
    await expect(source.list(undefined, false)).rejects.toThrow(`${hung.url} did not answer within 0.3 s`);
    expect(hung.requests).toHaveLength(1);
  });

  it('says the same when the answer starts but its body never ends', async () => {
    const trickle = await start((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"subscriptions":');
    });
    await expect(adminApiSource(trickle.url, KEY, 300).list(undefined, false)).rejects.toThrow(`${trickle.url} did not answer within 0.3 s`);
  });

  it('does not follow a redirect, so the key never reaches the host it names', async () => {
    const elsewhere = await start((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ subscriptions: [] }));
    });
    const redirecting = await start((request, response) => {
      response.writeHead(307, { location: `${elsewhere.url.replace('//', '//user:pw-in-location@')}${request.url}` });
      response.end();
    });
    for (const argv of [['list'], ['resubmit', '--subscription', 'cli/checker', '--all']]) {
      const { code, stdout, stderr } = await cli(argv, redirecting.url);
      expect([code, stdout]).toEqual([1, '']);
      expect(stderr).toContain(`answered 307, a redirect to ${elsewhere.url}/admin/dead-letters`);
      expect(stderr).toContain('the key is sent only to --url / SWITCHYARD_URL itself');
      expect(stderr).not.toContain('pw-in-location');
    }
    expect(redirecting.requests).toHaveLength(2);
    expect(elsewhere.requests).toEqual([]);
  });

  /** Answers each admin operation as the process does, recording the path and key it was called with. */
  const adminLike = async () => {
    const calls: string[] = [];
    const server = await start((request, response) => {
      calls.push(`${request.method} ${request.url} ${request.headers['x-hook-key']}`);
      const subscription = 'cli/checker';
      const answers: Record<string, unknown> = {
        resubmit: { subscription, resubmitted: 0, notFound: ['a'] },
        purge: { subscription, purged: [], notFound: ['a'] },
      };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answers[request.url?.split('/').pop() ?? ''] ?? { subscriptions: [] }));
    });
    return { ...server, calls };
  };
  const operations: [string, (source: DeadLetterSource) => Promise<unknown>][] = [
    ['GET /admin/dead-letters?subscription=cli%2Fchecker&limit=5', (source) => source.list('cli/checker', false, { limit: 5 })],
    ['POST /admin/dead-letters/resubmit', (source) => source.resubmit('cli/checker', ['a'])],
    ['POST /admin/dead-letters/purge', (source) => source.purge('cli/checker', { ids: ['a'] })],
  ];

  it.each([
    ['"//"', (port: number) => `//127.0.0.1:${port}/`],
    ['a backslash', (port: number) => `/\\127.0.0.1:${port}/`],
  ])('never sends the key to a host named in the path of --url (%s), and says what to fix', async (_, pathNaming) => {
    const named = await adminLike();
    const other = await adminLike();
    const url = `${named.url}${pathNaming(Number(new URL(other.url).port))}`;
    for (const [, operation] of operations) {
      await expect((async () => operation(adminApiSource(url, KEY)))()).rejects.toThrow(`--url / SWITCHYARD_URL must not have an empty segment ("//") inside its path (got ${named.url} followed by such a path); remove the extra "/"`);
    }
    const { code, stderr } = await cli(['list'], url);
    expect(code).toBe(2);
    expect(stderr).toContain(`(got ${named.url} followed by such a path); remove the extra "/" [CLI.INVALID_URL]`);
    expect(other.calls).toEqual([]);
    expect(named.calls).toEqual([]);
  });

  it('sends a key given as --key=<value> as it is, also one that starts with "--"', async () => {
    const server = await adminLike();
    const dashed = '--dashed-hook-key-0123456789';
    const { code } = await capture((io) => runCli(['list', '--url', server.url, `--key=${dashed}`], io));
    expect(code).toBe(0);
    expect(server.calls).toEqual([`GET /admin/dead-letters ${dashed}`]);
  });

  it('takes a blank SWITCHYARD_ADMIN_KEY for none: exits 2 asking for the key, sending nothing', async () => {
    const server = await adminLike();
    const { code, stderr } = await capture((io) => runCli(['list'], io), { SWITCHYARD_URL: server.url, SWITCHYARD_ADMIN_KEY: '  ' });
    expect(code).toBe(2);
    expect(stderr).toContain('The admin API needs a hook key: set SWITCHYARD_ADMIN_KEY (or pass --key) [CLI.MISSING_KEY]');
    expect(server.calls).toEqual([]);
  });

  it.each(['/', '//', '///'])('reaches the admin API of --url ending in %j, under its own path', async (ending) => {
    const server = await adminLike();
    for (const base of [`${server.url}${ending}`, `${server.url}/switchyard${ending}`]) {
      for (const [, operation] of operations) await operation(adminApiSource(base, KEY));
    }
    const paths = operations.map(([path]) => path);
    expect(server.calls).toEqual([...paths, ...paths.map((path) => path.replace(' /', ' /switchyard/'))].map((call) => `${call} ${KEY}`));
  });

  it('says the answer is not the admin API\'s when a server answers 200 with something else', async () => {
    const page = await start((_, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<html>dashboard</html>');
    });
    const { code, stderr } = await cli(['list'], page.url);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `dead-letters: ${page.url}/admin/dead-letters answered 200 with something other than the dead-letter admin API's JSON; is --url / SWITCHYARD_URL the switchyard process (npm start)? [CLI.ADMIN_API_FAILED]\n`,
    );
  });

  it('says that nothing was lost when a resubmit fails as a whole, and how to see what is left', async () => {
    const failing = await start((_, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ code: 'INTERNAL', message: 'Internal Server Error' }));
    });
    const { code, stdout, stderr } = await cli(['resubmit', '--subscription', 'cli/checker', '--all'], failing.url);
    expect([code, stdout]).toEqual([1, '']);
    expect(stderr).toContain('answered 500: INTERNAL: Internal Server Error');
    expect(stderr).toContain('resubmit failed: every dead letter it did not put back is still dead-lettered; "list --subscription cli/checker" shows them, then run resubmit again');
    expect(stderr).not.toContain(KEY);
  });
});
