import { join } from 'node:path';
import { explainPayload } from '../src/explain/explain-payload';
import { readPayloadFile } from '../src/explain/read-payload-file';
import { loadRulesFile } from '../src/rules/load-rules-file';

const examples = join(__dirname, '..', '..', '..', 'config', 'examples');

// The examples the README and docs point people at must stay valid as the rules format evolves.
describe('config/examples/trigger-rules.yaml', () => {
  it('loads and compiles', () => {
    const rules = loadRulesFile(join(examples, 'trigger-rules.yaml'));
    expect(rules.rules.map((rule) => rule.name)).toEqual(['app-on-lib-merge']);
  });

  it('matches the example merged pull request (config/examples/hooks), as the explain example in docs/build-trigger.md shows', () => {
    const rules = loadRulesFile(join(examples, 'trigger-rules.yaml'));
    const explanation = explainPayload(readPayloadFile(join(examples, 'hooks', 'git.pullrequest.merged.json')), rules);
    expect(explanation.rules).toEqual([expect.objectContaining({ name: 'app-on-lib-merge', matched: true })]);
    expect(explanation.rules[0].builds).toEqual([
      expect.objectContaining({ definition: 'app-ci', project: 'Fabrikam', sourceBranch: 'refs/heads/main', parameters: { libCommit: 'e9d8c7b6a5f40312a1b0c9d8e7f6a5b4c3d2e1f0' } }),
    ]);
  });
});
