/** `dlspec report <report.json>`: a saved run written again with other reporters (html, markdown ...); and `dlspec diff`. */
import type { Command } from 'commander';
import { writeFileAtomic } from '@dlspec/fixtures/node';
import { InvalidArgumentError } from '@dlspec/core';
import { diffMarkdown, diffReports, diffText } from '../report/diff.js';
import { readReport } from '../report/read.js';
import { checkWritable } from './output.js';
import { emit, outputs, reporterOptions } from './reporters.js';

const positive = (option: string) => (value: string) => {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(option, value, 'must be a number > 0');
  return n;
};

export function reportCommands(program: Command): void {
  reporterOptions(program.command('report').description('write a saved JSON report again with other reporters').argument('<report.json>', 'a report written by `dlspec run --reporter json`')).action(
    async (file: string, opts: Record<string, unknown>) => {
      const out = outputs(opts);
      await emit(await readReport(file, '<report.json>'), out);
    },
  );
  program
    .command('diff')
    .description('what changed between two saved runs: new failures, fixed cases, ULP errors that moved; exit 1 on a regression')
    .argument('<base.json>', 'the run before')
    .argument('<head.json>', 'the run after')
    .option('--factor <x>', 'a ULP error moved when it changed by more than this factor', positive('--factor'), 2)
    .option('--min-ulp <n>', 'and the larger of the two errors is at least this many ULPs', positive('--min-ulp'), 4)
    .option('--markdown-out <file>', 'also write the difference as Markdown (for a pull-request comment)')
    .action(async (baseFile: string, headFile: string, opts: { factor: number; minUlp: number; markdownOut?: string }) => {
      if (opts.markdownOut !== undefined) checkWritable('--markdown-out', opts.markdownOut);
      const d = diffReports(await readReport(baseFile, '<base.json>'), await readReport(headFile, '<head.json>'), { factor: opts.factor, minUlp: opts.minUlp });
      process.stdout.write(diffText(d));
      if (opts.markdownOut !== undefined) await writeFileAtomic(opts.markdownOut, diffMarkdown(d));
      process.exitCode = d.regressions.length ? 1 : 0;
    });
}
