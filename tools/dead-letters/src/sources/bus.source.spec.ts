import { createBus, type Bus } from '@switchyard/messaging';
import { capture, startAdminFixture } from '../../test/admin-fixture';
import { runCli } from '../cli/run-cli';

const SECRET = 'sas-key-value-0123456789=';
const env = { BUS: 'servicebus', SERVICEBUS_CONNECTION_STRING: `Endpoint=sb://ns-cli.servicebus.windows.net/;SharedAccessKeyName=ops;SharedAccessKey=${SECRET}` };

/** A bus whose dead-letter calls fail as the Service Bus SDK does when the namespace cannot be reached. */
function unreachableBus(): Bus {
  const bus = createBus({ backend: 'embedded' });
  const failure = () => Promise.reject(Object.assign(new Error('ENOTFOUND: getaddrinfo ENOTFOUND ns-cli.servicebus.windows.net'), { name: 'MessagingError', code: 'GeneralError' }));
  return Object.assign(Object.create(bus), { deadLetters: () => ({ list: failure, resubmitAndReport: failure, purge: failure }) }) as Bus;
}

describe('dead-letters CLI on Service Bus (BUS=servicebus)', () => {
  const cli = (argv: string[], connect: () => Bus) => capture((io) => runCli(argv, { ...io, connect }), env);

  it('exits 1 for a subscription that is not declared, as against the admin API', async () => {
    const { code, stderr } = await cli(['list', '--subscription', 'checks/nobody'], () => createBus({ backend: 'embedded' }));
    expect(code).toBe(1);
    expect(stderr).toContain('"checks/nobody" is not a subscription; use topic/name, one of: ');
    expect(stderr).not.toContain('--help');
  });

  it('names the namespace and what to check when it cannot be reached, never the key', async () => {
    const listed = await cli(['list', '--subscription', 'checks/gate-evaluator'], unreachableBus);
    expect(listed.code).toBe(1);
    expect(listed.stderr).toBe(
      'dead-letters: Service Bus ns-cli.servicebus.windows.net failed: GeneralError: ENOTFOUND: getaddrinfo ENOTFOUND ns-cli.servicebus.windows.net. ' +
        'Check SERVICEBUS_FQDN / SERVICEBUS_CONNECTION_STRING, the network to the namespace, and that your identity has Azure Service Bus Data Receiver and Data Sender on it [CLI.SERVICEBUS_FAILED]\n',
    );

    const resubmitted = await cli(['resubmit', '--subscription', 'checks/gate-evaluator', '--all'], unreachableBus);
    expect([resubmitted.code, resubmitted.stdout]).toEqual([1, '']);
    expect(resubmitted.stderr).toContain('Service Bus ns-cli.servicebus.windows.net failed');
    expect(resubmitted.stderr).toContain('still dead-lettered; "list --subscription checks/gate-evaluator" shows them');
    const purged = await cli(['purge', '--subscription', 'checks/gate-evaluator', '--id', 'a'], unreachableBus);
    expect([purged.code, purged.stdout]).toEqual([1, '']);
    expect(purged.stderr).toContain('Service Bus ns-cli.servicebus.windows.net failed');
    expect(purged.stderr).toContain('(purge failed: every dead letter it did not delete is still dead-lettered; "list --subscription checks/gate-evaluator" shows them, then run purge again)');
    expect(`${listed.stderr}${resubmitted.stderr}${purged.stderr}`).not.toContain(SECRET);
  });

  it('purges through the bus it reads from env, printing the id and reason of each', async () => {
    const fixture = await startAdminFixture();
    try {
      const [kept, gone] = [await fixture.deadLetter(1), await fixture.deadLetter(2)];
      const connect = () => Object.assign(Object.create(fixture.bus), { close: async () => undefined }) as Bus;
      const { code, stdout } = await cli(['purge', '--subscription', 'cli/checker', '--id', gone.id], connect);
      expect([code, stdout]).toEqual([0, `cli/checker: purged 1 dead letter\n  ${gone.id}  CHECK.POLICY_MISSING\n`]);
      expect((await fixture.bus.deadLetters('cli', 'checker').list()).map((d) => d.messageId)).toEqual([kept.id]);
    } finally {
      await fixture.close();
    }
  });
});
