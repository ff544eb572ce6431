import { connect } from 'node:net';

// Requests fetch cannot send (malformed, unfinished, repeated header lines), sent over a raw socket.

/** Sends raw bytes (half-closing only when `end`) and resolves with all the server answered and how long it took. */
export function exchange(url: string, raw: string, options: { end?: boolean; giveUpMs?: number } = {}): Promise<{ answer: string; ms: number }> {
  const { hostname, port } = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => (options.end === false ? socket.write(raw) : socket.end(raw)));
    let answer = '';
    const giveUp = setTimeout(() => socket.destroy(), options.giveUpMs ?? 10_000);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ answer, ms: Date.now() - started });
    });
    socket.on('error', reject);
  });
}

/** Status, content type (without parameters) and JSON body of a raw HTTP answer. */
export function problemOf(answer: string): { status: number; contentType?: string; body: Record<string, unknown> } {
  const [head, ...rest] = answer.split('\r\n\r\n');
  const body = rest.join('\r\n\r\n');
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]),
    contentType: /^content-type: ([^;\r\n]+)/im.exec(head)?.[1],
    body: body ? (JSON.parse(body) as Record<string, unknown>) : {},
  };
}
