// A tiny entry point run by run-entry-point.spec.ts as a child process.
//   print-and-exit.ts exit <code>  prints a few lines (stdout and stderr) and exits with <code>
//   print-and-exit.ts serve        prints "serving as <pid>" and runs until SIGTERM, then exits 0
const [mode, code] = process.argv.slice(2);
const shown = (name: string) => `${name}=${process.env[name] ?? '(unset)'}`;

if (mode === 'exit') {
  process.stdout.write(`${shown('ENTRY_POINT_GREETING')} ${shown('ENTRY_POINT_INHERITED')}\n`);
  process.stderr.write('a warning on stderr\n');
  process.exitCode = Number(code);
} else if (mode === 'serve') {
  const keepAlive = setInterval(() => undefined, 1_000);
  process.once('SIGTERM', () => {
    clearInterval(keepAlive);
    process.stdout.write('stopped\n');
  });
  process.stdout.write(`serving as ${process.pid}\n`);
} else {
  process.stderr.write(`unknown mode ${mode}: use exit <code> or serve\n`);
  process.exitCode = 2;
}
