import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRulesFile } from './load-rules-file';
import { parseRules } from './parse-rules';
import { RulesFileError } from './rules-file.error';

const valid = `
organizations:
  https://dev.azure.com/Contoso: { tokenVariable: CONTOSO_TOKEN }
rules:
  - name: app-on-lib-merge
    when:
      event: pullrequest.merged
      repository: "^lib-"
      targetBranch: main
      status: completed
      project: Fabrikam
    queue:
      - organization: https://dev.azure.com/fabrikam
        project: Fabrikam
        definition: app-ci
        sourceBranch: refs/heads/main
        parameters: { libCommit: "\${pr.lastMergeCommit}", verbose: true }
      - project: Tools
        definition: 42
        coalesceSeconds: 300
  - name: release
    when: { event: git.pullrequest.updated, targetBranch: "refs/heads/release/*" }
    queue: [{ project: Fabrikam, definition: rel-ci, tokenVariable: REL_TOKEN }]
`;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function problemsOf(text: string) {
  try {
    parseRules(text, 'rules.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(RulesFileError);
    return (error as RulesFileError).problems;
  }
  throw new Error('expected the rules to be rejected');
}

describe('parseRules', () => {
  it('compiles a valid file: defaults, short branch names, numeric ids, organization tokens', () => {
    const rules = parseRules(valid, 'rules.yaml');
    expect(rules.rules.map((rule) => [rule.name, rule.line])).toEqual([
      ['app-on-lib-merge', 5],
      ['release', 21],
    ]);
    const [first, second] = rules.rules;
    expect(first!.when.targetBranch?.pattern).toBe('refs/heads/main');
    expect(first!.when.mergeStatus).toBe('succeeded');
    expect(first!.targets[0]).toMatchObject({
      organization: 'https://dev.azure.com/fabrikam/',
      definition: 'app-ci',
      parameters: { libCommit: '${pr.lastMergeCommit}', verbose: 'true' },
      coalesceSeconds: 0,
      line: 13,
    });
    expect(first!.targets[1]).toMatchObject({ definition: 42, coalesceSeconds: 300, organization: undefined });
    expect(second!.when.event).toBe('pullrequest.updated');
    expect(second!.when.mergeStatus).toBeUndefined();
    expect(second!.targets[0]!.tokenVariable).toBe('REL_TOKEN');
    expect([...rules.organizationTokens]).toEqual([['https://dev.azure.com/contoso/', 'CONTOSO_TOKEN']]);
  });

  it('refuses a token written into an organization URL, without quoting it', () => {
    const pat = 'q3x7patsecretvalue0123456789';
    const problems = problemsOf(`
organizations:
  "https://user:${pat}@dev.azure.com/contoso/": { tokenVariable: CONTOSO_TOKEN }
rules:
  - name: r
    when: { event: pullrequest.merged }
    queue: [{ organization: "https://:${pat}@dev.azure.com/fabrikam", project: P, definition: d }]
`);
    expect(problems.map((problem) => problem.message)).toEqual([
      expect.stringContaining('must not hold a user name or token; put the token in an environment variable'),
      expect.stringContaining('must not hold a user name or token; put the token in an environment variable'),
    ]);
    expect(JSON.stringify(problems)).not.toContain(pat);
  });

  it('refuses two organizations: entries for one organization, naming the first', () => {
    const problems = problemsOf(`
organizations:
  https://dev.azure.com/Contoso: { tokenVariable: CONTOSO_TOKEN }
  https://tfs.contoso.local/tfs/Main/: { tokenVariable: TFS_TOKEN }
  https://contoso.visualstudio.com/: { tokenVariable: OLD_CONTOSO_TOKEN }
  https://TFS.contoso.local/tfs/main: { tokenVariable: OTHER_TFS_TOKEN }
rules: []
`);
    expect(problems).toEqual([
      expect.objectContaining({ line: 5, message: 'names the same organization as "https://dev.azure.com/Contoso"; list each organization once' }),
      expect.objectContaining({ line: 6, message: 'names the same organization as "https://tfs.contoso.local/tfs/Main/"; list each organization once' }),
    ]);
  });

  it('never quotes the query or fragment of an organizations: key (a SAS signature, say) in a problem\'s path or message', () => {
    const secret = 'sv2024sigQ3x7SECRETvalue';
    const text = `organizations:
  "https://dev.azure.com/contoso?sig=${secret}": { tokenVariable: CONTOSO_TOKEN }
  "https://contoso.visualstudio.com/#${secret}": { tokenVariable: OLD_CONTOSO_TOKEN }
"https://dev.azure.com/fabrikam/?sig=${secret}": { tokenVariable: FABRIKAM_TOKEN }
rules:
  - name: r
    when: { event: pullrequest.merged, organization: ["https://dev.azure.com/contoso?sig=${secret}"] }
    queue: [{ project: P, definition: d }]
`;
    const problems = problemsOf(text);
    expect(problems.map((p) => [p.line, p.path, p.message])).toEqual([
      [2, 'organizations.https://dev.azure.com/contoso', 'must not have a query string or fragment'],
      [3, 'organizations.https://contoso.visualstudio.com/', 'must not have a query string or fragment'],
      [3, 'organizations.https://contoso.visualstudio.com/', 'names the same organization as "https://dev.azure.com/contoso"; list each organization once'],
      [4, '', 'Unrecognized key: "https://dev.azure.com/fabrikam/"'],
      [7, 'rules[0].when.organization[0]', 'must not have a query string or fragment'],
    ]);
    expect(JSON.stringify(problems)).not.toContain(secret);
    expect(() => parseRules(text)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(secret) }));
  });

  it.each([
    ['fabrikam', 'rules[0].when.organization', 'must be an absolute http(s) organization/collection URL'],
    ['"https://dev.azure.com/"', 'rules[0].when.organization', 'names no organization or collection; write https://dev.azure.com/{organization}'],
    // The "Server URL" the TFS admin console shows: no collection, so no hook would ever match it.
    ['"http://tfs.corp:8080/tfs"', 'rules[0].when.organization', 'https://{server}/tfs are server URLs, not collections: add the collection, e.g. https://{server}/DefaultCollection or https://{server}/tfs/DefaultCollection'],
    // An Azure DevOps Server without a virtual directory: the server itself, not one of its collections.
    ['"https://ado.corp"', 'rules[0].when.organization', 'https://{server} and https://{server}/tfs are server URLs, not collections: add the collection'],
    ['[https://dev.azure.com/fabrikam, "http://ado.corp:8080/"]', 'rules[0].when.organization[1]', 'names no organization or collection'],
    ['[https://dev.azure.com/fabrikam, "http://tfs.corp:8080/TFS/"]', 'rules[0].when.organization[1]', 'names no organization or collection'],
    ['"https://fabrikam:q3x7patsecretvalue0123456789@dev.azure.com/fabrikam"', 'rules[0].when.organization', 'must not hold a user name or token'],
    ['"https://dev.azure.com/fabrikam#main"', 'rules[0].when.organization', 'must not have a query string or fragment'],
    ['"https://contoso.visualstudio.com/ContosoProject"', 'rules[0].when.organization', 'is a URL inside https://contoso.visualstudio.com/, not an organization/collection URL; write https://contoso.visualstudio.com/'],
    ['[https://dev.azure.com/fabrikam, "https://tfs.corp/tfs/Main/Project"]', 'rules[0].when.organization[1]', 'is a URL inside https://tfs.corp/tfs/Main/'],
    ['[https://dev.azure.com/fabrikam, "ftp://tfs.local/tfs/Main"]', 'rules[0].when.organization[1]', 'must be an absolute http(s) organization/collection URL'],
    ['[]', 'rules[0].when.organization', 'needs at least one organization/collection URL'],
    ['42', 'rules[0].when.organization', 'must be an organization/collection URL or a list of them'],
    ['{ url: "https://dev.azure.com/fabrikam" }', 'rules[0].when.organization', 'must be an organization/collection URL or a list of them'],
  ])('refuses when.organization %s, saying what to write (a rule with it could never match)', (value, path, message) => {
    const problems = problemsOf(`rules:
  - name: fabrikam-merges
    when: { event: pullrequest.merged, organization: ${value} }
    queue: [{ project: P, definition: d }]
`);
    expect(problems).toEqual([expect.objectContaining({ line: 3, path, rule: 'fabrikam-merges', message: expect.stringContaining(message) })]);
    expect(JSON.stringify(problems)).not.toContain('q3x7patsecretvalue');
  });

  it('refuses a project URL as a target organization or an organizations: key, which would stand for the whole organization', () => {
    const problems = problemsOf(`organizations:
  https://dev.azure.com/contoso/Proj: { tokenVariable: CONTOSO_TOKEN }
rules:
  - name: r
    when: { event: pullrequest.merged }
    queue: [{ organization: "https://dev.azure.com/fabrikam/App", project: App, definition: d }]
`);
    expect(problems.map((problem) => [problem.line, problem.message])).toEqual([
      [2, expect.stringContaining('is a URL inside https://dev.azure.com/contoso/, not an organization/collection URL')],
      [6, expect.stringContaining('is a URL inside https://dev.azure.com/fabrikam/')],
    ]);
    // The legacy alias is the organization itself.
    expect(() => parseRules(`rules:
  - { name: r, when: { event: pullrequest.merged, organization: "https://fabrikam.visualstudio.com/DefaultCollection" }, queue: [{ project: P, definition: d }] }
`)).not.toThrow();
  });

  it('refuses a TFS server URL as an organizations: key or a target organization, as it names no collection', () => {
    // Its token would never be looked up: the collection's builds would get AZURE_DEVOPS_TOKEN instead.
    const problems = problemsOf(`organizations:
  https://dev.azure.com/fabrikam: { tokenVariable: FABRIKAM_TOKEN }
  http://tfs.corp:8080/tfs: { tokenVariable: TFS_TOKEN }
rules:
  - name: r
    when: { event: pullrequest.merged }
    queue: [{ organization: "http://tfs.corp:8080/Tfs/", project: App, definition: d }]
`);
    expect(problems.map((problem) => [problem.line, problem.path, problem.message])).toEqual([
      [3, 'organizations.http://tfs.corp:8080/tfs', expect.stringContaining('names no organization or collection')],
      [7, 'rules[0].queue[0].organization', expect.stringContaining('are server URLs, not collections: add the collection')],
    ]);
    expect([...parseRules(`organizations:
  http://tfs.corp:8080/TFS/DefaultCollection: { tokenVariable: TFS_TOKEN }
rules: []
`).organizationTokens]).toEqual([['http://tfs.corp:8080/tfs/defaultcollection/', 'TFS_TOKEN']]);
  });

  it('refuses an Azure DevOps Server root (no collection) as an organizations: key or a target organization, but takes a virtual directory and collection', () => {
    const problems = problemsOf(`organizations:
  https://ado.corp: { tokenVariable: ADO_TOKEN }
rules:
  - name: r
    when: { event: pullrequest.merged }
    queue: [{ organization: "https://ado.corp/", project: App, definition: d }]
`);
    expect(problems.map((problem) => [problem.line, problem.path, problem.message])).toEqual([
      [2, 'organizations.https://ado.corp', expect.stringContaining('names no organization or collection')],
      [6, 'rules[0].queue[0].organization', expect.stringContaining('add the collection, e.g. https://{server}/DefaultCollection')],
    ]);
    // Two segments can be a custom virtual directory and its collection.
    expect([...parseRules(`organizations:
  https://ado.corp/DefaultCollection/Fabrikam: { tokenVariable: ADO_TOKEN }
rules: []
`).organizationTokens]).toEqual([['https://ado.corp/defaultcollection/fabrikam/', 'ADO_TOKEN']]);
  });

  it('compiles when.organization, one URL or a list, to the organizations it compares events with', () => {
    const rules = parseRules(`rules:
  - { name: one, when: { event: pullrequest.merged, organization: https://Fabrikam.visualstudio.com }, queue: [{ project: P, definition: d }] }
  - { name: list, when: { event: pullrequest.merged, organization: [https://dev.azure.com/contoso, https://tfs.local/tfs/Main/] }, queue: [{ project: P, definition: d }] }
  - { name: any, when: { event: pullrequest.merged }, queue: [{ project: P, definition: d }] }
`);
    expect(rules.rules.map((rule) => rule.when.organization && [rule.when.organization.urls, [...rule.when.organization.keys]])).toEqual([
      [['https://fabrikam.visualstudio.com/'], ['https://dev.azure.com/fabrikam/']],
      [
        ['https://dev.azure.com/contoso/', 'https://tfs.local/tfs/Main/'],
        ['https://dev.azure.com/contoso/', 'https://tfs.local/tfs/main/'],
      ],
      undefined,
    ]);
  });

  it('refuses a token pasted in place of its variable name, without quoting it', () => {
    const pat = 'x7kq2m4zq3v5n6b7c2d3e4f5g6h7j2k3l4m5n6p7q2r3s4t5u6v7';
    const problems = problemsOf(`
organizations:
  https://dev.azure.com/contoso/: { tokenVariable: ${pat} }
rules:
  - name: r
    when: { event: pullrequest.merged }
    queue: [{ project: P, definition: d, tokenVariable: ${pat} }]
`);
    expect(problems).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringContaining('looks like a token, not an environment variable name') }),
      expect.objectContaining({ line: 7, message: expect.stringContaining('looks like a token, not an environment variable name') }),
    ]);
    expect(JSON.stringify(problems)).not.toContain(pat);
    expect(() => parseRules(`
rules:
  - { name: r, when: { event: pullrequest.merged }, queue: [{ project: P, definition: d, tokenVariable: FABRIKAM_PLATFORM_ENGINEERING_BUILD_QUEUE_TOKEN }] }
`)).not.toThrow();
  });

  it('refuses a repository regex that can take exponential time, which would stall the service on one name', () => {
    const problems = problemsOf(`
rules:
  - name: nested
    when: { event: pullrequest.merged, repository: "^([a-z]+-?)+$" }
    queue: [{ project: P, definition: d }]
`);
    expect(problems).toEqual([expect.objectContaining({ line: 4, path: 'rules[0].when.repository', message: expect.stringContaining('exponential time') })]);
    expect(() => parseRules(`
rules:
  - { name: fine, when: { event: pullrequest.merged, repository: "^(lib|core)-[a-z0-9.-]+$" }, queue: [{ project: P, definition: d }] }
`)).not.toThrow();
  });

  it.each(['^([a-z]|[a-z0-9])*$', '(a|a)*$', '^(\\w|\\d)+$', '^(x|xy){2,}$', '^((a|b)c)+$'])('refuses %s: a repeated group with alternatives can take exponential time', (pattern) => {
    const problems = problemsOf(`
rules:
  - name: overlapping
    when: { event: pullrequest.merged, repository: '${pattern}' }
    queue: [{ project: P, definition: d }]
`);
    expect(problems).toEqual([expect.objectContaining({ line: 4, path: 'rules[0].when.repository', message: expect.stringContaining('one character class') })]);
  });

  it('reads [^] as any character, as JavaScript does, and still finds the repeated alternatives after it', () => {
    const problems = problemsOf(`
rules:
  - name: overlapping
    when: { event: pullrequest.merged, repository: '^[^](a|ab)*$' }
    queue: [{ project: P, definition: d }]
`);
    expect(problems).toEqual([expect.objectContaining({ line: 4, path: 'rules[0].when.repository', message: expect.stringContaining('one character class') })]);
  });

  it.each(['^(lib|core)-[a-z]+$', '^[(|)]+$', '^(a|b)?-x$', '^(a|b){1}$', '^a\\(b|c\\)+$'])('accepts %s (alternatives not repeated)', (pattern) => {
    expect(() => parseRules(`
rules:
  - { name: fine, when: { event: pullrequest.merged, repository: '${pattern}' }, queue: [{ project: P, definition: d }] }
`)).not.toThrow();
  });

  it.each([
    ['/^lib-/i', 'is written as a /pattern/flags literal', 'write the pattern alone, e.g. ^lib- (flags are not supported'],
    ['/^lib-/', 'is written as a /pattern/flags literal', 'e.g. ^lib-'],
    ['Fabrikam/lib-core', 'needs a "/", which repository names never hold', 'set when.project'],
    ['^Fabrikam\\/lib-', 'needs a "/"', 'set when.project'],
    ['/Fabrikam/lib', 'needs a "/"', 'set when.project'],
    ['^Fabrikam/(lib|core)$', 'needs a "/"', 'set when.project'],
    ['^Fabrikam/lib-|^Contoso/lib-', 'needs a "/"', 'set when.project'],
    ['^Fabrikam/+lib-', 'needs a "/"', 'set when.project'],
    ['^[^]*/lib-core$', 'needs a "/"', 'set when.project'],
    ['[]/lib', 'needs a "/"', 'set when.project'],
    ['^Fabrikam\\x2flib-', 'needs a "/"', 'set when.project'],
    ['^Fabrikam\\u002Flib-', 'needs a "/"', 'set when.project'],
    ['^Fabrikam\\057lib-', 'needs a "/"', 'set when.project'],
  ])('refuses repository %s, which needs a "/" no repository name has, saying what to write', (pattern, problem, fix) => {
    const problems = problemsOf(`
rules:
  - name: libs
    when: { event: pullrequest.merged, repository: '${pattern}' }
    queue: [{ project: P, definition: d }]
`);
    expect(problems).toEqual([
      expect.objectContaining({ line: 4, path: 'rules[0].when.repository', rule: 'libs', message: expect.stringMatching(new RegExp(`${escape(problem)}.*${escape(fix)}`)) }),
    ]);
  });

  it.each([
    ['^lib-[^/]+$', 'inside a character class'],
    ['^lib-[a-z/]*$', 'inside a character class'],
    ['^[^\\/]+$', 'inside a character class'],
    ['^(?:Fabrikam/)?lib-core$', 'in an optional group'],
    ['^lib-core$|^Fabrikam/lib-core$', 'in one alternative only'],
    ['^(?!.*/)lib', 'in a lookahead'],
    ['^lib-\\/?core$', 'made optional'],
    ['^lib-/{0,1}core$', 'made optional'],
    ['^lib-\\x2f?core$', 'made optional'],
  ])('accepts %s, which matches lib-core (a "/" %s)', (pattern) => {
    const rules = parseRules(`
rules:
  - { name: fine, when: { event: pullrequest.merged, repository: '${pattern}' }, queue: [{ project: P, definition: d }] }
`);
    expect(rules.rules[0]!.when.repository!.test('lib-core')).toBe(true);
  });

  it('takes a definition by folder path, unquoted or single-quoted, and refuses one double quotes turned into control characters', () => {
    const rules = parseRules(`
rules:
  - name: r
    when: { event: pullrequest.merged }
    queue:
      - { project: P, definition: \\team-b\\app-ci }
      - { project: P, definition: '\\app-ci' }
`);
    expect(rules.rules[0]!.targets.map((target) => target.definition)).toEqual(['\\team-b\\app-ci', '\\app-ci']);
    const problems = problemsOf(`
rules:
  - name: r
    when: { event: pullrequest.merged }
    queue:
      - { project: P, definition: "\\team-b\\app-ci" }
      - { project: P, definition: '\\team-b\\' }
`);
    expect(problems.map((problem) => [problem.line, problem.path, problem.message])).toEqual([
      [6, 'rules[0].queue[0].definition', expect.stringContaining("write a folder path unquoted or in single quotes, e.g. '\\team-b\\app-ci'")],
      [7, 'rules[0].queue[1].definition', expect.stringContaining("write the definition's name after its folder")],
    ]);
  });

  it.each(['"\\Nightly\\Publish"', '"\\Publish"', '"\\_shared"', '"\\Linux\\Publish"', '"\\team"'])(
    'refuses definition %s, whose escapes YAML turns into invisible characters, instead of looking up a name no definition has',
    (definition) => {
      const problems = problemsOf(`
rules:
  - name: r
    when: { event: pullrequest.merged }
    queue:
      - { project: P, definition: ${definition} }
`);
      expect(problems).toEqual([
        expect.objectContaining({ line: 6, path: 'rules[0].queue[0].definition', message: expect.stringContaining('write a folder path unquoted or in single quotes') }),
      ]);
    },
  );

  it.each([
    ['unquoted', (name: string) => name],
    ['single-quoted', (name: string) => `'${name}'`],
    ['double-quoted, backslashes escaped', (name: string) => JSON.stringify(name)],
  ])('takes a definition name holding a no-break space, U+0085, U+2028 or U+2029 as written %s (Azure DevOps allows them in names)', (_style, written) => {
    const names = ['Build\u00a0CI', 'Build\u0085CI', 'Build\u2028CI', '\\Nightly\u2029\\Publish'];
    const rules = parseRules(`
rules:
  - name: r
    when: { event: pullrequest.merged }
    queue:
${names.map((name) => `      - { project: P, definition: ${written(name)} }`).join('\n')}
`);
    expect(rules.rules[0]!.targets.map((target) => target.definition)).toEqual(names);
  });

  it('refuses a definition written with \\N, \\_, \\L or \\P escapes only in double quotes, where YAML reads them, reporting each once', () => {
    const problems = problemsOf(`
rules:
  - name: r
    when: { event: pullrequest.merged }
    queue:
      - { project: P, definition: "\\\\Nightly\\Publish" }
      - { project: P, definition: "\\\\Nightly\\\\Publish" }
      - { project: P, definition: "\\_" }
      - { project: P, definition: "\\team\\Nightly" }
      - { project: P, definition: "Build\\u00a0CI" }
`);
    expect(problems.map((problem) => [problem.line, problem.path, problem.message])).toEqual([
      [6, 'rules[0].queue[0].definition', expect.stringContaining('write a folder path unquoted or in single quotes')],
      [8, 'rules[0].queue[2].definition', expect.stringContaining('write a folder path unquoted or in single quotes')],
      [9, 'rules[0].queue[3].definition', expect.stringContaining('write a folder path unquoted or in single quotes')],
    ]);
  });

  it('takes a definition name with accented letters, spaces and emoji as written', () => {
    const rules = parseRules(`
rules:
  - { name: r, when: { event: pullrequest.merged }, queue: [{ project: P, definition: "Déploiement nocturne 🧑‍💻" }] }
`);
    expect(rules.rules[0]!.targets[0]!.definition).toBe('Déploiement nocturne 🧑‍💻');
  });

  it('reports an organization that is not a URL at its line, instead of failing with "Invalid URL"', () => {
    const problems = problemsOf(`
rules:
  - name: r
    when: { event: pullrequest.merged }
    queue:
      - { organization: fabrikam, project: P, definition: d }
`);
    expect(problems).toEqual([expect.objectContaining({ line: 6, path: 'rules[0].queue[0].organization', message: expect.stringContaining('absolute http(s)') })]);
  });

  it('refuses a parameter with a ${ that is never closed, instead of sending it as written', () => {
    const problems = problemsOf(`
rules:
  - name: r
    when: { event: pullrequest.merged }
    queue:
      - { project: P, definition: d, parameters: { commit: "\${pr.lastMergeCommit" } }
`);
    expect(problems).toEqual([expect.objectContaining({ line: 6, message: expect.stringContaining('without its closing }') })]);
  });

  it('keeps number and boolean parameters as written, not as YAML reads them (8.0 stays "8.0")', () => {
    const rules = parseRules(`
rules:
  - name: versions
    when: { event: pullrequest.merged }
    queue:
      - { project: P, definition: d, parameters: { dotnet: 8.0, node: 20.10, mask: 0x1F, big: 12345678901234567890, on: true, count: 3, quoted: "8.0" } }
`);
    expect(rules.rules[0]!.targets[0]!.parameters).toEqual({ dotnet: '8.0', node: '20.10', mask: '0x1F', big: '12345678901234567890', on: 'true', count: '3', quoted: '8.0' });
  });

  it('a pullrequest.merged rule waits for the completed PR unless it names a status (merge attempts of open PRs fire it too)', () => {
    const rules = parseRules(`
rules:
  - { name: merged, when: { event: pullrequest.merged }, queue: [{ project: P, definition: d }] }
  - { name: attempts, when: { event: pullrequest.merged, status: active }, queue: [{ project: P, definition: d }] }
  - { name: conflicts, when: { event: pullrequest.merged, mergeStatus: conflicts }, queue: [{ project: P, definition: d }] }
  - { name: updated, when: { event: pullrequest.updated }, queue: [{ project: P, definition: d }] }
`);
    expect(rules.rules.map((rule) => [rule.name, rule.when.status, rule.when.mergeStatus])).toEqual([
      ['merged', 'completed', 'succeeded'],
      ['attempts', 'active', 'succeeded'],
      ['conflicts', undefined, 'conflicts'],
      ['updated', undefined, undefined],
    ]);
  });

  it('matches target branches exactly or by glob, case-insensitively', () => {
    const rules = parseRules(valid);
    const exact = rules.rules[0]!.when.targetBranch!.regex;
    expect(exact.test('refs/heads/main')).toBe(true);
    expect(exact.test('refs/heads/Main')).toBe(true);
    expect(exact.test('refs/heads/main2')).toBe(false);
    const glob = rules.rules[1]!.when.targetBranch!.regex;
    expect(glob.test('refs/heads/release/1.0')).toBe(true);
    expect(glob.test('refs/heads/release/1.0/hotfix')).toBe(false);
    expect(glob.test('refs/heads/release')).toBe(false);
  });

  it('takes a ref written in capitals as that ref, not as a branch named after it', () => {
    const rules = parseRules(`rules:
  - name: shouting
    when: { event: pullrequest.merged, targetBranch: REFS/HEADS/MAIN }
    queue: [{ project: P, definition: d, sourceBranch: Refs/Heads/Release }]
`);
    const rule = rules.rules[0]!;
    expect(rule.when.targetBranch!.regex.test('refs/heads/main')).toBe(true);
    expect(rule.when.targetBranch!.pattern).toBe('REFS/HEADS/MAIN');
    expect(rule.targets[0]!.sourceBranch).toBe('Refs/Heads/Release');
  });

  it('reports every schema problem with its line, path and what to fix', () => {
    const problems = problemsOf(`rules:
  - name: bad name
    when:
      event: pullrequest.closed
      colour: blue
    queue:
      - project: Fabrikam
        definition: -3
        coalesceSeconds: "soon"
      - definition: x
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 2, path: 'rules[0].name', message: expect.stringContaining('letters, digits') }),
        expect.objectContaining({ line: 4, path: 'rules[0].when.event', message: expect.stringContaining('pullrequest.merged, pullrequest.updated, pullrequest.created') }),
        expect.objectContaining({ line: 5, path: 'rules[0].when', message: expect.stringContaining('"colour"') }),
        expect.objectContaining({ line: 8, path: 'rules[0].queue[0].definition', message: expect.stringContaining('positive') }),
        expect.objectContaining({ line: 9, path: 'rules[0].queue[0].coalesceSeconds' }),
        expect.objectContaining({ line: 10, path: 'rules[0].queue[1].project', message: expect.stringContaining('is required') }),
      ]),
    );
    expect(problems).toHaveLength(6);
  });

  it('reports a misspelt required key once, naming the key it was meant to be', () => {
    const problems = problemsOf(`rules:
  - name: typo
    when: { event: pullrequest.merged, evnt: x }
    queue:
      - project: Fabrikam
        definitoin: app-ci
      - { Project: P, definition: d, colour: blue }
`);
    expect(problems).toEqual([
      expect.objectContaining({ line: 3, path: 'rules[0].when', message: 'Unrecognized key: "evnt"' }),
      expect.objectContaining({ line: 6, path: 'rules[0].queue[0]', message: 'Unrecognized key: "definitoin" (did you mean "definition"?)' }),
      expect.objectContaining({
        line: 7,
        path: 'rules[0].queue[1]',
        message: 'Unrecognized keys: "Project", "colour" ("Project": did you mean "project"?)',
      }),
    ]);
  });

  it('reports what only compilation finds: bad regexes, unknown template variables, duplicate names', () => {
    const problems = problemsOf(`rules:
  - name: a
    when: { event: pullrequest.merged, repository: "^lib-(" }
    queue:
      - { project: P, definition: d, parameters: { commit: "\${pr.commitId}" } }
  - name: a
    when: { event: pullrequest.merged }
    queue: [{ project: P, definition: d }]
`);
    expect(problems.map((p) => [p.line, p.path])).toEqual([
      [3, 'rules[0].when.repository'],
      [5, 'rules[0].queue[0].parameters.commit'],
      [6, 'rules[1].name'],
    ]);
    expect(problems[0]!.message).toContain('not a valid regular expression');
    expect(problems[1]!.message).toContain('unknown variable ${pr.commitId}');
    expect(problems[1]!.message).toContain('${pr.lastMergeCommit}');
    expect(problems[2]!.message).toContain('duplicate rule name "a"');
  });

  it('refuses a status or mergeStatus Azure DevOps never sends, naming the rule, the value and the accepted values', () => {
    const text = `rules:
  - name: lib-merge
    when:
      event: pullrequest.merged
      status: complete
      mergeStatus: succeded
    queue: [{ project: P, definition: d }]
`;
    const problems = problemsOf(text);
    expect(problems).toEqual([
      expect.objectContaining({ line: 5, path: 'rules[0].when.status', rule: 'lib-merge' }),
      expect.objectContaining({ line: 6, path: 'rules[0].when.mergeStatus', rule: 'lib-merge' }),
    ]);
    expect(problems[0]!.message).toBe('"complete" is not a pull-request status; use one of active, abandoned, completed');
    expect(problems[1]!.message).toBe(
      '"succeded" is not a pull-request merge status; use one of notSet, queued, conflicts, succeeded, rejectedByPolicy, failure',
    );
    expect(() => parseRules(text, 'rules.yaml')).toThrow(
      'rules.yaml:5:15 rules[0].when.status: "complete" is not a pull-request status; use one of active, abandoned, completed (rule "lib-merge")',
    );
  });

  it('accepts status and mergeStatus in any case, as the matcher compares them', () => {
    const rules = parseRules(`rules:
  - name: lib-merge
    when: { event: pullrequest.updated, status: Completed, mergeStatus: REJECTEDBYPOLICY }
    queue: [{ project: P, definition: d }]
`);
    expect(rules.rules[0]!.when).toMatchObject({ status: 'completed', mergeStatus: 'rejectedByPolicy' });
  });

  it('lists schema problems and the regex, template and duplicate-name checks in one report, in file order', () => {
    const problems = problemsOf(`rules:
  - name: a
    when: { event: pullrequest.merged, repository: "^lib-(" }
    queue:
      - project: P
        definition: d
        coalesceSeconds: -5
        parameters: { commit: "\${pr.lastMergeComit}" }
  - name: a
    when: { event: pullrequest.merged, status: complete }
    queue: [{ project: P, definition: d }]
`);
    expect(problems.map((p) => [p.line, p.path, p.rule])).toEqual([
      [3, 'rules[0].when.repository', 'a'],
      [7, 'rules[0].queue[0].coalesceSeconds', 'a'],
      [8, 'rules[0].queue[0].parameters.commit', 'a'],
      [9, 'rules[1].name', 'a'],
      [10, 'rules[1].when.status', 'a'],
    ]);
    expect(problems[2]!.message).toContain('unknown variable ${pr.lastMergeComit}');
  });

  it('reports YAML syntax errors with their line and nothing else', () => {
    const problems = problemsOf('rules:\n  - name: a\n    when: { event: pullrequest.merged\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('rejects an empty file and a file without rules', () => {
    expect(problemsOf('')).toEqual([expect.objectContaining({ path: 'rules', message: expect.stringContaining('is required') })]);
    expect(problemsOf('rules: {}')[0]!.path).toBe('rules');
  });

  it('puts the file name and every line into the error message', () => {
    expect(() => parseRules('rules:\n  - name: x\n', '/etc/switchyard/rules.yaml')).toThrow(
      /Invalid build-trigger rules file \/etc\/switchyard\/rules.yaml \(TRIGGER_RULES_FILE\):\n {2}\/etc\/switchyard\/rules.yaml:2:/,
    );
  });
});

describe('loadRulesFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'build-trigger-rules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file with a BOM', () => {
    const path = join(dir, 'bom.yaml');
    writeFileSync(path, `\uFEFF${valid}`);
    expect(loadRulesFile(path).rules).toHaveLength(2);
  });

  it('says when the file does not exist', () => {
    const missing = join(dir, 'missing.yaml');
    expect(() => loadRulesFile(missing)).toThrow(`Invalid build-trigger rules file ${missing} (TRIGGER_RULES_FILE):\n  ${missing}: cannot read it: the file does not exist`);
    expect(() => loadRulesFile(missing, '--rules')).toThrow(`Invalid build-trigger rules file ${missing} (--rules):`);
  });
});
