import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createBus, type Bus } from '@switchyard/messaging';
import { waitFor, waitForDeadLetter } from '@switchyard/messaging/testing';
import { closedPort } from '@switchyard/testing';
import { capture, KEY, Ping, startAdminFixture, type AdminFixture } from '../../test/admin-fixture';
import { runCli } from './run-cli';

describe('dead-letters CLI against the admin API of a running process (embedded bus, real loopback HTTP)', () => {
  let fixture: AdminFixture;
  beforeEach(async () => (fixture = await startAdminFixture()));
  afterEach(() => fixture.close());

  const cli = (argv: string[], env: Record<string, string | undefined> = { SWITCHYARD_URL: fixture.url, SWITCHYARD_ADMIN_KEY: KEY }) =>
    capture((io) => runCli(argv, io), env);

  it('lists every subscription with id, type, reason, description, enqueued time, deliveries and last error, never the body', async () => {
    const event = await fixture.deadLetter(1, 'customer-secret');
    const { code, stdout, stderr } = await cli(['list']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toBe('cli/checker: 1 dead letter');
    expect(lines[1].split(/\s{2,}/)).toEqual(['ID', 'TYPE', 'REASON', 'ENQUEUED', 'DELIVERIES', 'LAST ERROR', 'RESUBMITTED FROM', 'DESCRIPTION']);
    const row = lines[2].split(/\s{2,}/);
    expect(row).toEqual([event.id, Ping.type, 'CHECK.POLICY_MISSING', expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/), '1', '-', '-', 'No policy for ping 1; add it to GATE_POLICIES']);
    expect(lines[4]).toBe('cli/auditor: 0 dead letters');
    expect(stdout.trimEnd().endsWith('1 dead letter in 2 subscriptions')).toBe(true);
    expect(stdout).not.toContain('customer-secret');
  });

  it('shows the code of the last failure for a dead letter that ran out of deliveries', async () => {
    const event = await fixture.deadLetter(-1);
    const { stdout } = await cli(['list', '--subscription', 'cli/checker']);
    const row = stdout.split('\n')[2].split(/\s{2,}/);
    expect(row).toEqual([event.id, Ping.type, 'MaxDeliveryCountExceeded', expect.any(String), '2', 'CHECK.DOWNSTREAM_BUSY', '-', expect.stringContaining('2 delivery attempts')]);
    const json = JSON.parse((await cli(['list', '--subscription', 'cli/checker', '--json'])).stdout);
    expect(json.subscriptions[0].deadLetters[0]).toMatchObject({ reason: 'MaxDeliveryCountExceeded', lastError: 'CHECK.DOWNSTREAM_BUSY' });
  });

  it('shows bodies only with --show-body, and prints JSON with --json', async () => {
    const event = await fixture.deadLetter(2, 'customer-secret');
    const shown = await cli(['list', '--subscription', 'cli/checker', '--show-body']);
    expect(shown.stdout).toContain('"token": "customer-secret"');
    expect(shown.stdout).not.toContain('cli/auditor');

    const json = await cli(['list', '--subscription=cli/checker', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({
      subscriptions: [
        {
          subscription: 'cli/checker',
          deadLetters: [expect.objectContaining({ messageId: event.id, type: Ping.type, reason: 'CHECK.POLICY_MISSING', deliveryCount: 1 })],
        },
      ],
    });
    expect(json.stdout).not.toContain('customer-secret');
  });

  it('lists page by page with --limit and --after, printing the next page\'s options until the last page', async () => {
    const events: Awaited<ReturnType<AdminFixture['deadLetter']>>[] = [];
    for (let n = 1; n <= 5; n++) events.push(await fixture.deadLetter(n));
    const pages: string[] = [];
    let args = ['list', '--subscription', 'cli/checker', '--limit', '2'];
    for (;;) {
      const { code, stdout, stderr } = await cli(args);
      expect([code, stderr]).toEqual([0, '']);
      pages.push(stdout);
      const hint = /^next page: (list --subscription cli\/checker --after \S+ --limit 2)$/m.exec(stdout);
      if (!hint || pages.length > 5) break;
      args = hint[1].split(' ');
    }
    expect(pages.map((page) => page.split('\n')[0])).toEqual([
      'cli/checker: 2 dead letters (more follow)',
      'cli/checker: 2 dead letters (more follow)',
      'cli/checker: 1 dead letter',
    ]);
    expect(pages[0].trimEnd().endsWith('2 dead letters in 1 subscription; more follow, see "next page" above')).toBe(true);
    expect(pages[2]).not.toContain('more follow');
    const listed = pages.flatMap((page) => events.filter((e) => page.includes(e.id)).map((e) => e.id));
    expect(listed).toEqual(events.map((e) => e.id));

    const json = JSON.parse((await cli(['list', '--subscription', 'cli/checker', '--limit', '4', '--json'])).stdout);
    expect(json.subscriptions[0].deadLetters).toHaveLength(4);
    const last = JSON.parse((await cli(['list', '--subscription', 'cli/checker', '--after', json.subscriptions[0].next, '--json'])).stdout);
    expect(last.subscriptions[0]).toEqual({ subscription: 'cli/checker', deadLetters: [expect.objectContaining({ messageId: events[4].id })] });
  });

  it('exits 2 when the process refuses the cursor, naming the parameter', async () => {
    const { code, stderr } = await cli(['list', '--subscription', 'cli/checker', '--after', 'page-two']);
    expect(code).toBe(2);
    expect(stderr).toContain('"after" must be the "next" cursor of a previous page');
  });

  it('resubmits by id after the fix: the message is handled and leaves the dead-letter queue', async () => {
    const [first, second] = [await fixture.deadLetter(1), await fixture.deadLetter(2)];
    fixture.accept();
    const { code, stdout } = await cli(['resubmit', '--subscription', 'cli/checker', '--id', second.id]);
    expect(code).toBe(0);
    expect(stdout).toBe('cli/checker: resubmitted 1 dead letter\n');
    await waitFor(() => (fixture.handled.length > 0 ? fixture.handled : undefined), 'the resubmitted ping');
    expect(fixture.handled).toEqual([2]);
    expect((await fixture.bus.deadLetters('cli', 'checker').list()).map((d) => d.messageId)).toEqual([first.id]);
  });

  it('resubmits all with --all, and says which ids were not found (exit 1 when none was)', async () => {
    await fixture.deadLetter(1);
    await fixture.deadLetter(2);
    fixture.accept();
    expect((await cli(['resubmit', '--subscription', 'cli/checker', '--all'])).stdout).toBe('cli/checker: resubmitted 2 dead letters\n');
    await waitFor(() => (fixture.handled.length === 2 ? true : undefined), 'both pings');

    const missing = await cli(['resubmit', '--subscription', 'cli/checker', '--id', 'gone']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('cli/checker: resubmitted 0 dead letters\nnot found (already resubmitted, or a wrong id): gone\n');
  });

  it('lists a resubmitted dead letter that failed again as a new one: its own id, enqueued when resubmitted, and the id it came from', async () => {
    const event = await fixture.deadLetter(1);
    const before = JSON.parse((await cli(['list', '--subscription', 'cli/checker', '--json'])).stdout).subscriptions[0].deadLetters[0];
    await new Promise((resolve) => setTimeout(resolve, 20)); // a resubmit later than the first enqueue, as in real use
    expect((await cli(['resubmit', '--subscription', 'cli/checker', '--id', event.id])).stdout).toBe('cli/checker: resubmitted 1 dead letter\n');
    const copyId = `${event.id}#resubmit-1`;
    await waitForDeadLetter(fixture.bus, 'cli', 'checker', { messageId: copyId });
    const { code, stdout } = await cli(['list', '--subscription', 'cli/checker']);
    expect(code).toBe(0);
    const rows = stdout.split('\n').slice(2, -3).map((line) => line.split(/\s{2,}/));
    expect(rows).toEqual([[copyId, Ping.type, 'CHECK.POLICY_MISSING', expect.any(String), '1', '-', event.id, expect.any(String)]]);
    expect(Date.parse(rows[0][3])).toBeGreaterThan(Date.parse(before.enqueuedTime));
  });

  it('purges by id: prints the id and reason of each, and they are gone while the others stay', async () => {
    const [first, second, third] = [await fixture.deadLetter(1), await fixture.deadLetter(2), await fixture.deadLetter(-3)];
    const { code, stdout, stderr } = await cli(['purge', '--subscription', 'cli/checker', '--id', second.id, '--id', third.id]);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toBe(`cli/checker: purged 2 dead letters\n  ${second.id}  CHECK.POLICY_MISSING\n  ${third.id}  MaxDeliveryCountExceeded\n`);
    expect((await fixture.bus.deadLetters('cli', 'checker').list()).map((d) => d.messageId)).toEqual([first.id]);

    const json = JSON.parse((await cli(['purge', '--subscription', 'cli/checker', '--id', first.id, '--json'])).stdout);
    expect(json).toEqual({ subscription: 'cli/checker', purged: [{ messageId: first.id, reason: 'CHECK.POLICY_MISSING' }], notFound: [] });
    expect(await fixture.bus.deadLetters('cli', 'checker').list()).toEqual([]);
  });

  it('purges all with --all, and exits 1 naming the ids it did not find when none was purged', async () => {
    await fixture.deadLetter(1);
    await fixture.deadLetter(2);
    const all = await cli(['purge', '--subscription', 'cli/checker', '--all']);
    expect(all.code).toBe(0);
    expect(all.stdout.split('\n')[0]).toBe('cli/checker: purged 2 dead letters');
    expect(await fixture.bus.deadLetters('cli', 'checker').list()).toEqual([]);

    const missing = await cli(['purge', '--subscription', 'cli/checker', '--id', 'gone']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('cli/checker: purged 0 dead letters\nnot found (already purged or resubmitted, or a wrong id): gone\n');
  });

  it('refuses a purge with a wrong key (exit 1) and purges nothing', async () => {
    const event = await fixture.deadLetter(1);
    const refused = await cli(['purge', '--subscription', 'cli/checker', '--id', event.id], { SWITCHYARD_URL: fixture.url, SWITCHYARD_ADMIN_KEY: 'wrong-key-value' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('answered 401: MESSAGING.ADMIN_UNAUTHORIZED');
    expect(refused.stderr).toContain('(purge failed: every dead letter it did not delete is still dead-lettered; "list --subscription cli/checker" shows them');
    expect(refused.stderr).not.toContain('wrong-key-value');
    expect((await fixture.bus.deadLetters('cli', 'checker').list()).map((d) => d.messageId)).toEqual([event.id]);
  });

  it('reports a refused key, an unknown subscription and an unreachable process with what to do, never echoing the key', async () => {
    const refused = await cli(['list'], { SWITCHYARD_URL: fixture.url, SWITCHYARD_ADMIN_KEY: 'wrong-key-value' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("answered 401: MESSAGING.ADMIN_UNAUTHORIZED: The key in X-Hook-Key is not one of this process's hook keys");
    expect(refused.stderr).not.toContain('wrong-key-value');

    const unknown = await cli(['list', '--subscription', 'cli/nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('one of: cli/checker, cli/auditor');

    const port = await closedPort();
    const down = await cli(['list'], { SWITCHYARD_URL: `http://127.0.0.1:${port}`, SWITCHYARD_ADMIN_KEY: KEY });
    expect(down.code).toBe(1);
    expect(down.stderr).toBe(`dead-letters: Cannot reach http://127.0.0.1:${port} (ECONNREFUSED); is the switchyard process (npm start) running there? [CLI.UNREACHABLE]\n`);
  });
  it('names the full URL it requested and the server\'s message when the base URL has a path the process does not serve', async () => {
    const { code, stderr } = await cli(['list', '--url', `${fixture.url}/switchyard`, '--subscription', 'cli/checker']);
    expect(code).toBe(1);
    expect(stderr).toContain(`${fixture.url}/switchyard/admin/dead-letters?subscription=cli%2Fchecker answered 404: `);
    expect(stderr).toContain('Route GET:/switchyard/admin/dead-letters');
    expect(stderr).not.toContain(KEY);
  });
});

describe('dead-letters CLI against a server answering problem+json (as the ingress does)', () => {
  it('prints the full URL it requested and the problem\'s detail, never the key', async () => {
    const server = createHttpServer((request, response) => {
      response.writeHead(404, { 'content-type': 'application/problem+json' });
      response.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, code: 'NOT_FOUND', detail: 'No such endpoint; service hooks go to POST /hooks/azure-devops.', instance: request.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const { code, stderr } = await capture((io) => runCli(['list', '--url', `${base}/switchyard/`], io), { SWITCHYARD_ADMIN_KEY: KEY });
      expect(code).toBe(1);
      expect(stderr).toContain(`${base}/switchyard/admin/dead-letters answered 404: NOT_FOUND: No such endpoint; service hooks go to POST /hooks/azure-devops.`);
      // A deployed ingress (Service Bus) has no admin API: the CLI says where to look instead.
      expect(stderr).toContain('for Service Bus run the CLI with BUS=servicebus and SERVICEBUS_FQDN');
      expect(stderr).not.toContain(KEY);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('dead-letters CLI usage and targets', () => {
  const cli = (argv: string[], env: Record<string, string | undefined> = {}, connect?: () => Bus) => capture((io) => runCli(argv, { ...io, connect }), env);

  it.each([
    [['resubmit', '--subscription', 'cli/checker'], 'Say which dead letters to resubmit: --id <message id> (repeatable) or --all'],
    [['resubmit', '--subscription', 'cli/checker', '--id', 'a', '--all'], 'either --id (one or more) or --all, not both'],
    [['resubmit', '--all'], 'resubmit needs --subscription <topic/name>'],
    [['list', '--subscription', 'checks'], '--subscription must be topic/name'],
    [['list', '--limit', '1001'], '--limit must be a whole number from 1 to 1000 (got "1001")'],
    [['list', '--limit', 'all'], '--limit must be a whole number from 1 to 1000'],
    [['list', '--after', '3'], '--after needs --subscription <topic/name>'],
    [['resubmit', '--subscription', 'cli/checker', '--all', '--limit', '5'], '--limit and --after belong to list'],
    [['list', '--bogus'], 'Unknown option "--bogus"'],
    [['purge', '--all'], 'purge needs --subscription <topic/name>'],
    [['purge', '--subscription', 'cli/checker'], 'Say which dead letters to purge: --id <message id> (repeatable) or --all'],
    [['purge', '--subscription', 'cli/checker', '--id', 'a', '--all'], 'either --id (one or more) or --all, not both'],
    [['purge', '--subscription', 'cli/checker', '--all', '--show-body'], '--show-body belongs to list'],
    [['list', '--id', 'a'], '--id and --all belong to resubmit and purge'],
    [['drop'], 'Unknown command "drop"; use list, resubmit or purge'],
    [['list', '--url', 'http://127.0.0.1:1'], 'The admin API needs a hook key: set SWITCHYARD_ADMIN_KEY'],
    [['list'], 'BUS is embedded: its dead letters live inside the running process. Pass --url http://127.0.0.1:8080'],
    [['list', '--url', 'localhost:8080', '--key', 'k'], '--url / SWITCHYARD_URL must be an http(s) URL'],
  ])('exits 2 for %j, saying what to fix', async (argv, message) => {
    const { code, stderr } = await cli(argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).toContain('Run "dead-letters --help" for usage.');
  });

  it('refuses a --url with a user name or password, without printing them', async () => {
    const { code, stderr } = await cli(['list', '--url', 'http://admin:url-secret-0123@127.0.0.1:1', '--key', 'k']);
    expect(code).toBe(2);
    expect(stderr).toContain('must not contain a user name or password; pass the key in SWITCHYARD_ADMIN_KEY');
    expect(stderr).not.toContain('url-secret-0123');
  });

  it.each([
    [['list', 'k3y-0123456789abcdef0123456789'], 'Unknown option a value of 30 characters (not shown) for list'],
    [['0123456789abcdef'], 'Unknown command a value of 16 characters (not shown); use list, resubmit or purge'],
    [['list', '0123456789abcdef'], 'Unknown option a value of 16 characters (not shown) for list'],
    [['list', '--Key=k3y-0123456789abcdef0123456789'], 'Unknown option "--Key" for list'],
    [['list', '--url', 'localhost:8080/?code=k3y-0123456789abcdef0123456789', '--key', 'k'], 'must be an http(s) URL such as http://127.0.0.1:8080 (got scheme "localhost")'],
    [['list', '--url', '//127.0.0.1/?code=k3y-0123456789abcdef0123456789', '--key', 'k'], 'must be an http(s) URL such as http://127.0.0.1:8080 (got a value of'],
  ])('never prints a key given where it does not belong: %j', async (argv, message) => {
    const { code, stderr } = await cli(argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stderr).not.toContain('0123456789abcdef');
  });

  it('never prints a connection string set as BUS by mistake', async () => {
    const pasted = 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=c2VjcmV0a2V5';
    const { code, stderr } = await cli(['list'], { BUS: pasted });
    expect(code).toBe(2);
    expect(stderr).toContain('BUS: must be "servicebus" or "embedded"');
    expect(stderr).not.toContain('c2VjcmV0a2V5');
  });

  it('names the bus variable that is wrong', async () => {
    const { code, stderr } = await cli(['list'], { BUS: 'servicebus' });
    expect(code).toBe(2);
    expect(stderr).toContain('SERVICEBUS_FQDN: BUS=servicebus needs SERVICEBUS_FQDN');
  });

  it('reads the bus from env when BUS=servicebus (same Bus API; the conformance suite covers the Service Bus side), and closes it', async () => {
    let closed = false;
    const bus = createBus({ backend: 'embedded' });
    const connect = () => Object.assign(Object.create(bus), { close: async () => void (closed = await bus.close().then(() => true)) }) as Bus;
    const { code, stdout } = await cli(['list', '--subscription', 'checks/gate-evaluator'], { BUS: 'servicebus', SERVICEBUS_FQDN: 'ns.servicebus.windows.net' }, connect);
    expect(code).toBe(0);
    expect(stdout).toContain('checks/gate-evaluator: 0 dead letters');
    expect(closed).toBe(true);
  });

  it('says which ids (or that more) a resubmit run did not reach when it stopped at its bounds, and exits 1 so a script runs it again', async () => {
    const bus = createBus({ backend: 'embedded' });
    const stopped = { resubmitAndReport: async () => ({ resubmitted: 1, resubmittedIds: ['a'], complete: false }) };
    const connect = () => Object.assign(Object.create(bus), { deadLetters: () => stopped }) as Bus;
    const env = { BUS: 'servicebus', SERVICEBUS_FQDN: 'ns.servicebus.windows.net' };
    const some = await cli(['resubmit', '--subscription', 'checks/gate-evaluator', '--id', 'a', '--id', 'b'], env, connect);
    expect(some.code).toBe(1);
    expect(some.stdout).toBe('checks/gate-evaluator: resubmitted 1 dead letter\nnot reached: this run stopped at its limit (time or message count); run resubmit again for: b\n');
    const all = await cli(['resubmit', '--subscription', 'checks/gate-evaluator', '--all'], env, connect);
    expect(all.code).toBe(1);
    expect(all.stdout).toBe('checks/gate-evaluator: resubmitted 1 dead letter\nstopped: this run stopped at its limit (time or message count); run resubmit again\n');
  });

  it('says a resubmit run stopped at a failed send, with the error and what is left, and exits 1', async () => {
    const bus = createBus({ backend: 'embedded' });
    const failing = { resubmitAndReport: async () => ({ resubmitted: 1, resubmittedIds: ['a'], complete: false, stoppedBy: 'ServiceBusy: The namespace is busy' }) };
    const connect = () => Object.assign(Object.create(bus), { deadLetters: () => failing }) as Bus;
    const env = { BUS: 'servicebus', SERVICEBUS_FQDN: 'ns.servicebus.windows.net' };
    const some = await cli(['resubmit', '--subscription', 'checks/gate-evaluator', '--id', 'a', '--id', 'b'], env, connect);
    expect(some.code).toBe(1);
    expect(some.stdout).toBe(
      'checks/gate-evaluator: resubmitted 1 dead letter\nnot reached: putting a dead letter back failed (ServiceBusy: The namespace is busy), so this run stopped; the rest stay dead-lettered; run resubmit again for: b\n',
    );
    const all = await cli(['resubmit', '--subscription', 'checks/gate-evaluator', '--all'], env, connect);
    expect(all.code).toBe(1);
    expect(all.stdout).toContain('stopped: putting a dead letter back failed (ServiceBusy: The namespace is busy), so this run stopped; the rest stay dead-lettered; run resubmit again\n');
  });

  it('says a resubmit the bus refused (the subscription lacks its resubmit rule) is not worth running again, and exits 1', async () => {
    const bus = createBus({ backend: 'embedded' });
    const reason = 'MESSAGING.RESUBMIT_RULE_MISSING: subscription "releases/my-team" has no rule "resubmit"; nothing was resubmitted. Add the rule: az …';
    const refusing = { resubmitAndReport: async () => ({ resubmitted: 0, resubmittedIds: [], complete: false, stoppedBy: reason }) };
    const connect = () => Object.assign(Object.create(bus), { deadLetters: () => refusing }) as Bus;
    const env = { BUS: 'servicebus', SERVICEBUS_FQDN: 'ns.servicebus.windows.net' };
    const some = await cli(['resubmit', '--subscription', 'checks/gate-evaluator', '--id', 'a'], env, connect);
    expect(some.code).toBe(1);
    expect(some.stdout).toBe(`checks/gate-evaluator: resubmitted 0 dead letters\nrefused: ${reason}\nnot resubmitted: a\n`);
    const all = await cli(['resubmit', '--subscription', 'checks/gate-evaluator', '--all'], env, connect);
    expect(all.code).toBe(1);
    expect(all.stdout).toBe(`checks/gate-evaluator: resubmitted 0 dead letters\nrefused: ${reason}\n`);
    expect(all.stdout).not.toContain('run resubmit again');
  });

  it('says which ids a purge run did not reach when it stopped at a failed delete, and exits 1 so a script runs it again', async () => {
    const bus = createBus({ backend: 'embedded' });
    const purge = async () => ({ purged: [{ messageId: 'a', reason: 'BADGE_FIELD_MISSING' }], notFound: [], notReached: ['b'], stoppedBy: 'MessageLockLost: lock lost (b is still dead-lettered)' });
    const connect = () => Object.assign(Object.create(bus), { deadLetters: () => ({ purge }) }) as Bus;
    const env = { BUS: 'servicebus', SERVICEBUS_FQDN: 'ns.servicebus.windows.net' };
    const { code, stdout } = await cli(['purge', '--subscription', 'checks/gate-evaluator', '--id', 'a', '--id', 'b'], env, connect);
    expect(code).toBe(1);
    expect(stdout).toBe(
      'checks/gate-evaluator: purged 1 dead letter\n  a  BADGE_FIELD_MISSING\n' +
        'not reached: deleting a dead letter failed (MessageLockLost: lock lost (b is still dead-lettered)), so this run stopped; the rest stay dead-lettered; run purge again for: b\n',
    );
    const more = async () => ({ purged: [], notFound: [], moreLeft: true });
    const bounded = () => Object.assign(Object.create(bus), { deadLetters: () => ({ purge: more }) }) as Bus;
    const all = await cli(['purge', '--subscription', 'checks/gate-evaluator', '--all'], env, bounded);
    expect([all.code, all.stdout]).toEqual([1, 'checks/gate-evaluator: purged 0 dead letters\nstopped: this run stopped at its limit (time or message count); run purge again\n']);
  });

  it('exits 2 (wrong usage) without a command, saying which commands there are', async () => {
    const { code, stdout, stderr } = await cli([]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('No command given; use list, resubmit or purge');
    expect(stderr).toContain('Run "dead-letters --help" for usage.');
  });

  it('prints usage with --help', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('dead-letters list [--subscription <topic/name>] [--show-body] [--json]');
    expect(stdout).toContain('Exit codes: 0 done; 1 failed');
  });
});
