import { readFixtureJson } from '@switchyard/testing';
import { MAX_REF_NAME_LENGTH, MAX_REPOSITORY_NAME_LENGTH } from '../git/pull-request.schema';
import { InvalidServiceHookError } from './invalid-service-hook.error';

const PULL_REQUEST_MERGED = 'hooks/go-playground-webhooks/git.pullrequest.merged.json';
import { normalizeServiceHook } from './normalize-service-hook';

function issuesOf(payload: unknown): string[] {
  try {
    normalizeServiceHook(payload);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidServiceHookError);
    expect((error as InvalidServiceHookError).code).toBe('INVALID_SERVICE_HOOK');
    return (error as InvalidServiceHookError).issues;
  }
  throw new Error('expected InvalidServiceHookError');
}

function deeplyNested(depth: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < depth; i++) value = { resource: value, environment: value === null ? 1 : { name: value } };
  return value;
}

describe('normalizeServiceHook on hostile input', () => {
  it.each([
    ['null', null, 'body: expected a JSON object, got null'],
    ['an array', [{ id: 'x', eventType: 'git.push', resource: {} }], 'body: expected a JSON object, got an array'],
    ['a string', 'build.complete', 'body: expected a JSON object, got a string'],
    ['a number', 42, 'body: expected a JSON object, got a number'],
    ['undefined', undefined, 'body: expected a JSON object, got nothing'],
  ])('rejects %s as a body', (_name, payload, issue) => {
    expect(issuesOf(payload)).toEqual([issue]);
  });

  it('lists every missing envelope field at once', () => {
    expect(issuesOf({})).toEqual([
      'id is missing',
      'eventType is missing',
      'resource is missing',
    ]);
  });

  it.each([
    [{ id: 7, eventType: 'git.push', resource: {} }, 'id: expected a non-empty string, got a number'],
    [{ id: '', eventType: 'git.push', resource: {} }, 'id: expected 1 to 128 characters, got 0'],
    [{ id: 'x'.repeat(129), eventType: 'git.push', resource: {} }, 'id: expected 1 to 128 characters, got 129'],
    [{ id: 'x', eventType: ['git.push'], resource: {} }, 'eventType: expected a non-empty string, got an array'],
    [{ id: 'x', eventType: 'git push; rm -rf', resource: {} }, 'eventType: expected an event type'],
    [{ id: 'x', eventType: 'git.push', resource: [] }, 'resource: expected a JSON object, got an array'],
    [{ id: 'x', eventType: 'git.push', resource: null }, 'resource: expected a JSON object, got null'],
    [{ id: 'x', eventType: 'git.push', resource: {}, publisherId: {} }, 'publisherId: expected a string, got an object'],
    [{ id: 'x', eventType: 'build.complete', resource: { id: -1 } }, 'resource.id'],
    [{ id: 'x', eventType: 'build.complete', resource: { id: 1.5 } }, 'resource.id'],
  ])('names the wrong field of %j', (payload, issue) => {
    expect(issuesOf(payload)).toEqual([expect.stringContaining(issue)]);
  });

  it('never echoes payload values in the error (they may be secrets)', () => {
    const secret = 'pat-abcdefghijklmnopqrstuvwxyz0123456789';
    const error = (() => {
      try {
        normalizeServiceHook({ id: secret.repeat(5), eventType: secret + ' x', resource: secret });
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected an error');
    })();
    expect(JSON.stringify({ message: error.message, issues: (error as InvalidServiceHookError).issues })).not.toContain(secret);
  });

  it('ignores prototype-pollution keys and does not pollute Object.prototype', () => {
    const payload = JSON.parse(
      '{"id":"p1","eventType":"build.complete","__proto__":{"polluted":true},' +
        '"resource":{"__proto__":{"id":5},"constructor":{"prototype":{"polluted":true}},"id":3,' +
        '"definition":{"__proto__":{"name":"evil"}}}}',
    );
    const event = normalizeServiceHook(payload);
    expect(event.data).toMatchObject({ build: { id: 3 }, definition: {} });
    expect((event.data as { definition: { name?: string } }).definition.name).toBeUndefined();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('does not read inherited properties such as constructor or toString as fields', () => {
    expect(issuesOf({ eventType: 'git.push', resource: {} })).toContain('id is missing');
    const event = normalizeServiceHook({ id: 'x', eventType: 'git.pullrequest.created', resource: { pullRequestId: 1, repository: { name: 'toString' } } });
    expect(event.data).toMatchObject({ repository: { name: 'toString' } });
  });

  it('copes with deep nesting and huge strings', () => {
    const deep = { id: 'x', eventType: 'ms.vss-release.deployment-completed-event', resource: deeplyNested(5000) };
    expect(() => normalizeServiceHook(deep)).toThrow(InvalidServiceHookError);
    const generic = normalizeServiceHook({ id: 'x', eventType: 'git.push', resource: deeplyNested(5000) });
    expect(generic.type).toBe('azure-devops.service-hook.v1');

    const huge = 'https://'.concat('a'.repeat(5_000_000));
    const event = normalizeServiceHook({
      id: 'x',
      eventType: 'git.push',
      resource: { url: huge },
      message: { html: huge, markdown: `${'<'.repeat(1_000_000)}https://dev.azure.com/late/` },
    });
    expect(event.source).toBe('urn:azure-devops:unknown-organization');
  });

  it('rejects eventType values that are too long', () => {
    expect(issuesOf({ id: 'x', eventType: 'a'.repeat(300), resource: {} })).toEqual([expect.stringContaining('eventType')]);
    expect(issuesOf({ id: 'x', eventType: 'a'.repeat(257), resource: {} })).toEqual([expect.stringContaining('eventType')]);
  });

  it('accepts the longest id a Service Bus messageId holds (128 characters) and an eventType of 256', () => {
    const event = normalizeServiceHook({ id: 'i'.repeat(128), eventType: 'a'.repeat(256), resource: {} });
    expect(event.id).toHaveLength(128);
    expect(event.data).toMatchObject({ eventType: 'a'.repeat(256) });
  });

  it('accepts null publisherId, subscriptionId and createdDate (Azure DevOps writes null for what it does not know)', () => {
    const receivedAt = new Date('2025-01-02T03:04:05.000Z');
    const event = normalizeServiceHook({ id: 'x', eventType: 'git.push', resource: {}, publisherId: null, subscriptionId: null, createdDate: null }, { receivedAt });
    expect(event.time).toBe(receivedAt.toISOString());
    expect(event.data).not.toHaveProperty('publisherId');
    expect(event.data).not.toHaveProperty('subscriptionId');
  });

  it('reads a quoted build id, but not one of more digits than a number holds exactly', () => {
    expect(normalizeServiceHook({ id: 'x', eventType: 'build.complete', resource: { id: '123456789012345' } }).data).toMatchObject({ build: { id: 123456789012345 } });
    expect(issuesOf({ id: 'x', eventType: 'build.complete', resource: { id: '9007199254740993' } })).toEqual([expect.stringContaining('resource.id')]);
  });

  it('refuses pull requests whose repository or ref names are longer than any Azure DevOps allows', () => {
    const merged = readFixtureJson<{ resource: { repository: { name: string }; targetRefName: string } }>(PULL_REQUEST_MERGED);
    expect(() => normalizeServiceHook(merged)).not.toThrow();
    const longName = structuredClone(merged);
    longName.resource.repository.name = 'r'.repeat(MAX_REPOSITORY_NAME_LENGTH + 1);
    expect(issuesOf(longName)).toEqual([expect.stringMatching(/^data\.repository\.name: /)]);
    const longRef = structuredClone(merged);
    longRef.resource.targetRefName = `refs/heads/${'b'.repeat(MAX_REF_NAME_LENGTH)}`;
    expect(issuesOf(longRef)).toEqual([expect.stringMatching(/^data\.targetRefName: /)]);
  });

  it('only ever throws InvalidServiceHookError for random JSON values', () => {
    const samples: unknown[] = [true, 0, '', [], {}, { id: null }, { resource: { deployment: 5 } }];
    const fields = [null, 1, -1, 'x', [], {}, [1], { name: 1 }, { id: '1' }, true];
    for (const eventType of ['build.complete', 'git.pullrequest.merged', 'ms.vss-release.deployment-completed-event', 'ms.vss-pipelines.stage-state-changed-event']) {
      for (const value of fields) {
        samples.push({
          id: 'x',
          eventType,
          resource: { id: value, environment: value, deployment: value, release: value, repository: value, pullRequestId: value, stage: value, run: value, pipeline: value, definition: value, project: value },
          resourceContainers: { collection: { baseUrl: value }, project: value },
          message: value,
          createdDate: typeof value === 'string' ? value : undefined,
        });
      }
    }
    for (const sample of samples) {
      try {
        normalizeServiceHook(sample);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidServiceHookError);
      }
    }
  });
});
