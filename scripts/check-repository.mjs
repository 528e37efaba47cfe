#!/usr/bin/env node
// Every published package names where its source lives: `repository` with the root's git URL and
// its own folder as `directory`. npm's provenance check refuses a package whose repository URL is
// not the GitHub repository that ran the publishing workflow, so release.yml runs this with
// `--expect "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY"` first: a fork or a renamed repository fails
// here, naming the field to change, before anything is published.
// Usage: node scripts/check-repository.mjs [--expect https://github.com/<owner>/<name>]
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (dir) => JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
const { values } = parseArgs({ options: { expect: { type: 'string' } } });

/** The https URL a git URL names: git+https://host/o/n.git -> https://host/o/n. */
const webUrl = (url) => url.replace(/^git\+/, '').replace(/\.git$/, '');

/** The package folders a workspaces pattern (`packages/*` or a folder) names. */
const foldersOf = (pattern) =>
  pattern.endsWith('/*')
    ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${pattern.slice(0, -2)}/${d.name}`)
    : [pattern];

const rootRepo = read('.').repository;
const problems = [];
if (rootRepo?.type !== 'git' || typeof rootRepo.url !== 'string') problems.push('package.json: repository must be { "type": "git", "url": ... }');
const url = rootRepo?.url;
if (values.expect !== undefined && url !== undefined && webUrl(url) !== webUrl(values.expect)) {
  problems.push(`package.json: repository.url is ${url}, but this workflow runs in ${values.expect}; set repository.url there and in every package (this script names any that differ)`);
}
for (const dir of read('.').workspaces.flatMap(foldersOf)) {
  const pkg = read(dir);
  if (pkg.private) continue;
  const want = { type: 'git', url, directory: dir };
  const got = pkg.repository ?? {};
  if (got.type !== want.type || got.url !== want.url || got.directory !== want.directory) {
    problems.push(`${dir}/package.json: repository is ${JSON.stringify(pkg.repository)}, want ${JSON.stringify(want)}`);
  }
}


for (const p of problems) console.error(`check-repository: ${p}`);
if (problems.length) process.exit(1);
console.log(`check-repository: every public package names ${url}`);
