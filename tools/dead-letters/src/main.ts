// The dead-letter CLI: `npx nx run dead-letters:run -- list --subscription checks/gate-evaluator`
// or `node -r @swc-node/register tools/dead-letters/src/main.ts list ...`. See cli/usage.ts.
import { runCli } from './cli/run-cli';

void runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});
