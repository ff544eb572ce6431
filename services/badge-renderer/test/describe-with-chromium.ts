import { existsSync } from 'node:fs';

/** Debian's chromium; the CI script installs it (`apt-get install -y chromium`). */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * A describe block for suites that drive a real browser. Without Chromium the suite is reported as
 * skipped with the reason in its name, never as passed.
 */
export function describeWithChromium(name: string, body: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, body);
  } else {
    describe.skip(`${name} [skipped: no Chromium at ${CHROMIUM_PATH} — apt-get install -y chromium, or set CHROMIUM_PATH]`, body);
  }
}

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
