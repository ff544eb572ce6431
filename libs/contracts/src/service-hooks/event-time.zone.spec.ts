import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..', '..', '..', '..');

// Date reads a date-time without an offset as local time, and a Jest worker cannot change its own time
// zone: on a host in UTC (CI, containers) a createdDate read as local time would go unnoticed. So the
// event times are computed in a child process in a zone far from UTC.
const receivedAt = new Date('2030-01-01T00:00:00Z');

async function eventTimesIn(timeZone: string, createdDates: string[]): Promise<string[]> {
  const script = `const { eventTime } = require(${JSON.stringify(join(__dirname, 'event-time.ts'))});
const receivedAt = new Date(${JSON.stringify(receivedAt.toISOString())});
process.stdout.write(JSON.stringify(${JSON.stringify(createdDates)}.map((d) => eventTime(d, receivedAt).toISOString())));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', '-e', script], {
    cwd: repoRoot,
    env: { ...process.env, TZ: timeZone },
  });
  return JSON.parse(stdout) as string[];
}

describe('eventTime on a host outside UTC', () => {
  it('reads a createdDate without offset as UTC, and one with an offset by its offset', async () => {
    const times = await eventTimesIn('Asia/Kolkata', ['2024-05-01T10:00:00.5', '2024-05-01T10:00:00.1234567', '2024-05-01T10:00', '2024-05-01T10:00:00+02:00']);
    expect(times).toEqual(['2024-05-01T10:00:00.500Z', '2024-05-01T10:00:00.123Z', '2024-05-01T10:00:00.000Z', '2024-05-01T08:00:00.000Z']);
  }, 30_000);

  // Date reads these too, but as local time: each host would give the same hook another time.
  it('takes the receive time for a createdDate that is not ISO-8601, the same on every host', async () => {
    const createdDates = ['2024-05-01 10:00:00', '5/1/2024 10:00:00 AM', 'Wed, 01 May 2024 10:00:00'];
    const times = await eventTimesIn('Asia/Kolkata', createdDates);
    expect(times).toEqual(createdDates.map(() => receivedAt.toISOString()));
  }, 30_000);
});
