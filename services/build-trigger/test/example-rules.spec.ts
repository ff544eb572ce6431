import { join } from 'node:path';
import { loadRulesFile } from '../src/rules/load-rules-file';

// The example the README points people at must stay valid as the rules format evolves.
describe('config/examples/trigger-rules.yaml', () => {
  it('loads and compiles', () => {
    const rules = loadRulesFile(join(__dirname, '..', '..', '..', 'config', 'examples', 'trigger-rules.yaml'));
    expect(rules.rules.map((rule) => rule.name)).toEqual(['app-on-lib-merge']);
  });
});
