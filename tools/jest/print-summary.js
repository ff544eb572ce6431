// Sums the per-project lines the summary reporter wrote and prints one closing line,
// with every skipped test's name (which carries its reason). Exits 1 if nothing ran.
const fs = require('node:fs');

const file = process.argv[2];
const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
const total = { passed: 0, failed: 0, skipped: 0 };
for (const line of lines) {
  const run = JSON.parse(line);
  total.passed += run.passed;
  total.failed += run.failed;
  total.skipped += run.skipped;
  for (const name of run.skippedTests) console.log(`skipped: ${name}`);
}
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.passed > 0 ? 0 : 1);
