// Builds one service the way deploy/docker/Dockerfile does, into <outDir>:
//   <outDir>/dist/<source path>.js   the service's code and the lib code it reaches, compiled by swc
//                                    with the workspace path aliases rewritten to relative paths
//   <outDir>/package.json            the npm packages that code requires, pinned, and as "main" the
//                                    service's compiled main.ts (the image runs `node .`)
//   <outDir>/package-lock.json       the workspace's package-lock.json cut down to those packages and
//                                    everything they depend on (the image runs `npm ci --omit=dev` on it)
// Usage: node tools/build/build-service.mjs <service> <outDir> [--install | --link-node-modules]
//   --install             npm ci --omit=dev in <outDir> (what the image does)
//   --link-node-modules   symlink just the listed packages from the workspace (offline checks; keep
//                         <outDir> outside the repository, or Node finds the workspace's node_modules)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prunedLockfile, prunedManifest, pruneService, workspaceRoot } from './prune-service.mjs';

function writeDist(outDir, trace) {
  for (const [source, { code, map }] of trace.compiled) {
    const target = join(outDir, 'dist', source.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, `${code}\n//# sourceMappingURL=${basename(target)}.map\n`);
    if (map) writeFileSync(`${target}.map`, map);
  }
  for (const asset of trace.assets) {
    const target = join(outDir, 'dist', asset);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(workspaceRoot, asset), target);
  }
}

function linkNodeModules(outDir, dependencies) {
  for (const name of Object.keys(dependencies)) {
    const link = join(outDir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(workspaceRoot, 'node_modules', name), link, 'dir');
  }
}

export async function buildService(service, outDir, { install = false, linkNodeModules: link = false } = {}) {
  const plan = await pruneService(service);
  const target = resolve(outDir);
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  writeDist(target, plan.trace);
  const rootManifest = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8'));
  const manifest = prunedManifest(plan, rootManifest);
  const rootLock = JSON.parse(readFileSync(join(workspaceRoot, 'package-lock.json'), 'utf8'));
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(target, 'package-lock.json'), `${JSON.stringify(prunedLockfile(manifest, rootLock), null, 2)}\n`);
  if (install) execFileSync('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: target, stdio: 'inherit' });
  if (link) linkNodeModules(target, plan.dependencies);
  return { ...plan, outDir: target, main: join(target, 'dist', plan.projects[0].root, 'src', 'main.js') };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [service, outDir] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  if (!service || !outDir) {
    console.error('usage: node tools/build/build-service.mjs <service> <outDir> [--install | --link-node-modules]');
    process.exit(2);
  }
  buildService(service, outDir, { install: process.argv.includes('--install'), linkNodeModules: process.argv.includes('--link-node-modules') }).then(
    (result) => {
      for (const warning of result.warnings) console.warn(`warning: ${warning}`);
      for (const p of result.projects) {
        const files = [...result.trace.compiled.keys()].filter((f) => f.startsWith(`${p.root}/`)).length;
        console.log(`${p.name}: ${files} files compiled`);
      }
      console.log(`${Object.keys(result.dependencies).length} production dependencies; start with: node ${relative(process.cwd(), result.main)}`);
    },
    (error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
