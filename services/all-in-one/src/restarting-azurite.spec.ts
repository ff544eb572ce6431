import type { RunningAzurite, StartAzuriteOptions } from '@switchyard/azurite';
import { RestartingAzurite, type AzuriteNotice } from './restarting-azurite';

/** An Azurite stand-in whose exit the test decides. */
function fakeAzurite(pid: number, blobPort: number) {
  let exit!: (result: { code: number | null; signal: NodeJS.Signals | null }) => void;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => (exit = resolve));
  const azurite: RunningAzurite & { kill(signal?: NodeJS.Signals): void; stops: number } = {
    blobEndpoint: `http://127.0.0.1:${blobPort}/devstoreaccount1`,
    blobPort,
    connectionString: `BlobEndpoint=http://127.0.0.1:${blobPort}/devstoreaccount1;`,
    pid,
    exited,
    stops: 0,
    kill: (signal = 'SIGKILL') => exit({ code: null, signal }),
    stop: async () => {
      azurite.stops += 1;
      exit({ code: 0, signal: null });
    },
  };
  return azurite;
}

describe('RestartingAzurite (npm start)', () => {
  const options: StartAzuriteOptions = { location: '/data/azurite' };
  let notices: AzuriteNotice[];
  let started: Array<{ options: StartAzuriteOptions; azurite: ReturnType<typeof fakeAzurite> }>;
  let nextPid: number;
  const start = async (startOptions: StartAzuriteOptions) => {
    const azurite = fakeAzurite(nextPid++, startOptions.blobPort ?? 0);
    started.push({ options: startOptions, azurite });
    return azurite;
  };

  beforeEach(() => {
    jest.useFakeTimers();
    notices = [];
    started = [];
    nextPid = 200;
  });
  afterEach(() => jest.useRealTimers());

  it('starts Azurite again on the same port and files after it exited under the run, and stops the new one', async () => {
    const first = fakeAzurite(100, 41234);
    const azurite = new RestartingAzurite(first, options, (notice) => notices.push(notice), { delaysMs: [1_000], stableMs: 60_000 }, start);

    first.kill('SIGKILL');
    await jest.advanceTimersByTimeAsync(0);
    expect(notices).toEqual([{ kind: 'restarting', pid: 100, exit: 'signal SIGKILL', inMs: 1_000 }]);
    expect(started).toHaveLength(0);

    await jest.advanceTimersByTimeAsync(1_000);
    expect(started.map((s) => s.options)).toEqual([{ location: '/data/azurite', blobPort: 41234 }]);
    expect(notices.at(-1)).toEqual({ kind: 'restarted', pid: 200, inMemory: false });
    expect([azurite.pid, azurite.blobPort, azurite.connectionString]).toEqual([200, 41234, first.connectionString]);

    await azurite.stop();
    expect(started[0]!.azurite.stops).toBe(1);
    expect(notices).toHaveLength(2);
  });

  it('gives up when it keeps exiting soon after each start, saying how often', async () => {
    const first = fakeAzurite(100, 41234);
    new RestartingAzurite(first, options, (notice) => notices.push(notice), { delaysMs: [10, 20], stableMs: 60_000 }, start);

    first.kill();
    await jest.advanceTimersByTimeAsync(10);
    started[0]!.azurite.kill();
    await jest.advanceTimersByTimeAsync(20);
    started[1]!.azurite.kill();
    await jest.advanceTimersByTimeAsync(1_000);

    expect(started).toHaveLength(2);
    expect(notices.map((n) => n.kind)).toEqual(['restarting', 'restarted', 'restarting', 'restarted', 'given-up']);
    expect(notices.at(-1)).toEqual({ kind: 'given-up', pid: 201, why: 'exited (signal SIGKILL) 3 times, each within 60 s of starting' });
  });

  it('counts again from the first delay after an Azurite that ran long enough', async () => {
    const first = fakeAzurite(100, 41234);
    new RestartingAzurite(first, options, (notice) => notices.push(notice), { delaysMs: [10], stableMs: 5_000 }, start);

    first.kill();
    await jest.advanceTimersByTimeAsync(10);
    await jest.advanceTimersByTimeAsync(6_000);
    started[0]!.azurite.kill();
    await jest.advanceTimersByTimeAsync(10);

    expect(started).toHaveLength(2);
    expect(notices.filter((n) => n.kind === 'given-up')).toEqual([]);
  });

  it('says so, and gives up, when the new Azurite cannot start (the port was taken meanwhile)', async () => {
    const first = fakeAzurite(100, 41234);
    const refused = async () => {
      throw new Error('Azurite exited before listening (code 1, signal null); is the port free and the location writable?');
    };
    new RestartingAzurite(first, options, (notice) => notices.push(notice), { delaysMs: [10], stableMs: 60_000 }, refused);

    first.kill();
    await jest.advanceTimersByTimeAsync(10);
    expect(notices.at(-1)).toEqual({
      kind: 'given-up',
      pid: 100,
      why: 'could not be started again: Azurite exited before listening (code 1, signal null); is the port free and the location writable?',
    });
  });

  it('does not start it again once stopped, also when the stop comes while a restart waits', async () => {
    const first = fakeAzurite(100, 41234);
    const azurite = new RestartingAzurite(first, options, (notice) => notices.push(notice), { delaysMs: [1_000], stableMs: 60_000 }, start);
    first.kill();
    await jest.advanceTimersByTimeAsync(0);

    await azurite.stop();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(started).toHaveLength(0);

    const second = fakeAzurite(101, 41235);
    const stoppedOne = new RestartingAzurite(second, options, (notice) => notices.push(notice), { delaysMs: [10], stableMs: 60_000 }, start);
    await stoppedOne.stop();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(started).toHaveLength(0);
    expect(notices.map((n) => n.kind)).toEqual(['restarting']);
  });

  /** An Azurite that exited and whose restart has begun, but not finished until `finishStart()`. */
  async function restartUnderWay() {
    const first = fakeAzurite(100, 41234);
    let finishStart!: () => void;
    const slowStart = (startOptions: StartAzuriteOptions) =>
      new Promise<RunningAzurite>((resolve) => (finishStart = () => void start(startOptions).then(resolve)));
    const azurite = new RestartingAzurite(first, options, (notice) => notices.push(notice), { delaysMs: [10], stableMs: 60_000 }, slowStart);
    first.kill();
    await jest.advanceTimersByTimeAsync(10);
    return { azurite, finishStart };
  }

  it('stops the Azurite a restart under way is starting, once it has started', async () => {
    const { azurite, finishStart } = await restartUnderWay();

    const stopping = azurite.stop();
    finishStart();
    await stopping;
    expect(started[0]!.azurite.stops).toBe(1);
    expect(notices.map((n) => n.kind)).toEqual(['restarting']);
  });

  it('stops at once (grace 0) without waiting for a start under way, and stops that Azurite once it has started', async () => {
    const { azurite, finishStart } = await restartUnderWay();

    let stopped = false;
    const stopping = azurite.stop(0).then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(true);
    await stopping;

    finishStart();
    await jest.advanceTimersByTimeAsync(0);
    expect(started[0]!.azurite.stops).toBe(1);
    expect(notices.map((n) => n.kind)).toEqual(['restarting']);
  });
});
