/** `dlspec run`: the options of runConformance on the command line, reporters, and the exit status. */
import { Option, type Command } from 'commander';
import { InvalidArgumentError } from '@dlspec/core';
import { writeFileAtomic } from '@dlspec/fixtures/node';
import { MAX_TIMEOUT_SECONDS, runConformance } from '../api.js';
import { BACKEND_NAMES } from '../backends/index.js';
import { FAMILY_NAMES } from '../families/index.js';
import { EXIT, EXIT_HELP } from '../report/exit-codes.js';
import { REPORTERS, resolveReporters } from '../report/index.js';
import type { Reporter } from '../report/types.js';
import { checkWritable } from './output.js';

const list = (value: string, previous: string[] = []) => [...previous, value];
/** A number as typed; runConformance says whether it is in range (one message, one exit status). */
const number = (option: string) => (value: string) => {
  if (!/^\s*-?\d+(\.\d+)?\s*$/.test(value)) throw new InvalidArgumentError(option, value, 'must be a number');
  return Number(value);
};

/** The option a reporter writes its file with, under the name commander gives it (--junit-out: junitOut). */
const fileKey = (r: Reporter) => (r.fileOption ? new Option(r.fileOption.flag).attributeName() : undefined);

export function runCommand(program: Command): void {
  const run = program
    .command('run')
    .description('run the golden fixtures on backends and report')
    .option('-b, --backend <names>', `"all" (default), built-in backends (${BACKEND_NAMES.join(', ')}) or backend modules (a path or package name; "browser:" before one meant for the Chromium page); repeatable`, list)
    .option('--require <names>', 'backends that must start (added to the run); not starting exits 3', list)
    .option('-f, --family <names>', `families to run (${FAMILY_NAMES.join(', ')}); default all`, list)
    .option('-c, --case <globs>', 'only fixtures whose id matches (exact ids or globs, e.g. "softmax/xent-*")', list)
    .option('-s, --subject <filters>', 'only subjects whose name contains one of these', list)
    .option('-e, --expectations <file>', 'an expectations file (expected failures) for the backends it names; repeatable', list)
    .option('-r, --reporter <names>', `${REPORTERS.map((r) => r.name).join(', ')} (repeatable; default console)`, list);
  // Each reporter that writes a file brings its own option (--out for json, --junit-out for junit).
  for (const r of REPORTERS) if (r.fileOption) run.option(r.fileOption.flag, r.fileOption.description, r.fileOption.default);
  run
    .option('--fixtures <dir>', "a fixtures data folder (with manifest.json beside it) instead of @dlspec/fixtures's")
    .option('--timeout <seconds>', `time limit per backend (1 to ${MAX_TIMEOUT_SECONDS})`, number('--timeout'), 900)
    .option('-j, --jobs <n>', 'backends run at once', number('--jobs'), 1)
    .addHelpText('after', `\n${EXIT_HELP}`)
    .action(async (opts) => {
      const reporters = resolveReporters((opts.reporter ?? ['console']).flatMap((v: string) => v.split(',')).filter(Boolean));
      const fileOf = (r: Reporter): string | undefined => {
        const key = fileKey(r);
        return key ? opts[key] : undefined;
      };
      for (const r of reporters) {
        const file = fileOf(r);
        if (file !== undefined && r.fileOption) checkWritable(r.fileOption.flag.split(/[ ,]+/).find((f) => f.startsWith('--')) ?? r.name, file);
      }
      const toStdout = reporters.filter((r) => fileOf(r) === undefined);
      // The console matrix gives stdout up to a machine-readable report written there.
      const live = toStdout.some((r) => r.name === 'console') && toStdout.length === 1;
      const report = await runConformance({
        ...(opts.backend ? { backends: opts.backend } : {}),
        ...(opts.require ? { require: opts.require } : {}),
        ...(opts.family ? { families: opts.family } : {}),
        ...(opts.case ? { cases: opts.case } : {}),
        ...(opts.subject ? { subjects: opts.subject } : {}),
        ...(opts.expectations ? { expectations: opts.expectations } : {}),
        ...(opts.fixtures ? { fixtures: opts.fixtures } : {}),
        timeoutSeconds: opts.timeout,
        jobs: opts.jobs,
        onBackend: (b) => {
          if (live) process.stderr.write(`[dlspec] ${b.name}: ${b.status}${b.reason ? ` (${b.reason.slice(0, 200)})` : ''}, ${b.cases.length} results in ${(b.durationMs / 1000).toFixed(1)} s\n`);
        },
      });
      // The console first: a report file that cannot be written never loses the run.
      for (const r of toStdout) if (r.name !== 'console' || live) process.stdout.write(r.render(report));
      process.exitCode = report.summary.exitCode;
      for (const r of reporters) {
        const file = fileOf(r);
        if (file === undefined) continue;
        try {
          await writeFileAtomic(file, r.render(report));
        } catch (error) {
          process.stderr.write(`dlspec: the ${r.name} report cannot be written to ${file}: ${(error as Error).message}\n`);
          process.exitCode = EXIT.usage;
        }
      }
    });
}
