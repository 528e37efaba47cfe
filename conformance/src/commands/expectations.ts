/**
 * `dlspec expectations write --from report.json`: an expectations file holding the unexpected
 * failures of a saved run, with the error measured, for a maintainer to edit: each reason is a
 * placeholder that the loader refuses until it says why.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from '@dlspec/core';
import { checkSetName } from '@dlspec/fixtures';
import { writeFileAtomic } from '@dlspec/fixtures/node';
import { TODO_REASON, type Expectation } from '../host/expectations.js';
import type { CaseResult } from '../protocol/case-result.js';
import { readReport } from '../report/read.js';
import { checkWritable } from './output.js';

const short = (x: number | null) => (x === null ? '-' : Number(x.toPrecision(3)).toString());

/** One entry per fail or error of the backend, measured as the run saw it. */
export function entriesFor(cases: readonly CaseResult[], date: string): Expectation[] {
  return cases
    .filter((c) => c.status === 'fail' || c.status === 'error')
    .map((c) => ({ case: c.id, subject: c.subject, reason: TODO_REASON, measured: `${c.message}; maxAbs ${short(c.maxAbsError)}, maxRel ${short(c.maxRelError)} (${date})` }));
}

export function expectationsCommand(program: Command): void {
  program
    .command('expectations')
    .description('expected failures')
    .command('write')
    .description("write an expectations file from a saved run's unexpected failures (fail, error), for you to edit: say why in each reason")
    .requiredOption('--from <report.json>', 'a report written by `dlspec run --reporter json`')
    .option('-b, --backend <name>', 'the backend to write for (needed when several have failures)')
    .option('-o, --out <file>', 'where to write (default: stdout)')
    .option('--set <name>', "the fixture set the entries are about (its manifest's set): the file then applies to that set alone")
    .action(async (opts: { from: string; backend?: string; out?: string; set?: string }) => {
      if (opts.out !== undefined) checkWritable('--out', opts.out);
      if (opts.set !== undefined) checkSetName('--set', opts.set);
      const report = await readReport(opts.from, '--from');
      const failing = report.backends.filter((b) => b.cases.some((c) => c.status === 'fail' || c.status === 'error'));
      let backend = failing[0];
      if (opts.backend !== undefined) {
        backend = report.backends.find((b) => b.name === opts.backend);
        if (!backend) throw new InvalidArgumentError('--backend', opts.backend, `must be a backend of the report (${report.backends.map((b) => b.name).join(', ')})`);
      } else if (failing.length > 1) {
        throw new InvalidArgumentError('--backend', '', `must name one backend: several have failures (${failing.map((b) => b.name).join(', ')})`);
      }
      const expected = backend ? entriesFor(backend.cases, new Date().toISOString().slice(0, 10)) : [];
      const text = `${JSON.stringify({ schemaVersion: 1, backend: backend?.name ?? opts.backend ?? '', ...(opts.set === undefined ? {} : { set: opts.set }), expected }, null, 2)}\n`;
      if (opts.out === undefined) process.stdout.write(text);
      else await writeFileAtomic(opts.out, text);
      process.stderr.write(`dlspec: ${expected.length} entries for ${backend?.name ?? 'no backend'}; write the reason of each before using the file\n`);
    });
}
