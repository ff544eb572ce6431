import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchedDestination } from './batched-destination';

const line = (n: number) => `${JSON.stringify({ n, msg: 'x'.repeat(90) })}\n`;

describe('BatchedDestination (a real file)', () => {
  let dir: string;
  let file: string;
  let destination: BatchedDestination;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'batched-destination-'));
    file = join(dir, 'log.jsonl');
    destination = new BatchedDestination(file);
  });
  afterEach(() => {
    destination.end();
    rmSync(dir, { recursive: true, force: true });
  });

  const written = () => readFileSync(file, 'utf8');

  it('holds lines back until a batch is full, then writes them in order, whole', () => {
    destination.write(line(0));
    expect(written()).toBe('');
    let n = 1;
    while (written() === '') destination.write(line(n++));
    expect(n).toBeGreaterThan(100);
    expect(written()).toBe(Array.from({ length: n }, (_, i) => line(i)).join(''));
  });

  it('writes a quiet trickle within 250 ms, without waiting for a full batch', async () => {
    destination.write(line(1));
    const started = Date.now();
    while (written() === '' && Date.now() - started < 2000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(written()).toBe(line(1));
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('writes what is batched on flush() and on end()', () => {
    destination.write(line(1));
    const flushed = jest.fn();
    destination.flush(flushed);
    expect(written()).toBe(line(1));
    expect(flushed).toHaveBeenCalled();
    destination.write(line(2));
    destination.end();
    expect(written()).toBe(line(1) + line(2));
  });
});
