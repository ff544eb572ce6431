import { listFixtures, readFixtureBytes, readFixtureJson } from './fixtures';
import { containerRuntimeUnavailableReason } from './container-runtime';

describe('shared fixtures', () => {
  it('lists every hook payload below a folder, relative to the fixtures root', () => {
    const hooks = listFixtures('hooks');
    expect(hooks).toContain('hooks/go-playground-webhooks/git.pullrequest.merged.json');
    expect(hooks.every((file) => file.startsWith('hooks/'))).toBe(true);
    expect([...hooks].sort()).toEqual(hooks);
  });

  it('keeps the raw bytes (BOM included) but parses JSON with the BOM stripped', () => {
    const file = 'hooks/aspnet-webhooks-vsts/build.complete.json';
    expect([...readFixtureBytes(file).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(readFixtureJson<{ eventType: string }>(file).eventType).toBe('build.complete');
  });
});

describe('container runtime detection', () => {
  const saved = process.env['SWITCHYARD_CONTAINER_RUNTIME'];
  afterEach(() => {
    if (saved === undefined) delete process.env['SWITCHYARD_CONTAINER_RUNTIME'];
    else process.env['SWITCHYARD_CONTAINER_RUNTIME'] = saved;
  });

  it('gives the reason a runtime is missing, and none when it answered', () => {
    process.env['SWITCHYARD_CONTAINER_RUNTIME'] = 'unavailable: Could not find a working container runtime strategy';
    expect(containerRuntimeUnavailableReason()).toBe('Could not find a working container runtime strategy');
    process.env['SWITCHYARD_CONTAINER_RUNTIME'] = 'available';
    expect(containerRuntimeUnavailableReason()).toBeUndefined();
  });
});
