import { BadgeTestEnv } from './badge-test-env';

describe('badge renderer HTTP endpoints', () => {
  const env = new BadgeTestEnv();
  beforeAll(() => env.start(), 60_000);
  afterAll(() => env.stop());

  it('listens on HOST, as every service does', async () => {
    const renderer = await env.renderer(env.bus(), env.nextContainer(), { HOST: '127.0.0.2' }, undefined, 0);
    expect(renderer.url).toMatch(/^http:\/\/127\.0\.0\.2:\d+$/);
    expect((await fetch(`${renderer.url}/healthz`)).status).toBe(200);
    const port = new URL(renderer.url!).port;
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
