#!/usr/bin/env node
/** The `dlspec` command line: every bad argument is one line naming the option and the value, exit 2. */
import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { DlspecError } from '@dlspec/core';
import { expectationsCommand } from './commands/expectations.js';
import { fixturesCommand } from './commands/fixtures.js';
import { importCommand } from './commands/import.js';
import { listCommand } from './commands/list.js';
import { reportCommands } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { EXIT, EXIT_HELP } from './report/exit-codes.js';

const version = (createRequire(import.meta.url)('../package.json') as { version: string }).version;

const program = new Command('dlspec')
  .description('Conformance of TensorFlow.js backends to the documented deep-learning formulas')
  .version(version, '-V, --version')
  .addHelpText('after', `\n${EXIT_HELP}`);
runCommand(program);
listCommand(program);
reportCommands(program);
expectationsCommand(program);
fixturesCommand(program);
importCommand(program);
program
  .command('backends')
  .description('list the backends this tool knows (see also `dlspec list`)')
  .action(async () => {
    const { listing } = await import('./commands/list.js');
    for (const b of (await listing()).backends) console.log(`${b.name.padEnd(12)} ${b.description}${b.available ? '' : ` [cannot run here: ${b.reason}]`}`);
  });

// Commander's own errors (unknown option, missing value ...) become exit 2 rather than its exit 1.
const override = (c: Command): void => {
  c.exitOverride();
  c.commands.forEach(override);
};
override(program);

program.parseAsync().catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // Help and --version "fail" with exit code 0; commander has printed the message already.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT.usage;
  } else if (error instanceof DlspecError) {
    console.error(`dlspec: ${error.message}`);
    process.exitCode = EXIT.usage;
  } else {
    console.error(error);
    process.exitCode = EXIT.unexpected;
  }
});
