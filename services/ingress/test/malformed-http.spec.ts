import { KEYS, startHarness, type Harness } from './ingress-harness';
import { exchange as exchangeTimed, problemOf } from './raw-http';

/** Everything the server answered before it closed the connection. */
const exchange = async (url: string, raw: string) => (await exchangeTimed(url, raw)).answer;

describe('requests Node cannot parse as HTTP get a problem body too', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({});
  });
  afterAll(() => h.close());

  it('431 HEADERS_TOO_LARGE for headers over 16 KiB', async () => {
    const answer = await exchange(h.ingress.url, `POST /hooks/azure-devops?code=${KEYS.prod} HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(problemOf(answer)).toMatchObject({
      status: 431,
      contentType: 'application/problem+json',
      body: { status: 431, code: 'HEADERS_TOO_LARGE', type: expect.stringMatching(/docs\/ingress\.md#headers-too-large$/), detail: expect.stringContaining('16 KiB') },
    });
  });

  it('400 MALFORMED_HTTP for a broken chunked body, never quoting the request (its URL may hold the key)', async () => {
    const answer = await exchange(
      h.ingress.url,
      `POST /hooks/azure-devops?code=${KEYS.prod} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    );
    expect(problemOf(answer)).toMatchObject({ status: 400, contentType: 'application/problem+json', body: { code: 'MALFORMED_HTTP' } });
    expect(answer).not.toContain(KEYS.prod);
  });
});
