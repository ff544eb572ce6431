/// <reference lib="dom" />
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { BuildCompleted, createEvent, normalizeServiceHook } from '@switchyard/contracts';
import { readFixtureJson } from '@switchyard/testing';
import { BadgeTestEnv, readIndex, waitForHandled } from './badge-test-env';
import { CHROMIUM_PATH, chromiumArgs, describeWithChromium } from './describe-with-chromium';
import { deploymentHistory, seededRandom } from './deployment-history';

jest.setTimeout(60_000);

describeWithChromium('gallery page in headless Chromium', () => {
  const env = new BadgeTestEnv();
  let profile: string;
  let browser: BrowserContext;

  beforeAll(async () => {
    await env.start();
    profile = mkdtempSync(join(tmpdir(), 'badge-chromium-'));
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(profile, { recursive: true, force: true });
    await env.stop();
  });

  it('shows every badge from Blob storage with its Markdown, without a server', async () => {
    const bus = env.bus();
    const name = env.nextContainer();
    const renderer = await env.renderer(bus, name);
    const events = [
      ...deploymentHistory(1, seededRandom(9)).events.slice(0, 6),
      normalizeServiceHook(readFixtureJson('hooks/go-playground-webhooks/build.complete.json')),
      // No release definition: listed under ~unknown-definition, noted in the gallery.
      normalizeServiceHook(readFixtureJson('hooks/azure-devops-docs/ms.vss-release.deployment-completed-event.events-md@09dc63ed.json')),
      createEvent(BuildCompleted, {
        source: 'urn:test',
        data: {
          project: { name: 'Fabrikam' },
          definition: { name: 'api (nightly)' },
          build: { id: 77, number: '2026.1' },
          result: 'failed',
          sourceBranch: 'refs/heads/feature/ünïcode',
        },
      }),
    ];
    for (const event of events) await bus.publisher.publish(event);
    await waitForHandled(renderer, 'stored', events.length);
    const index = await readIndex(env.container(name));
    expect(index.badges.length).toBeGreaterThanOrEqual(9);

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
    expect(renderer.galleryUrl).toBe(`${renderer.badgesUrl}/index.html`);
    const response = await page.goto(renderer.galleryUrl);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
    await page.waitForSelector('body[data-state="ready"]');
    await page.waitForFunction(() => Array.from(document.images).every((img) => img.complete));

    const rows = await page.$$eval('li.badge', (items) =>
      items.map((item) => {
        const img = item.querySelector('img') as HTMLImageElement;
        return {
          path: item.getAttribute('data-path'),
          loaded: img.complete && img.naturalWidth > 0,
          markdown: item.querySelector('code.markdown')?.textContent,
          facts: item.querySelector('.facts')?.textContent ?? '',
        };
      }),
    );
    expect(rows.map(({ facts: _facts, ...row }) => row)).toEqual(index.badges.map((entry) => ({ path: entry.path, loaded: true, markdown: entry.markdown })));
    const withoutDefinition = rows.filter((row) => row.path?.includes('/~unknown-definition/'));
    expect(withoutDefinition).toEqual([expect.objectContaining({ loaded: true, facts: expect.stringMatching(/^release · Fabrikam · definition unknown · Dev · updated /) })]);
    expect(problems).toEqual([]);

    await page.fill('#filter', 'nightly');
    expect(await page.$$eval('li.badge', (items) => items.map((item) => item.getAttribute('data-path')))).toEqual(
      index.badges.filter((entry) => entry.definition === 'api (nightly)').map((entry) => entry.path),
    );

    await page.fill('#filter', 'definition unknown');
    expect(await page.$$eval('li.badge', (items) => items.map((item) => item.getAttribute('data-path')))).toEqual(
      withoutDefinition.map((row) => row.path),
    );
    await page.close();
  });
});
