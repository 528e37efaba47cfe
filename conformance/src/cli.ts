#!/usr/bin/env node
/** The `dlspec` command line. */
import { Command, InvalidArgumentError as CommanderArgumentError } from 'commander';
import { DlspecError } from '@dlspec/core';
import { writeFileAtomic } from '@dlspec/fixtures/node';
import { BACKENDS, resolveBackends } from './backends/registry.js';
import { runMatrix } from './engine/matrix.js';
import { checkFixtures, generateFixtures } from './generate.js';
import { consoleReport } from './report/console.js';
import { jsonReport } from './report/json.js';
import { junitReport } from './report/junit.js';
import { FAMILIES } from './suites/index.js';

const list = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CommanderArgumentError(`${name} must be a positive integer; got ${JSON.stringify(value)}`);
  return n;
};

const program = new Command('dlspec').description('Conformance of TensorFlow.js backends to the documented deep-learning formulas').showHelpAfterError();

program
  .command('run')
  .description('run the golden fixtures on backends and report')
  .option('-b, --backend <names>', `"all" or a list of: ${BACKENDS.map((b) => b.name).join(', ')}`, list, [])
  .option('-f, --family <names>', `families to run (${FAMILIES.join(', ')}); default all`, list)
  .option('-s, --subject <filters>', 'only subjects whose name contains one of these', list)
  .option('-r, --reporter <names>', 'console, json, junit (repeatable; default console)', list)
  .option('-o, --out <file>', 'where the json reporter writes (default: stdout)')
  .option('--junit-out <file>', 'where the junit reporter writes', 'reports/conformance.junit.xml')
  .option('--require <names>', 'backends that must start: unavailable fails the run', list)
  .option('--fixtures <dir>', "a fixtures data folder (with manifest.json beside it) instead of @dlspec/fixtures's")
  .option('--timeout <seconds>', 'time limit per backend', positiveInt('--timeout'), 900)
  .option('-j, --jobs <n>', 'backends run at once', positiveInt('--jobs'), 1)
  .action(async (opts) => {
    const backends = resolveBackends(opts.backend.length ? opts.backend : ['all']);
    for (const f of opts.family ?? []) {
      if (!FAMILIES.includes(f)) throw new CommanderArgumentError(`--family must be one of ${FAMILIES.join(', ')}; got ${JSON.stringify(f)}`);
    }
    if (opts.require) resolveBackends(opts.require, '--require');
    const reporters: string[] = opts.reporter ?? ['console'];
    for (const r of reporters) if (!['console', 'json', 'junit'].includes(r)) throw new CommanderArgumentError(`--reporter must be console, json or junit; got ${JSON.stringify(r)}`);
    const live = reporters.includes('console') && !(reporters.includes('json') && !opts.out);
    const report = await runMatrix({
      backends,
      ...(opts.family ? { families: opts.family } : {}),
      ...(opts.subject ? { subjects: opts.subject } : {}),
      ...(opts.require ? { require: opts.require } : {}),
      ...(opts.fixtures ? { fixtures: { dataDir: opts.fixtures } } : {}),
      timeoutMs: opts.timeout * 1000,
      jobs: opts.jobs,
      onBackend: (b) => {
        if (live) process.stderr.write(`[dlspec] ${b.name}: ${b.status}${b.reason ? ` (${b.reason.slice(0, 200)})` : ''}, ${b.cases.length} results in ${(b.durationMs / 1000).toFixed(1)} s\n`);
      },
    });
    if (reporters.includes('json')) {
      if (opts.out) await writeFileAtomic(opts.out, jsonReport(report));
      else process.stdout.write(jsonReport(report));
    }
    if (reporters.includes('junit')) await writeFileAtomic(opts.junitOut, junitReport(report));
    if (live) process.stdout.write(consoleReport(report));
    process.exitCode = report.summary.ok ? 0 : 1;
  });

program
  .command('backends')
  .description('list the backends this tool knows')
  .action(() => {
    for (const b of BACKENDS) console.log(`${b.name.padEnd(12)} ${b.description}`);
  });

const fixtures = program.command('fixtures').description('golden fixtures');
fixtures
  .command('generate')
  .description('write every fixture and the manifest from the case definitions and the float64 specs')
  .action(async () => {
    console.log(`wrote ${await generateFixtures()} fixtures and manifest.json`);
  });
fixtures
  .command('check')
  .description('regenerate in memory and fail, naming the file, on any drift or tampering')
  .action(async () => {
    const { checked, problems } = await checkFixtures();
    for (const p of problems) console.error(`fixtures check: ${p.file}: ${p.problem}`);
    console.log(`fixtures check: ${checked} fixtures, ${problems.length} problem(s)`);
    process.exitCode = problems.length ? 1 : 0;
  });

program.parseAsync().catch((error: unknown) => {
  if (error instanceof DlspecError) {
    console.error(`dlspec: ${error.message}`);
    process.exitCode = 2;
  } else {
    console.error(error);
    process.exitCode = 1;
  }
});
