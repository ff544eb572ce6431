import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const repoRoot = join(__dirname, '..', '..', '..', '..');

// Date reads a date-time without an offset as local time, and a Jest worker cannot change its own time
// zone: on a host in UTC (CI, containers) a createdDate read as local time would go unnoticed. So the
// event times are computed in a child process in a zone far from UTC.
async function eventTimesIn(timeZone: string, createdDates: string[]): Promise<string[]> {
  const script = `const { eventTime } = require(${JSON.stringify(join(__dirname, 'event-time.ts'))});
process.stdout.write(JSON.stringify(${JSON.stringify(createdDates)}.map((d) => eventTime(d).toISOString())));`;
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
});
