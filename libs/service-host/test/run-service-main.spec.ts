import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import { runEntryPoint, type RunningProcess } from '@switchyard/testing';

const runs: RunningProcess[] = [];

/** Runs fake-service.main.ts with nothing of the test's environment but PATH and `env`. */
function runFake(env: Record<string, string>) {
  const run = runEntryPoint(join(__dirname, 'fake-service.main.ts'), [], { BUS: 'embedded', LOG_LEVEL: 'fatal', ...env }, { inheritEnv: false });
  runs.push(run);
  return run;
}

describe('runServiceMain', () => {
  // A test that failed because the fake started instead of exiting must not leave it running.
  afterEach(async () => {
    for (const run of runs.splice(0)) {
      if (run.child.exitCode === null && run.child.signalCode === null) {
        run.child.kill('SIGKILL');
        await run.exited;
      }
    }
  });

  it('starts the service on the bus from the environment and drains it on SIGTERM', async () => {
    const run = runFake({});
    await run.waitForOutput(/started on embedded/, 20_000);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
    expect(run.stdout()).toContain('service closed');
  }, 30_000);

  it.each([
    ['not set', '', 'BUS is not set, so the bus is embedded'],
    ['embedded', 'embedded', 'BUS=embedded'],
  ])('warns, when BUS is %s, that the service alone on the in-process bus hears from no other service', async (_how, bus, why) => {
    const run = runFake({ BUS: bus, LOG_LEVEL: 'info' });
    await run.waitForOutput(/started on embedded/, 20_000);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
    const warning = run
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number | string; msg: string })
      .find((line) => line.msg.includes('in-process bus'));
    expect(warning?.msg).toContain(`${why}: an in-process bus, so fake-service exchanges events only within this process`);
    expect(warning?.msg).toContain('set BUS=servicebus and SERVICEBUS_FQDN');
  }, 30_000);

  it('does not warn about the in-process bus on Service Bus', async () => {
    const run = runFake({ BUS: 'servicebus', SERVICEBUS_CONNECTION_STRING: 'Endpoint=sb://127.0.0.1:9/;SharedAccessKeyName=k;SharedAccessKey=notasecret', LOG_LEVEL: 'info' });
    await run.waitForOutput(/started on servicebus/, 20_000);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
    expect(run.stdout()).not.toContain('in-process bus');
  }, 30_000);

  describe('on a Service Bus endpoint that hangs up every connection', () => {
    let endpoint: Server;
    let connectionString: string;

    beforeAll(async () => {
      endpoint = createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
      connectionString = `Endpoint=sb://127.0.0.1:${(endpoint.address() as AddressInfo).port};SharedAccessKeyName=k;SharedAccessKey=notasecret;UseDevelopmentEmulator=true`;
    });

    afterAll(() => new Promise((resolve) => endpoint.close(resolve)));

    it('never reports the bus ready for a service that says the topics it publishes to; one that says none is ready at once', async () => {
      const onServiceBus = { BUS: 'servicebus', SERVICEBUS_CONNECTION_STRING: connectionString, BUS_PUBLISH_TIMEOUT_MS: '1000' };
      const publisher = runFake({ ...onServiceBus, FAKE_SERVICE_PUBLISHES_TO: 'checks' });
      const consumer = runFake(onServiceBus);
      await Promise.all([publisher.waitForOutput(/bus degraded MESSAGING\.CONNECTION_FAILED/, 20_000), consumer.waitForOutput(/bus ready/, 20_000)]);
      expect(publisher.stdout()).not.toContain('bus ready');
      for (const run of [publisher, consumer]) {
        run.child.kill('SIGTERM');
        expect((await run.exited).code).toBe(0);
      }
    }, 30_000);
  });

  it('exits 1 and says what to fix when the service cannot start', async () => {
    const run = runFake({ FAKE_SERVICE_MODE: 'fail' });
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toContain('fake-service failed to start: FAKE_SETTING is missing: set it to a number');
  }, 30_000);

  it('scrubs the secrets of its environment from the start-up error, on stderr and in the log line', async () => {
    const token = 'patvalue2kq7m4zq3v5n6b7c2d3e4f5g6h7j2k3l4m5n6p7q2r3s';
    const run = runFake({ FAKE_SERVICE_MODE: 'fail-quoting-token', AZURE_DEVOPS_TOKEN: token, LOG_LEVEL: 'info' });
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toContain('fake-service failed to start: Azure DevOps refused the token [REDACTED]');
    expect(run.stdout()).toContain('Azure DevOps refused the token [REDACTED]');
    expect(`${run.stdout()}${run.stderr()}`).not.toContain(token);
  }, 30_000);

  describe('with a trace collector that cannot be reached', () => {
    const unreachable = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_EXPORTER_OTLP_TIMEOUT: '1000', OTEL_SERVICE_NAME: 'fake-service' };

    it('still drains and exits 0 on SIGTERM, saying the traces were not flushed', async () => {
      const run = runFake(unreachable);
      await run.waitForOutput(/started on embedded/, 20_000);
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
      expect(run.stdout()).toContain('service closed');
      expect(run.stderr()).toContain('fake-service could not flush its traces');
      expect(run.stderr()).not.toMatch(/^\s+at /m);
    }, 30_000);

    it('still says why the service could not start', async () => {
      const run = runFake({ ...unreachable, FAKE_SERVICE_MODE: 'fail' });
      expect((await run.exited).code).toBe(1);
      expect(run.stderr()).toContain('fake-service failed to start: FAKE_SETTING is missing: set it to a number');
    }, 30_000);
  });

  it('exits 1 naming the variable when the bus configuration is wrong', async () => {
    const run = runFake({ BUS: 'kafka' });
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toMatch(/fake-service failed to start: .*BUS/);
  }, 30_000);

  it.each([
    ['OTEL_EXPORTER_OTLP_ENDPOINT', 'localhost:4318'],
    ['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'collector:4318'],
  ])('exits 1 with one line naming %s when it has no scheme, not a stack trace', async (variable, value) => {
    const run = runFake({ [variable]: value });
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toContain(`fake-service failed to start: ${variable}: must be an http(s) URL such as http://otel-collector:4318`);
    expect(run.stderr()).not.toMatch(/^\s+at /m);
  }, 30_000);

  it('exits 1 naming OTEL_TRACES_EXPORTER and the values it accepts when it names no exporter', async () => {
    const run = runFake({ OTEL_TRACES_EXPORTER: 'otlp-http' });
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toMatch(/fake-service failed to start: OTEL_TRACES_EXPORTER: "otlp-http" is not supported; use otlp, console, zipkin or none/);
  }, 30_000);

  it('exits 1 naming HOST and its value when HOST does not resolve', async () => {
    const run = runFake({ FAKE_SERVICE_MODE: 'listen', HOST: 'not-a-host', PORT: '0' });
    expect((await run.exited).code).toBe(1);
    expect(run.stderr()).toMatch(/fake-service failed to start: HOST=not-a-host does not resolve to an address .*set HOST to an address of this machine/);
  }, 30_000);

  it('exits 1 naming PORT, HOST and their values when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const run = runFake({ FAKE_SERVICE_MODE: 'listen', HOST: '127.0.0.1', PORT: String(port) });
      expect((await run.exited).code).toBe(1);
      expect(run.stderr()).toContain(`fake-service failed to start: PORT=${port} on HOST=127.0.0.1 is already in use (EADDRINUSE): stop the process that holds it, or set PORT to a free port`);
    } finally {
      taken.close();
    }
  }, 30_000);
});
