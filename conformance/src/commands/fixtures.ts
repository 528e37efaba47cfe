/** `dlspec fixtures generate|check`. */
import type { Command } from 'commander';
import { checkFixtures, generateFixtures } from '../generate.js';

export function fixturesCommand(program: Command): void {
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
}
