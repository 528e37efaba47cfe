#!/usr/bin/env node
// prepack of every package: build when dist/ is missing or older than the sources, so `npm pack`
// and `changeset publish` never ship a package without its built files. (A fresh build is left
// alone: tests pack while other tests read dist/.)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((t, e) => Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs), 0);

const fresh = existsSync('dist') && existsSync('src') && newest('dist') >= newest('src');
if (!fresh) {
  console.log(`[prepack] building ${process.cwd()}`);
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}
