import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownAnchors, markdownProse } from '@switchyard/testing';
import { PROBLEM_CODES } from '../src/problem/problem-codes';
import { ProblemError } from '../src/problem/problem.error';
import { KEYS, postHook, startHarness, type Harness } from './ingress-harness';

const docs = readFileSync(join(__dirname, '../../../docs/ingress.md'), 'utf8');
const anchors = markdownAnchors(docs);
const prose = markdownProse(docs);
const anchorOf = (type: string) => {
  const url = new URL(type);
  expect(url.pathname).toMatch(/\/docs\/ingress\.md$/);
  return url.hash.slice(1);
};

describe('problem types link to docs/ingress.md', () => {
  it.each(PROBLEM_CODES)('%s: its type is an anchor of docs/ingress.md on the line that explains that code', (code) => {
    const { type } = new ProblemError(400, code, 'Bad Request', 'detail').toBody();
    const line = anchors.get(anchorOf(type));
    expect(line).toBeDefined();
    expect(line).toContain(`\`${code}\``);
  });

  it('every link to a section of the page lands on an anchor', () => {
    const links = [...prose.matchAll(/\]\(#([^)]+)\)/g)].map(([, anchor]) => anchor);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((anchor) => !anchors.has(anchor))).toEqual([]);
  });

  describe('answers on the wire', () => {
    let h: Harness;
    beforeAll(async () => {
      h = await startHarness();
    });
    afterAll(async () => {
      await h.close();
    });

    it.each([
      ['no key', () => postHook(h.hookUrl(), '{}'), 'HOOK_KEY_REJECTED'],
      ['invalid JSON', () => postHook(h.hookUrl(`?code=${KEYS.prod}`), '{"id": '), 'INVALID_JSON'],
      ['an unknown check policy', () => postHook(`${h.ingress.url}/checks/nothing-configured?code=${KEYS.prod}`, '{}'), 'GATE_POLICY_NOT_FOUND'],
      ['an unknown path', () => fetch(`${h.ingress.url}/nowhere`), 'NOT_FOUND'],
      ['a GET of the hook path', () => fetch(h.hookUrl()), 'METHOD_NOT_ALLOWED'],
    ])('%s: the type of the answer lands on the row of its code', async (_what, send, code) => {
      const problem = (await (await send()).json()) as { code: string; type: string };
      expect(problem.code).toBe(code);
      expect(anchors.get(anchorOf(problem.type))).toContain(`\`${code}\``);
    });
  });
});
