/**
 * The reporters a command writes with: `--reporter` and each reporter's file option, checked
 * before anything runs; stdout first, then the files, so a file that cannot be written never loses
 * the run (exit 2, naming the path).
 */
import { Option, type Command } from 'commander';
import { writeFileAtomic } from '@dlspec/fixtures/node';
import { colourWanted, painter } from '../report/colour.js';
import { EXIT } from '../report/exit-codes.js';
import { REPORTERS, resolveReporters } from '../report/index.js';
import { summaryLine } from '../report/summary-line.js';
import type { Report, Reporter } from '../report/types.js';
import { checkWritable } from './output.js';

/** A repeatable option: every value given, in order. */
export const list = (value: string, previous: string[] = []) => [...previous, value];

export function reporterOptions(command: Command, defaults = 'console'): Command {
  command.option('-r, --reporter <names>', `${REPORTERS.map((r) => r.name).join(', ')} (repeatable; default ${defaults})`, list);
  // Each reporter that writes a file brings its own option (--out for json, --junit-out for junit ...).
  for (const r of REPORTERS) if (r.fileOption) command.option(r.fileOption.flag, r.fileOption.description, r.fileOption.default);
  return command;
}

export interface Outputs {
  readonly reporters: Reporter[];
  readonly fileOf: (r: Reporter) => string | undefined;
  /** The console matrix goes to stdout unless a machine-readable report is written there. */
  readonly console: boolean;
}

/** The reporters chosen and where each writes; every output path checked now. */
export function outputs(opts: Record<string, unknown>, defaults = ['console']): Outputs {
  const names = ((opts.reporter as string[] | undefined) ?? defaults).flatMap((v) => v.split(',')).filter(Boolean);
  const reporters = resolveReporters(names);
  // A reporter's file option under the name commander gives it (--junit-out: junitOut).
  const fileOf = (r: Reporter) => (r.fileOption ? (opts[new Option(r.fileOption.flag).attributeName()] as string | undefined) : undefined);
  for (const r of reporters) {
    const file = fileOf(r);
    if (file !== undefined && r.fileOption) checkWritable(new Option(r.fileOption.flag).long ?? r.name, file);
  }
  const toStdout = reporters.filter((r) => fileOf(r) === undefined);
  return { reporters, fileOf, console: toStdout.some((r) => r.name === 'console') && toStdout.length === 1 };
}

export async function emit(report: Report, o: Outputs): Promise<void> {
  const paint = painter(colourWanted(process.stdout));
  for (const r of o.reporters) if (o.fileOf(r) === undefined && (r.name !== 'console' || o.console)) process.stdout.write(r.render(report, { paint }));
  // Whatever was chosen, the run ends with its one line.
  if (!o.console) process.stderr.write(`${summaryLine(report, painter(colourWanted(process.stderr)))}\n`);
  process.exitCode = report.summary.exitCode;
  for (const r of o.reporters) {
    const file = o.fileOf(r);
    if (file === undefined) continue;
    try {
      await writeFileAtomic(file, r.render(report));
    } catch (error) {
      process.stderr.write(`dlspec: the ${r.name} report cannot be written to ${file}: ${(error as Error).message}\n`);
      process.exitCode = EXIT.usage;
    }
  }
}
