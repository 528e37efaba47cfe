#!/usr/bin/env node
/** The `dlspec` command line. */
import { Command, InvalidArgumentError as CommanderArgumentError, Option } from 'commander';
import { DlspecError, InvalidArgumentError } from '@dlspec/core';
import { writeFileAtomic } from '@dlspec/fixtures/node';
import { BACKENDS, resolveBackends } from './backends/index.js';
import { FAMILY_NAMES } from './families/index.js';
import { checkFixtures, generateFixtures } from './generate.js';
import { runMatrix } from './host/matrix.js';
import { REPORTERS, resolveReporters } from './report/index.js';

const list = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];
const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CommanderArgumentError(`${name} must be a positive integer; got ${JSON.stringify(value)}`);
  return n;
};

const program = new Command('dlspec').description('Conformance of TensorFlow.js backends to the documented deep-learning formulas').showHelpAfterError();

const run = program
  .command('run')
  .description('run the golden fixtures on backends and report')
  .option('-b, --backend <names>', `"all" or a list of: ${BACKENDS.map((b) => b.name).join(', ')}`, list, [])
  .option('-f, --family <names>', `families to run (${FAMILY_NAMES.join(', ')}); default all`, list)
  .option('-s, --subject <filters>', 'only subjects whose name contains one of these', list)
  .option('-r, --reporter <names>', `${REPORTERS.map((r) => r.name).join(', ')} (repeatable; default console)`, list);
// Each reporter that writes a file brings its own option (--out for json, --junit-out for junit).
for (const r of REPORTERS) if (r.fileOption) run.option(r.fileOption.flag, r.fileOption.description, r.fileOption.default);
run
  .option('--require <names>', 'backends that must start: unavailable fails the run', list)
  .option('--fixtures <dir>', "a fixtures data folder (with manifest.json beside it) instead of @dlspec/fixtures's")
  .option('--timeout <seconds>', 'time limit per backend', positiveInt('--timeout'), 900)
  .option('-j, --jobs <n>', 'backends run at once', positiveInt('--jobs'), 1)
  .action(async (opts) => {
    const backends = resolveBackends(opts.backend.length ? opts.backend : ['all']);
    for (const f of opts.family ?? []) {
      if (!FAMILY_NAMES.includes(f)) throw new InvalidArgumentError('--family', f, `must be one of ${FAMILY_NAMES.join(', ')}`);
    }
    if (opts.require) resolveBackends(opts.require, '--require');
    const reporters = resolveReporters(opts.reporter ?? ['console']);
    // The option's value under the name commander gives it (--junit-out: junitOut).
    const fileOf = (r: (typeof reporters)[number]): string | undefined => (r.fileOption ? opts[new Option(r.fileOption.flag).attributeName()] : undefined);
    const toStdout = reporters.filter((r) => fileOf(r) === undefined);
    // The console matrix gives stdout up to a machine-readable report written there.
    const live = toStdout.some((r) => r.name === 'console') && toStdout.length === 1;
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
    // Files first, then stdout, so the console matrix is the last thing printed.
    for (const r of [...reporters].sort((a, b) => Number(fileOf(a) === undefined) - Number(fileOf(b) === undefined))) {
      const file = fileOf(r);
      if (file !== undefined) await writeFileAtomic(file, r.render(report));
      else if (r.name !== 'console' || live) process.stdout.write(r.render(report));
    }
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
