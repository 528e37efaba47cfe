/** `dlspec run`: the options of runConformance on the command line, live progress, reporters, and the exit status. */
import type { Command } from 'commander';
import { InvalidArgumentError } from '@dlspec/core';
import { MAX_TIMEOUT_SECONDS, runConformance } from '../api.js';
import { BACKEND_NAMES } from '../backends/index.js';
import { FAMILY_NAMES } from '../families/index.js';
import { colourWanted, painter } from '../report/colour.js';
import { EXIT_HELP } from '../report/exit-codes.js';
import { progress } from './progress.js';
import { emit, list, outputs, reporterOptions } from './reporters.js';

/** A number as typed; runConformance says whether it is in range (one message, one exit status). */
const number = (option: string) => (value: string) => {
  if (!/^\s*-?\d+(\.\d+)?\s*$/.test(value)) throw new InvalidArgumentError(option, value, 'must be a number');
  return Number(value);
};

export function runCommand(program: Command): void {
  const run = program
    .command('run')
    .description('run the golden fixtures on backends and report')
    .option('-b, --backend <names>', `"all" (default), built-in backends (${BACKEND_NAMES.join(', ')}) or backend modules (a path or package name; "browser:" before one meant for the Chromium page); repeatable`, list)
    .option('--require <names>', 'backends that must start (added to the run); not starting exits 3', list)
    .option('-f, --family <names>', `families to run (${FAMILY_NAMES.join(', ')}); default all`, list)
    .option('-c, --case <globs>', 'only fixtures whose id matches (exact ids or globs, e.g. "softmax/xent-*")', list)
    .option('-s, --subject <filters>', 'only subjects whose name contains one of these', list)
    .option('-e, --expectations <file>', 'an expectations file (expected failures) for the backends it names; repeatable', list);
  reporterOptions(run)
    .option('--fixtures <dir>', "a fixture set instead of @dlspec/fixtures's: its folder (manifest.json and data/), or its data folder with manifest.json one level up")
    .option('--timeout <seconds>', `time limit per backend (1 to ${MAX_TIMEOUT_SECONDS})`, number('--timeout'), 900)
    .option('-j, --jobs <n>', 'backends run at once', number('--jobs'), 1)
    .addHelpText('after', `\n${EXIT_HELP}`)
    .action(async (opts) => {
      const out = outputs(opts);
      const live = progress(process.stderr, painter(colourWanted(process.stderr)));
      try {
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
          onStart: live.start,
          onResult: live.result,
          onBackend: live.finish,
        });
        live.stop();
        await emit(report, out);
      } finally {
        live.stop();
      }
    });
}
