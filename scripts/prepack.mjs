#!/usr/bin/env node
// prepack of every package: build when dist/ is missing or older than the sources, so `npm pack`
// and `changeset publish` never ship a package without its built files. turbo builds the packages
// it depends on first (a fresh clone has none built). A fresh build is left alone: tests pack while
// other tests read dist/. turbo writes to stderr only: `npm pack --json` prints its JSON on stdout.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Sources the build itself writes (listed as /src/... in the package's .gitignore, like the
// optimizers' generated wasm-bytes.ts) are outputs, not inputs: a turbo cache restore may write
// them after dist/.
const generated = new Set(
  (existsSync('.gitignore') ? readFileSync('.gitignore', 'utf8').split('\n') : []).filter((l) => l.startsWith('/src/')).map((l) => join(l.slice(1))),
);
const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && !generated.has(join(e.parentPath, e.name)))
    .reduce((t, e) => Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs), 0);

const fresh = existsSync('dist') && existsSync('src') && newest('dist') >= newest('src');
if (!fresh) {
  const { name } = JSON.parse(readFileSync('package.json', 'utf8'));
  console.error(`[prepack] building ${name} and what it depends on`);
  execFileSync(join(root, 'node_modules', '.bin', 'turbo'), ['run', 'build', `--filter=${name}...`, '--output-logs=errors-only'], { cwd: root, stdio: ['ignore', 2, 2], env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } });
}
